import { randomUUID } from 'node:crypto';
import { MockActivityEnvironment } from '@temporalio/testing';
import type mongoose from 'mongoose';
import { createRetentionActivities, type PurgeProgress } from '../../activities/retention-activities';
import { caseStateModel } from '../../src/store/case-state-model';
import { listClosedCase } from '../../src/store/closed-cases';
import { buildClosedCaseListsOnce } from '../../src/store/closed-cases-rebuild';
import { openTestStore } from '../support/services';

jest.setTimeout(120_000);

const DAY = 86_400_000;
const RETENTION_DAYS = 30;
let store: { connection: mongoose.Connection; drop(): Promise<void> };

beforeAll(async () => {
  store = await openTestStore('retention-resume');
  // As a worker's start does: on a new store it only marks the closed-case lists complete.
  await buildClosedCaseListsOnce(store.connection);
});
afterAll(async () => {
  await store?.drop();
});

/** A closed case's projection, as the report workflow leaves it; closed `daysAgo` days before `now`. */
async function closedCase(c: mongoose.Connection, now: Date, daysAgo: number): Promise<string> {
  const reportId = randomUUID();
  const closedAt = new Date(now.getTime() - daysAgo * DAY);
  await caseStateModel(c).create({
    _id: reportId,
    householdId: randomUUID(),
    team: 'north',
    acute: false,
    reporterKind: 'citizen',
    receivedAt: new Date(closedAt.getTime() - 20 * DAY),
    phase: 'closed',
    phaseSince: closedAt,
    overdue: false,
    suspended: false,
    closedAt,
    updatedAt: closedAt,
    version: 1,
  });
  // As the closing projection write lists it for retention.
  await listClosedCase(c, { id: reportId, team: 'north', closedAt });
  return reportId;
}

const purgedAt = async (id: string) =>
  (await caseStateModel(store.connection).findById(id).lean())?.personalDataRemovedAt ?? null;

describe('the retention purge under a lost worker', () => {
  it('heartbeats its batch, and a retried attempt resumes from those details instead of selecting again', async () => {
    const now = new Date();
    const asOf = now.toISOString();
    const acts = createRetentionActivities({ connection: store.connection, retentionDays: RETENTION_DAYS });
    // Oldest closure first: the batch is [a, b, c].
    const a = await closedCase(store.connection, now, RETENTION_DAYS + 30);
    const b = await closedCase(store.connection, now, RETENTION_DAYS + 20);
    const c = await closedCase(store.connection, now, RETENTION_DAYS + 10);

    // Attempt 1: the worker is lost right after the first case is purged and heartbeated.
    const first = new MockActivityEnvironment({ attempt: 1 });
    const beats: PurgeProgress[] = [];
    first.on('heartbeat', (d: PurgeProgress) => {
      beats.push(d);
      if (d.done === 1) throw new Error('worker lost');
    });
    await expect(first.run(acts.purgeExpiredCases, { asOf, limit: 10 })).rejects.toThrow('worker lost');
    expect(beats.map((d) => d.done)).toEqual([0, 1]);
    const closedAts = [30, 20, 10].map((d) => new Date(now.getTime() - (RETENTION_DAYS + d) * DAY).toISOString());
    expect(beats[1]).toEqual({ asOf, reportIds: [a, b, c], closedAts, total: 3, done: 1 });
    expect(await purgedAt(a)).not.toBeNull();
    expect(await purgedAt(b)).toBeNull();

    // Meanwhile another case falls due, older than all of them: a new selection would take it first.
    const later = await closedCase(store.connection, now, RETENTION_DAYS + 60);

    // Attempt 2 gets the last heartbeat's details (as Temporal passes them) and continues from there.
    const second = new MockActivityEnvironment({ attempt: 2, heartbeatDetails: beats[1] });
    const resumed: PurgeProgress[] = [];
    second.on('heartbeat', (d: PurgeProgress) => resumed.push(d));
    expect(await second.run(acts.purgeExpiredCases, { asOf, limit: 10 })).toEqual({ purged: 3, more: false });
    expect(resumed.map((d) => d.done)).toEqual([1, 2, 3]);
    expect(resumed.every((d) => d.reportIds.join() === [a, b, c].join())).toBe(true);
    for (const id of [a, b, c]) expect(await purgedAt(id)).toEqual(new Date(asOf));
    expect(await purgedAt(later)).toBeNull();

    // Details of another sweep (another asOf) are not taken for this one: a fresh selection.
    const next = new MockActivityEnvironment({ attempt: 2, heartbeatDetails: beats[1] });
    const laterAsOf = new Date(now.getTime() + 1_000).toISOString();
    expect(await next.run(acts.purgeExpiredCases, { asOf: laterAsOf, limit: 10 })).toEqual({
      purged: 1,
      more: false,
    });
    expect(await purgedAt(later)).toEqual(new Date(laterAsOf));
  });
});
