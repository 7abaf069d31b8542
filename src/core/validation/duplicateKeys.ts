/**
 * The duplicate keys of a record, which {@link DuplicateIndex} (in `duplicateIndex.ts`) files records
 * under:
 * - `doi:<doi>`: its first `DO` value, normalised (prefixes removed, lower-cased);
 * - `tya:<title>|<year>|<surname>`: its title with case, accents, spacing and punctuation removed,
 *   its year and its first author's family name. Only built when all three are present, so that
 *   short anonymous titles ("Editorial", "Correction") do not collide.
 */

import { doiKey } from '../ris/doi';
import type { RisRecord } from '../ris/model';
import { familyNameOf } from '../ris/names';
import { RecordMemo } from '../ris/recordMemo';
import { CodePointMemo } from '../text/codePointMemo';
import { UnitBuffer } from '../text/unitBuffer';

/** True for `[0-9]`. */
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * One string per year: every record of 2019 shares the same `'2019'`. Grouping 100k references by
 * year is a map lookup per reference, and one that compares equal strings by content (each a string
 * of its own, its hash computed apart) took five times as long as one that finds the same string.
 */
const YEARS: (string | undefined)[] = new Array<string | undefined>(10_000).fill(undefined);

/**
 * The first plausible four-digit year in a date value (`2021/06//` → `2021`, `Mar. 2017` → `2017`),
 * skipping `0000`; undefined when there is none. Equal years are the same string.
 */
export function yearIn(value: string): string | undefined {
  let run = 0;
  let year = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (isDigit(c)) {
      run++;
      year = run === 1 ? c - 48 : year * 10 + (c - 48);
      if (run === 4 && !(i + 1 < value.length && isDigit(value.charCodeAt(i + 1)))) {
        if (year !== 0) return (YEARS[year] ??= value.slice(i - 3, i + 1));
      }
    } else {
      run = 0;
    }
  }
  return undefined;
}

const NON_ALNUM = /[^\p{L}\p{N}]+/gu;
const MARKS = /\p{M}+/gu;

/** The reduction of {@link normaliseForKey}, applied to a whole text at once. */
function normaliseWhole(text: string): string {
  return text.normalize('NFKD').replace(MARKS, '').toLowerCase().replace(NON_ALNUM, '');
}

/** The key being built (see `unitBuffer.ts` for why a buffer). */
const buf = new UnitBuffer();

/** What one code point above U+007F reduces to (the whole-text reduction of that character alone). */
const REDUCED = new CodePointMemo(normaliseWhole);

/**
 * Characters only the whole-text reduction reduces right: U+03A3, whose lower case depends on the
 * letters around it (final sigma), and a surrogate without its other half, which removing a mark
 * between two such halves would pair.
 */
const CAPITAL_SIGMA = 0x3a3;
const LONE_SURROGATE = -1;

/**
 * Appends `text` reduced as {@link normaliseForKey} does to the key being built. Character by character,
 * each character above U+007F reduced once and remembered: the decomposition, the removal of marks
 * and of everything but letters and digits work per character, and lower case does too except for
 * the capital sigma; a text with one, or with a lone surrogate, goes through the whole-text reduction.
 */
function appendReduced(text: string): void {
  const n = text.length;
  const mark = buf.count;
  // An ASCII character reduces to one code unit at most: room for all of them is made once, and
  // they are written through locals.
  buf.reserve(n);
  let u = buf.units;
  let k = buf.count;
  for (let i = 0; i < n; i++) {
    let c = text.charCodeAt(i);
    if (c < 128) {
      if (c >= 65 && c <= 90) u[k++] = c + 32;
      else if ((c >= 97 && c <= 122) || isDigit(c)) u[k++] = c;
      continue;
    }
    if (c >= 0xd800 && c <= 0xdfff) {
      const d = i + 1 < n ? text.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
        c = (c - 0xd800) * 0x400 + (d - 0xdc00) + 0x10000;
        i++;
      } else {
        c = LONE_SURROGATE;
      }
    }
    if (c === CAPITAL_SIGMA || c === LONE_SURROGATE) {
      buf.count = mark;
      buf.pushString(normaliseWhole(text));
      return;
    }
    buf.count = k;
    buf.pushString(REDUCED.of(c));
    buf.reserve(n - i);
    u = buf.units;
    k = buf.count;
  }
  buf.count = k;
}

/**
 * Text reduced to lower-case letters and digits, accents removed: `"The Café, revisited."` →
 * `thecaferevisited`. Used to compare titles and surnames.
 */
export function normaliseForKey(text: string): string {
  buf.count = 0;
  appendReduced(text);
  return buf.take();
}

/**
 * The duplicate keys (0, 1 or 2 strings, see the module comment) from a record's first `DO` value,
 * first title, first primary author and year, each undefined when absent. Each key is one flat string.
 */
export function duplicateKeysFrom(
  doiValue: string | undefined,
  title: string | undefined,
  author: string | undefined,
  year: string | undefined,
): string[] {
  let doiPart: string | undefined;
  if (doiValue !== undefined) {
    const doi = doiKey(doiValue);
    if (doi !== undefined) {
      buf.count = 0;
      buf.pushString('doi:');
      buf.pushString(doi);
      doiPart = buf.take();
    }
  }
  const tya = titleYearAuthorKey(title, author, year);
  // Array literals: kept per record, and V8 allocates literals that survive in the old generation.
  if (doiPart === undefined) return tya === undefined ? [] : [tya];
  return tya === undefined ? [doiPart] : [doiPart, tya];
}

/** The `tya:` key, or undefined when the title, the author or the year is missing (or reduces to nothing). */
function titleYearAuthorKey(title: string | undefined, author: string | undefined, year: string | undefined): string | undefined {
  if (title !== undefined && author !== undefined && year !== undefined) {
    // The family name of the author value (read by `familyNameOf`: `Smith JA` → Smith).
    const family = familyNameOf(author);
    buf.count = 0;
    buf.pushString('tya:');
    const titleStart = buf.count;
    appendReduced(title);
    const titleEnd = buf.count;
    buf.push(124); // |
    buf.pushString(year);
    buf.push(124);
    const surnameStart = buf.count;
    appendReduced(family);
    if (titleEnd > titleStart && buf.count > surnameStart) return buf.take();
    buf.count = 0;
  }
  return undefined;
}

/**
 * Keys per record object (see `recordMemo.ts`): the index and validation of one parse share one
 * normalisation, and a record an edit did not touch keeps its keys.
 */
const keyMemo = new RecordMemo<string[]>();

/**
 * The duplicate keys of a record (0, 1 or 2 strings, see the module comment). One pass over the
 * record's fields, the first time the record object is asked about.
 */
export function recordDuplicateKeys(record: RisRecord): string[] {
  return keyMemo.of(record, computeRecordDuplicateKeys);
}

/** `v`, or undefined when it is empty. */
function nonEmpty(v: string): string | undefined {
  return v.length === 0 ? undefined : v;
}

function computeRecordDuplicateKeys(record: RisRecord): string[] {
  let doi: string | undefined;
  let title: string | undefined;
  let author: string | undefined;
  let year: string | undefined;
  let yearRank = 9;
  // The tag first: a value is read from the text only when asked for.
  for (const f of record.fields) {
    switch (f.tag) {
      case 'DO':
        if (doi === undefined) doi = nonEmpty(f.value);
        break;
      case 'TI':
      case 'T1':
      case 'CT':
      case 'BT':
        if (title === undefined) title = nonEmpty(f.value);
        break;
      case 'AU':
      case 'A1':
        if (author === undefined) author = nonEmpty(f.value);
        break;
      case 'PY':
      case 'Y1':
      case 'DA': {
        const rank = f.tag === 'PY' ? 0 : f.tag === 'Y1' ? 1 : 2;
        if (rank < yearRank) {
          const y = yearIn(f.value);
          if (y !== undefined) {
            year = y;
            yearRank = rank;
          }
        }
        break;
      }
      default:
        break;
    }
  }
  return duplicateKeysFrom(doi, title, author, year);
}
