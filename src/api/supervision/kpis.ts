import type mongoose from 'mongoose';
import { createCalendar } from '../../domain/calendar';
import { factsBetween, firstStepNorm, type KpiFactKind } from '../../store/kpi-facts';
import { openCaseFigures } from './open-case-figures';

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

/** Public norms (Handelingsprotocol Veilig Thuis; see docs/PROCESS.md). */
const ASSESSMENT_NORM = 0.9;
const INVESTIGATION_NORM = 0.8;

const share = (met: number, of: number) => (of ? Math.round((met / of) * 1000) / 1000 : null);

/**
 * The public norms per team for reports received (and investigations finished) in [from, to),
 * in whole local days: the KPI facts of each day (src/store/kpi-facts.ts, written as reports come
 * in and steps are completed) are read by `_id`, and the open cases per phase from the teams'
 * open-cases lists, also by `_id`. Nothing here reads the reports or tasks of the history.
 */
export async function teamKpis(
  connection: mongoose.Connection,
  teams: string[] | undefined,
  from: Date,
  to: Date,
  now = new Date(),
): Promise<TeamKpis[]> {
  const cal = createCalendar();
  const [days, open] = await Promise.all([factsBetween(connection, from, to), openCaseFigures(connection, teams, now)]);
  const wanted = (team: string) => !teams || teams.includes(team);
  const all = new Set([...(teams ?? []), ...[...open.keys()].filter(wanted)]);
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
    const { perPhase, medianWaitingHours } = open.get(team) ?? { perPhase: {}, medianWaitingHours: null };
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
      medianWaitingHours,
    };
  });
}
