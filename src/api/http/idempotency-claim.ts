import { createHash } from 'node:crypto';
import type mongoose from 'mongoose';
import { isDuplicateKey } from '../../store/duplicate-key';
import { idempotencyKeyModel, type IdempotencyKeyDoc } from '../../store/idempotency-key-model';
import { HttpProblem } from './problem';

/**
 * Claims a user's Idempotency-Key for the resource a create request is about to make (one insert,
 * FerretDB's one atomic step): the id to create under — `resourceId` when this request claimed
 * it, the first request's when the key was used before with the same body. Another body, or the
 * key used for another kind of resource, is a 422.
 */
export async function claimIdempotencyKey(
  connection: mongoose.Connection,
  claim: {
    sub: string;
    key: string;
    hash: string;
    resourceType: IdempotencyKeyDoc['resourceType'];
    resourceId: string;
  },
): Promise<string> {
  const keys = idempotencyKeyModel(connection);
  const _id = createHash('sha256').update(`${claim.sub}\n${claim.key}`).digest('hex');
  try {
    await keys.create({
      _id,
      requestHash: claim.hash,
      resourceType: claim.resourceType,
      resourceId: claim.resourceId,
      createdAt: new Date(),
    });
    return claim.resourceId;
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
  const existing = await keys.findById(_id).lean();
  if (!existing) throw new Error('idempotency key vanished');
  if (existing.requestHash !== claim.hash || existing.resourceType !== claim.resourceType)
    throw new HttpProblem(422, 'Unprocessable Content', {
      detail: 'This Idempotency-Key was used before with a different request body.',
    });
  return existing.resourceId;
}
