import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { Config } from '../../src/config/config';

export interface LoadStart {
  config: Config;
  apiUrl: string;
  /** The floor server (floor-server.ts), in the API's process. */
  floorUrl?: string;
  temporalAddress: string;
}

export type Side = 'intake' | 'bare' | 'floor';

/** One round: `total` operations of one side on `concurrency` parallel loops. */
export interface LoadRequest {
  side: Side;
  total: number;
  concurrency: number;
}

export interface LoadResult {
  latencies: number[];
  seconds: number;
  /** Intakes whose 201 lacked the phase or the contact due date. */
  missingAnswers: number;
}

type Reply = { ready: true } | { failed: string } | LoadResult;

/** bench:api's clients in a child process (load-generator.ts), one round at a time over IPC. */
export class LoadProcess {
  private constructor(private readonly child: ChildProcess) {}

  static async start(start: LoadStart): Promise<LoadProcess> {
    const child = fork(path.join(__dirname, 'load-generator.ts'), [], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const load = new LoadProcess(child);
    try {
      await load.next(() => child.send(start));
    } catch (err) {
      child.kill(); // its open IPC channel would keep the bench's process alive
      throw err;
    }
    return load;
  }

  async run(request: LoadRequest): Promise<LoadResult> {
    return (await this.next(() => this.child.send(request))) as LoadResult;
  }

  async stop(): Promise<void> {
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.disconnect();
    await exited;
  }

  private next(send: () => void): Promise<Reply> {
    return new Promise((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`the load generator exited (${code})`));
      this.child.once('exit', onExit);
      this.child.once('message', (reply: Reply) => {
        this.child.off('exit', onExit);
        if ('failed' in reply) reject(new Error(`load generator: ${reply.failed}`));
        else resolve(reply);
      });
      send();
    });
  }
}
