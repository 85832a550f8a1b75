/// <reference lib="dom" />
import { get, post } from '../api';
import { h } from '../dom';
import { label, TASK_TYPE_LABELS } from '../labels';
import { alertBox, problemText, render } from '../layout';
import type { TaskView } from '../model';
import { householdCard, type HouseholdSummary } from './household-view';

interface Matches {
  householdId: string;
  candidates: HouseholdSummary[];
  taskId?: string;
}

/**
 * A possible match (mogelijk bekend gezin): the new report's household beside each household that
 * shares a name and birth date or the address. The caseworker answers per candidate: the same
 * household (the report joins it and its earlier reports) or a different one (they stay apart).
 */
export async function householdMatchTaskPage(task: TaskView): Promise<void> {
  const enc = encodeURIComponent(task.reportId);
  const [matches, report] = await Promise.all([
    get<Matches>(`/v1/reports/${enc}/household-matches`),
    get<{ household: HouseholdSummary; caseReference?: string }>(`/v1/reports/${enc}`),
  ]);
  const slot = h('div', { 'aria-live': 'polite' });
  const answer = async (candidateHouseholdId: string, decision: 'same-household' | 'different-household') => {
    try {
      await post(`/v1/tasks/${encodeURIComponent(task.taskId)}/completion`, {
        payload: { candidateHouseholdId, decision },
      });
      const after = await get<Matches>(`/v1/reports/${enc}/household-matches`);
      if (after.candidates.some((c) => c.status === 'open')) location.reload();
      else location.assign(`/meldingen/${enc}?afgerond=household-match`);
    } catch (err) {
      slot.replaceChildren(alertBox('error', 'Vastleggen is niet gelukt', h('p', {}, problemText(err))));
    }
  };
  const own = { ...report.household, reports: [] };
  const open = matches.candidates.filter((c) => c.status === 'open');
  render(
    label(TASK_TYPE_LABELS, task.type),
    slot,
    h(
      'p',
      { class: 'lead' },
      'Deze melding lijkt te gaan over een gezin dat al bekend is. Vergelijk de gegevens en geef per gezin aan of het hetzelfde gezin is.',
    ),
    h(
      'p',
      {},
      'Hetzelfde gezin: de melding wordt aan dat gezin gekoppeld; eerdere meldingen worden zichtbaar en de medewerker van een open zaak krijgt bericht. Een ander gezin: de gezinnen blijven gescheiden.',
    ),
    h(
      'div',
      { class: 'cards' },
      householdCard(own, `Deze melding (${report.caseReference ?? task.reportId})`),
      matches.candidates.map((c) =>
        householdCard(
          c,
          c.status === 'open'
            ? 'Mogelijk hetzelfde gezin'
            : c.status === 'confirmed'
              ? 'Bevestigd: zelfde gezin'
              : 'Afgewezen: ander gezin',
          c.status === 'open'
            ? h(
                'div',
                { class: 'actions' },
                h(
                  'button',
                  { type: 'button', class: 'button', click: () => answer(c.id, 'same-household') },
                  'Zelfde gezin',
                ),
                h(
                  'button',
                  {
                    type: 'button',
                    class: 'button button--secondary',
                    click: () => answer(c.id, 'different-household'),
                  },
                  'Ander gezin',
                ),
              )
            : null,
        ),
      ),
    ),
    open.length === 0 ? h('p', {}, h('a', { href: `/meldingen/${enc}` }, 'Naar de melding')) : null,
  );
}
