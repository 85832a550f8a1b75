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
// matches the recipe below and the files are there, the tool is left alone (a full run then takes
// well under a second); changing a pinned version or a build flag rebuilds just that tool.
//
// Usage: node scripts/install-tools.mjs [--only temporal|ferretdb|test-server[,...]] [--quiet]
//   --quiet  say nothing about tools that are already installed (work and errors are still shown)

import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http2 from 'node:http2';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// ---- pins -------------------------------------------------------------------------------------

// Later CLI modules carry a replace directive in go.mod, which `go install module@version` refuses.
const TEMPORAL_CLI_VERSION = '1.5.1';
// FerretDB 1.x is the line with the SQLite backend (2.x needs PostgreSQL with DocumentDB).
const FERRETDB_VERSION = '1.24.0';
// Newest io.temporal:temporal-test-server that resolves from Maven Central here.
const TEST_SERVER_VERSION = '1.39.0';

// ---- layout -----------------------------------------------------------------------------------

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TOOLS = path.join(ROOT, '.tools');
const BIN = path.join(TOOLS, 'bin');
const STAMPS = path.join(TOOLS, 'stamps');
const LOGS = path.join(TOOLS, 'logs');
const LOCKS = path.join(TOOLS, 'locks');

const rel = (p) => path.relative(ROOT, p);
const quiet = process.argv.includes('--quiet');

// ---- tool 1: Temporal CLI ---------------------------------------------------------------------

const TEMPORAL_MODULE = 'github.com/temporalio/cli';
// The version string the official release build stamps in (`temporal --version` says
// 0.0.0-DEV without it); -s -w drop the symbol tables (250 MB -> 213 MB).
const TEMPORAL_LDFLAGS = `-s -w -X ${TEMPORAL_MODULE}/temporalcli.Version=${TEMPORAL_CLI_VERSION}`;

const temporalCli = {
  id: 'temporal',
  label: `temporal CLI v${TEMPORAL_CLI_VERSION}`,
  binary: path.join(BIN, 'temporal'),
  recipe: () => ({ version: TEMPORAL_CLI_VERSION, ldflags: TEMPORAL_LDFLAGS }),
  files() {
    return [this.binary];
  },
  whyNot: () => (which('go') ? undefined : 'Go is not installed'),
  prerequisites: 'install Go >= 1.25 (Go 1.21+ fetches that toolchain itself unless GOTOOLCHAIN=local)',
  alternative: 'set TEMPORAL_ADDRESS to an existing Temporal server',
  envAlternative: 'TEMPORAL_ADDRESS',
  async install(step) {
    step(`building from Go module ${TEMPORAL_MODULE}@v${TEMPORAL_CLI_VERSION} (~4 min on 2 cores when nothing is cached; log ${rel(logFile(this.id))})`);
    // Installed into a staging folder and moved into bin/ only once verified; the rename also
    // works while an older dev server runs from bin/temporal.
    const staging = path.join(TOOLS, 'staging');
    run('go', ['install', `-ldflags=${TEMPORAL_LDFLAGS}`, `${TEMPORAL_MODULE}/cmd/temporal@v${TEMPORAL_CLI_VERSION}`], {
      log: logFile(this.id),
      env: { GOBIN: staging },
    });
    expectOutput(path.join(staging, 'temporal'), ['--version'], `temporal version ${TEMPORAL_CLI_VERSION}`);
    fs.renameSync(path.join(staging, 'temporal'), this.binary);
  },
};

// ---- tool 2: FerretDB -------------------------------------------------------------------------

const FERRETDB_MODULE = 'github.com/FerretDB/FerretDB';
const FERRETDB_SRC = path.join(TOOLS, 'src', `ferretdb-v${FERRETDB_VERSION}`);
// No PostgreSQL backend: we only run the SQLite one, and the binary gets ~12% smaller.
// -buildvcs=false: the copied source sits inside this project's git work tree, whose commit
// would otherwise be stamped into the binary as FerretDB's own.
const FERRETDB_BUILD_FLAGS = ['-buildvcs=false', '-trimpath', '-tags=ferretdb_no_postgresql', '-ldflags=-s -w'];

const ferretDb = {
  id: 'ferretdb',
  label: `FerretDB v${FERRETDB_VERSION}`,
  binary: path.join(BIN, 'ferretdb'),
  recipe: () => ({ version: FERRETDB_VERSION, flags: FERRETDB_BUILD_FLAGS }),
  files() {
    return [this.binary];
  },
  whyNot: () => (which('go') ? undefined : 'Go is not installed'),
  prerequisites: 'install Go >= 1.22',
  alternative: 'set MONGODB_URI to an existing MongoDB server, or put mongod on the PATH',
  envAlternative: 'MONGODB_URI',
  async install(step) {
    // A plain `go install` builds a binary that panics at start: FerretDB embeds
    // build/version/version.txt, which its release tooling generates and the module lacks.
    // So: copy the module source, add that file, and build the copy.
    step(`building from Go module ${FERRETDB_MODULE}@v${FERRETDB_VERSION} in ${rel(FERRETDB_SRC)} (log ${rel(logFile(this.id))})`);
    const mod = JSON.parse(run('go', ['mod', 'download', '-json', `${FERRETDB_MODULE}@v${FERRETDB_VERSION}`]));
    if (mod.Error) throw new Error(`go mod download: ${mod.Error}`);
    fs.rmSync(FERRETDB_SRC, { recursive: true, force: true });
    fs.cpSync(mod.Dir, FERRETDB_SRC, { recursive: true });
    makeWritable(FERRETDB_SRC); // the module cache is read-only; an upgrade must be able to delete this copy
    fs.writeFileSync(path.join(FERRETDB_SRC, 'build/version/version.txt'), `v${FERRETDB_VERSION}\n`);
    if (mod.Origin?.Hash) fs.writeFileSync(path.join(FERRETDB_SRC, 'build/version/commit.txt'), `${mod.Origin.Hash}\n`);

    // Build beside the old binary and swap only a verified one in (rename also works while an
    // old ferretdb is running).
    const fresh = `${this.binary}.new`;
    try {
      run('go', ['build', ...FERRETDB_BUILD_FLAGS, '-o', fresh, './cmd/ferretdb'], { cwd: FERRETDB_SRC, log: logFile(this.id) });
      expectOutput(fresh, ['--version'], `version: v${FERRETDB_VERSION}`);
      await smokeTestFerretDb(fresh);
      fs.renameSync(fresh, this.binary);
    } finally {
      fs.rmSync(fresh, { force: true });
    }
  },
};

/** Starts the binary on SQLite in a scratch folder and pings it over the MongoDB wire protocol. */
async function smokeTestFerretDb(binary) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferretdb-check-'));
  const port = await freePort();
  const child = spawn(
    binary,
    [
      '--handler=sqlite', // the default is still 'postgresql', even in a build without it
      `--sqlite-url=file:${dir}/`,
      `--state-dir=${dir}`,
      `--listen-addr=127.0.0.1:${port}`,
      '--debug-addr=-', // its debug HTTP listener defaults to the fixed port 8088
      '--telemetry=disable',
      '--log-level=error',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  try {
    await waitFor(child, 30_000, () => mongoPing(port));
  } finally {
    await stop(child);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// ---- tool 3: Temporal time-skipping test server (Java) ----------------------------------------

// One folder per version: an upgrade leaves the old launcher working until the new one replaces it.
const TEST_SERVER_DIR = path.join(TOOLS, 'test-server', TEST_SERVER_VERSION);
const TEST_SERVER_LIB = path.join(TEST_SERVER_DIR, 'lib');
const TEST_SERVER_ARCHIVE = path.join(TEST_SERVER_DIR, 'classes.jsa');
const TEST_SERVER_POM = path.join(ROOT, 'scripts', 'test-server', 'pom.xml');
const TEST_SERVER_MAIN = 'io.temporal.testserver.TestServer';
// @temporalio/testing starts the server as `<launcher> <port>`, gives it 5 s to answer a gRPC call
// and then SIGKILLs it. On 2 busy cores a stock JVM took up to 6.9 s here (0.7 s when idle), so
// the launcher tunes the JVM for start-up rather than peak speed (with the class-data archive
// below: 0.25 s idle, at most about 2 s on busy cores):
const TEST_SERVER_JVM_FLAGS = [
  '-XX:TieredStopAtLevel=1', // C1 compiler only: compiles fast; the peak speed of C2 is not needed in tests
  '-XX:+UseSerialGC', // one GC thread; no set-up of parallel GC threads on a 2-core machine
  '-Xms32m',
  '-Xmx512m', // test histories are small; several servers may run at once (one per jest worker)
  '-XX:-UsePerfData', // no hsperfdata file written per start
];

const testServer = {
  id: 'test-server',
  label: `temporal-test-server ${TEST_SERVER_VERSION}`,
  binary: path.join(BIN, 'temporal-test-server'),
  recipe: () => ({
    version: TEST_SERVER_VERSION,
    pom: sha256(fs.readFileSync(TEST_SERVER_POM)),
    jvmFlags: TEST_SERVER_JVM_FLAGS,
    // The launcher and the class-data archive are bound to this JVM and these absolute paths.
    java: javaIdentity(),
    tools: TOOLS,
  }),
  files() {
    // The archive is optional (see trainClassDataArchive), but required once the launcher names it.
    const launcher = fs.existsSync(this.binary) ? fs.readFileSync(this.binary, 'utf8') : '';
    return [this.binary, TEST_SERVER_LIB, ...(launcher.includes(TEST_SERVER_ARCHIVE) ? [TEST_SERVER_ARCHIVE] : [])];
  },
  whyNot: () => {
    const missing = [!findJava() && 'a Java runtime (17+)', !which('mvn') && 'Maven (mvn)'].filter(Boolean);
    return missing.length ? `${missing.join(' and ')} not installed` : undefined;
  },
  prerequisites: 'install a JDK 17+ and Maven (e.g. apt-get install openjdk-17-jdk-headless maven)',
  async install(step) {
    const java = findJava();
    step(`resolving io.temporal:temporal-test-server:${TEST_SERVER_VERSION} and its runtime jars with Maven (log ${rel(logFile(this.id))})`);
    fs.rmSync(TEST_SERVER_DIR, { recursive: true, force: true }); // a half-done earlier attempt
    run(
      'mvn',
      ['-q', '-B', '-f', TEST_SERVER_POM, `-Dtemporal.version=${TEST_SERVER_VERSION}`, 'dependency:copy-dependencies', `-DoutputDirectory=${TEST_SERVER_LIB}`],
      { log: logFile(this.id) },
    );
    // An explicit, sorted class path: a class-data archive only applies to the exact class path
    // it was made with, and the order of a `lib/*` wildcard is up to the file system.
    const classPath = fs
      .readdirSync(TEST_SERVER_LIB)
      .filter((f) => f.endsWith('.jar'))
      .sort()
      .map((f) => path.join(TEST_SERVER_LIB, f))
      .join(path.delimiter);

    step('training a class-data-sharing archive (a start that records the classes it loads) ...');
    const archived = await trainClassDataArchive(java, classPath);
    const jvmArgs = [
      ...TEST_SERVER_JVM_FLAGS,
      // Classes come pre-parsed from the archive: a third of the CPU time to start. -Xshare:auto
      // falls back to a normal (slower) start if the archive no longer matches the JVM or jars.
      ...(archived ? [`-XX:SharedArchiveFile=${TEST_SERVER_ARCHIVE}`, '-Xshare:auto'] : []),
      '-cp',
      classPath,
      TEST_SERVER_MAIN,
    ];
    writeLauncher(this.binary, java, jvmArgs);
    for (const other of fs.readdirSync(path.dirname(TEST_SERVER_DIR))) {
      if (other !== TEST_SERVER_VERSION) fs.rmSync(path.join(path.dirname(TEST_SERVER_DIR), other), { recursive: true, force: true });
    }

    const seconds = await timeTestServerStart(this.binary);
    step(`launcher ${rel(this.binary)} answers ${seconds.toFixed(2)} s after start${archived ? '' : ' (no class-data archive: this JVM could not make one)'}`);
  },
};

/**
 * Runs the server once with -XX:ArchiveClassesAtExit, calls it the way the SDK's readiness check
 * does, and stops it normally so the JVM writes every class loaded so far into the archive.
 * Returns false when the JVM made no archive (a JVM older than 13 cannot).
 */
async function trainClassDataArchive(java, classPath) {
  const pending = `${TEST_SERVER_ARCHIVE}.tmp`;
  fs.rmSync(pending, { force: true });
  const port = await freePort();
  const log = fs.openSync(logFile('test-server'), 'a');
  const child = spawn(java, [...TEST_SERVER_JVM_FLAGS, `-XX:ArchiveClassesAtExit=${pending}`, '-cp', classPath, TEST_SERVER_MAIN, String(port)], {
    stdio: ['ignore', log, log],
  });
  fs.closeSync(log);
  try {
    await waitFor(child, 60_000, () => grpcGetSystemInfo(port));
  } finally {
    await stop(child, 'SIGTERM'); // a normal exit: SIGKILL would skip writing the archive
  }
  if (!fs.existsSync(pending)) return false;
  fs.renameSync(pending, TEST_SERVER_ARCHIVE);
  return true;
}

function writeLauncher(file, java, jvmArgs) {
  const q = (s) => `'${String(s).replaceAll("'", `'\\''`)}'`;
  const script = [
    '#!/bin/sh',
    `# Temporal time-skipping test server ${TEST_SERVER_VERSION}, written by scripts/install-tools.mjs; rerun that instead of editing.`,
    '# Usage (as @temporalio/testing runs it): temporal-test-server <port> [--enable-time-skipping]',
    '# exec: the SDK stops the server by SIGKILL to this pid, so the JVM must be this process, not a child of sh.',
    `exec ${q(java)} \\`,
    ...jvmArgs.map((a) => `  ${q(a)} \\`),
    '  "$@"',
    '',
  ].join('\n');
  fs.writeFileSync(`${file}.new`, script, { mode: 0o755 });
  fs.renameSync(`${file}.new`, file);
}

/** Seconds from spawning the launcher until it answers GetSystemInfo (what the SDK waits 5 s for). */
async function timeTestServerStart(launcher) {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(launcher, [String(port)], { stdio: ['ignore', 'ignore', 'pipe'] });
  try {
    await waitFor(child, 30_000, () => grpcGetSystemInfo(port));
    return (performance.now() - started) / 1000;
  } finally {
    await stop(child);
  }
}

/** The JVM to use: $JAVA_HOME's, else the one on the PATH, with symlinks (alternatives) resolved. */
function findJava() {
  const candidate = process.env.JAVA_HOME ? path.join(process.env.JAVA_HOME, 'bin', 'java') : which('java');
  return candidate && isExecutable(candidate) ? fs.realpathSync(candidate) : undefined;
}

/** Which JVM build this is, cheaply (no JVM start): its path and its `release` file. */
function javaIdentity() {
  const java = findJava();
  if (!java) return null;
  const release = path.join(path.dirname(path.dirname(java)), 'release');
  const runtime = fs.existsSync(release) ? /JAVA_RUNTIME_VERSION="([^"]*)"/.exec(fs.readFileSync(release, 'utf8'))?.[1] : undefined;
  return { path: java, runtime: runtime ?? null };
}

// ---- wire checks (node built-ins only) --------------------------------------------------------

/** gRPC WorkflowService/GetSystemInfo over plain HTTP/2: an empty request is 5 zero bytes. */
function grpcGetSystemInfo(port, timeoutMs = 2_000) {
  return new Promise((resolve, reject) => {
    const session = http2.connect(`http://127.0.0.1:${port}`);
    const fail = (err) => {
      clearTimeout(timer);
      session.destroy();
      reject(err);
    };
    const timer = setTimeout(() => fail(new Error('timeout')), timeoutMs);
    session.on('error', fail);
    const req = session.request({
      ':method': 'POST',
      ':path': '/temporal.api.workflowservice.v1.WorkflowService/GetSystemInfo',
      'content-type': 'application/grpc',
      te: 'trailers',
    });
    let status;
    req.on('response', (headers) => (status = headers['grpc-status']));
    req.on('trailers', (trailers) => (status = trailers['grpc-status'] ?? status));
    req.on('data', () => {});
    req.on('error', fail);
    req.on('end', () => {
      clearTimeout(timer);
      session.close();
      if (status === '0') resolve();
      else reject(new Error(`grpc-status ${status}`));
    });
    req.end(Buffer.alloc(5));
  });
}

/**
 * MongoDB wire protocol: an OP_MSG with the BSON document {ping: 1, $db: "admin"}; resolves when
 * the reply carries ok: 1.0. Hand-made so this script needs no driver.
 */
function mongoPing(port, timeoutMs = 2_000) {
  const int32 = (n) => {
    const b = Buffer.alloc(4);
    b.writeInt32LE(n);
    return b;
  };
  const cstring = (s) => Buffer.from(`${s}\0`);
  const fields = Buffer.concat([
    Buffer.from([0x10]), cstring('ping'), int32(1), // int32 field
    Buffer.from([0x02]), cstring('$db'), int32(6), cstring('admin'), // string field
    Buffer.from([0x00]),
  ]);
  const doc = Buffer.concat([int32(fields.length + 4), fields]);
  const body = Buffer.concat([int32(0) /* flagBits */, Buffer.from([0]) /* section kind 0: body */, doc]);
  const message = Buffer.concat([int32(16 + body.length), int32(1), int32(0), int32(2013) /* OP_MSG */, body]);
  const okField = Buffer.concat([Buffer.from([0x01]), cstring('ok')]); // double field "ok"

  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(message));
    let reply = Buffer.alloc(0);
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error('timeout')));
    socket.on('error', reject);
    socket.on('data', (chunk) => {
      reply = Buffer.concat([reply, chunk]);
      if (reply.length < 4 || reply.length < reply.readInt32LE(0)) return;
      socket.destroy();
      const at = reply.indexOf(okField, 21);
      if (at > 0 && reply.readDoubleLE(at + okField.length) === 1) resolve();
      else reject(new Error('ping answered without ok: 1'));
    });
  });
}

// ---- helpers ----------------------------------------------------------------------------------

function logFile(id) {
  return path.join(LOGS, `${id}.log`);
}

function isExecutable(file) {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function which(command) {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir && isExecutable(path.join(dir, command))) return path.join(dir, command);
  }
  return undefined;
}

function sha256(data) {
  return createHash('sha256').update(data).digest('hex');
}

function makeWritable(dir) {
  fs.chmodSync(dir, 0o755);
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const file = path.join(entry.parentPath ?? entry.path, entry.name);
    fs.chmodSync(file, entry.isDirectory() ? 0o755 : fs.statSync(file).mode | 0o200);
  }
}

/**
 * Runs a command to completion. Its output goes to `log` (appended), or without one, stdout is returned.
 * On failure the error carries the output's last lines.
 */
function run(command, args, { cwd = TOOLS, env = {}, log } = {}) {
  const fd = log ? fs.openSync(log, 'a') : undefined;
  if (fd !== undefined) fs.writeSync(fd, `\n$ ${command} ${args.join(' ')}\n`);
  const result = spawnSync(command, args, {
    cwd,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    stdio: ['ignore', fd ?? 'pipe', fd ?? 'pipe'],
  });
  if (fd !== undefined) fs.closeSync(fd);
  if (result.status === 0) return result.stdout;
  const output = log ? fs.readFileSync(log, 'utf8') : `${result.stdout ?? ''}${result.stderr ?? ''}`;
  const tail = output.trim().split('\n').slice(-12).join('\n    ');
  throw new Error(`${command} ${args[0]} failed (${result.error?.message ?? `exit ${result.status}`}):\n    ${tail}`);
}

function expectOutput(binary, args, expected) {
  const { stdout = '', stderr = '', error } = spawnSync(binary, args, { encoding: 'utf8' });
  if (!`${stdout}${stderr}`.includes(expected)) {
    throw new Error(`${rel(binary)} ${args.join(' ')} did not print '${expected}': ${error?.message ?? `${stdout}${stderr}`.trim().slice(0, 300)}`);
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it resolves; fails early if the child exits, and after `timeoutMs`. */
async function waitFor(child, timeoutMs, check) {
  let stderr = '';
  child.stderr?.on('data', (d) => (stderr = (stderr + d).slice(-2000)));
  const deadline = Date.now() + timeoutMs;
  let lastError;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`exited (${child.exitCode ?? child.signalCode}) before answering: ${stderr.trim().slice(-600)}`);
    }
    try {
      return await check();
    } catch (err) {
      lastError = err;
    }
    await sleep(50);
  }
  throw new Error(`no answer within ${timeoutMs / 1000} s (${lastError?.message}): ${stderr.trim().slice(-600)}`);
}

/** Stops a child and waits for it; a SIGTERM that is not obeyed within 30 s becomes a SIGKILL. */
async function stop(child, signal = 'SIGKILL') {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill(signal);
  const timer = signal === 'SIGKILL' ? undefined : setTimeout(() => child.kill('SIGKILL'), 30_000);
  await exited;
  clearTimeout(timer);
}

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
  console.error(`[tools] ${problem}\nusage: node scripts/install-tools.mjs [--only ${ALL.map((t) => t.id).join('|')}[,...]] [--quiet]`);
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
