import type mongoose from 'mongoose';
import { withPriorInformation } from '../../../src/api/households/prior-information';
import { openTestStore } from '../../support/services';

let store: { connection: mongoose.Connection; drop(): Promise<void> };
/** Store reads by collection, to see which a page made. */
const reads = new Map<string, number>();
beforeAll(async () => {
  store = await openTestStore('prior-information-page');
  store.connection.set('debug', (collection: string, method: string) => {
    if (method === 'find' || method === 'findOne') reads.set(collection, (reads.get(collection) ?? 0) + 1);
  });
  const db = store.connection;
  const at = (iso: string) => new Date(iso);
  await db.collection('households').insertOne({
    _id: 'h-1' as never,
    team: 'north',
    reports: [
      { reportId: 'r-1', receivedAt: at('2026-01-05T09:00:00.000Z') },
      { reportId: 'r-2', receivedAt: at('2026-03-02T10:00:00.000Z') },
    ],
  });
  await db.collection('case_references').insertOne({ _id: 'r-1' as never, reference: 'VT-2026-00001' });
  await db.collection('case_states').insertOne({ _id: 'r-1' as never, phase: 'closed' });
  // The second report as an older entry without prior facts finds it: its report and projection.
  await db.collection('reports').insertOne({
    _id: 'r-2' as never,
    householdId: 'h-1',
    receivedAt: at('2026-03-02T10:00:00.000Z'),
  });
  await db.collection('case_states').insertOne({
    _id: 'r-2' as never,
    phase: 'contact-and-assessment',
    view: {
      priorInformationAt: '2026-03-02T10:00:05.000Z',
      earlierReports: { count: 1, openReportIds: [], reportIds: ['r-1'] },
      childProtectionBoard: { status: 'known', activeMeasures: 1 },
    },
  });
});
afterAll(() => store?.drop());

const base = { id: 'r-2:contact-and-assessment:1', reportId: 'r-2', type: 'contact-and-assessment', team: 'north' };
const expected = {
  gatheredAt: '2026-03-02T10:00:05.000Z',
  earlierReportIds: ['r-1'],
  childProtectionBoard: { status: 'known', activeMeasures: 1 },
  earlierReports: [
    { reportId: 'r-1', caseReference: 'VT-2026-00001', receivedAt: '2026-01-05T09:00:00.000Z', phase: 'closed' },
  ],
};

/** What the workflow recorded when it opened r-2's contact task. */
const facts = {
  householdId: 'h-1',
  receivedAt: '2026-03-02T10:00:00.000Z',
  gatheredAt: '2026-03-02T10:00:05.000Z',
  earlierReportIds: ['r-1'],
  board: { status: 'known' as const, activeMeasures: 1 },
};

test('an entry with prior facts shows them without reading the report or its projection', async () => {
  reads.clear();
  const [task] = await withPriorInformation(store.connection, [
    {
      ...base,
      prior: facts,
    },
  ]);
  expect(task).toEqual({ ...base, priorInformation: expected });
  expect(reads.get('reports')).toBeUndefined();
  // The earlier report's phase only: one read of the projections, for r-1.
  expect(reads.get('case_states')).toBe(1);
});

test('an entry without them (opened before entries carried them) shows the same from the report and projection', async () => {
  reads.clear();
  const [task] = await withPriorInformation(store.connection, [base]);
  expect(task).toEqual({ ...base, priorInformation: expected });
  expect(reads.get('reports')).toBe(1);
});

// The workflow recorded the household when it opened the task; a supervisor split the report off
// into another household since (the report document names it now).
test('an entry whose household no longer lists the report follows the report to its household now', async () => {
  await store.connection.collection('households').insertOne({
    _id: 'h-old' as never,
    team: 'north',
    reports: [{ reportId: 'r-0', receivedAt: new Date('2025-12-01T09:00:00.000Z') }],
  });
  const [task] = await withPriorInformation(store.connection, [
    {
      ...base,
      prior: { ...facts, householdId: 'h-old' },
    },
  ]);
  expect(task).toEqual({ ...base, priorInformation: expected });
});

test('other tasks pass through, without any stored facts', async () => {
  reads.clear();
  const monitoring = { id: 'x', reportId: 'r-2', type: 'monitoring-check', team: 'north' };
  expect(await withPriorInformation(store.connection, [monitoring])).toEqual([monitoring]);
  expect(reads.size).toBe(0);
});
