import mongoose from 'mongoose';
import { createCalendar } from '../../domain/calendar';
import { caseStateModel, type CaseStateDoc } from '../../store/case-state-model';
import { reportModel, type ReportDoc } from '../../store/report-model';
import { taskModel, type TaskDoc } from '../../store/task-model';

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

const TEN_WEEKS_MS = 70 * 86_400_000;
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

/** The public norms per team for reports received (and investigations finished) in [from, to). */
export async function teamKpis(
  connection: mongoose.Connection,
  teams: string[] | undefined,
  from: Date,
  to: Date,
  now = new Date(),
): Promise<TeamKpis[]> {
  const cal = createCalendar();
  const teamFilter = teams ? { team: mongoose.trusted({ $in: teams }) } : {};
  const reports = await reportModel(connection)
    .find({ ...teamFilter, receivedAt: mongoose.trusted({ $gte: from, $lt: to }) }, { _id: 1, team: 1, receivedAt: 1 })
    .lean<Pick<ReportDoc, '_id' | 'team' | 'receivedAt'>[]>();
  const ids = reports.map((r) => r._id);
  const tasks = taskModel(connection);
  const firstSteps = ids.length
    ? await tasks
        .find(
          {
            reportId: mongoose.trusted({ $in: ids }),
            type: mongoose.trusted({ $in: ['contact-and-assessment', 'decision'] }),
          },
          { reportId: 1, type: 1, status: 1, completedAt: 1 },
        )
        .lean<TaskDoc[]>()
    : [];
  const firstCompleted = (type: string) => {
    const byReport = new Map<string, TaskDoc>();
    for (const t of firstSteps) {
      if (t.type !== type || t.status !== 'completed' || !t.completedAt || !t.reportId) continue;
      const known = byReport.get(t.reportId);
      if (!known || known.completedAt!.getTime() > t.completedAt.getTime()) byReport.set(t.reportId, t);
    }
    return byReport;
  };
  const contactByReport = firstCompleted('contact-and-assessment');
  const decisionByReport = firstCompleted('decision');
  const investigations = await tasks
    .find(
      {
        ...teamFilter,
        type: 'investigation',
        status: 'completed',
        completedAt: mongoose.trusted({ $gte: from, $lt: to }),
      },
      { team: 1, createdAt: 1, completedAt: 1 },
    )
    .lean<TaskDoc[]>();
  const open = await caseStateModel(connection)
    .find({ ...teamFilter, phase: mongoose.trusted({ $ne: 'closed' }) }, { team: 1, phase: 1, phaseSince: 1 })
    .lean<CaseStateDoc[]>();

  const all = new Set([...(teams ?? []), ...reports.map((r) => r.team), ...open.map((c) => c.team)]);
  return [...all].sort().map((team) => {
    const own = reports.filter((r) => r.team === team);
    const withinFiveWorkingDays = (done: Map<string, TaskDoc>) => {
      let met = 0;
      let due = 0;
      for (const r of own) {
        const norm = cal.endOfDay(cal.addWorkingDays(r.receivedAt, 5));
        const step = done.get(r._id);
        const inTime = step?.completedAt !== undefined && step.completedAt.getTime() <= norm.getTime();
        if (inTime) met++;
        if (inTime || norm.getTime() < now.getTime() || step) due++;
      }
      return { met, due, share: share(met, due) };
    };
    const inv = investigations.filter((t) => t.team === team);
    const invMet = inv.filter((t) => t.completedAt!.getTime() - t.createdAt.getTime() <= TEN_WEEKS_MS).length;
    const openOwn = open.filter((c) => c.team === team);
    const perPhase: Record<string, number> = {};
    for (const c of openOwn) perPhase[c.phase] = (perPhase[c.phase] ?? 0) + 1;
    const waiting = median(openOwn.map((c) => (now.getTime() - c.phaseSince.getTime()) / 3_600_000));
    return {
      team,
      reportsReceived: own.length,
      assessmentWithinNorm: { ...withinFiveWorkingDays(decisionByReport), norm: ASSESSMENT_NORM },
      contactWithinNorm: withinFiveWorkingDays(contactByReport),
      investigationsWithinNorm: {
        met: invMet,
        finished: inv.length,
        share: share(invMet, inv.length),
        norm: INVESTIGATION_NORM,
      },
      openCasesPerPhase: perPhase,
      medianWaitingHours: waiting === null ? null : Math.round(waiting * 10) / 10,
    };
  });
}
