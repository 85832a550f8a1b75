/// <reference lib="dom" />
import { h } from '../dom';
import { formatDateTime } from '../labels';
import { reportList, type HouseholdReport } from './household-view';

interface PriorInformation {
  gatheredAt?: string;
  earlierReports?: HouseholdReport[];
  childProtectionBoard?: { status: string; activeMeasures?: number };
}

/** The board's answer in words; facts only, never the board's own records. */
export function boardText(board: PriorInformation['childProtectionBoard']): string {
  switch (board?.status) {
    case 'known':
      return board.activeMeasures !== undefined
        ? `Bekend bij de Raad, ${board.activeMeasures} lopende maatregel(en).`
        : 'Bekend bij de Raad.';
    case 'unknown':
      return 'Niet bekend bij de Raad.';
    case 'unavailable':
      return 'De Raad was niet bereikbaar; vraag de informatie zo nodig zelf op.';
    case 'not-asked':
      return 'Niet gevraagd: van geen gezinslid is een BSN of naam met geboortedatum bekend.';
    default:
      return 'Nog niet opgevraagd.';
  }
}

/**
 * Eerdere meldingen and the Child Protection Board's information: what the workflow gathered
 * before the contact-and-assessment task opened (the timeline's `priorInformation`, with the
 * household's `earlierReports`), on the case page and beside the tasks of the assessment.
 */
export function earlierReportsSection(timeline: Record<string, unknown>): HTMLElement {
  const prior = (timeline.priorInformation ?? {}) as PriorInformation;
  const earlier = Array.isArray(timeline.earlierReports)
    ? (timeline.earlierReports as HouseholdReport[])
    : (prior.earlierReports ?? []);
  return h(
    'section',
    { 'data-testid': 'eerdere-meldingen' },
    h('h2', {}, 'Eerdere meldingen over dit gezin'),
    prior.gatheredAt
      ? h(
          'p',
          { class: 'muted' },
          `Opgehaald op ${formatDateTime(prior.gatheredAt)}, voordat het eerste contact begon.`,
        )
      : null,
    reportList(earlier, 'Er zijn geen eerdere meldingen over dit gezin bekend.'),
    h('h3', {}, 'Raad voor de Kinderbescherming'),
    h('p', { 'data-testid': 'raad-voor-de-kinderbescherming' }, boardText(prior.childProtectionBoard)),
  );
}
