import { randomUUID } from 'node:crypto';
import type mongoose from 'mongoose';
import { AuditTrail } from '../../../src/audit/audit-trail';
import { auditTrailHeadModel } from '../../../src/store/audit-trail-head-model';
import { findByIds } from '../../../src/store/by-ids';
import type { AuditEventDoc } from '../../../src/store/audit-event-model';
import { openTestStore } from '../../support/services';

let store: { connection: mongoose.Connection; drop(): Promise<void> };
beforeAll(async () => {
  store = await openTestStore('audit-trail');
});
afterAll(async () => {
  await store?.drop();
});

const event = (reportId: string, n: number): Omit<AuditEventDoc, '_id'> => ({
  at: new Date(),
  actor: { sub: `writer-${n}`, role: 'caseworker', team: 'north' },
  action: 'report.read',
  object: { type: 'report', id: reportId },
  reportId,
  result: 'success',
  origin: { requestId: `r-${n}`, channel: 'api' },
  purpose: 'case-handling',
});

// Several API processes recording the first events of new trails at once: each starts the trail's
// head, and FerretDB answers racing upserts of one missing document with a duplicate key error.
test('trails started by many writers at once keep every event, numbered densely, and none of the writers fails', async () => {
  const reports = Array.from({ length: 12 }, () => randomUUID());
  const writers = Array.from({ length: 8 }, () => new AuditTrail(store.connection));
  await Promise.all(
    writers.flatMap((writer, w) =>
      reports.map((reportId) => writer.appendMany(new Map([[reportId, [event(reportId, w)]]]))),
    ),
  );
  const reader = new AuditTrail(store.connection);
  for (const reportId of reports) {
    expect(await reader.length(reportId)).toBe(writers.length);
    const page = await reader.page(reportId, 100, 0);
    expect(new Set(page!.map((e) => e.actor.sub)).size).toBe(writers.length);
  }
});

// One API process, several requests listing the same page at once (four supervisors opening one
// team's stuck cases): their appends are written together, and none may lose or reorder an event.
test('appends arriving at one trail writer while it writes go in together, each caller’s events in its order', async () => {
  const reports = Array.from({ length: 20 }, () => randomUUID());
  const writer = new AuditTrail(store.connection);
  const callers = 8; // sixteen events per report: its head is raised at the last
  await Promise.all(
    Array.from({ length: callers }, (_, w) =>
      writer.appendMany(
        new Map(reports.map((r) => [r, [event(r, w), { ...event(r, w), action: 'report.read-again' }]])),
      ),
    ),
  );
  const reader = new AuditTrail(store.connection);
  for (const reportId of reports) {
    expect(await reader.length(reportId)).toBe(callers * 2);
    const page = (await reader.page(reportId, 100, 0))!;
    for (let w = 0; w < callers; w++) {
      const mine = page.filter((e) => e.actor.sub === `writer-${w}`).map((e) => e.action);
      expect(mine).toEqual(['report.read', 'report.read-again']);
    }
  }
  // Past sixteen, every report's head was raised (in one write for the page) to the full trail.
  const heads = await findByIds(auditTrailHeadModel(store.connection), reports);
  expect(heads.map((h) => h.n)).toEqual(reports.map(() => callers * 2));
});

// A case page warms its report's trail while it reads the case; meanwhile another process appends.
test('an append that joins a warm-up probe still numbers its events after everything already there', async () => {
  const reportId = randomUUID();
  const other = new AuditTrail(store.connection);
  await other.appendMany(new Map([[reportId, Array.from({ length: 20 }, (_, k) => event(reportId, k))]]));
  const writer = new AuditTrail(store.connection);
  writer.warm(reportId);
  await Promise.all([
    writer.appendMany(new Map([[reportId, [event(reportId, 100)]]])),
    other.appendMany(new Map([[reportId, [event(reportId, 101)]]])),
  ]);
  writer.warm(reportId); // known now: no second probe
  await writer.appendMany(new Map([[reportId, [event(reportId, 102)]]]));
  const reader = new AuditTrail(store.connection);
  expect(await reader.length(reportId)).toBe(23);
  const subs = (await reader.page(reportId, 100, 0))!.map((e) => e.actor.sub);
  expect(subs).toHaveLength(23);
  expect(new Set(subs).size).toBe(23);
  expect(subs.at(-1)).toBe('writer-102');
});

// A head far behind (raises that failed, or events written before heads were kept): the length is
// still found, window after window.
test('a trail far past its head is measured to its last event', async () => {
  const reportId = randomUUID();
  await new AuditTrail(store.connection).appendMany(
    new Map([[reportId, Array.from({ length: 70 }, (_, k) => event(reportId, k))]]),
  );
  await auditTrailHeadModel(store.connection).updateOne({ _id: reportId }, { $set: { n: 1 } });
  expect(await new AuditTrail(store.connection).length(reportId)).toBe(70);
  await auditTrailHeadModel(store.connection).updateOne({ _id: reportId }, { $set: { n: 6 } });
  expect(await new AuditTrail(store.connection).length(reportId)).toBe(70);
});

// A listed page of trails this process has not seen (the first inbox listing after a start): one
// probe for all of them, each measured to its own last event, and the page appended after them.
test('a page of unseen trails is measured together, each to its last event, and appended after it', async () => {
  const lengths = [0, 3, 16, 17, 40];
  const ids = lengths.map(() => randomUUID());
  const seed = new AuditTrail(store.connection);
  await Promise.all(
    ids.map((id, i) =>
      lengths[i] ? seed.appendMany(new Map([[id, Array.from({ length: lengths[i] }, (_, k) => event(id, k))]])) : null,
    ),
  );
  // The longest one's head far behind, as after raises that failed.
  await auditTrailHeadModel(store.connection).updateOne({ _id: ids[4] }, { $set: { n: 2 } });
  const reads: string[] = [];
  store.connection.set('debug', (collection: string, method: string) => reads.push(`${collection}.${method}`));
  let measured: number[];
  try {
    measured = await new AuditTrail(store.connection).lengths(ids);
  } finally {
    store.connection.set('debug', false);
  }
  expect(measured).toEqual(lengths);
  // The heads once, then a round per window: the 40-event trail needs three of 17 from its head at 2.
  expect(reads.filter((r) => r === 'audit_trail_heads.find')).toHaveLength(1);
  expect(reads.filter((r) => r === 'audit_events.find')).toHaveLength(3);

  const writer = new AuditTrail(store.connection);
  await writer.appendMany(new Map(ids.map((id, i) => [id, [event(id, 200 + i)]])));
  const reader = new AuditTrail(store.connection);
  for (const [i, id] of ids.entries()) {
    expect(await reader.length(id)).toBe(lengths[i] + 1);
    expect((await reader.page(id, 1, lengths[i]))![0].actor.sub).toBe(`writer-${200 + i}`);
  }
});
