import { ApplicationFailure } from '@temporalio/common';
import type mongoose from 'mongoose';
import type { ChildProtectionBoardFacts } from '../src/domain/report';
import { householdOfReport, resolveHousehold } from '../src/households/resolve-household';

/** How the board knows a person: the BSN where we have one, else name and birth date. */
export type BoardPerson = { bsn: string } | { name: string; birthDate: string };

/**
 * Adapter to the Child Protection Board's look-up service. The board is asked about the
 * household's members by the identifiers it knows them by (BSN where present), in a POST body —
 * never in a URL, never our internal household id; the answer is reduced to non-identifying facts
 * (known or not, how many active measures).
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

  async lookup(persons: BoardPerson[]): Promise<ChildProtectionBoardFacts> {
    const url = `${this.baseUrl}/v1/persons/records-searches`;
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: { accept: 'application/json', 'content-type': 'application/json' },
        body: JSON.stringify({ persons }),
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

/** The household's members as the board knows them, read from the case store (following a merge). */
export async function boardPersonsOf(
  connection: mongoose.Connection,
  householdId: string,
  reportId?: string,
): Promise<BoardPerson[]> {
  const household = reportId
    ? await householdOfReport(connection, reportId, householdId)
    : await resolveHousehold(connection, householdId);
  const persons: BoardPerson[] = [];
  for (const m of household?.personalDataRemovedAt ? [] : (household?.members ?? [])) {
    if (m.bsn) persons.push({ bsn: m.bsn });
    else if (m.name && m.birthDate) persons.push({ name: m.name, birthDate: m.birthDate });
  }
  return persons;
}

/**
 * The report workflow's look-up of the household at the board, one client per worker. The
 * workflow passes only the household id; the identifiers are resolved here, from the case store,
 * so no BSN or name enters a workflow input or history. Nobody to ask about: `not-asked`.
 */
export function createBoardActivities(
  options: ChildProtectionBoardClientOptions & { connection: mongoose.Connection },
) {
  const board = new ChildProtectionBoardClient(options);
  return {
    /** `reportId` (newer cases): the household the report belongs to now, after a split. */
    async lookupChildProtectionBoard(input: {
      householdId: string;
      reportId?: string;
    }): Promise<ChildProtectionBoardFacts> {
      const persons = await boardPersonsOf(options.connection, input.householdId, input.reportId);
      if (persons.length === 0) return { status: 'not-asked' };
      return board.lookup(persons);
    },
  };
}
