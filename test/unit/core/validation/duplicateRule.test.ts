/**
 * `ris.duplicate-record` reads a file's own duplicates from the duplicate index when the index holds
 * that very document (as the editor's and the benchmark's validations have it), instead of making
 * its own map of the file's keys: both ways must report the same, on every bundled corpus file with
 * records copied within it and into another file.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { parseRis } from '../../../../src/core/ris/parser';
import { DEFAULT_SEVERITIES, DiagnosticCode, type Severity } from '../../../../src/core/validation/codes';
import { DuplicateIndex, type DuplicateLookup } from '../../../../src/core/validation/duplicateIndex';
import { validateRis } from '../../../../src/core/validation/validate';
import { corpusEntries } from '../../helpers/corpus';
import { bundledCorpusDir } from '../../helpers/repo';
import { seededRandom } from '../../helpers/risSnapshot';

const ALL_ON = Object.fromEntries(Object.keys(DEFAULT_SEVERITIES).map((c) => [c, 'warning'])) as Record<DiagnosticCode, Severity>;

/** About one record in `share` of `text`, picked at random (each whole, from TY to its ER line). */
function someRecords(text: string, share: number, rnd: () => number): string {
  const records = text.match(/^TY {2}-[\s\S]*?^ER {2}-[^\r\n]*(?:\r?\n|$)/gm) ?? [];
  return records.filter(() => rnd() < share).join('');
}

/** The index with `uri` hidden from the rule: it answers lookups but does not say it holds the file. */
function notHolding(index: DuplicateIndex): DuplicateLookup {
  return { recordsWithKey: (key, exclude) => index.recordsWithKey(key, exclude), vetoFeaturesOf: (ref) => index.vetoFeaturesOf(ref) };
}

describe('ris.duplicate-record through an index that holds the file', () => {
  it('reports what the rule finds with its own map of the file, on the corpus', () => {
    const rnd = seededRandom(20261206);
    const files = corpusEntries(bundledCorpusDir()).filter((e) => fs.existsSync(e.full));
    assert.ok(files.length > 5, `${files.length} bundled corpus files`);
    const uri = 'file:///a.ris';
    let reported = 0;
    let within = 0;
    let across = 0;
    for (let f = 0; f < files.length; f++) {
      const text = fs.readFileSync(files[f]!.full, 'utf8');
      const previous = fs.readFileSync(files[(f + files.length - 1) % files.length]!.full, 'utf8');
      const doc = parseRis(text + (text.endsWith('\n') ? '' : '\n') + someRecords(text, 0.2, rnd));
      const index = new DuplicateIndex();
      index.set('file:///other.ris', parseRis(previous + '\n' + someRecords(text, 0.2, rnd)));
      index.set(uri, doc);
      assert.ok(index.holds(uri, doc));
      const duplicates = (lookup: DuplicateLookup): string[] =>
        validateRis(doc, { uri, severities: ALL_ON, duplicates: lookup })
          .filter((d) => d.code === DiagnosticCode.DuplicateRecord)
          .map((d) => JSON.stringify(d));
      const viaIndex = duplicates(index);
      assert.deepEqual(viaIndex, duplicates(notHolding(index)), files[f]!.file);
      reported += viaIndex.length;
      for (const d of viaIndex) {
        if (d.includes('of this file')) within++;
        if (d.includes('other.ris')) across++;
      }
    }
    // Both kinds were compared, not only files without duplicates.
    assert.ok(reported > 100 && within > 50 && across > 50, `${reported} duplicates, ${within} within a file, ${across} across`);
  });

  it('skips earlier records the engine keeps apart, through the index and without it', () => {
    // Two copies of an article, then the correction notice printed later in the volume: same title,
    // year and author, other pages of the journal, which the engine keeps apart from both.
    const cited = (pages: string): string =>
      `TY  - JOUR\nAU  - Le Quintrec, M.\nTI  - Anti-factor H autoantibodies in a fifth renal transplant recipient\nPY  - 2009\nT2  - American Journal of Transplantation\nVL  - 9\nSP  - ${pages}\nER  - \n`;
    const doc = parseRis(cited('1223-1229') + cited('1223-9') + cited('2205'));
    const index = new DuplicateIndex();
    index.set('file:///a.ris', doc);
    for (const duplicates of [index, notHolding(index), undefined]) {
      const found = validateRis(doc, { uri: 'file:///a.ris', duplicates }).filter((d) => d.code === DiagnosticCode.DuplicateRecord);
      assert.deepEqual(
        found.map((d) => [d.data?.recordIndex, d.data?.duplicates?.map((x) => x.recordIndex)]),
        [[1, [0]]],
      );
    }
  });

  it('is not used for another version of the file', () => {
    const record = 'TY  - JOUR\nTI  - Same\nAU  - Doe, J.\nPY  - 2020\nDO  - 10.1000/x\nER  - \n';
    const index = new DuplicateIndex();
    const held = parseRis(record);
    index.set('file:///a.ris', held);
    const edited = parseRis(record + record);
    assert.equal(index.holds('file:///a.ris', edited), false);
    // The edited version's own twin is found by the rule's map (the index knows one record of the file).
    const found = validateRis(edited, { uri: 'file:///a.ris', duplicates: index }).filter((d) => d.code === DiagnosticCode.DuplicateRecord);
    assert.equal(found.length, 1);
    assert.equal(found[0]!.data?.recordIndex, 1);
  });
});
