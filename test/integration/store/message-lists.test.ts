import { reportModel } from '../../../src/store/report-model';
import {
  listDelivery,
  listedDeliveriesOfReport,
  listMessage,
  messageListsSince,
  START_MARGIN_MS,
  startMessageLists,
} from '../../../src/store/message-lists';
import { openTestStore } from '../../support/services';

jest.setTimeout(120_000);

/**
 * The message lists' start (src/store/message-lists.ts) on the real MongoDB-wire server: which
 * reports the retention purge reads through the lists, and which through the filters.
 */
describe('the message lists', () => {
  const stores: Awaited<ReturnType<typeof openTestStore>>[] = [];
  const open = async () => {
    const store = await openTestStore('message-lists');
    stores.push(store);
    return store.connection;
  };
  afterAll(async () => {
    for (const s of stores) await s.drop();
  });
  const recordReport = (c: Awaited<ReturnType<typeof open>>, id: string, createdAt: Date) =>
    reportModel(c).collection.insertOne({ _id: id, createdAt } as never);

  test('begin at once in a new store; in one with reports, after a margin for processes of the release before', async () => {
    const fresh = await open();
    expect(await messageListsSince(fresh)).toBeUndefined();
    const before = Date.now();
    await startMessageLists(fresh);
    const since = (await messageListsSince(fresh))!.getTime();
    expect(since).toBeGreaterThanOrEqual(before);
    expect(since).toBeLessThanOrEqual(Date.now());
    await startMessageLists(fresh); // the first start wins
    expect((await messageListsSince(fresh))!.getTime()).toBe(since);

    const used = await open();
    await recordReport(used, 'r-old', new Date(Date.now() - 86_400_000));
    const at = Date.now();
    await startMessageLists(used);
    expect((await messageListsSince(used))!.getTime()).toBeGreaterThanOrEqual(at + START_MARGIN_MS);
  });

  test('a report recorded since they began is read through its lists; one before, or before any start, is not', async () => {
    const c = await open();
    await recordReport(c, 'r-early', new Date());
    // No worker has begun the lists: every report takes the filters.
    expect(await listedDeliveriesOfReport(c, 'r-early')).toBeUndefined();
    await startMessageLists(c);
    const since = (await messageListsSince(c))!;
    await recordReport(c, 'r-new', since);
    await listMessage(c, 'r-new', 'r-new:notice:closure:1');
    await listMessage(c, 'r-new', 'r-new:reminder:0');
    await listMessage(c, 'r-new', 'r-new:reminder:0'); // a retried record
    await listDelivery(c, 'r-new:notice:closure:1', 'r-new:notice:closure:1@c1');
    await listDelivery(c, 'r-new:reminder:0', 'r-new:reminder:0@cw-1/email');
    await listDelivery(c, 'r-new:reminder:0', 'r-new:reminder:0@sup-1/email');
    expect((await listedDeliveriesOfReport(c, 'r-new'))?.sort()).toEqual([
      'r-new:notice:closure:1@c1',
      'r-new:reminder:0@cw-1/email',
      'r-new:reminder:0@sup-1/email',
    ]);
    await recordReport(c, 'r-quiet', since);
    expect(await listedDeliveriesOfReport(c, 'r-quiet')).toEqual([]); // nothing sent about it
    expect(await listedDeliveriesOfReport(c, 'r-early')).toBeUndefined(); // recorded before the start
    expect(await listedDeliveriesOfReport(c, 'r-unknown')).toBeUndefined(); // no report: the filters decide
  });
});
