import * as assert from 'node:assert/strict';
import { parseRis } from '../../../../src/core/ris/parser';
import { Library } from '../../../../src/core/library/referenceLibrary';
import { citedByCount, rankCompletions } from '../../../../src/core/library/completionRanking';

function ris(records: readonly [id: string, author: string, year: string][]): string {
  return records.map(([id, author, year]) => `TY  - JOUR\nID  - ${id}\nAU  - ${author}\nPY  - ${year}\nTI  - On ${author}\nER  - \n`).join('\n');
}

describe('completion ranking after @', () => {
  const library = new Library([
    {
      uri: 'file:///refs.ris',
      doc: parseRis(
        ris([
          ['old1965', 'Adams', '1965'],
          ['smith2001', 'Smith', '2001'],
          ['jones2010', 'Jones', '2010'],
          ['brown2024', 'Brown', '2024'],
          ['sand2023', 'Sand', '2023'],
          ['schmidt1999', 'Schmidt', '1999'],
          ['nodate', 'Zed', ''],
        ]),
      ),
    },
  ]);
  const keys = (prefix: string, cited: string[] = [], recent: string[] = [], limit = 10): string[] =>
    rankCompletions(library, prefix, { cited, recent }, limit).map((r) => r.entry.key);

  it('opens with the newest references when nothing was cited or inserted', () => {
    assert.deepEqual(keys(''), ['brown2024', 'sand2023', 'jones2010', 'smith2001', 'schmidt1999', 'old1965', 'nodate']);
  });

  it('puts keys cited in the document first (most cited first), then recent ones, then the newest', () => {
    const cited = ['smith2001', 'old1965', 'old1965', 'unknownKey'];
    const ranked = rankCompletions(library, '', { cited, recent: ['jones2010', 'old1965'] }, 4);
    assert.deepEqual(
      ranked.map((r) => [r.entry.key, r.reason]),
      [
        ['old1965', 'cited'],
        ['smith2001', 'cited'],
        ['jones2010', 'recent'],
        ['brown2024', 'search'],
      ],
    );
  });

  it('keeps only cited and recent keys that match a short prefix', () => {
    assert.deepEqual(keys('s', ['old1965', 'smith2001'], ['schmidt1999', 'brown2024']), ['smith2001', 'schmidt1999', 'sand2023']);
  });

  it('ranks as a search from three characters on', () => {
    assert.deepEqual(keys('sch', ['smith2001'], ['sand2023']), ['schmidt1999']);
    assert.deepEqual(keys('smi', [], ['schmidt1999']), ['smith2001']);
  });

  it('respects the limit and lists each entry once', () => {
    assert.deepEqual(keys('', ['brown2024', 'brown2024'], ['brown2024'], 2), ['brown2024', 'sand2023']);
  });

  it('lists a key once, with the record it cites, when a later file has the same key', () => {
    const shadowed = new Library([
      { uri: 'file:///a.ris', doc: parseRis(ris([['smith2001', 'Smith', '2001'], ['jones2010', 'Jones', '2010']])) },
      { uri: 'file:///b.ris', doc: parseRis(ris([['smith2001', 'Smithson', '2001']])) },
    ]);
    for (const prefix of ['', 'smi', 'smith2001']) {
      const listed = rankCompletions(shadowed, prefix, { cited: [], recent: [] }, 10).filter((r) => r.entry.key === 'smith2001');
      assert.deepEqual(
        listed.map((r) => r.entry.uri),
        ['file:///b.ris'],
        `"${prefix}": pandoc cites the later file's record`,
      );
    }
  });

  it('counts citations per key, ties in document order', () => {
    assert.deepEqual(citedByCount(['b', 'a', 'c', 'a', 'c']), ['a', 'c', 'b']);
  });
});
