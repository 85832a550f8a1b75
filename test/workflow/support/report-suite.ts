import type { ChildProtectionBoardStubOptions } from '../../../src/services/child-protection-board-stub';
import { nowIso, startHarness, type ReportHarness } from '../report-harness';

/**
 * Starts the report harness before the file's tests and closes it after them. The returned object
 * reads through to the running harness, so tests use it as they would the harness itself.
 */
export function useReportHarness(
  prefix: string,
  boardOptions: ChildProtectionBoardStubOptions = { records: {}, fail: {} },
): ReportHarness {
  let started: ReportHarness | undefined;
  beforeAll(async () => {
    started = await startHarness(prefix, boardOptions);
  }, 120_000);
  afterAll(async () => {
    await started?.close();
  });
  const running = (): ReportHarness => {
    if (!started) throw new Error('the report harness is only there inside tests (after beforeAll)');
    return started;
  };
  return {
    get env() {
      return running().env;
    },
    get taskQueue() {
      return running().taskQueue;
    },
    get connection() {
      return running().connection;
    },
    get board() {
      return running().board;
    },
    close: () => running().close(),
  };
}

/** A contact-and-assessment answer that sends the case on to the decision, Veilig Thuis acting itself. */
export async function contactPayload(h: ReportHarness) {
  return {
    contactedAt: await nowIso(h.env),
    safetyAssessment: 'unsafe-structural',
    safetyOversight: 'veilig-thuis',
    veiligThuisActs: true,
  };
}
