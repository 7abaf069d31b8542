/**
 * The corpus of real exports, as the corpus tests read it: the bundled one (test/corpus), or the
 * extended one (RIS_CORPUS_DIR or ../shared/ris-corpus) when present. See helpers/repo.ts.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { corpusDir, corpusKind } from './repo';

/** One corpus file: its path relative to the corpus, INDEX.tsv's `records_expected` and `vendor`. */
export interface CorpusEntry {
  readonly file: string;
  readonly full: string;
  readonly expected: number;
  readonly vendor: string;
}

/** INDEX.tsv's files, then the `seed/*.ris` files it does not list (one record each). */
export function corpusEntries(dir: string = corpusDir()): CorpusEntry[] {
  const rows = fs.readFileSync(path.join(dir, 'INDEX.tsv'), 'utf8').split(/\r?\n/);
  const header = rows[0]!.split('\t');
  const fileCol = header.indexOf('file');
  const expectedCol = header.indexOf('records_expected');
  const vendorCol = header.indexOf('vendor');
  assert.ok(fileCol >= 0 && expectedCol >= 0, `INDEX.tsv header has file and records_expected: ${rows[0]}`);
  const out: CorpusEntry[] = [];
  for (const row of rows.slice(1)) {
    if (row.trim() === '') continue;
    const cols = row.split('\t');
    const file = cols[fileCol]!;
    out.push({ file, full: path.join(dir, file), expected: Number(cols[expectedCol]), vendor: cols[vendorCol] ?? '' });
  }
  const seed = path.join(dir, 'seed');
  if (fs.existsSync(seed)) {
    for (const name of fs.readdirSync(seed).sort()) {
      const file = `seed/${name}`;
      if (name.endsWith('.ris') && !out.some((f) => f.file === file)) out.push({ file, full: path.join(dir, file), expected: 1, vendor: 'seed' });
    }
  }
  return out;
}

/**
 * Inside a `describe`: when the corpus (its INDEX.tsv) is missing — only possible when RIS_CORPUS_DIR
 * names a folder that is not a corpus, since the bundled one is always there — declares one test that
 * fails with the reason and returns true, so that the caller declares nothing else.
 */
export function corpusMissing(dir: string = corpusDir()): boolean {
  const index = path.join(dir, 'INDEX.tsv');
  if (fs.existsSync(index)) return false;
  it('is present', () => assert.fail(`RIS corpus not found: ${index} (RIS_CORPUS_DIR names no corpus)`));
  return true;
}

/** One line saying which corpus the tests read and how many files it has, for test titles and logs. */
export function corpusDescription(dir: string = corpusDir()): string {
  const files = fs.existsSync(path.join(dir, 'INDEX.tsv')) ? corpusEntries(dir).length : 0;
  return `${corpusKind()} corpus, ${files} files (${dir})`;
}
