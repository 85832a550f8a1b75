import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import { z } from 'zod';
import type { HeaderSpec } from './route-registry';
import { parseOrThrow } from './validation';

export const idempotencyKeySchema = z
  .string()
  .regex(/^[A-Za-z0-9._:-]{8,128}$/, 'must be 8–128 letters, digits or ._:-');

/** What a repeat with the same key returns differs per route, so each route describes it. */
export function idempotencyHeader(description: string): HeaderSpec {
  return { name: 'Idempotency-Key', description, schema: idempotencyKeySchema };
}

export const purposeHeader: HeaderSpec = {
  name: 'X-Purpose',
  description:
    'Why the data is accessed (audit trail). Defaults to case-handling, or supervision on supervision endpoints.',
  schema: z.enum(['case-handling', 'supervision', 'quality-assurance', 'complaint-handling', 'legal-obligation']),
};

// Parsed as a named field so a refusal names the header rather than "(root)".
const idempotencyKeyField = z.object({ 'Idempotency-Key': idempotencyKeySchema });

export function idempotencyKeyOf(req: Request): string | undefined {
  const raw = req.headers['idempotency-key'];
  if (raw === undefined) return undefined;
  return parseOrThrow(idempotencyKeyField, { 'Idempotency-Key': raw }, 'header')['Idempotency-Key'];
}

/**
 * The key a command (a workflow Update) runs under: the client's Idempotency-Key, or one generated
 * for a client that sent none. Either way it is answered in the Idempotency-Key response header —
 * on 200, 202 and problems alike — so any client can repeat a command whose answer it lost.
 */
export function commandKeyOf(req: Request, res: Response): { key: string; fromClient: boolean } {
  const fromClient = idempotencyKeyOf(req);
  const key = fromClient ?? randomUUID();
  res.setHeader('Idempotency-Key', key);
  return { key, fromClient: fromClient !== undefined };
}
