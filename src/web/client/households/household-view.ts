/// <reference lib="dom" />
import { h } from '../dom';
import { formatDate, formatDateTime, label, PHASE_LABELS } from '../labels';

export interface HouseholdReport {
  reportId: string;
  caseReference?: string;
  receivedAt: string;
  phase: string;
}

export interface HouseholdSummary {
  id: string;
  address?: { postcode: string; houseNumber: number; houseNumberAddition?: string; street?: string; city?: string };
  members: { memberId: string; kind: string; name: string; birthDate?: string; bsn?: string }[];
  reports: HouseholdReport[];
  reasons?: string[];
  status?: string;
}

export const MATCH_REASON_LABELS: Record<string, string> = {
  bsn: 'zelfde BSN',
  'name-birth': 'zelfde naam en geboortedatum',
  address: 'zelfde adres',
};

export function addressText(a: HouseholdSummary['address']): string {
  if (!a) return 'Geen adres bekend';
  const street = [a.street, `${a.houseNumber}${a.houseNumberAddition ? ` ${a.houseNumberAddition}` : ''}`]
    .filter(Boolean)
    .join(' ');
  return [street, [a.postcode, a.city].filter(Boolean).join(' ')].filter(Boolean).join(', ');
}

/** Reports about a household as a list of links: reference, received, phase. */
export function reportList(reports: HouseholdReport[], empty: string): HTMLElement {
  if (!reports.length) return h('p', { class: 'muted' }, empty);
  return h(
    'ul',
    {},
    reports.map((r) =>
      h(
        'li',
        {},
        h('a', { href: `/meldingen/${encodeURIComponent(r.reportId)}` }, r.caseReference ?? r.reportId),
        ` – ontvangen ${formatDateTime(r.receivedAt)}, ${label(PHASE_LABELS, r.phase).toLowerCase()}`,
      ),
    ),
  );
}

/** One household as a caseworker compares it: members, address, its reports. */
export function householdCard(hh: HouseholdSummary, heading: string, ...extra: (Node | null)[]): HTMLElement {
  return h(
    'section',
    { class: 'card', 'data-household': hh.id },
    h('h3', {}, heading),
    hh.reasons?.length
      ? h('p', {}, `Gevonden op: ${hh.reasons.map((r) => MATCH_REASON_LABELS[r] ?? r).join(', ')}`)
      : null,
    h(
      'ul',
      {},
      hh.members.map((m) =>
        h(
          'li',
          {},
          `${m.name} (${m.kind === 'child' ? 'kind' : 'volwassene'}${m.birthDate ? `, geboren ${formatDate(m.birthDate)}` : ''}${m.bsn ? `, BSN ${m.bsn}` : ''})`,
        ),
      ),
    ),
    h('p', {}, addressText(hh.address)),
    h('p', {}, `Meldingen over dit gezin: ${hh.reports.length}`),
    reportList(hh.reports, 'Nog geen meldingen.'),
    ...extra,
  );
}
