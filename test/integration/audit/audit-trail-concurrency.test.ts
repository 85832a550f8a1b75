import { randomUUID } from 'node:crypto';
import type mongoose from 'mongoose';
import { AuditTrail } from '../../../src/audit/audit-trail';
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
