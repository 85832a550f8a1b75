import type { AuditEntry } from '../../audit/audit-log';

/**
 * A successful access to one object as a route records it: one shape for every read, list and
 * write; reportId files the event in that report's audit trail.
 */
export function succeeded(
  action: string,
  type: AuditEntry['object']['type'],
  id: string,
  reportId: string | undefined,
): AuditEntry {
  return { action, object: { type, id }, reportId, result: 'success' };
}
