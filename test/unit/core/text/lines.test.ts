import * as assert from 'node:assert/strict';
import { applyEdits, changedWindow, windowAfter, type TextEdit } from '../../../../src/core/text/edits';
import { seededRandom } from '../../helpers/risSnapshot';
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

  /** `text` after `edits` applied one by one, the plain way. */
  /** The text after `edits`: its changed window from {@link windowAfter}, the rest as it was. */
  function applyInTurn(text: string, edits: readonly TextEdit[]): string | undefined {
    const w = changedWindow(edits);
    if (w === undefined) return text;
    if (w.start < 0 || w.oldEnd > text.length) return undefined;
    const window = windowAfter(text.slice(w.start, w.oldEnd), w, edits);
    return window === undefined ? undefined : text.slice(0, w.start) + window + text.slice(w.oldEnd);
  }

  function oneByOne(text: string, edits: readonly TextEdit[]): string {
    let out = text;
    for (const e of edits) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
    return out;
  }

  it('windowAfter applies edits one after the other, each with offsets into the text the ones before left', () => {
    assert.equal(applyInTurn('abcdef', [{ start: 1, end: 1, newText: 'X' }]), 'aXbcdef');
    // The second edit's offsets are into "aXbcdef": 5..7 is "ef".
    assert.equal(applyInTurn('abcdef', [{ start: 1, end: 1, newText: 'X' }, { start: 5, end: 7, newText: '' }]), 'aXbcd');
    // Backwards (as VS Code reports a multi-cursor edit): the earlier offsets are not moved by the later edit.
    assert.equal(applyInTurn('abcdef', [{ start: 4, end: 5, newText: 'YY' }, { start: 0, end: 1, newText: '' }]), 'bcdYYf');
    assert.equal(applyInTurn('abc', []), 'abc');
  });

  it('windowAfter equals applying the edits one by one, on 5,000 random edit lists', () => {
    const random = seededRandom(20261206);
    const pick = (n: number): number => Math.floor(random() * n);
    for (let round = 0; round < 5000; round++) {
      const base = 'TY  - JOUR\r\nTI  - héllo\nER  - \n'.repeat(1 + pick(4));
      let current = base;
      const edits: TextEdit[] = [];
      for (let k = 1 + pick(5); k > 0; k--) {
        const start = pick(current.length + 1);
        const end = start + pick(Math.min(6, current.length - start) + 1);
        const edit = { start, end, newText: ['', 'x', '\n', 'AU  - ', '\r\n'][pick(5)] };
        edits.push(edit);
        current = oneByOne(current, [edit]);
      }
      assert.equal(applyInTurn(base, edits), current, JSON.stringify(edits));
    }
  });

  it('windowAfter gives up on an edit outside the window and on many edits over a wide window', () => {
    assert.equal(applyInTurn('abc', [{ start: 2, end: 5, newText: '' }]), undefined);
    assert.equal(applyInTurn('abc', [{ start: 1, end: 1, newText: 'x' }, { start: 6, end: 6, newText: 'y' }]), undefined);
    const wide = 'x'.repeat(2 << 20);
    assert.equal(applyInTurn(wide, [{ start: 0, end: 0, newText: 'a' }, { start: wide.length, end: wide.length, newText: 'b' }]), undefined);
    // One edit anywhere in a wide text is fine.
    assert.equal(applyInTurn(wide, [{ start: wide.length, end: wide.length, newText: 'b' }])?.length, wide.length + 1);
  });
});
