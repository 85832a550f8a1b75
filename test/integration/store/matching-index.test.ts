import { randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import { KEY_SLOTS, MatchingIndex } from '../../../src/households/matching-index';
import type { MatchingKey } from '../../../src/households/matching-keys';
import { householdKeyModel } from '../../../src/store/household-key-model';
import { openTestStore } from '../../support/services';

let store: { connection: mongoose.Connection; drop(): Promise<void> };
let index: MatchingIndex;
beforeAll(async () => {
  store = await openTestStore('matching-index');
  index = new MatchingIndex(store.connection);
});
afterAll(async () => {
  await store?.drop();
});

const key = (kind: MatchingKey['kind'] = 'address'): MatchingKey => ({ kind, hash: randomUUID().replace(/-/g, '') });
const households = (n: number) => Array.from({ length: n }, (): string => randomUUID());

// FerretDB applies an update by reading and writing the document back: a key's one list, added to
// by `$addToSet` from intakes arriving together, kept only some of them.
test('households added at once under one key are each listed once, up to the slots, and a full key stops growing', async () => {
  const shared = key();
  const ids = households(KEY_SLOTS + 4);
  await Promise.all(ids.map((id) => index.add('north', [shared], id)));
  const listing = (await index.listings('north', [shared.hash])).get(shared.hash)!;
  expect(listing.full).toBe(true);
  expect(listing.householdIds).toHaveLength(KEY_SLOTS);
  expect(new Set(listing.householdIds).size).toBe(KEY_SLOTS);
  expect(listing.householdIds.every((id) => ids.includes(id))).toBe(true);
  expect(
    await householdKeyModel(store.connection).countDocuments({ householdId: mongoose.trusted({ $in: ids }) }),
  ).toBe(KEY_SLOTS);
});

test('adding a listed household again takes no second slot; another team does not see the key', async () => {
  const own = key('name-birth');
  const [a, b] = households(2);
  await index.add('north', [own], a);
  await Promise.all([index.add('north', [own], a), index.add('north', [own], b), index.add('north', [own], a)]);
  const listing = (await index.listings('north', [own.hash])).get(own.hash)!;
  expect(listing).toEqual({
    householdIds: expect.arrayContaining([a, b]),
    full: false,
    docIds: [`${own.hash}:0`, `${own.hash}:1`],
  });
  expect(listing.householdIds).toHaveLength(2);
  expect((await index.listings('south', [own.hash])).get(own.hash)).toEqual({
    householdIds: [],
    full: false,
    docIds: [],
  });
});

test('a key listed before the slots is read beside them and counts toward full; removing frees a slot', async () => {
  const old = key();
  const before = households(KEY_SLOTS - 2);
  await householdKeyModel(store.connection).create({
    _id: old.hash,
    kind: old.kind,
    team: 'north',
    householdIds: before,
    createdAt: new Date(),
  });
  const [first, second, third] = households(3);
  for (const id of [first, second, third]) await index.add('north', [old], id);
  let listing = (await index.listings('north', [old.hash])).get(old.hash)!;
  expect(listing.full).toBe(true);
  expect(listing.householdIds.sort()).toEqual([...before, first, second].sort());

  await index.remove([old.hash], (id) => id === before[0] || id === first);
  listing = (await index.listings('north', [old.hash])).get(old.hash)!;
  expect(listing.full).toBe(false);
  expect(listing.householdIds.sort()).toEqual([...before.slice(1), second].sort());
  await index.add('north', [old], third);
  listing = (await index.listings('north', [old.hash])).get(old.hash)!;
  expect(listing.householdIds.sort()).toEqual([...before.slice(1), second, third].sort());
});

test('a listing read before another household took a slot still lists both (the insert fails and the key is read again)', async () => {
  const shared = key();
  const stale = await index.listings('north', [shared.hash]);
  const [first, second] = households(2);
  await index.add('north', [shared], first);
  await index.add('north', [shared], second, stale);
  expect((await index.listings('north', [shared.hash])).get(shared.hash)!.householdIds.sort()).toEqual(
    [first, second].sort(),
  );
});

// A new household's keys are claimed in one insert: one key's slot taken meanwhile must not cost the others theirs.
test('keys claimed together: the free ones are listed at once, a key taken meanwhile is read again and names who took it', async () => {
  const [taken, free1, free2] = [key('bsn'), key('name-birth'), key('address')];
  const hashes = [taken.hash, free1.hash, free2.hash];
  const stale = await index.listings('north', hashes);
  const [first, second] = households(2);
  await index.add('north', [taken], first);
  const since = await index.add('north', [taken, free1, free2], second, stale);
  expect(since).toEqual([{ kind: 'bsn', id: first }]);
  const after = await index.listings('north', hashes);
  expect(after.get(taken.hash)!.householdIds.sort()).toEqual([first, second].sort());
  expect(after.get(free1.hash)!.householdIds).toEqual([second]);
  expect(after.get(free2.hash)!.householdIds).toEqual([second]);
});

// Every report without a BSN makes a record of its own, which a caseworker then merges into the first.
test('a family reported again and again, each record merged into the first, keeps one entry per key', async () => {
  const shared = key('name-birth');
  const [first, ...later] = households(KEY_SLOTS + 2);
  await index.add('north', [shared], first);
  for (const record of later) {
    await index.add('north', [shared], record);
    await index.move('north', [shared.hash], record, first);
  }
  expect((await index.listings('north', [shared.hash])).get(shared.hash)).toMatchObject({
    householdIds: [first],
    full: false,
  });
});

test('a merge under a full key lists the survivor in the slot the merged record leaves', async () => {
  const shared = key();
  const [merged, survivor, ...others] = households(KEY_SLOTS + 1);
  for (const id of [merged, ...others]) await index.add('north', [shared], id);
  await index.move('north', [shared.hash], merged, survivor);
  const listing = (await index.listings('north', [shared.hash])).get(shared.hash)!;
  expect(listing.householdIds.sort()).toEqual([survivor, ...others].sort());
  expect(listing.full).toBe(true);
});
