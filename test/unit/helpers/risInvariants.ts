/**
 * Independent checks of a parsed RisDocument against its text, shared by the parser, fuzz and corpus
 * tests. Lines are split here with a regular expression (not the parser's scanner), so the two
 * implementations check each other.
 */

import * as assert from 'node:assert/strict';
import type { RisDocument, RisField } from '../../../src/core/ris/model';

/** One physical line: `[start, end)` without its break. */
export interface PhysicalLine {
  readonly start: number;
  readonly end: number;
}

/** Splits like VS Code: `\r\n`, `\n` or a bare `\r` end a line. */
export function physicalLines(text: string): PhysicalLine[] {
  const out: PhysicalLine[] = [];
  const re = /\r\n|\r|\n/g;
  let start = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    out.push({ start, end: m.index });
    start = m.index + m[0].length;
  }
  out.push({ start, end: text.length });
  return out;
}

/** True when the line holds only what `String.prototype.trim` removes. */
export function isBlank(text: string, l: PhysicalLine): boolean {
  return text.slice(l.start, l.end).trim() === '';
}

/** Where each line went, for messages. */
type Owner = string;

/**
 * Asserts the "nothing lost" invariant (every non-blank line is a field's tag line, a continuation,
 * an ER line or an outside line, exactly once; blank lines are none of these) and the consistency of
 * every span, value and line number. Returns the number of non-blank lines.
 */
export function assertDocumentInvariants(doc: RisDocument, label = ''): number {
  const text = doc.text;
  const lines = physicalLines(text);
  const where = label ? ` (${label})` : '';
  assert.equal(doc.lineCount, lines.length, `lineCount${where}`);
  assert.equal(doc.bom, text.charCodeAt(0) === 0xfeff, `bom${where}`);

  const owners: (Owner[] | undefined)[] = new Array(lines.length);
  const own = (line: number, who: Owner): void => {
    assert.ok(line >= 0 && line < lines.length, `line ${line} out of range${where}`);
    (owners[line] ??= []).push(who);
  };

  const checkTrimmed = (start: number, end: number, line: number, what: string): void => {
    const l = lines[line]!;
    assert.ok(start >= l.start && start <= end && end <= l.end, `${what} span inside line ${line}${where}`);
    const s = text.slice(start, end);
    assert.equal(s, s.trim(), `${what} span is trimmed at line ${line}${where}`);
    assert.notEqual(s, '', `${what} span is not empty at line ${line}${where}`);
    // Only whitespace (or the BOM) around it on the line.
    const contentStart = line === 0 && doc.bom ? 1 : l.start;
    assert.equal(text.slice(contentStart, start).trim(), '', `${what}: only whitespace before, line ${line}${where}`);
    assert.equal(text.slice(end, l.end).trim(), '', `${what}: only whitespace after, line ${line}${where}`);
  };

  const checkField = (f: RisField, who: string): void => {
    own(f.line, who);
    const l = lines[f.line]!;
    assert.equal(f.lineStart, l.start, `${who} lineStart${where}`);
    assert.ok(f.tagStart >= l.start && f.tagEnd <= l.end, `${who} tagSpan in line${where}`);
    assert.equal(text.slice(f.tagStart, f.tagEnd).toUpperCase(), f.tag, `${who} tag text${where}`);
    assert.equal(f.tag, f.tag.toUpperCase(), `${who} tag upper-case${where}`);
    assert.equal(f.tagEnd, f.tagEnd, `${who} separator follows tag${where}`);
    assert.equal(f.valueStart, f.valueStart, `${who} value follows separator${where}`);
    assert.ok(text.slice(f.tagEnd, f.valueStart).includes('-'), `${who} separator has '-'${where}`);
    assert.ok(f.valueStart <= f.valueEnd && f.valueEnd <= l.end, `${who} valueSpan${where}`);
    assert.equal(text.slice(f.valueStart, f.valueEnd), f.lineValue, `${who} lineValue = valueSpan text${where}`);
    assert.equal(f.lineValue, f.lineValue.trim(), `${who} lineValue trimmed${where}`);
    assert.equal(text.slice(f.valueEnd, l.end).trim(), '', `${who} nothing after the value${where}`);
    const contentStart = f.line === 0 && doc.bom ? 1 : l.start;
    const indent = text.slice(contentStart, f.tagStart);
    assert.equal(indent.trim(), '', `${who} only whitespace before the tag${where}`);
    assert.equal(f.issues.includes('indented'), indent.length > 0, `${who} indented flag${where}`);
    let value = f.lineValue;
    let prevLine = f.line;
    for (const c of f.continuations) {
      own(c.line, `${who} continuation`);
      assert.ok(c.line > prevLine, `${who} continuation lines increase${where}`);
      assert.equal(c.lineStart, lines[c.line]!.start, `${who} continuation lineStart${where}`);
      checkTrimmed(c.start, c.end, c.line, `${who} continuation`);
      let blankBetween = false;
      for (let k = prevLine + 1; k < c.line; k++) {
        assert.ok(isBlank(text, lines[k]!), `${who}: only blank lines between continuation lines${where}`);
        blankBetween = true;
      }
      assert.equal(c.afterBlank, blankBetween, `${who} afterBlank at line ${c.line}${where}`);
      const part = text.slice(c.start, c.end);
      value = value === '' ? part : value + (c.afterBlank ? '\n\n' : ' ') + part;
      prevLine = c.line;
    }
    assert.equal(f.value, value, `${who} value${where}`);
    assert.equal(f.endLine, prevLine, `${who} endLine${where}`);
    assert.equal(f.end, lines[prevLine]!.end, `${who} end${where}`);
  };

  let prevEndLine = -1;
  doc.records.forEach((r, i) => {
    const who = `record ${i}`;
    assert.equal(r.index, i, `${who} index${where}`);
    assert.ok(r.fields.length > 0 || r.endTag !== undefined, `${who} has lines${where}`);
    const first = r.fields[0] ?? r.endTag!;
    assert.equal(r.startLine, first.line, `${who} startLine${where}`);
    assert.ok(r.startLine > prevEndLine, `${who} after the previous record${where}`);
    const ls = lines[r.startLine]!.start;
    assert.equal(r.start, r.startLine === 0 && doc.bom ? 1 : ls, `${who} start${where}`);
    const tys = r.fields.filter((f) => f.tag === 'TY');
    assert.ok(tys.length <= 1, `${who} has at most one TY${where}`);
    if (tys.length === 1) {
      assert.equal(r.fields[0]!.tag, 'TY', `${who} TY first${where}`);
      assert.equal(r.type, tys[0]!.lineValue.toUpperCase(), `${who} type${where}`);
    } else {
      assert.equal(r.type, undefined, `${who} type undefined${where}`);
      assert.ok(r.endTag !== undefined, `${who} without TY must be closed by ER${where}`);
    }
    let prev = r.startLine - 1;
    for (const f of r.fields) {
      assert.notEqual(f.tag, 'ER', `${who} ER is not a field${where}`);
      assert.ok(f.line > prev, `${who} fields in order${where}`);
      checkField(f, `${who} field ${f.tag}@${f.line}`);
      prev = f.endLine;
    }
    if (r.endTag) {
      assert.equal(r.endTag.tag, 'ER', `${who} endTag is ER${where}`);
      assert.ok(r.endTag.line > prev, `${who} ER after fields${where}`);
      assert.equal(r.endTag.continuations.length, 0, `${who} ER has no continuations${where}`);
      checkField(r.endTag, `${who} ER`);
      assert.equal(r.unterminated, undefined, `${who} closed${where}`);
      assert.equal(r.endLine, r.endTag.line, `${who} endLine = ER line${where}`);
    } else {
      assert.ok(r.unterminated === 'next-type' || r.unterminated === 'end-of-file', `${who} unterminated${where}`);
      assert.equal(r.endLine, prev, `${who} endLine = last field line${where}`);
    }
    assert.equal(r.end, lines[r.endLine]!.end, `${who} end${where}`);
    for (const b of r.blankLines) {
      assert.ok(b > r.startLine && b < r.endLine, `${who} blank line ${b} inside${where}`);
      assert.ok(isBlank(text, lines[b]!), `${who} blank line ${b} is blank${where}`);
    }
    // Every blank line strictly inside the record is listed, and nothing else.
    const expectedBlanks: number[] = [];
    for (let k = r.startLine + 1; k < r.endLine; k++) if (isBlank(text, lines[k]!)) expectedBlanks.push(k);
    assert.deepEqual([...r.blankLines], expectedBlanks, `${who} blankLines${where}`);
    prevEndLine = r.endLine;
  });

  let prevOutside = -1;
  for (const o of doc.outside) {
    own(o.line, `outside ${o.kind}`);
    assert.ok(o.line > prevOutside, `outside lines in file order${where}`);
    prevOutside = o.line;
    assert.equal(o.lineStart, lines[o.line]!.start, `outside lineStart${where}`);
    checkTrimmed(o.start, o.end, o.line, `outside ${o.kind}`);
    const firstRecordLine = doc.records.length > 0 ? doc.records[0]!.startLine : Infinity;
    assert.equal(o.beforeFirstRecord, o.line < firstRecordLine, `outside beforeFirstRecord at ${o.line}${where}`);
    for (const r of doc.records) {
      assert.ok(o.line < r.startLine || o.line > r.endLine, `outside line ${o.line} not inside a record${where}`);
    }
  }

  let nonBlank = 0;
  lines.forEach((l, i) => {
    const who = owners[i] ?? [];
    if (isBlank(text, l)) {
      assert.equal(who.length, 0, `blank line ${i} is owned by ${who.join(', ')}${where}`);
    } else {
      nonBlank++;
      assert.equal(who.length, 1, `line ${i} ${JSON.stringify(text.slice(l.start, l.end).slice(0, 60))} owned ${who.length} times [${who.join(', ')}]${where}`);
    }
  });

  // Line endings.
  let lf = 0;
  let crlf = 0;
  let cr = 0;
  const bare: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) {
        crlf++;
        i++;
      } else {
        cr++;
        bare.push(i);
      }
    } else if (c === 10) lf++;
  }
  const kinds = [lf, crlf, cr].filter((n) => n > 0).length;
  assert.equal(doc.lineEnding, kinds === 0 ? 'none' : kinds > 1 ? 'mixed' : doc.newline, `lineEnding${where}`);
  const max = Math.max(lf, crlf, cr);
  if (max > 0) {
    const counts = { '\n': lf, '\r\n': crlf, '\r': cr };
    assert.equal(counts[doc.newline], max, `newline is the most frequent${where}`);
  } else {
    assert.equal(doc.newline, '\n', `newline default${where}`);
  }
  assert.deepEqual([...doc.strayCarriageReturns], doc.newline === '\r' ? [] : bare, `strayCarriageReturns${where}`);
  const last = text.charCodeAt(text.length - 1);
  assert.equal(doc.missingFinalNewline, text.length > 0 && last !== 10 && last !== 13, `missingFinalNewline${where}`);
  return nonBlank;
}
