#!/usr/bin/env node
// Fails when a source file is over 300 lines, unless its first line says why it may be:
//   // Over 300 lines: <the reason>
// (after a shebang line, if any). Looks at the files git tracks or would track (.gitignore
// applies: node_modules, dist, .tools, data, test-output), outside test/ and vendored code.
// Files whose first line starts with `// GENERATED` are generated and not counted.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const MAX_LINES = 300;
const MARKER = /^\/\/ Over 300 lines: \S/;
const GENERATED = /^\/\/ GENERATED\b/;
const SOURCE = /\.(ts|tsx|mts|cts|js|mjs|cjs)$/;
const SKIPPED_DIRS = ['test/', 'src/web/public/vendor/'];

const root = path.resolve(import.meta.dirname, '..');
const listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
  cwd: root,
  encoding: 'utf8',
});
const files = [...new Set(listed.split('\0'))]
  .filter((file) => SOURCE.test(file) && !SKIPPED_DIRS.some((dir) => file.startsWith(dir)))
  .sort();

const offenders = [];
const staleMarkers = [];
for (const file of files) {
  let text;
  try {
    text = readFileSync(path.join(root, file), 'utf8');
  } catch (error) {
    if (error.code === 'ENOENT') continue; // deleted in the work tree, still in the index
    throw error;
  }
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const head = lines[0]?.startsWith('#!') ? lines[1] : lines[0];
  if (GENERATED.test(head ?? '')) continue;
  const marked = MARKER.test(head ?? '');
  if (lines.length > MAX_LINES && !marked) offenders.push({ file, count: lines.length });
  if (lines.length <= MAX_LINES && marked) staleMarkers.push({ file, count: lines.length });
}

for (const { file, count } of staleMarkers) {
  console.log(`note: ${file} has ${count} lines and no longer needs its "// Over 300 lines:" comment`);
}
if (offenders.length === 0) {
  console.log(`check:size: ${files.length} source files, none over ${MAX_LINES} lines without a reason`);
  process.exit(0);
}
offenders.sort((a, b) => b.count - a.count);
console.error(`check:size: ${offenders.length} source file(s) over ${MAX_LINES} lines:`);
for (const { file, count } of offenders) console.error(`  ${String(count).padStart(5)}  ${file}`);
console.error(`Split the file, or make its first line a comment giving the reason: "// Over 300 lines: <why>".`);
process.exit(1);
