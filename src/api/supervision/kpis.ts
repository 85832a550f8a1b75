import type mongoose from 'mongoose';
import { createCalendar } from '../../domain/calendar';
import { factsBetween, firstStepNorm, type KpiFactKind } from '../../store/kpi-facts';
import { literal, type CaseVisibility } from './case-visibility';

export interface TeamKpis {
  team: string;
  reportsReceived: number;
  /**
   * The statutory measure: share of reports (received in the period, clock already run out or
   * decided) whose safety assessment ended in a decision within 5 working days of receipt. Norm 90 %.
   */
  assessmentWithinNorm: { met: number; due: number; share: number | null; norm: number };
  /** Share of reports contacted within 5 working days: contact alone is not the assessment, shown for context. */
  contactWithinNorm: { met: number; due: number; share: number | null };
  /** Share of investigations finished in the period within 10 weeks of their start. Norm 80 %. */
  investigationsWithinNorm: { met: number; finished: number; share: number | null; norm: number };
  openCasesPerPhase: Record<string, number>;
  /** Median time the team's open cases have been waiting in their current phase, in hours. */
  medianWaitingHours: number | null;
}

/** Open cases listed from visibility for the per-phase counts and the median wait. */
const OPEN_CASES_LIMIT = 20_000;
/** Public norms (Handelingsprotocol Veilig Thuis; see docs/PROCESS.md). */
const ASSESSMENT_NORM = 0.9;
const INVESTIGATION_NORM = 0.8;

export function median(values: number[]): number | null {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

const share = (met: number, of: number) => (of ? Math.round((met / of) * 1000) / 1000 : null);

/**
 * The public norms per team for reports received (and investigations finished) in [from, to),
 * in whole local days: the KPI facts of each day (src/store/kpi-facts.ts, written as reports come
 * in and steps are completed) are read by `_id`, and the open cases per phase come from Temporal's
 * visibility. Nothing here reads the reports or tasks of the history.
 */
export async function teamKpis(
  connection: mongoose.Connection,
  visibility: CaseVisibility,
  teams: string[] | undefined,
  from: Date,
  to: Date,
  now = new Date(),
): Promise<TeamKpis[]> {
  const cal = createCalendar();
  const scope = teams?.length === 1 ? [`VtTeam = ${literal(teams[0])}`] : [];
  const [days, openAll] = await Promise.all([
    factsBetween(connection, from, to),
    visibility.list([...scope, `VtPhase != 'closed'`], OPEN_CASES_LIMIT),
  ]);
  const wanted = (team: string) => !teams || teams.includes(team);
  const open = openAll.filter((c) => wanted(c.team));
  const all = new Set([...(teams ?? []), ...open.map((c) => c.team)]);
  for (const facts of days.values()) for (const f of facts) if (wanted(f.team)) all.add(f.team);

  return [...all].sort().map((team) => {
    let received = 0;
    const steps = { contact: { met: 0, due: 0 }, decision: { met: 0, due: 0 } };
    let invMet = 0;
    let invFinished = 0;
    for (const [day, facts] of days) {
      const own = facts.filter((f) => f.team === team);
      const count = (kind: KpiFactKind) => own.filter((f) => f.kind === kind).length;
      const receivedThatDay = count('received');
      received += receivedThatDay;
      // Every report received on one day has the same norm; once it passed, each of them is due.
      const normPassed = firstStepNorm(new Date(cal.endOfDay(day).getTime() - 1)).getTime() < now.getTime();
      for (const step of ['contact', 'decision'] as const) {
        const met = count(`${step}-in-time`);
        steps[step].met += met;
        steps[step].due += normPassed ? receivedThatDay : met + count(`${step}-late`);
      }
      invMet += count('investigation-met');
      invFinished += count('investigation-met') + count('investigation-late');
    }
    const openOwn = open.filter((c) => c.team === team);
    const perPhase: Record<string, number> = {};
    for (const c of openOwn) perPhase[c.phase] = (perPhase[c.phase] ?? 0) + 1;
    const waiting = median(openOwn.map((c) => (now.getTime() - c.waitingSince.getTime()) / 3_600_000));
    return {
      team,
      reportsReceived: received,
      assessmentWithinNorm: {
        ...steps.decision,
        share: share(steps.decision.met, steps.decision.due),
        norm: ASSESSMENT_NORM,
      },
      contactWithinNorm: { ...steps.contact, share: share(steps.contact.met, steps.contact.due) },
      investigationsWithinNorm: {
        met: invMet,
        finished: invFinished,
        share: share(invMet, invFinished),
        norm: INVESTIGATION_NORM,
      },
      openCasesPerPhase: perPhase,
      medianWaitingHours: waiting === null ? null : Math.round(waiting * 10) / 10,
    };
  });
}
