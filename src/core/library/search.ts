/**
 * Searching references as a person types: in the reference picker, key completion and the tree
 * filter. Built once per library; each query is answered from sorted arrays with binary search, never
 * by scanning every item's text (only the DOI substring test scans, over the items that have a DOI).
 * A one-word query walks the match classes best first and stops once the result list is full (the
 * first keystrokes, `s`, `sc`, match most of a library); a query of several words starts from its most
 * selective word, or from the previous keystroke's matches when the query only grew (a
 * {@link ReferenceSearchSession}), and checks the other words per item in a forward index.
 *
 * Matching: the query is split at whitespace into tokens, and an item must match every token (AND).
 * A token matches, best first: the key exactly, a key prefix, the DOI exactly, a word prefix of the
 * first author's surname, the year exactly, a word prefix of another author's surname, a title word
 * prefix, a container (journal) word prefix, or a DOI substring (tokens of 3+ characters). Matching
 * ignores case and accents (`muller` finds `Müller`, `sodergren` finds `Södergren`), and words joined by
 * punctuation are also indexed joined (`obrien` finds `O'Brien`, `deep-learning` finds
 * `Deep-Learning-Based`). An item's score is the sum over tokens of its best match's weight; ties are
 * broken by year (newest first), then key. An empty query lists the newest first.
 */
import { bareDoiToken, foldForSearch, joinedWord, prefixRange, bestK } from './searchText';
import { F_AUTHOR, F_CONTAINER, F_FIRST_AUTHOR, F_TITLE, indexTablesSteps, type IndexTables, type SearchItem } from './searchIndexBuild';
import { finishSteps } from '../ris/readInTurns';

export { foldForSearch } from './searchText';

export type { SearchItem } from './searchIndexBuild';

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

const FIELD_WEIGHT = [W_FIRST_AUTHOR, W_AUTHOR, W_TITLE, W_CONTAINER];
const FIELD_NAME: readonly SearchField[] = ['firstAuthor', 'author', 'title', 'container'];


/** What one query token selects in the index: computed once per query, then used per item. */
interface TokenPlan {
  readonly raw: string;
  readonly folded: string;
  /** Range of the sorted keys that start with the token. */
  readonly kFrom: number;
  readonly kTo: number;
  /** Range of the sorted words that start with the token's joined word; `exactRank` is the word itself (or -1). */
  readonly wFrom: number;
  readonly wTo: number;
  readonly exactRank: number;
  /** The items of this exact year, when it is one. */
  readonly year: readonly number[] | undefined;
  /** The bare DOI to look for (3+ characters), or ''. */
  readonly doi: string;
  /** About how many postings the token touches: the cheapest token drives a query. */
  readonly cost: number;
}

/** What a query of several tokens leaves for the next keystroke to narrow from. */
export interface NarrowingState {
  readonly tokens: readonly string[];
  /** Every item that matched all of `tokens` (not only the returned ones). */
  readonly matching: Uint32Array;
}

/** The token whose candidates are fewest to look at (see `TokenPlan.cost`). */
function cheapest(plans: readonly TokenPlan[]): TokenPlan {
  return plans.reduce((a, b) => (b.cost < a.cost ? b : a));
}

/**
 * A search index over references. Build it once (100,000 items take well under a second) and query
 * it on every keystroke.
 */
export class ReferenceSearchIndex<T> {
  private readonly items: readonly SearchItem<T>[];
  private readonly foldedKeys: readonly string[];
  /** Folded keys in sorted order, and the item of each. */
  private readonly sortedKeys: readonly string[];
  private readonly sortedKeyItems: Uint32Array;
  /** Distinct index words in sorted order. */
  private readonly words: readonly string[];
  /** Postings of word `w` in field `f` are the items `postings[postStart[w*4+f] … postStart[w*4+f+1])`. */
  private readonly postStart: Uint32Array;
  private readonly postings: Uint32Array;
  /** The forward index: item `i`'s words are `fwdCode[fwdStart[i] … fwdStart[i+1])`, each `rank * 4 + field`. */
  private readonly fwdStart: Uint32Array;
  private readonly fwdCode: Uint32Array;
  private readonly byYear: ReadonlyMap<string, readonly number[]>;
  private readonly foldedYear: readonly string[];
  private readonly doiItems: Uint32Array;
  private readonly doiFolded: readonly string[];
  private readonly itemDoi: readonly (string | undefined)[];
  private readonly doiExact: ReadonlyMap<string, readonly number[]>;
  /** Position of each item in the tie order (newest year first, then key), and its inverse. */
  private readonly tieRank: Uint32Array;
  private readonly byTie: Uint32Array;
  // Scratch space for queries, reused.
  private readonly total: Float64Array;
  private readonly seen: Uint32Array;
  private stamp = 0;
  // The field and exactness of the last `scoreItem` match.
  private lastField: SearchField = 'key';
  private lastExact = false;

  /**
   * Indexes `items` (the array is kept, not copied), or takes the tables built for them by
   * {@link indexTablesSteps} (see {@link ReferenceSearchIndex.steps}, to build them in turns).
   */
  constructor(items: readonly SearchItem<T>[], tables: IndexTables = finishSteps(indexTablesSteps(items, Infinity))) {
    this.items = items;
    this.foldedKeys = tables.foldedKeys;
    this.sortedKeys = tables.sortedKeys;
    this.sortedKeyItems = tables.sortedKeyItems;
    this.words = tables.words;
    this.postStart = tables.postStart;
    this.postings = tables.postings;
    this.fwdStart = tables.fwdStart;
    this.fwdCode = tables.fwdCode;
    this.byYear = tables.byYear;
    this.foldedYear = tables.foldedYear;
    this.doiItems = tables.doiItems;
    this.doiFolded = tables.doiFolded;
    this.itemDoi = tables.itemDoi;
    this.doiExact = tables.doiExact;
    this.tieRank = tables.tieRank;
    this.byTie = tables.byTie;
    const n = items.length;
    this.total = new Float64Array(n);
    this.seen = new Uint32Array(n);
  }

  /** Builds the index over `items` in steps of about `perStep` items' work (see `searchIndexBuild.ts`). */
  static *steps<T>(items: readonly SearchItem<T>[], perStep: number): Generator<void, ReferenceSearchIndex<T>> {
    const tables = yield* indexTablesSteps(items, perStep);
    return new ReferenceSearchIndex(items, tables);
  }

  /** Number of indexed items. */
  get size(): number {
    return this.items.length;
  }

  /**
   * The best `limit` items for `query`, best first. Every whitespace-separated token must match (see
   * the file comment for what a token matches and how results rank). An empty query returns the
   * items newest first (then by key). `skip`: items left out (`skip[i]` is 1 for the item at position
   * `i` of the indexed array); the limit counts the others.
   */
  search(query: string, limit = 50, skip?: Uint8Array): SearchResult<T>[] {
    return this.narrowedSearch(query, limit, undefined, skip).results;
  }

  /**
   * Like {@link search}, starting from `previous` (what the previous keystroke's query left) when the
   * query only grew from it (each earlier token extended or kept, tokens added) and that is cheaper.
   * The results are the same as `search`'s; `state` is what the next keystroke may narrow from (with
   * the same `skip`).
   */
  narrowedSearch(query: string, limit: number, previous: NarrowingState | undefined, skip?: Uint8Array): { results: SearchResult<T>[]; state: NarrowingState | undefined } {
    const max = Math.max(0, Math.floor(limit));
    const plans = this.plansOf(query);
    if (plans.length === 0) return { results: this.defaultResults(max, skip), state: undefined };
    if (max === 0) return { results: [], state: undefined };
    if (plans.length === 1) return { results: this.searchOne(plans[0], max, skip), state: undefined };
    const universe = previous && this.refines(previous, plans) ? previous.matching : undefined;
    return this.searchMany(plans, max, universe, skip);
  }

  /**
   * Every item `query` matches, by position in the indexed array, ascending: the items {@link search}
   * finds with no limit, unranked. A list sorted or grouped afterwards (the References view's filter)
   * needs no order of relevance, and ranking the 86,000 matches of `s` in a 100k-record library, each
   * with what it matched, took about 0.1 s. Every item (but `skip`'s) when the query has no token.
   */
  matching(query: string, skip?: Uint8Array): Uint32Array {
    const plans = this.plansOf(query);
    const n = this.items.length;
    const found: number[] = [];
    if (plans.length === 0) {
      for (let i = 0; i < n; i++) if (skip === undefined || skip[i] !== 1) found.push(i);
      return Uint32Array.from(found);
    }
    // Candidates from the most selective token, each of which that token matches; then every other token.
    const driver = cheapest(plans);
    const others = plans.filter((t) => t !== driver);
    for (const i of this.candidatesOf(driver)) {
      if (skip !== undefined && skip[i] === 1) continue;
      if (others.every((t) => this.scoreItem(i, t) !== 0)) found.push(i);
    }
    return Uint32Array.from(found).sort();
  }

  /**
   * Every item token `t` matches, each once, in no particular order: its key prefix range, the
   * postings of its word prefix range, its year and the DOIs that contain it.
   */
  private candidatesOf(t: TokenPlan): number[] {
    const stamp = this.nextStamp();
    const { seen } = this;
    const list: number[] = [];
    const add = (i: number): void => {
      if (seen[i] === stamp) return;
      seen[i] = stamp;
      list.push(i);
    };
    for (let k = t.kFrom; k < t.kTo; k++) add(this.sortedKeyItems[k]);
    for (let p = this.postStart[t.wFrom * 4], end = this.postStart[t.wTo * 4]; p < end; p++) add(this.postings[p]);
    for (const i of t.year ?? []) add(i);
    if (t.doi !== '') for (let d = 0; d < this.doiItems.length; d++) if (this.doiFolded[d].includes(t.doi)) add(this.doiItems[d]);
    return list;
  }

  /** The plans of a query's tokens (those that can match: a word, or three characters or more). */
  private plansOf(query: string): TokenPlan[] {
    return query
      .split(/\s+/)
      .filter((t) => t !== '')
      .map((raw) => ({ raw, folded: foldForSearch(raw) }))
      .filter((t) => joinedWord(t.folded) !== '' || t.folded.length >= 3)
      .map((t) => this.plan(t.raw, t.folded));
  }

  /** The score of item `item` (its position in the indexed array) for `query`: 0 when a token does not match it. */
  scoreOf(item: number, query: string): number {
    let sum = 0;
    for (const raw of query.split(/\s+/)) {
      const folded = foldForSearch(raw);
      if (raw === '' || (joinedWord(folded) === '' && folded.length < 3)) continue;
      const score = this.scoreItem(item, this.plan(raw, folded));
      if (score === 0) return 0;
      sum += score;
    }
    return sum;
  }

  private plan(raw: string, folded: string): TokenPlan {
    const [kFrom, kTo] = prefixRange(this.sortedKeys, folded);
    const word = joinedWord(folded);
    let wFrom = 0;
    let wTo = 0;
    let exactRank = -1;
    if (word !== '') {
      [wFrom, wTo] = prefixRange(this.words, word);
      if (wFrom < wTo && this.words[wFrom] === word) exactRank = wFrom;
    }
    const year = this.byYear.get(folded);
    const bare = bareDoiToken(folded);
    const doi = bare.length >= 3 ? bare : '';
    const cost = kTo - kFrom + (this.postStart[wTo * 4] - this.postStart[wFrom * 4]) + (year?.length ?? 0) + (doi !== '' ? this.doiItems.length : 0);
    return { raw, folded, kFrom, kTo, wFrom, wTo, exactRank, year, doi, cost };
  }

  /** True when every item that matches `plans` matched the previous query (so its matches bound the new ones). */
  private refines(previous: NarrowingState, plans: readonly TokenPlan[]): boolean {
    if (previous.tokens.length > plans.length) return false;
    return previous.tokens.every((p, i) => {
      const t = plans[i].folded;
      if (t === p) return true;
      if (!t.startsWith(p) || this.byYear.has(t)) return false;
      if (joinedWord(p) === '' && joinedWord(t) !== '') return false;
      // A DOI match of the new token must be one of the old token.
      const bt = bareDoiToken(t);
      const bp = bareDoiToken(p);
      return bt.length < 3 || (bp.length >= 3 && bt.includes(bp));
    });
  }

  /** A token's best score for item `i` (0: no match); sets `lastField` and `lastExact`. */
  private scoreItem(i: number, t: TokenPlan): number {
    let best = 0;
    let field: SearchField = 'key';
    let exact = false;
    if (t.kFrom < t.kTo) {
      const key = this.foldedKeys[i];
      if (key === t.folded) {
        best = W_KEY_EXACT;
        exact = true;
      } else if (key.startsWith(t.folded)) {
        best = W_KEY_PREFIX;
      }
    }
    if (t.doi !== '' && best < W_DOI_EXACT) {
      const doi = this.itemDoi[i];
      if (doi === t.doi) {
        best = W_DOI_EXACT;
        field = 'doi';
        exact = true;
      }
    }
    if (t.wFrom < t.wTo && best < W_FIRST_AUTHOR + WORD_EXACT_BONUS) {
      const { fwdCode, fwdStart } = this;
      for (let p = fwdStart[i], end = fwdStart[i + 1]; p < end; p++) {
        const slot = fwdCode[p];
        const r = slot >>> 2;
        if (r < t.wFrom || r >= t.wTo) continue;
        const score = FIELD_WEIGHT[slot & 3] + (r === t.exactRank ? WORD_EXACT_BONUS : 0);
        if (score > best) {
          best = score;
          field = FIELD_NAME[slot & 3];
          exact = r === t.exactRank;
        }
      }
    }
    if (t.year !== undefined && best < W_YEAR && this.foldedYear[i] === t.folded) {
      best = W_YEAR;
      field = 'year';
      exact = true;
    }
    if (t.doi !== '' && best < W_DOI_SUBSTRING && this.itemDoi[i]?.includes(t.doi)) {
      best = W_DOI_SUBSTRING;
      field = 'doi';
      exact = false;
    }
    this.lastField = field;
    this.lastExact = exact;
    return best;
  }

  private nextStamp(): number {
    if (this.stamp === 0xffffffff) {
      this.seen.fill(0);
      this.stamp = 0;
    }
    return ++this.stamp;
  }

  /**
   * One token: the match classes best first (exact key, exact DOI, key prefix, first author, year,
   * other authors, title, journal, DOI substring), each complete and in tie order, until `limit` items
   * are found. An item belongs to the first class it appears in, its best.
   */
  private searchOne(t: TokenPlan, limit: number, skip: Uint8Array | undefined): SearchResult<T>[] {
    const stamp = this.nextStamp();
    const { seen, postStart, postings } = this;
    const chosen: number[] = [];
    const scores: number[] = [];
    let classItems: number[] = [];
    let classScores: number[] = [];
    const take = (i: number, score: number): void => {
      if (seen[i] === stamp || (skip !== undefined && skip[i] === 1)) return;
      seen[i] = stamp;
      classItems.push(i);
      classScores.push(score);
    };
    // Appends the class in score order, then tie order; true when the list is full.
    const flush = (): boolean => {
      if (classItems.length > 0) this.appendClass(classItems, classScores, limit - chosen.length, chosen, scores);
      classItems = [];
      classScores = [];
      return chosen.length >= limit;
    };
    const words = (field: number): boolean => {
      for (let w = t.wFrom; w < t.wTo; w++) {
        const bonus = w === t.exactRank ? WORD_EXACT_BONUS : 0;
        for (let p = postStart[w * 4 + field], end = postStart[w * 4 + field + 1]; p < end; p++) take(postings[p], FIELD_WEIGHT[field] + bonus);
      }
      return flush();
    };
    let k = t.kFrom;
    for (; k < t.kTo && this.sortedKeys[k] === t.folded; k++) take(this.sortedKeyItems[k], W_KEY_EXACT);
    if (flush()) return this.results(chosen, scores, [t]);
    if (t.doi !== '') for (const i of this.doiExact.get(t.doi) ?? []) take(i, W_DOI_EXACT);
    if (flush()) return this.results(chosen, scores, [t]);
    for (; k < t.kTo; k++) take(this.sortedKeyItems[k], W_KEY_PREFIX);
    if (flush() || words(F_FIRST_AUTHOR)) return this.results(chosen, scores, [t]);
    for (const i of t.year ?? []) take(i, W_YEAR);
    if (flush() || words(F_AUTHOR) || words(F_TITLE) || words(F_CONTAINER)) return this.results(chosen, scores, [t]);
    if (t.doi !== '') {
      for (let d = 0; d < this.doiItems.length; d++) if (this.doiFolded[d].includes(t.doi)) take(this.doiItems[d], W_DOI_SUBSTRING);
    }
    flush();
    return this.results(chosen, scores, [t]);
  }

  /** Appends up to `room` items of one class to `chosen`, by score, then tie order. */
  private appendClass(items: readonly number[], itemScores: readonly number[], room: number, chosen: number[], scores: number[]): void {
    const n = this.items.length + 1;
    // One number per item that sorts ascending in result order: (best score first, then tie rank).
    const order = new Float64Array(items.length);
    for (let j = 0; j < items.length; j++) order[j] = (W_KEY_EXACT + WORD_EXACT_BONUS - itemScores[j]) * n + this.tieRank[items[j]];
    order.sort();
    const take = Math.min(room, order.length);
    for (let j = 0; j < take; j++) {
      const v = order[j];
      const r = v % n;
      chosen.push(this.byTie[r]);
      scores.push(W_KEY_EXACT + WORD_EXACT_BONUS - (v - r) / n);
    }
  }

  /** Several tokens: candidates from the most selective token (or `universe`), each checked against every token. */
  private searchMany(plans: readonly TokenPlan[], limit: number, universe: Uint32Array | undefined, skip: Uint8Array | undefined): { results: SearchResult<T>[]; state: NarrowingState } {
    const driver = cheapest(plans);
    const candidates = universe && universe.length <= driver.cost ? Array.from(universe) : this.candidatesOf(driver);
    const matching: number[] = [];
    const { total } = this;
    for (let c = 0; c < candidates.length; c++) {
      const i = candidates[c];
      if (skip !== undefined && skip[i] === 1) continue;
      let sum = 0;
      for (const t of plans) {
        const score = this.scoreItem(i, t);
        if (score === 0) {
          sum = 0;
          break;
        }
        sum += score;
      }
      if (sum === 0) continue;
      total[i] = sum;
      matching.push(i);
    }
    const best = this.topK(matching, limit);
    const results = this.results(best, best.map((i) => total[i]), plans);
    return { results, state: { tokens: plans.map((t) => t.folded), matching: Uint32Array.from(matching) } };
  }

  private results(chosen: readonly number[], scores: readonly number[], plans: readonly TokenPlan[]): SearchResult<T>[] {
    return chosen.map((i, j) => ({
      item: this.items[i].payload,
      score: scores[j],
      matches: plans.map((t) => {
        this.scoreItem(i, t);
        return { token: t.raw, field: this.lastField, exact: this.lastExact };
      }),
    }));
  }

  /** The `k` best of `candidates` by total score, then tie order. */
  private topK(candidates: number[], k: number): number[] {
    const n = this.items.length + 1;
    return bestK(candidates, k, (i) => this.total[i] * n + (n - 1 - this.tieRank[i]));
  }

  private defaultResults(limit: number, skip: Uint8Array | undefined): SearchResult<T>[] {
    const out: SearchResult<T>[] = [];
    for (let r = 0; r < this.byTie.length && out.length < limit; r++) {
      const i = this.byTie[r];
      if (skip === undefined || skip[i] !== 1) out.push({ item: this.items[i].payload, score: 0 });
    }
    return out;
  }
}

/**
 * Searches as a person types in one search box: each query may narrow from the previous one's
 * matches (see {@link ReferenceSearchIndex.narrowedSearch}). Results are the same as the index's.
 */
export class ReferenceSearchSession<T> {
  private state: NarrowingState | undefined;

  /** `skip`: the items every search of the session leaves out (see {@link ReferenceSearchIndex.search}). */
  constructor(
    private readonly index: ReferenceSearchIndex<T>,
    private readonly skip?: Uint8Array,
  ) {}

  /** The best `limit` items for `query`, as {@link ReferenceSearchIndex.search}. */
  search(query: string, limit = 50): SearchResult<T>[] {
    const { results, state } = this.index.narrowedSearch(query, limit, this.state, this.skip);
    this.state = state;
    return results;
  }
}
