/**
 * "Format Document" for RIS: rewrites every tag line of a record into the canonical
 * `XX  - value` form (upper-case tag at the start of the line, two spaces, hyphen, one space),
 * writes `ER  - ` the same way, and trims trailing spaces and tabs from every line.
 *
 * It never reorders, joins or splits lines, never touches a value's characters, and keeps the
 * file's line endings (including odd ones) and its byte-order mark, so formatting and re-parsing
 * gives the same records and values. Only lines that change get an edit. (A blank line of spaces
 * between a bare CR and a LF keeps its spaces: emptied, it would leave one CRLF line break.)
 */

import type { RisDocument, RisField } from './model';
import type { TextEdit } from '../text/edits';

/** Options of {@link formatRis}. */
export interface FormatOptions {
  /**
   * How to write a tag line without a value: `XX  - ` with the canonical trailing space (the
   * six-character tag of the specification; default) or `XX  -` without it.
   */
  emptyValue?: 'space' | 'none';
}

/**
 * Computes the edits that format a RIS document (see the module comment). The edits are sorted,
 * do not overlap, and are empty when the document is already formatted.
 */
export function formatRis(doc: RisDocument, options: FormatOptions = {}): TextEdit[] {
  const text = doc.text;
  const len = text.length;
  const bomEnd = doc.bom ? 1 : 0;
  const emptySuffix = options.emptyValue === 'none' ? '' : ' ';
  const edits: TextEdit[] = [];

  // Tag lines in file order: each record's fields, then its ER line.
  const records = doc.records;
  let ri = 0;
  let fi = 0;
  const nextTagLine = (): RisField | undefined => {
    while (ri < records.length) {
      const r = records[ri]!;
      if (fi < r.fields.length) return r.fields[fi];
      if (fi === r.fields.length && r.endTag !== undefined) return r.endTag;
      ri++;
      fi = 0;
    }
    return undefined;
  };
  const advance = (): void => {
    fi++;
  };

  let pending = nextTagLine();
  let ls = 0;
  for (;;) {
    // Find the end of the line [ls, le) and the start of the next one.
    let le = ls;
    while (le < len) {
      const c = text.charCodeAt(le);
      if (c === 10 || c === 13) break;
      le++;
    }

    while (pending !== undefined && pending.lineStart < ls) {
      advance();
      pending = nextTagLine();
    }
    if (pending !== undefined && pending.lineStart === ls) {
      formatTagLine(text, pending, ls === 0 ? bomEnd : ls, le, emptySuffix, edits);
      advance();
      pending = nextTagLine();
    } else {
      // Any other line: trailing spaces and tabs go.
      const from = ls === 0 ? bomEnd : ls;
      let e = le;
      while (e > from) {
        const c = text.charCodeAt(e - 1);
        if (c === 32 || c === 9) e--;
        else break;
      }
      // Not a blank line between a bare CR and a LF (`\r \n`): emptied, it would leave `\r\n`, one
      // line break instead of two, which joins the paragraphs around it.
      const mergesBreaks = e === from && from > 0 && text.charCodeAt(from - 1) === 13 && text.charCodeAt(le) === 10;
      if (e < le && !mergesBreaks) edits.push({ start: e, end: le, newText: '' });
    }

    if (le >= len) break;
    ls = text.charCodeAt(le) === 13 && text.charCodeAt(le + 1) === 10 ? le + 2 : le + 1;
  }
  return edits;
}

/** The edits for one tag line `[start, le)` (start is after a BOM on line 0). */
function formatTagLine(text: string, f: RisField, start: number, le: number, emptySuffix: string, edits: TextEdit[]): void {
  const prefix = `${f.tag}  -`;
  if (f.lineValue.length === 0) {
    const want = prefix + emptySuffix;
    if (text.slice(start, le) !== want) edits.push({ start, end: le, newText: want });
    return;
  }
  const want = `${prefix} `;
  const vs = f.valueStart;
  if (vs - start !== want.length || text.slice(start, vs) !== want) edits.push({ start, end: vs, newText: want });
  const ve = f.valueEnd;
  if (ve < le) edits.push({ start: ve, end: le, newText: '' });
}
