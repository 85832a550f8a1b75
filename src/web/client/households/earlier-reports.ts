/// <reference lib="dom" />
import { h } from '../dom';
import { reportList, type HouseholdReport } from './household-view';

/**
 * Eerdere meldingen: the reports about the same household received before this one (from the
 * timeline's `earlierReports`), on the case page and beside the tasks of the assessment.
 */
export function earlierReportsSection(timeline: Record<string, unknown>): HTMLElement {
  const earlier = Array.isArray(timeline.earlierReports) ? (timeline.earlierReports as HouseholdReport[]) : [];
  return h(
    'section',
    { 'data-testid': 'eerdere-meldingen' },
    h('h2', {}, 'Eerdere meldingen over dit gezin'),
    reportList(earlier, 'Er zijn geen eerdere meldingen over dit gezin bekend.'),
  );
}
