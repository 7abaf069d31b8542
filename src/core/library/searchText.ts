/**
 * The text side of reference search: folding for case- and accent-blind matching, the words a field
 * is indexed under, DOI tokens as people paste them, and binary search over sorted word lists. Kept
 * apart from the index (`search.ts`) so that each file stays small.
 */

import { hasNonAscii } from '../text/chars';

const SPECIAL_FOLDS: Readonly<Record<string, string>> = {
  ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i', ħ: 'h', ŧ: 't', ŋ: 'n', ĸ: 'k',
};
const SPECIAL_FOLD_RE = /[ßæœøłđðþıħŧŋĸ]/g;
const MARKS_RE = /\p{M}+/gu;

/**
 * Lower case without accents, for matching: `Müller` → `muller`, `Łukasz` → `lukasz`,
 * `Straße` → `strasse`, compatibility forms decomposed (`ﬁ` → `fi`, full-width letters → ASCII).
 */
export function foldForSearch(text: string): string {
  const lower = text.toLowerCase();
  if (!hasNonAscii(lower)) return lower;
  return lower.normalize('NFKD').replace(MARKS_RE, '').replace(SPECIAL_FOLD_RE, (c) => SPECIAL_FOLDS[c] ?? c);
}

const ASCII_WORD_RE = /[a-z0-9]+/g;
const WORD_RE = /[\p{L}\p{N}]+/gu;

/** The words of a folded text (runs of letters and digits). */
export function wordsOf(folded: string): string[] {
  return folded.match(hasNonAscii(folded) ? WORD_RE : ASCII_WORD_RE) ?? [];
}

/**
 * Index words of a folded text: every word, and for each whitespace-separated chunk made of several
 * words (`o'brien`, `deep-learning-based`) the words joined (`obrien`).
 */
export function indexWordsOf(folded: string, out: string[]): void {
  if (hasNonAscii(folded)) {
    for (const chunk of folded.split(/\s+/)) {
      if (chunk === '') continue;
      const words = chunk.match(WORD_RE) ?? [];
      for (const w of words) out.push(w);
      if (words.length > 1) out.push(words.join(''));
    }
    return;
  }
  // ASCII: one pass, without regular expressions.
  let wordStart = -1;
  let chunkWords = 0;
  let joined = '';
  const n = folded.length;
  for (let i = 0; i <= n; i++) {
    const c = i < n ? folded.charCodeAt(i) : 32;
    const alnum = (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
    if (alnum) {
      if (wordStart < 0) wordStart = i;
      continue;
    }
    if (wordStart >= 0) {
      const word = folded.slice(wordStart, i);
      out.push(word);
      joined = chunkWords === 0 ? word : joined + word;
      chunkWords++;
      wordStart = -1;
    }
    if (c === 32 || c === 9 || c === 10 || c === 13) {
      if (chunkWords > 1) out.push(joined);
      chunkWords = 0;
    }
  }
}

/** The joined letters and digits of a query token (`o'brien` → `obrien`). */
export function joinedWord(folded: string): string {
  return wordsOf(folded).join('');
}

/** The surname part of an author value: the part before a comma, if any. */
export function surnamePart(author: string): string {
  const comma = author.indexOf(',');
  return comma > 0 ? author.slice(0, comma) : author;
}

/** Strips the ways a DOI is often pasted: `https://doi.org/`, `doi:`. */
export function bareDoiToken(token: string): string {
  return token.replace(/^(?:https?:\/\/)?(?:dx\.)?doi\.org\//, '').replace(/^doi:\s*/, '');
}

/** First index in the sorted `list` whose value is >= `value`. */
export function lowerBound(list: readonly string[], value: string): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The range `[from, to)` of the sorted `list` whose values start with `prefix`. */
export function prefixRange(list: readonly string[], prefix: string): [number, number] {
  const from = lowerBound(list, prefix);
  let lo = from;
  let hi = list.length;
  // The first value that does not start with the prefix.
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid].startsWith(prefix)) lo = mid + 1;
    else hi = mid;
  }
  return [from, lo];
}

/** Code-unit order of two strings. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The year as a number for sorting (items without a year sort as oldest). */
export function yearNumber(year: string | undefined): number {
  if (!year) return -1;
  const m = /\d{4}/.exec(year);
  return m ? Number(m[0]) : -1;
}

/** The `k` items of `candidates` with the highest `value`, highest first (a bounded heap for long lists). */
export function bestK(candidates: number[], k: number, value: (item: number) => number): number[] {
    if (candidates.length <= k * 4) {
      return candidates.sort((a, b) => value(b) - value(a)).slice(0, k);
    }
    // A min-heap of the best k seen so far.
    const heap: number[] = [];
    const heapValue: number[] = [];
    const swap = (a: number, b: number): void => {
      [heap[a], heap[b]] = [heap[b], heap[a]];
      [heapValue[a], heapValue[b]] = [heapValue[b], heapValue[a]];
    };
    const down = (start: number): void => {
      let i = start;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && heapValue[l] < heapValue[m]) m = l;
        if (r < heap.length && heapValue[r] < heapValue[m]) m = r;
        if (m === i) return;
        swap(i, m);
        i = m;
      }
    };
    for (const item of candidates) {
      const v = value(item);
      if (heap.length < k) {
        heap.push(item);
        heapValue.push(v);
        let i = heap.length - 1;
        while (i > 0) {
          const parent = (i - 1) >> 1;
          if (heapValue[parent] <= heapValue[i]) break;
          swap(i, parent);
          i = parent;
        }
      } else if (v > heapValue[0]) {
        heap[0] = item;
        heapValue[0] = v;
        down(0);
      }
    }
    return heap.sort((a, b) => value(b) - value(a));
  }
