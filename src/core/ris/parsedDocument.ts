/**
 * The parser's document object and what moves parsed records: the line-break counts a document is
 * made from (which the incremental re-parse adds up), and renumbering and moving records, outside
 * lines and whole parsed slices (the records themselves are in `records.ts`).
 */

import type { LineEnding, OutsideLine, RisDocument, RisField, RisRecord } from './model';
import { NO_LINES, ParsedField, ParsedRecord } from './records';

/** Line-break counts of a parse, which the incremental re-parse adds up (see `incremental.ts`). */
export interface LineBreakCounts {
  lf: number;
  crlf: number;
  cr: number;
  /** Offsets of every bare CR, whatever the dominant line ending. */
  readonly bareCRs: number[];
}

const BREAKS = new WeakMap<RisDocument, LineBreakCounts>();

/**
 * The document object, with the line-ending summary computed from `breaks`. Every record must come
 * from the parser (a `ParsedRecord`): the incremental re-parse moves the records of a document that has
 * line-break counts without checking them again.
 */
export function makeDocument(
  text: string,
  records: readonly RisRecord[],
  outside: readonly OutsideLine[],
  bom: boolean,
  breaks: LineBreakCounts,
  lineCount: number,
  missingFinalNewline: boolean,
): RisDocument {
  const { lf, crlf, cr } = breaks;
  const kinds = (lf > 0 ? 1 : 0) + (crlf > 0 ? 1 : 0) + (cr > 0 ? 1 : 0);
  let newline: '\n' | '\r\n' | '\r' = '\n';
  let best = lf;
  if (crlf > best) {
    newline = '\r\n';
    best = crlf;
  }
  if (cr > best) newline = '\r';
  const lineEnding: LineEnding = kinds === 0 ? 'none' : kinds > 1 ? 'mixed' : newline;
  const doc: RisDocument = {
    text,
    records,
    outside,
    bom,
    lineEnding,
    newline,
    lineCount,
    missingFinalNewline,
    strayCarriageReturns: newline === '\r' ? [] : breaks.bareCRs,
  };
  BREAKS.set(doc, breaks);
  return doc;
}

/** The line-break counts a parsed document was made from (undefined for a document built otherwise). */
export function lineBreaksOf(doc: RisDocument): LineBreakCounts | undefined {
  return BREAKS.get(doc);
}

/** True for a document made by the parser or its incremental re-parse: all its records are `ParsedRecord`s. */
export function madeByParser(doc: RisDocument): boolean {
  return BREAKS.has(doc);
}

/** The parser's record behind `r`; every record of a parsed document is one. */
function parsed(r: RisRecord): ParsedRecord {
  if (r instanceof ParsedRecord) return r;
  throw new TypeError('ris: a record that did not come from parseRis cannot be moved or renumbered');
}

/** Sets each record's `index` to its position in `records` and returns `records`. */
export function renumberRecords(records: RisRecord[]): RisRecord[] {
  for (let i = 0; i < records.length; i++) parsed(records[i]!).index = i;
  return records;
}

/**
 * `doc` moved by `dOffset` characters and `dLine` lines, for placing a parsed slice after other
 * text: its records are moved in place (two numbers each), its outside lines and stray carriage
 * returns are copied. `doc` itself must not be used afterwards.
 */
export function moveDocument(doc: RisDocument, dOffset: number, dLine: number): RisDocument {
  if (dOffset === 0 && dLine === 0) return doc;
  for (const r of doc.records) parsed(r).moveBy(dOffset, dLine);
  return {
    ...doc,
    outside: doc.outside.map((o) => moveOutside(o, dOffset, dLine)),
    strayCarriageReturns: dOffset === 0 ? doc.strayCarriageReturns : doc.strayCarriageReturns.map((o) => o + dOffset),
  };
}

/** An outside line moved by `dOffset` characters and `dLine` lines. */
export function moveOutside(o: OutsideLine, dOffset: number, dLine: number): OutsideLine {
  return {
    start: o.start + dOffset,
    end: o.end + dOffset,
    kind: o.kind,
    line: o.line + dLine,
    lineStart: o.lineStart + dOffset,
    beforeFirstRecord: o.beforeFirstRecord,
  };
}

/**
 * Shows every line of a record (fields and ER line) as `line`. Only for the streaming check's
 * synthetic context records, which stand for a record of an earlier slice at that file line.
 */
export function pinRecordLines(r: RisRecord, line: number): void {
  const p = parsed(r);
  p.startLine = line;
  p.relEndLine = 0;
  p.relBlankLines = NO_LINES;
  for (const f of p.fields) f.pinLine(0);
  p.endTag?.pinLine(0);
}

/** Shows field `f` of record `r` at file line `line` (for the same synthetic records). */
export function pinFieldLine(r: RisRecord, f: RisField, line: number): void {
  const p = parsed(r);
  if (f instanceof ParsedField && f.rec === p) f.pinLine(line - p.startLine);
}
