import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { findFreePort } from '../../../src/services/ports';

const ROOT = path.resolve(__dirname, '../../..');

/** Runs `npm start`'s entry point (or another) with a bad setting; it must end by itself with a short message. */
async function start(
  env: Record<string, string>,
  entry = 'src/main.ts',
): Promise<{ code: number | null; output: string }> {
  const [metricsPort, healthPort] = [await findFreePort(), await findFreePort()];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', entry], {
      cwd: ROOT,
      env: {
        ...process.env,
        VT_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'vt-bad-')),
        // Free ports for the worker's listeners, so only the setting under test is wrong even
        // when another worker on the machine holds the defaults.
        VT_WORKER_METRICS_PORT: String(metricsPort),
        VT_WORKER_HEALTH_PORT: String(healthPort),
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

describe('bad configuration ends with a message naming problem and fix', () => {
  test('an unreachable MONGODB_URI', async () => {
    const unused = await findFreePort();
    const result = await start({
      MONGODB_URI: `mongodb://127.0.0.1:${unused}`,
      VT_API_PORT: String(await findFreePort()),
    });
    expect(result.code).not.toBe(0);
    expect(result.output).toContain('MongoDB at MONGODB_URI is unreachable');
    expect(result.output).toContain('fix:');
    expect(result.output).not.toMatch(/\n\s+at /); // no stack trace
  }, 30_000);

  test('a port in use', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as net.AddressInfo;
    try {
      const result = await start({ VT_API_PORT: String(port) });
      expect(result.code).not.toBe(0);
      expect(result.output).toContain(`Port ${port} for the API is already in use`);
      expect(result.output).toContain('VT_API_PORT');
    } finally {
      blocker.close();
    }
  }, 30_000);

  // Both free when checked one by one: the second server would fail after the first took it.
  test('two settings naming one port', async () => {
    const port = String(await findFreePort());
    const result = await start({
      VT_API_PORT: String(await findFreePort()),
      VT_MONGO_PORT: port,
      VT_TEMPORAL_UI_PORT: port,
    });
    expect(result.code).not.toBe(0);
    expect(result.output).toContain(`VT_TEMPORAL_UI_PORT and VT_MONGO_PORT both name port ${port}`);
    expect(result.output).toContain('fix:');
    expect(result.output).not.toMatch(/\n\s+at /);
  }, 30_000);

  test('an invalid setting', async () => {
    const result = await start({ VT_TEMPORAL_PORT: 'seventy' });
    expect(result.code).not.toBe(0);
    expect(result.output).toContain('VT_TEMPORAL_PORT');
    expect(result.output).toContain('README');
  }, 30_000);

  // Its staff e-mails would link to the worker's own loopback address.
  test('a stand-alone worker in production without VT_PUBLIC_URL', async () => {
    const production = {
      VT_MODE: 'production',
      VT_OIDC_JWKS_URL: 'https://idp.invalid/jwks',
      VT_SMS_PROVIDER: 'cm',
      VT_SMS_API_KEY: 'test-only',
      VT_RECEIPT_SECRET: 'test-only-receipt-secret',
      TEMPORAL_ADDRESS: `127.0.0.1:${await findFreePort()}`,
      MONGODB_URI: `mongodb://127.0.0.1:${await findFreePort()}`,
      VT_CHILD_PROTECTION_BOARD_URL: 'https://board.invalid',
    };
    const result = await start(production, 'worker/main.ts');
    expect(result.code).not.toBe(0);
    expect(result.output).toContain('needs VT_PUBLIC_URL');
    expect(result.output).toContain('fix:');
    expect(result.output).not.toMatch(/\n\s+at /);
  }, 30_000);
});
