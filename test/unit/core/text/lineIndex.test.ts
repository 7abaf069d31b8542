import * as assert from 'node:assert/strict';
import { LineIndex } from '../../../../src/core/text/lineIndex';
import { physicalLines } from '../../helpers/risInvariants';

describe('LineIndex', () => {
  it('splits at \\r\\n, \\n and a bare \\r, not at U+2028/U+2029', () => {
    const text = 'a\r\nbb\nccc\rd\u2028e\u2029f\r\r\n\n';
    const idx = new LineIndex(text);
    assert.equal(idx.lineCount, 7);
    assert.deepEqual(
      Array.from({ length: idx.lineCount }, (_, i) => text.slice(idx.lineStart(i), idx.lineEnd(i))),
      ['a', 'bb', 'ccc', 'd\u2028e\u2029f', '', '', ''],
    );
  });

  it('maps offsets to positions and back', () => {
    const text = 'TY  - JOUR\r\nAU  - Doe\nER  - \r';
    const idx = new LineIndex(text);
    assert.deepEqual(idx.positionAt(0), { line: 0, character: 0 });
    assert.deepEqual(idx.positionAt(10), { line: 0, character: 10 });
    assert.deepEqual(idx.positionAt(12), { line: 1, character: 0 });
    assert.deepEqual(idx.positionAt(text.indexOf('Doe')), { line: 1, character: 6 });
    assert.deepEqual(idx.positionAt(text.length), { line: 3, character: 0 });
    assert.equal(idx.offsetAt({ line: 1, character: 6 }), text.indexOf('Doe'));
    assert.equal(idx.offsetAt({ line: 3, character: 0 }), text.length);
  });

  it('maps an offset between \\r and \\n to the end of its line, as VS Code does', () => {
    const idx = new LineIndex('ab\r\ncd');
    assert.deepEqual(idx.positionAt(3), { line: 0, character: 2 });
  });

  it('clamps out-of-range input like vscode.TextDocument', () => {
    const text = 'abc\ndef';
    const idx = new LineIndex(text);
    assert.deepEqual(idx.positionAt(-5), { line: 0, character: 0 });
    assert.deepEqual(idx.positionAt(99), { line: 1, character: 3 });
    assert.deepEqual(idx.positionAt(Number.NaN), { line: 0, character: 0 });
    assert.deepEqual(idx.positionAt(2.7), { line: 0, character: 2 });
    assert.equal(idx.offsetAt({ line: -1, character: 2 }), 0);
    assert.equal(idx.offsetAt({ line: 5, character: 0 }), text.length);
    assert.equal(idx.offsetAt({ line: 0, character: 99 }), 3);
    assert.equal(idx.offsetAt({ line: 1, character: -4 }), 4);
    assert.equal(idx.lineStart(99), 4);
    assert.equal(idx.lineEnd(-1), 3);
  });

  it('handles the empty text and a text without breaks', () => {
    const empty = new LineIndex('');
    assert.equal(empty.lineCount, 1);
    assert.deepEqual(empty.positionAt(0), { line: 0, character: 0 });
    assert.equal(empty.offsetAt({ line: 0, character: 5 }), 0);
    const one = new LineIndex('abc');
    assert.equal(one.lineCount, 1);
    assert.deepEqual(one.positionAt(3), { line: 0, character: 3 });
  });

  it('agrees with a regular-expression split on random texts, for every offset', () => {
    let s = 12345;
    const rand = (): number => {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      return s / 0x100000000;
    };
    const pieces = ['\r', '\n', '\r\n', 'a', 'b', ' ', '\u2028'];
    for (let i = 0; i < 500; i++) {
      let text = '';
      const n = Math.floor(rand() * 40);
      for (let k = 0; k < n; k++) text += pieces[Math.floor(rand() * pieces.length)];
      const lines = physicalLines(text);
      const idx = new LineIndex(text);
      assert.equal(idx.lineCount, lines.length, JSON.stringify(text));
      lines.forEach((l, line) => {
        assert.equal(idx.lineStart(line), l.start);
        assert.equal(idx.lineEnd(line), l.end);
        for (let o = l.start; o <= l.end; o++) {
          assert.deepEqual(idx.positionAt(o), { line, character: o - l.start });
          assert.equal(idx.offsetAt({ line, character: o - l.start }), o);
        }
      });
    }
  });
});
