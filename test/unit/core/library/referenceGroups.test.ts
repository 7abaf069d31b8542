import * as assert from 'node:assert/strict';
import { Library, type LibraryEntry } from '../../../../src/core/library/referenceLibrary';
import { parseRis } from '../../../../src/core/ris/parser';
import { authorInitial, fileGroups, groupEntries, groupEntriesSteps, subdivide, subdivideSteps, type EntryGroup } from '../../../../src/core/library/referenceGroups';

function entry(n: number, fields: { uri?: string; author?: string; year?: string; type?: string } = {}): LibraryEntry {
  const author = fields.author;
  return {
    uri: fields.uri ?? 'file:///a.ris',
    recordIndex: n,
    record: undefined as never,
    key: `k${n}`,
    baseKey: `k${n}`,
    label: `${author ?? 'Anon'} ${fields.year ?? ''}`,
    short: `${author ?? 'Anon'} ${fields.year ?? 'n.d.'}`,
    authors: author ? [author] : [],
    firstAuthor: author,
    year: fields.year,
    title: undefined,
    container: undefined,
    doi: undefined,
    type: fields.type,
    pinned: false,
    hiddenBy: undefined,
  };
}

const summary = (groups: readonly EntryGroup[]): string[] => groups.map((g) => `${g.label}:${g.entries.length}`);

describe('reference groups (References view)', () => {
  it('groups by year, newest first, references without a year last', () => {
    const entries = [entry(1, { year: '1999' }), entry(2), entry(3, { year: '2024' }), entry(4, { year: '1999' })];
    assert.deepEqual(summary(groupEntries(entries, 'year')), ['2024:1', '1999:2', 'No year:1']);
  });

  it('groups by file in the given file order, leaving out empty files', () => {
    const entries = [entry(1, { uri: 'file:///b.ris' }), entry(2, { uri: 'file:///a.ris' })];
    assert.deepEqual(summary(groupEntries(entries, 'file', ['file:///a.ris', 'file:///c.ris', 'file:///b.ris'])), ['file:///a.ris:1', 'file:///b.ris:1']);
  });

  it('groups by the first author’s initial without accents, others under #', () => {
    assert.equal(authorInitial(entry(1, { author: 'Müller' })), 'M');
    assert.equal(authorInitial(entry(1, { author: 'Østergaard' })), 'O');
    assert.equal(authorInitial(entry(1, { author: '3M Company' })), '#');
    assert.equal(authorInitial(entry(1)), '#');
    const entries = [entry(1, { author: 'Zhang' }), entry(2, { author: '3M' }), entry(3, { author: 'adams' })];
    assert.deepEqual(summary(groupEntries(entries, 'author')), ['A:1', 'Z:1', '#:1']);
  });

  it('names types', () => {
    assert.deepEqual(summary(groupEntries([entry(1, { type: 'JOUR' }), entry(2)], 'type')), ['JOUR — Journal:1', 'No type:1']);
  });

  it('splits a large file by year, a large year by initial, and only then into named ranges', () => {
    const entries: LibraryEntry[] = [];
    const names = ['Adams', 'Baker', 'Smith', 'Schmidt'];
    for (let i = 0; i < 2000; i++) entries.push(entry(i, { author: names[i % 4], year: String(2000 + (i % 5)) }));
    const [file] = groupEntries(entries, 'file');
    assert.equal(file.entries.length, 2000);
    const years = subdivide(file, 100)!;
    assert.deepEqual(summary(years), ['2004:400', '2003:400', '2002:400', '2001:400', '2000:400']);
    const initials = subdivide(years[0], 100)!;
    assert.deepEqual(summary(initials), ['A:100', 'B:100', 'S:200']);
    assert.equal(subdivide(initials[0], 100), undefined, 'a group within the page size lists its references');
    const ranges = subdivide(initials[2], 100)!;
    assert.equal(ranges.length, 2);
    assert.equal(ranges[0].level, 'range');
    assert.match(ranges[0].label, /^S\w+ 2004 – S\w+ 2004$/);
    assert.deepEqual(ranges.flatMap((r) => r.entries), initials[2].entries, 'ranges keep every reference, in order');
  });

  it('skips a key that does not split the group (one year: by initial)', () => {
    const entries = Array.from({ length: 30 }, (_, i) => entry(i, { author: i % 2 ? 'Lee' : 'Kim', year: '2020' }));
    const [file] = groupEntries(entries, 'file');
    assert.deepEqual(summary(subdivide(file, 10)!), ['K:15', 'L:15']);
  });

  it('groups a whole library by file from its files\' own lists exactly as a pass over its entries does', () => {
    const rec = (au: string, py: string): string => `TY  - JOUR\nAU  - ${au}\nPY  - ${py}\nER  - \n`;
    const a = parseRis(rec('Smith, J', '2020') + rec('Doe, A', '2021'));
    const b = parseRis(rec('Smith, J', '2020'));
    const empty = parseRis('');
    const cases = [
      [{ uri: 'a', doc: a }],
      [{ uri: 'a', doc: a }, { uri: 'b', doc: b }],
      [{ uri: 'b', doc: b }, { uri: 'e', doc: empty }, { uri: 'a', doc: a }],
      [{ uri: 'a', doc: a }, { uri: 'b', doc: b }, { uri: 'a', doc: a }],
    ];
    for (const files of cases) {
      const library = new Library(files);
      const uris = files.map((f) => f.uri);
      const plain = (groups: EntryGroup[]): unknown => groups.map((g) => [g.level, g.key, g.label, g.entries.map((e) => [e.uri, e.recordIndex, e.key, e.hiddenBy?.uri ?? null])]);
      assert.deepEqual(plain(fileGroups(uris, (uri) => library.entriesOf(uri))), plain(groupEntries(library.entries, 'file', uris)), uris.join(','));
    }
  });

  it('groups and splits in steps exactly as at once', () => {
    const names = ['Adams', 'Baker', 'Smith', 'Schmidt', 'Ørsted', '1st author'];
    const entries = Array.from({ length: 3000 }, (_, i) =>
      entry(i, { uri: `file:///${i % 3}.ris`, author: names[(i * 7) % names.length], year: i % 11 === 0 ? undefined : String(1990 + ((i * 13) % 30)), type: ['JOUR', 'BOOK', undefined][i % 3] }),
    );
    const plain = (groups: EntryGroup[] | undefined): unknown => groups?.map((g) => [g.level, g.key, g.label, g.entries.map((e) => e.recordIndex)]);
    /** Runs steps to their end; the result and how many times they yielded. */
    const steps = <T>(gen: Generator<void, T>): { value: T; yields: number } => {
      let yields = 0;
      let step = gen.next();
      for (; step.done !== true; step = gen.next()) yields++;
      return { value: step.value, yields };
    };
    for (const by of ['file', 'year', 'type', 'author'] as const) {
      const files = ['file:///2.ris', 'file:///0.ris'];
      const stepped = steps(groupEntriesSteps(entries, by, files, 100));
      assert.deepEqual(plain(stepped.value), plain(groupEntries(entries, by, files)), by);
      assert.ok(stepped.yields >= 29, `${by}: ${stepped.yields} yields`);
      for (const group of groupEntries(entries, by, files)) {
        const split = steps(subdivideSteps(group, 50, 100));
        assert.deepEqual(plain(split.value), plain(subdivide(group, 50)), `${by} ${group.key} split`);
        if (group.level !== 'author') assert.ok(split.yields >= Math.floor(group.entries.length / 100), `${by} ${group.key}: ${split.yields} yields`);
      }
    }
  });
});
