import fs from 'node:fs';
import path from 'node:path';
import { bundleWorkflows } from '../../worker/workflow-bundle';

export const ROOT = path.resolve(__dirname, '..', '..');
/** Where the image's build writes the bundle and the worker finds it (VT_WORKFLOW_BUNDLE). */
export const DEFAULT_BUNDLE_FILE = path.join(ROOT, 'dist', 'workflow-bundle.js');
export const DEFAULT_WORKFLOWS_PATH = path.join(ROOT, 'workflows', 'index.ts');

/**
 * Bundles the workflow code once, as the image ships it: the worker then loads this file
 * (`workflowBundle: { codePath }`) instead of running webpack at start, so what was replayed
 * before the release is byte for byte what takes traffic. Bundled as the worker bundles at start
 * (worker/workflow-bundle.ts): failure converter and shared modules included.
 */
export async function writeWorkflowBundle(outFile: string, workflowsPath = DEFAULT_WORKFLOWS_PATH): Promise<string> {
  const code = await bundleWorkflows(workflowsPath);
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  fs.writeFileSync(outFile, code);
  return outFile;
}
