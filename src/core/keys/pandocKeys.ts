/**
 * Citation keys: the key pandoc gives each RIS record (`pandoc --citeproc --bibliography refs.ris`),
 * how to write a key in Markdown, and "pinned" keys written into the file as an `ID` line.
 *
 * pandoc's rule (src/Text/Pandoc/Readers/RIS.hs, pandoc 2.18 to 3.10, every case below checked with
 * pandoc 3.10 compiled to WebAssembly):
 * - The key is the value of the record's FIRST `ID` line, stripped of surrounding whitespace. When
 *   that first `ID` line is empty, the key is generated, even if a later `ID` line has a value.
 * - The generated key: every `AU` and `A1` line in file order, each cut at its first comma or
 *   whitespace, joined with `_`; then `_` + the raw value of every `PY` and `Y1` line in file order.
 *   An empty `AU  -` line contributes an empty part (`Smith__Doe_2020`).
 * - "Whitespace" is Haskell's `isSpace`: space, tab, LF, VT, FF, CR, NBSP and the other Unicode
 *   space separators (Zs). It does not include U+FEFF, U+2028, U+2029 or U+0085, which JavaScript's
 *   `trim` removes or keeps differently; this module uses Haskell's set wherever it reads raw text.
 * - pandoc removes every CR before parsing (a bare CR joins two lines), and lines end at LF only.
 * - Within one file, a repeated key gets `a`, `b`, … appended (`fixDuplicateIds`): the suffix is the
 *   character after the previous one, so after `z` come `{`, `|`, `}`, `~`, U+007F, U+0080 and so on.
 *   The suffixed key is not registered, so it can collide with an explicit key (`Smith_2020a`).
 * - Files are read one by one: duplicates in different files are NOT renamed. citeproc then keeps
 *   only the LAST reference with a given key (in the whole bibliography, in `--bibliography` order):
 *   earlier ones are dropped from the bibliography and `@key` cites the last one.
 * - An `ER` line that closes nothing makes an extra empty reference (key `""`), and a record whose
 *   `ER` is missing before the next `TY` is read together with the next record as one reference.
 *
 * Markdown (src/Text/Pandoc/Parsing/Citations.hs `citeKey`): a bare `@key` starts with a letter or
 * digit (any script), `_` or `*`, and continues with letters, digits, `_`, single punctuation from
 * `:.#$%&-+?<>~/` followed by a letter, digit or `_`, or `:`/`/` followed by `/`. Any other key is
 * written `@{key}`, where braces must balance and no whitespace is allowed.
 */

import type { RisDocument, RisField, RisRecord } from '../ris/model';
import type { TextEdit } from '../text/edits';
import { isBlankLine, parseTagLine } from '../ris/parser';
import { authorsOf, surnameOf, titleOf, yearOf } from '../ris/recordSummary';

// ---------------------------------------------------------------------------------------------
// Haskell's notion of whitespace

/** True for the characters Haskell's `Data.Char.isSpace` accepts (all of them are in the BMP). */
function isHsSpace(c: number): boolean {
  if (c <= 0x377) return c === 32 || (c >= 9 && c <= 13) || c === 0xa0;
  return c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x202f || c === 0x205f || c === 0x3000;
}

/** `Data.Text.strip`: removes Haskell whitespace from both ends. */
function hsStrip(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && isHsSpace(s.charCodeAt(a))) a++;
  while (b > a && isHsSpace(s.charCodeAt(b - 1))) b--;
  return a === 0 && b === s.length ? s : s.slice(a, b);
}

// ---------------------------------------------------------------------------------------------
// Base keys

/** The tags pandoc builds a key from. */
const KEY_TAGS: ReadonlySet<string> = new Set(['ID', 'AU', 'A1', 'PY', 'Y1']);

/** A tag and its value as pandoc reads them. */
interface KeyField {
  readonly tag: string;
  value: string;
}

/** The key a set of fields gives, and whether it came from an `ID` line. */
interface BaseKey {
  readonly key: string;
  readonly fromId: boolean;
}

function keyFromFields(fields: readonly KeyField[]): BaseKey {
  for (const f of fields) {
    if (f.tag === 'ID') {
      if (f.value.length > 0) return { key: f.value, fromId: true };
      break; // the first ID line decides; an empty one falls through to the generated key
    }
  }
  let authors = '';
  let first = true;
  let dates = '';
  for (const f of fields) {
    if (f.tag === 'AU' || f.tag === 'A1') {
      const v = f.value;
      let e = 0;
      while (e < v.length) {
        const c = v.charCodeAt(e);
        if (c === 44 || isHsSpace(c)) break;
        e++;
      }
      authors += (first ? '' : '_') + v.slice(0, e);
      first = false;
    } else if (f.tag === 'PY' || f.tag === 'Y1') {
      dates += `_${f.value}`;
    }
  }
  return { key: authors + dates, fromId: false };
}

/**
 * Reads `[start, end)` of `text` as pandoc's RIS reader does, keeping only the fields a key is made
 * of: CRs are removed, lines end at LF, a line `XX<spaces>-<spaces>value` (tag of two characters
 * `[A-Z0-9]`) is a field whose value is stripped of Haskell whitespace, and reading stops at an `ER`
 * line. Lines pandoc would reject are read as this project's parser reads them: a tag line it
 * tolerates (lower case, indented, `PMID  -`, glued hyphen) is a field, and any other non-blank line
 * continues the previous field's value (joined with a space, or a blank line).
 */
function readKeyFields(text: string, start: number, end: number): KeyField[] {
  const out: KeyField[] = [];
  let last: KeyField | null = null; // the last field when it is a key field, else null
  let afterBlank = false;
  let p = start;
  while (p < end) {
    let nl = text.indexOf('\n', p);
    if (nl < 0 || nl > end) nl = end;
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

/** `[A-Z0-9]` */
function isTagChar(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
}

function recordKey(record: RisRecord, text: string | undefined): BaseKey {
  if (text !== undefined) return keyFromFields(readKeyFields(text, record.start, record.end));
  const fields: KeyField[] = [];
  for (const f of record.fields) if (KEY_TAGS.has(f.tag)) fields.push({ tag: f.tag, value: f.value });
  return keyFromFields(fields);
}

/**
 * The key pandoc builds for one record, before duplicates are renamed: the first `ID` line's value
 * when it is not empty, else `AU`/`A1` surnames joined with `_` followed by `_` + every `PY`/`Y1`
 * value. Without `text` it uses the parsed fields (a continued value counts in full, values trimmed
 * as the parser trims them); with the document's `text` it re-reads the record's lines exactly as
 * pandoc does (bare CRs, Haskell whitespace, digit tags such as `12  -`).
 */
export function pandocBaseKey(record: RisRecord, text?: string): string {
  return recordKey(record, text).key;
}

/** True when pandoc takes the record's key from an `ID` line (its first `ID` line is not empty). */
export function keyFromId(record: RisRecord, text?: string): boolean {
  return recordKey(record, text).fromId;
}

// ---------------------------------------------------------------------------------------------
// Keys of a bibliography

/** Where a reference of the bibliography is: `recordIndex` is -1 for the empty reference of a stray `ER`. */
export interface ReferenceLocation {
  readonly uri: string;
  readonly recordIndex: number;
  /** 0-based line of the reference's first line. */
  readonly line: number;
}

/**
 * One reference as pandoc reads a bibliography: normally one record, but also the empty reference
 * of an `ER` line that closes nothing (`records` empty, `recordIndex` -1), or several records when
 * an `ER` is missing before the next `TY` (pandoc reads on to the next `ER`).
 */
export interface PandocReference extends ReferenceLocation {
  /** Indexes into the file's `doc.records` of the records read as this reference, in order. */
  readonly records: readonly number[];
  /** The key before duplicates are renamed. */
  readonly baseKey: string;
  /** The key pandoc gives the reference. */
  readonly key: string;
  /** True when the key comes from the (first) `ID` line. */
  readonly fromId: boolean;
  /** The later reference with the same key that citeproc keeps instead of this one, if any. */
  readonly shadowedBy: ReferenceLocation | undefined;
}

/** A record with the key pandoc gives it in a bibliography. */
export interface KeyedRecord {
  readonly uri: string;
  /** Index into the file's `doc.records`. */
  readonly recordIndex: number;
  /** The key before duplicates are renamed. */
  readonly baseKey: string;
  /** The key pandoc gives the record (`baseKey`, or `baseKey` + `a`, `b`, … for a duplicate in its file). */
  readonly key: string;
  /** True when the key comes from the record's (first) `ID` line, so editing authors or years keeps it. */
  readonly fromId: boolean;
  /**
   * When the `ER` of an earlier record is missing, pandoc reads that record and this one as one
   * reference: this is the earlier record's index, and `key` is that reference's key. Undefined normally.
   */
  readonly mergedInto: number | undefined;
  /**
   * A later reference of the bibliography with the same `key` (in a later file, or a suffix that
   * collided with an explicit key). citeproc keeps only the last reference with a key, so this
   * record is dropped from the bibliography and `@key` cites the other one. Undefined normally.
   */
  readonly shadowedBy: ReferenceLocation | undefined;
}

/** The character `fixDuplicateIds` appends for counter `n` (`Data.Text` turns surrogates into U+FFFD). */
function suffixChar(n: number): string {
  if ((n >= 0xd800 && n <= 0xdfff) || n > 0x10ffff) return '\ufffd';
  return String.fromCodePoint(n);
}

/**
 * The keys pandoc gives the records of a bibliography made of `files`, in this order (the order of
 * `--bibliography`). Per file, a repeated key gets `a`, `b`, … appended in file order (pandoc's
 * `fixDuplicateIds`, which also counts the empty reference of a stray `ER` line); keys are not renamed
 * across files, and `shadowedBy` marks each record that a later reference with the same key hides.
 * Returns one entry per record, in file and record order. Linear in the size of the files.
 */
export function assignPandocKeys(files: readonly { uri: string; doc: RisDocument }[]): KeyedRecord[] {
  const out: KeyedRecord[] = [];
  for (const ref of pandocReferences(files)) {
    const head = ref.records[0];
    for (const recordIndex of ref.records) {
      out.push({
        uri: ref.uri,
        recordIndex,
        baseKey: ref.baseKey,
        key: ref.key,
        fromId: ref.fromId,
        mergedInto: recordIndex === head ? undefined : head,
        shadowedBy: ref.shadowedBy,
      });
    }
  }
  return out;
}

/**
 * The references pandoc reads from a bibliography made of `files` (in `--bibliography` order), in
 * the order it reads them, with their keys: what {@link assignPandocKeys} is built on, plus the
 * empty references of stray `ER` lines. For a file pandoc accepts this is exactly pandoc's list
 * (`pandoc -f ris -t csljson` ids); for a file it rejects, the keys it would give once its syntax
 * errors are fixed (continuation lines count in full, tolerated tag lines as the parser reads them).
 */
export function pandocReferences(files: readonly { uri: string; doc: RisDocument }[]): PandocReference[] {
  type Draft = { -readonly [K in keyof PandocReference]: PandocReference[K] };
  const drafts: Draft[] = [];
  const NO_RECORDS: readonly number[] = Object.freeze([]);

  for (const { uri, doc } of files) {
    const { text, records, outside } = doc;
    const counters = new Map<string, number>();
    const disambiguate = (base: string): string => {
      const n = counters.get(base);
      if (n === undefined) {
        counters.set(base, 97);
        return base;
      }
      counters.set(base, n + 1);
      return base + suffixChar(n);
    };
    const add = (recordIndex: number, line: number, members: readonly number[], base: BaseKey): void => {
      const key = disambiguate(base.key);
      drafts.push({ uri, recordIndex, line, records: members, baseKey: base.key, key, fromId: base.fromId, shadowedBy: undefined });
    };
    // pandoc: an ER right after an ER closes an empty reference.
    const EMPTY: BaseKey = { key: '', fromId: false };
    let o = 0; // next outside line
    let prefixStart = -1; // start of orphan tag lines, which pandoc reads as part of the next record
    let i = 0;
    while (i < records.length) {
      const record = records[i]!;
      for (; o < outside.length && outside[o]!.line < record.startLine; o++) {
        const line = outside[o]!;
        if (line.kind === 'end-without-start') {
          add(-1, line.line, NO_RECORDS, EMPTY);
          prefixStart = -1;
        } else if (line.kind === 'tag' && prefixStart < 0) {
          prefixStart = line.lineStart;
        }
      }
      // Without its ER, a record runs on into the next one for pandoc.
      const members = [i];
      while (records[i]!.unterminated === 'next-type' && i + 1 < records.length) members.push(++i);
      const start = prefixStart >= 0 ? prefixStart : record.start;
      prefixStart = -1;
      add(members[0]!, record.startLine, members, keyFromFields(readKeyFields(text, start, records[i]!.end)));
      i++;
    }
    for (; o < outside.length; o++) {
      const line = outside[o]!;
      if (line.kind === 'end-without-start') add(-1, line.line, NO_RECORDS, EMPTY);
    }
  }

  // citeproc keeps the last reference with each key.
  const lastWithKey = new Map<string, number>();
  for (let d = 0; d < drafts.length; d++) lastWithKey.set(drafts[d]!.key, d);
  for (let d = 0; d < drafts.length; d++) {
    const winner = lastWithKey.get(drafts[d]!.key)!;
    if (winner !== d) {
      const w = drafts[winner]!;
      drafts[d]!.shadowedBy = { uri: w.uri, recordIndex: w.recordIndex, line: w.line };
    }
  }
  return drafts;
}

// ---------------------------------------------------------------------------------------------
// Writing keys in Markdown

/** Haskell's `isAlphaNum`: a letter (L*) or a number (Nd, Nl, No) of any script. */
const ALNUM = /^[\p{L}\p{N}]$/u;

function isAlnumAt(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  if (c < 128) return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  const cp = s.codePointAt(i)!;
  return ALNUM.test(String.fromCodePoint(cp));
}

function isRegCharAt(s: string, i: number): boolean {
  return i < s.length && (s.charCodeAt(i) === 95 || isAlnumAt(s, i));
}

function charLengthAt(s: string, i: number): number {
  const c = s.charCodeAt(i);
  return c >= 0xd800 && c <= 0xdbff && i + 1 < s.length ? 2 : 1;
}

const INTERNAL_PUNCTUATION = ':.#$%&-+?<>~/';

/**
 * How much of `key` pandoc's bare `@key` syntax reads (UTF-16 length of the longest prefix that
 * `simpleCiteIdentifier` accepts), 0 when the key cannot start a bare citation.
 */
function bareKeyLength(key: string): number {
  if (key.length === 0) return 0;
  if (!(key.charCodeAt(0) === 95 || key.charCodeAt(0) === 42 || isAlnumAt(key, 0))) return 0;
  let i = charLengthAt(key, 0);
  while (i < key.length) {
    if (isRegCharAt(key, i)) {
      i += charLengthAt(key, i);
      continue;
    }
    const c = key[i]!;
    if (INTERNAL_PUNCTUATION.includes(c) && isRegCharAt(key, i + 1)) {
      i++;
      continue;
    }
    if ((c === ':' || c === '/') && key[i + 1] === '/') {
      i++;
      continue;
    }
    break;
  }
  return i;
}

/** Why a key cannot be cited from Markdown. */
export type CitationKeyProblem =
  /** The key is empty (pandoc 3.10 happens to accept `@{}`, but it is no usable key). */
  | 'empty'
  /** The key contains whitespace, which neither `@key` nor `@{key}` allows. */
  | 'whitespace'
  /** The key contains `{` or `}` that do not pair up, so `@{key}` ends early or never. */
  | 'unbalanced-braces';

/**
 * Why `key` cannot be cited in pandoc Markdown, or undefined when it can (bare or in braces): an
 * empty key, a key with whitespace (Haskell `isSpace`: space, tab, NBSP, other Unicode spaces), or a
 * key whose braces do not balance (`a}b`).
 */
export function citationKeyProblem(key: string): CitationKeyProblem | undefined {
  if (key.length === 0) return 'empty';
  let depth = 0;
  let unbalanced = false;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    if (isHsSpace(c)) return 'whitespace';
    if (c === 123) depth++;
    else if (c === 125 && --depth < 0) unbalanced = true;
  }
  return unbalanced || depth !== 0 ? 'unbalanced-braces' : undefined;
}

/**
 * True when `key` must be written `@{key}`: pandoc's bare syntax would read only part of it (or
 * nothing), e.g. `Doe_n.d.` (a final `.` is not part of a bare key), `Shannon_1948/07//`, `a::b`,
 * `-x`. False for keys such as `Smith_2020`, `_2001`, `Müller_2010`, `2023-15354-001`. For an
 * uncitable key (see {@link citationKeyProblem}) the answer is true, but braces do not help either.
 */
export function needsBraces(key: string): boolean {
  return key.length === 0 || bareKeyLength(key) !== key.length;
}

/** The Markdown for citing `key`: `@key`, or `@{key}` when {@link needsBraces}. */
export function formatCitationKey(key: string): string {
  return needsBraces(key) ? `@{${key}}` : `@${key}`;
}

/** A citation of several keys: `[@a; @b]` (`bracketed`) or `@a; @b` (`bare`, for in-text use). */
export function citationText(keys: readonly string[], style: 'bracketed' | 'bare'): string {
  const body = keys.map(formatCitationKey).join('; ');
  return style === 'bracketed' ? `[${body}]` : body;
}

// ---------------------------------------------------------------------------------------------
// Pinned keys

/** The pattern used when none is configured: `liu2021advances`. */
export const DEFAULT_PIN_PATTERN = '{author}{year}{title}';

/**
 * Words skipped when a title word is taken for a key: articles, prepositions, conjunctions and
 * auxiliaries, in English (and the few French, German, Spanish and Italian articles common in titles).
 */
const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    'a an the of on in into onto for and or nor but to with within without from by at as is are was ' +
    'were be been being am its it this that these those their our your his her via per upon over under ' +
    'about above after against along among amongst around before behind below beneath between beyond ' +
    'during through throughout toward towards until up down off out than then so versus vs do does did ' +
    'not no whether while if when where how what which who whom why can could should would may might ' +
    'will shall must has have had le la les un une des du de del della di der die das den dem ein eine ' +
    'el los las lo et und'
  ).split(' '),
);

/** Letters that NFD does not decompose, folded to ASCII. */
const FOLD: Readonly<Record<string, string>> = {
  ß: 'ss',
  ẞ: 'SS',
  æ: 'ae',
  Æ: 'AE',
  œ: 'oe',
  Œ: 'OE',
  ø: 'o',
  Ø: 'O',
  ł: 'l',
  Ł: 'L',
  đ: 'd',
  Đ: 'D',
  ð: 'd',
  Ð: 'D',
  þ: 'th',
  Þ: 'Th',
  ı: 'i',
  ħ: 'h',
  Ħ: 'H',
  ŀ: 'l',
  Ŀ: 'L',
  ŧ: 't',
  Ŧ: 'T',
  ĸ: 'k',
  ŋ: 'n',
  Ŋ: 'N',
};

/**
 * Folds text towards ASCII: accents removed (NFD, then combining marks dropped) and `ß`→`ss`,
 * `æ`→`ae`, `ø`→`o`, `ł`→`l`, `đ`→`d`, `þ`→`th`… Letters of other scripts (CJK, Cyrillic, Greek)
 * are kept: they are valid in a bare key.
 */
export function foldToAscii(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[ßẞæÆœŒøØłŁđĐðÐþÞıħĦŀĿŧŦĸŋŊ]/g, (c) => FOLD[c] ?? c)
    .replace(/\p{M}+/gu, '')
    .normalize('NFC');
}

/**
 * `text` with each `<…>` (an HTML tag) made a space. Only the part up to the last `>` can hold one:
 * past it, `<[^>]*>` would scan to the end of the text from every `<` and fail (quadratic).
 */
function withoutTags(text: string): string {
  const last = text.lastIndexOf('>');
  return last < 0 ? text : text.slice(0, last + 1).replace(/<[^>]*>/g, ' ') + text.slice(last + 1);
}

/**
 * The words of a text, folded, in their original case: letters and digits, apostrophes removed. A
 * hyphenated compound with a short part stays one word (`U-Net` → `UNet`, `nnU-Net` → `nnUNet`,
 * `X-ray` → `Xray`, `end-to-end` → `endtoend`); other compounds split (`Dermatologist-level`).
 */
function words(text: string): string[] {
  const clean = foldToAscii(withoutTags(text))
    .replace(/['’ʼ`´]/g, '')
    // A compound starts where a word starts (`(?<!…)`): from every letter of a long word, the
    // engine would otherwise rescan the rest of the word looking for a hyphen.
    .replace(/(?<![\p{L}\p{N}])[\p{L}\p{N}]+(?:[-‐‑][\p{L}\p{N}]+)+/gu, (compound) => {
      const parts = compound.split(/[-‐‑]/);
      return parts.some((part) => [...part].length <= 3) ? parts.join('') : compound;
    });
  return clean.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 0);
}

function capitalise(word: string): string {
  if (word.length === 0) return word;
  const n = charLengthAt(word, 0);
  return word.slice(0, n).toUpperCase() + word.slice(n).toLowerCase();
}

/** A surname folded to letters and digits, lower case: `van der Berg` → `vanderberg`, `Müller` → `muller`. */
function surnameToken(author: string): string {
  return words(surnameOf(author)).join('').toLowerCase();
}

function significantWords(title: string | undefined): string[] {
  if (title === undefined) return [];
  const all = words(title).map((w) => w.toLowerCase());
  const significant = all.filter((w) => !STOP_WORDS.has(w));
  return significant.length > 0 ? significant : all;
}

/**
 * Reduces any text to pandoc's bare key form: keeps letters, digits and `_`, keeps a punctuation
 * character of `:.#$%&-+?<>~/` only between two of those (one per run), drops everything else.
 */
function toBareKey(text: string): string {
  let out = '';
  let punct = '';
  for (const ch of text) {
    if (ch === '_' || ALNUM.test(ch)) {
      if (punct.length > 0 && out.length > 0) out += punct;
      punct = '';
      out += ch;
    } else if (INTERNAL_PUNCTUATION.includes(ch)) {
      if (punct.length === 0) punct = ch;
    }
  }
  return out;
}

/** Bijective base-26 letters: 0 → `a`, 25 → `z`, 26 → `aa`, 27 → `ab`… */
function letters(n: number): string {
  let s = '';
  let m = n + 1;
  while (m > 0) {
    m--;
    s = String.fromCharCode(97 + (m % 26)) + s;
    m = Math.floor(m / 26);
  }
  return s;
}

/**
 * Expands a pin pattern for a record. Tokens:
 * - `{author}` first author's surname, lower case, folded to ASCII letters and digits (`liu`);
 *   editors when there is no author; empty when there is neither.
 * - `{Author}` the same, capitalised (`Liu`).
 * - `{authors}` one surname (`liu`), two joined with `_` (`liu_gao`), or the first and `etal` for
 *   three or more (`liu_etal`).
 * - `{year}` the first four-digit year of PY, Y1, DA or Y2 (empty when none).
 * - `{title}` the first title word that is not a stop word (a, an, the, of, on, in, for, and, to,
 *   with, from, by, at, as, is, are, towards…), lower case and folded; `{Title}` capitalised.
 * - `{shorttitle}` the first three such words, lower case, joined (`advancesdeeplearning`).
 * - `{key}` the record's current pandoc key (`currentKey`), reduced to the bare form.
 * Anything else is literal. The result is then reduced to pandoc's bare key form.
 */
export function expandPinPattern(record: RisRecord, pattern: string, currentKey?: string): string {
  const authors = authorsOf(record).map(surnameToken);
  const titleWords = significantWords(titleOf(record));
  const expanded = pattern.replace(/\{(\w+)\}/g, (whole, token: string) => {
    switch (token) {
      case 'author':
        return authors[0] ?? '';
      case 'Author':
        return capitalise(authors[0] ?? '');
      case 'authors':
        if (authors.length <= 1) return authors[0] ?? '';
        return authors.length === 2 ? `${authors[0]}_${authors[1]}` : `${authors[0]}_etal`;
      case 'year':
        return yearOf(record) ?? '';
      case 'title':
        return titleWords[0] ?? '';
      case 'Title':
        return capitalise(titleWords[0] ?? '');
      case 'shorttitle':
        return titleWords.slice(0, 3).join('');
      case 'key':
        return currentKey ?? '';
      default:
        return whole;
    }
  });
  return toBareKey(expanded);
}

/**
 * A new key for `record` from `pattern` (see {@link expandPinPattern}; `ref` when it expands to
 * nothing), made unique against `taken` by appending `a`, `b`, … `z`, `aa`, …, and added to
 * `taken`. `taken` should hold every key of the bibliography (all files). The result can always be
 * cited bare: `@key`, never `@{key}`.
 */
export function makePinnedKey(
  record: RisRecord,
  pattern: string,
  taken: Set<string>,
  currentKey?: string,
): string {
  return uniqueKey(expandPinPattern(record, pattern, currentKey) || 'ref', taken, undefined);
}

function uniqueKey(base: string, taken: Set<string>, next: Map<string, number> | undefined): string {
  let key = base;
  if (taken.has(key)) {
    let n = next?.get(base) ?? 0;
    do key = base + letters(n++);
    while (taken.has(key));
    next?.set(base, n);
  }
  taken.add(key);
  return key;
}

/** A text edit that pins one record's key. */
export interface PinKeyEdit extends TextEdit {
  readonly recordIndex: number;
  /** The key written in the new `ID` line. */
  readonly key: string;
}

/** Offset just after the line break that ends the line containing offset `end` (or the text's end). */
function afterLineBreak(text: string, end: number): number {
  const c = text.charCodeAt(end);
  if (c === 13) return text.charCodeAt(end + 1) === 10 ? end + 2 : end + 1;
  if (c === 10) return end + 1;
  return -1;
}

/**
 * Text edits that pin keys in `doc`: for every record of `keyed` (the entries of this document to
 * pin, e.g. from {@link assignPandocKeys}) whose key does not come from an `ID` line, an
 * `ID  - key` line is inserted right after the `TY` line (as the record's first line when it has no
 * `TY`), with the document's line ending. Records that pandoc reads as part of an earlier record
 * (`mergedInto`) are skipped. Keys come from {@link makePinnedKey} and are added to `taken`. The edits
 * are pure insertions: every other byte of the file stays as it is.
 */
export function pinKeysEdits(
  doc: RisDocument,
  keyed: readonly Pick<KeyedRecord, 'recordIndex' | 'key' | 'fromId' | 'mergedInto'>[],
  pattern: string = DEFAULT_PIN_PATTERN,
  taken: Set<string> = new Set(),
): PinKeyEdit[] {
  const edits: PinKeyEdit[] = [];
  const next = new Map<string, number>();
  const seen = new Set<number>();
  const nl = doc.newline;
  for (const k of keyed) {
    if (k.fromId || k.mergedInto !== undefined || seen.has(k.recordIndex)) continue;
    seen.add(k.recordIndex);
    const record = doc.records[k.recordIndex];
    if (record === undefined || keyFromId(record, doc.text)) continue;
    const key = uniqueKey(expandPinPattern(record, pattern, k.key) || 'ref', taken, next);
    const line = `ID  - ${key}`;
    const ty: RisField | undefined = record.fields[0]?.tag === 'TY' ? record.fields[0] : undefined;
    if (ty === undefined) {
      edits.push({ start: record.start, end: record.start, newText: line + nl, recordIndex: k.recordIndex, key });
      continue;
    }
    const at = afterLineBreak(doc.text, ty.end);
    if (at < 0) edits.push({ start: ty.end, end: ty.end, newText: nl + line, recordIndex: k.recordIndex, key });
    else edits.push({ start: at, end: at, newText: line + nl, recordIndex: k.recordIndex, key });
  }
  return edits;
}
