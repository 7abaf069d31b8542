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
import { corpusDir } from './helpers/repo';
import { corpusEntries, corpusMissing } from './helpers/corpus';

const indexPath = path.join(corpusDir(), 'INDEX.tsv');

describe('real exports (shared corpus)', function () {
  if (corpusMissing()) return;

  const files = corpusEntries();
  let totalRecords = 0;
  let totalLines = 0;

  it('lists at least 100 files', () => {
    assert.ok(files.length >= 100, `only ${files.length} files in ${indexPath}`);
  });

  for (const f of files) {
    it(`${f.file}: ${f.expected} record(s)`, () => {
      const bytes = fs.readFileSync(f.full);
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
