import { runSoak } from '../../../scripts/soak/run-soak';
import { verdictLine } from '../../../scripts/soak/figures';

/**
 * `npm run soak` at CI size: ten cases through their tasks over HTTP while a worker is killed with
 * SIGKILL, the store stops for 15 s and a fuzzer sends 100 hostile requests. The script starts its
 * own Temporal dev server and MongoDB-wire server (it stops and starts them), so this file does not
 * use the run's shared servers. The same zero counts as the full run (README, Soak).
 */
describe('the soak at CI size', () => {
  test('every case finishes; nothing lost, failed or doubled; no 5xx to bad input; nothing stored from refusals', async () => {
    const lines: string[] = [];
    const figures = await runSoak({
      cases: 10,
      concurrency: 5,
      workers: 2,
      workerKills: 1,
      temporalRestarts: 0,
      storeOutageSeconds: 15,
      fuzzRequests: 100,
      spacingSeconds: 3,
      maxMinutes: 15,
      log: (line) => lines.push(line),
    });
    const verdict = verdictLine(figures);
    if (!verdict.startsWith('soak: PASS')) process.stdout.write(`${lines.join('\n')}\n${verdict}\n`);
    expect(figures).toMatchObject({
      cases: 10,
      finished: 10,
      lost: 0,
      unfinished: 0,
      failedWorkflows: 0,
      duplicateTasks: 0,
      duplicateEmails: 0,
      duplicateSms: 0,
      fuzz5xx: 0,
      storedFromRefused: 0,
      caseErrors: [],
    });
    expect(figures.fuzzRequests).toBe(100);
    expect(verdict).toMatch(/^soak: PASS /);
  }, 1_500_000);
});
