// Copies the permissively licensed real exports of the shared research corpus (../shared/ris-corpus,
// or $RIS_CORPUS_DIR) into test/corpus/, so that a bare clone of the repository tests on real data:
// every file whose INDEX.tsv licence is CC0, MIT or Apache-2.0, and the seed record. It writes the
// subset's INDEX.tsv (the same columns and rows) and PROVENANCE.md (repository, commit and licence per
// source, then the source's own file table limited to the files copied). Licence texts live in
// test/corpus/LICENSES/ and are kept as they are. Run it again when the shared corpus changes:
//   node scripts/vendor-corpus.mjs
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const from = resolve(repoRoot, process.env.RIS_CORPUS_DIR ?? '../shared/ris-corpus');
const to = join(repoRoot, 'test/corpus');
const PERMISSIVE = /^(CC0|MIT|Apache-2\.0)\b/;

if (!existsSync(join(from, 'INDEX.tsv'))) {
  console.error(`no corpus at ${from} (set RIS_CORPUS_DIR)`);
  process.exit(2);
}

const [header, ...rows] = readFileSync(join(from, 'INDEX.tsv'), 'utf8').split('\n').filter((l) => l.trim() !== '');
const cols = header.split('\t');
const fileCol = cols.indexOf('file');
const licenceCol = cols.indexOf('license');
const kept = rows.filter((row) => {
  const c = row.split('\t');
  return PERMISSIVE.test(c[licenceCol]) || c[fileCol].startsWith('seed/');
});
const seedFiles = readdirSync(join(from, 'seed')).filter((f) => f.endsWith('.ris')).map((f) => `seed/${f}`);

// Start from an empty folder, except the licence texts, which are written by hand.
for (const entry of readdirSync(to, { withFileTypes: true })) {
  if (entry.name !== 'LICENSES') rmSync(join(to, entry.name), { recursive: true, force: true });
}
const files = [...new Set([...kept.map((row) => row.split('\t')[fileCol]), ...seedFiles])];
for (const file of files) {
  mkdirSync(dirname(join(to, file)), { recursive: true });
  copyFileSync(join(from, file), join(to, file));
}
writeFileSync(join(to, 'INDEX.tsv'), `${[header, ...kept].join('\n')}\n`);

// PROVENANCE.md: one section a source, its metadata lines and the table rows of the copied files.
const sources = [...new Set(files.map((f) => f.split('/')[0]))].sort();
const out = [
  '# Provenance of the bundled corpus',
  '',
  'Real RIS exports carried in the repository so that the tests run on real data in a bare clone.',
  `They are the ${files.length} files of the project's research corpus whose licence permits it (CC0-1.0,`,
  'MIT, Apache-2.0), plus the seed record; the GPL/LGPL-licensed files of that corpus are not copied and',
  'are read by path when the extended corpus is present (`RIS_CORPUS_DIR`, or `../shared/ris-corpus`).',
  'Every file is a byte-for-byte copy of the file in the named repository at the named commit; none is',
  'shipped in the extension (.vscodeignore). The licence texts are in `LICENSES/`.',
  '`INDEX.tsv` has one row per file: vendor, record counts, licence, sha1 and the quirks it carries.',
  'Regenerate with `node scripts/vendor-corpus.mjs`.',
  '',
];
for (const source of sources) {
  const provenance = readFileSync(join(from, source, 'PROVENANCE.md'), 'utf8').split('\n');
  const mine = new Set(files.filter((f) => f.startsWith(`${source}/`)).map((f) => f.slice(source.length + 1)));
  out.push(`## ${source} (${mine.size} file${mine.size === 1 ? '' : 's'})`, '');
  let inTable = false;
  for (const line of provenance.slice(provenance.findIndex((l, i) => i > 0 && l.trim() !== ''))) {
    const cell = line.startsWith('|') ? line.split('|')[1].trim() : undefined;
    if (cell === 'file') inTable = true;
    const rule = cell !== undefined && /^[-:\s]+$/.test(cell);
    if (inTable && cell !== undefined && cell !== 'file' && !rule && !mine.has(cell)) continue;
    out.push(line);
  }
  while (out.at(-1) === '') out.pop();
  out.push('');
}
writeFileSync(join(to, 'PROVENANCE.md'), out.join('\n'));
console.log(`copied ${files.length} files from ${from} to ${to} (${sources.length} sources)`);
