import { bundleWorkflowCode } from '@temporalio/worker';

/** The application's workflows, as the worker registers them. */
export const WORKFLOWS_PATH = require.resolve('../workflows');

/**
 * Shared by every workflow of a worker thread instead of instantiated per workflow (see
 * src/domain/sandbox-shared.ts): the same list whether the worker bundles at start or loads a
 * prebuilt bundle, so both run the same code.
 */
export const PRELOAD_MODULES = [require.resolve('../src/domain/sandbox-shared')];

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
