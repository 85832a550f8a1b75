import type mongoose from 'mongoose';
import { reportModel, type ReportDoc } from '../../store/report-model';
import type { WorkflowGateway } from '../temporal/workflow-gateway';
import { regionCalendar } from '../calendar/region-calendar';
import { workflowInputOf } from './workflow-input';

/**
 * Starts a saved report's workflow and then marks the report started. Safe to call twice (from a
 * request and the reconciler at once): Temporal rejects the duplicate id and that counts as done.
 * Throws when Temporal is unreachable; the report stays unmarked for the reconciler.
 */
export class WorkflowStarter {
  private readonly reports: mongoose.Model<ReportDoc>;

  constructor(
    private readonly connection: mongoose.Connection,
    private readonly gateway: WorkflowGateway,
  ) {
    this.reports = reportModel(connection);
  }

  async start(report: ReportDoc): Promise<void> {
    if (report.workflowStarted) return;
    await this.reports.updateOne({ _id: report._id }, { $inc: { startAttempts: 1 } });
    await this.gateway.startReport(workflowInputOf(report, await regionCalendar(this.connection)));
    await this.reports.updateOne(
      { _id: report._id },
      { $set: { workflowStarted: true, workflowStartedAt: new Date() } },
    );
    report.workflowStarted = true;
  }
}
