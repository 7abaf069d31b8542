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

/**
 * Text reduced to lower-case letters and digits, accents removed: `"The Café, revisited."` →
 * `thecaferevisited`. Used to compare titles and surnames.
 */
export function normaliseForKey(text: string): string {
  // Fast path for plain ASCII: keep [a-z0-9] only.
  let ascii = true;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) > 127) {
      ascii = false;
      break;
    }
  }
  if (ascii) {
    let out = '';
    let from = -1;
    const lower = text.toLowerCase();
    for (let i = 0; i < lower.length; i++) {
      const c = lower.charCodeAt(i);
      const keep = (c >= 97 && c <= 122) || isDigit(c);
      if (keep) {
        if (from < 0) from = i;
      } else if (from >= 0) {
        out += lower.slice(from, i);
        from = -1;
      }
    }
    if (from >= 0) out += lower.slice(from);
    return out;
  }
  return text.normalize('NFKD').replace(MARKS, '').toLowerCase().replace(NON_ALNUM, '');
}

/** The family name of an author value (read by `familyNameOf`: `Smith JA` → Smith), normalised. */
function surnameKey(author: string): string {
  return normaliseForKey(familyNameOf(author));
}

/**
 * The duplicate keys (0, 1 or 2 strings, see the module comment) from a record's first `DO` value,
 * first title, first primary author and year, each undefined when absent. Validation collects these
 * during its own pass over the fields and calls this directly.
 */
export function duplicateKeysFrom(
  doiValue: string | undefined,
  title: string | undefined,
  author: string | undefined,
  year: string | undefined,
): string[] {
  const keys: string[] = [];
  if (doiValue !== undefined) {
    const doi = doiKey(doiValue);
    if (doi !== undefined) keys.push(`doi:${doi}`);
  }
  if (title !== undefined && author !== undefined && year !== undefined) {
    const nt = normaliseForKey(title);
    const ns = surnameKey(author);
    if (nt.length > 0 && ns.length > 0) keys.push(`tya:${nt}|${year}|${ns}`);
  }
  return keys;
}

/**
 * The duplicate keys of a record (0, 1 or 2 strings, see the module comment). One pass over the
 * record's fields.
 */
export function recordDuplicateKeys(record: RisRecord): string[] {
  return cachedDuplicateKeys(record, () => computeRecordDuplicateKeys(record));
}

/** Keys per record object: the index and validation of one parse share one normalisation. */
const keyCache = new WeakMap<RisRecord, string[]>();

/**
 * The duplicate keys of `record`, computed by `compute` the first time this record object is seen
 * and remembered for as long as the record lives. A record object always stands for the same text
 * (the incremental re-parse keeps, and moves, only the records an edit did not touch; the ones it
 * touched are new objects), so the keys never go stale and survive edits elsewhere in the file.
 */
export function cachedDuplicateKeys(record: RisRecord, compute: () => string[]): string[] {
  let keys = keyCache.get(record);
  if (keys === undefined) {
    keys = compute();
    keyCache.set(record, keys);
  }
  return keys;
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
