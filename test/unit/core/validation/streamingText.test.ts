/**
 * `joinToFirstCut`: the first record boundary at or after the end of the waiting text, found by joining
 * it to as little of the next chunk as needed: the same boundary a search of the whole join finds.
 */
import * as assert from 'node:assert/strict';
import { findRecordCutAfter, joinToFirstCut } from '../../../../src/core/validation/streamingText';

const rec = (i: number): string => `TY  - JOUR\nTI  - Record ${i}\nER  - \n\n`;
const records = (from: number, n: number): string => Array.from({ length: n }, (_, i) => rec(from + i)).join('');

describe('joinToFirstCut', () => {
  const waiting = rec(0).slice(0, 25); // a record cut by the chunk's end
  const next = rec(0).slice(25) + records(1, 40);

  it('joins the waiting text to the start of the next chunk only, up to its first boundary', () => {
    const { joined, cut } = joinToFirstCut(waiting, next, 4);
    assert.equal(cut, findRecordCutAfter(waiting + next, waiting.length));
    assert.equal(cut, rec(0).length);
    assert.ok(joined.length < waiting.length + next.length, `joined ${joined.length} of ${waiting.length + next.length} characters`);
    assert.equal(joined, (waiting + next).slice(0, joined.length));
  });

  it('finds a boundary at the very start of the next chunk, and none inside the waiting text', () => {
    assert.equal(joinToFirstCut(rec(0), records(1, 3), 16).cut, rec(0).length);
    // `TY  -` split between the two: that boundary lies before the end of the waiting text.
    const whole = records(0, 3);
    const split = rec(0).length + 2;
    assert.equal(joinToFirstCut(whole.slice(0, split), whole.slice(split), 1).cut, rec(0).length * 2);
  });

  it('grows the join until a boundary comes, and gives the whole join when none does', () => {
    // The waiting record ends 5,000 characters into the next chunk.
    const tail = `\nAB  - ${'x'.repeat(5000)}\nER  - \n\n`;
    const found = joinToFirstCut(waiting, tail + rec(1) + rec(2), 1);
    assert.equal(found.cut, waiting.length + tail.length);
    assert.ok((waiting + tail + rec(1) + rec(2)).startsWith(found.joined) && found.joined.length > found.cut);
    const none = joinToFirstCut(waiting, 'TI  - more\nAB  - no end line\n', 1);
    assert.deepEqual(none, { joined: `${waiting}TI  - more\nAB  - no end line\n`, cut: -1 });
  });

  it('joins a waiting text longer than the next chunk to all of it at once', () => {
    const big = records(0, 50);
    const small = records(50, 2);
    assert.deepEqual(joinToFirstCut(big, small, 1), { joined: big + small, cut: big.length });
  });
});
