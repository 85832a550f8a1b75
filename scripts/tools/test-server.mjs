// Tool 3: Temporal's time-skipping test server (Java), its jars from Maven Central and a launcher
// tuned to start within the 5 s the SDK waits.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { TEST_SERVER_VERSION } from './pins.mjs';
import {
  BIN,
  ROOT,
  TOOLS,
  freePort,
  isExecutable,
  logFile,
  rel,
  run,
  sha256,
  stop,
  waitFor,
  which,
} from './support.mjs';
import { grpcGetSystemInfo } from './wire-checks.mjs';

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

export const testServer = {
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
    step(
      `resolving io.temporal:temporal-test-server:${TEST_SERVER_VERSION} and its runtime jars with Maven (log ${rel(logFile(this.id))})`,
    );
    fs.rmSync(TEST_SERVER_DIR, { recursive: true, force: true }); // a half-done earlier attempt
    run(
      'mvn',
      [
        '-q',
        '-B',
        '-f',
        TEST_SERVER_POM,
        `-Dtemporal.version=${TEST_SERVER_VERSION}`,
        'dependency:copy-dependencies',
        `-DoutputDirectory=${TEST_SERVER_LIB}`,
      ],
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
      if (other !== TEST_SERVER_VERSION)
        fs.rmSync(path.join(path.dirname(TEST_SERVER_DIR), other), { recursive: true, force: true });
    }

    const seconds = await timeTestServerStart(this.binary);
    step(
      `launcher ${rel(this.binary)} answers ${seconds.toFixed(2)} s after start${archived ? '' : ' (no class-data archive: this JVM could not make one)'}`,
    );
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
  const child = spawn(
    java,
    [...TEST_SERVER_JVM_FLAGS, `-XX:ArchiveClassesAtExit=${pending}`, '-cp', classPath, TEST_SERVER_MAIN, String(port)],
    {
      stdio: ['ignore', log, log],
    },
  );
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
  const runtime = fs.existsSync(release)
    ? /JAVA_RUNTIME_VERSION="([^"]*)"/.exec(fs.readFileSync(release, 'utf8'))?.[1]
    : undefined;
  return { path: java, runtime: runtime ?? null };
}
