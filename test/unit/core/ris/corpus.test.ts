/**
 * Parses every real export of the corpus and checks the record count of INDEX.tsv
 * (`records_expected`) and the "nothing lost" invariant. The corpus is the bundled one (test/corpus:
 * the permissively licensed exports and the seed), or the extended research corpus when present
 * ($RIS_CORPUS_DIR, or ../shared/ris-corpus), which holds the bundled files and the GPL-licensed ones;
 * the bundled copies must then equal the extended ones byte for byte.
 */

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { decodeRisBytes } from '../../../../src/core/ris/decode';
import { parseRis } from '../../../../src/core/ris/parser';
import { assertDocumentInvariants } from '../../helpers/risInvariants';
import { createHash } from 'node:crypto';
import { bundledCorpusDir, corpusDir, corpusKind, forCorpus } from '../../helpers/repo';
import { corpusDescription, corpusEntries, corpusMissing } from '../../helpers/corpus';

const indexPath = path.join(corpusDir(), 'INDEX.tsv');

describe(`real exports (${corpusDescription()})`, function () {
  if (corpusMissing()) return;

  const files = corpusEntries();
  let totalRecords = 0;
  let totalLines = 0;

  it(`lists the ${forCorpus({ bundled: 84, extended: 121 })} files of the ${corpusKind()} corpus`, () => {
    assert.equal(files.length, forCorpus({ bundled: 84, extended: 121 }), indexPath);
  });

  it('bundles every permissively licensed file, with its INDEX.tsv row, byte for byte', () => {
    const bundled = corpusEntries(bundledCorpusDir());
    assert.equal(bundled.length, 84);
    const rows = (dir: string): Map<string, string> =>
      new Map(
        fs.readFileSync(path.join(dir, 'INDEX.tsv'), 'utf8').split('\n').filter((l) => l.trim() !== '').slice(1).map((l) => [l.split('\t')[0]!, l]),
      );
    const bundledRows = rows(bundledCorpusDir());
    const extendedRows = corpusKind() === 'extended' ? rows(corpusDir()) : undefined;
    for (const entry of bundled) {
      const row = bundledRows.get(entry.file);
      assert.ok(row, `${entry.file} has an INDEX.tsv row`);
      const cols = row.split('\t');
      const licence = cols[4] ?? '';
      assert.ok(entry.file.startsWith('seed/') || /^(CC0|MIT|Apache-2\.0)/.test(licence), `${entry.file}: licence ${licence}`);
      // The seed's row predates the fingerprints and has no sha1; every other row has one.
      const sha1 = createHash('sha1').update(fs.readFileSync(entry.full)).digest('hex');
      if (!entry.file.startsWith('seed/')) assert.equal(sha1, cols[10], `${entry.file}: sha1 as in INDEX.tsv`);
      if (extendedRows) assert.equal(row, extendedRows.get(entry.file), `${entry.file}: the same row as the extended corpus`);
    }
    if (extendedRows) {
      // Every permissively licensed file of the extended corpus is bundled.
      for (const [file, row] of extendedRows) {
        if (/^(CC0|MIT|Apache-2\.0)/.test(row.split('\t')[4] ?? '')) assert.ok(bundledRows.has(file), `${file} is bundled`);
      }
    }
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
