/**
 * Values remembered per record object (`recordMemo.ts`): kept in a parsed record's own slots, in a
 * WeakMap for any other record object and for memos beyond the slots; one memo's value never shows
 * through another's, and a record an edit did not touch keeps what was remembered about it.
 */
import * as assert from 'node:assert/strict';
import { RecordMemo } from '../../../../src/core/ris/recordMemo';
import { updateDocument } from '../../../../src/core/ris/incremental';
import { parseRis } from '../../../../src/core/ris/parser';
import { MEMO_SLOTS } from '../../../../src/core/ris/records';
import type { RisRecord } from '../../../../src/core/ris/model';

const TEXT = 'TY  - JOUR\nTI  - First\nER  - \n\nTY  - BOOK\nTI  - Second\nER  - \n\nTY  - CHAP\nTI  - Third\nER  - \n';

describe('RecordMemo', () => {
  it('keeps one value per record object and memo, more memos than a record has slots included', () => {
    // Other modules took some slots when they were loaded: these take the rest, and then the WeakMap.
    const memos = Array.from({ length: MEMO_SLOTS + 2 }, () => new RecordMemo<string>());
    const doc = parseRis(TEXT);
    const [a, b] = doc.records;
    memos.forEach((memo, m) => {
      memo.set(a!, `a${m}`);
      memo.set(b!, `b${m}`);
    });
    memos.forEach((memo, m) => {
      assert.equal(memo.get(a!), `a${m}`);
      assert.equal(memo.get(b!), `b${m}`);
      assert.equal(memo.get(doc.records[2]!), undefined, 'nothing for a record not asked about');
    });
    assert.equal(parseRis(TEXT).records.map((r) => memos[0]!.get(r)).filter((v) => v !== undefined).length, 0, 'another parse of the same text has records of its own');
  });

  it('computes a value once per record object, also for records the parser did not make', () => {
    const memo = new RecordMemo<{ readonly type: string | undefined }>();
    let computed = 0;
    const compute = (r: RisRecord): { readonly type: string | undefined } => {
      computed++;
      return { type: r.type };
    };
    const parsed = parseRis(TEXT).records[1]!;
    const literal: RisRecord = { ...parsed, fields: [...parsed.fields] };
    const first = memo.of(parsed, compute);
    assert.equal(memo.of(parsed, compute), first);
    assert.deepEqual(first, { type: 'BOOK' });
    const other = memo.of(literal, compute);
    assert.notEqual(other, first, 'a copy is another record object');
    assert.equal(memo.of(literal, compute), other);
    assert.equal(computed, 2);
  });

  it('keeps the values of the records an edit did not touch, and has none for the ones it made anew', () => {
    const memo = new RecordMemo<string>();
    const doc = parseRis(TEXT);
    for (const r of doc.records) memo.set(r, r.fields[1]!.value);
    const at = TEXT.indexOf('Second') + 'Second'.length;
    const edited = updateDocument(doc, `${TEXT.slice(0, at)}!${TEXT.slice(at)}`, [{ start: at, end: at, newText: '!' }]);
    assert.deepEqual(
      edited.records.map((r) => memo.get(r)),
      ['First', undefined, 'Third'],
    );
  });
});
