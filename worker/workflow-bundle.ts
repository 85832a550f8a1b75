import { bundleWorkflowCode } from '@temporalio/worker';

/** The application's workflows, as the worker registers them. */
export const WORKFLOWS_PATH = require.resolve('../workflows');

/**
 * Shared by every workflow of a worker thread instead of instantiated per workflow (see
 * src/domain/sandbox-shared.ts): the same list whether the worker bundles at start or loads a
 * prebuilt bundle, so both run the same code. Besides zod: the calendar (its holiday table too)
 * and the report rules that hold no zod schema (the SDK freezes what a preloaded module exports,
 * and a frozen schema cannot install its lazy members: payloads, input and rules stay per
 * workflow). bench:workflows: 0.53 MiB per cached report workflow against 0.56 without.
 */
export const PRELOAD_MODULES = [
  require.resolve('../src/domain/sandbox-shared'),
  require.resolve('../src/domain/calendar'),
  ...['deadlines', 'notices', 'phases', 'state', 'task-deadline', 'task-routing', 'tasks'].map((m) =>
    require.resolve(`../src/domain/report/${m}`),
  ),
];

/** Webpack's output is noise; its errors still throw. */
const quiet = { trace() {}, debug() {}, info() {}, warn() {}, error() {}, log() {} };

/**
 * Bundles workflow code as the worker would at start, failure converter included: the sandbox turns
 * workflow errors into failures with the bundled converter, so a bundle without it would send
 * failure messages unencoded (src/temporal/data-converter.ts names the same module).
 */
export async function bundleWorkflows(workflowsPath: string = WORKFLOWS_PATH): Promise<string> {
  const { code } = await bundleWorkflowCode({
    workflowsPath,
    failureConverterPath: require.resolve('../src/temporal/failure-converter'),
    preloadModules: PRELOAD_MODULES,
    logger: quiet,
  });
  return code;
}
