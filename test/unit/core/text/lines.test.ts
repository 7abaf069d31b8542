import * as assert from 'node:assert/strict';
import { applyEdits } from '../../../../src/core/text/edits';
import { lineEndAt, lineStartAt, nextLineStart } from '../../../../src/core/text/lines';

describe('text/lines', () => {
  const text = 'ab\r\ncd\ref\ngh';
  it('finds the start and end of the line that contains an offset', () => {
    assert.equal(lineEndAt(text, 0), 2);
    assert.equal(lineEndAt(text, 4), 6);
    assert.equal(lineEndAt(text, 11), 12);
    assert.equal(lineStartAt(text, 5), 4);
    assert.equal(lineStartAt(text, 8), 7);
    assert.equal(lineStartAt(text, 0), 0);
  });

  it('nextLineStart steps over CRLF, LF or a bare CR, and stays put where there is no line break', () => {
    assert.equal(nextLineStart(text, 2), 4);
    assert.equal(nextLineStart(text, 6), 7);
    assert.equal(nextLineStart(text, 9), 10);
    assert.equal(nextLineStart(text, 12), 12);
    assert.equal(nextLineStart(text, 1), 1);
  });
});

describe('text/edits', () => {
  it('applyEdits applies edits in any order, insertions at one offset in the order given', () => {
    assert.equal(
      applyEdits('abcdef', [
        { start: 4, end: 6, newText: 'X' },
        { start: 0, end: 0, newText: '1' },
        { start: 0, end: 0, newText: '2' },
      ]),
      '12abcdX',
    );
    assert.throws(() => applyEdits('abc', [{ start: 0, end: 2, newText: '' }, { start: 1, end: 3, newText: '' }]), /Overlapping/);
  });
});
