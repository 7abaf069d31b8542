/**
 * The text of a document held in pieces (`pieceText.ts`): what an edit makes of the pieces (the
 * region re-parsed between the pieces before and after it), and reading any part of it without
 * joining the whole, as the validation and the keys of an edited document do.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { DocumentText, lineEndIn, PieceText, pieceTextOf, recordLineEnd, textAt } from '../../../../src/core/ris/pieceText';
import { decodeRisBytes } from '../../../../src/core/ris/decode';
import { isParsedRecord } from '../../../../src/core/ris/records';
import { corpusEntries } from '../../helpers/corpus';
import { reparseAfterEdits, updateDocument } from '../../../../src/core/ris/incremental';
import { parseRis } from '../../../../src/core/ris/parser';
import { applyEdits } from '../../../../src/core/text/edits';
import { lineEndAt, lineStartAt, nextLineStart } from '../../../../src/core/text/lines';
import { seededRandom } from '../../helpers/risSnapshot';

/** A text of `n` lines `line i` (LF), and the offset of each line's start. */
function lines(n: number, width = 0): { text: string; starts: number[] } {
  const starts: number[] = [];
  let text = '';
  for (let i = 0; i < n; i++) {
    starts.push(text.length);
    text += `line ${i}${'.'.repeat(width)}\n`;
  }
  return { text, starts };
}

/** Every piece read back: each piece's own part from its base, and what it holds beyond. */
function assertReadsAs(p: PieceText, expected: string, what: string): void {
  assert.equal(p.length, expected.length, `${what}: length`);
  const rnd = seededRandom(expected.length);
  for (let k = 0; k < 200; k++) {
    const a = Math.floor(rnd() * (expected.length + 1));
    const b = Math.min(expected.length, a + Math.floor(rnd() * 300));
    assert.equal(p.slice(a, b), expected.slice(a, b), `${what}: slice(${a}, ${b})`);
    if (a < expected.length) {
      const at = p.at(a, b);
      // What a piece holds is the document's text from its base: the characters it holds beyond
      // the next piece's base are the same, and it holds nothing that the document does not.
      assert.equal(at.text, expected.slice(at.base, at.base + at.text.length), `${what}: piece at ${a}`);
      assert.ok(at.base <= a && b - at.base <= at.text.length, `${what}: the piece at ${a} holds [${a}, ${b})`);
    }
  }
  assert.equal(p.isJoined, false, `${what}: read without joining`);
  assert.equal(p.text(), expected, `${what}: joined`);
}

describe('a text held in pieces', () => {
  it('replaces a region between two lines, keeping the pieces before and after it as views', () => {
    const { text, starts } = lines(5000, 30);
    const whole = new PieceText([text], [0], [0], text.length);
    const from = starts[2000]!;
    const stopOld = starts[2003]!;
    const region = 'new line a\nnew line b\n';
    const edited = whole.splice(from, 2000, stopOld, 2003, region, region.length - (stopOld - from), -1);
    const expected = text.slice(0, from) + region + text.slice(stopOld);
    assert.equal(edited.count, 3, 'before, region, after');
    assertReadsAs(edited, expected, 'one edit');
    // Lines are counted from each piece's first line.
    assert.deepEqual(edited.positionAt(from + 11), { line: 2001, character: 0 });
    assert.deepEqual(edited.positionAt(from + region.length), { line: 2002, character: 0 });
  });

  it('joins small pieces next to the region into it, so that typing in one place keeps the count', () => {
    const { text, starts } = lines(20_000, 20);
    let expected = text;
    let p = new PieceText([text], [0], [0], text.length);
    const rnd = seededRandom(5);
    // A hundred edits around line 10,000: one region grows and shrinks there.
    let lineStarts = starts.slice();
    for (let k = 0; k < 100; k++) {
      const i = 9990 + Math.floor(rnd() * 20);
      const from = lineStarts[i]!;
      const stopOld = lineStarts[i + 1]!;
      const region = `edited ${k} ${'x'.repeat(Math.floor(rnd() * 40))}\n`;
      const delta = region.length - (stopOld - from);
      p = p.splice(from, i, stopOld, i + 1, region, delta, 0);
      expected = expected.slice(0, from) + region + expected.slice(stopOld);
      lineStarts = lineStarts.map((s, j) => (j > i ? s + delta : s));
    }
    assert.ok(p.count <= 3, `${p.count} pieces after 100 edits in one place`);
    assertReadsAs(p, expected, 'edits in one place');
  });

  for (const [limits, what] of [
    [undefined, 'pieces near 64K characters'],
    [{ mergeChars: 0, maxPieces: 100 }, 'joined into one past 100 pieces'],
  ] as const) {
  it(`keeps every piece right after edits at scattered places, ${what}`, () => {
    const { text } = lines(25_000, 10);
    let expected = text;
    let p = new PieceText([text], [0], [0], text.length);
    const rnd = seededRandom(9);
    let maxCount = 0;
    for (let k = 0; k < 3000; k++) {
      // A region of whole lines anywhere: the start of a line, to the start of a later one.
      const a = expected.lastIndexOf('\n', Math.floor(rnd() * expected.length)) + 1;
      let b = a;
      for (let n = Math.floor(rnd() * 3); n >= 0 && b < expected.length; n--) b = expected.indexOf('\n', b) + 1;
      const region = rnd() < 0.2 ? '' : `r${k}\n`;
      const delta = region.length - (b - a);
      // Line numbers serve only `positionAt`, tested above.
      p = p.splice(a, 0, b, 0, region, delta, 0, limits);
      expected = expected.slice(0, a) + region + expected.slice(b);
      maxCount = Math.max(maxCount, p.count);
      if (k % 500 === 0 || k === 2999) assertReadsAs(p, expected, `after ${k + 1} scattered edits`);
    }
    if (limits === undefined) assert.ok(maxCount > 2 && maxCount <= 64, `${maxCount} pieces at most`);
    else assert.equal(maxCount, 100, 'the text is joined when an edit makes it 101 pieces');
  });
  }

  it('reads a document emptied by an edit, and one that an edit fills again', () => {
    const text = 'TY  - JOUR\nER  - \n';
    const empty = new PieceText([text], [0], [0], text.length).splice(0, 0, text.length, 2, '', -text.length, -2);
    assert.equal(empty.length, 0);
    assert.equal(empty.slice(0, 0), '');
    assert.equal(empty.text(), '');
    const again = empty.splice(0, 0, 0, 0, text, text.length, 2);
    assertReadsAs(again, text, 'filled again');
  });

  it('reads an edited document at any offset as its text reads there, from the pieces (DocumentText)', () => {
    const record = (i: number): string => `TY  - JOUR\r\nTI  - Title ${i}\r\nAU  - Doe, J.\r\n\r\nN1  - note\r\nER  - \r\n`;
    let text = Array.from({ length: 3000 }, (_, i) => record(i)).join('');
    let doc = parseRis(text);
    const rnd = seededRandom(7);
    for (let k = 0; k < 40; k++) {
      const at = Math.floor(rnd() * text.length);
      const edit = { start: at, end: at + (k % 3), newText: k % 2 ? 'x' : 'TY  - BOOK\n' };
      text = applyEdits(text, [edit]);
      doc = reparseAfterEdits(doc, [edit])!.doc;
    }
    const pieces = pieceTextOf(doc)!;
    assert.ok(pieces.count > 3, `${pieces.count} pieces`);
    const t = new DocumentText(doc);
    assert.equal(t.length, text.length);
    // Every line start (where pieces start), the offsets around them and random ones.
    const offsets = [0, 1, text.length - 1, text.length];
    for (let i = text.indexOf('\n'); i >= 0 && offsets.length < 4000; i = text.indexOf('\n', i + 1)) offsets.push(i - 1, i, i + 1);
    for (let k = 0; k < 500; k++) offsets.push(Math.floor(rnd() * text.length));
    for (const o of offsets) {
      assert.equal(t.charCodeAt(o), text.charCodeAt(o), `charCodeAt(${o})`);
      assert.equal(t.lineStartAt(o), lineStartAt(text, o), `lineStartAt(${o})`);
      assert.equal(t.lineEndAt(o), lineEndAt(text, o), `lineEndAt(${o})`);
      const le = lineEndAt(text, o);
      assert.equal(t.nextLineStart(le), nextLineStart(text, le), `nextLineStart(${le})`);
      assert.equal(t.slice(o, o + 40), text.slice(o, o + 40), `slice(${o})`);
    }
    assert.ok(Number.isNaN(t.charCodeAt(-1)) && Number.isNaN(t.charCodeAt(text.length)));
    assert.equal(pieces.isJoined, false, 'read without joining');
  });
});

describe('the end of a record\'s first line', () => {
  it('told by the parser\'s record, is where the text says, in every corpus file, its line breaks changed, and after an edit moves it', () => {
    let known = 0;
    let records = 0;
    for (const entry of corpusEntries()) {
      const text = decodeRisBytes(fs.readFileSync(entry.full)).text;
      const variants: [string, string][] = [
        [entry.file, text],
        [`${entry.file} (CRLF)`, text.replace(/\r?\n/g, '\r\n')],
        [`${entry.file} (bare CR)`, text.replace(/\r?\n/g, '\r')],
      ];
      for (const [name, t] of variants) {
        let doc = parseRis(t);
        for (let pass = 0; pass < 2; pass++) {
          for (const r of doc.records) {
            const at = textAt(doc, r.start, r.start);
            assert.equal(recordLineEnd(at, r), lineEndIn(at, r.start), `${name}${pass === 1 ? ', after an edit' : ''}, record ${r.index}`);
            records++;
            if (isParsedRecord(r) && r.firstLineEnd() >= 0) known++;
          }
          // An edit before the first record moves every record (and the text is now in pieces).
          if (doc.records.length === 0) break;
          doc = updateDocument(doc, `\n${doc.text}`, [{ start: 0, end: 0, newText: '\n' }]);
        }
      }
    }
    assert.ok(records > 1000 && known > records / 2, `${known} of ${records} first lines told by the record`);
  });
});
