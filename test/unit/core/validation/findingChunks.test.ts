/**
 * Which chunks of kept findings an edit touched (`findingChunks.ts`). The incremental validation's
 * differential test checks the whole; these pin the cases its rules do not reach today, such as a
 * record finding that does not follow its record by itself.
 */
import * as assert from 'node:assert/strict';
import { Chunk, markChunks } from '../../../../src/core/validation/findingChunks';
import { parseRis } from '../../../../src/core/ris/parser';
import type { ParsedRecord } from '../../../../src/core/ris/records';

/** Six records of two lines each (a blank line between), in chunks of two. */
function sixRecords(): ParsedRecord[] {
  const text = Array.from({ length: 6 }, (_, i) => `TY  - JOUR\nTI  - Record ${i}\nER  - \n\n`).join('');
  return parseRis(text).records as ParsedRecord[];
}

/** Three chunks of two records, assembled as given (lineBound, moves per chunk). */
function chunksOf(records: readonly ParsedRecord[], flags: readonly [boolean, boolean][]): Chunk[] {
  return flags.map(([lineBound, moves], c) => {
    const chunk = new Chunk();
    chunk.assembled(records, 2 * c, 2 * c + 2, lineBound, moves);
    return chunk;
  });
}

const unchanged = (n: number): { all: boolean; from: number; to: number; records: number } => ({ all: false, from: n, to: n, records: 0 });

describe('chunks of kept findings', () => {
  it('keeps every chunk when nothing moved, and none after a change that invalidates all', () => {
    const records = sixRecords();
    const chunks = chunksOf(records, [[true, false], [true, false], [true, false]]);
    assert.deepEqual(markChunks(chunks, records, unchanged(6), 2).map((c) => c.clean), [true, true, true]);
    assert.deepEqual(markChunks(chunks, records, { ...unchanged(6), all: true }, 2), []);
  });

  it('marks the chunks of the new records and of the record before them', () => {
    const records = sixRecords();
    const chunks = chunksOf(records, [[false, true], [false, true], [false, true]]);
    // Record 4 is new: it and record 3 (whose signature may read record 4's line) are looked at again.
    assert.deepEqual(markChunks(chunks, records, { all: false, from: 4, to: 5, records: 0 }, 2).map((c) => c.clean), [true, false, false]);
  });

  it('drops the chunks from the changed one on when the number of records changed', () => {
    const records = sixRecords();
    const chunks = chunksOf(records, [[false, true], [false, true], [false, true]]);
    assert.equal(markChunks(chunks, records, { all: false, from: 3, to: 3, records: -1 }, 2).length, 1);
  });

  it('marks moved chunks whose findings do not follow their records, and chunks moved by lines that hold lines', () => {
    const records = sixRecords();
    // [lineBound, moves]: the first chunk stays put; the others move.
    const chunks = chunksOf(records, [[true, false], [false, false], [true, true]]);
    for (const r of records.slice(2)) r.moveBy(5, 0);
    assert.deepEqual(markChunks(chunks, records, unchanged(6), 2).map((c) => c.clean), [true, false, true], 'moved by characters: only findings that do not follow their records');
    const again = chunksOf(records, [[true, true], [true, true], [true, true]]);
    for (const r of records.slice(3)) r.moveBy(0, 1);
    assert.deepEqual(
      markChunks(again, records, unchanged(6), 2).map((c) => c.clean),
      [true, false, false],
      'moved by lines (inside the second chunk): the chunks that hold lines, and not the first',
    );
  });

  it('marks a chunk that holds lines when only the record after it moved by lines', () => {
    const records = sixRecords();
    const chunks = chunksOf(records, [[true, true], [false, true], [false, true]]);
    for (const r of records.slice(2)) r.moveBy(1, 1);
    assert.deepEqual(markChunks(chunks, records, unchanged(6), 2).map((c) => c.clean), [false, true, true]);
  });
});
