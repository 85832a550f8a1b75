import fs from 'node:fs';
import path from 'node:path';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { ROOT } from './workflow-bundle';

export const DEFAULT_HISTORIES_DIR = path.join(ROOT, 'test', 'workflow', 'histories');

export interface RecordedHistory {
  workflowId: string;
  history: temporal.api.history.v1.History;
}

/**
 * Every recorded history under `dir`, sub-folders included: histories of cases started before a
 * patched() change (e.g. before-statutory-assessment/) must keep replaying as long as such cases
 * may run. The id is the file's path without `.json`, so a failure names the folder too.
 */
export function loadHistories(dir = DEFAULT_HISTORIES_DIR): RecordedHistory[] {
  const files = (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith('.json')).sort();
  return files.map((file) => ({
    workflowId: file.replace(/\.json$/, ''),
    history: temporal.api.history.v1.History.fromObject(JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'))),
  }));
}

export interface ReplayFailure {
  workflowId: string;
  error: string;
}

/** Replays the histories against the bundle file itself (not a fresh bundle of the source) and returns the failures. */
export async function replayAgainstBundle(codePath: string, histories: RecordedHistory[]): Promise<ReplayFailure[]> {
  const failures: ReplayFailure[] = [];
  let replayed = 0;
  for await (const result of Worker.runReplayHistories({ workflowBundle: { codePath } }, histories)) {
    replayed += 1;
    if (result.error !== undefined) {
      const error = result.error instanceof Error ? result.error.message : String(result.error);
      failures.push({ workflowId: result.workflowId, error });
    }
  }
  // A replay that silently skipped histories would pass for the wrong reason.
  if (replayed !== histories.length) throw new Error(`Replayed ${replayed} of ${histories.length} histories.`);
  return failures;
}
