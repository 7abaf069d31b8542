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

import type { ContinuationLine, RisField, RisRecord, TagLineIssue } from './model';

/** The one (frozen) list of every record without blank lines. */
export const NO_LINES: readonly number[] = Object.freeze([]);

/** The memo slots of a {@link ParsedRecord}. */
export const MEMO_SLOTS = 4;

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
  /** What other modules remember about the record, one slot per {@link RecordMemo} (see `recordMemo.ts`). */
  private memo0: unknown = undefined;
  private memo1: unknown = undefined;
  private memo2: unknown = undefined;
  private memo3: unknown = undefined;
  private blankCache: readonly number[] = NO_LINES;
  private blankCacheLine = 0;
  /**
   * The text the record's field values are read from when asked for (see
   * {@link ParsedField.value}), and the offset in it where the record starts. A move leaves both
   * alone: the record's characters are where they were in `src` (the text it was parsed from: the
   * whole text of a file, a chunk of a file read in turns, or the region an edit re-parsed).
   */
  private readonly src: string;
  private readonly srcStart: number;

  /**
   * `type`: the TY value, or undefined for a record of orphan tag lines. `start` and `startLine`
   * are the anchor: absolute, and the only numbers that change when the record moves. `src` is the
   * text parsed, in which the record starts at `start`.
   */
  constructor(
    readonly type: string | undefined,
    public start: number,
    public startLine: number,
    src: string,
  ) {
    this.src = src;
    this.srcStart = start;
  }

  get end(): number {
    return this.start + this.relEnd;
  }

  /**
   * The text the record was parsed from: character `i` of the document, for `i` in the record, is
   * `text[i - base]`, however far the record moved since (a document of another version, whose
   * text is not where the record now stands, never comes into it).
   */
  ownText(): { readonly text: string; readonly base: number } {
    return { text: this.src, base: this.start - this.srcStart };
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

  /** The value in memo slot `slot` (0 to {@link MEMO_SLOTS} - 1). */
  memoAt(slot: number): unknown {
    switch (slot) {
      case 0:
        return this.memo0;
      case 1:
        return this.memo1;
      case 2:
        return this.memo2;
      default:
        return this.memo3;
    }
  }

  /** Puts `value` in memo slot `slot` (0 to {@link MEMO_SLOTS} - 1). */
  setMemo(slot: number, value: unknown): void {
    switch (slot) {
      case 0:
        this.memo0 = value;
        break;
      case 1:
        this.memo1 = value;
        break;
      case 2:
        this.memo2 = value;
        break;
      default:
        this.memo3 = value;
    }
  }

  /** Moves the record by `dOffset` characters and `dLine` lines. */
  moveBy(dOffset: number, dLine: number): void {
    this.start += dOffset;
    this.startLine += dLine;
  }

  /**
   * The `length` characters at `relStart` (relative to the record) of the record's text: a view of
   * the text it was parsed from (V8 makes a substring of 13 characters or more a view), which lives
   * as long as the record does anyway.
   */
  slice(relStart: number, length: number): string {
    const s = this.srcStart + relStart;
    return this.src.substring(s, s + length);
  }

  /**
   * Where the record's first line ends (before its break), when its first field is a plain tag line
   * on that line (see {@link ParsedField.plainLineEnd}); -1 when only the text can tell.
   */
  firstLineEnd(): number {
    const f = this.fields[0];
    if (f === undefined || f.relLineStart !== 0) return -1;
    const end = f.plainLineEnd();
    return end < 0 ? -1 : this.start + end;
  }

  /** True when character `code` is among the `length` characters at `relStart` of the record's text. */
  includes(code: number, relStart: number, length: number): boolean {
    const src = this.src;
    const s = this.srcStart + relStart;
    for (let i = s; i < s + length; i++) if (src.charCodeAt(i) === code) return true;
    return false;
  }
}

// ---------------------------------------------------------------------------------------------
// Tag-line issues: a bit mask in the field, shared frozen arrays in the model.

/** Issue bits of a tag line (see {@link issuesFor}). */
export const ISSUE_INDENTED = 1;
export const ISSUE_LOWERCASE = 2;
export const ISSUE_LONG_TAG = 4;
export const ISSUE_SPACING = 8;
export const ISSUE_TAB = 16;
export const ISSUE_NO_SPACE = 32;

const ISSUE_ORDER: readonly [number, TagLineIssue][] = [
  [ISSUE_INDENTED, 'indented'],
  [ISSUE_LOWERCASE, 'lowercase-tag'],
  [ISSUE_LONG_TAG, 'long-tag'],
  [ISSUE_SPACING, 'separator-spacing'],
  [ISSUE_TAB, 'separator-tab'],
  [ISSUE_NO_SPACE, 'no-space-after-hyphen'],
];

const NO_ISSUES: readonly TagLineIssue[] = Object.freeze([]);
/** The one (frozen) continuation list of every field that has none. */
export const NO_CONTINUATIONS: readonly ContinuationLine[] = Object.freeze([]);
const ISSUE_ARRAYS: (readonly TagLineIssue[] | undefined)[] = new Array<readonly TagLineIssue[] | undefined>(64).fill(
  undefined,
);
ISSUE_ARRAYS[0] = NO_ISSUES;

/** The issues of a bit mask, in the order the parser reports them: one shared frozen array per mask. */
export function issuesFor(mask: number): readonly TagLineIssue[] {
  let a = ISSUE_ARRAYS[mask];
  if (a === undefined) {
    const list: TagLineIssue[] = [];
    for (const [bit, name] of ISSUE_ORDER) if ((mask & bit) !== 0) list.push(name);
    a = Object.freeze(list);
    ISSUE_ARRAYS[mask] = a;
  }
  return a;
}

// ---------------------------------------------------------------------------------------------
// Fields
//
// A 100k-record export has three million fields, nearly all of them one line of the form
// `XX  - value`, and every one of them survives the parse: their size is what the garbage
// collector pays for (each young object is copied twice before it settles). So a field keeps five
// properties: its record, its tag, its value (its length, the value being read from the record's
// text each time it is asked for: a parse makes no value string), its line start (relative
// to the record) and one small integer (`shape`) that packs the issue bits, the widths between line
// start, tag, separator, value and line end, and the line number relative to the record. Every
// other number is derived: the value on the tag line ends at `valueStart + value.length`. The rare
// field whose numbers do not fit in `shape`, or that has continuation lines, keeps its value and
// every offset in a {@link WideLayout} held where the value would be.

/** `shape` bits: issues 0-5, indentation 6-8, tag length minus 2 in 9-10, separator 11-13, trailing whitespace 14-16, line 17-29. */
const ISSUE_BITS = 63;
const SHAPE_INDENT_SHIFT = 6;
const SHAPE_TAG_SHIFT = 9;
const SHAPE_SEP_SHIFT = 11;
const SHAPE_TRAIL_SHIFT = 14;
const SHAPE_LINE_SHIFT = 17;
/** Largest indentation, separator and trailing whitespace a `shape` holds. */
const MAX_WIDTH = 7;
/** Largest line (relative to the record) a `shape` holds: 13 bits keep `shape` a small integer everywhere. */
const MAX_REL_LINE = 8191;

/** The value and offsets of a field whose layout does not fit in a `shape`, or that has continuation lines. */
class WideLayout {
  constructor(
    public value: string,
    readonly lineValue: string,
    public relLine: number,
    readonly relTagStart: number,
    readonly relTagEnd: number,
    readonly relValueStart: number,
    readonly relValueEnd: number,
    public relEnd: number,
    public relEndLine: number,
    public continuations: readonly ContinuationLine[],
  ) {}
}

/**
 * A field of a {@link ParsedRecord}; offsets and lines relative to the record's anchor. The getters
 * give the model's absolute numbers.
 *
 * The constructor is never called: {@link makeParsedField} writes each field as an object literal
 * with this class's prototype. V8 tracks where literals are allocated and, seeing that nearly all
 * of them survive, allocates them straight in the old generation ("pretenuring"), which it does
 * not do for `new`: the young-generation collections then stop copying three million fields
 * twice, which was most of a parse's time.
 */
export class ParsedField implements RisField {
  declare readonly rec: ParsedRecord;
  declare readonly tag: string;
  /** The value's length (the value is read from the record's text when asked for), or the wide layout that holds it. */
  private declare v: number | WideLayout;
  declare readonly relLineStart: number;
  private declare shape: number;

  private constructor() {}

  get value(): string {
    const v = this.v;
    return typeof v === 'number' ? this.load(v) : v.value;
  }
  get lineValue(): string {
    const v = this.v;
    return typeof v === 'number' ? this.load(v) : v.lineValue;
  }
  /**
   * Reads the value (of `length` characters) from the record's text, again each time: a view of
   * that text costs one small object, which dies young when the caller does not keep it, where
   * keeping it in the field made every value that the first validation of an export read (a million
   * author names at 100k records) survive into the old generation, copied twice on its way.
   */
  private load(length: number): string {
    return length === 0 ? '' : this.rec.slice(this.relValueStart, length);
  }
  /** True when the value holds character `code`, told without making the value a string when it is on its tag line. */
  valueIncludes(code: number): boolean {
    const v = this.v;
    return typeof v === 'number' ? this.rec.includes(code, this.relValueStart, v) : v.value.includes(String.fromCharCode(code));
  }
  /** Tag line minus the record's first line. */
  private get relLine(): number {
    const v = this.v;
    return typeof v !== 'object' ? this.shape >>> SHAPE_LINE_SHIFT : v.relLine;
  }
  get line(): number {
    return this.rec.startLine + this.relLine;
  }
  /** Last line minus the record's first line. */
  get relEndLine(): number {
    const v = this.v;
    return typeof v !== 'object' ? this.shape >>> SHAPE_LINE_SHIFT : v.relEndLine;
  }
  get endLine(): number {
    return this.rec.startLine + this.relEndLine;
  }
  get lineStart(): number {
    return this.rec.start + this.relLineStart;
  }
  private get relTagStart(): number {
    const v = this.v;
    return typeof v !== 'object' ? this.relLineStart + ((this.shape >>> SHAPE_INDENT_SHIFT) & MAX_WIDTH) : v.relTagStart;
  }
  private get relTagEnd(): number {
    const v = this.v;
    return typeof v !== 'object' ? this.relTagStart + 2 + ((this.shape >>> SHAPE_TAG_SHIFT) & 3) : v.relTagEnd;
  }
  private get relValueStart(): number {
    const v = this.v;
    return typeof v !== 'object' ? this.relTagEnd + ((this.shape >>> SHAPE_SEP_SHIFT) & MAX_WIDTH) : v.relValueStart;
  }
  private get relValueEnd(): number {
    const v = this.v;
    if (typeof v === 'object') return v.relValueEnd;
    return this.relValueStart + v;
  }
  /** End of the last line minus the record's start. */
  get relEnd(): number {
    const v = this.v;
    return typeof v !== 'object' ? this.relValueEnd + ((this.shape >>> SHAPE_TRAIL_SHIFT) & MAX_WIDTH) : v.relEnd;
  }
  /**
   * For a field that is one tag line the parser read without tolerating anything (no issue, no
   * continuation line, its numbers held in `shape`): the end of that line (before its break),
   * relative to the record. -1 for any other field.
   */
  plainLineEnd(): number {
    const v = this.v;
    return typeof v === 'number' && (this.shape & ISSUE_BITS) === 0 ? this.relEnd : -1;
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
  get continuations(): readonly ContinuationLine[] {
    const v = this.v;
    return typeof v !== 'object' ? NO_CONTINUATIONS : v.continuations;
  }
  get issues(): readonly TagLineIssue[] {
    return issuesFor(this.shape & ISSUE_BITS);
  }

  /** Sets the tag line and the last line to `relLine` (relative); continuation lines keep theirs. */
  pinLine(relLine: number): void {
    const w = this.widen();
    w.relLine = relLine;
    w.relEndLine = relLine;
  }

  /**
   * Appends continuation line `c`, whose trimmed text is `part`, to the field: the value grows by
   * `part` (after a space, or a paragraph break when `afterBlank`), and the field now ends at `relEnd`
   * on line `relEndLine` (both relative to the record).
   */
  addContinuation(c: ContinuationLine, part: string, afterBlank: boolean, relEnd: number, relEndLine: number): void {
    const w = this.widen();
    if (w.continuations === NO_CONTINUATIONS) w.continuations = [c];
    else (w.continuations as ContinuationLine[]).push(c);
    w.relEnd = relEnd;
    w.relEndLine = relEndLine;
    w.value = w.value.length === 0 ? part : w.value + (afterBlank ? '\n\n' : ' ') + part;
  }

  /** The field's wide layout, made from `shape` when the field has none yet. */
  private widen(): WideLayout {
    const v = this.v;
    if (typeof v === 'object') return v;
    const value = this.value;
    const line = this.relLine;
    const w = new WideLayout(value, value, line, this.relTagStart, this.relTagEnd, this.relValueStart, this.relValueEnd, this.relEnd, line, NO_CONTINUATIONS);
    this.v = w;
    this.shape &= ISSUE_BITS;
    return w;
  }
}

const FIELD_PROTO: object = ParsedField.prototype;

/** The properties of a field, in the order every field literal writes them (one hidden class). */
interface FieldData {
  readonly rec: ParsedRecord;
  readonly tag: string;
  readonly v: number | WideLayout;
  readonly relLineStart: number;
  readonly shape: number;
}

/** A field literal with {@link ParsedField}'s prototype (see there why a literal). */
function fieldLiteral(rec: ParsedRecord, tag: string, v: number | WideLayout, relLineStart: number, shape: number): ParsedField {
  const data: FieldData & { __proto__: object } = { __proto__: FIELD_PROTO, rec, tag, v, relLineStart, shape };
  return data as unknown as ParsedField;
}

/**
 * A field of record `rec` on line `relLine` (relative to the record): its tag line starts at
 * `relLineStart` and ends at `relEnd`, the tag runs `[relTagStart, relTagEnd)` and the value, the
 * trimmed text of `[relValueStart, relValueStart + valueLength)`, follows the separator; `issueMask`
 * holds the issue bits. Offsets are relative to `rec.start`. The value is read from the record's
 * text when asked for: most values of a large export are never read (validation looks at
 * tags and a few values), and three million strings made in the parse were most of what its
 * garbage collections copied.
 */
export function makeParsedField(
  rec: ParsedRecord,
  tag: string,
  valueLength: number,
  relLine: number,
  relLineStart: number,
  relTagStart: number,
  relTagEnd: number,
  relValueStart: number,
  relEnd: number,
  issueMask: number,
): ParsedField {
  const indent = relTagStart - relLineStart;
  const tagExtra = relTagEnd - relTagStart - 2;
  const sep = relValueStart - relTagEnd;
  const relValueEnd = relValueStart + valueLength;
  const trail = relEnd - relValueEnd;
  if (indent <= MAX_WIDTH && tagExtra >= 0 && tagExtra <= 2 && sep <= MAX_WIDTH && trail <= MAX_WIDTH && relLine <= MAX_REL_LINE) {
    const shape =
      issueMask |
      (indent << SHAPE_INDENT_SHIFT) |
      (tagExtra << SHAPE_TAG_SHIFT) |
      (sep << SHAPE_SEP_SHIFT) |
      (trail << SHAPE_TRAIL_SHIFT) |
      (relLine << SHAPE_LINE_SHIFT);
    return fieldLiteral(rec, tag, valueLength, relLineStart, shape);
  }
  const value = valueLength === 0 ? '' : rec.slice(relValueStart, valueLength);
  const wide = new WideLayout(value, value, relLine, relTagStart, relTagEnd, relValueStart, relValueEnd, relEnd, relLine, NO_CONTINUATIONS);
  return fieldLiteral(rec, tag, wide, relLineStart, issueMask);
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

/** True when `f`'s value holds character `code` (read in place for a field of the parser). */
export function valueIncludes(f: RisField, code: number): boolean {
  return f instanceof ParsedField ? f.valueIncludes(code) : f.value.includes(String.fromCharCode(code));
}

/** True when `r` came from the parser (so it can be moved without copying). */
export function isParsedRecord(r: RisRecord): r is ParsedRecord {
  return r instanceof ParsedRecord;
}
