import type mongoose from 'mongoose';
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
    try {
      await this.gateway.startReport(workflowInputOf(report, calendar ?? (await regionCalendar(this.connection))));
    } catch (err) {
      await this.reports.updateOne({ _id: report._id }, { $inc: { startAttempts: 1 } }).catch(() => undefined);
      throw err;
    }
    await this.reports.updateOne(
      { _id: report._id },
      { $set: { workflowStarted: true, workflowStartedAt: new Date() }, $inc: { startAttempts: 1 } },
    );
    report.workflowStarted = true;
  }
}
