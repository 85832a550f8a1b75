import { NativeConnection, Worker } from '@temporalio/worker';
import type { Client } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { dataConverterFromEnvironment } from '../src/temporal/data-converter';
import type mongoose from 'mongoose';
import { createActivities } from '../activities';
import { createSmokeActivities } from '../activities/smoke-activities';
import { createRetentionActivities } from '../activities/retention-activities';
import { loadConfig } from '../src/config/config';

export interface WorkerDeps {
  address: string;
  namespace: string;
  taskQueue: string;
  store: mongoose.Connection;
  temporal: Client;
  /** Defaults to the encryption keys of this process's environment: no worker goes unencrypted. */
  dataConverter?: DataConverter;
  childProtectionBoardUrl: string;
  /** VT_RETENTION_DAYS; defaults to this process's configuration. */
  retentionDays?: number;
}

export interface RunningWorker {
  worker: Worker;
  /** Resolves when the worker has drained and stopped; rejects if it crashed. */
  done: Promise<void>;
  shutdown(): Promise<void>;
}

/** Registers every workflow (bundled from workflows/index) and every activity on one task queue. */
export async function startWorker(deps: WorkerDeps): Promise<RunningWorker> {
  const dataConverter = deps.dataConverter ?? dataConverterFromEnvironment();
  const connection = await NativeConnection.connect({ address: deps.address });
  const worker = await Worker.create({
    connection,
    namespace: deps.namespace,
    taskQueue: deps.taskQueue,
    workflowsPath: require.resolve('../workflows'),
    dataConverter,
    activities: {
      ...createSmokeActivities(deps.store),
      ...createRetentionActivities({ connection: deps.store, retentionDays: deps.retentionDays ?? loadConfig().retention.days }),
      ...createActivities({
        connection: deps.store,
        temporal: deps.temporal,
        taskQueue: deps.taskQueue,
        childProtectionBoardUrl: deps.childProtectionBoardUrl,
      }),
    },
  });
  const done = worker.run().finally(() => connection.close());
  return {
    worker,
    done,
    async shutdown() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await done;
    },
  };
}
