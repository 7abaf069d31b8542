/**
 * Reading a record's key lines as pandoc's RIS reader reads them, and the key they make (see the
 * rule in `pandocKeys.ts`): from the record's text (bare CRs, Haskell whitespace, tag lines pandoc
 * accepts), from the key lines of a record of plain tag lines alone, or from the parsed fields.
 */

import { isBlankLine, parseTagLine } from '../ris/parser';
import type { RisRecord } from '../ris/model';
import type { ParsedRecord } from '../ris/records';
import { UnitBuffer } from '../text/unitBuffer';
import { isHsSpace } from './keySyntax';

// ---------------------------------------------------------------------------------------------
// Haskell's notion of whitespace

/** The first offset in `[from, to)` of `text` that is not Haskell whitespace (`to` when there is none). */
function hsSkipStart(text: string, from: number, to: number): number {
  while (from < to && isHsSpace(text.charCodeAt(from))) from++;
  return from;
}

/** The end of `[from, to)` of `text` without its trailing Haskell whitespace. */
function hsSkipEnd(text: string, from: number, to: number): number {
  while (to > from && isHsSpace(text.charCodeAt(to - 1))) to--;
  return to;
}

/** `Data.Text.strip`: removes Haskell whitespace from both ends. */
function hsStrip(s: string): string {
  const a = hsSkipStart(s, 0, s.length);
  const b = hsSkipEnd(s, a, s.length);
  return a === 0 && b === s.length ? s : s.slice(a, b);
}

// ---------------------------------------------------------------------------------------------
// Base keys

/** The tags pandoc builds a key from. */
const KEY_TAGS: ReadonlySet<string> = new Set(['ID', 'AU', 'A1', 'PY', 'Y1']);

/** A tag and its value as pandoc reads them. */
export interface KeyField {
  readonly tag: string;
  value: string;
}

/** The key a set of fields gives, and whether it came from an `ID` line. */
export interface BaseKey {
  readonly key: string;
  readonly fromId: boolean;
  /**
   * For a generated key read from the parsed record's fields alone ({@link plainRecordKey}): whether
   * the record has an `ID` field (an empty one, or a later one). Undefined when not known.
   */
  readonly idLine?: boolean;
}

/** The key pandoc makes of a record's key fields, in file order: its first `ID` value, or a key generated from its authors and years. */
export function keyFromFields(fields: readonly KeyField[]): BaseKey {
  for (const f of fields) {
    if (f.tag === 'ID') {
      if (f.value.length > 0) return { key: f.value, fromId: true };
      break; // the first ID line decides; an empty one falls through to the generated key
    }
  }
  // The parts are joined once: a key built with `+` was a tree of concatenations, kept with the
  // record (and flattened into another string at the first map lookup).
  let authors: string[] | undefined;
  let dates: string[] | undefined;
  for (const f of fields) {
    if (f.tag === 'AU' || f.tag === 'A1') (authors ??= []).push(firstWord(f.value));
    else if (f.tag === 'PY' || f.tag === 'Y1') (dates ??= []).push(f.value);
  }
  return generatedKey(authors, dates);
}

/**
 * {@link readKeyFields}'s key of a parsed record whose every field is a plain tag line (see
 * `ParsedField.plainLineEnd`) and whose document has no bare CR, read from the key fields' own lines
 * instead of every line of the record; undefined for any other record (then read in full). Such a
 * record has no continuation line and no line pandoc would join to another, so its key fields are
 * pandoc's: their tag lines, each read as pandoc reads one (a key line pandoc would not take for a
 * tag line leaves the record to the full reading). A generated key is written into {@link keyBuffer}
 * from the text in place: the authors' first words as they come, the years (which follow every
 * author in the key) from the places noted in {@link dateRanges}.
 */
export function plainRecordKey(record: ParsedRecord): BaseKey | undefined {
  const { text, base } = record.ownText();
  const start = record.start - base;
  const key = keyBuffer;
  key.count = 0;
  let authors = 0;
  let dates = 0;
  let idLine = false;
  for (const f of record.fields) {
    const lineEnd = f.plainLineEnd();
    if (lineEnd < 0) return undefined;
    const tag = f.tag;
    if (!KEY_TAGS.has(tag)) continue;
    const le = start + lineEnd;
    const j = tagLineValueStart(text, start + f.relLineStart, le);
    if (j < 0) return undefined;
    // No CR is inside the line: the document has no bare CR, and a CRLF's CR is after `le`.
    if (tag === 'AU' || tag === 'A1') {
      // The first word, copied from the text: the value itself is not needed.
      const a = hsSkipStart(text, j, le);
      if (authors++ > 0) key.push(95); // _
      key.pushRange(text, a, firstWordEnd(text, a, le));
      continue;
    }
    if (hasCr(text, j, le)) return undefined;
    const a = hsSkipStart(text, j, le);
    const b = hsSkipEnd(text, a, le);
    if (tag === 'ID') {
      // The first ID line decides; an empty one leaves the key to be generated.
      if (!idLine && b > a) return { key: text.slice(a, b), fromId: true };
      idLine = true;
    } else {
      if (2 * dates + 2 > dateRanges.length) dateRanges = widened(dateRanges);
      dateRanges[2 * dates] = a;
      dateRanges[2 * dates + 1] = b;
      dates++;
    }
  }
  for (let d = 0; d < dates; d++) {
    key.push(95);
    key.pushRange(text, dateRanges[2 * d]!, dateRanges[2 * d + 1]!);
  }
  return { key: key.take(), fromId: false, idLine };
}

/** The generated key being written (see {@link plainRecordKey}). */
const keyBuffer = new UnitBuffer();

/** Start and end offsets of the `PY` and `Y1` values of the record being read (see {@link plainRecordKey}). */
let dateRanges: Int32Array = new Int32Array(16);

/** `a` copied into an array twice as long. */
function widened(a: Int32Array): Int32Array {
  const w = new Int32Array(a.length * 2);
  w.set(a);
  return w;
}

/** True when `[from, to)` of `text` holds a `\r` (which pandoc would remove first). */
function hasCr(text: string, from: number, to: number): boolean {
  for (let k = from; k < to; k++) if (text.charCodeAt(k) === 13) return true;
  return false;
}

/** Where the word starting at `from` ends: at the first comma or whitespace before `to`. */
function firstWordEnd(text: string, from: number, to: number): number {
  let e = from;
  while (e < to) {
    const c = text.charCodeAt(e);
    if (c === 44 || isHsSpace(c)) break;
    e++;
  }
  return e;
}

/** An author value cut at its first comma or whitespace (what pandoc keeps of it for a key). */
function firstWord(v: string): string {
  return v.slice(0, firstWordEnd(v, 0, v.length));
}

/** Authors joined with `_`, then `_` and each date (`_2019` alone when there is no author), joined once. */
function generatedKey(authors: string[] | undefined, dates: readonly string[] | undefined): BaseKey {
  const parts = authors === undefined ? [''] : authors;
  if (dates !== undefined) for (const d of dates) parts.push(d);
  return { key: parts.length === 1 ? parts[0]! : parts.join('_'), fromId: false };
}

/**
 * Reads `[start, end)` of `text` as pandoc's RIS reader does, keeping only the fields a key is made
 * of: CRs are removed, lines end at LF, a line `XX<spaces>-<spaces>value` (tag of two characters
 * `[A-Z0-9]`) is a field whose value is stripped of Haskell whitespace, and reading stops at an `ER`
 * line. Lines pandoc would reject are read as this project's parser reads them: a tag line it
 * tolerates (lower case, indented, `PMID  -`, glued hyphen) is a field, and any other non-blank line
 * continues the previous field's value (joined with a space, or a blank line).
 */
export function readKeyFields(text: string, start: number, end: number): KeyField[] {
  const out: KeyField[] = [];
  let last: KeyField | null = null; // the last field when it is a key field, else null
  let afterBlank = false;
  let p = start;
  while (p < end) {
    let nl = text.indexOf('\n', p);
    if (nl < 0 || nl > end) nl = end;
    const j = tagLineValueStart(text, p, nl);
    if (j >= 0) {
      const c0 = text.charCodeAt(p);
      const c1 = text.charCodeAt(p + 1);
      const keyTag = keyTagOf(c0, c1);
      if (keyTag === undefined && !(c0 === 69 && c1 === 82)) {
        // Not a key field (nor ER), and it ends the previous one: no need to copy the line.
        last = null;
        afterBlank = false;
        p = nl + 1;
        continue;
      }
      // A key field without a CR is read in place; ER and the rest are read in full below.
      const inPlace = keyTag === undefined ? undefined : valueInPlace(text, j, nl);
      if (keyTag !== undefined && inPlace !== undefined) {
        last = { tag: keyTag, value: inPlace };
        out.push(last);
        afterBlank = false;
        p = nl + 1;
        continue;
      }
    }
    let line = text.slice(p, nl);
    p = nl + 1;
    if (line.indexOf('\r') >= 0) line = line.replace(/\r/g, '');
    let tag: string | undefined;
    let value = '';
    const c0 = line.charCodeAt(0);
    const c1 = line.charCodeAt(1);
    if (isTagChar(c0) && isTagChar(c1)) {
      let i = 2;
      while (i < line.length && (line.charCodeAt(i) === 32 || line.charCodeAt(i) === 9)) i++;
      if (i > 2 && line.charCodeAt(i) === 45) {
        const j = i + 1;
        if (j === line.length) tag = line.slice(0, 2);
        else if (line.charCodeAt(j) === 32 || line.charCodeAt(j) === 9) {
          tag = line.slice(0, 2);
          value = hsStrip(line.slice(j));
        }
      }
    }
    if (tag === undefined) {
      if (isBlankLine(line)) {
        afterBlank = true;
        continue;
      }
      const info = parseTagLine(line);
      if (info !== undefined) {
        tag = info.tag;
        value = info.value;
      } else {
        if (last !== null) {
          const part = line.trim();
          last.value = last.value.length === 0 ? part : last.value + (afterBlank ? '\n\n' : ' ') + part;
        }
        afterBlank = false;
        continue;
      }
    }
    afterBlank = false;
    if (tag === 'ER') break;
    if (KEY_TAGS.has(tag)) {
      last = { tag, value };
      out.push(last);
    } else {
      last = null;
    }
  }
  return out;
}

/**
 * Where the value part starts (just after the hyphen) when `[p, nl)` is a line pandoc reads as a tag
 * line (`XX<spaces>-`, then a space, a tab or the line's end), told from the characters in place;
 * -1 otherwise. A `\r` inside the tag or separator (which pandoc would drop first) leaves the line to
 * the full reading in {@link readKeyFields}.
 */
function tagLineValueStart(text: string, p: number, nl: number): number {
  if (p + 2 >= nl || !isTagChar(text.charCodeAt(p)) || !isTagChar(text.charCodeAt(p + 1))) return -1;
  let i = p + 2;
  while (i < nl && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
  if (i === p + 2 || i >= nl || text.charCodeAt(i) !== 45) return -1;
  let j = i + 1;
  while (j < nl && text.charCodeAt(j) === 13) j++;
  if (j < nl && text.charCodeAt(j) !== 32 && text.charCodeAt(j) !== 9) return -1;
  return i + 1;
}

/** `[j, nl)` stripped of Haskell whitespace, when it holds no `\r` (which pandoc would remove first). */
function valueInPlace(text: string, j: number, nl: number): string | undefined {
  if (hasCr(text, j, nl)) return undefined;
  const a = hsSkipStart(text, j, nl);
  return text.slice(a, hsSkipEnd(text, a, nl));
}

/** The key tag (see {@link KEY_TAGS}) written `c0 c1`, or undefined. */
function keyTagOf(c0: number, c1: number): string | undefined {
  if (c0 === 65 && c1 === 85) return 'AU';
  if (c0 === 65 && c1 === 49) return 'A1';
  if (c0 === 80 && c1 === 89) return 'PY';
  if (c0 === 89 && c1 === 49) return 'Y1';
  if (c0 === 73 && c1 === 68) return 'ID';
  return undefined;
}

/** `[A-Z0-9]` */
function isTagChar(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
}

/** The key of `record`: read from its lines in `text` as pandoc reads them, or from its parsed fields without `text`. */
export function recordKey(record: RisRecord, text: string | undefined): BaseKey {
  if (text !== undefined) return keyFromFields(readKeyFields(text, record.start, record.end));
  const fields: KeyField[] = [];
  for (const f of record.fields) if (KEY_TAGS.has(f.tag)) fields.push({ tag: f.tag, value: f.value });
  return keyFromFields(fields);
}

