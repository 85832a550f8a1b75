/// <reference lib="dom" />
import { ApiError, post } from '../api';
import { h, uid } from '../dom';
import { alertBox, problemText, render } from '../layout';
import { householdCard, type HouseholdSummary } from './household-view';

/**
 * Gezin zoeken: a team's known households by BSN, by name and birth date, or by postcode and house
 * number. The terms go in the body of a POST (never in the address bar or a log), and every search
 * is on the audit trail. A household found can get a new report directly.
 */
export async function householdSearchPage(): Promise<void> {
  const results = h('div', { 'aria-live': 'polite' });
  const field = (name: string, text: string, type = 'text', hint?: string) => {
    const id = uid('zoek');
    return h(
      'div',
      { class: 'field' },
      h('label', { for: id }, text),
      hint ? h('span', { class: 'field__hint' }, hint) : null,
      h('input', { id, name, type, autocomplete: 'off', class: 'input' }),
    );
  };
  const form = h(
    'form',
    { novalidate: true },
    field('bsn', 'BSN', 'text', 'Negen cijfers'),
    field('name', 'Naam'),
    field('birthDate', 'Geboortedatum', 'date'),
    field('postcode', 'Postcode', 'text', 'Bijvoorbeeld 1234 AB'),
    field('houseNumber', 'Huisnummer', 'number'),
    h('button', { type: 'submit', class: 'button' }, 'Zoeken'),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const data = new FormData(form);
    const text = (k: string) => String(data.get(k) ?? '').trim() || undefined;
    const houseNumber = text('houseNumber');
    const body = {
      bsn: text('bsn'),
      name: text('name'),
      birthDate: text('birthDate'),
      postcode: text('postcode'),
      houseNumber: houseNumber ? Number(houseNumber) : undefined,
    };
    void search(body, results);
  });
  render(
    'Gezin zoeken',
    h(
      'p',
      { class: 'lead' },
      'Zoek een bekend gezin van uw team op BSN, op naam met geboortedatum, of op postcode met huisnummer.',
    ),
    h('p', {}, 'Uw zoekopdracht wordt vastgelegd in het logboek, met het doel “behandeling van de zaak”.'),
    form,
    results,
  );
}

const TOO_COMMON = {
  address: 'Op dit adres zijn veel gezinnen bekend',
  'name-birth': 'Deze naam met geboortedatum is bij veel gezinnen bekend',
};
const TOO_COMMON_HINT =
  'Dat kan een opvang of een studentenhuis zijn. Op deze gegevens worden daarom geen gezinnen getoond: zoek op BSN of op een ander gegeven.';

async function search(body: Record<string, unknown>, results: HTMLElement): Promise<void> {
  try {
    const found = await post<{ households: HouseholdSummary[]; tooCommon: ('name-birth' | 'address')[] }>(
      '/v1/households/searches',
      body,
    );
    results.replaceChildren(
      ...found.tooCommon.map((kind) => alertBox('info', TOO_COMMON[kind], h('p', {}, TOO_COMMON_HINT))),
      found.households.length
        ? h(
            'div',
            {},
            h('h2', {}, `Gevonden gezinnen: ${found.households.length}`),
            h(
              'div',
              { class: 'cards' },
              found.households.map((hh) =>
                householdCard(
                  hh,
                  `Gezin ${hh.id.slice(0, 8)}`,
                  h(
                    'p',
                    {},
                    h(
                      'a',
                      { href: `/meldingen/nieuw?gezin=${encodeURIComponent(hh.id)}` },
                      'Nieuwe melding over dit gezin',
                    ),
                  ),
                ),
              ),
            ),
          )
        : found.tooCommon.length
          ? ''
          : alertBox(
              'info',
              'Geen gezin gevonden',
              h('p', {}, 'Er is geen bekend gezin met deze gegevens in uw team.'),
            ),
    );
  } catch (err) {
    const text =
      err instanceof ApiError && err.status === 400
        ? 'Vul een BSN in, een naam met geboortedatum, of een postcode met huisnummer.'
        : problemText(err);
    results.replaceChildren(alertBox('error', 'Zoeken is niet gelukt', h('p', {}, text)));
  }
}
