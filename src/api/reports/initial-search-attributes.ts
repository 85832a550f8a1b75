import { defineSearchAttributeKey, type SearchAttributePair } from '@temporalio/common';
import type { ReportWorkflowInput } from '../../domain/report';
import { SEARCH_ATTRIBUTES } from '../../domain/search-attributes';

const phase = defineSearchAttributeKey(SEARCH_ATTRIBUTES.phase.name, SEARCH_ATTRIBUTES.phase.type);
const team = defineSearchAttributeKey(SEARCH_ATTRIBUTES.team.name, SEARCH_ATTRIBUTES.team.type);
const waitingSince = defineSearchAttributeKey(SEARCH_ATTRIBUTES.waitingSince.name, SEARCH_ATTRIBUTES.waitingSince.type);
const overdue = defineSearchAttributeKey(SEARCH_ATTRIBUTES.overdue.name, SEARCH_ATTRIBUTES.overdue.type);
const acute = defineSearchAttributeKey(SEARCH_ATTRIBUTES.acute.name, SEARCH_ATTRIBUTES.acute.type);

/**
 * The search attributes a report workflow starts with, so supervision sees the case (its team,
 * phase and acute flag) from the moment Temporal accepts it — not only after the worker ran its
 * first workflow task, which under load or with no worker up can take minutes. The workflow
 * overwrites them with its own values as soon as it runs. Case facts only, never personal data.
 */
export function initialSearchAttributes(input: ReportWorkflowInput): SearchAttributePair[] {
  return [
    { key: phase, value: 'received' },
    { key: team, value: input.team },
    { key: waitingSince, value: new Date(input.receivedAt) },
    { key: overdue, value: false },
    { key: acute, value: input.acute },
  ];
}
