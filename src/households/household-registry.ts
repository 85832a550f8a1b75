import { createHash } from 'node:crypto';
import type mongoose from 'mongoose';
import {
  householdModel,
  type ContactPoint,
  type HouseholdAddress,
  type HouseholdDoc,
  type HouseholdMember,
} from '../store/household-model';
import { normalisePostcode } from './bsn';
import { MatchingIndex, type KeyListing } from './matching-index';
import { underHousehold } from './household-locks';
import { resolveHousehold } from './resolve-household';
import { matchingKeys, normaliseName, type MatchingFacts, type MatchingKind } from './matching-keys';

export interface HouseholdFound {
  householdId: string;
  reasons: MatchingKind[];
}

export interface HouseholdsFound {
  households: HouseholdFound[];
  /** Keys shared by too many households to tell anything (matching-index.ts): none of theirs are listed. */
  tooCommon: Exclude<MatchingKind, 'bsn'>[];
  /** The keys' listings as read, for `index` right after. */
  listings: ReadonlyMap<string, KeyListing>;
}

/** A household id derived from the report's id, so a repeated intake of one report makes one household. */
export function householdIdFor(reportId: string): string {
  const h = createHash('sha256').update(`household\n${reportId}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

export function addressOf(a: HouseholdAddress | undefined): HouseholdAddress | undefined {
  return a ? { ...a, postcode: normalisePostcode(a.postcode) } : undefined;
}

const sameMember = (a: Partial<HouseholdMember>, b: Partial<HouseholdMember>): boolean =>
  (!!a.bsn && a.bsn === b.bsn) ||
  (!!a.name && !!b.name && normaliseName(a.name) === normaliseName(b.name) && a.birthDate === b.birthDate);

/**
 * Households as lasting records: the matching index (`household_keys`, matching-index.ts), the
 * household's list of reports, and merges. Every look-up is by `_id`.
 */
export class HouseholdRegistry {
  private readonly households: mongoose.Model<HouseholdDoc>;
  private readonly index_: MatchingIndex;

  constructor(
    private readonly connection: mongoose.Connection,
    private readonly secret: Buffer,
  ) {
    this.households = householdModel(connection);
    this.index_ = new MatchingIndex(connection);
  }

  /** The household a (possibly merged) id stands for now. */
  async resolve(householdId: string): Promise<HouseholdDoc | null> {
    return resolveHousehold(this.connection, householdId);
  }

  /**
   * Households of the team that share a matching key with `facts`, with the kinds of key shared.
   * A BSN always counts; another key listing as many households as it can hold proposes none.
   */
  async find(team: string, facts: MatchingFacts, except?: string): Promise<HouseholdsFound> {
    const keys = matchingKeys(this.secret, team, facts);
    const listings = await this.index_.listings(
      team,
      keys.map((k) => k.hash),
    );
    const tooCommon = new Set<Exclude<MatchingKind, 'bsn'>>();
    const listed: { kind: MatchingKind; id: string }[] = [];
    for (const key of keys) {
      const listing = listings.get(key.hash)!;
      if (listing.full && key.kind !== 'bsn') tooCommon.add(key.kind);
      else listed.push(...listing.householdIds.map((id) => ({ kind: key.kind, id })));
    }
    return {
      households: await this.householdsListed(listed, except, team),
      tooCommon: [...tooCommon].sort(),
      listings,
    };
  }

  /**
   * The households behind key listings, merged ones followed; `except`, removed ones and another
   * team's left out (a case moved to another team takes its household record along, while the
   * record's listings stay under the old team's keys).
   */
  async householdsListed(
    listed: readonly { kind: MatchingKind; id: string }[],
    except: string | undefined,
    team: string,
  ): Promise<HouseholdFound[]> {
    // Each household is an `_id` read of its own (a merged one leads on): ask them all at once.
    const hits = await Promise.all(listed.map(async ({ kind, id }) => ({ kind, household: await this.resolve(id) })));
    const found = new Map<string, Set<MatchingKind>>();
    for (const { kind, household } of hits) {
      if (!household || household._id === except || household.personalDataRemovedAt || household.team !== team)
        continue;
      found.set(household._id, (found.get(household._id) ?? new Set()).add(kind));
    }
    return [...found].map(([householdId, reasons]) => ({ householdId, reasons: [...reasons].sort() }));
  }

  /**
   * Households another report listed under a shared name-and-birth-date or address key after this
   * one's look-up (only a BSN key is locked): of two such reports arriving together, the one that
   * lists itself second finds the first here, so at least one of them proposes the other. Added to
   * the new household's candidates; none in the usual case, which costs nothing more.
   */
  async lateCandidates(
    team: string,
    householdId: string,
    known: readonly { householdId: string }[],
    since: { kind: MatchingKind; id: string }[],
  ): Promise<{ householdId: string; reasons: string[] }[]> {
    const listed = since.filter((l) => l.kind !== 'bsn' && !known.some((k) => k.householdId === l.id));
    if (listed.length === 0) return [];
    let late = (await this.householdsListed(listed, householdId, team)).filter(
      (f) => !known.some((k) => k.householdId === f.householdId),
    );
    if (late.length === 0) return [];
    // A known candidate merged since the look-up is found again under its survivor's id: not new.
    const knownNow = await Promise.all(known.map(async (k) => (await this.resolve(k.householdId))?._id));
    late = late.filter((f) => !knownNow.includes(f.householdId));
    if (late.length === 0) return [];
    // Under the household's lock, only what it does not list yet (a retried intake's race listed them).
    return underHousehold(this.connection, householdId, async () => {
      const stored = await this.households.findById(householdId, { matchCandidates: 1 }).lean<HouseholdDoc>();
      const missing = late.filter((c) => !(stored?.matchCandidates ?? []).some((m) => m.householdId === c.householdId));
      if (missing.length > 0)
        await this.households.updateOne(
          { _id: householdId },
          { $push: { matchCandidates: { $each: missing.map((c) => ({ ...c, status: 'open' as const })) } } },
        );
      return late;
    });
  }

  /** The hashes of the household's matching keys, as it lists them in `matchingKeys`. */
  keyHashes(team: string, facts: MatchingFacts): string[] {
    return matchingKeys(this.secret, team, facts).map((k) => k.hash);
  }

  /**
   * Lists the household under each of its matching keys (idempotent, and not under a full key),
   * and the keys on the household in one update (FerretDB applies an update by reading and writing
   * the document back, so two at once on one document can lose one). `listed`: the household was
   * created with these keys in `matchingKeys` already (a new one); `seen`: `find`'s listings of
   * the same facts, read just before. Returns the key listings found since `seen` was read (see
   * MatchingIndex.add).
   */
  async index(
    team: string,
    householdId: string,
    facts: MatchingFacts,
    { listed = false, seen }: { listed?: boolean; seen?: ReadonlyMap<string, KeyListing> } = {},
  ): Promise<{ kind: MatchingKind; id: string }[]> {
    const keys = matchingKeys(this.secret, team, facts);
    const since = await this.index_.add(team, keys, householdId, seen);
    if (!listed && keys.length > 0)
      await this.households.updateOne(
        { _id: householdId },
        { $addToSet: { matchingKeys: { $each: keys.map((k) => k.hash) } } },
      );
    return since;
  }

  /** A merge: the keys that list the merged record list the survivor instead (matching-index.ts). */
  async moveListings(merged: Pick<HouseholdDoc, '_id' | 'team' | 'matchingKeys'>, survivorId: string): Promise<void> {
    await this.index_.move(merged.team, merged.matchingKeys ?? [], merged._id, survivorId);
  }

  /** Takes the household out of the index entries of `facts` (a split moved those members away). */
  async unindex(team: string, householdId: string, facts: MatchingFacts): Promise<void> {
    const hashes = matchingKeys(this.secret, team, facts).map((k) => k.hash);
    // Records merged into this one carry the key too, and would lead a search back here.
    await this.index_.remove(hashes, async (id) => id === householdId || (await this.resolve(id))?._id === householdId);
    for (const hash of hashes) await this.households.updateOne({ _id: householdId }, { $pull: { matchingKeys: hash } });
  }

  /** Creates the household once (a repeated intake finds it); a new one may list its first report and keys. */
  async create(doc: HouseholdDoc): Promise<void> {
    const { _id, ...rest } = doc;
    await this.households.updateOne({ _id }, { $setOnInsert: rest }, { upsert: true });
  }

  /**
   * Members, contact points and an address the household did not have yet join it. A record merged
   * into another meanwhile takes nothing: the survivor's id comes back, to join that one instead.
   */
  async join(
    householdId: string,
    add: { members: HouseholdMember[]; contactPoints: ContactPoint[]; address?: HouseholdAddress },
  ): Promise<{ mergedInto?: string }> {
    const current = await this.households.findById(householdId).lean<HouseholdDoc>();
    if (!current) return {};
    if (current.mergedInto) return { mergedInto: current.mergedInto };
    const members = (add.members ?? []).filter((m) => !(current.members ?? []).some((c) => sameMember(c, m)));
    const points = (add.contactPoints ?? []).filter(
      (p) => !(current.contactPoints ?? []).some((c) => c.channel === p.channel && c.value === p.value),
    );
    const update: Record<string, unknown> = {};
    if (members.length > 0 || points.length > 0)
      update.$push = { members: { $each: members }, contactPoints: { $each: points } };
    if (add.address && !current.address) update.$set = { address: add.address };
    // Cleared by retention after this report's look-up found it: the household lives on with the
    // new report's data, and look-ups (which pass over cleared households) find it again.
    if (current.personalDataRemovedAt && Object.keys(update).length > 0) update.$unset = { personalDataRemovedAt: 1 };
    if (Object.keys(update).length > 0) await this.households.updateOne({ _id: householdId }, update);
    return {};
  }

  /** Lists the report on its household (once): the earlier-reports look-up reads this list. */
  async addReport(householdId: string, reportId: string, receivedAt: Date): Promise<void> {
    await this.addReports(householdId, [{ reportId, receivedAt }]);
  }

  /** Lists reports on the household (each once), in one read and one write: a merge moves many. */
  async addReports(householdId: string, reports: readonly { reportId: string; receivedAt: Date }[]): Promise<void> {
    const doc = await this.households.findById(householdId, { reports: 1 }).lean<HouseholdDoc>();
    const missing = reports.filter((r) => !(doc?.reports ?? []).some((l) => l.reportId === r.reportId));
    if (!doc || missing.length === 0) return;
    await this.households.updateOne(
      { _id: householdId },
      { $push: { reports: { $each: missing.map((r) => ({ reportId: r.reportId, receivedAt: r.receivedAt })) } } },
    );
  }
}
