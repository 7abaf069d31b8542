/**
 * Indexing a large file in turns (`DuplicateIndex.setInTurns`) ends where `set` ends: the same refs
 * under every key, in the same order, the same files named by `takeTouched`; and a `set`, `remove`
 * or `clear` of the file while it is under way takes over cleanly.
 */
import * as assert from 'node:assert/strict';
import { parseRis } from '../../../../src/core/ris/parser';
import type { RisDocument } from '../../../../src/core/ris/model';
import { DuplicateIndex, documentDuplicateRefs } from '../../../../src/core/validation/duplicateIndex';

const rec = (title: string, doi: string): string => `TY  - JOUR\nTI  - ${title}\nAU  - Doe, J.\nPY  - 2020\nDO  - ${doi}\nER  - \n\n`;

/** A file of `n` records, every third one shared with the other files (same DOI), some twice within the file. */
function file(name: string, n: number): RisDocument {
  let text = '';
  for (let i = 0; i < n; i++) text += i % 3 === 0 ? rec(`Shared study ${i % 12}`, `10.1000/shared.${i % 12}`) : rec(`Study ${i} of ${name}`, `10.1000/${name}.${i}`);
  return parseRis(text);
}

const docs: Record<string, RisDocument> = { a: file('a', 40), b: file('b', 25), big: file('big', 300), big2: file('big2', 200) };

/** What the index answers, for every key any of the files has. */
function answers(index: DuplicateIndex): unknown {
  const keys = new Set<string>();
  for (const [uri, doc] of Object.entries(docs)) for (const ref of documentDuplicateRefs(uri, doc)) keys.add(ref.key);
  return [...keys].sort().map((key) => [key, index.recordsWithKey(key).map((r) => [r.uri, r.recordIndex, r.start, r.end, r.line])]);
}

let turns = 0;
const pause = (): Promise<void> => {
  turns++;
  return new Promise((resolve) => setImmediate(resolve));
};

describe('DuplicateIndex.setInTurns', () => {
  it('indexes a new file and replaces one as set does, and names the same touched files', async () => {
    const viaSet = new DuplicateIndex();
    const inTurns = new DuplicateIndex();
    for (const index of [viaSet, inTurns]) {
      index.set('a', docs['a']!);
      index.set('b', docs['b']!);
      index.takeTouched();
    }
    viaSet.set('big', docs['big']!);
    turns = 0;
    assert.equal(await inTurns.setInTurns('big', docs['big']!, pause, 7), true);
    assert.ok(turns > 40, `${turns} turns`);
    assert.deepEqual(answers(inTurns), answers(viaSet));
    assert.deepEqual(inTurns.takeTouched().sort(), viaSet.takeTouched().sort());
    assert.deepEqual(inTurns.othersSharingKeys('big'), viaSet.othersSharingKeys('big'));
    assert.deepEqual(inTurns.duplicatesOf('big', 3), viaSet.duplicatesOf('big', 3));

    // The file changed on disk: replaced whole.
    viaSet.set('big', docs['big2']!);
    assert.equal(await inTurns.setInTurns('big', docs['big2']!, pause, 7), true);
    assert.deepEqual(answers(inTurns), answers(viaSet));
    assert.deepEqual(inTurns.takeTouched().sort(), viaSet.takeTouched().sort());
    assert.equal(inTurns.recordCount('big'), 200);
  });

  it('names both files when another file is set between the turns of a new one', async () => {
    // `late` shares one study that `big` indexes in its first turn and one it indexes in its last.
    const late = parseRis(rec('Study 1 of big', '10.1000/big.1') + rec('Study 298 of big', '10.1000/big.298'));
    const index = new DuplicateIndex();
    index.set('a', docs['a']!);
    index.takeTouched();
    let n = 0;
    const setting = (): Promise<void> => {
      if (++n === 5) index.set('late', late);
      return pause();
    };
    assert.equal(await index.setInTurns('big', docs['big']!, setting, 7), true);
    const touched = index.takeTouched().sort();
    // `a` shares the studies `big` brought; `late` holds one `big` gained after it was set; `big`
    // holds one `late` gained.
    assert.deepEqual(touched, ['a', 'big', 'late']);
    assert.deepEqual([...new Set(index.othersSharingKeys('late').map((r) => r.uri))], ['big']);
  });

  it('counts every turn as a change of the index for the other files', async () => {
    const index = new DuplicateIndex();
    index.set('a', docs['a']!);
    const seen = new Set<number>();
    const watching = (): Promise<void> => {
      seen.add(index.generation('a'));
      return pause();
    };
    await index.setInTurns('big', docs['big']!, watching, 50);
    assert.ok(seen.size >= 5, `generations seen between turns: ${[...seen].join(', ')}`);
    assert.ok(index.generation('a') > Math.max(...seen), 'the end of the run is a change too');
  });

  for (const [what, takeOver, expected] of [
    ['a set', (index: DuplicateIndex) => index.set('big', docs['big2']!), 'big2'],
    ['a remove', (index: DuplicateIndex) => index.remove('big'), undefined],
    ['a clear', (index: DuplicateIndex) => index.clear(), undefined],
    ['another setInTurns', (index: DuplicateIndex) => void index.setInTurns('big', docs['big2']!, pause, 1000), 'big2'],
  ] as const) {
    it(`gives way to ${what} of the file while it is under way`, async () => {
      const index = new DuplicateIndex();
      index.set('a', docs['a']!);
      let n = 0;
      const interrupting = (): Promise<void> => {
        if (++n === 10) takeOver(index);
        return pause();
      };
      assert.equal(await index.setInTurns('big', docs['big']!, interrupting, 7), false);
      await pause();
      const want = new DuplicateIndex();
      if (what !== 'a clear') want.set('a', docs['a']!);
      if (expected !== undefined) want.set('big', docs[expected]!);
      assert.deepEqual(answers(index), answers(want));
      assert.equal(index.recordCount('big'), expected === undefined ? 0 : docs[expected]!.records.length);
    });
  }
});
