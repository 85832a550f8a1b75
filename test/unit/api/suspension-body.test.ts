import type { AuditContext } from '../../../src/audit/audit-log';
import type { ApiContext } from '../../../src/api/api-context';
import { runSupervisorAction } from '../../../src/api/cases/supervisor-action';
import type { HttpProblem } from '../../../src/api/http/problem';
import { toInvalidParams } from '../../../src/api/http/validation';
import type { ReportDoc } from '../../../src/store/report-model';
import { suspensionBodySchema, suspensionTimeProblems } from '../../../src/api/supervision/suspension-body';

const NOW = Date.parse('2026-12-03T12:00:00Z');
const RECEIVED = Date.parse('2026-11-20T09:00:00Z');
const reasons = (body: { from?: string; until?: string }, receivedAt?: number) =>
  suspensionTimeProblems(body, NOW, receivedAt).map((p) => `${p.name}: ${p.reason}`);

describe('a suspension’s dates, checked before the workflow', () => {
  test('an until before from, both ahead, says it must lie after from', () => {
    expect(reasons({ from: '2026-12-10T09:00:00+01:00', until: '2026-12-05T09:00:00+01:00' })).toEqual([
      'from: must not lie in the future',
      'until: must lie after from',
    ]);
    expect(reasons({ from: '2026-12-01T09:00:00Z', until: '2026-11-30T09:00:00Z' })).toEqual([
      'until: must lie after from',
    ]);
  });

  test('an until after from that has passed must lie in the future; without from, now is the bound', () => {
    expect(reasons({ from: '2026-12-01T09:00:00Z', until: '2026-12-02T09:00:00Z' })).toEqual([
      'until: must lie in the future',
    ]);
    expect(reasons({ until: '2026-12-03T11:00:00Z' })).toEqual(['until: must lie in the future']);
  });

  test('from not in the future (five minutes of skew) and not before the report was received', () => {
    expect(reasons({ from: '2026-12-03T12:04:00Z' })).toEqual([]);
    expect(reasons({ from: '2026-12-03T12:06:00Z' })).toEqual(['from: must not lie in the future']);
    expect(reasons({ from: '2026-11-19T09:00:00Z' }, RECEIVED)).toEqual([
      'from: must not lie before the report was received',
    ]);
    expect(reasons({ from: '2026-11-19T09:00:00Z' })).toEqual([]);
  });

  test('a valid suspension passes', () => {
    expect(reasons({}, RECEIVED)).toEqual([]);
    expect(reasons({ from: '2026-12-01T09:00:00Z', until: '2026-12-20T09:00:00Z' }, RECEIVED)).toEqual([]);
  });

  test('the body schema reports them as invalid params naming the field', () => {
    const result = suspensionBodySchema.safeParse({
      reason: 'other',
      from: '2025-12-01T09:00:00Z',
      until: '2025-11-01T09:00:00Z',
    });
    expect(toInvalidParams('body', result.error!.issues)).toEqual([
      { in: 'body', name: 'until', code: 'custom', reason: 'must lie after from' },
    ]);
  });
});

describe('POST /v1/reports/{id}/suspensions before the Update', () => {
  /** The API context as far as a refusal before the Update uses it: the audit log, and an Update that must not run. */
  function stubs() {
    const audited: unknown[] = [];
    const ctx = {
      audit: { record: async (_context: unknown, entry: unknown) => void audited.push(entry) },
      gateway: {
        update: () => {
          throw new Error('the Update must not run');
        },
      },
    } as unknown as ApiContext;
    return { ctx, audited };
  }
  const audit = { actor: { sub: 'sue', role: 'supervisor', team: 'north' } } as unknown as AuditContext;
  const report = {
    _id: 'r1',
    team: 'north',
    receivedAt: new Date(Date.now() - 5 * 86_400_000),
    workflowStarted: true,
  } as unknown as ReportDoc;
  const suspend = { auditAction: 'report.suspensions', update: 'suspend' as const };

  test('an until before from is 400 naming until, audited as refused, with no Update sent', async () => {
    const { ctx, audited } = stubs();
    const day = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString();
    const problem = await runSupervisorAction(
      ctx,
      audit,
      report,
      suspend,
      { reason: 'other', from: day(-1), until: day(-2) },
      'key-1',
    ).catch((err: unknown) => err as HttpProblem);
    expect(problem).toMatchObject({
      status: 400,
      options: { invalidParams: [{ in: 'body', name: 'until', code: 'custom', reason: 'must lie after from' }] },
    });
    expect(audited).toEqual([expect.objectContaining({ action: 'report.suspensions', result: 'refused' })]);
  });

  test('a from before the report was received is 400 naming from', async () => {
    const { ctx } = stubs();
    const from = new Date(report.receivedAt.getTime() - 3_600_000).toISOString();
    const problem = await runSupervisorAction(ctx, audit, report, suspend, { reason: 'other', from }, 'key-2').catch(
      (err: unknown) => err as HttpProblem,
    );
    expect(problem).toMatchObject({
      status: 400,
      options: { invalidParams: [{ name: 'from', reason: 'must not lie before the report was received' }] },
    });
  });
});
