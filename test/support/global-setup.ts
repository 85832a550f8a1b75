import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startMongoWireServer } from '../../src/services/mongo-wire-server';
import { findFreePort } from '../../src/services/ports';
import { startTemporalDevServer } from '../../src/services/temporal-dev-server';
import type { ManagedProcess } from '../../src/services/managed-process';

/**
 * Real servers, started once per jest run on free ports in a temporary folder, so a test run can
 * go on beside `npm start`. Workflow tests need only the store (they bring their own time-skipping
 * server per file); integration tests also need the Temporal dev server.
 * Both projects' globalSetup runs in the same process, hence the shared registry on globalThis.
 */
interface TestServices {
  dir: string;
  processes: ManagedProcess[];
  temporal?: boolean;
}

export const TEST_NAMESPACE = 'veilig-thuis-test';

export default async function globalSetup(
  _globalConfig: unknown,
  projectConfig: { displayName?: { name: string } },
): Promise<void> {
  const g = globalThis as { __vtTestServices?: TestServices };
  if (!g.__vtTestServices) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vt-test-'));
    fs.mkdirSync(path.join(dir, 'logs'));
    g.__vtTestServices = { dir, processes: [] };
    const mongo = await startMongoWireServer({
      host: '127.0.0.1',
      port: await findFreePort(),
      dataDir: dir,
      logDir: path.join(dir, 'logs'),
    });
    g.__vtTestServices.processes.push(mongo.process);
    process.env.VT_TEST_MONGODB_URI = mongo.uri;
  }
  const services = g.__vtTestServices;
  if (
    (projectConfig.displayName?.name === 'integration' || projectConfig.displayName?.name === 'e2e') &&
    !services.temporal
  ) {
    services.temporal = true;
    const temporal = await startTemporalDevServer({
      host: '127.0.0.1',
      port: await findFreePort(),
      namespace: TEST_NAMESPACE,
      logDir: path.join(services.dir, 'logs'),
    });
    services.processes.push(temporal.process);
    process.env.VT_TEST_TEMPORAL_ADDRESS = temporal.address;
    process.env.VT_TEST_TEMPORAL_NAMESPACE = TEST_NAMESPACE;
  }
}
