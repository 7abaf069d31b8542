/**
 * The reference library: every record of a set of RIS files, with the citation key pandoc would give
 * it, its display metadata and a search index. Built from already parsed files (the host decides
 * which files and in which order: the whole workspace, or a Markdown document's `bibliography`).
 */
import type { RisDocument, RisRecord } from '../ris/model';
import { assignPandocKeys, prepareFileKeys, type KeyedRecord } from '../keys/pandocKeys';
import { eachInTurns } from '../ris/readInTurns';
import { authorShort, authorsOf, containerOf, firstValue, recordLabel, surnameOf, titleOf, yearOf } from '../ris/recordSummary';
import { doiKey, normalizeDoi } from '../ris/doi';
import { ReferenceSearchIndex, ReferenceSearchSession } from './search';

/** One file of a library, in bibliography order. */
export interface LibraryFile {
  /** The file's URI (or path) as a string: the identity used everywhere in the library. */
  readonly uri: string;
  readonly doc: RisDocument;
}

/** One reference of the library. */
export interface LibraryEntry {
  readonly uri: string;
  readonly recordIndex: number;
  readonly record: RisRecord;
  /** The key pandoc gives the record in this library's bibliography (after `a`, `b`… suffixes). */
  readonly key: string;
  /** The key before disambiguation. */
  readonly baseKey: string;
  /** "Liu et al. 2021 — Advances in Deep Learning-Based…" */
  readonly label: string;
  /** "Liu et al. 2021" */
  readonly short: string;
  readonly authors: readonly string[];
  readonly firstAuthor: string | undefined;
  readonly year: string | undefined;
  readonly title: string | undefined;
  readonly container: string | undefined;
  readonly doi: string | undefined;
  readonly type: string | undefined;
  /** True when the key comes from an explicit `ID` line (it survives edits of authors and years). */
  readonly pinned: boolean;
  /**
   * A later record of the bibliography with the same key: pandoc keeps only that one, so this
   * record is not in the rendered bibliography and `@key` cites the other. Undefined normally.
   */
  readonly hiddenBy: { readonly uri: string; readonly recordIndex: number } | undefined;
}

/** What an entry shows of its record alone (not of its place in the bibliography). */
type RecordSummary = Pick<LibraryEntry, 'label' | 'short' | 'authors' | 'firstAuthor' | 'year' | 'title' | 'container' | 'doi' | 'type'>;

/**
 * Summaries per record object. A record object always stands for the same text (an edit re-parses
 * only the records it touches and keeps the others), so a library rebuilt after an edit reads again
 * only the records that changed.
 */
const summaries = new WeakMap<RisRecord, RecordSummary>();

function summaryOf(record: RisRecord): RecordSummary {
  let summary = summaries.get(record);
  if (summary === undefined) {
    const authors = authorsOf(record);
    const year = yearOf(record);
    const doi = firstValue(record, ['DO']);
    summary = {
      label: recordLabel(record),
      short: year ? `${authorShort(record)} ${year}` : authorShort(record),
      authors,
      firstAuthor: authors[0] === undefined ? undefined : surnameOf(authors[0]),
      year,
      title: titleOf(record),
      container: containerOf(record),
      doi: doi === undefined ? undefined : (normalizeDoi(doi) ?? doi),
      type: record.type,
    };
    summaries.set(record, summary);
  }
  return summary;
}

/**
 * Entries per keyed record object: the keys of a file are remembered per document (see
 * `assignPandocKeys`), so a library rebuilt after an edit in one file makes entries only for that
 * file's records (and for records whose shadowing changed).
 */
const entryCache = new WeakMap<KeyedRecord, LibraryEntry>();

function entryOf(k: KeyedRecord, docs: ReadonlyMap<string, RisDocument>): LibraryEntry | undefined {
  const cached = entryCache.get(k);
  if (cached !== undefined) return cached;
  const record = docs.get(k.uri)?.records[k.recordIndex];
  if (!record) return undefined;
  const entry: LibraryEntry = {
    uri: k.uri,
    recordIndex: k.recordIndex,
    record,
    key: k.key,
    baseKey: k.baseKey,
    ...summaryOf(record),
    pinned: k.fromId,
    hiddenBy: k.shadowedBy === undefined ? undefined : { uri: k.shadowedBy.uri, recordIndex: k.shadowedBy.recordIndex },
  };
  entryCache.set(k, entry);
  return entry;
}

/**
 * Reads now what a library will read of one file (pandoc's keys, each record's entry) and remembers
 * it, a few thousand records at a time with `pause` between turns: a host reading a large file calls
 * this so that the library built later (the References view's first level) costs little.
 */
export async function prepareLibraryFile(uri: string, doc: RisDocument, pause: () => Promise<void>, perTurn = 2000): Promise<void> {
  const keyed = await prepareFileKeys(uri, doc, pause, perTurn);
  const docs = new Map([[uri, doc]]);
  await eachInTurns(keyed, (k) => void entryOf(k, docs), pause, perTurn);
}

/** A set of RIS files seen as one bibliography: entries in file order, keys, and search. */
export class Library {
  readonly entries: readonly LibraryEntry[];
  private readonly byKeyMap = new Map<string, LibraryEntry>();
  private readonly byRecord = new Map<string, LibraryEntry[]>();
  private index: ReferenceSearchIndex<LibraryEntry> | undefined;

  constructor(readonly files: readonly LibraryFile[]) {
    const keyed = assignPandocKeys(files);
    const docs = new Map(files.map((f) => [f.uri, f.doc]));
    const entries: LibraryEntry[] = [];
    for (const k of keyed) {
      const entry = entryOf(k, docs);
      if (!entry) continue;
      entries.push(entry);
      // citeproc keeps the last reference with a key: a key cites the record that is not shadowed.
      if (k.shadowedBy === undefined) this.byKeyMap.set(entry.key, entry);
      const list = this.byRecord.get(entry.uri);
      if (list) list.push(entry);
      else this.byRecord.set(entry.uri, [entry]);
    }
    this.entries = entries;
  }

  /** The entry cited by `key`, or undefined. */
  byKey(key: string): LibraryEntry | undefined {
    return this.byKeyMap.get(key);
  }

  /** The entries of one file, in file order. */
  entriesOf(uri: string): readonly LibraryEntry[] {
    return this.byRecord.get(uri) ?? [];
  }

  /** The entry of record `recordIndex` of `uri`. */
  entryFor(uri: string, recordIndex: number): LibraryEntry | undefined {
    const list = this.byRecord.get(uri);
    if (!list) return undefined;
    // Records with a key are listed in record order; a direct index usually hits.
    const direct = list[recordIndex];
    if (direct?.recordIndex === recordIndex) return direct;
    return list.find((e) => e.recordIndex === recordIndex);
  }

  /** Ranked entries for a query (key, author, title words, year, DOI, journal). Built on first use. */
  search(query: string, limit = 50): LibraryEntry[] {
    return this.searchIndex().search(query, limit).map((r) => r.item);
  }

  /**
   * A search for one search box, where each query narrows from the previous keystroke's matches
   * when it only grew (the same results as {@link search}).
   */
  searchSession(): { search(query: string, limit?: number): LibraryEntry[] } {
    const session = new ReferenceSearchSession(this.searchIndex());
    return { search: (query, limit = 50) => session.search(query, limit).map((r) => r.item) };
  }

  /** True when `entry` (of this library) matches every token of `query` (see {@link search}). */
  matches(entry: LibraryEntry, query: string): boolean {
    if (query.trim() === '') return true;
    this.positions ??= new Map(this.entries.map((e, i) => [e, i]));
    const position = this.positions.get(entry);
    return position !== undefined && this.searchIndex().scoreOf(position, query) > 0;
  }

  private positions: Map<LibraryEntry, number> | undefined;

  private searchIndex(): ReferenceSearchIndex<LibraryEntry> {
    if (!this.index) {
      this.index = new ReferenceSearchIndex(
        this.entries.map((e) => ({
          key: e.key,
          authors: e.authors.map(surnameOf),
          year: e.year,
          title: e.title,
          container: e.container,
          doi: e.doi === undefined ? undefined : (doiKey(e.doi) ?? e.doi),
          type: e.type,
          payload: e,
        })),
      );
    }
    return this.index;
  }

  /** Every key, for "closest key" suggestions. */
  keys(): IterableIterator<string> {
    return this.byKeyMap.keys();
  }
}
