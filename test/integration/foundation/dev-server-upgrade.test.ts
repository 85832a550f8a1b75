import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { SEARCH_ATTRIBUTES } from '../../../src/domain/search-attributes';
import { startProcess, type ManagedProcess } from '../../../src/services/managed-process';
import { findFreePort } from '../../../src/services/ports';
import { startTemporalDevServer, temporalNamespaceReady } from '../../../src/services/temporal-dev-server';
import { resolveTool } from '../../../src/services/tools';
import { waitUntilHealthy } from '../../../src/services/wait-until';

const NAMESPACE = 'veilig-thuis';

/**
 * A data folder written by an earlier release keeps its namespace, and the CLI registers
 * `--search-attribute`s only with a namespace it creates: the launcher must add an attribute
 * introduced since, or a case that sets it fails its workflow tasks.
 */
describe('embedded Temporal dev server on an older data folder', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vt-dev-upgrade-'));
  const dbFile = path.join(dir, 'temporal.sqlite');
  let running: ManagedProcess | undefined;

  afterAll(async () => {
    await running?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('registers the search attributes the older database lacks', async () => {
    // The older release: a database whose namespace knows only two of today's attributes.
    const port = await findFreePort();
    const address = `127.0.0.1:${port}`;
    running = startProcess({
      name: 'temporal (older release)',
      command: resolveTool('temporal'),
      args: [
        'server',
        'start-dev',
        '--ip',
        '127.0.0.1',
        '--port',
        String(port),
        '--headless',
        '--namespace',
        NAMESPACE,
        '--db-filename',
        dbFile,
        '--search-attribute',
        `${SEARCH_ATTRIBUTES.phase.name}=Keyword`,
        '--search-attribute',
        `${SEARCH_ATTRIBUTES.team.name}=Keyword`,
        '--log-level',
        'error',
      ],
      logFile: path.join(dir, 'older.log'),
    });
    await waitUntilHealthy({
      what: 'the older dev server',
      process: running,
      timeoutMs: 90_000,
      fix: `see ${path.join(dir, 'older.log')}`,
      check: () => temporalNamespaceReady(address, NAMESPACE),
    });
    await running.stop();

    const upgraded = await startTemporalDevServer({
      host: '127.0.0.1',
      port: await findFreePort(),
      dbFile,
      namespace: NAMESPACE,
      logDir: dir,
      startTimeoutMs: 90_000,
    });
    running = upgraded.process;
    const connection = await Connection.connect({ address: upgraded.address });
    try {
      const listed = await connection.operatorService.listSearchAttributes({ namespace: NAMESPACE });
      expect(Object.keys(listed.customAttributes ?? {}).sort()).toEqual(
        Object.values(SEARCH_ATTRIBUTES)
          .map((a) => a.name)
          .sort(),
      );
    } finally {
      await connection.close();
    }
  }, 240_000);
});
