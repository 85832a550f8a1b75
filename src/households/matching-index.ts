import mongoose from 'mongoose';
import { duplicatePositions, isDuplicateKey } from '../store/duplicate-key';
import { householdKeyModel, type HouseholdKeyDoc } from '../store/household-key-model';
import type { MatchingKey } from './matching-keys';

/**
 * How many households one matching key lists. A name with a birth date or an address that more
 * households share (a shelter, a student house, a common name) says little about which household
 * a report is about, and over the years such a key would list hundreds: every intake with it read
 * them all and offered them all as candidates. A full key stops growing and proposes none; a
 * household is still found by its BSN, a rarer key of its own, or a caseworker's search.
 */
export const KEY_SLOTS = 10;

/** What the index holds for one key: the households listed, and whether it is full. */
export interface KeyListing {
  householdIds: string[];
  full: boolean;
  /** The key's documents read: the slots taken, and its list from before the slots if any. */
  docIds: string[];
}

const slotId = (hash: string, slot: number) => `${hash}:${slot}`;
const slotIds = (hash: string) => Array.from({ length: KEY_SLOTS }, (_, n) => slotId(hash, n));

function listingOf(docs: readonly HouseholdKeyDoc[]): KeyListing {
  const householdIds = [...new Set(docs.flatMap((d) => d.householdIds ?? (d.householdId ? [d.householdId] : [])))];
  return { householdIds, full: householdIds.length >= KEY_SLOTS, docIds: docs.map((d) => d._id) };
}

/**
 * The matching index in `household_keys`: a key lists each household in a document of its own,
 * one of `KEY_SLOTS` slots (`<hash>:<n>`), claimed by inserting it. An insert under a unique `_id`
 * is the one atomic step FerretDB 1.x has: a key's former single list, changed by `$addToSet`, lost
 * households when two intakes added to it at once (FerretDB applies an update by reading and writing
 * the document back). Keys listed before the slots keep their list document (`_id` = the hash),
 * read beside the slots and no longer added to. Every read is by `_id`.
 */
export class MatchingIndex {
  private readonly keys: mongoose.Model<HouseholdKeyDoc>;

  constructor(connection: mongoose.Connection) {
    this.keys = householdKeyModel(connection);
  }

  /** The listings of `hashes` within `team`, in one round trip. */
  async listings(team: string, hashes: readonly string[]): Promise<Map<string, KeyListing>> {
    const ids = hashes.flatMap((hash) => [hash, ...slotIds(hash)]);
    const docs =
      ids.length === 0 ? [] : await this.keys.find({ _id: mongoose.trusted({ $in: ids }) }).lean<HouseholdKeyDoc[]>();
    const byId = new Map(docs.map((d) => [d._id, d]));
    const listings = new Map<string, KeyListing>();
    for (const hash of hashes) {
      const own = [byId.get(hash), ...slotIds(hash).map((id) => byId.get(id))].filter(
        (d): d is HouseholdKeyDoc => !!d && d.team === team,
      );
      listings.set(hash, listingOf(own));
    }
    return listings;
  }

  /**
   * Lists the household under each key (once), unless the key is full. `seen`: the listings the
   * caller has just read (`listings`), which spare a read per key; a slot taken since makes its
   * insert fail and the key is read again. Returns the households that read found and `seen` did
   * not list: listed by another intake between the caller's look-up and this one's insert.
   */
  async add(
    team: string,
    keys: readonly MatchingKey[],
    householdId: string,
    seen?: ReadonlyMap<string, KeyListing>,
  ): Promise<{ kind: MatchingKey['kind']; id: string }[]> {
    // The keys whose listing the caller read claim their free slots together, in one insert: a new
    // household's four keys took four round trips, about a tenth of a new case's store calls. A key
    // whose slot was taken meanwhile goes on alone, reading it again.
    const claims: { key: MatchingKey; slot: string }[] = [];
    const alone: MatchingKey[] = [];
    for (const key of keys) {
      const listing = seen?.get(key.hash);
      if (!listing) alone.push(key);
      else if (!listing.householdIds.includes(householdId) && !listing.full) {
        const taken = new Set(listing.docIds);
        const free = slotIds(key.hash).find((id) => !taken.has(id));
        if (free) claims.push({ key, slot: free });
      }
    }
    const lost = await this.claim(team, householdId, claims);
    const lists = await Promise.all([
      ...alone.map((key) => this.addOne(team, key, householdId)),
      ...lost.map((key) => this.addOne(team, key, householdId, seen!.get(key.hash), 1)),
    ]);
    return lists.flat();
  }

  /** Inserts the slots at once; answers the keys whose slot another household took first. */
  private async claim(
    team: string,
    householdId: string,
    claims: readonly { key: MatchingKey; slot: string }[],
  ): Promise<MatchingKey[]> {
    if (claims.length === 0) return [];
    const createdAt = new Date();
    try {
      await this.keys.collection.insertMany(
        claims.map(({ key, slot }) => ({ _id: slot, kind: key.kind, team, householdId, createdAt }) as never),
        { ordered: false },
      );
      return [];
    } catch (err) {
      return duplicatePositions(err).map((i) => claims[i].key);
    }
  }

  /** `fromRound` 1: the caller's listing is known to be stale, so the key is read first. */
  private async addOne(
    team: string,
    key: MatchingKey,
    householdId: string,
    seen?: KeyListing,
    fromRound = 0,
  ): Promise<{ kind: MatchingKey['kind']; id: string }[]> {
    const known = new Set([householdId, ...(seen?.householdIds ?? [])]);
    const since: { kind: MatchingKey['kind']; id: string }[] = [];
    // Each lost race means another household took a slot: at most KEY_SLOTS rounds.
    for (let round = fromRound; round <= KEY_SLOTS; round++) {
      const listing = (round === 0 && seen) || listingOf(await this.read(key.hash));
      if (seen && round > 0)
        for (const id of listing.householdIds.filter((x) => !known.has(x))) {
          known.add(id);
          since.push({ kind: key.kind, id });
        }
      // A key filled since the look-up still proposes what filled it: the look-up found it open.
      if (listing.householdIds.includes(householdId) || listing.full) return since;
      const taken = new Set(listing.docIds);
      const free = slotIds(key.hash).find((id) => !taken.has(id));
      if (!free) return since;
      try {
        await this.keys.create({ _id: free, kind: key.kind, team, householdId, createdAt: new Date() });
        return since;
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
    }
    return since;
  }

  /**
   * A merge: under each key that lists `fromId`, its entry gives way to `toId` (listed once). The
   * merged record's slot is freed first, so a full key still lists the survivor, and a family
   * reported again and again without a BSN, each report's record merged into the first, keeps one
   * slot per key instead of filling it.
   */
  async move(team: string, hashes: readonly string[], fromId: string, toId: string): Promise<void> {
    for (const hash of hashes) {
      const docs = await this.read(hash);
      const holding = docs.filter((d) => d.householdId === fromId || d.householdIds?.includes(fromId));
      if (holding.length === 0) continue;
      const left = docs.filter((d) => !holding.includes(d));
      for (const doc of holding) {
        const after = await this.drop(doc, fromId);
        if (after) left.push(after);
      }
      // What is left is known: the survivor's listing needs no second read.
      await this.addOne(team, { kind: holding[0].kind, hash }, toId, listingOf(left));
    }
  }

  /**
   * Takes the households `isGone` picks out of the keys' listings: their slots are freed, and
   * they leave a key's list from before the slots.
   */
  async remove(hashes: readonly string[], isGone: (householdId: string) => Promise<boolean> | boolean): Promise<void> {
    for (const hash of hashes)
      for (const doc of await this.read(hash)) {
        const listed = doc.householdId !== undefined ? [doc.householdId] : (doc.householdIds ?? []);
        for (const id of listed) if (await isGone(id)) await this.drop(doc, id);
      }
  }

  /** A key's documents: its slots, and its list from before the slots. */
  private read(hash: string): Promise<HouseholdKeyDoc[]> {
    return this.keys.find({ _id: mongoose.trusted({ $in: [hash, ...slotIds(hash)] }) }).lean<HouseholdKeyDoc[]>();
  }

  /** Takes `id` out of one of a key's documents: a slot is freed (undefined), a list loses it. */
  private async drop(doc: HouseholdKeyDoc, id: string): Promise<HouseholdKeyDoc | undefined> {
    if (doc.householdId !== undefined) {
      await this.keys.deleteOne({ _id: doc._id });
      return undefined;
    }
    await this.keys.updateOne({ _id: doc._id }, { $pull: { householdIds: id } });
    return { ...doc, householdIds: (doc.householdIds ?? []).filter((h) => h !== id) };
  }
}
