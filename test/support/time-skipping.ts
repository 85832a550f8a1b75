import { TestWorkflowEnvironment } from '@temporalio/testing';
import { resolveTool } from '../../src/services/tools';

/**
 * Temporal's Java time-skipping test server, started by the SDK from our launcher (built by the
 * installer from Maven Central) instead of its download, which this network cannot reach.
 */
export async function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: resolveTool('temporal-test-server') } },
  });
}
