/**
 * The data model shared by the whole core: what the RIS parser produces and what validation,
 * formatting, the library index and the VS Code adapters consume.
 *
 * Every position is a UTF-16 offset into the parsed text (the same units as
 * `vscode.TextDocument.offsetAt`), and every line number is 0-based. Lines end at `\r\n`, `\n`
 * or a bare `\r`, exactly as VS Code splits a document into lines, so a line number computed
 * here is the line VS Code shows.
 */

import type { OffsetRange } from '../text/edits';

/** How a tag line departs from the canonical `XX  - value` form. */
export type TagLineIssue =
  /** One space (or three or more) between tag and hyphen: `TY - JOUR`. */
  | 'separator-spacing'
  /** A tab in the separator: `A1\t- Name`. */
  | 'separator-tab'
  /** No space between the hyphen and the value: `AU  -Doe`. */
  | 'no-space-after-hyphen'
  /** The tag is written in lower case: `au  - Doe`. */
  | 'lowercase-tag'
  /** Whitespace (or a stray byte-order mark) before the tag. */
  | 'indented'
  /** A tag longer than two characters, such as `PMID  - `. */
  | 'long-tag';

/** One untagged line that continues the value of the field above it. */
export interface ContinuationLine extends OffsetRange {
  /** 0-based line number. */
  readonly line: number;
  /** Start of the physical line (before any indentation). */
  readonly lineStart: number;
  /** True when one or more blank lines separate it from the line above (a paragraph break). */
  readonly afterBlank: boolean;
}

/** One tagged line of a record, with its continuation lines. */
export interface RisField {
  /** The tag as the specification spells it: upper-cased, e.g. `AU`, `PMID`. */
  readonly tag: string;
  /** The value on the tag line, without surrounding whitespace. */
  readonly lineValue: string;
  /**
   * The full logical value: the tag line's value followed by each continuation line, trimmed,
   * joined with a single space (a blank-line paragraph break joins with `\n\n`).
   */
  readonly value: string;
  /** 0-based line number of the tag line. */
  readonly line: number;
  /** Offset where the tag line starts (column 0). */
  readonly lineStart: number;
  /**
   * Offsets of the tag characters as written: `[tagStart, tagEnd)`. The separator (`  - `) is
   * `[tagEnd, valueStart)`. Positions are plain numbers rather than span objects: a 100k-record
   * export has millions of fields, and three objects fewer per field halve the parser's garbage.
   * {@link tagSpan}, {@link separatorSpan} and {@link valueSpan} build spans where one is wanted.
   */
  readonly tagStart: number;
  readonly tagEnd: number;
  /** Offsets of the value on the tag line, trimmed: `[valueStart, valueEnd)`; equal for an empty value. */
  readonly valueStart: number;
  readonly valueEnd: number;
  /** Offset of the end of the field's last physical line, before its line break. */
  readonly end: number;
  /** 0-based line number of the field's last physical line. */
  readonly endLine: number;
  /** Untagged lines that continue this field's value, in order; empty when there are none. */
  readonly continuations: readonly ContinuationLine[];
  /** Ways this tag line departs from `XX  - value`; empty for a well-formed line. */
  readonly issues: readonly TagLineIssue[];
}

/** One reference: from its `TY` line (or first tag line) to its `ER` line. */
export interface RisRecord {
  /** Position of the record in the file, 0-based. */
  readonly index: number;
  /** The `TY` value (upper-cased, trimmed), or undefined when the record has no `TY` line. */
  readonly type: string | undefined;
  /** Every tag line of the record except `ER`, in file order; includes `TY` when present. */
  readonly fields: readonly RisField[];
  /** The `ER` line, or undefined when the record is not closed. */
  readonly endTag: RisField | undefined;
  /** Offset of the start of the record's first line. */
  readonly start: number;
  /**
   * Offset of the end of the record's last line (the `ER` line, or the last line of its last
   * field when it has no `ER`), before the line break.
   */
  readonly end: number;
  /** 0-based line of the first line. */
  readonly startLine: number;
  /** 0-based line of the last line. */
  readonly endLine: number;
  /** 0-based line numbers of blank lines that lie between two lines of this record. */
  readonly blankLines: readonly number[];
  /**
   * Why the record ended without `ER`: the next record's `TY` started (`next-type`) or the
   * file ended (`end-of-file`); undefined when it has an `ER`.
   */
  readonly unterminated: 'next-type' | 'end-of-file' | undefined;
}

/** What a non-blank line outside every record looks like. */
export type OutsideKind =
  /** A line that is not a tag line (a vendor header, `1.` numbering, a link line). */
  | 'text'
  /** A tag line that belongs to no record (e.g. Ovid's `NL  - ` after `ER`). */
  | 'tag'
  /** An `ER` line with no open record. */
  | 'end-without-start';

/** A non-blank line outside every record. */
export interface OutsideLine extends OffsetRange {
  readonly kind: OutsideKind;
  /** 0-based line number. */
  readonly line: number;
  /** Offset where the physical line starts. */
  readonly lineStart: number;
  /** True when the line comes before the first record. */
  readonly beforeFirstRecord: boolean;
}

/** The line-ending style of a text. `mixed` when more than one kind occurs. */
export type LineEnding = '\n' | '\r\n' | '\r' | 'mixed' | 'none';

/** The result of parsing one RIS text. The parser never throws; everything odd is recorded here. */
export interface RisDocument {
  /** The text that was parsed (a leading byte-order mark included, if the text had one). */
  readonly text: string;
  /** Records in file order. */
  readonly records: readonly RisRecord[];
  /** Non-blank lines that belong to no record, in file order. */
  readonly outside: readonly OutsideLine[];
  /** True when the text starts with U+FEFF. */
  readonly bom: boolean;
  /** The dominant line ending, and whether endings are mixed. */
  readonly lineEnding: LineEnding;
  /** The line ending to use when writing new lines into this text (the most frequent one, `\n` when none). */
  readonly newline: '\n' | '\r\n' | '\r';
  /** Number of lines (a text without line breaks has one line). */
  readonly lineCount: number;
  /** True when the text does not end with a line break. */
  readonly missingFinalNewline: boolean;
  /** Offsets of bare CR line breaks inside otherwise LF or CRLF text (Web of Science writes them). */
  readonly strayCarriageReturns: readonly number[];
}

/** How bytes were turned into text. */
export type TextEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'windows-1252';

/** The result of decoding a file's bytes. */
export interface DecodedText {
  readonly text: string;
  readonly encoding: TextEncoding;
  /** True when the bytes were not valid in the expected encoding and a fallback was used. */
  readonly fallback: boolean;
  /** Number of U+FFFD replacement characters in the decoded text. */
  readonly replacementCharacters: number;
}

/**
 * True when the field's value is not empty, told from its offsets (a continuation line is never
 * blank), so that a value is not read from the text to learn only that.
 */
export function hasValue(field: RisField): boolean {
  return field.valueEnd > field.valueStart || field.continuations.length > 0;
}

/** The range of a field's tag characters. */
export function tagSpan(field: RisField): OffsetRange {
  return { start: field.tagStart, end: field.tagEnd };
}

/** The range of a field's separator (`  - `), between the tag and the value. */
export function separatorSpan(field: RisField): OffsetRange {
  return { start: field.tagEnd, end: field.valueStart };
}

/** The range of a field's value on its tag line (trimmed). */
export function valueSpan(field: RisField): OffsetRange {
  return { start: field.valueStart, end: field.valueEnd };
}
