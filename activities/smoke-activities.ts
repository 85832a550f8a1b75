import type mongoose from 'mongoose';

/** Upsert keyed by the run id: a retried activity writes the same single document. */
export function createSmokeActivities(connection: mongoose.Connection) {
  return {
    async recordSmokeRun(runId: string): Promise<boolean> {
      await connection
        .collection<{ _id: string; at: Date }>('smoke_runs')
        .updateOne({ _id: runId }, { $setOnInsert: { at: new Date() } }, { upsert: true });
      return true;
    },
  };
}

export type SmokeActivities = ReturnType<typeof createSmokeActivities>;
