import { randomUUID } from 'node:crypto';
import { AuditLog } from '../../../src/audit/audit-log';
import { removalEventId } from '../../../src/audit/audit-trail';
import { auditEventModel } from '../../../src/store/audit-event-model';
import { caseStateModel } from '../../../src/store/case-state-model';
import { readList } from '../../../src/store/open-work';
import { reportModel } from '../../../src/store/report-model';
import { taskModel } from '../../../src/store/task-model';
import { newReportBody, people, startApiHarness, type ApiHarness } from './support/api-harness';

const HOUR = 3600_000;

/**
 * The screens people wait on read documents by `_id` (open-work lists, numbered audit trails),
 * not filters over the history: written here the way the activities and the API write, read over HTTP.
 */
describe('screen reads: inboxes, timeline and audit trail by _id', () => {
  let api: ApiHarness;
  const now = Date.now();
  const reportId = randomUUID();

  /** A task write as the store activity does it (upsert by the task id). */
  const upsertTask = (id: string, fields: Record<string, unknown>) =>
    taskModel(api.system.store).updateOne(
      { _id: id },
      {
        $set: {
          type: 'contact-and-assessment',
          reportId,
          team: 'north',
          waitingOn: 'caseworker',
          status: 'open',
          overdue: false,
          updatedAt: new Date(),
          ...fields,
        },
        $setOnInsert: { createdAt: new Date(now - HOUR) },
      },
      { upsert: true },
    );
  const inbox = async (query: string, as = people.aliceNorth) => {
    const res = await api.call('GET', `/v1/tasks${query}`, { as });
    expect(res.status).toBe(200);
    return res.body as { tasks: { id: string; assignee?: string; dueAt?: string }[]; total: number };
  };

  beforeAll(async () => {
    api = await startApiHarness();
    await reportModel(api.system.store).create({
      _id: reportId,
      team: 'north',
      householdId: `h-${reportId}`,
      receivedAt: new Date(now - 2 * HOUR),
      acuteDanger: false,
      reporter: { kind: 'professional', name: 'R' },
      concern: { description: 'c' },
      createdBy: 'seed',
      createdAt: new Date(now - 2 * HOUR),
      workflowStarted: true,
      startAttempts: 1,
    });
  });
  afterAll(async () => {
    await api?.stop();
  });

  test('team and personal inboxes follow every task write, in due order, with filters and totals', async () => {
    const id = (n: number) => `${reportId}:t${n}`;
    // Concurrent writes to one team's list: the lock keeps every one of them.
    await Promise.all(
      Array.from({ length: 12 }, (_, n) =>
        upsertTask(id(n), { dueAt: new Date(now + (12 - n) * HOUR), ...(n === 11 ? { type: 'decision' } : {}) }),
      ),
    );
    const team = await inbox('?pageSize=5');
    expect(team.total).toBe(12);
    expect(team.tasks.map((t) => t.id)).toEqual([11, 10, 9, 8, 7].map(id));
    expect((await inbox('?type=decision')).tasks.map((t) => t.id)).toEqual([id(11)]);
    const dueBefore = encodeURIComponent(new Date(now + 3.5 * HOUR).toISOString());
    expect((await inbox(`?dueBefore=${dueBefore}`)).tasks.map((t) => t.id)).toEqual([11, 10, 9].map(id));

    // Assigned, reassigned, completed: the personal inboxes follow, the team inbox keeps only open work.
    await upsertTask(id(0), { assignee: 'alice' });
    expect((await inbox('?assignee=me')).tasks.map((t) => t.id)).toEqual([id(0)]);
    await upsertTask(id(0), { assignee: 'bob' });
    expect((await inbox('?assignee=me')).total).toBe(0);
    expect((await inbox('?assignee=me', people.bobNorth)).tasks.map((t) => t.id)).toEqual([id(0)]);
    await upsertTask(id(0), { status: 'completed', completedAt: new Date() });
    expect((await inbox('?assignee=me', people.bobNorth)).total).toBe(0);
    expect((await inbox('')).total).toBe(11);
    // Completed tasks are a look back, read by filter.
    expect((await inbox('?status=completed')).tasks.map((t) => t.id)).toEqual([id(0)]);
    // Another team sees none of it.
    expect((await inbox('', people.carolSouth)).total).toBe(0);

    // The timeline lists every task of the report, from the report's list.
    expect(await readList<string>(api.system.store, `report:${reportId}`)).toHaveLength(12);
    const timeline = await api.call('GET', `/v1/reports/${reportId}/timeline`, { as: people.aliceNorth });
    expect(timeline.status).toBe(200);
    expect(timeline.body.tasks).toHaveLength(12);
  });

  test('intake answers with the phase and the contact due date, and the case page shows them at once', async () => {
    const created = await api.call('POST', '/v1/reports', { as: people.aliceNorth, body: newReportBody() });
    expect(created.status).toBe(201);
    // A professional reporter: transparency first; the contact is due 5 working days after receipt either way.
    expect(created.body.phase).toBe('awaiting-transparency');
    const types = created.body.dueDates.map((d: { type: string }) => d.type);
    expect(types).toEqual(['transparency', 'contact-and-assessment']);
    expect(Date.parse(created.body.dueDates[1].dueAt)).toBeGreaterThan(Date.parse(created.body.receivedAt));
    // No wait: the projection was written before the workflow started (or the workflow's own one is there).
    const page = await api.call('GET', `/v1/reports/${created.body.id}`, { as: people.aliceNorth });
    expect(page.status).toBe(200);
    expect(page.body.phase).not.toBe('received');
    expect(page.body.dueDates.map((d: { type: string }) => d.type)).toContain('transparency');
    const timeline = await api.call('GET', `/v1/reports/${created.body.id}/timeline`, { as: people.aliceNorth });
    expect(timeline.body.tasks.map((t: { type: string }) => t.type)).toContain('transparency');
  });

  test('the audit trail is numbered per report: concurrent records all kept, paged in order, the removal placed by its instant', async () => {
    const trailId = randomUUID();
    await caseStateModel(api.system.store).create({
      _id: trailId,
      householdId: `h-${trailId}`,
      team: 'north',
      acute: false,
      reporterKind: 'professional',
      receivedAt: new Date(now),
      phase: 'closed',
      phaseSince: new Date(now),
      overdue: false,
      suspended: false,
      openTaskIds: [],
      view: {},
      version: 1,
      updatedAt: new Date(now),
    });
    await reportModel(api.system.store).create({
      _id: trailId,
      team: 'north',
      householdId: `h-${trailId}`,
      receivedAt: new Date(now),
      acuteDanger: false,
      reporter: { kind: 'professional', name: 'R' },
      concern: { description: 'c' },
      createdBy: 'seed',
      createdAt: new Date(now),
      workflowStarted: true,
      startAttempts: 1,
    });
    // Two API processes' audit logs writing the same report's trail at once.
    const logs = [new AuditLog(api.system.store), new AuditLog(api.system.store)];
    const ctx = (n: number) => ({
      actor: people.aliceNorth,
      purpose: 'case-handling' as const,
      requestId: `r-${n}`,
    });
    await Promise.all(
      Array.from({ length: 20 }, (_, n) =>
        logs[n % 2].record(ctx(n), {
          action: 'report.read',
          object: { type: 'report', id: trailId },
          reportId: trailId,
          result: 'success',
        }),
      ),
    );
    const removedAt = new Date();
    await auditEventModel(api.system.store).create({
      _id: removalEventId(trailId),
      at: removedAt,
      actor: { sub: 'system:retention', role: 'system', team: 'north' },
      action: 'report.personal-data-removed',
      object: { type: 'report', id: trailId },
      reportId: trailId,
      result: 'success',
      origin: { requestId: `retention:${trailId}`, channel: 'retention' },
      purpose: 'legal-obligation',
    });
    const page = async (n: number) => {
      const res = await api.call('GET', `/v1/reports/${trailId}/audit-trail?pageSize=10&page=${n}`, {
        as: people.sueNorth,
      });
      expect(res.status).toBe(200);
      return res.body.events as { action: string; origin: { requestId: string } }[];
    };
    const first = await page(1);
    const second = await page(2);
    expect(first).toHaveLength(10);
    expect(second).toHaveLength(10);
    const all = [...first, ...second, ...(await page(3))];
    // 20 reads, the removal, and the supervisor's own reads of the trail (pages 1 and 2) after it.
    expect(all.filter((e) => e.action === 'report.read')).toHaveLength(20);
    expect(new Set(all.filter((e) => e.action === 'report.read').map((e) => e.origin.requestId)).size).toBe(20);
    expect(all.map((e) => e.action).slice(20, 23)).toEqual([
      'report.personal-data-removed',
      'report.audit-trail',
      'report.audit-trail',
    ]);
  });
});
