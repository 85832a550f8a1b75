import type mongoose from 'mongoose';
import { attentionItemModel, type AttentionItemDoc } from '../store/attention-item-model';
import { auditEventModel } from '../store/audit-event-model';
import type { HouseholdDoc } from '../store/household-model';
import { resolveHousehold } from './resolve-household';
import { isDuplicateKey } from '../store/duplicate-key';

/** VT_REPEATED_REPORTS_COUNT reports within VT_REPEATED_REPORTS_DAYS. */
export interface RepeatedReportsRule {
  count: number;
  days: number;
}

const RADAR_ACTOR = { sub: 'system:radar', role: 'system' } as const;
const DAY_MS = 86_400_000;

export function attentionItemIdFor(householdId: string, reportId: string): string {
  return `repeated-reports:${householdId}:${reportId}`;
}

/**
 * Repeated reports about one household are a signal of their own: when the report brings the
 * household's reports inside the period to the rule's count, the team's supervisors get an
 * attention item (audited as raised by the radar). Keyed by household and report, so a retried
 * activity or a second merge raises it once. Reads by `_id` only (the household lists its reports).
 * `read`: the caller's own read of `householdId` just before (the earlier-reports look-up), used
 * instead of reading it again.
 */
export async function raiseRepeatedReportsAttention(
  connection: mongoose.Connection,
  input: { householdId: string; reportId: string },
  rule: RepeatedReportsRule,
  read?: HouseholdDoc,
): Promise<AttentionItemDoc | undefined> {
  const household = await resolveHousehold(connection, input.householdId, read);
  const listed = household?.reports ?? [];
  const self = listed.find((r) => r.reportId === input.reportId);
  if (!household || !self) return undefined;
  const until = self.receivedAt.getTime();
  const inPeriod = listed
    .filter((r) => r.receivedAt.getTime() <= until && r.receivedAt.getTime() > until - rule.days * DAY_MS)
    .sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime());
  if (inPeriod.length < rule.count) return undefined;
  const item: AttentionItemDoc = {
    _id: attentionItemIdFor(household._id, input.reportId),
    kind: 'repeated-reports',
    team: household.team,
    householdId: household._id,
    reportId: input.reportId,
    reportIds: inPeriod.map((r) => r.reportId),
    periodDays: rule.days,
    threshold: rule.count,
    status: 'open',
    raisedAt: new Date(),
  };
  const { _id, ...rest } = item;
  await attentionItemModel(connection).updateOne({ _id }, { $setOnInsert: rest }, { upsert: true });
  // Also after a retry whose first attempt wrote the item but not its audit event (keyed, so once).
  const stored = (await attentionItemModel(connection).findById(_id).lean<AttentionItemDoc>()) ?? item;
  await recordRaised(connection, stored);
  return stored;
}

async function recordRaised(connection: mongoose.Connection, item: AttentionItemDoc): Promise<void> {
  try {
    await auditEventModel(connection).create({
      _id: `attention:${item._id}`,
      at: item.raisedAt,
      actor: { ...RADAR_ACTOR, team: item.team },
      action: 'household.attention-raised',
      object: { type: 'household', id: item.householdId },
      reportId: item.reportId,
      result: 'success',
      origin: { requestId: `attention:${item._id}`, channel: 'radar' },
      purpose: 'supervision',
    });
  } catch (err) {
    // Recorded by an earlier attempt of the same raise.
    if (!isDuplicateKey(err)) throw err;
  }
}
