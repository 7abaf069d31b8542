/**
 * Validation: turns a parsed {@link RisDocument} into diagnostics with stable codes
 * (see `diagnostics.ts`), messages in the user's terms, and the data the quick fixes need.
 *
 * Performance: one pass over records and fields. A clean field allocates nothing; values are only
 * sliced or scanned for the few tags that have a rule (dates, DOI, SN, pages, ID), with hand-written
 * scanners (no backtracking regular expressions). The benchmark budget is "validation ≤ 2× parse
 * time" on 100k records. The citation-key rules (`ris.uncitable-key`, on by default) add one
 * `assignPandocKeys` pass over the file, skipped when both key rules are ignored.
 */

import {
  DEFAULT_SEVERITIES,
  DiagnosticCode,
  capSeverity,
  type Severity,
} from './codes';
import { assignPandocKeys, type KeyedRecord } from '../keys/pandocKeys';
import { formatCitationKey } from '../keys/keySyntax';
import { cachedDuplicateKeys, duplicateKeysFrom, yearIn, type DuplicateLookup } from './duplicateIndex';
import { keyDiagnostics } from './rules/keyRules';
import type { DecodedText, OutsideLine, RisDocument, RisField, RisRecord, TagLineIssue } from '../ris/model';
import { parseTagLine } from '../ris/parser';
import { getTypeInfo, isKnownTag, isKnownType, isRepeatableTag, isStandardType, isVendorTag, nearestType } from '../ris/spec';

// ---------------------------------------------------------------------------------------------
// Public types

/** Where related information points: a range of offsets in a file, or a whole line of another file. */
export type RelatedLocation =
  | { readonly uri: string; readonly start: number; readonly end: number }
  | { readonly uri: string; readonly line: number };

/** A secondary location shown with a diagnostic (the first record with the same ID, …). */
export interface RelatedInformation {
  readonly message: string;
  readonly location: RelatedLocation;
}

/** What pandoc-incompatible diagnostics are about (the `pandoc` field of their data). */
export type PandocProblem =
  | 'leading-blank-lines'
  | 'outside'
  | 'end-without-start'
  | 'continuation'
  | 'blank-lines'
  | 'missing-final-end'
  | 'merged-records'
  | 'tag-line'
  | 'encoding'
  | 'stray-cr'
  /** The file ends right after its last `ER` line, with no line break (pandoc `--bibliography` rejects it). */
  | 'final-newline'
  /** A tag line whose separator holds a character pandoc does not read as a space (NBSP, em space…). */
  | 'separator'
  /** The file's lines end with bare CRs (classic Mac), which pandoc deletes: it reads one long line. */
  | 'cr-line-endings';

/** The pandoc problems after which pandoc rejects the whole bibliography (the others make it misread records). */
const PANDOC_REJECTING: ReadonlySet<PandocProblem> = new Set<PandocProblem>([
  'leading-blank-lines',
  'outside',
  'continuation',
  'blank-lines',
  'missing-final-end',
  'tag-line',
  'encoding',
  'final-newline',
  'separator',
  'cr-line-endings',
]);

/**
 * True when a pandoc problem makes `pandoc --citeproc --bibliography file.ris` reject the whole
 * bibliography (it stops with an error). The others — `merged-records`, `end-without-start`,
 * `stray-cr` — are accepted, but pandoc reads the records differently from other tools (two records
 * as one reference, an extra empty reference, two lines joined into one).
 */
export function pandocRejects(problem: PandocProblem): boolean {
  return PANDOC_REJECTING.has(problem);
}

/**
 * The JSON-serialisable payload a quick fix needs. Which members are set depends on the code; all
 * indices refer to the document the diagnostic was computed on.
 */
export interface DiagnosticData {
  /** Index into `doc.records`. */
  recordIndex?: number;
  /** Index into the record's `fields`; absent for the ER line (see `endTag`). */
  fieldIndex?: number;
  /** True when the diagnostic is about the record's `ER` line. */
  endTag?: boolean;
  /** The tag-line issue (malformed-tag-line, pandoc-incompatible tag lines). */
  issue?: TagLineIssue;
  /** First and last index into `doc.outside` of a run of outside lines. */
  outsideStart?: number;
  outsideEnd?: number;
  /** The record that outside text would be moved into, and on which side of it the text is. */
  targetRecord?: number;
  placement?: 'following' | 'preceding';
  /** True when every line of an outside run is a vendor header (Provider:, Database:, numbering…). */
  header?: boolean;
  /** A replacement value the fix can write (nearest type, full end page, bare DOI…). */
  suggestion?: string;
  /** Why a record has no ER. */
  reason?: 'next-type' | 'end-of-file';
  /** Which pandoc problem this is. */
  pandoc?: PandocProblem;
  /** 0-based line numbers (blank lines of a run). */
  lines?: number[];
  /** Offset of a bare CR. */
  offset?: number;
  /** Field index of the first occurrence (repeated-tag). */
  firstFieldIndex?: number;
  /** What a missing-field diagnostic lacks. */
  missing?: string[];
  /** Other records with the same key (duplicate-record). */
  duplicates?: { uri: string; recordIndex: number; line: number }[];
  /** The record's pandoc citation key in this file (uncitable-key, unpinned-key). */
  key?: string;
}

/** One finding. Offsets are into `doc.text`; `severity` is never `ignore`. */
export interface RisDiagnostic {
  readonly code: DiagnosticCode;
  readonly severity: Exclude<Severity, 'ignore'>;
  readonly message: string;
  readonly start: number;
  readonly end: number;
  readonly related?: RelatedInformation[];
  readonly data?: DiagnosticData;
}

/** How to validate. Every member is optional. */
export interface ValidateOptions {
  /** Severity per code (from `parseValidationSettings`); missing codes use their default. */
  severities?: Partial<Record<DiagnosticCode, Severity>>;
  /** How the file's bytes were decoded; enables `ris.encoding` and the non-UTF-8 pandoc check. */
  encoding?: Pick<DecodedText, 'encoding' | 'fallback' | 'replacementCharacters'>;
  /** Other files' records, for cross-file `ris.duplicate-record` (records of `uri` itself are skipped). */
  duplicates?: DuplicateLookup;
  /** This document's URI: used in related locations and to skip itself in `duplicates`. */
  uri?: string;
}

// ---------------------------------------------------------------------------------------------
// Small text helpers (also used by fixes and the formatter)

/** Offset of the end of the line that contains `offset` (before its line break). */
export function lineEndAt(text: string, offset: number): number {
  const len = text.length;
  for (let i = offset; i < len; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return i;
  }
  return len;
}

/** Offset of the start of the line that contains `offset`. */
export function lineStartAt(text: string, offset: number): number {
  for (let i = offset - 1; i >= 0; i--) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return i + 1;
  }
  return 0;
}

/** Offset just after the line break that ends at `lineEnd` (a line end as returned by {@link lineEndAt}). */
export function nextLineStart(text: string, lineEnd: number): number {
  const c = text.charCodeAt(lineEnd);
  if (c === 13) return text.charCodeAt(lineEnd + 1) === 10 ? lineEnd + 2 : lineEnd + 1;
  if (c === 10) return lineEnd + 1;
  return lineEnd;
}

/** True for a character the parser treats as whitespace inside a line (space, tab, NBSP…), not a line break. */
function isInlineSpace(c: number): boolean {
  if (c === 32 || c === 9) return true;
  if (c < 128) return c === 11 || c === 12;
  return (
    c === 0xa0 ||
    c === 0xfeff ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000
  );
}

/** A blank line inside a record, as offsets: `[start, end)` is the line without its break. */
export interface BlankLineSpan {
  readonly line: number;
  readonly start: number;
  readonly end: number;
  /**
   * True for the empty "line" a bare CR before a line break creates (`\r\r\n`, Citavi): VS Code and
   * the parser see a blank line, but pandoc (which deletes every CR) and most readers do not.
   */
  readonly phantom: boolean;
}

/** The offsets of a record's blank lines (`record.blankLines`), found by walking the record's lines. */
export function recordBlankLineSpans(text: string, record: RisRecord): BlankLineSpan[] {
  const out: BlankLineSpan[] = [];
  const wanted = record.blankLines;
  if (wanted.length === 0) return out;
  let line = record.startLine;
  let ls = lineStartAt(text, record.start);
  let k = 0;
  while (k < wanted.length && ls <= text.length) {
    const le = lineEndAt(text, ls);
    if (line === wanted[k]) {
      const phantom =
        ls > 0 && text.charCodeAt(ls - 1) === 13 && le === ls && ls < text.length; // empty, after a bare CR
      out.push({ line, start: ls, end: le, phantom });
      k++;
    }
    const next = nextLineStart(text, le);
    if (next === le) break;
    ls = next;
    line++;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Constants

/** Tags pandoc's RIS reader uses (Text/Pandoc/Readers/RIS.hs); every other tag is ignored by it. */
const PANDOC_READ_TAGS: ReadonlySet<string> = new Set(
  'TY ID VL KW PB PP DO SP EP AU A1 ED A2 TI T1 CT BT JO JF T2 ET NV AB PY Y1 IS SN LA UR LK'.split(' '),
);
/** Lines written by database front-ends around records (JSTOR, PsycNET, Cochrane, Ovid numbering). */
const HEADER_PREFIXES: readonly string[] = ['provider:', 'database:', 'content:', 'record #'];
/** Cap on U+FFFD diagnostics per file. */
const MAX_REPLACEMENT_DIAGNOSTICS = 100;

/** What validation needs to know about a tag, looked up once per distinct tag. */
interface TagFlags {
  readonly known: boolean;
  /** Known, not a vendor tag, and neither the spec nor practice lets it repeat. */
  readonly singleValued: boolean;
}

const TAG_FLAGS = new Map<string, TagFlags>();

function tagFlags(tag: string): TagFlags {
  let f = TAG_FLAGS.get(tag);
  if (f === undefined) {
    const known = isKnownTag(tag);
    f = { known, singleValued: known && !isVendorTag(tag) && !isRepeatableTag(tag, 'practice') };
    TAG_FLAGS.set(tag, f);
  }
  return f;
}

// ---------------------------------------------------------------------------------------------
// Classifying outside lines

/** What an outside line looks like, for messages and the "delete header" fix. */
export type OutsideLook = 'header' | 'numbering' | 'link' | 'tag' | 'text';

/** Classifies one outside line: a vendor header, `1.` numbering, an Ovid link line, a tag line, or text. */
export function classifyOutsideLine(text: string, o: OutsideLine): OutsideLook {
  if (o.kind === 'tag') return 'tag';
  const len = o.end - o.start;
  // `12.` numbering (Ovid).
  let digits = 0;
  while (digits < len && isDigitCode(text.charCodeAt(o.start + digits))) digits++;
  if (digits > 0 && digits === len - 1 && text.charCodeAt(o.end - 1) === 46) return 'numbering';
  const head = text.slice(o.start, Math.min(o.end, o.start + 40)).toLowerCase();
  for (const p of HEADER_PREFIXES) if (head.startsWith(p)) return 'header';
  if (head.startsWith('link to the ovid')) return 'link';
  return 'text';
}

function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}

// ---------------------------------------------------------------------------------------------
// pandoc's view of a line

/** Haskell's `show` of a character, as pandoc prints it in "unexpected '…'". */
function showChar(c: number): string {
  if (Number.isNaN(c)) return 'end of input';
  if (c === 10 || c === 13) return "'\\n'";
  if (c === 9) return "'\\t'";
  if (c === 39) return "'\\''";
  if (c >= 32 && c < 127) return `'${String.fromCharCode(c)}'`;
  return `'\\${c}'`;
}

/**
 * What pandoc's RIS reader would say about the line starting at `ls` if it expected a tag line
 * there: `unexpected 'm'`. Follows `risLine`: two `[A-Z0-9]`, spaces or tabs, `-`, then a space, a
 * tab or the end of the line. Returns undefined when pandoc would accept the line. CRs are skipped,
 * as pandoc deletes them before parsing.
 */
function pandocUnexpected(text: string, ls: number): string | undefined {
  let p = ls;
  const at = (): number => {
    while (text.charCodeAt(p) === 13 && text.charCodeAt(p + 1) !== 10 && p < text.length) p++;
    return p < text.length ? text.charCodeAt(p) : NaN;
  };
  for (let i = 0; i < 2; i++) {
    const c = at();
    if (!((c >= 65 && c <= 90) || isDigitCode(c))) return `unexpected ${showChar(c)}`;
    p++;
  }
  let c = at();
  if (c !== 32 && c !== 9) return `unexpected ${showChar(c)}`;
  while (c === 32 || c === 9) {
    p++;
    c = at();
  }
  if (c !== 45) return `unexpected ${showChar(c)}`;
  p++;
  c = at();
  if (c === 32 || c === 9 || c === 10 || c === 13 || Number.isNaN(c)) return undefined;
  return `unexpected ${showChar(c)}`;
}

/** A character in a tag line's separator that pandoc does not read as a space, and what pandoc says. */
export interface PandocSeparatorProblem {
  /** The UTF-16 code of the first such character (U+00A0, U+2003…). */
  readonly char: number;
  /** pandoc's complaint, e.g. `unexpected '\160'`. */
  readonly unexpected: string;
}

/**
 * Whether pandoc rejects a field's separator (`[tagEnd, valueStart)`) although the parser reads the
 * line as a tag line: pandoc's `risLine` allows only spaces and tabs around the hyphen, so a no-break
 * space or an em space after `AU  -` (which the parser trims like any whitespace) stops it. Cheap for
 * a clean line (a scan of the separator's few characters). Not for `ER` lines, which pandoc reads by a
 * laxer rule (anything may follow their hyphen).
 */
export function pandocSeparatorProblem(text: string, f: RisField): PandocSeparatorProblem | undefined {
  for (let i = f.tagEnd; i < f.valueStart; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 45) {
      const unexpected = pandocUnexpected(text, f.tagStart);
      return unexpected === undefined ? undefined : { char: c, unexpected };
    }
  }
  return undefined;
}

/** A name for a space-like character in a message: `a no-break space (U+00A0)`. */
function describeSpace(c: number): string {
  const hex = `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
  const names: Readonly<Record<number, string>> = {
    0xa0: 'a no-break space',
    0x2002: 'an en space',
    0x2003: 'an em space',
    0x2009: 'a thin space',
    0x202f: 'a narrow no-break space',
    0x3000: 'an ideographic space',
    0xfeff: 'a zero-width no-break space',
    11: 'a vertical tab',
    12: 'a form feed',
  };
  const name = names[c];
  return name !== undefined ? `${name} (${hex})` : `the character ${hex}`;
}

/** The last `ER` line of a file, as offsets. */
export interface FinalEndLine {
  /** Start of the physical line. */
  readonly lineStart: number;
  /** The `ER` tag's offset and the end of the line (before any line break). */
  readonly start: number;
  readonly end: number;
  /** Index into `doc.records` when the line closes a record; undefined for an `ER` that closes nothing. */
  readonly recordIndex: number | undefined;
}

/**
 * The file's last line with content when it is an `ER` line with no line feed after it — which
 * `pandoc --citeproc --bibliography` rejects ("unexpected end of input": pandoc reads the rest of an
 * `ER` line up to a line feed; `pandoc -f ris` adds a final line break itself and accepts the file).
 * A bare CR after the `ER` line does not count, as pandoc deletes every CR. Undefined otherwise.
 */
export function pandocFinalEndWithoutLineBreak(doc: RisDocument): FinalEndLine | undefined {
  const { text, records, outside } = doc;
  const r = records[records.length - 1];
  const o = outside[outside.length - 1];
  let last: FinalEndLine | undefined;
  if (o !== undefined && (r === undefined || o.start > r.start)) {
    if (o.kind !== 'end-without-start') return undefined;
    last = { lineStart: o.lineStart, start: o.start, end: o.end, recordIndex: undefined };
  } else if (r !== undefined && r.endTag !== undefined) {
    const et = r.endTag;
    last = { lineStart: et.lineStart, start: et.tagStart, end: et.end, recordIndex: records.length - 1 };
  }
  if (last === undefined || text.indexOf('\n', last.lineStart) >= 0) return undefined;
  return last;
}

// ---------------------------------------------------------------------------------------------
// Value checkers (exported for tests and for the hover/CLI)

/** The verdict on a date value: undefined when fine, else a problem or a mere note. */
export interface ValueProblem {
  /** `problem`: reported at the configured severity; `note`: capped at hint. */
  readonly level: 'problem' | 'note';
  readonly message: string;
  /** A corrected value, when one can be proposed. */
  readonly suggestion?: string;
}

/** A value for a message: at most `max` characters, line breaks shown as spaces. */
function shown(v: string, max = 60): string {
  const one = v.length > max ? `${v.slice(0, max - 1)}…` : v;
  return one.replace(/[\r\n]+/g, ' ');
}

function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function daysInMonth(month: number, year: number | undefined): number {
  if (month === 2) return year === undefined || isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Reads up to `max` digits from `i`; returns the end offset. */
function digitsEnd(v: string, i: number, max: number): number {
  let j = i;
  while (j < v.length && j - i < max + 1 && isDigitCode(v.charCodeAt(j))) j++;
  return j;
}

/** Checks a month and day (either may be empty) against the year; undefined when valid. */
function checkMonthDay(tag: string, v: string, month: string, day: string, year: number | undefined): ValueProblem | undefined {
  if (month.length > 0) {
    const m = Number(month);
    if (m < 1 || m > 12) {
      return { level: 'problem', message: `${tag} \`${shown(v)}\` has month ${month}; a month is 01 to 12.` };
    }
    if (day.length > 0) {
      const d = Number(day);
      const max = daysInMonth(m, year);
      if (d < 1 || d > max) {
        return {
          level: 'problem',
          message: `${tag} \`${shown(v)}\` has day ${day}, but month ${month}${m === 2 && year !== undefined ? ` of ${year}` : ''} has ${max} days.`,
        };
      }
    }
  } else if (day.length > 0) {
    const d = Number(day);
    if (d < 1 || d > 31) return { level: 'problem', message: `${tag} \`${shown(v)}\` has day ${day}; a day is 01 to 31.` };
  }
  return undefined;
}

/**
 * Checks a date value of `PY`, `Y1`, `DA` or `Y2` against `YYYY/MM/DD/other` (every part optional,
 * e.g. `2014//`, `2022/07//`, `2017/04/07/online`), also accepting ISO `YYYY-MM-DD` (OpenAlex, Ovid).
 * `0000` (Scopus's unknown year), an impossible month or day, and — in the year tags `PY`/`Y1` — a
 * value without a four-digit year are problems. Free text that a person reads fine but a reader
 * cannot parse (`Mar. 2017`, WoS `SEP 22`, `2023 AUG 7`) is only a note: clean exports are full of
 * it, and rewriting it would lose information.
 */
export function checkDateValue(tag: string, value: string): ValueProblem | undefined {
  const v = value;
  const yearTag = tag === 'PY' || tag === 'Y1';
  const c0 = v.charCodeAt(0);
  if (isDigitCode(c0)) {
    const ye = digitsEnd(v, 0, 8);
    if (ye === 4) {
      const yearText = v.slice(0, 4);
      if (yearText === '0000') {
        return {
          level: 'problem',
          message: `${tag} \`${shown(v)}\` is not a year: Scopus writes 0000 when it does not know the year. Write the real year, or delete the line.`,
        };
      }
      const year = Number(yearText);
      if (ye === v.length) return undefined;
      const sep = v.charCodeAt(4);
      if (sep === 47) {
        // YYYY/MM/DD/other
        const me = digitsEnd(v, 5, 2);
        const month = v.slice(5, me);
        if (me - 5 > 2 || (me < v.length && v.charCodeAt(me) !== 47)) {
          return {
            level: 'problem',
            message: `${tag} \`${shown(v)}\` is not in the form YYYY/MM/DD/other: the month must be a number (01–12) or empty.`,
          };
        }
        let day = '';
        if (me < v.length) {
          const de = digitsEnd(v, me + 1, 2);
          day = v.slice(me + 1, de);
          if (de - (me + 1) > 2 || (de < v.length && v.charCodeAt(de) !== 47)) {
            return {
              level: 'problem',
              message: `${tag} \`${shown(v)}\` is not in the form YYYY/MM/DD/other: the day must be a number (01–31) or empty.`,
            };
          }
        }
        return checkMonthDay(tag, v, month, day, year);
      }
      if (sep === 45) {
        // ISO YYYY-MM[-DD][rest]
        const me = digitsEnd(v, 5, 2);
        if (me - 5 === 2) {
          const month = v.slice(5, me);
          let day = '';
          let rest = me;
          if (v.charCodeAt(me) === 45) {
            const de = digitsEnd(v, me + 1, 2);
            if (de - (me + 1) === 2) {
              day = v.slice(me + 1, de);
              rest = de;
            }
          }
          const rc = v.charCodeAt(rest);
          if (rest === v.length || rc === 47 || rc === 84 || rc === 32) return checkMonthDay(tag, v, month, day, year);
        }
      }
      return {
        level: 'note',
        message: `${tag} \`${shown(v)}\` is free text, not a RIS date (YYYY/MM/DD/other); readers that expect the format may not find the month or day. You can keep the text in the last part: \`${yearText}///${v.slice(4).trim()}\`.`,
        suggestion: `${yearText}///${v.slice(4).trim()}`,
      };
    }
    // Leading digits, but not a four-digit year: `99`, `10 15`, `200X`, `10/15/online`, IEEE `4-8 Aug. 2020`.
    return freeTextDate(tag, v, yearTag);
  }
  if (c0 === 47) {
    // `///`, `/05/`: no year.
    if (yearTag) {
      return { level: 'problem', message: `${tag} \`${shown(v)}\` has no year. Write the year first: YYYY/MM/DD/other.` };
    }
    return undefined;
  }
  // Free text: `Mar. 2017`, `SEP 22`, `n.d.`, `Publication Year`.
  return freeTextDate(tag, v, yearTag);
}

/** The verdict on a date that is not in the structured form: a note when it holds a year (or is not a year tag). */
function freeTextDate(tag: string, v: string, yearTag: boolean): ValueProblem {
  let year: string | undefined;
  let run = 0;
  for (let i = 0; i < v.length; i++) {
    if (isDigitCode(v.charCodeAt(i))) {
      run++;
      if (run === 4 && !(i + 1 < v.length && isDigitCode(v.charCodeAt(i + 1)))) {
        const y = v.slice(i - 3, i + 1);
        if (y !== '0000') {
          year = y;
          break;
        }
      }
    } else run = 0;
  }
  if (year !== undefined) {
    return {
      level: 'note',
      message: `${tag} \`${shown(v)}\` is free text, not a RIS date (YYYY/MM/DD/other); readers that expect the format may not find the year. You can keep the text in the last part: \`${year}///${v}\`.`,
      suggestion: `${year}///${v}`,
    };
  }
  if (yearTag) {
    return {
      level: 'problem',
      message: `${tag} \`${shown(v)}\` contains no four-digit year, so citations of this record will have none. Write the year (YYYY), optionally followed by /MM/DD/other, or delete the line if it is unknown.`,
    };
  }
  return {
    level: 'note',
    message: `${tag} \`${shown(v)}\` is free text, not a RIS date (YYYY/MM/DD/other); readers may not understand it.`,
  };
}

const DOI_PREFIXES: readonly string[] = [
  'https://doi.org/',
  'http://doi.org/',
  'https://dx.doi.org/',
  'http://dx.doi.org/',
  'doi.org/',
  'dx.doi.org/',
  'doi:',
];

/**
 * Checks a `DO` value: after stripping a `https://doi.org/`, `http://dx.doi.org/` or `doi:` prefix
 * it must be `10.` + 4–9 digits + `/` + a suffix without whitespace. A prefixed DOI is valid, and
 * gets a note suggesting the bare form.
 */
export function checkDoiValue(value: string): ValueProblem | undefined {
  let doi = value;
  const lower = value.toLowerCase();
  let prefixed = false;
  for (const p of DOI_PREFIXES) {
    if (lower.startsWith(p)) {
      doi = value.slice(p.length).trim();
      prefixed = true;
      break;
    }
  }
  if (!prefixed && lower.startsWith('doi ')) {
    doi = value.slice(4).trim();
    prefixed = true;
  }
  // 10.\d{4,9}/\S+
  let ok = doi.startsWith('10.');
  let i = 3;
  if (ok) {
    while (i < doi.length && isDigitCode(doi.charCodeAt(i))) i++;
    const n = i - 3;
    ok = n >= 4 && n <= 9 && doi.charCodeAt(i) === 47 && i + 1 < doi.length;
  }
  let space = -1;
  if (ok) {
    for (let j = i + 1; j < doi.length; j++) {
      const c = doi.charCodeAt(j);
      if (c <= 32 || isInlineSpace(c)) {
        space = j;
        break;
      }
    }
  }
  if (ok && space < 0) {
    if (prefixed) {
      return {
        level: 'note',
        message: `DO holds a DOI with a prefix; most tools expect the bare DOI \`${doi}\`.`,
        suggestion: doi,
      };
    }
    return undefined;
  }
  if (ok && space >= 0) {
    return {
      level: 'problem',
      message: `DO \`${shown(value)}\` contains a space, so it is not one DOI. Put one DOI on the DO line, and anything else in a note (N1).`,
    };
  }
  return {
    level: 'problem',
    message: `DO \`${shown(value)}\` is not a DOI: a DOI looks like \`10.1234/abc.5678\` (10., 4–9 digits, a slash, then the suffix). Fix it, or move it to a note (N1) if it is another identifier.`,
  };
}

/** The ISSN check character for 7 digits, `0`–`9` or `X`. */
function issnCheckChar(d: string): string {
  let sum = 0;
  for (let i = 0; i < 7; i++) sum += (8 - i) * (d.charCodeAt(i) - 48);
  const c = (11 - (sum % 11)) % 11;
  return c === 10 ? 'X' : String(c);
}

function isbn10CheckChar(d: string): string {
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += (10 - i) * (d.charCodeAt(i) - 48);
  const c = (11 - (sum % 11)) % 11;
  return c === 10 ? 'X' : String(c);
}

function isbn13CheckChar(d: string): string {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += (i % 2 === 0 ? 1 : 3) * (d.charCodeAt(i) - 48);
  return String((10 - (sum % 10)) % 10);
}

/** One identifier found in an `SN` value. */
export interface StandardNumberProblem {
  readonly kind: 'issn' | 'isbn';
  /** The token as written. */
  readonly token: string;
  /** Its offset within the value. */
  readonly index: number;
  readonly message: string;
}

function allDigits(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!isDigitCode(s.charCodeAt(i))) return false;
  return true;
}

/**
 * Checks every ISSN and ISBN in an `SN` value. The value may hold several numbers separated by
 * spaces, `;` or `,` (WoS and PubMed write print and electronic ISSN together), with labels such as
 * `(Print)` or `(ISSN)`. Tokens that are neither an ISSN (`NNNN-NNNC` or 8 characters), an ISBN-10
 * nor an ISBN-13 are ignored. Returns one problem per number whose check character is wrong.
 */
export function checkStandardNumbers(value: string): StandardNumberProblem[] {
  const out: StandardNumberProblem[] = [];
  const len = value.length;
  let i = 0;
  while (i < len) {
    // skip separators
    while (i < len) {
      const c = value.charCodeAt(i);
      if (c === 32 || c === 9 || c === 59 || c === 44 || isInlineSpace(c)) i++;
      else break;
    }
    const start = i;
    while (i < len) {
      const c = value.charCodeAt(i);
      if (c === 32 || c === 9 || c === 59 || c === 44 || isInlineSpace(c)) break;
      i++;
    }
    if (i === start) continue;
    let tokStart = start;
    let tokEnd = i;
    // Drop a label glued to the number: `ISSN:1234-5678`, `1234-5678(Print)`.
    const colon = value.indexOf(':', tokStart);
    if (colon >= 0 && colon < tokEnd) tokStart = colon + 1;
    const paren = value.indexOf('(', tokStart);
    if (paren >= 0 && paren < tokEnd) tokEnd = paren;
    if (tokEnd <= tokStart) continue;
    const token = value.slice(tokStart, tokEnd);
    let compact = '';
    let hyphens = 0;
    let bad = false;
    for (let k = 0; k < token.length; k++) {
      const c = token.charCodeAt(k);
      if (c === 45) hyphens++;
      else if (isDigitCode(c) || c === 88 || c === 120) compact += token[k];
      else {
        bad = true;
        break;
      }
    }
    if (bad || compact.length === 0) continue;
    const n = compact.length;
    const last = compact.charAt(n - 1).toUpperCase();
    if (n === 8 && allDigits(compact, 0, 7) && (hyphens === 0 || (hyphens === 1 && token.charCodeAt(4) === 45))) {
      const want = issnCheckChar(compact);
      if (want !== last) {
        out.push({
          kind: 'issn',
          token,
          index: tokStart,
          message: `\`${token}\` is not a valid ISSN: its check digit should be ${want}, not ${last}. Check the number against the journal.`,
        });
      }
    } else if (n === 10 && allDigits(compact, 0, 9)) {
      const want = isbn10CheckChar(compact);
      if (want !== last) {
        out.push({
          kind: 'isbn',
          token,
          index: tokStart,
          message: `\`${token}\` is not a valid ISBN-10: its check digit should be ${want}, not ${last}. Check the number against the book.`,
        });
      }
    } else if (n === 13 && allDigits(compact, 0, 13)) {
      const isIsbn = compact.startsWith('978') || compact.startsWith('979');
      const want = isbn13CheckChar(compact);
      if (want !== last) {
        out.push({
          kind: 'isbn',
          token,
          index: tokStart,
          message: isIsbn
            ? `\`${token}\` is not a valid ISBN-13: its check digit should be ${want}, not ${last}. Check the number against the book.`
            : `\`${token}\` looks like an ISBN-13 but does not start with 978 or 979 and its check digit is wrong (should be ${want}).`,
        });
      }
    }
  }
  return out;
}

/** A page token: up to 4 letters, digits, up to 3 letters (`123`, `e0175947`, `S105`, `EL15`), or roman numerals. */
interface PageToken {
  readonly prefix: string;
  readonly digits: string;
}

function readPageToken(t: string): PageToken | 'roman' | undefined {
  const n = t.length;
  if (n === 0) return undefined;
  let i = 0;
  while (i < n && i < 5 && isAsciiLetter(t.charCodeAt(i))) i++;
  const ds = i;
  while (i < n && isDigitCode(t.charCodeAt(i))) i++;
  const de = i;
  if (de > ds) {
    let j = de;
    while (j < n && j - de < 3 && isAsciiLetter(t.charCodeAt(j))) j++;
    if (j < n && t.charCodeAt(j) === 46) j++; // trailing dot
    // Cell Press and others number supplementary pages after the article's last page: `1131.e9`.
    if (j === de + 1 && j < n && isAsciiLetter(t.charCodeAt(j))) {
      let k = j;
      while (k < n && k - j < 2 && isAsciiLetter(t.charCodeAt(k))) k++;
      const digitsFrom = k;
      while (k < n && isDigitCode(t.charCodeAt(k))) k++;
      if (k === n && k > digitsFrom) j = k;
    }
    if (j === n && ds <= 4) return { prefix: t.slice(0, ds), digits: t.slice(ds, de) };
    return undefined;
  }
  // Roman numerals (front matter): i, xi, xxvii…
  for (let k = 0; k < n; k++) {
    const c = t.charCodeAt(k) | 32;
    if (!(c === 105 || c === 118 || c === 120 || c === 108 || c === 99 || c === 100 || c === 109)) return undefined;
  }
  return n <= 12 ? 'roman' : undefined;
}

function isAsciiLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** A page value split into ranges: `123-130`, `245--257`, `ix + 246`, `12, 15-18`. */
interface PageParse {
  readonly ok: boolean;
  /** The first and last token of a single range, when the value is one range or one page. */
  readonly first?: PageToken;
  readonly last?: PageToken;
  readonly ranges: number;
}

function parsePages(v: string): PageParse {
  const tokens: (PageToken | 'roman')[] = [];
  let ranges = 1;
  let i = 0;
  const n = v.length;
  while (i < n) {
    const c = v.charCodeAt(i);
    if (c === 32 || c === 9 || isInlineSpace(c)) {
      i++;
      continue;
    }
    if (c === 44 || c === 59) {
      ranges++;
      i++;
      continue;
    }
    if (c === 45 || c === 0x2010 || c === 0x2011 || c === 0x2013 || c === 0x2014 || c === 0x2212 || c === 43) {
      i++;
      continue;
    }
    const s = i;
    while (i < n) {
      const d = v.charCodeAt(i);
      if (d === 32 || d === 9 || d === 44 || d === 59 || d === 45 || d === 0x2010 || d === 0x2011 || d === 0x2013 || d === 0x2014 || d === 0x2212 || d === 43 || isInlineSpace(d)) break;
      i++;
    }
    const tok = readPageToken(v.slice(s, i));
    if (tok === undefined) return { ok: false, ranges };
    tokens.push(tok);
  }
  if (tokens.length === 0) return { ok: v.trim() === '+' || v.trim() === '-', ranges };
  const first = tokens[0];
  const last = tokens[tokens.length - 1];
  return {
    ok: true,
    ranges,
    first: typeof first === 'object' ? first : undefined,
    last: tokens.length > 1 && typeof last === 'object' ? last : undefined,
  };
}

/** When `end` has fewer digits than `start` and completing it from `start` gives a later page, the completed page. */
function completeAbbreviated(start: string, end: string): string | undefined {
  if (end.length >= start.length) return undefined;
  const full = start.slice(0, start.length - end.length) + end;
  return Number(full) >= Number(start) ? full : undefined;
}

/**
 * Checks a record's pages: `SP` (a page, a range such as `123-130` or `245--257`, `e0175947`,
 * `S105`, roman numerals) and `EP` (a page; WoS's `+` is accepted). Flags text that is not a page
 * (`No`, `pp.`, `(1 September 2016)`), an end page before the start page, and an abbreviated end
 * page (`SP 1234`, `EP 38`), suggesting the full number.
 */
export function checkPages(sp: string | undefined, ep: string | undefined): { field: 'SP' | 'EP'; problem: ValueProblem }[] {
  const out: { field: 'SP' | 'EP'; problem: ValueProblem }[] = [];
  const spp = sp !== undefined && sp.length > 0 ? parsePages(sp) : undefined;
  const epp = ep !== undefined && ep.length > 0 ? parsePages(ep) : undefined;
  if (spp !== undefined && !spp.ok) {
    out.push({
      field: 'SP',
      problem: {
        level: 'problem',
        message: `SP \`${shown(sp ?? '')}\` is not a page or page range (e.g. \`123\`, \`123-130\`, \`e0175947\`). Fix it, or move the text to a note (N1).`,
      },
    });
  }
  if (epp !== undefined && !epp.ok) {
    out.push({
      field: 'EP',
      problem: {
        level: 'problem',
        message: `EP \`${shown(ep ?? '')}\` is not a page number (e.g. \`130\`). Fix it, or move the text to a note (N1).`,
      },
    });
  }
  // A reversed range inside SP.
  if (spp?.ok && spp.ranges === 1 && spp.first && spp.last && spp.first.prefix.toLowerCase() === spp.last.prefix.toLowerCase()) {
    const a = Number(spp.first.digits);
    const b = Number(spp.last.digits);
    if (b < a && spp.last.digits.length >= spp.first.digits.length) {
      out.push({
        field: 'SP',
        problem: { level: 'problem', message: `SP \`${shown(sp ?? '')}\` ends (${spp.last.digits}) before it starts (${spp.first.digits}).` },
      });
    }
  }
  // EP against SP, when SP is a single page.
  if (spp?.ok && epp?.ok && spp.first && !spp.last && spp.ranges === 1 && epp.first && !epp.last && epp.ranges === 1) {
    if (spp.first.prefix.toLowerCase() === epp.first.prefix.toLowerCase()) {
      const a = Number(spp.first.digits);
      const b = Number(epp.first.digits);
      if (b < a) {
        const full = completeAbbreviated(spp.first.digits, epp.first.digits);
        if (full !== undefined) {
          const suggestion = epp.first.prefix + full;
          out.push({
            field: 'EP',
            problem: {
              level: 'problem',
              message: `EP \`${shown(ep ?? '')}\` looks abbreviated (SP is \`${shown(sp ?? '')}\`): readers will show the range ${sp}–${ep}. Write the full end page \`${suggestion}\`.`,
              suggestion,
            },
          });
        } else {
          out.push({
            field: 'EP',
            problem: { level: 'problem', message: `EP \`${shown(ep ?? '')}\` is before SP \`${shown(sp ?? '')}\`: the end page must not come before the start page.` },
          });
        }
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The validator

/** The written form of a tag line's prefix (tag and separator), for messages. */
function writtenPrefix(text: string, f: RisField): string {
  return text.slice(f.tagStart, f.valueStart).replace(/\t/g, '\\t');
}

function issueMessage(text: string, f: RisField, issue: TagLineIssue, isEnd: boolean): string {
  const tag = f.tag;
  const canon = `${tag}  - `;
  const written = writtenPrefix(text, f);
  switch (issue) {
    case 'separator-spacing':
      return `The separator after ${tag} is \`${written}\` but RIS needs exactly two spaces, a hyphen and a space: \`${canon}\`. rispy, citation-js and biblatex-csl-converter do not see this line as a tag.`;
    case 'separator-tab':
      return `The separator after ${tag} contains a tab (\`${written}\`); write \`${canon}\` with spaces. rispy, citation-js and biblatex-csl-converter do not see this line as a tag.`;
    case 'no-space-after-hyphen':
      return `There is no space after the hyphen (\`${text.slice(f.tagStart, Math.min(f.valueEnd, f.valueStart + 12))}\`); write \`${canon}${f.lineValue.slice(0, 12)}\`. ${isEnd ? 'Some readers do not see this line as ER.' : 'rispy drops the first character of the value and pandoc rejects the file.'}`;
    case 'lowercase-tag':
      return `The tag \`${text.slice(f.tagStart, f.tagEnd)}\` is in lower case; tags are upper case: \`${canon}\`. Most readers (pandoc, rispy, Zotero) do not see this line as a tag.`;
    case 'indented':
      return `This tag line is indented: the tag must start at the beginning of the line (\`${canon}…\`). pandoc rejects the file and several readers do not see this line as a tag.`;
    case 'long-tag':
      return `\`${tag}\` is not a RIS tag: tags have exactly two characters (\`XX  - \`). Readers drop this line and pandoc rejects the file. Keep the value in a note: \`N1  - ${tag}: ${f.lineValue.slice(0, 20)}\`.`;
  }
}

/** Range of the part of a tag line an issue is about. */
function issueRange(f: RisField, issue: TagLineIssue): [number, number] {
  switch (issue) {
    case 'indented':
      return [f.lineStart, f.tagStart];
    case 'lowercase-tag':
    case 'long-tag':
      return [f.tagStart, f.tagEnd];
    default:
      return [f.tagEnd, Math.max(f.valueStart, f.tagEnd + 1)];
  }
}

/** Whether pandoc rejects a tag line with this issue (`ER` lines are read by a laxer rule). */
function pandocRejectsIssue(issue: TagLineIssue, isEnd: boolean): boolean {
  switch (issue) {
    case 'no-space-after-hyphen':
      return !isEnd;
    case 'lowercase-tag':
    case 'indented':
    case 'long-tag':
      return true;
    default:
      return false;
  }
}

function plural(n: number, one: string, many: string): string {
  return n === 1 ? one : many;
}

/**
 * Validates a parsed document and returns its diagnostics, sorted by position. Rules whose severity
 * is `ignore` produce nothing (and cost almost nothing). See `diagnostics.ts` for the codes and
 * their defaults, and {@link DiagnosticData} for what each diagnostic carries for its quick fixes.
 */
/** How many tag lines (fields and ER lines) have the `separator-spacing` issue. */
function countSeparatorSpacing(doc: RisDocument): number {
  let n = 0;
  for (const r of doc.records) {
    for (const f of r.fields) if (f.issues.length > 0 && f.issues.includes('separator-spacing')) n++;
    if (r.endTag !== undefined && r.endTag.issues.includes('separator-spacing')) n++;
  }
  return n;
}

function tagLineCount(doc: RisDocument): number {
  let n = 0;
  for (const r of doc.records) n += r.fields.length + (r.endTag === undefined ? 0 : 1);
  return n;
}

export function validateRis(doc: RisDocument, options: ValidateOptions = {}): RisDiagnostic[] {
  const text = doc.text;
  const sev: Record<DiagnosticCode, Severity> = { ...DEFAULT_SEVERITIES };
  if (options.severities !== undefined) {
    for (const [code, value] of Object.entries(options.severities) as [DiagnosticCode, Severity | undefined][]) {
      if (value !== undefined && code in sev) sev[code] = value;
    }
  }
  const uri = options.uri ?? '';
  const out: RisDiagnostic[] = [];

  const emit = (
    code: DiagnosticCode,
    severity: Severity,
    message: string,
    start: number,
    end: number,
    data?: DiagnosticData,
    related?: RelatedInformation[],
  ): void => {
    if (severity === 'ignore') return;
    const d: { -readonly [K in keyof RisDiagnostic]: RisDiagnostic[K] } = { code, severity, message, start, end };
    if (related !== undefined && related.length > 0) d.related = related;
    if (data !== undefined) d.data = data;
    out.push(d);
  };

  const sMissingType = sev[DiagnosticCode.MissingType];
  const sMissingEnd = sev[DiagnosticCode.MissingEnd];
  const sEndWithout = sev[DiagnosticCode.EndWithoutStart];
  const sOutside = sev[DiagnosticCode.TextOutsideRecord];
  const sMalformed = sev[DiagnosticCode.MalformedTagLine];
  // A file written throughout in one malformed style (EndNote's `TY - JOUR`) gets one diagnostic at
  // the configured level on the first such line, naming the count, and hints on the others: the
  // same finding on every line of a 10,000-record export is noise, not information.
  const styleCount = sMalformed === 'ignore' ? 0 : countSeparatorSpacing(doc);
  const houseStyle = styleCount >= 5 && styleCount * 2 >= tagLineCount(doc);
  let houseStyleReported = false;
  const sUnknownTag = sev[DiagnosticCode.UnknownTag];
  const sUnknownType = sev[DiagnosticCode.UnknownType];
  const sRepeated = sev[DiagnosticCode.RepeatedTag];
  const sEmpty = sev[DiagnosticCode.EmptyValue];
  const sDate = sev[DiagnosticCode.InvalidDate];
  const sDoi = sev[DiagnosticCode.InvalidDoi];
  const sIssn = sev[DiagnosticCode.InvalidIssn];
  const sIsbn = sev[DiagnosticCode.InvalidIsbn];
  const sPages = sev[DiagnosticCode.InvalidPages];
  const sMissingField = sev[DiagnosticCode.MissingField];
  const sDupId = sev[DiagnosticCode.DuplicateId];
  const sDupRecord = sev[DiagnosticCode.DuplicateRecord];
  const sEncoding = sev[DiagnosticCode.Encoding];
  const sPandoc = sev[DiagnosticCode.PandocIncompatible];
  const sUncitable = sev[DiagnosticCode.UncitableKey];
  const sUnpinned = sev[DiagnosticCode.UnpinnedKey];

  // pandoc's keys for this file alone, computed at most once and only when a rule needs them.
  let keyedCache: readonly KeyedRecord[] | undefined;
  const keyed = (): readonly KeyedRecord[] => (keyedCache ??= assignPandocKeys([{ uri, doc }]));

  const checkSn = sIssn !== 'ignore' || sIsbn !== 'ignore';
  const checkRepeats = sRepeated !== 'ignore';
  const pandocOn = sPandoc !== 'ignore';
  const checkDuplicates = sDupRecord !== 'ignore';

  // ---- the file as a whole
  const bomEnd = doc.bom ? 1 : 0;
  if (pandocOn) {
    // Blank lines before the first line with content: pandoc stops at the first record.
    let p = bomEnd;
    while (p < text.length) {
      const c = text.charCodeAt(p);
      if (c === 10 || c === 13 || isInlineSpace(c)) p++;
      else break;
    }
    if (p < text.length) {
      const firstLineStart = lineStartAt(text, p);
      if (firstLineStart > bomEnd) {
        emit(
          DiagnosticCode.PandocIncompatible,
          sPandoc,
          'pandoc rejects the whole bibliography: the file starts with blank lines (it stops with "unexpected … expecting end of input" at the first record). Delete the blank lines before the first line.',
          bomEnd,
          firstLineStart,
          { pandoc: 'leading-blank-lines' },
        );
      }
    }
  }

  if (options.encoding !== undefined) {
    const enc = options.encoding;
    const firstEnd = lineEndAt(text, bomEnd);
    const notUtf8 = enc.fallback || enc.encoding === 'utf-16le' || enc.encoding === 'utf-16be';
    if (enc.fallback) {
      emit(
        DiagnosticCode.Encoding,
        sEncoding,
        `This file is not valid UTF-8, so it was read as ${enc.encoding === 'windows-1252' ? 'Windows-1252' : enc.encoding}: accented characters may be wrong. If the text looks right, save the file as UTF-8; otherwise reopen it with its real encoding.`,
        bomEnd,
        firstEnd,
        {},
      );
    } else if (enc.encoding === 'utf-16le' || enc.encoding === 'utf-16be') {
      emit(
        DiagnosticCode.Encoding,
        sEncoding,
        `This file is saved as ${enc.encoding === 'utf-16le' ? 'UTF-16 LE' : 'UTF-16 BE'}; most reference managers and pandoc expect UTF-8. Save it as UTF-8.`,
        bomEnd,
        firstEnd,
        {},
      );
    }
    if (enc.replacementCharacters > 0 && sEncoding !== 'ignore') {
      let i = text.indexOf('\ufffd');
      let n = 0;
      while (i >= 0 && n < MAX_REPLACEMENT_DIAGNOSTICS) {
        n++;
        const more = enc.replacementCharacters - n;
        emit(
          DiagnosticCode.Encoding,
          sEncoding,
          `U+FFFD (�) replaces a character that was lost when this text was decoded or exported. Replace it with the right character.${n === MAX_REPLACEMENT_DIAGNOSTICS && more > 0 ? ` (${more} more in this file are not listed.)` : ''}`,
          i,
          i + 1,
          {},
        );
        i = text.indexOf('\ufffd', i + 1);
      }
    }
    const invalidAfterBom = enc.encoding === 'utf-8-bom' && enc.replacementCharacters > 0;
    if (pandocOn && (notUtf8 || invalidAfterBom)) {
      emit(
        DiagnosticCode.PandocIncompatible,
        sPandoc,
        `pandoc rejects the whole bibliography: the file is not UTF-8 (it stops with "UTF-8 decoding error"). Save it as UTF-8.`,
        bomEnd,
        firstEnd,
        { pandoc: 'encoding' },
      );
    }
  }

  // ---- outside lines, in runs of consecutive lines
  const outside = doc.outside;
  const records = doc.records;
  if (outside.length > 0) {
    let rec = 0; // index of the first record that starts after the current run
    let i = 0;
    while (i < outside.length) {
      const o = outside[i]!;
      if (o.kind === 'end-without-start') {
        emit(
          DiagnosticCode.EndWithoutStart,
          sEndWithout,
          'This ER line closes no record: the record before it has already ended (a doubled ER), or the TY line that should start this record is missing. Delete the extra ER, or add the missing start.',
          o.start,
          o.end,
          { outsideStart: i, outsideEnd: i },
        );
        if (pandocOn) {
          emit(
            DiagnosticCode.PandocIncompatible,
            sPandoc,
            'pandoc adds an empty reference to the bibliography for this ER line, which closes no record. Delete it.',
            o.start,
            o.end,
            { pandoc: 'end-without-start', outsideStart: i, outsideEnd: i },
          );
        }
        i++;
        continue;
      }
      let j = i;
      while (
        j + 1 < outside.length &&
        outside[j + 1]!.kind !== 'end-without-start' &&
        // Without any record, the whole file is one run (a MEDLINE or WoS plain-text file, not RIS).
        (records.length === 0 || outside[j + 1]!.line === outside[j]!.line + 1)
      ) {
        j++;
      }
      while (rec < records.length && records[rec]!.start < o.start) rec++;
      const last = outside[j]!;
      let header = true;
      let tagLines = 0;
      const looks = new Set<OutsideLook>();
      for (let k = i; k <= j; k++) {
        const look = classifyOutsideLine(text, outside[k]!);
        looks.add(look);
        if (look !== 'header' && look !== 'numbering') header = false;
        if (look === 'tag') tagLines++;
      }
      // Target: text before the first record, vendor headers and numbering go to the following
      // record; tag lines after ER (Ovid NL) and other text go to the preceding one.
      const hasPrev = rec > 0;
      const hasNext = rec < records.length;
      let placement: 'following' | 'preceding' | undefined;
      if (!hasPrev && hasNext) placement = 'following';
      else if (hasPrev && !hasNext) placement = 'preceding';
      else if (hasPrev && hasNext) placement = header ? 'following' : 'preceding';
      const targetRecord = placement === 'following' ? rec : placement === 'preceding' ? rec - 1 : undefined;
      const n = j - i + 1;
      const what: string[] = [];
      if (looks.has('header')) what.push('a vendor header such as `Provider:`/`Database:`');
      if (looks.has('numbering')) what.push('record numbering');
      if (looks.has('link')) what.push("an Ovid 'Link to…' line");
      if (looks.has('tag')) {
        what.push(
          tagLines === n && o.beforeFirstRecord === false && hasPrev
            ? `${plural(tagLines, 'a tag line', 'tag lines')} after ER`
            : `${plural(tagLines, 'a tag line', 'tag lines')} that belong to no record`,
        );
      }
      if (looks.has('text')) what.push('text');
      const where =
        records.length === 0 ? 'outside any record' : o.beforeFirstRecord ? 'before the first record' : hasNext ? 'between records' : 'after the last record';
      const move =
        targetRecord === undefined
          ? 'This file has no RIS record (TY … ER) at all: is it another format, such as PubMed MEDLINE (.nbib, `PMID- `) or Web of Science plain text (`PT J`)? Export it as RIS instead.'
          : `Move ${plural(n, 'it', 'them')} into ${looks.has('tag') && tagLines === n ? '' : 'a note (N1) of '}the ${placement === 'following' ? 'next' : 'previous'} record${header ? `, or delete ${plural(n, 'it', 'them')}` : ''}.`;
      const data: DiagnosticData = { outsideStart: i, outsideEnd: j, header };
      if (targetRecord !== undefined) {
        data.targetRecord = targetRecord;
        data.placement = placement;
      }
      emit(
        DiagnosticCode.TextOutsideRecord,
        sOutside,
        `${n === 1 ? 'A line' : `${n} lines`} ${where} (${what.join(', ')}). Readers skip ${plural(n, 'it', 'them')}: ${plural(n, 'its', 'their')} content is not imported. ${move}`,
        o.start,
        last.end,
        data,
      );
      if (pandocOn) {
        const unexpected = pandocUnexpected(text, o.lineStart) ?? 'a parse error';
        emit(
          DiagnosticCode.PandocIncompatible,
          sPandoc,
          `pandoc rejects the whole bibliography: ${n === 1 ? 'a line' : `${n} lines`} outside any record (it stops with "${unexpected}"). ${move}`,
          o.start,
          last.end,
          { ...data, pandoc: 'outside' },
        );
      }
      i = j + 1;
    }
  }

  // ---- records
  // ID value → the first ID field with it (a field of an earlier record starts before this record).
  const firstIdField = new Map<string, RisField>();
  const firstValueByTag = new Map<string, number>(); // tag → field index of the first occurrence (per record)
  // Duplicate key → index of the first record with it.
  const dupWithinFile = new Map<string, number>();

  /** Reports record `ri` as a duplicate of the records in `found` (each once, within the file first). */
  const emitDuplicate = (ri: number, r: RisRecord, firstLineEnd: number, found: DuplicateHit[]): void => {
    const related: RelatedInformation[] = [];
    const dups: { uri: string; recordIndex: number; line: number }[] = [];
    const seen = new Set<string>();
    let why = '';
    for (const hit of found) {
      const id = `${hit.uri}\u0000${hit.recordIndex}`;
      if (seen.has(id)) continue;
      seen.add(id);
      const reason = hit.key.startsWith('doi:') ? 'DOI' : 'title, year and first author';
      if (!why) why = reason;
      dups.push({ uri: hit.uri, recordIndex: hit.recordIndex, line: hit.line });
      if (hit.within) {
        const other = records[hit.recordIndex]!;
        related.push({
          message: `Same ${reason}: record at line ${hit.line + 1}`,
          location: { uri, start: other.start, end: lineEndAt(text, other.start) },
        });
      } else {
        related.push({ message: `Same ${reason}: ${baseName(hit.uri)}, line ${hit.line + 1}`, location: { uri: hit.uri, line: hit.line } });
      }
    }
    const inFile = dups.filter((d) => d.uri === uri);
    const elsewhere = dups.filter((d) => d.uri !== uri);
    const where: string[] = [];
    if (inFile.length > 0) where.push(`at line ${inFile.map((d) => d.line + 1).join(', ')} of this file`);
    if (elsewhere.length > 0) {
      where.push(
        `in ${elsewhere.length === 1 ? 'another file' : `${elsewhere.length} other places`} (${elsewhere
          .slice(0, 3)
          .map((d) => `${baseName(d.uri)}:${d.line + 1}`)
          .join(', ')}${elsewhere.length > 3 ? ', …' : ''})`,
      );
    }
    emit(
      DiagnosticCode.DuplicateRecord,
      sDupRecord,
      `This reference also appears ${where.join(' and ')} (same ${why}). Keep one copy, or deduplicate the exports before screening.`,
      r.start,
      firstLineEnd,
      { recordIndex: ri, duplicates: dups.slice(0, 50) },
      related.slice(0, 20),
    );
  };

  for (let ri = 0; ri < records.length; ri++) {
    const r = records[ri]!;
    const fields = r.fields;
    const firstLineEnd = lineEndAt(text, r.start);

    // structure
    if (r.type === undefined) {
      emit(
        DiagnosticCode.MissingType,
        sMissingType,
        'This record has no TY line, so readers cannot tell what kind of reference it is (citation-js fails on it, rispy skips it). Add `TY  - JOUR` (or the right type) as its first line.',
        r.start,
        firstLineEnd,
        { recordIndex: ri },
      );
    } else if (r.type.length === 0) {
      const ty = fields[0]!;
      emit(
        DiagnosticCode.MissingType,
        sMissingType,
        'The TY line of this record is empty, so readers cannot tell what kind of reference it is. Write the type, e.g. `TY  - JOUR`.',
        ty.tagStart,
        ty.end,
        { recordIndex: ri, fieldIndex: 0 },
      );
    }
    if (r.unterminated !== undefined) {
      const lastLineStart = lineStartAt(text, r.end);
      const next = records[ri + 1];
      if (r.unterminated === 'next-type') {
        emit(
          DiagnosticCode.MissingEnd,
          sMissingEnd,
          `This record has no ER line, so the next record's TY${next ? ` (line ${next.startLine + 1})` : ''} starts a new one while this one is still open; rispy, JabRef and pandoc merge the two records. Add \`ER  - \` after the last field.`,
          lastLineStart,
          r.end,
          { recordIndex: ri, reason: 'next-type' },
        );
        if (pandocOn) {
          emit(
            DiagnosticCode.PandocIncompatible,
            sPandoc,
            `pandoc merges this record with the next one: it has no ER line, so pandoc reads on into the next record (one reference with both sets of authors and years). Add \`ER  - \` after the last field.`,
            lastLineStart,
            r.end,
            { recordIndex: ri, reason: 'next-type', pandoc: 'merged-records' },
          );
        }
      } else {
        emit(
          DiagnosticCode.MissingEnd,
          sMissingEnd,
          'This record has no ER line: the file ends first. rispy drops this record and pandoc rejects the file. Add `ER  - ` after the last field.',
          lastLineStart,
          r.end,
          { recordIndex: ri, reason: 'end-of-file' },
        );
        if (pandocOn) {
          emit(
            DiagnosticCode.PandocIncompatible,
            sPandoc,
            'pandoc rejects the whole bibliography: the last record has no ER line (it stops at the end of the file). Add `ER  - ` after the last field.',
            lastLineStart,
            r.end,
            { recordIndex: ri, reason: 'end-of-file', pandoc: 'missing-final-end' },
          );
        }
      }
    }
    if (pandocOn && r.blankLines.length > 0) {
      const spans = recordBlankLineSpans(text, r);
      let k = 0;
      while (k < spans.length) {
        if (spans[k]!.phantom) {
          k++;
          continue;
        }
        let m = k;
        while (m + 1 < spans.length && !spans[m + 1]!.phantom && spans[m + 1]!.line === spans[m]!.line + 1) m++;
        const first = spans[k]!;
        const lastSpan = spans[m]!;
        const count = m - k + 1;
        const lines: number[] = [];
        for (let q = k; q <= m; q++) lines.push(spans[q]!.line);
        emit(
          DiagnosticCode.PandocIncompatible,
          sPandoc,
          `pandoc rejects the whole bibliography: ${count === 1 ? 'a blank line' : `${count} blank lines`} inside a record (it stops with "${pandocUnexpected(text, first.start) ?? 'a parse error'}"). Blank lines may only come after ER. Remove ${plural(count, 'it', 'them')} (a paragraph that follows is joined to the value above).`,
          first.start,
          nextLineStart(text, lastSpan.end),
          { recordIndex: ri, pandoc: 'blank-lines', lines },
        );
        k = m + 1;
      }
    }

    // fields
    let hasTitle = false;
    let hasAuthor = false;
    let hasYear = false;
    // For duplicate keys: the first DO, title and primary author, and the best year (PY > Y1 > DA).
    let dupDoi: string | undefined;
    let dupTitle: string | undefined;
    let dupAuthor: string | undefined;
    let dupYear: string | undefined;
    let dupYearRank = 9;
    let idSeen = false;
    let spIndex = -1;
    let epIndex = -1;
    if (checkRepeats) firstValueByTag.clear();

    for (let fi = 0; fi < fields.length; fi++) {
      const f = fields[fi]!;
      const tag = f.tag;
      const value = f.value;

      if (f.issues.length > 0) {
        for (const issue of f.issues) {
          const [s, e] = issueRange(f, issue);
          let level = sMalformed;
          let message = issueMessage(text, f, issue, false);
          if (houseStyle && issue === 'separator-spacing') {
            if (houseStyleReported) level = capSeverity(sMalformed, 'hint');
            else message += ` The file writes ${styleCount} tag lines this way: "Rewrite the malformed tag lines" fixes them all.`;
            houseStyleReported = true;
          }
          emit(DiagnosticCode.MalformedTagLine, level, message, s, e, {
            recordIndex: ri,
            fieldIndex: fi,
            issue,
          });
          if (pandocOn && pandocRejectsIssue(issue, false)) {
            emit(
              DiagnosticCode.PandocIncompatible,
              sPandoc,
              `pandoc rejects the whole bibliography: ${issue === 'lowercase-tag' ? 'a lower-case tag' : issue === 'indented' ? 'an indented tag line' : issue === 'long-tag' ? `\`${tag}\` is not a two-character tag` : 'no space after the hyphen'} (it stops with "${pandocUnexpected(text, f.lineStart) ?? 'a parse error'}"). ${issue === 'long-tag' ? `Move the value into a note: \`N1  - ${tag}: …\`.` : `Write \`${tag}  - \`.`}`,
              s,
              e,
              { recordIndex: ri, fieldIndex: fi, issue, pandoc: 'tag-line' },
            );
          }
        }
      }

      if (pandocOn) {
        // A separator pandoc cannot read (`AU  -\u00a0Doe`); lines with a rejected issue are reported above.
        const sp = pandocSeparatorProblem(text, f);
        if (sp !== undefined && !f.issues.some((issue) => pandocRejectsIssue(issue, false))) {
          emit(
            DiagnosticCode.PandocIncompatible,
            sPandoc,
            `pandoc rejects the whole bibliography: the separator after ${tag} contains ${describeSpace(sp.char)}, which pandoc does not read as a space (it stops with "${sp.unexpected}"). Write \`${tag}  - \` with ordinary spaces.`,
            f.tagEnd,
            Math.max(f.valueStart, f.tagEnd + 1),
            { recordIndex: ri, fieldIndex: fi, pandoc: 'separator' },
          );
        }
      }

      if (tag.length === 2 && sUnknownTag !== 'ignore' && !tagFlags(tag).known) {
        emit(
          DiagnosticCode.UnknownTag,
          sUnknownTag,
          `\`${tag}\` is not a RIS tag: neither specification nor any known exporter uses it, so readers drop its value. Check for a typo, or move the value into a note (N1).`,
          f.tagStart,
          f.tagEnd,
          { recordIndex: ri, fieldIndex: fi },
        );
      }

      if (f.continuations.length > 0 && pandocOn) {
        const c0 = f.continuations[0]!;
        const cl = f.continuations[f.continuations.length - 1]!;
        const n = f.continuations.length;
        emit(
          DiagnosticCode.PandocIncompatible,
          sPandoc,
          `pandoc rejects the whole bibliography: ${n === 1 ? 'an untagged continuation line' : `${n} untagged continuation lines`} under ${tag} (it stops with "${pandocUnexpected(text, c0.lineStart) ?? 'a parse error'}"). ${LIST_TAGS.has(tag) ? `Put each on its own \`${tag}  - \` line.` : `Join ${plural(n, 'it', 'them')} to the ${tag} value.`}`,
          c0.start,
          cl.end,
          { recordIndex: ri, fieldIndex: fi, pandoc: 'continuation' },
        );
      }

      if (value.length === 0) {
        if (tag !== 'TY') {
          emit(
            DiagnosticCode.EmptyValue,
            sEmpty,
            `${tag} has no value. Fill it in, or delete the line.`,
            f.tagStart,
            f.end,
            { recordIndex: ri, fieldIndex: fi },
          );
        }
        continue;
      }

      switch (tag) {
        case 'TI':
        case 'T1':
        case 'CT':
        case 'BT':
          hasTitle = true;
          if (dupTitle === undefined) dupTitle = value;
          break;
        case 'AU':
        case 'A1':
          hasAuthor = true;
          if (dupAuthor === undefined) dupAuthor = value;
          break;
        case 'A2':
        case 'A3':
        case 'A4':
        case 'ED':
          hasAuthor = true;
          break;
        default:
          break;
      }

      switch (tag) {
        case 'TY': {
          if (sUnknownType !== 'ignore' && !isStandardType(value) && value.toUpperCase() !== 'WEB') {
            const info = getTypeInfo(value);
            // `TY  - BOOKAU  - Colman, J.`: the suggestion is for the type before the glued tag line.
            const glued = gluedTagLineInType(f.lineValue);
            const near = nearestType(glued !== undefined ? f.lineValue.slice(0, glued) : value);
            const pandocType = info?.pandocType.replace(/^\(unknown -> (\w+)\)$/, '$1');
            const msg = info
              ? `\`${shown(value, 40)}\` is not a type of either RIS specification${info.notes ? ` (${info.notes})` : ''}; most readers treat the record as a generic reference${pandocType ? ` (pandoc makes it \`${pandocType}\`)` : ''}.`
              : glued !== undefined
                ? `\`${shown(value, 40)}\` is not a RIS reference type: the line \`${f.lineValue.slice(glued, glued + 2)}  - …\` is glued to the type (a lost line break); readers will treat the record as a generic reference and lose that field.`
                : `\`${shown(value, 40)}\` is not a RIS reference type; readers will treat the record as a generic reference.`;
            const nearInfo = near !== undefined ? getTypeInfo(near) : undefined;
            emit(
              DiagnosticCode.UnknownType,
              sUnknownType,
              `${msg}${near !== undefined ? ` The nearest known type is \`${near}\`${nearInfo ? ` (${nearInfo.name})` : ''}.` : ' Use a known type such as `JOUR`, `BOOK` or `GEN`.'}`,
              f.valueStart,
              f.valueEnd,
              near !== undefined ? { recordIndex: ri, fieldIndex: fi, suggestion: near } : { recordIndex: ri, fieldIndex: fi },
            );
          }
          break;
        }
        case 'PY':
        case 'Y1':
        case 'DA':
        case 'Y2': {
          if (tag !== 'Y2') {
            hasYear = true;
            if (checkDuplicates) {
              const rank = tag === 'PY' ? 0 : tag === 'Y1' ? 1 : 2;
              if (rank < dupYearRank) {
                const y = yearIn(value);
                if (y !== undefined) {
                  dupYear = y;
                  dupYearRank = rank;
                }
              }
            }
          }
          if (sDate !== 'ignore') {
            const p = checkDateValue(tag, value);
            if (p !== undefined) {
              const s = p.level === 'note' ? capSeverity(sDate, 'hint') : sDate;
              const data: DiagnosticData = { recordIndex: ri, fieldIndex: fi };
              if (p.suggestion !== undefined) data.suggestion = p.suggestion;
              emit(DiagnosticCode.InvalidDate, s, p.message, f.valueStart, f.continuations.length > 0 ? f.end : f.valueEnd, data);
            }
          }
          break;
        }
        case 'DO': {
          if (dupDoi === undefined) dupDoi = value;
          if (sDoi !== 'ignore') {
            const p = checkDoiValue(value);
            if (p !== undefined) {
              const s = p.level === 'note' ? capSeverity(sDoi, 'hint') : sDoi;
              const data: DiagnosticData = { recordIndex: ri, fieldIndex: fi };
              if (p.suggestion !== undefined) data.suggestion = p.suggestion;
              emit(DiagnosticCode.InvalidDoi, s, p.message, f.valueStart, f.continuations.length > 0 ? f.end : f.valueEnd, data);
            }
          }
          break;
        }
        case 'SN': {
          if (checkSn) {
            const problems = checkStandardNumbers(value);
            for (const p of problems) {
              const code = p.kind === 'issn' ? DiagnosticCode.InvalidIssn : DiagnosticCode.InvalidIsbn;
              const s = p.kind === 'issn' ? sIssn : sIsbn;
              // Locate the token in the file (it may be on a continuation line).
              let at = text.indexOf(p.token, f.valueStart);
              if (at < 0 || at > f.end) at = -1;
              emit(code, s, p.message, at >= 0 ? at : f.valueStart, at >= 0 ? at + p.token.length : f.end, {
                recordIndex: ri,
                fieldIndex: fi,
              });
            }
          }
          break;
        }
        case 'SP':
          if (spIndex < 0) spIndex = fi;
          break;
        case 'EP':
          if (epIndex < 0) epIndex = fi;
          break;
        case 'ID': {
          // pandoc uses a record's first ID only.
          if (sDupId !== 'ignore' && !idSeen) {
            idSeen = true;
            const prev = firstIdField.get(value);
            if (prev === undefined) {
              firstIdField.set(value, f);
            } else if (prev.lineStart < r.start) {
              const own = keyed()[ri];
              const renamed =
                own !== undefined && own.recordIndex === ri && own.mergedInto === undefined && own.key !== value
                  ? `renames this one \`${own.key}\``
                  : `renames the later ones \`${value}a\`, \`${value}b\`…`;
              emit(
                DiagnosticCode.DuplicateId,
                sDupId,
                `Another record (line ${prev.line + 1}) already has ID \`${value}\`. Within one file pandoc keeps the first as \`${value}\` and ${renamed}, so \`${formatCitationKey(value)}\` cites the other record, and this one's key changes whenever a record with this ID is added or removed. (Across the files of one bibliography pandoc renames nothing: the record of the later file hides the earlier one.) Give this record its own ID.`,
                f.valueStart,
                f.valueEnd,
                { recordIndex: ri, fieldIndex: fi },
                [{ message: `First record with ID ${value}`, location: { uri, start: prev.valueStart, end: prev.valueEnd } }],
              );
            }
          }
          break;
        }
        default:
          break;
      }

      if (checkRepeats && tag !== 'TY' && tagFlags(tag).singleValued) {
        const firstIndex = firstValueByTag.get(tag);
        if (firstIndex === undefined) {
          firstValueByTag.set(tag, fi);
        } else {
          const first = fields[firstIndex]!;
          if (first.value !== value && first.value.length > 0) {
            emit(
              DiagnosticCode.RepeatedTag,
              sRepeated,
              `${tag} appears more than once in this record, with a different value than on line ${first.line + 1}. RIS allows one ${tag} per record and most readers (pandoc, rispy, biblatex-csl-converter) keep only the first. Keep the right value, or move this one into a note (N1).`,
              f.tagStart,
              f.valueEnd,
              { recordIndex: ri, fieldIndex: fi, firstFieldIndex: firstIndex },
              [{ message: `First ${tag} of this record`, location: { uri, start: first.tagStart, end: first.valueEnd } }],
            );
          }
        }
      }
    }

    // The ER line's own form.
    const et = r.endTag;
    if (et !== undefined && et.issues.length > 0) {
      for (const issue of et.issues) {
        const [s, e] = issueRange(et, issue);
        emit(DiagnosticCode.MalformedTagLine, sMalformed, issueMessage(text, et, issue, true), s, e, {
          recordIndex: ri,
          endTag: true,
          issue,
        });
        if (pandocOn && pandocRejectsIssue(issue, true)) {
          emit(
            DiagnosticCode.PandocIncompatible,
            sPandoc,
            `pandoc rejects the whole bibliography: ${issue === 'lowercase-tag' ? 'a lower-case ER' : 'an indented ER line'} (it stops with "${pandocUnexpected(text, et.lineStart) ?? 'a parse error'}"). Write \`ER  - \` at the start of the line.`,
            s,
            e,
            { recordIndex: ri, endTag: true, issue, pandoc: 'tag-line' },
          );
        }
      }
    }

    // pages
    if (sPages !== 'ignore' && (spIndex >= 0 || epIndex >= 0)) {
      const spf = spIndex >= 0 ? fields[spIndex] : undefined;
      const epf = epIndex >= 0 ? fields[epIndex] : undefined;
      for (const { field, problem } of checkPages(spf?.value, epf?.value)) {
        const f = field === 'SP' ? spf! : epf!;
        const data: DiagnosticData = { recordIndex: ri, fieldIndex: field === 'SP' ? spIndex : epIndex };
        if (problem.suggestion !== undefined) data.suggestion = problem.suggestion;
        emit(DiagnosticCode.InvalidPages, sPages, problem.message, f.valueStart, f.continuations.length > 0 ? f.end : f.valueEnd, data);
      }
    }

    // missing fields
    if (sMissingField !== 'ignore' && (!hasTitle || !hasAuthor || !hasYear) && fields.length > 0) {
      const missing: string[] = [];
      const parts: string[] = [];
      if (!hasTitle) {
        missing.push('title');
        parts.push('no title (TI or T1)');
      }
      if (!hasAuthor) {
        missing.push('author');
        parts.push('no author (AU or A1)');
      }
      if (!hasYear) {
        missing.push('year');
        parts.push('no year (PY, Y1 or DA)');
      }
      const consequence = !hasAuthor || !hasYear ? ' Citations will show it without them, and pandoc builds its key from the authors and year.' : ' Citations will show it without one.';
      emit(
        DiagnosticCode.MissingField,
        sMissingField,
        `This record has ${parts.length === 3 ? `${parts[0]}, ${parts[1]} and ${parts[2]}` : parts.join(' and ')}.${consequence} Add ${missing.length === 1 ? 'it' : 'them'} if you know ${missing.length === 1 ? 'it' : 'them'}.`,
        r.start,
        firstLineEnd,
        { recordIndex: ri, missing },
      );
    }

    // duplicates
    if (checkDuplicates) {
      const keys = cachedDuplicateKeys(r, () => duplicateKeysFrom(dupDoi, dupTitle, dupAuthor, dupYear));
      // Common case: no duplicate. Nothing is allocated beyond the keys and one Map entry each.
      let found: DuplicateHit[] | undefined;
      for (let k = 0; k < keys.length; k++) {
        const key = keys[k]!;
        const prev = dupWithinFile.get(key);
        if (prev === undefined) dupWithinFile.set(key, ri);
        else (found ??= []).push({ key, uri, recordIndex: prev, line: records[prev]!.startLine, within: true });
        if (options.duplicates !== undefined) {
          const others = options.duplicates.recordsWithKey(key, uri);
          for (let o = 0; o < others.length; o++) {
            const other = others[o]!;
            if (other.uri === uri) continue;
            (found ??= []).push({ key, uri: other.uri, recordIndex: other.recordIndex, line: other.line, within: false });
          }
        }
      }
      if (found !== undefined) emitDuplicate(ri, r, firstLineEnd, found);
    }
  }

  // ---- bare CRs that pandoc would turn into a merged line
  if (pandocOn && doc.strayCarriageReturns.length > 0) {
    for (const m of pandocMergingCarriageReturns(doc)) {
      emit(
        DiagnosticCode.PandocIncompatible,
        sPandoc,
        `pandoc joins this line to the one above: they are separated by a bare CR, which pandoc deletes, so ${m.nextTag !== undefined ? `\`${m.nextTag}  - …\` becomes part of the ${m.prevTag ?? 'previous'} value` : 'the two lines become one'}. Replace the bare CR with a normal line break.`,
        m.offset + 1,
        m.nextLineEnd,
        { pandoc: 'stray-cr', offset: m.offset },
      );
    }
  }

  // ---- the end of the file and its line endings, as `pandoc --bibliography` reads them
  if (pandocOn && records.length > 0) {
    if (doc.newline === '\r') {
      const firstEnd = lineEndAt(text, bomEnd);
      emit(
        DiagnosticCode.PandocIncompatible,
        sPandoc,
        'pandoc rejects the whole bibliography: the lines of this file end with a bare CR (classic Mac line endings). pandoc deletes every CR, so it reads the file as one long line. Convert the line endings to CRLF or LF.',
        bomEnd,
        Math.max(firstEnd, bomEnd + 1),
        { pandoc: 'cr-line-endings' },
      );
    } else {
      const fin = pandocFinalEndWithoutLineBreak(doc);
      if (fin !== undefined) {
        const bareCr = text.indexOf('\r', fin.end) >= 0;
        emit(
          DiagnosticCode.PandocIncompatible,
          sPandoc,
          `pandoc rejects the whole bibliography: the file ends with this ER line and no line break after it${bareCr ? ' (the bare CR that follows does not count: pandoc deletes it)' : ''}. \`pandoc --citeproc --bibliography\` stops with "unexpected end of input" (only \`pandoc -f ris\` adds the missing line break). Add a line break at the end of the file.`,
          fin.start,
          Math.max(fin.end, fin.start + 1),
          { pandoc: 'final-newline' },
        );
      }
    }
  }

  // ---- citation keys (linear: one pass over the records' key fields)
  if (sUncitable !== 'ignore' || sUnpinned !== 'ignore') {
    for (const d of keyDiagnostics(uri, doc, sev, keyed())) out.push(d);
  }

  out.sort((a, b) => a.start - b.start || a.end - b.end);
  return out;
}

/** A bare CR that pandoc deletes, merging two lines in a way that changes what pandoc reads. */
export interface MergingCarriageReturn {
  /** Offset of the CR. */
  readonly offset: number;
  /** End of the line after it. */
  readonly nextLineEnd: number;
  /** The tags of the line before and the line after, when they are tag lines. */
  readonly prevTag: string | undefined;
  readonly nextTag: string | undefined;
}

/**
 * The bare CRs (`doc.strayCarriageReturns`) that matter to pandoc, which deletes every CR: those
 * whose merge swallows a tag line pandoc reads (or `ER`), or glues a tag line onto a value pandoc
 * reads (the line before the CR may be a continuation line of that value). A CR followed by another
 * line break (`\r\r\n`), a CR that ends an empty line (`\n\rTY  - …`: the next line keeps its start)
 * and a CR between two tags pandoc ignores (WoS `WE …\rAN …`, `AD …\rAD …`) are harmless and left out.
 */
export function pandocMergingCarriageReturns(doc: RisDocument): MergingCarriageReturn[] {
  const text = doc.text;
  const out: MergingCarriageReturn[] = [];
  const records = doc.records;
  // The field a line before a CR belongs to, found by walking records and fields in step with the CRs.
  let ri = 0;
  let fi = 0;
  const fieldEndingAt = (cr: number): RisField | undefined => {
    while (ri < records.length && records[ri]!.end < cr) {
      ri++;
      fi = 0;
    }
    const r = records[ri];
    if (r === undefined || r.start > cr) return undefined;
    while (fi + 1 < r.fields.length && r.fields[fi + 1]!.lineStart <= cr) fi++;
    const f = r.fields[fi];
    return f !== undefined && f.lineStart <= cr && cr <= f.end ? f : undefined;
  };
  for (const cr of doc.strayCarriageReturns) {
    const after = text.charCodeAt(cr + 1);
    if (after === 10 || after === 13 || cr + 1 >= text.length) continue;
    // An empty line ended by a bare CR (after a LF, or first): merged, the next line keeps its start.
    if (cr === 0 || text.charCodeAt(cr - 1) === 10) continue;
    const nextLineEnd = lineEndAt(text, cr + 1);
    const nextTag = parseTagLine(text.slice(cr + 1, nextLineEnd))?.tag;
    // A continuation line is part of its field's value: the merge glues the next line onto that value.
    const prevTag = parseTagLine(text.slice(lineStartAt(text, cr), cr))?.tag ?? fieldEndingAt(cr)?.tag;
    const harmful =
      (nextTag !== undefined && (PANDOC_READ_TAGS.has(nextTag) || nextTag === 'ER')) ||
      (prevTag !== undefined && PANDOC_READ_TAGS.has(prevTag) && nextTag !== undefined);
    if (harmful) out.push({ offset: cr, nextLineEnd, prevTag, nextTag });
  }
  return out;
}

/**
 * Where a tag line glued to a `TY` line's value starts, or undefined: `BOOKAU  - Colman, J.` gives 4
 * (`TY  - BOOK` lost the line break before `AU  - Colman, J.`). Looks for a known tag (not TY or ER)
 * written `XX  - ` in the first 48 characters only (a type is short), after at least one character; prefers a split
 * that leaves a known type before it.
 */
export function gluedTagLineInType(value: string): number | undefined {
  const n = Math.min(value.length - 4, 48);
  let first: number | undefined;
  for (let i = 1; i < n; i++) {
    const c = value.charCodeAt(i);
    if (c < 65 || c > 90) continue;
    if (value.charCodeAt(i + 2) !== 32 || value.charCodeAt(i + 3) !== 32 || value.charCodeAt(i + 4) !== 45) continue;
    const after = value.charCodeAt(i + 5);
    if (!(Number.isNaN(after) || after === 32 || after === 9)) continue;
    const tag = value.slice(i, i + 2);
    // Not TY or ER: splitting those off would start or end a record.
    if (!isKnownTag(tag) || tag === 'TY' || tag === 'ER') continue;
    const type = value.slice(0, i).trim();
    if (type.length === 0) continue;
    if (isKnownType(type)) return i;
    first ??= i;
  }
  return first;
}

/** Tags whose continuation lines are separate values (one keyword, author or link per line). */
export const LIST_TAGS: ReadonlySet<string> = new Set(['KW', 'AU', 'A1', 'A2', 'A3', 'A4', 'SN', 'UR', 'L1', 'L2', 'L3', 'L4', 'AD']);

function baseName(u: string): string {
  const i = Math.max(u.lastIndexOf('/'), u.lastIndexOf('\\'));
  return i >= 0 ? u.slice(i + 1) : u;
}

/** One record found with the same key as the record being validated. */
interface DuplicateHit {
  readonly key: string;
  readonly uri: string;
  readonly recordIndex: number;
  readonly line: number;
  /** True for a record of this file (found by validation itself), false for one from the lookup. */
  readonly within: boolean;
}
