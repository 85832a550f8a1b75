import { z } from 'zod';
import type { ResponseSpec } from '../http/route-registry';

/**
 * The workflow has the command but did not answer within the API's wait (a busy worker, a worker
 * restarting): the change will be made, or refused, by the workflow; the client fetches the outcome
 * at `location`. Thrown rather than returned so every command route answers it the same way; the
 * error handler turns it into 202 Accepted with Location and Retry-After.
 */
export class CommandAccepted extends Error {
  constructor(
    readonly reportId: string,
    readonly updateId: string,
  ) {
    super('command accepted, outcome pending');
  }

  get location(): string {
    return commandOutcomePath(this.reportId, this.updateId);
  }
}

export function commandOutcomePath(reportId: string, updateId: string): string {
  return `/v1/reports/${encodeURIComponent(reportId)}/updates/${encodeURIComponent(updateId)}`;
}

export const RETRY_OUTCOME_AFTER_SECONDS = 2;

export const commandAcceptedSchema = z.object({
  status: z.literal('accepted'),
  updateId: z.string(),
  location: z.string().describe('Where the outcome can be fetched: 200 with the new state once the workflow answered.'),
});

export function commandAcceptedBody(accepted: CommandAccepted): z.infer<typeof commandAcceptedSchema> {
  return { status: 'accepted', updateId: accepted.updateId, location: accepted.location };
}

export const commandAcceptedResponse: ResponseSpec = {
  description:
    'The workflow has the command but did not answer in time; it will make or refuse the change once. ' +
    'Fetch the outcome at Location (after Retry-After seconds).',
  schema: commandAcceptedSchema,
  headers: {
    Location: 'The outcome: GET /v1/reports/{id}/updates/{updateId}.',
    'Retry-After': 'Seconds to wait before fetching the outcome.',
    'Idempotency-Key': 'The key the command ran under (the request’s, or one generated for it).',
  },
};
