import { randomUUID } from 'node:crypto';
import { ConfigError, loadConfig } from './config/config';
import { createLogger } from './logging/logger';
import { assertPortFree } from './services/ports';
import { StartupError } from './services/startup-error';
import { startSystem } from './system';
import type { smokeWorkflow } from '../workflows';

/** `npm start`: the whole system on its embedded defaults, on one machine. */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  await assertPortFree(config.api.port, config.api.host, 'the API', 'VT_API_PORT');

  const system = await startSystem(config, logger);
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal} received: stopping worker, API and local services…`);
    await system.stop();
    console.log('Stopped.');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  system.worker.done.catch(async (err) => {
    logger.error({ err }, 'worker stopped unexpectedly');
    await shutdown('worker failure');
  });

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
      `  API:              ${system.apiUrl}/v1`,
      `  OpenAPI document: ${system.apiUrl}/v1/openapi.json`,
      `  Readiness:        ${system.apiUrl}/health/ready`,
      `  Temporal Web UI:  ${system.services.temporalUiUrl ?? '(external cluster)'}  namespace ${config.temporal.namespace}`,
      `  Temporal:         ${system.services.describe.temporal}`,
      `  Case store:       ${system.services.describe.mongo}`,
      `  Smoke workflow ${result.runId}: ${result.recorded ? 'completed through the worker' : 'FAILED'}`,
      'Press Ctrl-C to stop.',
    ].join('\n'),
  );
}

main().catch((err: unknown) => {
  if (err instanceof StartupError || err instanceof ConfigError) {
    console.error(`Cannot start: ${err.message}`);
  } else {
    console.error('Cannot start:', err instanceof Error ? err.message : err);
  }
  process.exit(1);
});
