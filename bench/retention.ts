import type mongoose from 'mongoose';
import { deliveryIdFor, notificationDeliveryId } from '../src/domain/notify';
import { opaqueReference } from '../src/notify/channel';
import { deliveryModel, devMessageModel } from '../src/notify/delivery-model';
import { purgeCase } from '../src/retention/purge-case';
import { deliveriesKey, messagesKey, startMessageLists } from '../src/store/message-lists';
import { noticeModel } from '../src/store/notice-model';
import { notificationModel } from '../src/store/notification-model';
import { storeEntries } from '../src/store/open-work';
import { reportModel } from '../src/store/report-model';
import { pct, runBench, withBenchSystem } from './support/bench-system';

/**
 * `npm run bench:retention`: what purging one case's messages costs with a region's history of
 * them in the store. BENCH_CASES cases (default 10,000), each with a household notice, two
 * notifications, a delivery of each and the development channel's copies; BENCH_ROUNDS (3) cases
 * purged each way, alternating: recorded since the message lists began (read by `_id`,
 * src/store/message-lists.ts) and, the baseline in the same run, recorded before them (the filters
 * on `reportId` and `noticeId` the lists replaced, which FerretDB answers by decoding each
 * collection whole). Last line `bench:retention purge p50=… ms baseline-p50=… ms at … cases`.
 */
const CASES = Number(process.env.BENCH_CASES ?? 10_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const BATCH = 1_000;
const YEAR = 365 * 86_400_000;

/** One case's documents; `listed` ones named in their message lists as the writers name them. */
function caseDocs(i: number, recordedAt: Date) {
  const reportId = `bench-r-${i}`;
  const noticeId = `${reportId}:notice:closure:1`;
  const keys = [`${reportId}:contact:1:reminder:0`, `${reportId}:feedback:1`];
  const deliveries = [
    { _id: deliveryIdFor(noticeId, 'c1'), noticeId, channel: 'email' },
    ...keys.map((key) => ({ _id: notificationDeliveryId(key, 'cw-1', 'email'), noticeId: key, channel: 'email' })),
  ].map((d) => ({
    ...d,
    reference: opaqueReference(d._id),
    provider: 'dev',
    contactPointId: 'c1',
    status: 'failed',
    attempts: 1,
    reason: 'mailbox full',
    intentAt: recordedAt,
  }));
  return {
    reportId,
    noticeId,
    keys,
    report: {
      _id: reportId,
      team: 'north',
      householdId: `bench-h-${i}`,
      receivedAt: recordedAt,
      acuteDanger: false,
      reporter: { kind: 'citizen', name: 'Bench Reporter' },
      concern: { description: 'Benchmark report.' },
      createdBy: 'bench',
      createdAt: recordedAt,
      workflowStarted: true,
      startAttempts: 1,
    },
    notice: { _id: noticeId, householdId: `bench-h-${i}`, reportId, kind: 'closure', status: 'sent', recordedAt },
    notifications: keys.map((key) => ({
      _id: key,
      kind: 'reminder',
      reportId,
      recipient: { role: 'caseworker', id: 'cw-1', team: 'north' },
      status: 'sent',
      createdAt: recordedAt,
    })),
    deliveries,
    messages: deliveries.map((d) => ({
      _id: d.reference,
      channel: 'email',
      to: 'ouder@example.org',
      text: 'Beste ouder, ...',
      at: recordedAt,
    })),
  };
}

async function seed(store: mongoose.Connection, from: number, to: number, recordedAt: Date, listed: boolean) {
  for (let start = from; start < to; start += BATCH) {
    const cases = Array.from({ length: Math.min(BATCH, to - start) }, (_, k) => caseDocs(start + k, recordedAt));
    await reportModel(store).collection.insertMany(cases.map((c) => c.report) as never[]);
    await noticeModel(store).collection.insertMany(cases.map((c) => c.notice) as never[]);
    await notificationModel(store).collection.insertMany(cases.flatMap((c) => c.notifications) as never[]);
    await deliveryModel(store).collection.insertMany(cases.flatMap((c) => c.deliveries) as never[]);
    await devMessageModel(store).collection.insertMany(cases.flatMap((c) => c.messages) as never[]);
    if (!listed) continue;
    for (const c of cases) {
      await storeEntries(store, messagesKey(c.reportId), [c.noticeId, ...c.keys]);
      for (const d of c.deliveries) await storeEntries(store, deliveriesKey(d.noticeId), [d._id]);
    }
  }
}

runBench(() =>
  withBenchSystem('bench-retention', async (system) => {
    const store = system.store;
    await startMessageLists(store); // begun at the system's start already; the seed's recent reports come after
    const started = performance.now();
    // The purged cases first: ROUNDS recorded before the lists began (a year ago), ROUNDS since.
    await seed(store, 0, ROUNDS, new Date(Date.now() - YEAR), false);
    await seed(store, ROUNDS, 2 * ROUNDS, new Date(), true);
    await seed(store, 2 * ROUNDS, CASES, new Date(), true);
    console.log(`Seeded ${CASES} cases in ${((performance.now() - started) / 1000).toFixed(1)} s`);

    const filters: number[] = [];
    const lists: number[] = [];
    for (let i = 0; i < ROUNDS; i++)
      for (const [times, id] of [
        [filters, i],
        [lists, ROUNDS + i],
      ] as const) {
        const t = performance.now();
        await purgeCase(store, `bench-r-${id}`, new Date());
        times.push(performance.now() - t);
        const purged = await devMessageModel(store)
          .findById(opaqueReference(deliveryIdFor(`bench-r-${id}:notice:closure:1`, 'c1')))
          .lean();
        if (purged?.text !== '[removed]') throw new Error(`case ${id}: its message was not purged`);
      }
    filters.sort((a, b) => a - b);
    lists.sort((a, b) => a - b);
    const ms = (n: number) => `${n.toFixed(1)} ms`.padStart(12);
    console.log(`Purge of one case, ${ROUNDS} each, p50 / max, with ${CASES} cases of messages in the store`);
    console.log(`  recorded before the message lists (filters)  ${ms(pct(filters, 50))} /${ms(filters.at(-1)!)}`);
    console.log(`  recorded since (lists, by _id)               ${ms(pct(lists, 50))} /${ms(lists.at(-1)!)}`);
    console.log(
      `bench:retention purge p50=${pct(lists, 50).toFixed(1)} ms baseline-p50=${pct(filters, 50).toFixed(1)} ms at ${CASES} cases`,
    );
  }),
);
