/**
 * The custom search attributes supervisors filter on in Temporal's visibility. Plain data so the
 * service launcher can register them and workflows can define typed keys from them. The dev
 * server's SQLite visibility holds at most 10 Keyword and 3 of each other type — keep within that.
 * No attribute ever holds personal data: only phases, team codes, instants and flags.
 */
export const SEARCH_ATTRIBUTES = {
  phase: { name: 'VtPhase', type: 'KEYWORD' },
  team: { name: 'VtTeam', type: 'KEYWORD' },
  waitingOn: { name: 'VtWaitingOn', type: 'KEYWORD' },
  nextDueAt: { name: 'VtNextDueAt', type: 'DATETIME' },
  waitingSince: { name: 'VtWaitingSince', type: 'DATETIME' },
  overdue: { name: 'VtOverdue', type: 'BOOL' },
  acute: { name: 'VtAcute', type: 'BOOL' },
  /** The activity a report workflow holds after it failed for good (store-sync.ts); unset otherwise. */
  failingStep: { name: 'VtFailingStep', type: 'KEYWORD' },
} as const;

export type SearchAttributeType = (typeof SEARCH_ATTRIBUTES)[keyof typeof SEARCH_ATTRIBUTES]['type'];
