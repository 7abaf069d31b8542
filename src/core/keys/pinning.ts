/**
 * Pinned keys: a key made from a pattern (`{author}{year}{title}` → `liu2021advances`) and written
 * into the RIS file as an `ID` line, so that pandoc keeps it when authors or years are edited.
 */

import type { RisDocument, RisField, RisRecord } from '../ris/model';
import { authorsOf, surnameOf, titleOf, yearOf } from '../ris/recordSummary';
import { keyFromIdIn, type KeyedRecord } from './pandocKeys';
import { textAt } from '../ris/pieceText';
import { toBareKey } from './keySyntax';
import type { TextEdit } from '../text/edits';

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

/** `word` with its first character upper case and the rest lower case. */
function capitalise(word: string): string {
  if (word.length === 0) return word;
  const n = word.codePointAt(0)! > 0xffff ? 2 : 1;
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

/**
 * A text edit that pins one record's key: replace `[start, end)` (an insertion, `start === end`)
 * with `newText` (the same shape as the fixes' `TextEdit`).
 */
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
    if (record === undefined || keyFromIdIn(doc, record)) continue;
    const key = uniqueKey(expandPinPattern(record, pattern, k.key) || 'ref', taken, next);
    const line = `ID  - ${key}`;
    const ty: RisField | undefined = record.fields[0]?.tag === 'TY' ? record.fields[0] : undefined;
    if (ty === undefined) {
      edits.push({ start: record.start, end: record.start, newText: line + nl, recordIndex: k.recordIndex, key });
      continue;
    }
    const { text, base } = textAt(doc, ty.end);
    const after = afterLineBreak(text, ty.end - base);
    const at = after < 0 ? after : after + base;
    if (at < 0) edits.push({ start: ty.end, end: ty.end, newText: nl + line, recordIndex: k.recordIndex, key });
    else edits.push({ start: at, end: at, newText: line + nl, recordIndex: k.recordIndex, key });
  }
  return edits;
}
