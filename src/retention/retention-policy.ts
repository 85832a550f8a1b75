/**
 * When a closed case's personal data goes, and what stands in its place. Pure, so the API's
 * retention-due list and the sweep compute the same date.
 */
const DAY_MS = 86_400_000;

/** Placeholder for a required text field whose content was removed (keeps the schema valid). */
export const REMOVED = '[removed]';

/** The audit actor of the retention sweep: a process, not a person. */
export const RETENTION_ACTOR = { sub: 'system:retention', role: 'system' } as const;

export function retentionDueAt(closedAt: Date, retentionDays: number): Date {
  return new Date(closedAt.getTime() + retentionDays * DAY_MS);
}

/** Cases closed at or before this instant are due at `asOf`. */
export function closedOnOrBefore(asOf: Date, retentionDays: number): Date {
  return new Date(asOf.getTime() - retentionDays * DAY_MS);
}
