/**
 * The RIS parser: one pass over a string that turns it into a {@link RisDocument}.
 *
 * Design notes (this is the hot path of the whole extension):
 * - Lines are found with `indexOf('\n')` and `indexOf('\r')` cursors, so `\r\n`, `\n` and a bare `\r`
 *   each end a line, exactly as VS Code splits a document. U+2028/U+2029 do not end a line.
 * - A line is classified by reading a handful of character codes; no regular expression, no
 *   `split`, no closure per line. The result of classifying a tag line goes into module-level
 *   scratch variables, so classification allocates nothing.
 * - Every object of a kind is created by one function with its properties in one order, so the
 *   objects stay monomorphic. A field is five properties, its widths and line packed into one
 *   integer, written as a literal that V8 can allocate straight in the old generation (see
 *   `records.ts`); fields without continuations (or issues) share one frozen empty array; the
 *   two-character tags are interned, so `tag` strings are shared; a value is read from the text
 *   when first asked for, not during the parse.
 * - "Whitespace" everywhere means what `String.prototype.trim` removes (space, tab, VT, FF, NBSP,
 *   U+FEFF, the Unicode space separators, U+2028/U+2029). A blank line is a line of whitespace only.
 * - The parser never throws: every input, however odd, produces a document in which each non-blank
 *   line is accounted for exactly once (a field's tag line, a continuation line, an `ER` line, or an
 *   outside line).
 */

import type { OutsideKind, OutsideLine, RisDocument, TagLineIssue } from './model';
import {
  ISSUE_INDENTED,
  ISSUE_LONG_TAG,
  ISSUE_LOWERCASE,
  ISSUE_NO_SPACE,
  ISSUE_SPACING,
  ISSUE_TAB,
  issuesFor,
  makeParsedField,
  ParsedContinuation,
  type ParsedField,
  ParsedRecord,
} from './records';
import { makeDocument, type LineBreakCounts } from './parsedDocument';

export type { LineBreakCounts };
import { isRisWhitespace } from '../text/chars';

export { isRisWhitespace };


/**
 * Every tag of `../shared/ris-spec/ris-tags.tsv` (104 tags). The parser only needs membership: a
 * lower-case tag line is accepted when its upper-cased tag is in this set.
 */
const KNOWN_TAGS: ReadonlySet<string> = new Set(
  (
    'A1 A2 A3 A4 AB AD AI AN AU AV BT C1 C2 C3 C4 C5 C6 C7 C8 CA CC CN CP CT CY DA DB DI DO DP ED EP ER ' +
    'ET FU FX H1 H2 ID IS J1 J2 J9 JA JF JI JO KW L1 L2 L3 L4 LA LB LK M1 M2 M3 M4 MA N1 N2 NL NS NV ' +
    'OP PA PB PD PG PI PMID PP PT PU PY RI RN RP SE SN SO SP ST SV T1 T2 T3 TA TI TS TT TY U1 U2 U3 U4 ' +
    'U5 UR VL VO WE Y1 Y2'
  ).split(' '),
);

/**
 * The tags of the RIS specifications themselves (old RefMan spec and 2011 spec), i.e. the known tags
 * minus the vendor-specific ones (`AI NL PT WE VO ...`). A tag line whose separator is not the
 * canonical two spaces (`TY - JOUR`, `A1\t- Name`) is accepted only for these tags: a wrapped
 * abstract line such as `AI - based methods` must stay a continuation line, and the exporters that
 * write odd separators (EndNote, hand-made files) only use specification tags.
 */
const LENIENT_SEPARATOR_TAGS: ReadonlySet<string> = (() => {
  const vendor = new Set(
    'AI CC DI FU FX H1 H2 J9 JI LK M4 MA NL NS PA PD PG PI PMID PP PT PU SO TS VO WE'.split(' '),
  );
  const out = new Set<string>();
  for (const t of KNOWN_TAGS) if (!vendor.has(t)) out.add(t);
  return out;
})();

// ---------------------------------------------------------------------------------------------
// Character classes

/** `[A-Z0-9]` */
function isUpperOrDigit(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
}

/** `[A-Za-z]` */
function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

// ---------------------------------------------------------------------------------------------
// Interned two-character tags: index (c0 - 'A') * 36 + (c1 digit ? c1 - '0' : c1 - 'A' + 10).

const TAG_CACHE: (string | undefined)[] = new Array<string | undefined>(26 * 36).fill(undefined);

function internTag(c0: number, c1: number): string {
  const i = (c0 - 65) * 36 + (c1 <= 57 ? c1 - 48 : c1 - 55);
  let s = TAG_CACHE[i];
  if (s === undefined) {
    // A property key is internalized, so the cached tag compares with `'TY'`-style literals (here
    // and in every consumer) by pointer.
    s = Object.keys({ [String.fromCharCode(c0, c1)]: 0 })[0]!;
    TAG_CACHE[i] = s;
  }
  return s;
}

// ---------------------------------------------------------------------------------------------
// Tag-line scanning. `scanTagLine` fills these scratch variables when it returns true.

let sTag = '';
let sTagEnd = 0;
let sValueStart = 0;
let sValueEnd = 0;
let sIssues = 0;

/**
 * Reads the hyphen's right side: whitespace (or nothing) then the value. `h` is the offset just after
 * the hyphen. With `allowGlued`, a value glued to the hyphen (`AU  -Doe`) is accepted and flagged.
 * Returns false when the line is not a tag line after all.
 */
function scanAfterHyphen(text: string, h: number, le: number, allowGlued: boolean): boolean {
  let vs = h;
  if (h < le) {
    const c = text.charCodeAt(h);
    if (c === 32) {
      vs = h + 1;
    } else if (isRisWhitespace(c)) {
      if (c === 9) sIssues |= ISSUE_TAB;
      vs = h + 1;
    } else if (allowGlued) {
      sIssues |= ISSUE_NO_SPACE;
    } else {
      return false;
    }
    // Further whitespace before the value (`TY  -  JOUR`) is part of the separator, not an issue.
    while (vs < le) {
      const d = text.charCodeAt(vs);
      if (d === 32) {
        vs++;
      } else if (isRisWhitespace(d)) {
        if (d === 9) sIssues |= ISSUE_TAB;
        vs++;
      } else {
        break;
      }
    }
  }
  let ve = le;
  while (ve > vs && isRisWhitespace(text.charCodeAt(ve - 1))) ve--;
  sValueStart = vs;
  sValueEnd = ve;
  return true;
}

/**
 * Classifies the line `[p, le)` where `p` is its first non-whitespace character. Returns true for a
 * tag line and fills `sTag`, `sTagEnd`, `sValueStart`, `sValueEnd` and `sIssues` (without the
 * `indented` bit, which the caller knows). Never reads past `le`: the character at `le` is a line
 * break or the end of the text, which fails every test below.
 */
function scanTagLine(text: string, p: number, le: number): boolean {
  sIssues = 0;
  const c0 = text.charCodeAt(p);
  const c1 = text.charCodeAt(p + 1);
  if (c0 >= 65 && c0 <= 90 && isUpperOrDigit(c1)) {
    const c2 = text.charCodeAt(p + 2);
    if (c2 === 32 && text.charCodeAt(p + 3) === 32 && text.charCodeAt(p + 4) === 45) {
      // Canonical `XX  -`.
      sTag = internTag(c0, c1);
      sTagEnd = p + 2;
      return scanAfterHyphen(text, p + 5, le, true);
    }
    if (c2 === 32 || c2 === 9) return scanOddSeparator(text, p, le, internTag(c0, c1));
    if (c0 >= 65 && c0 <= 90 && c1 >= 65 && c1 <= 90 && isUpperOrDigit(c2)) {
      // Possibly a 3- or 4-character tag: `ABC  -` or `PMID  -`.
      const c3 = text.charCodeAt(p + 3);
      let n = 3;
      if (isUpperOrDigit(c3)) n = 4;
      if (
        text.charCodeAt(p + n) === 32 &&
        text.charCodeAt(p + n + 1) === 32 &&
        text.charCodeAt(p + n + 2) === 45
      ) {
        sIssues = ISSUE_LONG_TAG;
        if (!scanAfterHyphen(text, p + n + 3, le, false)) return false;
        sTag = text.substring(p, p + n);
        sTagEnd = p + n;
        return true;
      }
    }
    return false;
  }
  if (isLetter(c0) && (isLetter(c1) || (c1 >= 48 && c1 <= 57))) {
    // Lower (or mixed) case: only `xx  -` with a known upper-cased tag.
    if (text.charCodeAt(p + 2) === 32 && text.charCodeAt(p + 3) === 32 && text.charCodeAt(p + 4) === 45) {
      const upper = text.substring(p, p + 2).toUpperCase();
      if (!KNOWN_TAGS.has(upper)) return false;
      sIssues = ISSUE_LOWERCASE;
      if (!scanAfterHyphen(text, p + 5, le, false)) return false;
      sTag = internTag(upper.charCodeAt(0), upper.charCodeAt(1));
      sTagEnd = p + 2;
      return true;
    }
  }
  return false;
}

/**
 * A two-character tag followed by spaces and/or tabs that are not exactly two spaces, then a hyphen:
 * `TY - JOUR`, `TY   - JOUR`, `A1\t- Name`, `ID \t- X`. Accepted only for specification tags.
 */
function scanOddSeparator(text: string, p: number, le: number, tag: string): boolean {
  let q = p + 2;
  let tab = false;
  while (q < le) {
    const c = text.charCodeAt(q);
    if (c === 32) q++;
    else if (c === 9) {
      tab = true;
      q++;
    } else break;
  }
  if (q >= le || text.charCodeAt(q) !== 45) return false;
  if (!LENIENT_SEPARATOR_TAGS.has(tag)) return false;
  sIssues = tab ? ISSUE_TAB : ISSUE_SPACING;
  if (!scanAfterHyphen(text, q + 1, le, false)) return false;
  sTag = tag;
  sTagEnd = p + 2;
  return true;
}

/** What {@link parseTagLine} reports about one tag line. Offsets are relative to the line. */
export interface TagLineInfo {
  /** The tag, upper-cased. */
  readonly tag: string;
  /** Where the tag starts (after any indentation). */
  readonly tagStart: number;
  /** Where the tag ends; the separator runs from here to `valueStart`. */
  readonly tagEnd: number;
  /** Start of the trimmed value (the line length when the value is empty). */
  readonly valueStart: number;
  /** End of the trimmed value. */
  readonly valueEnd: number;
  /** The trimmed value. */
  readonly value: string;
  /** Ways the line departs from `XX  - value`, in the order the parser reports them. */
  readonly issues: readonly TagLineIssue[];
}

/**
 * Classifies one line (without its line break) exactly as {@link parseRis} does: returns the tag,
 * the value and the issues when it is a tag line, or undefined for a blank or untagged line. A
 * leading U+FEFF counts as indentation here (only the parser knows whether it is the file's BOM).
 */
export function parseTagLine(line: string): TagLineInfo | undefined {
  const le = line.length;
  let p = 0;
  while (p < le && isRisWhitespace(line.charCodeAt(p))) p++;
  if (p === le || !scanTagLine(line, p, le)) return undefined;
  const mask = sIssues | (p > 0 ? ISSUE_INDENTED : 0);
  return {
    tag: sTag,
    tagStart: p,
    tagEnd: sTagEnd,
    valueStart: sValueStart,
    valueEnd: sValueEnd,
    value: line.substring(sValueStart, sValueEnd),
    issues: issuesFor(mask),
  };
}

/** True when `line` (without its line break) holds only whitespace (see {@link isRisWhitespace}). */
export function isBlankLine(line: string): boolean {
  for (let i = 0; i < line.length; i++) if (!isRisWhitespace(line.charCodeAt(i))) return false;
  return true;
}

// ---------------------------------------------------------------------------------------------
// Object factories (one shape each).

function makeField(rec: ParsedRecord, line: number, lineStart: number, tagStart: number, le: number, issueMask: number): ParsedField {
  const o = rec.start;
  return makeParsedField(rec, sTag, sValueEnd - sValueStart, line - rec.startLine, lineStart - o, tagStart - o, sTagEnd - o, sValueStart - o, le - o, issueMask);
}

function makeOutside(
  start: number,
  end: number,
  kind: OutsideKind,
  line: number,
  lineStart: number,
  beforeFirstRecord: boolean,
): OutsideLine {
  return { start, end, kind, line, lineStart, beforeFirstRecord };
}

/** End of the trimmed content of a tag line: the value, or the separator without its trailing spaces. */
function tagLineContentEnd(text: string, tagEnd: number, valueStart: number, valueEnd: number): number {
  if (valueEnd > valueStart) return valueEnd;
  let e = valueStart;
  while (e > tagEnd && isRisWhitespace(text.charCodeAt(e - 1))) e--;
  return e;
}

/** Ends a record that has no `ER` at its last non-blank line and appends it to `records`. */
function closeRecord(records: ParsedRecord[], r: ParsedRecord, last: ParsedField | null, why: 'next-type' | 'end-of-file', indexBase: number): void {
  // `last` is never null for a TY-started record; the fallback keeps the types honest.
  r.relEnd = last !== null ? last.relEnd : 0;
  r.relEndLine = last !== null ? last.relEndLine : 0;
  r.unterminated = why;
  r.index = indexBase + records.length;
  records.push(r);
}

/**
 * Turns a pending record of orphan tag lines (no TY, and no ER came) into outside lines, in file
 * order: tag lines as `tag`, their continuation lines as `text`.
 */
function flushPending(text: string, r: ParsedRecord, outside: OutsideLine[], before: boolean): void {
  for (const f of r.fields) {
    const end = tagLineContentEnd(text, f.tagEnd, f.valueStart, f.valueEnd);
    outside.push(makeOutside(f.tagStart, end, 'tag', f.line, f.lineStart, before));
    for (const c of f.continuations) {
      outside.push(makeOutside(c.start, c.end, 'text', c.line, c.lineStart, before));
    }
  }
}

/** Moves the blank lines seen since the record's last line into the record (relative to its first line). */
function commitBlanks(r: ParsedRecord, blanks: number[]): void {
  const base = r.startLine;
  const list = r.relBlankLines.length === 0 ? [] : (r.relBlankLines as number[]);
  for (const b of blanks) list.push(b - base);
  r.relBlankLines = list;
  blanks.length = 0;
}

// ---------------------------------------------------------------------------------------------

/** Where {@link parseRis} starts and stops, for parsing one part of a larger text. */
export interface ParseRange {
  /** Offset of a line start where parsing begins (default 0); positions stay offsets into `text`. */
  readonly start?: number;
  /** Offset where the text is taken to end (default `text.length`). */
  readonly end?: number;
  /** Line number of the line at `start` (default 0). */
  readonly line?: number;
  /** Number of records before `start`: the index of the first record parsed (default 0). */
  readonly records?: number;
  /**
   * The offset of the first `\r` at or after `start` (-1 for none), when the caller knows it: a part
   * of a large text without one would otherwise search for it to the end of the whole text.
   */
  readonly nextCarriageReturn?: number;
  /**
   * False when `text` is a part of a document that does not start where `text` starts (the
   * incremental re-parse of a region): a U+FEFF at its start is then not a byte-order mark.
   * Default true.
   */
  readonly textStart?: boolean;
}

/** A document and the line-break counts it was computed from. */
export interface ParseResult {
  readonly doc: RisDocument;
  readonly breaks: LineBreakCounts;
}

/**
 * Parses a RIS text into records, fields, continuation lines and outside lines, with exact spans
 * for every piece. Never throws and never loses a line: every non-blank line of `text` ends up in
 * exactly one place (a field's tag line, one of its continuations, a record's `ER` line, or
 * `outside`). A leading U+FEFF is reported as `bom` and is not part of any record's span.
 *
 * With a `range`, only `[range.start, range.end)` of `text` is parsed, as if it were the whole
 * text, but every offset stays an offset into `text` and line numbers and record indexes start at
 * `range.line` and `range.records`: a slice of a larger file needs no shifting afterwards.
 */
export function parseRis(text: string, range?: ParseRange): RisDocument {
  return parseRisCounted(text, range).doc;
}

/** {@link parseRis}, also returning the line-break counts (for the incremental re-parse). */
export function parseRisCounted(text: string, range: ParseRange = {}): ParseResult {
  const from = range.start ?? 0;
  const len = range.end ?? text.length;
  const indexBase = range.records ?? 0;
  const bom = from === 0 && range.textStart !== false && len > 0 && text.charCodeAt(0) === 0xfeff;

  const records: ParsedRecord[] = [];
  const outside: OutsideLine[] = [];
  const bareCRs: number[] = [];
  let nLF = 0;
  let nCRLF = 0;
  let nCR = 0;

  // The open record (started by TY), or the pending record of orphan tag lines (`pending`), which
  // becomes a record only when an ER closes it, and outside lines otherwise.
  let cur: ParsedRecord | null = null;
  let pending = false;
  let lastField: ParsedField | null = null;
  // Blank lines seen since the last non-blank line of `cur`.
  const blanks: number[] = [];

  let nextLF = -1;
  let nextCR = range.nextCarriageReturn === undefined ? -1 : range.nextCarriageReturn < 0 ? len : Math.min(range.nextCarriageReturn, len);
  let ls = from;
  let line = range.line ?? 0;

  for (;;) {
    // ---- find the end of the line [ls, le) and the start of the next one
    if (nextLF < ls) {
      nextLF = text.indexOf('\n', ls);
      if (nextLF < 0 || nextLF > len) nextLF = len;
    }
    if (nextCR < ls) {
      nextCR = text.indexOf('\r', ls);
      if (nextCR < 0 || nextCR > len) nextCR = len;
    }
    let le: number;
    let next: number;
    if (nextCR < nextLF) {
      le = nextCR;
      if (nextCR + 1 === nextLF && nextLF < len) {
        nCRLF++;
        next = nextLF + 1;
      } else {
        nCR++;
        bareCRs.push(nextCR);
        next = nextCR + 1;
      }
    } else if (nextLF < len) {
      le = nextLF;
      nLF++;
      next = nextLF + 1;
    } else {
      le = len;
      next = -1;
    }

    // ---- classify the line
    const cs = ls === 0 && bom ? 1 : ls; // content start: the BOM is not part of line 0's content
    let p = cs;
    let c = p < le ? text.charCodeAt(p) : -1;
    let isTag = false;
    let blank = false;
    if (c >= 65 && c <= 90) {
      isTag = scanTagLine(text, p, le);
    } else {
      while (p < le && isRisWhitespace(text.charCodeAt(p))) p++;
      if (p >= le) blank = true;
      else {
        c = text.charCodeAt(p);
        if (isLetter(c)) isTag = scanTagLine(text, p, le);
      }
    }

    if (isTag) {
      const issues = p > cs ? sIssues | ISSUE_INDENTED : sIssues;
      const tag = sTag;
      if (tag === 'TY') {
        if (cur !== null) {
          if (pending) flushPending(text, cur, outside, indexBase + records.length === 0);
          else closeRecord(records, cur, lastField, 'next-type', indexBase);
        }
        blanks.length = 0;
        const type = sValueStart === sValueEnd ? '' : text.substring(sValueStart, sValueEnd).toUpperCase();
        cur = new ParsedRecord(type, cs, line, text);
        pending = false;
        const field = makeField(cur, line, ls, p, le, issues);
        cur.fields.push(field);
        lastField = field;
      } else if (tag === 'ER') {
        if (cur !== null) {
          if (blanks.length > 0) commitBlanks(cur, blanks);
          cur.endTag = makeField(cur, line, ls, p, le, issues);
          cur.relEnd = le - cur.start;
          cur.relEndLine = line - cur.startLine;
          cur.index = indexBase + records.length;
          records.push(cur);
          cur = null;
          pending = false;
          lastField = null;
        } else {
          const end = tagLineContentEnd(text, sTagEnd, sValueStart, sValueEnd);
          outside.push(makeOutside(p, end, 'end-without-start', line, ls, indexBase + records.length === 0));
        }
      } else {
        if (cur === null) {
          cur = new ParsedRecord(undefined, cs, line, text);
          pending = true;
        } else if (blanks.length > 0) {
          commitBlanks(cur, blanks);
        }
        const field = makeField(cur, line, ls, p, le, issues);
        cur.fields.push(field);
        lastField = field;
      }
    } else if (!blank) {
      let e = le;
      while (e > p && isRisWhitespace(text.charCodeAt(e - 1))) e--;
      if (cur !== null && lastField !== null) {
        const afterBlank = blanks.length > 0;
        if (afterBlank) commitBlanks(cur, blanks);
        const o = cur.start;
        const relLine = line - cur.startLine;
        const cont = new ParsedContinuation(cur, p - o, e - o, relLine, ls - o, afterBlank);
        lastField.addContinuation(cont, cur.slice(p - o, e - p), afterBlank, le - o, relLine);
      } else {
        outside.push(makeOutside(p, e, 'text', line, ls, indexBase + records.length === 0));
      }
    } else if (cur !== null) {
      blanks.push(line);
    }

    if (next < 0) break;
    ls = next;
    line++;
  }

  if (cur !== null) {
    if (pending) flushPending(text, cur, outside, indexBase + records.length === 0);
    else closeRecord(records, cur, lastField, 'end-of-file', indexBase);
  }

  const breaks: LineBreakCounts = { lf: nLF, crlf: nCRLF, cr: nCR, bareCRs };
  const last = len > from ? text.charCodeAt(len - 1) : -1;
  const doc = makeDocument(text, records, outside, bom, breaks, line + 1, len > from && last !== 10 && last !== 13);
  return { doc, breaks };
}
