import { defineSearchAttributeKey } from '@temporalio/common';
import { SEARCH_ATTRIBUTES } from '../src/domain/search-attributes';

/**
 * Typed keys of the custom search attributes (SDK 1.24 exports defineSearchAttributeKey from
 * @temporalio/common, not from @temporalio/workflow; it is pure and safe in the bundle).
 */
export const SA = {
  phase: defineSearchAttributeKey(SEARCH_ATTRIBUTES.phase.name, SEARCH_ATTRIBUTES.phase.type),
  team: defineSearchAttributeKey(SEARCH_ATTRIBUTES.team.name, SEARCH_ATTRIBUTES.team.type),
  waitingOn: defineSearchAttributeKey(SEARCH_ATTRIBUTES.waitingOn.name, SEARCH_ATTRIBUTES.waitingOn.type),
  nextDueAt: defineSearchAttributeKey(SEARCH_ATTRIBUTES.nextDueAt.name, SEARCH_ATTRIBUTES.nextDueAt.type),
  waitingSince: defineSearchAttributeKey(SEARCH_ATTRIBUTES.waitingSince.name, SEARCH_ATTRIBUTES.waitingSince.type),
  overdue: defineSearchAttributeKey(SEARCH_ATTRIBUTES.overdue.name, SEARCH_ATTRIBUTES.overdue.type),
  acute: defineSearchAttributeKey(SEARCH_ATTRIBUTES.acute.name, SEARCH_ATTRIBUTES.acute.type),
} as const;
