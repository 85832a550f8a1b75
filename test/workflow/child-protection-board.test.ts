import { ApplicationFailure } from '@temporalio/common';
import { ChildProtectionBoardClient } from '../../activities/child-protection-board';
import { startChildProtectionBoardStub } from '../../src/services/child-protection-board-stub';
import { nowIso, startHarness, type ReportHarness } from './report-harness';
import { complete, nextTask, openTask, startReport, stateOf, type ReportHandle, untilState } from './report-fixtures';
import type { ReportStateView } from '../../src/domain/report';

/** The case in `phase` with its writes confirmed. */
async function phaseReached(handle: ReportHandle, phase: ReportStateView['phase']): Promise<ReportStateView> {
  const reached = (s: ReportStateView) => s.phase === phase && s.pendingWrites === 0;
  return untilState(handle, await stateOf(handle), reached, `phase ${phase} with its writes`, 30_000);
}

jest.setTimeout(120_000);

describe('Child Protection Board adapter', () => {
  it('reduces the answer to facts, and classifies failures for the retry policy', async () => {
    const stub = await startChildProtectionBoardStub(0, {
      records: { '111222333': { known: true, activeMeasures: 2 } },
      fail: { '123456782': 1 },
      slow: { '999999990': 2_000 },
    });
    try {
      const client = new ChildProtectionBoardClient({ baseUrl: `${stub.url}/`, timeoutMs: 300 });
      expect(await client.lookup([{ bsn: '111222333' }, { name: 'Test Kind', birthDate: '2015-01-01' }])).toEqual({
        status: 'known',
        activeMeasures: 2,
      });
      expect(await client.lookup([{ bsn: '100000009' }])).toEqual({ status: 'unknown' });

      const down = await client.lookup([{ bsn: '123456782' }]).catch((err: unknown) => err);
      expect(down).toBeInstanceOf(ApplicationFailure);
      expect(down).toEqual(
        expect.objectContaining({
          type: 'ChildProtectionBoardUnavailable',
          nonRetryable: false,
          message: 'Child Protection Board answered 503',
        }),
      );
      expect(await client.lookup([{ bsn: '123456782' }])).toEqual({ status: 'unknown' });

      const slow = await client.lookup([{ bsn: '999999990' }]).catch((err: unknown) => err);
      expect(slow).toEqual(
        expect.objectContaining({
          type: 'ChildProtectionBoardUnavailable',
          message: 'Child Protection Board look-up timed out',
        }),
      );
      // No BSN or URL in the messages.
      expect(String((slow as Error).message)).not.toMatch(/999999990|127\.0\.0\.1/);
    } finally {
      await stub.close();
    }
  });
});

describe('board look-up inside the report workflow', () => {
  let h: ReportHarness;
  beforeAll(async () => {
    // Keyed by the members' BSNs: the activity resolves them from the store (startReport's household).
    h = await startHarness('report-board', {
      records: { '111222333': { known: true, activeMeasures: 1 } },
      fail: { '111222333': 2 },
      slow: { '123456782': 5_000 },
    });
  }, 120_000);
  afterAll(async () => {
    await h?.close();
  });

  /** The board is asked before the contact task opens; its retry backoff is durable server time, skipped here. */
  async function untilContact(bsn: string) {
    const { handle } = await startReport(
      h,
      { reporterKind: 'citizen' },
      { members: [{ bsn }], awaitPriorInformation: false },
    );
    await h.env.sleep('30 minutes');
    const state = await phaseReached(handle, 'contact-and-assessment');
    expect(openTask(state, 'contact-and-assessment')).toBeDefined();
    expect(state.priorInformationAt).toBeDefined();
    return { handle, state };
  }

  it('retries a board that is briefly down and uses its answer before the contact task opens', async () => {
    const { handle, state } = await untilContact('111222333');
    expect(state.childProtectionBoard).toEqual({ status: 'known', activeMeasures: 1 });
    expect(h.board.requests.get('111222333')).toBe(3);
    const answered = await complete(handle, (await nextTask(handle, state, 'contact-and-assessment')).taskId, {
      contactedAt: await nowIso(h.env),
      safetyAssessment: 'unclear',
      safetyOversight: 'veilig-thuis',
      veiligThuisActs: true,
    });
    // Asked once: the decision does not ask again.
    expect(answered.childProtectionBoard).toEqual({ status: 'known', activeMeasures: 1 });
    expect((await phaseReached(handle, 'decision')).phase).toBe('decision');
    expect(h.board.requests.get('111222333')).toBe(3);
    await handle.terminate('test done');
  });

  it('opens the contact task without a board that keeps timing out, recorded as unavailable', async () => {
    const { handle, state } = await untilContact('123456782');
    expect(state.childProtectionBoard).toEqual({ status: 'unavailable' });
    expect(h.board.requests.get('123456782')).toBe(6);
    await handle.terminate('test done');
  });

  it('does not ask the board about a household with no one to ask about', async () => {
    const { handle } = await startReport(h, { reporterKind: 'citizen' });
    const state = await phaseReached(handle, 'contact-and-assessment');
    expect(state.childProtectionBoard).toEqual({ status: 'not-asked' });
    await handle.terminate('test done');
  });
});
