/// <reference lib="dom" />
import { get, query } from '../api';
import { barChart } from '../charts';
import { h } from '../dom';
import { render } from '../layout';
import { formatDate, PHASE_LABELS } from '../labels';

type Rec = Record<string, unknown>;

/** Weekly KPIs per team: share of reports assessed within 5 working days, and open cases per phase. */
export async function kpiPage(): Promise<void> {
  const params = new URLSearchParams(location.search);
  const weeksBack = Math.min(26, Math.max(2, Number(params.get('weken') ?? 8) || 8));
  const weeks = lastWeeks(weeksBack);
  const results = await Promise.all(weeks.map((w) => get<Rec>(`/v1/supervision/kpis${query({ from: w.from.toISOString(), to: w.to.toISOString() })}`)));
  const categories = weeks.map((w) => `wk ${w.label}`);

  const teamRows = results.map((r) => teamsOf(r));
  const teams = [...new Set(teamRows.flatMap((rows) => rows.map((t) => String(t.team))))].sort();
  const share = teams.map((team) => ({
    name: `team ${team}`,
    values: teamRows.map((rows) => {
      const t = rows.find((x) => x.team === team);
      const v = t ? (pickNumber(t, ['contactWithin5WorkingDays', 'assessedWithin5WorkingDays', 'shareAssessedWithin5WorkingDays', 'contactAndAssessmentWithinNorm']) ?? null) : null;
      return v === null ? null : v <= 1 ? v * 100 : v;
    }),
  }));
  const phases = Object.keys(PHASE_LABELS).filter((p) => p !== 'closed');
  const openPerPhase = phases
    .map((phase) => ({
      name: PHASE_LABELS[phase],
      values: teamRows.map((rows) => rows.reduce((sum, t) => sum + (Number((t.openCasesPerPhase ?? t.openPerPhase ?? t.openCases) && ((t.openCasesPerPhase ?? t.openPerPhase ?? t.openCases) as Rec)[phase]) || 0), 0)),
    }))
    .filter((s) => s.values.some((v) => v > 0));

  const form = h(
    'form',
    { class: 'filters', method: 'get', action: '/toezicht/kpi' },
    h('div', { class: 'field' }, h('label', { for: 'weken' }, 'Aantal weken'), h('input', { id: 'weken', name: 'weken', type: 'number', min: 2, max: 26, value: weeksBack })),
    h('div', { class: 'field' }, h('button', { type: 'submit', class: 'button' }, 'Tonen')),
  );
  render(
    'Kengetallen',
    h('p', { class: 'lead' }, `Van ${formatDate(weeks[0].from.toISOString())} tot en met ${formatDate(new Date(weeks[weeks.length - 1].to.getTime() - 1).toISOString())}, per week.`),
    form,
    h('h2', {}, 'Binnen 5 werkdagen beoordeeld'),
    h('p', {}, 'Het aandeel meldingen waarbij binnen 5 werkdagen contact met de melder was en de veiligheid is beoordeeld, per team en per week. Landelijke norm: 90 %.'),
    share.length
      ? barChart({ caption: 'Aandeel binnen 5 werkdagen beoordeeld, per team per week', categories, series: share, max: 100, unit: ' %', norm: { value: 90, label: 'norm 90 %' } })
      : h('p', { class: 'muted' }, 'Nog geen meldingen in deze periode.'),
    h('h2', {}, 'Open zaken per fase'),
    openPerPhase.length
      ? barChart({ caption: 'Open zaken per fase aan het eind van elke week', categories, series: openPerPhase, stacked: true, format: (n) => String(Math.round(n)) })
      : h('p', { class: 'muted' }, 'Geen open zaken in deze periode.'),
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
