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
// FerretDB 1.24 creates each SQLite table's unique _id index on `_ferretdb_sjson->"_id"` but looks
// documents up by `_ferretdb_sjson->'$._id'`, an expression SQLite does not match to that index: every
// find, update and delete by _id scanned the whole table (60 ms per findById at 30,000 documents,
// 550 ms per updateOne; 1.1 ms and 1.7 ms with this patch). The patch makes the lookup use the
// index's own expression, which names the same JSON field.
const ID_LOOKUP_FILE = 'internal/backends/sqlite/metadata/metadata.go';
const ID_LOOKUP_OLD = `IDColumn = DefaultColumn + "->'$._id'"`;
const ID_LOOKUP_NEW = 'IDColumn = DefaultColumn + `->"_id"`';

// It also pushed `_id` down only when it is the filter's one key: a conditional write such as a
// claim (`{ _id, status: 'open' }`) or a delivery's acceptance (`{ _id, status: 'intent' }`)
// decoded the whole collection. The handler filters every fetched document again with the whole
// filter, so fetching by `_id` alone is a safe superset; the patch pushes `_id` down whenever it
// appears exactly once (Get panics on a duplicated key).
const ID_PUSHDOWN_FILE = 'internal/backends/sqlite/collection.go';
const ID_PUSHDOWN_OLD = 'if params.Filter.Len() == 1 {';
const ID_PUSHDOWN_NEW =
  'if params.Filter.Len() == 1 || (params.Filter.Len() > 1 && func() bool { n := 0; for _, k := range params.Filter.Keys() { if k == "_id" { n++ } }; return n == 1 }()) {';

// And it never pushed down `_id: { $in: [...] }`: reading a page of a trail or a report's tasks
// by their ids took one round trip per id (`src/store/by-ids.ts`), since an `$in` decoded the whole
// collection. The patch answers an `$in` of strings or ObjectIDs (up to 1,000) from the `_id`
// index with SQL `IN`; as above, the handler filters the fetched documents with the whole filter.
const ID_IN_ANCHOR = '\t\tswitch v.(type) {\n\t\tcase string, types.ObjectID:';
const ID_IN_USE = `\t\tif w, a, ok := idInClause(v); ok {\n\t\t\twhereClause, args = w, a\n\t\t}\n${ID_IN_ANCHOR}`;
const ID_IN_END = '// check interfaces\nvar (';
const ID_IN_FUNC = `// idInClause pushes _id: {$in: [...]} down to the _id index (patched in by the project's installer).
func idInClause(v any) (string, []any, bool) {
\td, ok := v.(*types.Document)
\tif !ok || d.Len() != 1 {
\t\treturn "", nil, false
\t}
\tin, err := d.Get("$in")
\tif err != nil {
\t\treturn "", nil, false
\t}
\tarr, ok := in.(*types.Array)
\tif !ok || arr.Len() == 0 || arr.Len() > 1000 {
\t\treturn "", nil, false
\t}
\targs := make([]any, 0, arr.Len())
\tfor i := 0; i < arr.Len(); i++ {
\t\te := must.NotFail(arr.Get(i))
\t\tswitch e.(type) {
\t\tcase string, types.ObjectID:
\t\t\targs = append(args, string(must.NotFail(sjson.MarshalSingleValue(e))))
\t\tdefault:
\t\t\treturn "", nil, false
\t\t}
\t}
\tmarks := strings.TrimSuffix(strings.Repeat("?, ", len(args)), ", ")
\treturn fmt.Sprintf(\` WHERE %s IN (%s)\`, metadata.IDColumn, marks), args, true
}

${ID_IN_END}`;

function patch(src, file, before, after) {
  const full = path.join(src, file);
  const text = fs.readFileSync(full, 'utf8');
  if (!text.includes(before)) throw new Error(`FerretDB patch: ${before} not found in ${file}`);
  fs.writeFileSync(full, text.replaceAll(before, after));
}

function patchIdLookup(src) {
  patch(src, ID_LOOKUP_FILE, ID_LOOKUP_OLD, ID_LOOKUP_NEW);
  patch(src, ID_PUSHDOWN_FILE, ID_PUSHDOWN_OLD, ID_PUSHDOWN_NEW);
  patch(src, ID_PUSHDOWN_FILE, ID_IN_ANCHOR, ID_IN_USE);
  patch(src, ID_PUSHDOWN_FILE, ID_IN_END, ID_IN_FUNC);
}

export const ferretDb = {
  id: 'ferretdb',
  label: `FerretDB v${FERRETDB_VERSION}`,
  binary: path.join(BIN, 'ferretdb'),
  recipe: () => ({
    version: FERRETDB_VERSION,
    flags: FERRETDB_BUILD_FLAGS,
    patches: ['id-lookup-uses-index', 'id-pushdown-beside-other-conditions', 'id-in-pushdown'],
  }),
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
    patchIdLookup(FERRETDB_SRC);

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
