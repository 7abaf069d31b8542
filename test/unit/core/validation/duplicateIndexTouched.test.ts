/**
 * The workspace duplicate index tells which other files hold a duplicate key that a file's records
 * gained or lost (`takeTouched`): a file checked from disk in the check worker is checked again
 * then, and not after every edit elsewhere.
 */
import * as assert from 'node:assert/strict';
import { updateDocument } from '../../../../src/core/ris/incremental';
import { parseRis } from '../../../../src/core/ris/parser';
import { DuplicateIndex } from '../../../../src/core/validation/duplicateIndex';

const rec = (title: string, doi: string, extra = ''): string => `TY  - JOUR\nTI  - ${title}\nAU  - Doe, J.\nPY  - 2020\nDO  - ${doi}\n${extra}ER  - \n\n`;

describe('DuplicateIndex.takeTouched', () => {
  it('names the files holding a key another file gained or lost, once, and nothing for an edit that keeps the keys', () => {
    const index = new DuplicateIndex();
    index.set('a', parseRis(rec('Shared study', '10.1000/shared') + rec('Only in A', '10.1000/a')));
    index.set('c', parseRis(rec('Only in C', '10.1000/c')));
    assert.deepEqual(index.takeTouched(), [], 'new files whose keys nobody else holds');

    let text = rec('Shared study', '10.1000/shared') + rec('Only in B', '10.1000/b');
    let b = parseRis(text);
    index.set('b', b);
    assert.deepEqual(index.takeTouched(), ['a'], 'b brought a record A holds');
    assert.deepEqual(index.takeTouched(), [], 'asked once');

    // An edit of a field that makes no key: the record is read again, its keys stay.
    const at = text.indexOf('ER  - ');
    const edited = `${text.slice(0, at)}AB  - An abstract\n${text.slice(at)}`;
    b = updateDocument(b, edited, [{ start: at, end: at, newText: 'AB  - An abstract\n' }]);
    index.set('b', b);
    assert.deepEqual(index.takeTouched(), [], 'same keys, nothing to check again');
    text = edited;

    // The shared record's DOI changed: A lost a twin (by DOI) and keeps one by title.
    const doiAt = text.indexOf('10.1000/shared');
    const next = `${text.slice(0, doiAt)}10.1000/other${text.slice(doiAt + '10.1000/shared'.length)}`;
    b = updateDocument(b, next, [{ start: doiAt, end: doiAt + '10.1000/shared'.length, newText: '10.1000/other' }]);
    index.set('b', b);
    assert.deepEqual(index.takeTouched(), ['a']);

    // B gains C's record and is then removed: C, then A and C.
    index.set('b', parseRis(next + rec('Only in C', '10.1000/c')));
    assert.deepEqual(index.takeTouched(), ['c']);
    index.remove('b');
    assert.deepEqual(index.takeTouched().sort(), ['a', 'c']);
  });
});
