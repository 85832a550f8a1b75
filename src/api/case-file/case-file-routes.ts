import type { ApiContext } from '../api-context';
import type { RouteRegistry } from '../http/route-registry';
import { registerAttachmentRoutes } from './attachment-routes';
import { registerEntryRoutes } from './entry-routes';
import { registerExportRoutes } from './export-routes';

/** Every route of the case file (entries, attachments, the household export). */
export function registerCaseFileRoutes(registry: RouteRegistry, ctx: ApiContext): void {
  registerEntryRoutes(registry, ctx);
  registerAttachmentRoutes(registry, ctx);
  registerExportRoutes(registry, ctx);
}
