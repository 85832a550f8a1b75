import { asyncLocalStorage } from '@temporalio/activity';

/**
 * Tells Temporal a long activity is still making progress, so a worker that dies half-way is noticed
 * within the heartbeat timeout instead of the whole start-to-close timeout, and the retry starts at
 * once on another worker. A no-op when the function is called directly (tests, scripts), outside an
 * activity, where there is nobody to tell.
 */
export function reportProgress(details?: unknown): void {
  asyncLocalStorage.getStore()?.heartbeat(details);
}
