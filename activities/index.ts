import type { Client } from '@temporalio/client';
import type mongoose from 'mongoose';
import { ChildProtectionBoardClient } from './child-protection-board';
import { createHouseholdActivities } from './household-activities';
import { createStoreActivities } from './store-activities';
import type { ChildProtectionBoardFacts } from '../src/domain/report';

export interface ActivityDeps {
  connection: mongoose.Connection;
  /** For signal-with-start of household workflows. */
  temporal: Client;
  /** The task queue household workflows are started on (the worker's own). */
  taskQueue: string;
  childProtectionBoardUrl: string;
  /** Per-request timeout of the board's look-up (default 5 s). */
  childProtectionBoardTimeoutMs?: number;
}

/** All activities of the report and household workflows, bound to their dependencies. */
export function createActivities(deps: ActivityDeps) {
  const board = new ChildProtectionBoardClient({ baseUrl: deps.childProtectionBoardUrl, timeoutMs: deps.childProtectionBoardTimeoutMs });
  return {
    ...createStoreActivities(deps.connection),
    ...createHouseholdActivities(deps),
    async lookupChildProtectionBoard(input: { householdId: string }): Promise<ChildProtectionBoardFacts> {
      return board.lookup(input.householdId);
    },
  };
}

export type Activities = ReturnType<typeof createActivities>;
