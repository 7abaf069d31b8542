/**
 * The vetoes on compact features (what `ris.duplicate-record` and the sliced check keep per record)
 * say what they say on the full features: compared on every pair of bib-dedupe's labelled sets that
 * share a title word block, and on the hand-made meeting-abstract case that reads titles and authors.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { readLabelledSet } from '../../../../bench/lib/dedupScore';
import { hardVeto } from '../../../../src/core/dedup/decide';
import { recordFeatures, type RecordFeatures } from '../../../../src/core/dedup/features';
import { compactVetoFeatures, DEFAULT_VETO_OPTIONS, vetoBetween, vetoFeatures } from '../../../../src/core/dedup/vetoFeatures';
import { parseRis } from '../../../../src/core/ris/parser';
import { findRepoRoot } from '../../helpers/repo';

describe('dedup: veto features', function () {
  this.timeout(120000);
  const root = path.join(findRepoRoot(), 'test', 'dedup-corpus');
  for (const name of ['stroke', 'haematology', 'cytology_screening']) {
    it(`vetoes the same pairs on compact as on full features (${name})`, () => {
      const doc = parseRis(readLabelledSet(path.join(root, name)).ris);
      const full = doc.records.map(recordFeatures);
      const compact = full.map(compactVetoFeatures);
      // vetoFeatures (authors normalised only when they may be read) gives the compact features.
      doc.records.forEach((r, i) => assert.deepEqual(vetoFeatures(r), compact[i], `record ${i}`));
      // Pairs that share the first title word and year: the pairs a veto is ever asked about, and more.
      const blocks = new Map<string, number[]>();
      full.forEach((f, i) => {
        const key = `${f.title.split(' ')[0] ?? ''}|${f.year ?? ''}`;
        const b = blocks.get(key);
        if (b === undefined) blocks.set(key, [i]);
        else b.push(i);
      });
      let pairs = 0;
      let vetoed = 0;
      let kept = 0;
      for (const members of blocks.values()) {
        for (let i = 0; i < members.length; i++) {
          for (let j = i + 1; j < members.length; j++) {
            const a = members[i]!;
            const b = members[j]!;
            const want = hardVeto(full[a]!, full[b]!, DEFAULT_VETO_OPTIONS);
            assert.equal(vetoBetween(compact[a]!, compact[b]!), want, `records ${a} and ${b}`);
            pairs++;
            if (want !== undefined) vetoed++;
          }
        }
      }
      kept = compact.filter((f) => f.authors.length > 0).length;
      assert.ok(pairs > 1000 && vetoed > 100, `${pairs} pairs, ${vetoed} vetoed`);
      // Titles and authors are kept for few records (the possible meeting abstracts).
      assert.ok(kept < full.length / 2, `${kept} of ${full.length} keep authors`);
    });
  }

  it('keeps title and authors for a possible meeting abstract, whose page veto reads them', () => {
    const abstract = (sp: string, ep: string): RecordFeatures =>
      vetoFeatures(
        parseRis(
          [
            'TY  - JOUR',
            'TI  - Eculizumab in atypical haemolytic uraemic syndrome: a multicentre observational study of outcomes',
            'AU  - Smith, A.',
            'AU  - Jones, B.',
            'AU  - Brown, C.',
            'PY  - 2015',
            'T2  - Blood',
            'VL  - 126',
            `SP  - ${sp}`,
            `EP  - ${ep}`,
            'ER  - ',
            '',
          ].join('\n'),
        ).records[0]!,
      );
    const a = abstract('8', '9');
    const b = abstract('3', '3');
    assert.equal(a.authors.length, 3);
    assert.ok(a.title.length > 0);
    // The same abstract paginated two ways: no veto, as on the full features.
    assert.equal(vetoBetween(a, b), undefined);
    const article = vetoFeatures(parseRis('TY  - JOUR\nTI  - Something\nAU  - Smith, A.\nPY  - 2015\nT2  - Blood\nVL  - 126\nSP  - 100\nEP  - 120\nER  - \n').records[0]!);
    assert.equal(article.authors.length, 0);
    assert.equal(article.title, '');
    assert.match(vetoBetween(article, b) ?? '', /pages/);
  });
});
