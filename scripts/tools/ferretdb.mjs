// Tool 2: FerretDB (the MongoDB wire API on SQLite), built from its Go module.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FERRETDB_VERSION } from './pins.mjs';
import {
  BIN,
  TOOLS,
  expectOutput,
  freePort,
  logFile,
  makeWritable,
  rel,
  run,
  stop,
  waitFor,
  which,
} from './support.mjs';
import { mongoPing } from './wire-checks.mjs';

const FERRETDB_MODULE = 'github.com/FerretDB/FerretDB';
const FERRETDB_SRC = path.join(TOOLS, 'src', `ferretdb-v${FERRETDB_VERSION}`);
// No PostgreSQL backend: we only run the SQLite one, and the binary gets ~12% smaller.
// -buildvcs=false: the copied source sits inside this project's git work tree, whose commit
// would otherwise be stamped into the binary as FerretDB's own.
const FERRETDB_BUILD_FLAGS = ['-buildvcs=false', '-trimpath', '-tags=ferretdb_no_postgresql', '-ldflags=-s -w'];

export const ferretDb = {
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
    step(
      `building from Go module ${FERRETDB_MODULE}@v${FERRETDB_VERSION} in ${rel(FERRETDB_SRC)} (log ${rel(logFile(this.id))})`,
    );
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
      run('go', ['build', ...FERRETDB_BUILD_FLAGS, '-o', fresh, './cmd/ferretdb'], {
        cwd: FERRETDB_SRC,
        log: logFile(this.id),
      });
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
