import type mongoose from 'mongoose';
import type { Client, Connection } from '@temporalio/client';
import type { PayloadCodec } from '@temporalio/common';
import type { AuditLog } from '../audit/audit-log';
import type { Config } from '../config/config';
import type { Logger } from '../logging/logger';
import type { ReportIntake } from './reports/report-intake';
import type { WorkflowStarter } from './reports/workflow-starter';
import type { WorkflowGateway } from './temporal/workflow-gateway';
import type { ActivityHealth } from './supervision/activity-health';
import type { AdviceFollowUpGateway } from './advice/advice-follow-up-gateway';
import type { HouseholdRegistry } from '../households/household-registry';
import type { HouseholdMatchDeps } from '../households/household-match';

/** What the API is built from: the process opens these connections, the API only uses them. */
export interface AppDeps {
  config: Config;
  store: mongoose.Connection;
  temporal: { client: Client; connection: Connection };
  logger?: Logger;
  /** The payload codec; when given, the remote codec endpoint for the Temporal Web UI and CLI is served. */
  codec?: PayloadCodec;
}

/** What route modules share: the store, Temporal through the gateway, the audit log. */
export interface ApiContext {
  config: Config;
  store: mongoose.Connection;
  gateway: WorkflowGateway;
  audit: AuditLog;
  intake: ReportIntake;
  starter: WorkflowStarter;
  activityHealth: ActivityHealth;
  adviceFollowUps: AdviceFollowUpGateway;
  /** Households as lasting records: matching index, search, match decisions (src/households). */
  households: HouseholdMatchDeps & { registry: HouseholdRegistry };
}
