/**
 * The duplicate keys' text reduction (`normaliseForKey`, built character by character with each
 * character above U+007F reduced once) against its definition applied to the whole text: Unicode
 * decomposition (NFKD), marks removed, lower case, everything but letters and digits removed. On
 * fixed cases, on random text from a pool of tricky characters and random code points, and on every
 * title and author value of the corpus.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { doiKey } from '../../../../src/core/ris/doi';
import { familyNameOf } from '../../../../src/core/ris/names';
import { parseRis } from '../../../../src/core/ris/parser';
import { duplicateKeysFrom, normaliseForKey } from '../../../../src/core/validation/duplicateKeys';
import { corpusDescription, corpusEntries, corpusMissing } from '../../helpers/corpus';
import { seededRandom } from '../../helpers/risSnapshot';

/** The definition, on the whole text at once. */
function reference(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

/** Characters whose reduction is not a plain lower-casing: accents, ligatures, Greek sigma, dotted I, surrogates. */
const TRICKY = [
  'a', 'Z', '0', '9', ' ', '-', '.', ',', "'", '(', 'é', 'É', 'ñ', 'ü', 'ß', 'ẞ', 'Ø', 'ø', 'æ', 'Å',
  'e\u0301', '\u0301', '\u0327', 'ﬁ', 'ﬀ', 'İ', 'ı', 'Σ', 'σ', 'ς', 'Ο', 'Δ', 'β', 'Ω', 'Ж', 'ж', '漢',
  '한', 'ᄀ', '²', '½', '①', 'Ａ', 'ｚ', '٣', '𝔄', '𝟘', '😀', '\ud800', '\udc00', '\u00a0', '\u2013', '™', 'ǅ', 'ﾊﾟ',
];

function randomText(next: () => number, length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) {
    const r = next();
    if (r < 0.7) s += TRICKY[Math.floor(next() * TRICKY.length)];
    else if (r < 0.9) s += String.fromCharCode(0x80 + Math.floor(next() * (0xd800 - 0x80)));
    else s += String.fromCodePoint(0x10000 + Math.floor(next() * 0x20000));
  }
  return s;
}

describe('duplicate keys: normaliseForKey', () => {
  const cases: [string, string][] = [
    ['The Café, revisited.', 'thecaferevisited'],
    ['Deep learning in medical image analysis', 'deeplearninginmedicalimageanalysis'],
    ['β-Amyloid and COVID-19', 'βamyloidandcovid19'],
    ['ΟΔΟΣ ΣΟΦΙΑΣ', 'οδος' + 'σοφιας'],
    ['İstanbul', 'istanbul'],
    ['ﬁsh ½ x²', 'fish12x2'],
    ['𝔄lpha 😀', 'alpha'],
    ['Ｆｕｌｌｗｉｄｔｈ', 'fullwidth'],
    ['', ''],
    ['—', ''],
  ];
  for (const [text, expected] of cases) {
    it(`reduces ${JSON.stringify(text)}`, () => {
      assert.equal(normaliseForKey(text), expected);
      assert.equal(reference(text), expected, 'the definition agrees');
    });
  }

  it('equals the whole-text reduction on 20,000 random texts', () => {
    const next = seededRandom(20261206);
    for (let i = 0; i < 20_000; i++) {
      const text = randomText(next, 1 + Math.floor(next() * 40));
      assert.equal(normaliseForKey(text), reference(text), `text ${JSON.stringify(text)}`);
    }
  });

  it('reduces a text longer than one String.fromCharCode call takes', () => {
    const text = 'Ab, Cé 12. '.repeat(4000);
    assert.equal(normaliseForKey(text), reference(text));
    assert.equal(normaliseForKey(text).length, 6 * 4000);
  });

  it('builds keys equal to their parts joined', () => {
    const next = seededRandom(7);
    for (let i = 0; i < 2_000; i++) {
      const title = randomText(next, 1 + Math.floor(next() * 30));
      const author = `${randomText(next, 1 + Math.floor(next() * 8))}, J.`;
      const doi = next() < 0.5 ? `https://doi.org/10.${1000 + i}/AbC.${i}` : undefined;
      const expected: string[] = [];
      const d = doi === undefined ? undefined : doiKey(doi);
      if (d !== undefined) expected.push(`doi:${d}`);
      const t = reference(title);
      const s = reference(familyNameOf(author));
      if (t.length > 0 && s.length > 0) expected.push(`tya:${t}|2019|${s}`);
      assert.deepEqual(duplicateKeysFrom(doi, title, author, '2019'), expected, `title ${JSON.stringify(title)}, author ${JSON.stringify(author)}`);
    }
  });

  describe(`on every title and author of the corpus (${corpusDescription()})`, () => {
    if (corpusMissing()) return;
    it('equals the whole-text reduction', () => {
      let values = 0;
      for (const entry of corpusEntries()) {
        const doc = parseRis(fs.readFileSync(entry.full, 'utf8'));
        for (const r of doc.records) {
          for (const f of r.fields) {
            if (!['TI', 'T1', 'T2', 'BT', 'CT', 'AU', 'A1'].includes(f.tag)) continue;
            assert.equal(normaliseForKey(f.value), reference(f.value), `${entry.file} line ${f.line + 1}`);
            values++;
          }
        }
      }
      assert.ok(values > 1000, `${values} values read`);
    });
  });
});
