/**
 * The parser packs the widths of a tag line (indentation, tag, separator, trailing whitespace) and
 * the line number within the record into one small integer, and keeps the rare field that does not
 * fit (or has continuation lines) in a wide layout. These tests hold every position of both kinds
 * to what `parseTagLine` reads from the line alone, before and after the record moves.
 */
import * as assert from 'node:assert/strict';
import { updateDocument } from '../../../../src/core/ris/incremental';
import type { RisDocument, RisField } from '../../../../src/core/ris/model';
import { parseRis, parseTagLine } from '../../../../src/core/ris/parser';
import { ParsedField, valueIncludes } from '../../../../src/core/ris/records';
import { assertDocumentInvariants } from '../../helpers/risInvariants';

/** End of the line that starts at `start` (before its line break). */
function lineEndFrom(text: string, start: number): number {
  const n = text.indexOf('\n', start);
  return n < 0 ? text.length : n;
}

/** Asserts that field `f` of `doc` has exactly the positions its own line gives. */
function assertFieldMatchesLine(doc: RisDocument, f: RisField, what: string): void {
  const text = doc.text;
  const le = lineEndFrom(text, f.lineStart);
  const info = parseTagLine(text.slice(f.lineStart, le));
  assert.ok(info, `${what}: a tag line`);
  assert.equal(f.tag, info.tag, `${what}: tag`);
  assert.equal(f.tagStart, f.lineStart + info.tagStart, `${what}: tagStart`);
  assert.equal(f.tagEnd, f.lineStart + info.tagEnd, `${what}: tagEnd`);
  assert.equal(f.valueStart, f.lineStart + info.valueStart, `${what}: valueStart`);
  assert.equal(f.valueEnd, f.lineStart + info.valueEnd, `${what}: valueEnd`);
  assert.equal(f.lineValue, info.value, `${what}: lineValue`);
  assert.deepEqual(f.issues, info.issues, `${what}: issues`);
  assert.equal(text.slice(0, f.lineStart).split('\n').length - 1, f.line, `${what}: line`);
  for (const c of [',', ' ', '\t', f.value.charAt(0), f.value.charAt(f.value.length - 1)]) {
    if (c === '') continue;
    assert.equal(valueIncludes(f, c.charCodeAt(0)), f.value.includes(c), `${what}: value includes ${JSON.stringify(c)}`);
  }
  if (f instanceof ParsedField && f.plainLineEnd() >= 0) {
    assert.deepEqual([f.issues, f.continuations.length, f.rec.start + f.plainLineEnd()], [[], 0, le], `${what}: a plain line ends where its line does`);
  }
  if (f.continuations.length === 0) {
    assert.equal(f.value, info.value, `${what}: value`);
    assert.equal(f.end, le, `${what}: end`);
    assert.equal(f.endLine, f.line, `${what}: endLine`);
  }
}

function assertAllFields(doc: RisDocument, what: string): number {
  let n = 0;
  for (const r of doc.records) {
    for (const f of r.fields) {
      assertFieldMatchesLine(doc, f, `${what}, record ${r.index} line ${f.line}`);
      n++;
    }
    if (r.endTag !== undefined) {
      assertFieldMatchesLine(doc, r.endTag, `${what}, ER of record ${r.index}`);
      n++;
    }
  }
  return n;
}

describe('field layout (packed and wide fields)', () => {
  it('gives every position of tag lines of every width, inside and beyond what packs', () => {
    const lines: string[] = [];
    for (const indent of [0, 1, 7, 8, 70]) {
      for (const head of ['AU  -', 'PMID  -', 'ABC  -', 'au  -', 'A1 -', 'A1\t-']) {
        for (const after of ['', ' ', '   ', '      ', '         ', ' '.repeat(300)]) {
          for (const value of ['', 'x', 'Doe, Jane', 'a value of some length, more than thirteen characters']) {
            for (const trail of ['', ' ', '       ', '        ', '\t'.repeat(300)]) {
              lines.push(' '.repeat(indent) + head + after + value + trail);
            }
          }
        }
      }
    }
    const text = `TY  - JOUR\n${lines.join('\n')}\nER  - \n`;
    const doc = parseRis(text);
    assertDocumentInvariants(doc);
    assert.equal(doc.records.length, 1);
    const n = assertAllFields(doc, 'widths');
    assert.ok(n > 3000, `${n} fields checked`);
    const plain = doc.records[0]!.fields.filter((f) => f instanceof ParsedField && f.plainLineEnd() >= 0).length;
    assert.ok(plain >= 20 && plain < n / 2, `${plain} plain lines of ${n}`);
  });

  it('keeps lines beyond 8191 lines into a record, and after the record moves', () => {
    const kw = Array.from({ length: 9000 }, (_, i) => `KW  - keyword ${i}`);
    const text = `TY  - JOUR\n${kw.join('\n')}\nAB  - first line\n  continued\n\n  after a blank\nER  - \nTY  - BOOK\nTI  - Next\nER  - \n`;
    const doc = parseRis(text);
    assertDocumentInvariants(doc);
    const last = doc.records[0]!.fields[9000]!;
    assert.equal(last.tag, 'KW');
    assert.equal(last.line, 9000);
    assertAllFields(doc, 'long record');
    const ab = doc.records[0]!.fields[9001]!;
    assert.equal(ab.value, 'first line continued\n\nafter a blank');
    assert.equal(ab.lineValue, 'first line');
    assert.equal(ab.endLine, 9004);

    // An edit before both records moves (or re-parses) them: every position follows.
    const insert = 'N1  - a note\n\n';
    const next = insert + text;
    const moved = updateDocument(doc, next, [{ start: 0, end: 0, newText: insert }]);
    assert.deepEqual(
      moved.records.map((r) => [r.start, r.startLine]),
      parseRis(next).records.map((r) => [r.start, r.startLine]),
    );
    assertAllFields(moved, 'after the edit');
    assert.equal(moved.records[0]!.fields[9001]!.endLine, 9006);
  });
});
