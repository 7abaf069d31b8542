/**
 * Parses every real export of the shared corpus (../shared/ris-corpus, or $RIS_CORPUS_DIR) and checks
 * the record count of INDEX.tsv (`records_expected`) and the "nothing lost" invariant. The corpus is
 * test data read in place, never copied into the project. Without it the suite fails, unless
 * RIS_CORPUS_OPTIONAL=1, in which case it is skipped with the reason.
 */

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { decodeRisBytes } from '../../src/core/decode';
import { parseRis } from '../../src/core/parser';
import { assertDocumentInvariants } from './helpers/risInvariants';

function repoRoot(): string {
  let dir = __dirname;
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`no package.json above ${__dirname}`);
    dir = up;
  }
}

interface CorpusFile {
  readonly file: string;
  readonly expected: number;
  readonly vendor: string;
}

const corpusDir = process.env['RIS_CORPUS_DIR'] ?? path.resolve(repoRoot(), '../shared/ris-corpus');
const indexPath = path.join(corpusDir, 'INDEX.tsv');
const available = fs.existsSync(indexPath);

function listCorpus(): CorpusFile[] {
  const rows = fs.readFileSync(indexPath, 'utf8').split(/\r?\n/);
  const header = rows[0]!.split('\t');
  const fileCol = header.indexOf('file');
  const expectedCol = header.indexOf('records_expected');
  const vendorCol = header.indexOf('vendor');
  assert.ok(fileCol >= 0 && expectedCol >= 0, `INDEX.tsv header has file and records_expected: ${rows[0]}`);
  const out: CorpusFile[] = [];
  for (const row of rows.slice(1)) {
    if (row.trim() === '') continue;
    const cols = row.split('\t');
    out.push({ file: cols[fileCol]!, expected: Number(cols[expectedCol]), vendor: cols[vendorCol] ?? '' });
  }
  const seedDir = path.join(corpusDir, 'seed');
  if (fs.existsSync(seedDir)) {
    for (const name of fs.readdirSync(seedDir).sort()) {
      const file = `seed/${name}`;
      if (name.endsWith('.ris') && !out.some((f) => f.file === file)) out.push({ file, expected: 1, vendor: 'seed' });
    }
  }
  return out;
}

describe('real exports (shared corpus)', function () {
  if (!available) {
    const reason = `RIS corpus not found: ${indexPath} (set RIS_CORPUS_DIR)`;
    if (process.env['RIS_CORPUS_OPTIONAL'] === '1') {
      it(`is skipped: ${reason}`, function () {
        this.skip();
      });
    } else {
      it('is present', () => {
        assert.fail(`${reason}; set RIS_CORPUS_OPTIONAL=1 to skip`);
      });
    }
    return;
  }

  const files = listCorpus();
  let totalRecords = 0;
  let totalLines = 0;

  it('lists at least 100 files', () => {
    assert.ok(files.length >= 100, `only ${files.length} files in ${indexPath}`);
  });

  for (const f of files) {
    it(`${f.file}: ${f.expected} record(s)`, () => {
      const bytes = fs.readFileSync(path.join(corpusDir, f.file));
      const decoded = decodeRisBytes(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      const doc = parseRis(decoded.text);
      assert.equal(doc.records.length, f.expected, `${f.file} (${f.vendor})`);
      totalLines += assertDocumentInvariants(doc, f.file);
      totalRecords += doc.records.length;
    });
  }

  after(() => {
    if (totalRecords > 0) console.log(`      corpus: ${files.length} files, ${totalRecords} records, ${totalLines} non-blank lines`);
  });
});
