import { randomUUID } from 'node:crypto';
import { loadConfig } from './config/config';
import { createLogger } from './logging/logger';
import { runEntryPoint } from './services/entry-point';
import { embeddedServerPorts } from './services/local-services';
import { assertDistinctPorts, assertPortFree, type PlannedPort } from './services/ports';
import { startSystem } from './system';
import type { smokeWorkflow } from '../workflows';

/** `npm start`: the whole system on its embedded defaults, on one machine. */
runEntryPoint('npm start', async () => {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const api: PlannedPort = { port: config.api.port, what: 'the API', envVar: 'VT_API_PORT' };
  const metrics: PlannedPort = {
    port: config.workerMetrics.port,
    what: "the worker's metrics",
    envVar: 'VT_WORKER_METRICS_PORT',
  };
  assertDistinctPorts([api, metrics, ...embeddedServerPorts(config)]);
  await assertPortFree(api.port, config.api.host, api.what, api.envVar);
  await assertPortFree(metrics.port, '127.0.0.1', metrics.what, metrics.envVar);
  // The worker serves the SDK's metrics on its port, and the API's /metrics includes them.
  config.workerMetrics.url ??= `http://127.0.0.1:${config.workerMetrics.port}/metrics`;

  const system = await startSystem(config, logger, {
    workerMetricsAddress: `127.0.0.1:${config.workerMetrics.port}`,
  });
  try {
    const runId = `smoke-${randomUUID()}`;
    const result = await system.temporal.client.workflow.execute<typeof smokeWorkflow>('smokeWorkflow', {
      workflowId: runId,
      taskQueue: config.temporal.taskQueue,
      args: [{ runId }],
      workflowExecutionTimeout: '1 minute',
    });
    console.log(
      [
        '',
        'Veilig Thuis case-workflow engine is running.',
        `  Web interface:    ${system.apiUrl}/`,
        `  API:              ${system.apiUrl}/v1`,
        `  OpenAPI document: ${system.apiUrl}/v1/openapi.json`,
        `  Readiness:        ${system.apiUrl}/health/ready`,
        `  Temporal Web UI:  ${system.services.temporalUiUrl ?? '(external cluster)'}  (namespace ${config.temporal.namespace})`,
        `  Temporal:         ${system.services.describe.temporal}`,
        `  Case store:       ${system.services.describe.mongo}`,
        `  Smoke workflow:   ${result.runId} completed through the worker`,
        'Press Ctrl-C to stop.',
      ].join('\n'),
    );
  } catch (err) {
    await system.stop();
    throw err;
  }
  system.worker.done.catch((err) => {
    logger.error({ err }, 'worker stopped unexpectedly');
    process.kill(process.pid, 'SIGTERM');
  });
  return () => system.stop();
});
