import type mongoose from 'mongoose';
import type { AuditLog } from '../audit/audit-log';
import type { Config } from '../config/config';
import type { ReportIntake } from './reports/report-intake';
import type { WorkflowStarter } from './reports/workflow-starter';
import type { WorkflowGateway } from './temporal/workflow-gateway';
import type { ActivityHealth } from './supervision/activity-health';

/** What route modules share: the store, Temporal through the gateway, the audit log. */
export interface ApiContext {
  config: Config;
  store: mongoose.Connection;
  gateway: WorkflowGateway;
  audit: AuditLog;
  intake: ReportIntake;
  starter: WorkflowStarter;
  activityHealth: ActivityHealth;
}
