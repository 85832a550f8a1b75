import type { Request } from 'express';
import type { AuditContext } from '../../audit/audit-log';
import { isPurpose, PURPOSES, type Purpose } from '../../audit/purpose';
import { principalOf } from '../middleware/authenticate';
import { problems } from './problem';
import { requestIdOf } from './request-context';

/** The audit context of a request: caller, purpose (X-Purpose or the endpoint's default), origin. */
export function auditContextOf(req: Request, defaultPurpose: Purpose): AuditContext {
  const header = req.headers['x-purpose'];
  if (header !== undefined && !isPurpose(header)) {
    throw problems.badRequest('Unknown purpose.', [
      { in: 'header', name: 'X-Purpose', code: 'invalid-value', reason: `must be one of ${PURPOSES.join(', ')}` },
    ]);
  }
  return {
    actor: principalOf(req),
    purpose: (header as Purpose | undefined) ?? defaultPurpose,
    requestId: requestIdOf(req),
    ip: req.ip,
  };
}
