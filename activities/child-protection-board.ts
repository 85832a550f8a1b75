import { ApplicationFailure } from '@temporalio/common';
import type { ChildProtectionBoardFacts } from '../src/domain/report';

/**
 * Adapter to the Child Protection Board's look-up service. Only the household id leaves VT here;
 * the answer is reduced to non-identifying facts (known or not, how many active measures).
 * Timeouts are deliberate: a hanging board must fail the attempt well inside the activity's
 * startToCloseTimeout so Temporal's retry policy, not a stuck socket, decides what happens next.
 */
export interface ChildProtectionBoardClientOptions {
  baseUrl: string;
  /** Per request, connect + response. */
  timeoutMs?: number;
}

export class ChildProtectionBoardClient {
  private readonly baseUrl: string;
  private readonly timeoutMs: number;

  constructor(options: ChildProtectionBoardClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? 5_000;
  }

  async lookup(householdId: string): Promise<ChildProtectionBoardFacts> {
    const url = `${this.baseUrl}/v1/households/${encodeURIComponent(householdId)}/records`;
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'GET',
        headers: { accept: 'application/json' },
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      // Duck-typed: AbortSignal.timeout rejects with a DOMException, which may come from another realm.
      const name = (err as { name?: unknown } | null)?.name;
      const timedOut = name === 'TimeoutError' || name === 'AbortError';
      // Retryable: the board may be back in a moment. No URL or id in the message.
      throw ApplicationFailure.retryable(
        timedOut ? 'Child Protection Board look-up timed out' : 'Child Protection Board unreachable',
        'ChildProtectionBoardUnavailable',
      );
    }
    if (response.status === 404) return { status: 'unknown' };
    if (response.status >= 500 || response.status === 429) {
      await response.body?.cancel();
      throw ApplicationFailure.retryable(
        `Child Protection Board answered ${response.status}`,
        'ChildProtectionBoardUnavailable',
      );
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw ApplicationFailure.nonRetryable(
        `Child Protection Board refused the look-up (${response.status})`,
        'ChildProtectionBoardRejected',
      );
    }
    const body = (await response.json()) as { known?: unknown; activeMeasures?: unknown };
    if (typeof body.known !== 'boolean')
      throw ApplicationFailure.nonRetryable(
        'Child Protection Board answer has no "known" flag',
        'ChildProtectionBoardRejected',
      );
    const activeMeasures =
      typeof body.activeMeasures === 'number' && Number.isInteger(body.activeMeasures) && body.activeMeasures >= 0
        ? body.activeMeasures
        : undefined;
    return body.known
      ? { status: 'known', ...(activeMeasures !== undefined ? { activeMeasures } : {}) }
      : { status: 'unknown' };
  }
}

/** The report workflow's look-up of the household at the board, one client per worker. */
export function createBoardActivities(options: ChildProtectionBoardClientOptions) {
  const board = new ChildProtectionBoardClient(options);
  return {
    async lookupChildProtectionBoard(input: { householdId: string }): Promise<ChildProtectionBoardFacts> {
      return board.lookup(input.householdId);
    },
  };
}
