// Tool 1: the Temporal CLI (its dev server), built from its Go module.

import fs from 'node:fs';
import path from 'node:path';
import { TEMPORAL_CLI_VERSION } from './pins.mjs';
import { BIN, TOOLS, expectOutput, logFile, rel, run, which } from './support.mjs';

const TEMPORAL_MODULE = 'github.com/temporalio/cli';
// The version string the official release build stamps in (`temporal --version` says
// 0.0.0-DEV without it); -s -w drop the symbol tables (250 MB -> 213 MB).
const TEMPORAL_LDFLAGS = `-s -w -X ${TEMPORAL_MODULE}/temporalcli.Version=${TEMPORAL_CLI_VERSION}`;

export const temporalCli = {
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
    step(
      `building from Go module ${TEMPORAL_MODULE}@v${TEMPORAL_CLI_VERSION} (~4 min on 2 cores when nothing is cached; log ${rel(logFile(this.id))})`,
    );
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
