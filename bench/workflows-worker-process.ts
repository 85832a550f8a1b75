import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { WorkerMeasurement } from './bench-worker';

/** bench-worker.ts in a child process, measured over IPC (see bench/workflows.ts). */
export class BenchWorkerProcess {
  private constructor(private readonly child: ChildProcess) {}

  static async start(env: Record<string, string>): Promise<BenchWorkerProcess> {
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', path.join(__dirname, 'bench-worker.ts')], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    await new Promise<void>((resolve, reject) => {
      child.on('message', (m) => m === 'ready' && resolve());
      child.once('exit', (code) => reject(new Error(`bench worker exited with ${code}`)));
    });
    return new BenchWorkerProcess(child);
  }

  measure(): Promise<WorkerMeasurement> {
    return new Promise((resolve) => {
      const onMessage = (m: unknown): void => {
        if (typeof m !== 'object' || m === null || !('rssMiB' in m)) return;
        this.child.off('message', onMessage);
        resolve(m as WorkerMeasurement);
      };
      this.child.on('message', onMessage);
      this.child.send('measure');
    });
  }

  /**
   * Steady state: the cache stopped changing for three samples a second apart; then the median of
   * five samples, so that one garbage collection more or less does not decide the figure.
   */
  async measureSteady(): Promise<WorkerMeasurement> {
    let last = -1;
    for (let same = 0; same < 3;) {
      await sleep(1000);
      const { cachedWorkflows } = await this.measure();
      same = cachedWorkflows === last ? same + 1 : 0;
      last = cachedWorkflows;
    }
    const samples: WorkerMeasurement[] = [];
    for (let i = 0; i < 5; i++) {
      await sleep(1000);
      samples.push(await this.measure());
    }
    samples.sort((a, b) => a.rssMiB - b.rssMiB);
    return samples[2];
  }

  async stop(): Promise<void> {
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    await exited;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
