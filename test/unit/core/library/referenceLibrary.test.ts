/**
 * The reference library rebuilt after an edit: what it shows of each record is read again only for
 * the records the edit re-parsed (the others are the same record objects, whose summaries are
 * kept), and what it shows of the edited record is its new text, never the old.
 */
import * as assert from 'node:assert/strict';
import { Library, prepareLibrary, prepareLibraryFile } from '../../../../src/core/library/referenceLibrary';
import { updateDocument } from '../../../../src/core/ris/incremental';
import { parseRis } from '../../../../src/core/ris/parser';
import type { RisRecord } from '../../../../src/core/ris/model';

const record = (author: string, title: string, year: string): string =>
  ['TY  - JOUR', `AU  - ${author}`, `TI  - ${title}`, `PY  - ${year}`, 'T2  - Journal of Tests', 'ER  - ', ''].join('\n');

describe('Library rebuilt after an edit', () => {
  it('reads again only the edited record, and shows its new text', () => {
    const text = record('Smith, Anna', 'A first title', '2020') + record('Jones, Ben', 'A second title', '2021') + record('Brown, Cy', 'A third title', '2022');
    const before = parseRis(text);
    const first = new Library([{ uri: 'file:///refs.ris', doc: before }]);
    assert.equal(first.entries[0]!.label, 'Smith 2020 — A first title');
    const at = text.indexOf('A second title') + 'A second'.length;
    const next = `${text.slice(0, at)} revised${text.slice(at)}`;
    const after = updateDocument(before, next, [{ start: at, end: at, newText: ' revised' }]);
    // Every read of a value of the untouched records from now on is counted.
    const reads = countValueReads([before.records[0]!, before.records[2]!]);
    const second = new Library([{ uri: 'file:///refs.ris', doc: after }]);
    assert.equal(second.entries.length, 3);
    assert.equal(second.entries[1]!.title, 'A second revised title');
    assert.match(second.entries[1]!.label, /A second revised title/);
    assert.equal(first.entries[1]!.title, 'A second title');
    // The untouched records are the same objects, and their summaries are not made again.
    assert.equal(second.entries[0]!.record, first.entries[0]!.record);
    assert.deepEqual([second.entries[0]!.year, second.entries[0]!.firstAuthor, second.entries[2]!.year], ['2020', 'Smith', '2022']);
    assert.equal(reads.count, 0, 'no value of an untouched record read again');
    // What an entry shows is read from the record when asked for.
    assert.deepEqual([second.entries[0]!.title, second.entries[2]!.title, second.entries[2]!.container], ['A first title', 'A third title', 'Journal of Tests']);
    assert.equal(second.entries[0]!.label, 'Smith 2020 — A first title');
    assert.equal(second.entries[0]!.short, 'Smith 2020');
    assert.deepEqual(second.entries[2]!.authors, ['Brown, Cy']);
    assert.ok(reads.count > 0);
    // The label and the short form are kept once made: shown again, they are not read again.
    const readSoFar = reads.count;
    assert.equal(second.entries[0]!.label, 'Smith 2020 — A first title');
    assert.equal(second.entries[0]!.short, 'Smith 2020');
    assert.equal(reads.count, readSoFar);
    // Keys and lookups are the new library's own.
    assert.equal(second.byKey(second.entries[1]!.key), second.entries[1]);
  });
});

/** Counts the reads of the `value` of every field of `records` (an own getter on each field, over its class's). */
function countValueReads(records: readonly RisRecord[]): { count: number } {
  const reads = { count: 0 };
  for (const r of records) {
    for (const f of r.fields) {
      const proto = Object.getPrototypeOf(f) as object;
      const get = Object.getOwnPropertyDescriptor(proto, 'value')?.get;
      assert.ok(get, 'a parsed field reads its value through a getter');
      Object.defineProperty(f, 'value', {
        get() {
          reads.count++;
          return get.call(f) as string;
        },
      });
    }
  }
  return reads;
}

describe('Library prepared in turns', () => {
  /** A bibliography of two files with keys that collide within a file (suffixes) and across files (shadowing). */
  const files = (): { uri: string; doc: ReturnType<typeof parseRis> }[] => {
    const a = Array.from({ length: 25 }, (_, i) => record(`Smith, A${i % 3}`, `Title ${i}`, `${2000 + (i % 4)}`)).join('');
    const b = record('Smith, A', 'Shadowing', '2000') + record('Other, B', 'Other', '1999');
    return [
      { uri: 'file:///a.ris', doc: parseRis(a) },
      { uri: 'file:///b.ris', doc: parseRis(b) },
    ];
  };
  const shown = (library: Library): unknown =>
    library.entries.map((e) => [e.uri, e.recordIndex, e.key, e.baseKey, e.label, e.hiddenBy?.uri ?? null, e.hiddenBy?.recordIndex ?? null]);

  it('builds the same library from a file prepared in turns, pausing between turns, and reuses the prepared entries', async () => {
    const fresh = files();
    const want = shown(new Library(fresh));
    const prepared = files();
    let pauses = 0;
    await prepareLibraryFile(prepared[0]!.uri, prepared[0]!.doc, () => {
      pauses++;
      return Promise.resolve();
    }, 4);
    // 25 records four at a time, in each of four passes: references, key index, keyed records, entries.
    assert.ok(pauses >= 22, `${pauses} pauses`);
    const first = new Library(prepared);
    assert.deepEqual(shown(first), want);
    assert.ok(first.entries.some((e) => e.hiddenBy !== undefined) && first.entries.some((e) => e.key.endsWith('a')));
    // Built again from the same documents: the same entry objects.
    const again = new Library(prepared);
    assert.equal(again.entries[5], first.entries[5]);
    // The same file given twice: only the first copy's records are shadowed by the second's.
    const twice = new Library([prepared[0]!, prepared[0]!]);
    assert.equal(twice.entries.length, 50);
    assert.ok(twice.entries.slice(0, 25).every((e) => e.hiddenBy?.uri === 'file:///a.ris'));
    assert.ok(twice.entries.slice(25).every((e) => e.hiddenBy === undefined));
  });

  it('builds its search index in turns, and a search meanwhile finishes it', async () => {
    const queries = ['smith', 'title 1', '2001', 'other', ''];
    const want = new Library(files());
    const answers = queries.map((q) => want.search(q, 100).map((e) => e.key));
    const library = new Library(files());
    let pauses = 0;
    await library.prepareSearch(() => {
      pauses++;
      return Promise.resolve();
    }, 2);
    assert.ok(library.searchReady);
    assert.ok(pauses >= 13, `${pauses} pauses`);
    assert.deepEqual(queries.map((q) => library.search(q, 100).map((e) => e.key)), answers);
    // Prepared again: nothing to do.
    await library.prepareSearch(() => assert.fail('no pause once built'));
    // A search while the index is being built in turns finishes it at once; the turns then stop.
    const other = new Library(files());
    let resume: (() => void) | undefined;
    const preparing = other.prepareSearch(() => new Promise<void>((resolve) => (resume = resolve)), 2);
    assert.equal(other.searchReady, false);
    assert.deepEqual(other.search('smith', 100).map((e) => e.key), answers[0]);
    assert.ok(other.searchReady);
    resume?.();
    await preparing;
    assert.deepEqual(queries.map((q) => other.search(q, 100).map((e) => e.key)), answers);
  });

  it('offers for citing only the records keys cite: none that a later record with the same key hides', () => {
    const library = new Library(files());
    const hidden = library.entries.filter((e) => e.hiddenBy !== undefined);
    assert.ok(hidden.length > 0, 'the second file hides records of the first');
    const all = library.search('smith', 100);
    assert.ok(all.some((e) => e.hiddenBy !== undefined), 'a plain search lists them (the References view filters with it)');
    const citable = library.search('smith', 100, { citable: true });
    assert.deepEqual(
      citable,
      all.filter((e) => e.hiddenBy === undefined),
      'the same order, without the hidden ones',
    );
    assert.ok(citable.some((e) => e.uri === 'file:///b.ris' && e.key === hidden[0]!.key), 'the record that hides them is there');
    // The limit counts what is listed: as many as asked for while there are that many.
    const few = library.search('smith', 5, { citable: true });
    assert.deepEqual(few, citable.slice(0, 5));
    // A search box's session lists the same, keystroke after keystroke.
    const session = library.searchSession({ citable: true });
    for (const q of ['s', 'sm', 'smith', 'smith 2000', 'smith 2000 title', '']) {
      const got = session.search(q, 5);
      assert.deepEqual(got, library.search(q, 5, { citable: true }), q);
      assert.ok(got.length === 5 && got.every((e) => e.hiddenBy === undefined), q);
    }
    // Every query kind (one word, several, none) leaves the hidden ones out.
    for (const q of ['smith', 'smith 2000', '']) {
      const want = library.search(q, 1000).filter((e) => e.hiddenBy === undefined);
      assert.deepEqual(library.search(q, 1000, { citable: true }), want, q);
    }
  });

  it('finds in turns which references a later file shadows, and builds the library a fresh build gives', async () => {
    // A later file that repeats most keys of an earlier one (an export and a copy of part of it).
    // Keys are family name and year: one family per record, 'Fam' + two letters.
    const family = (i: number): string => `Fam${String.fromCharCode(97 + (i % 26), 97 + Math.floor(i / 26))}, N`;
    const a = Array.from({ length: 30 }, (_, i) => record(family(i), `Title ${i}`, '2001')).join('');
    const b = Array.from({ length: 20 }, (_, i) => record(family(i), `Copy ${i}`, '2001')).join('') + record(family(5), 'Second copy', '2001');
    const bibliography = (): { uri: string; doc: ReturnType<typeof parseRis> }[] => [
      { uri: 'file:///export.ris', doc: parseRis(a) },
      { uri: 'file:///copy.ris', doc: parseRis(b) },
    ];
    const want = shown(new Library(bibliography()));
    const prepared = bibliography();
    for (const { uri, doc } of prepared) await prepareLibraryFile(uri, doc, () => Promise.resolve());
    // With every file's keys and entries read: the 50 keys of the two files and the 20 they share,
    // three at a time; then the entries of the 20 shadowed references, three at a time (six pauses
    // more: the library's constructor made them in one task).
    let pauses = 0;
    await prepareLibrary(prepared, () => {
      pauses++;
      return Promise.resolve();
    }, 3);
    assert.ok(pauses >= 26, `${pauses} pauses`);
    const built = new Library(prepared);
    assert.deepEqual(shown(built), want);
    assert.equal(built.entries.filter((e) => e.hiddenBy?.uri === 'file:///copy.ris').length, 20);
    assert.equal(built.byKey(built.entries[5]!.key)?.title, 'Copy 5');
    assert.equal(built.entries.at(-1)!.key, `${built.entries[5]!.key}a`);
    // Built again from the same documents: the same shadowed entries.
    assert.equal(new Library(prepared).entries[5], built.entries[5]);
    // Another document of the copy (an edit elsewhere in it): its shadows are found again.
    const edited = parseRis(b.replace('Copy 7', 'Copy seven'));
    const rebuilt = new Library([prepared[0]!, { uri: 'file:///copy.ris', doc: edited }]);
    assert.equal(rebuilt.entries[5]!.hiddenBy?.recordIndex, 5);
    assert.equal(rebuilt.entries[7]!.hiddenBy?.recordIndex, 7);
    assert.equal(rebuilt.entries.find((e) => e.uri === 'file:///copy.ris' && e.recordIndex === 7)?.title, 'Copy seven');
  });
});

describe('Library of several files', () => {
  it('lists, looks up and names keys as the plain rule says, however the files repeat and shadow each other', () => {
    // The plain rule: every record's keyed entry in bibliography order; a key cites the last entry not hidden.
    const docs = [
      Array.from({ length: 40 }, (_, i) => record(`Smith, A${i % 5}`, `Title ${i}`, `${2000 + (i % 3)}`)).join(''),
      record('Smith, A0', 'Twin', '2000') + record('Other, B', 'Other', '1999') + record('Smith, A1', 'Twin', '2001'),
      record('Other, B', 'Again', '1999') + ['TY  - JOUR', 'ID  - Smith_A0_2000a', 'ER  - ', ''].join('\n'),
      record('Lone, C', 'Alone', '2010'),
    ].map((t) => parseRis(t));
    const orders = [[0], [0, 1], [1, 0], [0, 1, 2, 3], [3, 2, 1, 0], [0, 0], [2, 0, 2], [1, 3, 0, 1]];
    let hidden = 0;
    for (const order of orders) {
      const files = order.map((i) => ({ uri: `file:///f${i}.ris`, doc: docs[i]! }));
      const library = new Library(files);
      const what = order.join(',');
      const expectedKeys: string[] = [];
      const cited = new Map<string, unknown>();
      for (const e of library.entries) {
        if (e.hiddenBy !== undefined) continue;
        if (!expectedKeys.includes(e.key)) expectedKeys.push(e.key);
        cited.set(e.key, e);
      }
      assert.equal(library.entries.length, files.reduce((n, f) => n + f.doc.records.length, 0), what);
      assert.deepEqual([...library.keys()], expectedKeys, what);
      for (const [key, entry] of cited) assert.equal(library.byKey(key), entry, `${what}: ${key}`);
      // Every entry hidden by a later one points at the entry its key cites.
      for (const e of library.entries) {
        if (e.hiddenBy === undefined) continue;
        hidden++;
        const winner = library.byKey(e.key)!;
        assert.deepEqual([winner.uri, winner.recordIndex], [e.hiddenBy.uri, e.hiddenBy.recordIndex], `${what}: ${e.key}`);
      }
      for (const f of new Set(files.map((x) => x.uri))) {
        assert.deepEqual(library.entriesOf(f), library.entries.filter((e) => e.uri === f), `${what}: ${f}`);
      }
    }
    assert.ok(hidden > 50, `${hidden} hidden entries checked`);
  });

  it('reuses a file\'s entries when another file changes, and only copies them when one of its keys is shadowed', () => {
    const big = parseRis(Array.from({ length: 30 }, (_, i) => record(`Big${String.fromCharCode(65 + i)}, A`, `T${i}`, '2001')).join(''));
    const small1 = parseRis(record('Small, S', 'One', '2002'));
    const small2 = parseRis(record('BigD, A', 'Shadowing', '2001'));
    const a = new Library([{ uri: 'file:///big.ris', doc: big }, { uri: 'file:///s.ris', doc: small1 }]);
    const b = new Library([{ uri: 'file:///big.ris', doc: big }, { uri: 'file:///s.ris', doc: small2 }]);
    const c = new Library([{ uri: 'file:///big.ris', doc: big }, { uri: 'file:///s.ris', doc: small1 }]);
    assert.equal(a.entriesOf('file:///big.ris'), c.entriesOf('file:///big.ris'), 'the same list for the same document');
    assert.notEqual(b.entriesOf('file:///big.ris'), a.entriesOf('file:///big.ris'));
    assert.equal(b.entriesOf('file:///big.ris')[3]!.hiddenBy?.uri, 'file:///s.ris');
    assert.equal(a.entriesOf('file:///big.ris')[3]!.hiddenBy, undefined);
    assert.equal(b.byKey('BigD_2001')!.uri, 'file:///s.ris');
    assert.equal(b.entriesOf('file:///big.ris')[4], a.entriesOf('file:///big.ris')[4], 'the other entries are the same objects');
  });
});
