#!/usr/bin/env node
// Installs the local services this project runs against into the git-ignored .tools/ folder:
//
//   .tools/bin/temporal               Temporal CLI (its dev server)         built from its Go module
//   .tools/bin/ferretdb               FerretDB: MongoDB wire API on SQLite  built from its Go module
//   .tools/bin/temporal-test-server   Temporal's time-skipping test server  Java jars from Maven Central
//
// Why build instead of download: the machines this project runs on reach package registries only
// (Go module proxy, Maven Central, npm, PyPI), not the projects' release downloads, so each tool
// comes from a registry. Other code finds the tools by these fixed paths; nothing is exported.
//
// Idempotent: every tool records how it was built in .tools/stamps/<tool>.json. When the stamp
// matches its recipe and the files are there, the tool is left alone (a full run then takes well
// under a second); changing a pinned version or a build flag rebuilds just that tool.
//
// The pins are in tools/pins.mjs, each tool's recipe in tools/<tool>.mjs, shared helpers in
// tools/support.mjs and tools/wire-checks.mjs; this file decides what to install and reports.
//
// Usage: node scripts/install-tools.mjs [--only temporal|ferretdb|test-server[,...]] [--quiet]
//   --quiet  say nothing about tools that are already installed (work and errors are still shown)

import fs from 'node:fs';
import path from 'node:path';
import { ferretDb } from './tools/ferretdb.mjs';
import { BIN, LOCKS, LOGS, STAMPS, isExecutable, logFile, rel, sleep } from './tools/support.mjs';
import { temporalCli } from './tools/temporal-cli.mjs';
import { testServer } from './tools/test-server.mjs';

const quiet = process.argv.includes('--quiet');

// ---- stamps and locks -------------------------------------------------------------------------

const stampFile = (tool) => path.join(STAMPS, `${tool.id}.json`);

function isInstalled(tool) {
  if (!tool.files().every((f) => fs.existsSync(f)) || !isExecutable(tool.binary)) return false;
  try {
    return fs.readFileSync(stampFile(tool), 'utf8') === JSON.stringify(tool.recipe(), null, 2);
  } catch {
    return false;
  }
}

function writeStamp(tool) {
  fs.writeFileSync(stampFile(tool), JSON.stringify(tool.recipe(), null, 2));
}

/**
 * One installer per tool at a time (e.g. `npm test` and `npm start` started together); a lock
 * left by a process that died is taken over.
 */
async function withLock(tool, step, fn) {
  const lock = path.join(LOCKS, `${tool.id}.lock`);
  let told = false;
  for (;;) {
    try {
      fs.mkdirSync(lock); // atomic: exactly one process creates it
      break;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
    }
    let owner = 0;
    try {
      owner = Number(fs.readFileSync(path.join(lock, 'pid'), 'utf8'));
    } catch {
      // its owner may not have written the pid yet
    }
    const ageMs = Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? 0);
    if ((owner && !isAlive(owner)) || (!owner && ageMs > 10_000)) {
      fs.rmSync(lock, { recursive: true, force: true });
    } else if (!told) {
      step(`waiting for another install of it (pid ${owner || '?'}) ...`);
      told = true;
    }
    await sleep(1_000);
  }
  fs.writeFileSync(path.join(lock, 'pid'), String(process.pid));
  try {
    return await fn();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

// ---- main -------------------------------------------------------------------------------------

const ALL = [temporalCli, ferretDb, testServer];
const ALIASES = { 'temporal-test-server': 'test-server' }; // the binary's name, as src/services/tools.ts passes it

function parseArgs(argv) {
  let only;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--quiet') continue;
    const value = argv[i] === '--only' ? argv[++i] : argv[i].startsWith('--only=') ? argv[i].slice(7) : undefined;
    if (value === undefined) usage(`unknown argument '${argv[i]}'`);
    only = value.split(',').map((name) => ALIASES[name] ?? name);
  }
  const unknown = (only ?? []).filter((id) => !ALL.some((t) => t.id === id));
  if (unknown.length || only?.length === 0) usage(`unknown tool '${unknown.join(',')}'`);
  return only ? ALL.filter((t) => only.includes(t.id)) : ALL;
}

function usage(problem) {
  console.error(
    `[tools] ${problem}\nusage: node scripts/install-tools.mjs [--only ${ALL.map((t) => t.id).join('|')}[,...]] [--quiet]`,
  );
  process.exit(2);
}

/** Installs one tool unless present. Returns a failure description, or undefined. */
async function ensure(tool) {
  const step = (message) => console.log(`[tools] ${tool.label}: ${message}`);
  if (isInstalled(tool)) {
    if (!quiet) step(`already built (${rel(tool.binary)})`);
    return undefined;
  }
  const why = tool.whyNot();
  if (!why) {
    try {
      const started = Date.now();
      await withLock(tool, step, async () => {
        if (isInstalled(tool)) return step(`built meanwhile by another run (${rel(tool.binary)})`);
        fs.rmSync(stampFile(tool), { force: true }); // a half-done install must not look finished
        await tool.install(step);
        writeStamp(tool);
        step(`done in ${Math.round((Date.now() - started) / 1000)} s (${rel(tool.binary)})`);
      });
      return undefined;
    } catch (err) {
      step(`FAILED: ${err.message}`);
      return { tool, why: 'its build failed', fix: `see the error above and ${rel(logFile(tool.id))}` };
    }
  }
  if (tool.envAlternative && process.env[tool.envAlternative]) {
    // Not printing the value: a MONGODB_URI may hold a password.
    step(`not installed (${why}); the server at ${tool.envAlternative} will be used instead`);
    return undefined;
  }
  step(`cannot install: ${why}`);
  return { tool, why, fix: tool.prerequisites };
}

async function main() {
  const tools = parseArgs(process.argv.slice(2));
  for (const dir of [BIN, STAMPS, LOGS, LOCKS]) fs.mkdirSync(dir, { recursive: true });
  const failures = [];
  for (const tool of tools) {
    const failure = await ensure(tool);
    if (failure) failures.push(failure);
  }
  if (failures.length === 0) return;
  console.error(`\n[tools] missing: ${failures.map((f) => `${f.tool.label} (${f.why})`).join('; ')}`);
  for (const { tool, fix } of failures) {
    const instead = tool.alternative ? `; or instead ${tool.alternative}` : '';
    console.error(`[tools] ${tool.id}: ${fix}, then rerun npm run setup${instead}.`);
  }
  console.error(
    '[tools] (Where the internet is reachable, the official downloads could serve instead: @temporalio/testing fetches' +
      " the dev and test servers itself with executable type 'cached-download', and mongodb-memory-server fetches mongod.)",
  );
  process.exitCode = 1;
}

await main();
