import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { findOnPath } from '../../src/services/tools';
import { fuzzFromDocument } from './own-fuzzer';
import { startRecordingProxy, type Exchange } from './recording-proxy';

const ROOT = path.resolve(__dirname, '../..');

export interface FuzzResult {
  tool: string;
  exchanges: Exchange[];
  /** schemathesis's own verdict (its checks beyond 5xx), the last lines of its output. */
  toolSummary: string;
}

/** schemathesis from PyPI: .ci/run installs it into .tools; a `st` on the PATH serves too. */
export function findSchemathesis(): string | undefined {
  const local = path.join(ROOT, '.tools', 'schemathesis-venv', 'bin', 'st');
  if (fs.existsSync(local)) return local;
  return findOnPath('st') ?? undefined;
}

/**
 * Sends `limit` malformed or hostile requests through a recording proxy: schemathesis with all its
 * checks, generating from /v1/openapi.json (the operational endpoints outside /v1 left out), or —
 * when it is not installed — the soak's own schema-driven fuzzer. Stops at the limit.
 */
export async function fuzz(options: {
  apiUrl: string;
  token: string;
  limit: number;
  logDir: string;
  maxSeconds: number;
}): Promise<FuzzResult> {
  let stopTool: () => void = () => undefined;
  const proxy = await startRecordingProxy(options.apiUrl, options.limit, () => stopTool());
  try {
    const st = findSchemathesis();
    if (!st) {
      await fuzzFromDocument(proxy.url, options.token, options.limit);
      return {
        tool: 'own schema-driven fuzzer (schemathesis not installed)',
        exchanges: proxy.exchanges,
        toolSummary: '',
      };
    }
    const logFile = path.join(options.logDir, 'schemathesis.log');
    const args = [
      'run',
      `${proxy.url}/v1/openapi.json`,
      '--url',
      `${proxy.url}/v1`,
      '--checks',
      'all',
      '--header',
      `Authorization: Bearer ${options.token}`,
      '--exclude-path-regex',
      '^/(health|metrics)',
      // Examples and hypothesis fuzzing (positive and negative data) spread the requests over every
      // operation; the coverage phase's boundary cases would spend the whole budget on a few.
      '--phases',
      'examples,fuzzing',
      '--max-examples',
      process.env.VT_SOAK_MAX_EXAMPLES ?? String(Math.max(1, Math.floor(options.limit / 34))),
      '--workers',
      '2',
      '--request-timeout',
      '30',
      '--max-time',
      String(options.maxSeconds),
      '--continue-on-failure',
      '--no-shrink',
      '--seed',
      '14',
    ];
    const output = await new Promise<string>((resolve) => {
      const child = spawn(st, args, { env: { ...process.env, NO_COLOR: '1', COLUMNS: '160' } });
      let text = '';
      child.stdout.on('data', (c: Buffer) => (text += c.toString()));
      child.stderr.on('data', (c: Buffer) => (text += c.toString()));
      // SIGINT, like Ctrl-C: schemathesis then still prints what it found so far.
      stopTool = () => child.kill('SIGINT');
      child.once('exit', () => resolve(text));
    });
    fs.writeFileSync(logFile, output);
    const summary = output.trim().split('\n').slice(-25).join('\n');
    return {
      tool: `schemathesis (${path.basename(st)} run, all checks; log in ${logFile})`,
      exchanges: proxy.exchanges,
      toolSummary: summary,
    };
  } finally {
    await proxy.close();
  }
}
