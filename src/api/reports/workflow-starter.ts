import type mongoose from 'mongoose';
import { recordReceived } from '../../store/kpi-facts';
import { reportModel, type ReportDoc } from '../../store/report-model';
import type { WorkflowGateway } from '../temporal/workflow-gateway';
import type { CalendarConfig } from '../../domain/calendar';
import { regionCalendar } from '../calendar/region-calendar';
import { workflowInputOf } from './workflow-input';

/**
 * Starts a saved report's workflow and then marks the report started. Safe to call twice (from a
 * request and the reconciler at once): Temporal rejects the duplicate id and that counts as done.
 * Throws when Temporal is unreachable; the report stays unmarked for the reconciler. The attempt
 * is counted with the outcome (one write either way).
 */
export class WorkflowStarter {
  private readonly reports: mongoose.Model<ReportDoc>;

  constructor(
    private readonly connection: mongoose.Connection,
    private readonly gateway: WorkflowGateway,
  ) {
    this.reports = reportModel(connection);
  }

  /** `calendar`: the region's calendar when the caller has just read it (the intake has). */
  async start(report: ReportDoc, calendar?: CalendarConfig): Promise<void> {
    if (report.workflowStarted) return;
    // The report's KPI fact, beside the start: every intake of a day changes that day's one list,
    // under its lock, and waiting for it before the start made it the intake's slowest step
    // (bench:first-task at 10 reports/s: p50 159 ms, p95 500 ms of an intake's 371 and 982 ms). Both
    // must land before the report is marked started, so the reconciler retries whichever failed
    // (a repeated fact is kept once).
    const received = recordReceived(this.connection, report);
    received.catch(() => undefined); // awaited below, whichever way the start goes
    try {
      await this.gateway.startReport(workflowInputOf(report, calendar ?? (await regionCalendar(this.connection))));
    } catch (err) {
      await this.reports.updateOne({ _id: report._id }, { $inc: { startAttempts: 1 } }).catch(() => undefined);
      await received.catch(() => undefined);
      throw err;
    }
    await received;
    await this.reports.updateOne(
      { _id: report._id },
      { $set: { workflowStarted: true, workflowStartedAt: new Date() }, $inc: { startAttempts: 1 } },
    );
    report.workflowStarted = true;
  }
}
