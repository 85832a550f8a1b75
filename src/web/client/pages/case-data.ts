/// <reference lib="dom" />
import { h, type Child } from '../dom';
import { table } from '../layout';
import { formatDate, valueLabel } from '../labels';

type Rec = Record<string, unknown>;

/** Who reported, the concern and the household: personal data, shown only on the case page. */
export function caseData(report: Rec): Child {
  const reporter = report.reporter as Rec | undefined;
  const household = report.household as { members?: Rec[]; contactPoints?: Rec[] } | undefined;
  const concern = report.concern as Rec | undefined;
  if (!reporter && !household) return null;
  const members = household?.members ?? [];
  const contacts = household?.contactPoints ?? [];
  return h(
    'div',
    {},
    h('h2', {}, 'Melder en zorg'),
    h(
      'dl',
      { class: 'facts' },
      h('dt', {}, 'Melder'),
      h(
        'dd',
        {},
        [reporter?.name, reporter?.profession, reporter?.organisation].filter(Boolean).join(', ') || '–',
        ` (${valueLabel('kind', String(reporter?.kind ?? ''))})`,
      ),
      reporter?.phone ? [h('dt', {}, 'Telefoon melder'), h('dd', {}, String(reporter.phone))] : null,
      reporter?.email ? [h('dt', {}, 'E-mail melder'), h('dd', {}, String(reporter.email))] : null,
      h('dt', {}, 'Zorg'),
      h('dd', {}, String(concern?.description ?? '–')),
    ),
    h('h2', {}, 'Huishouden'),
    members.length
      ? h(
          'ul',
          {},
          members.map((m) =>
            h(
              'li',
              {},
              `${String(m.name)} – ${valueLabel('kind', String(m.kind))}${m.birthDate ? `, geboren ${formatDate(String(m.birthDate))}` : ''}`,
            ),
          ),
        )
      : h('p', { class: 'muted' }, 'Geen directbetrokkenen vastgelegd.'),
    contacts.length
      ? table(
          'Contactpunten',
          ['Kanaal', 'Gegevens', 'Veilig?'],
          contacts.map((c) =>
            h(
              'tr',
              { class: c.safety === 'safe' ? undefined : 'row--at-risk' },
              h('td', {}, valueLabel('channel', String(c.channel))),
              h('td', {}, String(c.value)),
              h(
                'td',
                {},
                h(
                  'span',
                  { class: `badge badge--${c.safety === 'safe' ? 'ok' : 'at-risk'}` },
                  valueLabel('safety', String(c.safety)),
                ),
              ),
            ),
          ),
          '',
        )
      : h(
          'p',
          { class: 'muted' },
          'Geen contactpunten vastgelegd: berichten aan het huishouden lopen via de melder of een taak.',
        ),
  );
}
