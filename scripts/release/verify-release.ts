/**
 * npm run verify-release [-- --out <bundle file>] [--workflows <workflows/index.ts>] [--histories <dir>]
 *
 * Builds the workflow bundle as the image ships it and replays every recorded history against that
 * file. Exit 0: the bundle may take traffic. Exit 1: the ids of the histories it cannot replay —
 * running cases of that shape would fail their workflow tasks; wrap the change in patched().
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { DEFAULT_HISTORIES_DIR, loadHistories, replayAgainstBundle } from './replay-histories';
import { DEFAULT_BUNDLE_FILE, DEFAULT_WORKFLOWS_PATH, writeWorkflowBundle } from './workflow-bundle';

async function main(): Promise<number> {
  // The replay worker's state changes would bury the one line per step and the failures.
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const { values } = parseArgs({
    options: {
      out: { type: 'string', default: DEFAULT_BUNDLE_FILE },
      workflows: { type: 'string', default: DEFAULT_WORKFLOWS_PATH },
      histories: { type: 'string', default: DEFAULT_HISTORIES_DIR },
    },
  });
  const out = path.resolve(values.out);
  const histories = loadHistories(path.resolve(values.histories));
  if (histories.length === 0) {
    process.stderr.write(`verify-release: no recorded histories in ${values.histories}; nothing proves the bundle.\n`);
    return 2;
  }
  process.stdout.write(`verify-release: bundling ${path.relative(process.cwd(), values.workflows)}\n`);
  await writeWorkflowBundle(out, path.resolve(values.workflows));
  process.stdout.write(`verify-release: replaying ${histories.length} histories against ${out}\n`);
  const failures = await replayAgainstBundle(out, histories);
  if (failures.length > 0) {
    process.stderr.write(`verify-release: ${failures.length} of ${histories.length} histories do not replay:\n`);
    for (const f of failures) process.stderr.write(`  ${f.workflowId}: ${f.error.split('\n')[0]}\n`);
    return 1;
  }
  process.stdout.write(`verify-release: all ${histories.length} histories replay; ${out} may ship\n`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`verify-release: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(2);
  },
);
