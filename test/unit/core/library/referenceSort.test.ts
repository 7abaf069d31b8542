/**
 * The References view's orders (`sortEntries`): by title as a reader expects (case and accents aside,
 * numbers by value, no title last, ties in file order), by first author, newest first; titles read
 * once per entry.
 */
import * as assert from 'node:assert/strict';
import { Library, type LibraryEntry } from '../../../../src/core/library/referenceLibrary';
import { compareFileOrder, sortEntries, sortEntriesSteps } from '../../../../src/core/library/referenceSort';
import { parseRis } from '../../../../src/core/ris/parser';
import { seededRandom } from '../../helpers/risSnapshot';

const record = (author: string, title: string | undefined, year: string): string =>
  ['TY  - JOUR', `AU  - ${author}`, ...(title === undefined ? [] : [`TI  - ${title}`]), `PY  - ${year}`, 'ER  - ', ''].join('\n');

function library(): Library {
  const a = [
    record('Zhou, L.', 'Part 10 of the trial', '2019'),
    record('Émile, A.', undefined, '2021'),
    record('adams, B.', 'part 9 of the trial', '2021'),
    record('Brown, C.', 'Échographie', '2018'),
  ].join('');
  const b = [record('Adams, B.', 'Part 9 of the trial', '2020'), record('Young, D.', 'echographie', '2022')].join('');
  return new Library([
    { uri: 'file:///b.ris', doc: parseRis(b) },
    { uri: 'file:///a.ris', doc: parseRis(a) },
  ]);
}

const shown = (entries: readonly LibraryEntry[]): string[] => entries.map((e) => `${e.uri.slice(-5)}#${e.recordIndex}`);

describe('sorting the References view', () => {
  it('by title: case and accents aside, numbers by value, ties in file order, no title last', () => {
    const sorted = sortEntries([...library().entries], 'title');
    assert.deepEqual(
      sorted.map((e) => e.title ?? null),
      ['Échographie', 'echographie', 'part 9 of the trial', 'Part 9 of the trial', 'Part 10 of the trial', null],
    );
    // Equal titles (accents and case aside) keep file order: a.ris before b.ris.
    assert.deepEqual(shown(sorted), ['a.ris#3', 'b.ris#1', 'a.ris#2', 'b.ris#0', 'a.ris#0', 'a.ris#1']);
  });

  it('by first author (then year), and newest first (then author), ties in file order', () => {
    const lib = library();
    const who = (entries: readonly LibraryEntry[]): string[] => entries.map((e) => `${e.firstAuthor} ${e.year}`);
    assert.deepEqual(who(sortEntries([...lib.entries], 'author')), ['Adams 2020', 'adams 2021', 'Brown 2018', 'Émile 2021', 'Young 2022', 'Zhou 2019']);
    assert.deepEqual(who(sortEntries([...lib.entries], 'year')), ['Young 2022', 'adams 2021', 'Émile 2021', 'Adams 2020', 'Zhou 2019', 'Brown 2018']);
  });

  it('reads each title once, and sorts the array it is given', () => {
    const entries = library().entries;
    let reads = 0;
    const counted = entries.map((e) => {
      const copy = Object.create(e) as LibraryEntry;
      Object.defineProperty(copy, 'title', {
        get() {
          reads++;
          return e.title;
        },
      });
      return copy;
    });
    const out = sortEntries(counted, 'title');
    assert.equal(out, counted);
    assert.equal(reads, entries.length);
    assert.deepEqual(
      out.map((e) => e.title ?? null),
      [...entries].sort((a, b) => new Intl.Collator(undefined, { sensitivity: 'base', numeric: true }).compare(a.title ?? '\uffff', b.title ?? '\uffff') || compareFileOrder(a, b)).map((e) => e.title ?? null),
    );
  });
});

describe('sorting the References view in steps', () => {
  it('gives the order of sortEntries for every order, in many steps', () => {
    const random = seededRandom(42);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
    const authors = ['Adams, B.', 'adams, B.', 'Émile, A.', 'Zhou, L.', 'Ørsted, H.', '', 'van Dijk, J.'];
    const titles = ['Part 9 of the trial', 'part 10 of the trial', 'Échographie', 'echographie', undefined, 'A trial', 'a Trial'];
    const years = ['2019', '2020', '2021', '', '1999'];
    const text = (n: number): string =>
      Array.from({ length: n }, () => {
        const author = pick(authors);
        return ['TY  - JOUR', ...(author ? [`AU  - ${author}`] : []), ...(() => { const t = pick(titles); return t === undefined ? [] : [`TI  - ${t}`]; })(), `PY  - ${pick(years)}`, 'ER  - ', ''].join('\n');
      }).join('');
    const lib = new Library([
      { uri: 'file:///b.ris', doc: parseRis(text(700)) },
      { uri: 'file:///a.ris', doc: parseRis(text(600)) },
    ]);
    for (const sortBy of ['title', 'author', 'year'] as const) {
      const wanted = shown(sortEntries([...lib.entries], sortBy));
      for (const perStep of [1, 50, 2000]) {
        const gen = sortEntriesSteps([...lib.entries], sortBy, perStep);
        let steps = 0;
        let step = gen.next();
        for (; step.done !== true; step = gen.next()) steps++;
        assert.deepEqual(shown(step.value), wanted, `${sortBy}, ${perStep} per step`);
        assert.ok(steps > 1, `${sortBy}: ${steps} steps of ${perStep}`);
      }
    }
  });
});
