import { ApplicationFailure } from '@temporalio/common';
import { ChildProtectionBoardClient } from '../../activities/child-protection-board';
import { startChildProtectionBoardStub } from '../../src/services/child-protection-board-stub';
import { nowIso, startHarness, type ReportHarness } from './report-harness';
import { complete, openTask, POLL_INTERVAL_MS, startReport, stateOf, type ReportHandle } from './report-fixtures';
import { setTimeout as pause } from 'node:timers/promises';
import type { ReportStateView } from '../../src/domain/report';

async function phaseReached(
  handle: ReportHandle,
  phase: ReportStateView['phase'],
  timeoutMs = 30_000,
): Promise<ReportStateView> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const state = await stateOf(handle);
    if (state.phase === phase && state.pendingWrites === 0) return state;
    if (Date.now() > until) throw new Error(`phase ${phase} not reached; at ${state.phase}`);
    await pause(POLL_INTERVAL_MS);
  }
}

jest.setTimeout(120_000);

describe('Child Protection Board adapter', () => {
  it('reduces the answer to facts, and classifies failures for the retry policy', async () => {
    const stub = await startChildProtectionBoardStub(0, {
      records: { 'hh-known': { known: true, activeMeasures: 2 } },
      fail: { 'hh-down': 1 },
      slow: { 'hh-slow': 2_000 },
    });
    try {
      const client = new ChildProtectionBoardClient({ baseUrl: `${stub.url}/`, timeoutMs: 300 });
      expect(await client.lookup('hh-known')).toEqual({ status: 'known', activeMeasures: 2 });
      expect(await client.lookup('hh-nobody')).toEqual({ status: 'unknown' });

      const down = await client.lookup('hh-down').catch((err: unknown) => err);
      expect(down).toBeInstanceOf(ApplicationFailure);
      expect(down).toEqual(
        expect.objectContaining({
          type: 'ChildProtectionBoardUnavailable',
          nonRetryable: false,
          message: 'Child Protection Board answered 503',
        }),
      );
      expect(await client.lookup('hh-down')).toEqual({ status: 'unknown' });

      const slow = await client.lookup('hh-slow').catch((err: unknown) => err);
      expect(slow).toEqual(
        expect.objectContaining({
          type: 'ChildProtectionBoardUnavailable',
          message: 'Child Protection Board look-up timed out',
        }),
      );
      // No household id or URL in the messages.
      expect(String((slow as Error).message)).not.toMatch(/hh-|127\.0\.0\.1/);
    } finally {
      await stub.close();
    }
  });
});

describe('board look-up inside the report workflow', () => {
  let h: ReportHarness;
  beforeAll(async () => {
    h = await startHarness('report-board', {
      records: { 'hh-board-flaky': { known: true, activeMeasures: 1 } },
      fail: { 'hh-board-flaky': 2 },
      slow: { 'hh-board-slow': 5_000 },
    });
  }, 120_000);
  afterAll(async () => {
    await h?.close();
  });

  async function throughContact(householdId: string) {
    const { handle } = await startReport(h, { householdId, reporterKind: 'citizen' });
    const contact = openTask(await stateOf(handle), 'contact-and-assessment');
    const answered = await complete(handle, contact.taskId, {
      contactedAt: await nowIso(h.env),
      safetyAssessment: 'unclear',
      safetyOversight: 'veilig-thuis',
      veiligThuisActs: true,
    });
    // A slow board does not hold the caseworker's request: the answer comes while it is retried.
    expect(['household-informed', 'decision']).toContain(answered.phase);
    // The retry backoff is durable server time: skip it, then wait for the decision task.
    await h.env.sleep('30 minutes');
    return { handle, state: await phaseReached(handle, 'decision') };
  }

  it('retries a board that is briefly down and uses its answer', async () => {
    const { handle, state } = await throughContact('hh-board-flaky');
    expect(state.phase).toBe('decision');
    expect(state.childProtectionBoard).toEqual({ status: 'known', activeMeasures: 1 });
    expect(h.board.requests.get('hh-board-flaky')).toBe(3);
    await handle.terminate('test done');
  });

  it('goes on without a board that keeps timing out, recorded as unavailable', async () => {
    const { handle, state } = await throughContact('hh-board-slow');
    expect(state.phase).toBe('decision');
    expect(state.childProtectionBoard).toEqual({ status: 'unavailable' });
    expect(h.board.requests.get('hh-board-slow')).toBe(6);
    await handle.terminate('test done');
  });
});
