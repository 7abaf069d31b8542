/**
 * Searching references as a person types: in the reference picker, key completion and the tree
 * filter. Built once per library; each query is answered from sorted arrays with binary search, never
 * by scanning every item's text (only the DOI substring test scans, over the items that have a DOI).
 *
 * Matching: the query is split at whitespace into tokens, and an item must match every token (AND).
 * A token matches, best first: the key exactly, a key prefix, the DOI exactly, a word prefix of the
 * first author's surname, the year exactly, a word prefix of another author's surname, a title word
 * prefix, a container (journal) word prefix, or a DOI substring (tokens of 3+ characters). Matching
 * ignores case and accents (`muller` finds `Müller`, `sodergren` finds `Södergren`), and words joined by
 * punctuation are also indexed joined (`obrien` finds `O'Brien`, `deep-learning` finds
 * `Deep-Learning-Based`). An item's score is the sum over tokens of its best match's weight; ties are
 * broken by year (newest first), then key.
 */

/** One reference to index. */
export interface SearchItem<T> {
  /** The citation key. */
  readonly key: string;
  /**
   * Author surnames in order (`Liu`, `van der Berg`). A value with a comma (`Liu, Xiaoqing`) is cut to
   * the part before the comma.
   */
  readonly authors: readonly string[];
  readonly year?: string;
  readonly title?: string;
  /** Journal, book or proceedings title. */
  readonly container?: string;
  /** The bare DOI (`10.1038/nature21056`). */
  readonly doi?: string;
  /** The RIS type code; carried along, not searched. */
  readonly type?: string;
  /** What the search returns for this item. */
  readonly payload: T;
}

/** The field a query token matched. */
export type SearchField = 'key' | 'doi' | 'firstAuthor' | 'year' | 'author' | 'title' | 'container';

/** How one query token matched an item. */
export interface SearchMatch {
  /** The query token as typed. */
  readonly token: string;
  readonly field: SearchField;
  /** True when the token equals the whole key, DOI or word rather than being a prefix or substring of it. */
  readonly exact: boolean;
}

/** One search result. */
export interface SearchResult<T> {
  readonly item: T;
  /** Higher is better; 0 for every item of an empty query. */
  readonly score: number;
  /** For each query token, the best way it matched (absent for an empty query). */
  readonly matches?: readonly SearchMatch[];
}

// Weights: each class outranks the next whatever the bonus; an exact word adds WORD_EXACT_BONUS.
const W_KEY_EXACT = 1000;
const W_DOI_EXACT = 950;
const W_KEY_PREFIX = 800;
const W_FIRST_AUTHOR = 600;
const W_YEAR = 500;
const W_AUTHOR = 400;
const W_TITLE = 300;
const W_CONTAINER = 200;
const W_DOI_SUBSTRING = 100;
const WORD_EXACT_BONUS = 20;

/** Word fields, in the order of their weight. */
const F_FIRST_AUTHOR = 0;
const F_AUTHOR = 1;
const F_TITLE = 2;
const F_CONTAINER = 3;
const FIELD_WEIGHT = [W_FIRST_AUTHOR, W_AUTHOR, W_TITLE, W_CONTAINER];
const FIELD_NAME: readonly SearchField[] = ['firstAuthor', 'author', 'title', 'container'];

const SPECIAL_FOLDS: Readonly<Record<string, string>> = {
  ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i', ħ: 'h', ŧ: 't', ŋ: 'n', ĸ: 'k',
};
const SPECIAL_FOLD_RE = /[ßæœøłđðþıħŧŋĸ]/g;
const MARKS_RE = /\p{M}+/gu;

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 127) return false;
  return true;
}

/**
 * Lower case without accents, for matching: `Müller` → `muller`, `Łukasz` → `lukasz`,
 * `Straße` → `strasse`, compatibility forms decomposed (`ﬁ` → `fi`, full-width letters → ASCII).
 */
export function foldForSearch(text: string): string {
  const lower = text.toLowerCase();
  if (isAscii(lower)) return lower;
  return lower.normalize('NFKD').replace(MARKS_RE, '').replace(SPECIAL_FOLD_RE, (c) => SPECIAL_FOLDS[c] ?? c);
}

const ASCII_WORD_RE = /[a-z0-9]+/g;
const WORD_RE = /[\p{L}\p{N}]+/gu;

/** The words of a folded text (runs of letters and digits). */
function wordsOf(folded: string): string[] {
  return folded.match(isAscii(folded) ? ASCII_WORD_RE : WORD_RE) ?? [];
}

/**
 * Index words of a folded text: every word, and for each whitespace-separated chunk made of several
 * words (`o'brien`, `deep-learning-based`) the words joined (`obrien`).
 */
function indexWordsOf(folded: string, out: string[]): void {
  if (!isAscii(folded)) {
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
function joinedWord(folded: string): string {
  return wordsOf(folded).join('');
}

/** The surname part of an author value: the part before a comma, if any. */
function surnamePart(author: string): string {
  const comma = author.indexOf(',');
  return comma > 0 ? author.slice(0, comma) : author;
}

/** Strips the ways a DOI is often pasted: `https://doi.org/`, `doi:`. */
function bareDoiToken(token: string): string {
  return token.replace(/^(?:https?:\/\/)?(?:dx\.)?doi\.org\//, '').replace(/^doi:\s*/, '');
}

/** First index in the sorted `list` whose value is >= `value`. */
function lowerBound(list: readonly string[], value: string): number {
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
function prefixRange(list: readonly string[], prefix: string): [number, number] {
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

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * A search index over references. Build it once (100,000 items take well under a second) and query
 * it on every keystroke.
 */
export class ReferenceSearchIndex<T> {
  private readonly items: readonly SearchItem<T>[];
  private readonly foldedKeys: string[];
  /** Folded keys in sorted order, and the item of each. */
  private readonly sortedKeys: string[];
  private readonly sortedKeyItems: Uint32Array;
  /** Distinct index words in sorted order; postings of word `w` are `[postStart[w], postStart[w+1])`. */
  private readonly words: string[];
  private readonly postStart: Uint32Array;
  /** Each posting: `item * 4 + field`, one per item, word and best field. */
  private readonly postings: Uint32Array;
  private readonly byYear = new Map<string, number[]>();
  private readonly doiItems: Uint32Array;
  private readonly doiFolded: string[];
  /** Position of each item in the tie order (newest year first, then key). */
  private readonly tieRank: Uint32Array;
  private defaultOrder: Uint32Array | undefined;
  // Scratch space for queries, reused.
  private readonly tokenScore: Int32Array;
  private readonly total: Float64Array;
  private readonly matched: Uint16Array;

  /** Indexes `items`; the array is kept, not copied. */
  constructor(items: readonly SearchItem<T>[]) {
    this.items = items;
    const n = items.length;
    this.foldedKeys = items.map((item) => foldForSearch(item.key));

    const keyOrder = Array.from({ length: n }, (_, i) => i).sort((a, b) => compareStrings(this.foldedKeys[a], this.foldedKeys[b]));
    this.sortedKeys = keyOrder.map((i) => this.foldedKeys[i]);
    this.sortedKeyItems = Uint32Array.from(keyOrder);

    // Words: collect (word id, item, field) with the best field per item and word.
    const wordIds = new Map<string, number>();
    const wordList: string[] = [];
    let postWord: Uint32Array = new Uint32Array(Math.max(16, n * 16));
    let postCode: Uint32Array = new Uint32Array(postWord.length);
    let count = 0;
    // For each word id: the last item that used it, and that item's posting.
    let lastItem = new Int32Array(1024).fill(-1);
    let lastPosting = new Uint32Array(1024);
    const scratch: string[] = [];
    const add = (word: string, item: number, field: number): void => {
      let id = wordIds.get(word);
      if (id === undefined) {
        id = wordList.length;
        wordIds.set(word, id);
        wordList.push(word);
        if (id === lastItem.length) {
          const grownItem = new Int32Array(id * 2).fill(-1);
          grownItem.set(lastItem);
          lastItem = grownItem;
          const grownPosting = new Uint32Array(id * 2);
          grownPosting.set(lastPosting);
          lastPosting = grownPosting;
        }
      }
      if (lastItem[id] === item) {
        const seen = lastPosting[id];
        if ((postCode[seen] & 3) > field) postCode[seen] = item * 4 + field;
        return;
      }
      if (count === postWord.length) {
        const grownWord = new Uint32Array(count * 2);
        grownWord.set(postWord);
        postWord = grownWord;
        const grownCode = new Uint32Array(count * 2);
        grownCode.set(postCode);
        postCode = grownCode;
      }
      lastItem[id] = item;
      lastPosting[id] = count;
      postWord[count] = id;
      postCode[count] = item * 4 + field;
      count++;
    };
    const doiItems: number[] = [];
    this.doiFolded = [];
    for (let i = 0; i < n; i++) {
      const item = items[i];
      for (let a = 0; a < item.authors.length; a++) {
        scratch.length = 0;
        indexWordsOf(foldForSearch(surnamePart(item.authors[a])), scratch);
        for (const w of scratch) add(w, i, a === 0 ? F_FIRST_AUTHOR : F_AUTHOR);
      }
      if (item.title) {
        scratch.length = 0;
        indexWordsOf(foldForSearch(item.title), scratch);
        for (const w of scratch) add(w, i, F_TITLE);
      }
      if (item.container) {
        scratch.length = 0;
        indexWordsOf(foldForSearch(item.container), scratch);
        for (const w of scratch) add(w, i, F_CONTAINER);
      }
      if (item.year) {
        const year = foldForSearch(item.year.trim());
        const list = this.byYear.get(year);
        if (list) list.push(i);
        else this.byYear.set(year, [i]);
      }
      if (item.doi) {
        doiItems.push(i);
        this.doiFolded.push(foldForSearch(item.doi.trim()));
      }
    }
    this.doiItems = Uint32Array.from(doiItems);

    // Sort the words and lay the postings out by word (a counting sort over word ranks).
    const order = Array.from({ length: wordList.length }, (_, i) => i).sort((a, b) => compareStrings(wordList[a], wordList[b]));
    const rank = new Uint32Array(wordList.length);
    order.forEach((id, r) => (rank[id] = r));
    this.words = order.map((id) => wordList[id]);
    const postStart = new Uint32Array(wordList.length + 1);
    for (let p = 0; p < count; p++) postStart[rank[postWord[p]] + 1]++;
    for (let w = 0; w < wordList.length; w++) postStart[w + 1] += postStart[w];
    const fill = postStart.slice(0, wordList.length);
    const postings = new Uint32Array(count);
    for (let p = 0; p < count; p++) postings[fill[rank[postWord[p]]]++] = postCode[p];
    this.postStart = postStart;
    this.postings = postings;

    // Tie order: newest year first, then key. The key order is sorted already, so a stable
    // counting sort by year finishes it.
    const years = items.map((item) => yearNumber(item.year));
    let maxYear = 0;
    for (const y of years) if (y > maxYear) maxYear = y;
    // Bucket 0 holds the newest year; the last bucket the items without a year.
    const bucket = (y: number): number => (y < 0 ? maxYear + 1 : maxYear - y);
    const start = new Uint32Array(maxYear + 3);
    for (const y of years) start[bucket(y) + 1]++;
    for (let b = 1; b < start.length; b++) start[b] += start[b - 1];
    this.tieRank = new Uint32Array(n);
    for (const item of keyOrder) this.tieRank[item] = start[bucket(years[item])]++;

    this.tokenScore = new Int32Array(n);
    this.total = new Float64Array(n);
    this.matched = new Uint16Array(n);
  }

  /** Number of indexed items. */
  get size(): number {
    return this.items.length;
  }

  /**
   * The best `limit` items for `query`, best first. Every whitespace-separated token must match (see
   * the file comment for what a token matches and how results rank). An empty query returns the
   * items sorted by first author, then year, then key.
   */
  search(query: string, limit = 50): SearchResult<T>[] {
    const max = Math.max(0, Math.floor(limit));
    const tokens = query
      .split(/\s+/)
      .filter((t) => t !== '')
      .map((raw) => ({ raw, folded: foldForSearch(raw) }))
      .filter((t) => joinedWord(t.folded) !== '' || t.folded.length >= 3);
    if (tokens.length === 0) return this.defaultResults(max);
    if (max === 0 || tokens.length > 0xfffe) return [];

    const { tokenScore, total, matched } = this;
    let first: number[] = [];
    const candidates: number[] = [];
    for (let t = 0; t < tokens.length; t++) {
      const touched = this.scoreToken(tokens[t].folded);
      if (t === 0) first = touched;
      const last = t === tokens.length - 1;
      for (const i of touched) {
        if (matched[i] === t) {
          matched[i] = t + 1;
          total[i] += tokenScore[i];
          if (last) candidates.push(i);
        }
        tokenScore[i] = 0;
      }
    }
    const best = this.topK(candidates, max);
    const results = best.map((i) => ({
      item: this.items[i].payload,
      score: total[i],
      matches: this.matchesOf(i, tokens),
    }));
    // Only items that matched the first token can hold counts: clear them for the next query.
    for (const i of first) {
      matched[i] = 0;
      total[i] = 0;
    }
    return results;
  }

  /** Scores every item that matches one folded token into `tokenScore`; returns the items touched. */
  private scoreToken(token: string): number[] {
    const touched: number[] = [];
    const { tokenScore } = this;
    const raise = (item: number, score: number): void => {
      if (tokenScore[item] === 0) touched.push(item);
      if (score > tokenScore[item]) tokenScore[item] = score;
    };
    // Key.
    const [kFrom, kTo] = prefixRange(this.sortedKeys, token);
    for (let k = kFrom; k < kTo; k++) raise(this.sortedKeyItems[k], this.sortedKeys[k] === token ? W_KEY_EXACT : W_KEY_PREFIX);
    // Words.
    const word = joinedWord(token);
    if (word !== '') {
      const [wFrom, wTo] = prefixRange(this.words, word);
      for (let w = wFrom; w < wTo; w++) {
        const bonus = this.words[w] === word ? WORD_EXACT_BONUS : 0;
        for (let p = this.postStart[w]; p < this.postStart[w + 1]; p++) {
          const code = this.postings[p];
          raise(code >>> 2, FIELD_WEIGHT[code & 3] + bonus);
        }
      }
    }
    // Year.
    const inYear = this.byYear.get(token);
    if (inYear) for (const i of inYear) raise(i, W_YEAR);
    // DOI.
    const doi = bareDoiToken(token);
    if (doi.length >= 3) {
      for (let d = 0; d < this.doiItems.length; d++) {
        const value = this.doiFolded[d];
        if (value === doi) raise(this.doiItems[d], W_DOI_EXACT);
        else if (value.includes(doi)) raise(this.doiItems[d], W_DOI_SUBSTRING);
      }
    }
    return touched;
  }

  /** The `k` best of `candidates` by total score, then tie order. */
  private topK(candidates: number[], k: number): number[] {
    const n = this.items.length + 1;
    const value = (i: number): number => this.total[i] * n + (n - 1 - this.tieRank[i]);
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

  private defaultResults(limit: number): SearchResult<T>[] {
    if (!this.defaultOrder) {
      const n = this.items.length;
      const first = this.items.map((item) => (item.authors.length > 0 ? foldForSearch(surnamePart(item.authors[0]).trim()) : ''));
      const years = this.items.map((item) => yearNumber(item.year));
      const order = Array.from({ length: n }, (_, i) => i).sort(
        (a, b) =>
          (first[a] === '' ? 1 : 0) - (first[b] === '' ? 1 : 0) ||
          compareStrings(first[a], first[b]) ||
          years[a] - years[b] ||
          compareStrings(this.foldedKeys[a], this.foldedKeys[b]) ||
          a - b,
      );
      this.defaultOrder = Uint32Array.from(order);
    }
    const out: SearchResult<T>[] = [];
    for (let r = 0; r < this.defaultOrder.length && out.length < limit; r++) {
      out.push({ item: this.items[this.defaultOrder[r]].payload, score: 0 });
    }
    return out;
  }

  /** The best match of each token for one item (recomputed from the item's text: cheap for a page of results). */
  private matchesOf(i: number, tokens: readonly { raw: string; folded: string }[]): SearchMatch[] {
    return tokens.map(({ raw, folded }) => {
      const best = this.bestMatch(i, folded);
      return { token: raw, field: best.field, exact: best.exact };
    });
  }

  private bestMatch(i: number, token: string): { field: SearchField; exact: boolean; score: number } {
    const item = this.items[i];
    let best: { field: SearchField; exact: boolean; score: number } = { field: 'key', exact: false, score: 0 };
    const consider = (field: SearchField, exact: boolean, score: number): void => {
      if (score > best.score) best = { field, exact, score };
    };
    const key = this.foldedKeys[i];
    if (key === token) consider('key', true, W_KEY_EXACT);
    else if (key.startsWith(token)) consider('key', false, W_KEY_PREFIX);
    const word = joinedWord(token);
    if (word !== '') {
      const words: string[] = [];
      const check = (text: string | undefined, field: number): void => {
        if (!text) return;
        words.length = 0;
        indexWordsOf(foldForSearch(text), words);
        for (const w of words) {
          if (w.startsWith(word)) consider(FIELD_NAME[field], w === word, FIELD_WEIGHT[field] + (w === word ? WORD_EXACT_BONUS : 0));
        }
      };
      item.authors.forEach((a, n) => check(surnamePart(a), n === 0 ? F_FIRST_AUTHOR : F_AUTHOR));
      check(item.title, F_TITLE);
      check(item.container, F_CONTAINER);
    }
    if (item.year && foldForSearch(item.year.trim()) === token) consider('year', true, W_YEAR);
    const doi = bareDoiToken(token);
    if (item.doi && doi.length >= 3) {
      const value = foldForSearch(item.doi.trim());
      if (value === doi) consider('doi', true, W_DOI_EXACT);
      else if (value.includes(doi)) consider('doi', false, W_DOI_SUBSTRING);
    }
    return best;
  }
}

/** The year as a number for sorting (items without a year sort as oldest). */
function yearNumber(year: string | undefined): number {
  if (!year) return -1;
  const m = /\d{4}/.exec(year);
  return m ? Number(m[0]) : -1;
}
