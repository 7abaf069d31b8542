/**
 * Building the tables of a search index (`search.ts`) in steps: a generator that yields after a
 * bounded amount of work, so that a host can build the index of a 100,000-reference library in turns
 * (1.7–2 s of work in all) without blocking its thread, or all at once with `finishSteps`. Every pass
 * over the items or the postings is cut into steps, and the two sorts (keys, words) are merge sorts
 * that yield between runs; the tables are the same whichever way they are built.
 */
import { compareStrings, foldForSearch, indexWordsOf, surnamePart, yearNumber } from './searchText';
import { sortedIndicesSteps } from './sortInSteps';

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

/** Word fields, in the order of their weight. */
export const F_FIRST_AUTHOR = 0;
export const F_AUTHOR = 1;
export const F_TITLE = 2;
export const F_CONTAINER = 3;

/** What a search index answers queries from (see `ReferenceSearchIndex`). */
export interface IndexTables {
  readonly foldedKeys: readonly string[];
  /** Folded keys in sorted order, and the item of each. */
  readonly sortedKeys: readonly string[];
  readonly sortedKeyItems: Uint32Array;
  /** Distinct index words in sorted order. */
  readonly words: readonly string[];
  /** Postings of word `w` in field `f` are the items `postings[postStart[w*4+f] … postStart[w*4+f+1])`. */
  readonly postStart: Uint32Array;
  readonly postings: Uint32Array;
  /** The forward index: item `i`'s words are `fwdCode[fwdStart[i] … fwdStart[i+1])`, each `rank * 4 + field`. */
  readonly fwdStart: Uint32Array;
  readonly fwdCode: Uint32Array;
  readonly byYear: ReadonlyMap<string, readonly number[]>;
  readonly foldedYear: readonly string[];
  readonly doiItems: Uint32Array;
  readonly doiFolded: readonly string[];
  readonly itemDoi: readonly (string | undefined)[];
  readonly doiExact: ReadonlyMap<string, readonly number[]>;
  /** Position of each item in the tie order (newest year first, then key), and its inverse. */
  readonly tieRank: Uint32Array;
  readonly byTie: Uint32Array;
}

/** The work of one step, in items; the passes over postings and the sorts take proportionally more per step. */
const POSTINGS_PER_ITEM = 64;
const SORT_MOVES_PER_ITEM = 32;

/** The word ids and postings collected from the items, before they are sorted and laid out. */
class WordCollector {
  readonly ids = new Map<string, number>();
  readonly list: string[] = [];
  postWord: Uint32Array;
  postCode: Uint32Array;
  count = 0;
  // For each word id: the last item that used it, and that item's posting.
  private lastItem = new Int32Array(1024).fill(-1);
  private lastPosting = new Uint32Array(1024);

  constructor(items: number) {
    this.postWord = new Uint32Array(Math.max(16, items * 16));
    this.postCode = new Uint32Array(this.postWord.length);
  }

  /** Notes that `item` has `word` in `field` (the best field per item and word is kept). */
  add(word: string, item: number, field: number): void {
    let id = this.ids.get(word);
    if (id === undefined) {
      id = this.list.length;
      this.ids.set(word, id);
      this.list.push(word);
      if (id === this.lastItem.length) {
        const grownItem = new Int32Array(id * 2).fill(-1);
        grownItem.set(this.lastItem);
        this.lastItem = grownItem;
        const grownPosting = new Uint32Array(id * 2);
        grownPosting.set(this.lastPosting);
        this.lastPosting = grownPosting;
      }
    }
    if (this.lastItem[id] === item) {
      const seen = this.lastPosting[id]!;
      if ((this.postCode[seen]! & 3) > field) this.postCode[seen] = item * 4 + field;
      return;
    }
    if (this.count === this.postWord.length) {
      const grownWord = new Uint32Array(this.count * 2);
      grownWord.set(this.postWord);
      this.postWord = grownWord;
      const grownCode = new Uint32Array(this.count * 2);
      grownCode.set(this.postCode);
      this.postCode = grownCode;
    }
    this.lastItem[id] = item;
    this.lastPosting[id] = this.count;
    this.postWord[this.count] = id;
    this.postCode[this.count] = item * 4 + field;
    this.count++;
  }
}

/** Adds the words of item `i` to `words`. */
function collectItemWords<T>(item: SearchItem<T>, i: number, words: WordCollector, scratch: string[]): void {
  for (let a = 0; a < item.authors.length; a++) {
    scratch.length = 0;
    indexWordsOf(foldForSearch(surnamePart(item.authors[a]!)), scratch);
    for (const w of scratch) words.add(w, i, a === 0 ? F_FIRST_AUTHOR : F_AUTHOR);
  }
  if (item.title) {
    scratch.length = 0;
    indexWordsOf(foldForSearch(item.title), scratch);
    for (const w of scratch) words.add(w, i, F_TITLE);
  }
  if (item.container) {
    scratch.length = 0;
    indexWordsOf(foldForSearch(item.container), scratch);
    for (const w of scratch) words.add(w, i, F_CONTAINER);
  }
}

/** Adds `i` to the list of `key` in `map`. */
function addTo(map: Map<string, number[]>, key: string, i: number): void {
  const list = map.get(key);
  if (list) list.push(i);
  else map.set(key, [i]);
}

/** The tables of an index over `items`, built in steps of about `perStep` items' work (Infinity: at once). */
export function* indexTablesSteps<T>(items: readonly SearchItem<T>[], perStep: number): Generator<void, IndexTables> {
  const n = items.length;
  const foldedKeys = new Array<string>(n);
  const words = new WordCollector(n);
  const scratch: string[] = [];
  const doiItems: number[] = [];
  const doiFolded: string[] = [];
  const itemDoi = new Array<string | undefined>(n);
  const foldedYear = new Array<string>(n);
  const byYear = new Map<string, number[]>();
  const doiExact = new Map<string, number[]>();
  for (let from = 0; from < n; from += perStep) {
    for (let i = from; i < Math.min(n, from + perStep); i++) {
      const item = items[i]!;
      foldedKeys[i] = foldForSearch(item.key);
      collectItemWords(item, i, words, scratch);
      foldedYear[i] = '';
      if (item.year) {
        const year = foldForSearch(item.year.trim());
        foldedYear[i] = year;
        addTo(byYear, year, i);
      }
      if (item.doi) {
        const doi = foldForSearch(item.doi.trim());
        doiItems.push(i);
        doiFolded.push(doi);
        itemDoi[i] = doi;
        addTo(doiExact, doi, i);
      }
    }
    yield;
  }

  const sortStep = perStep * SORT_MOVES_PER_ITEM;
  const keyOrder = yield* sortedIndicesSteps(n, (a, b) => compareStrings(foldedKeys[a]!, foldedKeys[b]!), sortStep);
  const sortedKeys = new Array<string>(n);
  for (let r = 0; r < n; r++) sortedKeys[r] = foldedKeys[keyOrder[r]!]!;

  // Sort the words and lay the postings out by word and field (a counting sort), and per item.
  const wordList = words.list;
  const order = yield* sortedIndicesSteps(wordList.length, (a, b) => compareStrings(wordList[a]!, wordList[b]!), sortStep);
  const rank = new Uint32Array(wordList.length);
  const sortedWords = new Array<string>(wordList.length);
  for (let r = 0; r < order.length; r++) {
    rank[order[r]!] = r;
    sortedWords[r] = wordList[order[r]!]!;
  }
  const { postWord, postCode, count } = words;
  const postingStep = perStep * POSTINGS_PER_ITEM;
  const slots = wordList.length * 4;
  const postStart = new Uint32Array(slots + 1);
  const fwdStart = new Uint32Array(n + 1);
  for (let from = 0; from < count; from += postingStep) {
    for (let p = from; p < Math.min(count, from + postingStep); p++) {
      postStart[rank[postWord[p]!]! * 4 + (postCode[p]! & 3) + 1]++;
      fwdStart[(postCode[p]! >>> 2) + 1]++;
    }
    yield;
  }
  for (let s = 0; s < slots; s++) postStart[s + 1] += postStart[s]!;
  for (let i = 0; i < n; i++) fwdStart[i + 1] += fwdStart[i]!;
  const fill = postStart.slice(0, slots);
  const fwdFill = fwdStart.slice(0, n);
  const postings = new Uint32Array(count);
  const fwdCode = new Uint32Array(count);
  for (let from = 0; from < count; from += postingStep) {
    for (let p = from; p < Math.min(count, from + postingStep); p++) {
      const code = postCode[p]!;
      const item = code >>> 2;
      const slot = rank[postWord[p]!]! * 4 + (code & 3);
      postings[fill[slot]++] = item;
      fwdCode[fwdFill[item]++] = slot;
    }
    yield;
  }

  const { tieRank, byTie } = tieOrder(items, keyOrder);
  return {
    foldedKeys,
    sortedKeys,
    sortedKeyItems: keyOrder,
    words: sortedWords,
    postStart,
    postings,
    fwdStart,
    fwdCode,
    byYear,
    foldedYear,
    doiItems: Uint32Array.from(doiItems),
    doiFolded,
    itemDoi,
    doiExact,
    tieRank,
    byTie,
  };
}

/**
 * The tie order: newest year first, then key. `keyOrder` (the items in key order) is sorted
 * already, so a stable counting sort by year finishes it.
 */
function tieOrder<T>(items: readonly SearchItem<T>[], keyOrder: Uint32Array): { tieRank: Uint32Array; byTie: Uint32Array } {
  const n = items.length;
  const years = new Int32Array(n);
  let maxYear = 0;
  for (let i = 0; i < n; i++) {
    const y = yearNumber(items[i]!.year);
    years[i] = y;
    if (y > maxYear) maxYear = y;
  }
  // Bucket 0 holds the newest year; the last bucket the items without a year.
  const bucket = (y: number): number => (y < 0 ? maxYear + 1 : maxYear - y);
  const start = new Uint32Array(maxYear + 3);
  for (let i = 0; i < n; i++) start[bucket(years[i]!) + 1]++;
  for (let b = 1; b < start.length; b++) start[b] += start[b - 1]!;
  const tieRank = new Uint32Array(n);
  const byTie = new Uint32Array(n);
  for (const item of keyOrder) {
    const r = start[bucket(years[item]!)]++;
    tieRank[item] = r;
    byTie[r] = item;
  }
  return { tieRank, byTie };
}
