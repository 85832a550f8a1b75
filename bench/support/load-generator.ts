import { mintDevToken } from '../../src/auth/dev-token';
import { connectTemporalClient, type TemporalClient } from '../../src/temporal/client';
import { codecForConfig, createDataConverter } from '../../src/temporal/data-converter';
import { timeConcurrently } from './bench-system';
import { intakeOps, opOf } from './intake-ops';
import type { LoadRequest, LoadResult, LoadStart } from './load-process';

/**
 * The clients of bench:api in a process of their own (started by load-process.ts), as a real
 * load would come from other machines: the intake's HTTP clients and the bare starts' gRPC client
 * then take no time from the API's event loop, and both sides are driven from the same place.
 */
let started: { start: LoadStart; temporal: TemporalClient; token: string } | undefined;

process.on('message', (m: LoadStart | LoadRequest) => {
  void handle(m).catch((err: unknown) => {
    process.send?.({ failed: err instanceof Error ? err.message : String(err) });
  });
});
process.on('disconnect', () => process.exit(0));

async function handle(m: LoadStart | LoadRequest): Promise<void> {
  if ('config' in m) {
    const temporal = await connectTemporalClient(
      m.temporalAddress,
      m.config.temporal.namespace,
      createDataConverter(codecForConfig(m.config)),
    );
    const token = await mintDevToken(m.config, { sub: 'bench', role: 'caseworker', team: 'north' });
    started = { start: m, temporal, token };
    process.send?.({ ready: true });
    return;
  }
  if (!started) throw new Error('load generator not started');
  const { start, temporal, token } = started;
  const ops = intakeOps({
    apiUrl: start.apiUrl,
    floorUrl: start.floorUrl,
    token,
    client: temporal.client,
    taskQueue: start.config.temporal.taskQueue,
  });
  const measured = await timeConcurrently(m.total, m.concurrency, opOf(ops, m.side));
  const result: LoadResult = { ...measured, missingAnswers: ops.missingAnswers() };
  process.send?.(result);
}
