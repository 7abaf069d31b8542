/**
 * The parser's implementation of the model's records, fields and continuation lines: positions
 * relative to their record.
 *
 * A record keeps its absolute start offset and first line (its anchor); every field and
 * continuation line keeps its offsets and line numbers relative to that anchor and turns them into
 * the model's absolute numbers through getters. Moving a record (the incremental re-parse after an
 * edit, the streaming check's slices) is therefore two additions per record, whatever its size,
 * and needs no cast of a readonly model.
 */

import type { ContinuationLine, LineEnding, OutsideLine, RisDocument, RisField, RisRecord, TagLineIssue } from './model';

const NO_LINES: readonly number[] = Object.freeze([]);

/** A record whose fields hold positions relative to its anchor (`start`, `startLine`). */
export class ParsedRecord implements RisRecord {
  /** Position of the record in the file; updated when records before it come or go. */
  index = -1;
  readonly fields: ParsedField[] = [];
  endTag: ParsedField | undefined = undefined;
  /** End offset minus `start`. */
  relEnd = -1;
  /** Last line minus `startLine`. */
  relEndLine = -1;
  /** Blank lines inside the record, relative to `startLine`. */
  relBlankLines: readonly number[] = NO_LINES;
  unterminated: 'next-type' | 'end-of-file' | undefined = undefined;
  private blankCache: readonly number[] = NO_LINES;
  private blankCacheLine = 0;

  /**
   * `type`: the TY value, or undefined for a record of orphan tag lines. `start` and `startLine`
   * are the anchor: absolute, and the only numbers that change when the record moves.
   */
  constructor(
    readonly type: string | undefined,
    public start: number,
    public startLine: number,
  ) {}

  get end(): number {
    return this.start + this.relEnd;
  }

  get endLine(): number {
    return this.startLine + this.relEndLine;
  }

  get blankLines(): readonly number[] {
    const rel = this.relBlankLines;
    if (rel.length === 0) return NO_LINES;
    if (this.blankCache === NO_LINES || this.blankCacheLine !== this.startLine) {
      const base = this.startLine;
      this.blankCache = Object.freeze(rel.map((b) => b + base));
      this.blankCacheLine = base;
    }
    return this.blankCache;
  }

  /** Moves the record by `dOffset` characters and `dLine` lines. */
  moveBy(dOffset: number, dLine: number): void {
    this.start += dOffset;
    this.startLine += dLine;
  }
}

/** A field of a {@link ParsedRecord}; offsets and lines relative to the record's anchor. */
export class ParsedField implements RisField {
  constructor(
    readonly rec: ParsedRecord,
    readonly tag: string,
    readonly lineValue: string,
    public value: string,
    public relLine: number,
    readonly relLineStart: number,
    readonly relTagStart: number,
    readonly relTagEnd: number,
    readonly relValueStart: number,
    readonly relValueEnd: number,
    public relEnd: number,
    public relEndLine: number,
    public continuations: readonly ContinuationLine[],
    readonly issues: readonly TagLineIssue[],
  ) {}

  get line(): number {
    return this.rec.startLine + this.relLine;
  }
  get endLine(): number {
    return this.rec.startLine + this.relEndLine;
  }
  get lineStart(): number {
    return this.rec.start + this.relLineStart;
  }
  /** Sets the tag line and the last line to `relLine` (relative); continuation lines keep theirs. */
  pinLine(relLine: number): void {
    this.relLine = relLine;
    this.relEndLine = relLine;
  }
  get tagStart(): number {
    return this.rec.start + this.relTagStart;
  }
  get tagEnd(): number {
    return this.rec.start + this.relTagEnd;
  }
  get valueStart(): number {
    return this.rec.start + this.relValueStart;
  }
  get valueEnd(): number {
    return this.rec.start + this.relValueEnd;
  }
  get end(): number {
    return this.rec.start + this.relEnd;
  }
}

/** A continuation line of a {@link ParsedField}; positions relative to the record's anchor. */
export class ParsedContinuation implements ContinuationLine {
  constructor(
    readonly rec: ParsedRecord,
    readonly relStart: number,
    readonly relEnd: number,
    readonly relLine: number,
    readonly relLineStart: number,
    readonly afterBlank: boolean,
  ) {}

  get start(): number {
    return this.rec.start + this.relStart;
  }
  get end(): number {
    return this.rec.start + this.relEnd;
  }
  get line(): number {
    return this.rec.startLine + this.relLine;
  }
  get lineStart(): number {
    return this.rec.start + this.relLineStart;
  }
}

/** True when `r` came from the parser (so it can be moved without copying). */
export function isParsedRecord(r: RisRecord): r is ParsedRecord {
  return r instanceof ParsedRecord;
}

/** Line-break counts of a parse, which the incremental re-parse adds up (see `incremental.ts`). */
export interface LineBreakCounts {
  lf: number;
  crlf: number;
  cr: number;
  /** Offsets of every bare CR, whatever the dominant line ending. */
  readonly bareCRs: number[];
}

const BREAKS = new WeakMap<RisDocument, LineBreakCounts>();

/** The document object, with the line-ending summary computed from `breaks`. */
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
