import { formatDateTime, label, PHASE_LABELS } from './labels';

/**
 * Why a case is on the stuck-cases list, in Dutch: one entry for every reason
 * `GET /v1/supervision/stuck-cases` can answer (STUCK_REASONS in src/api/supervision/stuck-rules.ts;
 * test/unit/web/stuck-reasons.test.ts holds them together). The filter offers the same list.
 */
export const STUCK_REASON_LABELS: Record<string, string> = {
  overdue: 'Te laat',
  'activity-failing': 'Systeemstap mislukt herhaaldelijk',
  'notification-undeliverable': 'Bericht niet afgeleverd',
  'messages-bouncing': 'Berichten komen niet aan',
  'at-risk': 'Dreigt te laat',
  waiting: 'Wacht te lang',
};

/** A stuck-cases row as the API answers it; only the fields the words are made from. */
export interface StuckRowFacts {
  reason?: unknown;
  phase?: unknown;
  nextDueAt?: unknown;
  dueAt?: unknown;
  waitingWorkingDays?: unknown;
  waitingSince?: unknown;
}

/** The reason in Dutch words, from the row's facts (the API's own explanation is English). */
export function explainStuck(r: StuckRowFacts): string {
  const phase = label(PHASE_LABELS, r.phase as string).toLowerCase();
  const due = formatDateTime((r.nextDueAt ?? r.dueAt) as string);
  switch (r.reason) {
    case 'overdue':
      return `De termijn in de fase ${phase} is verstreken (uiterlijk ${due}).`;
    case 'at-risk':
      return `De termijn in de fase ${phase} verloopt binnen één werkdag (${due}) en niemand heeft de zaak opgepakt of bijgewerkt.`;
    case 'waiting':
      return `De zaak wacht al ${waitedText(r)} in de fase ${phase}.`;
    case 'activity-failing':
      return 'Een systeemstap mislukt steeds opnieuw; de zaak kan pas verder als die slaagt. Meld dit bij functioneel beheer.';
    case 'notification-undeliverable':
      return 'Een herinnering, termijnwaarschuwing of melding over deze zaak heeft niemand bereikt. Geef het bericht zelf door aan wie het moest krijgen en laat de gegevens in het medewerkersbestand nakijken.';
    case 'messages-bouncing':
      return 'Berichten aan een medewerker komen steeds niet aan (onbestelbaar of geweigerd); herinneringen over deze zaak bereiken die medewerker misschien niet. Geef ze zelf door en laat de gegevens in het medewerkersbestand nakijken.';
    default:
      return 'Deze zaak vraagt aandacht; zie de technische toelichting.';
  }
}

/** How long the case has waited in its phase. */
export function waitedText(r: StuckRowFacts): string {
  const wd = r.waitingWorkingDays;
  if (typeof wd === 'number') return `${wd} werkdag${wd === 1 ? '' : 'en'}`;
  if (typeof r.waitingSince === 'string') return `sinds ${formatDateTime(r.waitingSince)}`;
  return '–';
}
