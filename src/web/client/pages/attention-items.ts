/// <reference lib="dom" />
import { get, post, query } from '../api';
import { h } from '../dom';
import { table } from '../layout';
import { formatDateTime } from '../labels';

interface AttentionItem {
  id: string;
  householdId: string;
  reportId: string;
  reportIds: string[];
  periodDays: number;
  threshold: number;
  raisedAt: string;
}

async function acknowledge(item: AttentionItem, button: HTMLButtonElement): Promise<void> {
  button.disabled = true;
  try {
    await post(`/v1/supervision/attention-items/${encodeURIComponent(item.id)}/acknowledgement`);
    button.closest('tr')?.remove();
  } catch {
    button.disabled = false;
  }
}

/**
 * Gezinnen met herhaalde meldingen: households reported `threshold` times or more within the
 * period, on the supervisors' page; "Gezien" acknowledges one (audited by the API).
 */
export async function attentionSection(team: string): Promise<HTMLElement> {
  const body = await get<{ items?: AttentionItem[] }>(`/v1/supervision/attention-items${query({ team })}`);
  const items = body.items ?? [];
  const rows = items.map((item) =>
    h(
      'tr',
      {},
      h('td', {}, formatDateTime(item.raisedAt)),
      h(
        'td',
        {},
        `${item.reportIds.length} meldingen binnen ${item.periodDays} dagen: `,
        ...item.reportIds.flatMap((id, i) => [
          i > 0 ? ', ' : '',
          h('a', { href: `/meldingen/${encodeURIComponent(id)}` }, id.slice(0, 8)),
        ]),
      ),
      h(
        'td',
        {},
        h(
          'button',
          {
            type: 'button',
            class: 'button button--secondary',
            'aria-label': `Herhaalde meldingen over gezin ${item.householdId.slice(0, 8)} als gezien markeren`,
            onclick: (ev: Event) => void acknowledge(item, ev.currentTarget as HTMLButtonElement),
          },
          'Gezien',
        ),
      ),
    ),
  );
  return h(
    'section',
    { 'data-testid': 'herhaalde-meldingen' },
    table(
      'Gezinnen met herhaalde meldingen',
      ['Gesignaleerd', 'Meldingen', 'Actie'],
      rows,
      'Geen gezinnen met herhaalde meldingen die nog aandacht vragen.',
    ),
  );
}
