/// <reference lib="dom" />
import { get, query } from '../api';
import { barChart } from '../charts';
import { h } from '../dom';
import { render, table } from '../layout';
import { formatDate, formatNumber, PHASE_LABELS } from '../labels';

type Rec = Record<string, unknown>;

/** Weekly KPIs per team: share of reports assessed within 5 working days, and open cases per phase. */
export async function kpiPage(): Promise<void> {
  const params = new URLSearchParams(location.search);
  const weeksBack = Math.min(26, Math.max(2, Number(params.get('weken') ?? 8) || 8));
  const weeks = lastWeeks(weeksBack);
  const results = await Promise.all(
    weeks.map((w) => get<Rec>(`/v1/supervision/kpis${query({ from: w.from.toISOString(), to: w.to.toISOString() })}`)),
  );
  const categories = weeks.map((w) => `wk ${w.label}`);

  const teamRows = results.map((r) => teamsOf(r));
  const teams = [...new Set(teamRows.flatMap((rows) => rows.map((t) => String(t.team))))].sort();
  const share = teams.map((team) => ({
    name: `team ${team}`,
    values: teamRows.map((rows) => {
      const t = rows.find((x) => x.team === team);
      const v = t ? (pickNumber(t, ['assessmentWithinNorm']) ?? null) : null;
      return v === null ? null : v <= 1 ? v * 100 : v;
    }),
  }));
  // Open cases per phase is a snapshot of now (the API keeps no history of phases per week).
  const latest = teamRows[teamRows.length - 1] ?? [];
  const phases = Object.keys(PHASE_LABELS).filter(
    (p) => p !== 'closed' && latest.some((t) => Number((t.openCasesPerPhase as Rec | undefined)?.[p] ?? 0) > 0),
  );
  const openPerPhase = latest.map((t) => ({
    name: `team ${String(t.team)}`,
    values: phases.map((p) => Number((t.openCasesPerPhase as Rec | undefined)?.[p] ?? 0)),
  }));
  const summaryRows = latest.map((t) => {
    const c = (t.assessmentWithinNorm ?? {}) as Rec;
    const contact = (t.contactWithinNorm ?? {}) as Rec;
    const inv = (t.investigationsWithinNorm ?? {}) as Rec;
    return h(
      'tr',
      {},
      h('th', { scope: 'row' }, `team ${String(t.team)}`),
      h('td', {}, String(t.reportsReceived ?? '–')),
      h('td', {}, typeof c.share === 'number' ? `${Math.round(c.share * 100)} % (${c.met} van ${c.due})` : '–'),
      h(
        'td',
        {},
        typeof contact.share === 'number'
          ? `${Math.round(contact.share * 100)} % (${contact.met} van ${contact.due})`
          : '–',
      ),
      h(
        'td',
        {},
        typeof inv.share === 'number' ? `${Math.round(inv.share * 100)} % (${inv.met} van ${inv.finished})` : '–',
      ),
      h('td', {}, typeof t.medianWaitingHours === 'number' ? `${formatNumber(t.medianWaitingHours)} uur` : '–'),
    );
  });

  const form = h(
    'form',
    { class: 'filters', method: 'get', action: '/toezicht/kpi' },
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'weken' }, 'Aantal weken'),
      h('input', { id: 'weken', name: 'weken', type: 'number', min: 2, max: 26, value: weeksBack }),
    ),
    h('div', { class: 'field' }, h('button', { type: 'submit', class: 'button' }, 'Tonen')),
  );
  render(
    'Kengetallen',
    h(
      'p',
      { class: 'lead' },
      `Van ${formatDate(weeks[0].from.toISOString())} tot en met ${formatDate(new Date(weeks[weeks.length - 1].to.getTime() - 1).toISOString())}, per week.`,
    ),
    form,
    h('h2', {}, 'Binnen 5 werkdagen beoordeeld'),
    h(
      'p',
      {},
      'Het aandeel meldingen waarbij de veiligheidsbeoordeling binnen 5 werkdagen na ontvangst met een besluit over het vervolg is afgerond, per team en per week. Wettelijke termijn, landelijke norm: 90 %.',
    ),
    share.length
      ? barChart({
          caption: 'Aandeel binnen 5 werkdagen beoordeeld, per team per week',
          categories,
          series: share,
          max: 100,
          unit: ' %',
          norm: { value: 90, label: 'norm 90 %' },
        })
      : h('p', { class: 'muted' }, 'Nog geen meldingen in deze periode.'),
    h('h2', {}, 'Open zaken per fase'),
    phases.length
      ? barChart({
          caption: 'Open zaken per fase, nu, per team',
          categories: phases.map((p) => PHASE_LABELS[p]),
          series: openPerPhase,
          integer: true,
          format: (n) => String(Math.round(n)),
        })
      : h('p', { class: 'muted' }, 'Er zijn geen open zaken.'),
    table(
      'Deze week per team',
      [
        'Team',
        'Meldingen ontvangen',
        'Binnen 5 werkdagen beoordeeld (besluit)',
        'Binnen 5 werkdagen contact met melder',
        'Onderzoek binnen 10 weken',
        'Mediane wachttijd in huidige fase',
      ],
      summaryRows,
      'Nog geen cijfers voor deze week.',
    ),
  );
}

function teamsOf(r: Rec): Rec[] {
  for (const key of ['teams', 'perTeam', 'items']) if (Array.isArray(r[key])) return r[key] as Rec[];
  return [];
}

function pickNumber(r: Rec, keys: string[]): number | undefined {
  for (const k of keys) {
    const v = r[k];
    if (typeof v === 'number') return v;
    if (v && typeof v === 'object' && typeof (v as Rec).share === 'number') return (v as Rec).share as number;
    if (v && typeof v === 'object' && typeof (v as Rec).ratio === 'number') return (v as Rec).ratio as number;
  }
  return undefined;
}

/** The last N weeks, Monday 00:00 to the next Monday, the current week last. */
function lastWeeks(n: number): { from: Date; to: Date; label: string }[] {
  const now = new Date();
  const monday = new Date(now.getFullYear(), now.getMonth(), now.getDate() - ((now.getDay() + 6) % 7));
  return Array.from({ length: n }, (_, i) => {
    const from = new Date(monday.getFullYear(), monday.getMonth(), monday.getDate() - 7 * (n - 1 - i));
    const to = new Date(from.getFullYear(), from.getMonth(), from.getDate() + 7);
    return { from, to, label: String(isoWeek(from)) };
  });
}

function isoWeek(d: Date): number {
  const t = new Date(Date.UTC(d.getFullYear(), d.getMonth(), d.getDate()));
  t.setUTCDate(t.getUTCDate() + 4 - (t.getUTCDay() || 7));
  const yearStart = new Date(Date.UTC(t.getUTCFullYear(), 0, 1));
  return Math.ceil(((t.getTime() - yearStart.getTime()) / 86400000 + 1) / 7);
}
