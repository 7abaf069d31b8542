/**
 * What the library, the outline and the picker show of a record: labels and shortened titles. The
 * shortening skips its whitespace clean-up for text that needs none; it must give what the clean-up
 * gives for any text.
 */
import * as assert from 'node:assert/strict';
import { labelFrom, recordLabel, truncate, yearOf } from '../../../../src/core/ris/recordSummary';
import { yearIn } from '../../../../src/core/validation/duplicateKeys';
import { parseRis } from '../../../../src/core/ris/parser';
import { seededRandom } from '../../helpers/risSnapshot';

/** The shortening as it reads: whitespace runs made one space, trimmed, cut at a word boundary. */
function plainTruncate(text: string, max: number): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (clean.length <= max) return clean;
  const cut = clean.lastIndexOf(' ', max - 1);
  return `${clean.slice(0, cut > max / 2 ? cut : max - 1).replace(/[\s,;:.–—-]+$/, '')}…`;
}

describe('record summaries', () => {
  it('shortens any text as the whitespace clean-up would', () => {
    const rnd = seededRandom(31);
    const pieces = ['a', 'Deep', 'learning', ' ', ' ', '  ', '\t', '\n', '\r\n', '\u00a0', '\u2003', '\u3000', '\ufeff', 'é', '–', ',', '.', 'x'.repeat(30)];
    let cleaned = 0;
    for (let n = 0; n < 5000; n++) {
      const text = Array.from({ length: Math.floor(rnd() * 40) }, () => pieces[Math.floor(rnd() * pieces.length)]!).join('');
      const max = 5 + Math.floor(rnd() * 80);
      assert.equal(truncate(text, max), plainTruncate(text, max), JSON.stringify([text, max]));
      if (text !== text.replace(/\s+/g, ' ').trim()) cleaned++;
    }
    assert.ok(cleaned > 1000 && cleaned < 5000, `${cleaned} texts needed cleaning`);
  });

  it('finds the first run of exactly four digits other than 0000 as the year, in any date value', () => {
    const plainYearIn = (value: string): string | undefined => [...value.matchAll(/(?<!\d)\d{4}(?!\d)/g)].map((m) => m[0]).find((y) => y !== '0000');
    for (const [value, year] of [
      ['2021/06//', '2021'],
      ['Mar. 2017', '2017'],
      ['0000/2019', '2019'],
      ['12345 1999', '1999'],
      ['0123', '0123'],
      ['202', undefined],
      ['', undefined],
    ] as const) {
      assert.equal(yearIn(value), year, value);
    }
    const rnd = seededRandom(47);
    const pieces = ['0', '1', '2', '9', '0000', '2019', '19', '/', ' ', 'Mar', '٣', '-'];
    let found = 0;
    for (let n = 0; n < 5000; n++) {
      const value = Array.from({ length: Math.floor(rnd() * 12) }, () => pieces[Math.floor(rnd() * pieces.length)]!).join('');
      const expected = plainYearIn(value);
      assert.equal(yearIn(value), expected, JSON.stringify(value));
      if (expected !== undefined) found++;
    }
    assert.ok(found > 500 && found < 4500, `${found} values had a year`);
    const doc = parseRis('TY  - JOUR\nPY  - 2019///\nER  - \n\nTY  - JOUR\nDA  - 2019/01/02\nER  - \n');
    assert.deepEqual(doc.records.map(yearOf), ['2019', '2019']);
  });

  it('labels a record from its authors, year and title', () => {
    const doc = parseRis('TY  - JOUR\nAU  - Liu, X\nAU  - Gao, Y\nAU  - Roe, Z\nPY  - 2021\nTI  - Advances in  deep learning-based medical image analysis for everyone\nER  - \n');
    const label = recordLabel(doc.records[0]!);
    assert.equal(label, 'Liu et al. 2021 — Advances in deep learning-based medical image analysis for…');
    assert.equal(labelFrom('Anonymous', undefined, undefined, 'BOOK'), 'Anonymous — (untitled BOOK)');
  });
});
