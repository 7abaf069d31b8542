/**
 * Field-by-field similarity of two records' features: title (edit-distance ratio, computed in a
 * band so a pair of long, different titles costs little), authors (first author and the share of
 * surnames in common), and whether two titles carry different numbers (`Part I` vs `Part II`,
 * `study 1` vs `study 2`), which no title score should hide.
 */
import type { AuthorKey } from './normaliseFields';
import { surnamesMatch } from './normaliseFields';

/**
 * `1 − distance / longer length` for two strings, or 0 as soon as it is certain to be below `min`
 * (a band of width `(1 − min) × length` around the diagonal is all that is computed).
 */
export function similarityRatio(a: string, b: string, min = 0): number {
  if (a === b) return a.length === 0 ? 0 : 1;
  const n = a.length;
  const m = b.length;
  const longer = Math.max(n, m);
  if (longer === 0) return 0;
  const maxDist = Math.floor((1 - min) * longer);
  if (Math.abs(n - m) > maxDist) return 0;
  // Banded Levenshtein: row i covers columns [i − maxDist, i + maxDist].
  const INF = longer + 1;
  let prev = new Int32Array(m + 1);
  let cur = new Int32Array(m + 1);
  for (let j = 0; j <= m; j++) prev[j] = j <= maxDist ? j : INF;
  for (let i = 1; i <= n; i++) {
    const lo = Math.max(1, i - maxDist);
    const hi = Math.min(m, i + maxDist);
    cur[0] = i <= maxDist ? i : INF;
    if (lo > 1) cur[lo - 1] = INF;
    let rowMin = cur[0]!;
    const ca = a.charCodeAt(i - 1);
    for (let j = lo; j <= hi; j++) {
      const cost = ca === b.charCodeAt(j - 1) ? 0 : 1;
      let v = prev[j - 1]! + cost;
      const del = prev[j]! + 1;
      if (del < v) v = del;
      const ins = cur[j - 1]! + 1;
      if (ins < v) v = ins;
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (hi < m) cur[hi + 1] = INF;
    if (rowMin > maxDist) return 0;
    const t = prev;
    prev = cur;
    cur = t;
  }
  const dist = prev[m]!;
  return dist > maxDist ? 0 : 1 - dist / longer;
}

/** How the author lists of two records compare. */
export interface AuthorMatch {
  /** False when either record has no author: nothing could be compared. */
  readonly compared: boolean;
  /** The first authors have the same surname and compatible first initials. */
  readonly first: boolean;
  /** Surnames of the shorter list found in the other list, as a share of the shorter list (0–1). */
  readonly overlap: number;
}

function initialsCompatible(a: AuthorKey, b: AuthorKey): boolean {
  return a.initials.length === 0 || b.initials.length === 0 || a.initials[0] === b.initials[0];
}

/** `Wu, Ching-yi` ~ `Ching-yi, Wu`: each surname is a word of the other name. */
function swapped(a: AuthorKey, b: AuthorKey): boolean {
  return a.words.length > 1 && b.words.length > 1 && b.words.includes(a.surname) && a.words.includes(b.surname);
}

/** Compares two author lists (see {@link AuthorMatch}). */
export function compareAuthors(a: readonly AuthorKey[], b: readonly AuthorKey[]): AuthorMatch {
  if (a.length === 0 || b.length === 0) return { compared: false, first: false, overlap: 0 };
  const first = (surnamesMatch(a[0]!.surname, b[0]!.surname) && initialsCompatible(a[0]!, b[0]!)) || swapped(a[0]!, b[0]!);
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  const used = new Uint8Array(long.length);
  let matched = 0;
  for (const s of short) {
    for (let j = 0; j < long.length; j++) {
      if (used[j] === 0 && (surnamesMatch(s.surname, long[j]!.surname) || swapped(s, long[j]!))) {
        used[j] = 1;
        matched++;
        break;
      }
    }
  }
  return { compared: true, first, overlap: matched / short.length };
}

const ROMAN_WORD = /^(?:ii|iii|iv|vi|vii|viii|ix|xi|xii)$/;

/**
 * The numbers in a title (digit runs of the title without spaces, so `CO 2` and `CO2` agree, and
 * Roman numerals from `ii` to `xii` as words), sorted and joined: two titles with different ones
 * (`Part I` / `Part II`, `study 1` / `study 2`) are different works.
 */
export function titleNumbers(words: string): string {
  const out: string[] = [];
  for (const m of words.replace(/ /g, '').matchAll(/\d+/g)) out.push(m[0].replace(/^0+(?=\d)/, ''));
  for (const w of words.split(' ')) if (ROMAN_WORD.test(w)) out.push(w);
  return out.sort().join(' ');
}

/**
 * True when one title is the other with words added before or after (a subtitle, a series label,
 * a cut-off tail): the shorter, at least three words long, starts or ends the longer.
 */
export function titleContained(a: string, b: string): boolean {
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  if (short.length < 12 || short.split(' ').length < 3) return false;
  const s = short.replace(/ /g, '');
  const l = long.replace(/ /g, '');
  return l.startsWith(s) || l.endsWith(s);
}
