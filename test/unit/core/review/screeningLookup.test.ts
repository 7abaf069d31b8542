/**
 * The manuscript against the screening: a library record matched to its screening record by place,
 * DOI or title; `ris.excluded-citation` on a citation of an excluded record (the example review's
 * draft cites hosny2018artificial, which both Rayyan reviewers excluded); included records not cited.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { scanCitations } from '../../../../src/core/markdown/citationScanner';
import { Library } from '../../../../src/core/library/referenceLibrary';
import { parseRis } from '../../../../src/core/ris/parser';
import { excludedCitationDiagnostics, includedNotCited, ScreeningLookup, type CitedRecord } from '../../../../src/core/review/screeningLookup';

const lib = (text: string): RisLib => {
  const doc = parseRis(text);
  return { doc, recordOf: (key: string) => { const i = doc.records.findIndex((r) => r.fields.some((f) => f.tag === 'ID' && f.value === key)); return i < 0 ? undefined : { uri: 'lib.ris', recordIndex: i, record: doc.records[i]! }; } };
};
interface RisLib { doc: ReturnType<typeof parseRis>; recordOf: (key: string) => CitedRecord | undefined }

const screeningText = [
  'TY  - JOUR', 'TI  - Deep learning for chest radiographs', 'DO  - 10.1000/abc', 'N1  - RAYYAN-INCLUSION: {"Ann"=>"Excluded", "Ben"=>"Excluded"} | RAYYAN-EXCLUSION-REASONS: wrong population', 'ER  - ',
  'TY  - JOUR', 'TI  - Segmentation of the liver with U-Net', 'N1  - RAYYAN-INCLUSION: {"Ann"=>"Included"}', 'ER  - ',
  'TY  - JOUR', 'TI  - A third study of retinal images', 'DO  - 10.1000/third', 'N1  - RAYYAN-INCLUSION: {"Ann"=>"Included"}', 'ER  - ',
  'TY  - JOUR', 'TI  - Undecided study on pathology slides', 'ER  - ',
  '',
].join('\n');

describe('core/review/screeningLookup', () => {
  const screening = { uri: 'screen.ris', label: 'screening/rayyan.ris', doc: parseRis(screeningText) };
  const lookup = new ScreeningLookup([screening]);
  const library = lib([
    'TY  - JOUR', 'ID  - byDoi', 'TI  - Another title entirely', 'DO  - https://doi.org/10.1000/ABC', 'ER  - ',
    'TY  - JOUR', 'ID  - byTitle', 'TI  - Segmentation of the Liver with U-Net.', 'ER  - ',
    'TY  - JOUR', 'ID  - unknown', 'TI  - Nothing like the screening', 'ER  - ',
    '',
  ].join('\n'));

  it('matches by DOI, then by normalised title', () => {
    assert.equal(lookup.find(library.recordOf('byDoi')!)?.recordIndex, 0);
    assert.equal(lookup.find(library.recordOf('byTitle')!)?.recordIndex, 1);
    assert.equal(lookup.find(library.recordOf('unknown')!), undefined);
  });

  it('matches by place when the screening file is in the library', () => {
    assert.equal(lookup.find({ uri: 'screen.ris', recordIndex: 3, record: screening.doc.records[3]! })?.recordIndex, 3);
  });

  it('reports a citation of an excluded record, and no other', () => {
    const md = 'See [@byDoi; @byTitle] and @unknown and @missing.';
    const found = excludedCitationDiagnostics(scanCitations(md), library.recordOf, lookup, 'warning');
    assert.equal(found.length, 1);
    assert.equal(found[0]!.code, 'ris.excluded-citation');
    assert.equal(found[0]!.key, 'byDoi');
    assert.equal(md.slice(found[0]!.start, found[0]!.end).includes('byDoi'), true);
    assert.match(found[0]!.message, /excluded at screening: excluded \(Ann: excluded, Ben: excluded\) — wrong population \(screening\/rayyan.ris\)/);
    assert.deepEqual(excludedCitationDiagnostics(scanCitations(md), library.recordOf, lookup, 'ignore'), []);
  });

  it('lists the included records no citation points at, with their library keys', () => {
    const entries = [{ ...library.recordOf('byTitle')!, key: 'byTitle' }];
    const none = includedNotCited(lookup, [], library.recordOf, entries);
    assert.deepEqual(none.map((u) => [u.screened.recordIndex, u.key]), [[1, 'byTitle'], [2, undefined]]);
    const some = includedNotCited(lookup, ['byTitle', 'byDoi'], library.recordOf, entries);
    assert.deepEqual(some.map((u) => u.screened.recordIndex), [2]);
  });

  it('finds the excluded citation of the example review draft', () => {
    const root = path.join(__dirname, '../../../../../examples/review');
    const read = (p: string): string => fs.readFileSync(path.join(root, p), 'utf8');
    const files = ['searches/scopus-export.ris', 'searches/pubmed-endnote.ris'].map((p) => ({ uri: p, doc: parseRis(read(p)) }));
    const library = new Library(files);
    const recordOf = (key: string): CitedRecord | undefined => library.byKey(key);
    const example = new ScreeningLookup([{ uri: 'screening/rayyan-export.ris', label: 'screening/rayyan-export.ris', doc: parseRis(read('screening/rayyan-export.ris')) }]);
    const found = excludedCitationDiagnostics(scanCitations(read('draft.md')), recordOf, example, 'warning');
    assert.deepEqual(found.map((d) => d.key), ['hosny2018artificial']);
  });
});
