import type { Registry } from 'prom-client';
import type { ApiContext, AppDeps } from './api-context';
import type { RouteRegistry } from './http/route-registry';
import { registerOperationsRoutes } from './operations-routes';
import { registerAdviceRoutes } from './advice/advice-routes';
import { registerReportRoutes } from './reports/report-routes';
import { registerTimelineRoutes } from './reports/timeline-routes';
import { registerHouseholdRoutes } from './households/household-routes';
import { registerUpdateOutcomeRoutes } from './reports/update-outcome-routes';
import { registerCaseFileRoutes } from './case-file/case-file-routes';
import { registerSupervisionRoutes } from './supervision/supervision-routes';
import { registerSupervisorActionRoutes } from './supervision/supervisor-action-routes';
import { registerTaskRoutes } from './tasks/task-routes';
import { registerStaffRoutes } from './staff/staff-routes';
import { registerCalendarRoutes } from './calendar/calendar-routes';

/** Every route of the API, in the order the OpenAPI document lists them. */
export function registerRoutes(registry: RouteRegistry, ctx: ApiContext, deps: AppDeps, metrics: Registry): void {
  registerReportRoutes(registry, ctx);
  registerTimelineRoutes(registry, ctx);
  registerHouseholdRoutes(registry, ctx);
  registerCaseFileRoutes(registry, ctx);
  registerSupervisorActionRoutes(registry, ctx);
  registerUpdateOutcomeRoutes(registry, ctx);
  registerAdviceRoutes(registry, ctx);
  registerTaskRoutes(registry, ctx);
  registerSupervisionRoutes(registry, ctx);
  registerStaffRoutes(registry, ctx);
  registerCalendarRoutes(registry, ctx);
  registerOperationsRoutes(registry, deps, metrics);
}
