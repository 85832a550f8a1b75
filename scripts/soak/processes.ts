import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { findFreePort } from '../../src/services/ports';

const ROOT = path.resolve(__dirname, '../..');

/**
 * The API and the workers as the separate processes a deployment runs (src/api/main.ts,
 * worker/main.ts), so the soak can SIGKILL a worker the way a machine failure would and start
 * another in its place. Output goes to a log file per process in the soak's folder.
 */
export class NodeProcess {
  private child?: ChildProcess;
  private exited?: Promise<void>;

  constructor(
    readonly name: string,
    private readonly entry: string,
    private readonly env: Record<string, string>,
    private readonly logFile: string,
    /** Answers 200 once the process serves (the API's or the worker's liveness endpoint). */
    private readonly liveUrl: string,
  ) {}

  static async api(env: Record<string, string>, dir: string): Promise<NodeProcess> {
    const port = env.VT_API_PORT;
    return new NodeProcess(
      'api',
      'src/api/main.ts',
      env,
      path.join(dir, 'logs', 'api.log'),
      `http://127.0.0.1:${port}/health/live`,
    );
  }

  static async worker(index: number, env: Record<string, string>, dir: string): Promise<NodeProcess> {
    const healthPort = await findFreePort();
    const metricsPort = await findFreePort();
    return new NodeProcess(
      `worker-${index}`,
      'worker/main.ts',
      { ...env, VT_WORKER_HEALTH_PORT: String(healthPort), VT_WORKER_METRICS_PORT: String(metricsPort) },
      path.join(dir, 'logs', `worker-${index}.log`),
      `http://127.0.0.1:${healthPort}/health/live`,
    );
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Starts the process and waits until it serves; bundling workflow code takes a while on two cores. */
  async start(timeoutMs = 300_000): Promise<void> {
    const log = fs.openSync(this.logFile, 'a');
    const child = spawn(process.execPath, ['--import', 'tsx', this.entry], {
      cwd: ROOT,
      env: { ...process.env, ...this.env },
      stdio: ['ignore', log, log],
    });
    fs.closeSync(log);
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (!this.running) throw new Error(`${this.name} exited during start; see ${this.logFile}`);
      const ok = await fetch(this.liveUrl).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) return;
      if (Date.now() > deadline)
        throw new Error(`${this.name} did not serve within ${timeoutMs} ms; see ${this.logFile}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  /** SIGKILL: no shutdown, no draining — in-flight activities and workflow tasks are simply lost. */
  async kill(): Promise<void> {
    if (this.running) this.child!.kill('SIGKILL');
    await this.exited;
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.child!.kill('SIGTERM');
    const timer = setTimeout(() => this.child?.kill('SIGKILL'), 15_000);
    await this.exited;
    clearTimeout(timer);
  }
}
