/**
 * The reference library: every record of a set of RIS files, with the citation key pandoc would give
 * it, its display metadata and a search index. Built from already parsed files (the host decides
 * which files and in which order: the whole workspace, or a Markdown document's `bibliography`).
 */
import type { RisDocument, RisField, RisRecord } from '../ris/model';
import { finishSteps, finishStepsInTurns } from '../ris/readInTurns';
import { RecordMemo } from '../ris/recordMemo';
import { assignPandocKeysByFile, keyedRecordsOfFile, prepareFileKeys, prepareShadows, type KeyedRecord } from '../keys/pandocKeys';
import { authorShortOf, authorsOf, containerFieldOf, firstField, labelFrom, surnameOf, titleFieldOf, yearOf } from '../ris/recordSummary';
import { doiKey, normalizeDoi } from '../ris/doi';
import { ReferenceSearchIndex, ReferenceSearchSession, type SearchItem } from './search';

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

/**
 * What an entry keeps of its record alone (not of its place in the bibliography): the fields its
 * title, container and DOI are read from, and the two values that views sort and group 100,000
 * references by. Everything else is read from the record when asked for (see {@link RecordEntry}).
 */
interface RecordSummary {
  readonly firstAuthor: string | undefined;
  readonly year: string | undefined;
  readonly titleField: RisField | undefined;
  readonly containerField: RisField | undefined;
  readonly doiField: RisField | undefined;
}

/**
 * Summaries per record object. A record object always stands for the same text (an edit re-parses
 * only the records it touches and keeps the others), so a library rebuilt after an edit reads again
 * only the records that changed.
 */
const summaries = new RecordMemo<RecordSummary>();

function summaryOf(record: RisRecord): RecordSummary {
  let summary = summaries.get(record);
  if (summary === undefined) {
    const first = authorsOf(record)[0];
    summary = {
      firstAuthor: first === undefined ? undefined : surnameOf(first),
      year: yearOf(record),
      titleField: titleFieldOf(record),
      containerField: containerFieldOf(record),
      doiField: firstField(record, 'DO'),
    };
    summaries.set(record, summary);
  }
  return summary;
}

/**
 * A {@link LibraryEntry} that reads what it shows from its record when asked: the title, container
 * and DOI from the fields its summary points to; the label, short form and authors from the whole
 * record (the label and short form are then kept). Made for every entry as the library was read,
 * these were a dozen strings per record (a label alone is a tree of concatenations): 90 MB for a
 * 100k-record export, which the young-generation collections copied while the extension host
 * waited. A field is already kept by its record; only the year (one shared string per year) and the
 * first author's surname, which views sort by, are kept as values.
 *
 * The constructor is never called: {@link recordEntry} writes each entry as a literal with this
 * class's prototype (V8 allocates literals that survive straight in the old generation; see
 * `ParsedField` in `records.ts`).
 */
class RecordEntry implements LibraryEntry {
  declare readonly uri: string;
  declare readonly recordIndex: number;
  declare readonly record: RisRecord;
  declare readonly key: string;
  declare readonly baseKey: string;
  declare readonly pinned: boolean;
  declare readonly hiddenBy: { readonly uri: string; readonly recordIndex: number } | undefined;
  private declare readonly summary: RecordSummary;
  private declare labelMemo: string | undefined;
  private declare shortMemo: string | undefined;

  private constructor() {}

  get firstAuthor(): string | undefined {
    return this.summary.firstAuthor;
  }
  get year(): string | undefined {
    return this.summary.year;
  }
  get title(): string | undefined {
    return this.summary.titleField?.value;
  }
  get container(): string | undefined {
    return this.summary.containerField?.value;
  }
  get doi(): string | undefined {
    const doi = this.summary.doiField?.value;
    return doi === undefined ? undefined : (normalizeDoi(doi) ?? doi);
  }
  get type(): string | undefined {
    return this.record.type;
  }
  /** The record's authors as written (`AU`/`A1`, or its editors when it has none): a new array at each request. */
  get authors(): readonly string[] {
    return authorsOf(this.record);
  }
  /** Made at the first request and kept: the entries a view or a picker shows are shown again as the writer types. */
  get short(): string {
    return (this.shortMemo ??= shortFrom(authorShortOf(authorsOf(this.record)), this.year));
  }
  /** Made at the first request and kept, as {@link short}. */
  get label(): string {
    return (this.labelMemo ??= labelFrom(authorShortOf(authorsOf(this.record)), this.year, this.title, this.record.type));
  }
}

/** An entry's short form: the authors' short form and the year (`Litjens et al. 2017`). */
function shortFrom(who: string, year: string | undefined): string {
  return year ? `${who} ${year}` : who;
}

const ENTRY_PROTO: object = RecordEntry.prototype;

/** The properties of a {@link RecordEntry}, in the order every entry literal writes them (one hidden class). */
type EntryData = Pick<LibraryEntry, 'uri' | 'recordIndex' | 'record' | 'key' | 'baseKey' | 'pinned' | 'hiddenBy'> & {
  readonly __proto__: object;
  readonly summary: RecordSummary;
  readonly labelMemo: string | undefined;
  readonly shortMemo: string | undefined;
};

/** A {@link RecordEntry} written as a literal with its prototype. */
function recordEntry(k: KeyedRecord, record: RisRecord, summary: RecordSummary): LibraryEntry {
  const data: EntryData = {
    __proto__: ENTRY_PROTO,
    uri: k.uri,
    recordIndex: k.recordIndex,
    record,
    key: k.key,
    baseKey: k.baseKey,
    pinned: k.fromId,
    hiddenBy: k.shadowedBy === undefined ? undefined : { uri: k.shadowedBy.uri, recordIndex: k.shadowedBy.recordIndex },
    summary,
    labelMemo: undefined,
    shortMemo: undefined,
  };
  return data as unknown as LibraryEntry;
}

/**
 * Entries per keyed record object: the keys of a file are remembered per document (see
 * `assignPandocKeys`), so a library rebuilt after an edit in one file makes entries only for that
 * file's records (and for records whose shadowing changed).
 */
const entryCache = new WeakMap<KeyedRecord, LibraryEntry>();

function entryOf(k: KeyedRecord, doc: RisDocument): LibraryEntry | undefined {
  const cached = entryCache.get(k);
  if (cached !== undefined) return cached;
  const record = doc.records[k.recordIndex];
  if (!record) return undefined;
  const entry = recordEntry(k, record, summaryOf(record));
  entryCache.set(k, entry);
  return entry;
}

/** The entries of one file as if no other file shadowed any, with the last entry of each key (the one a key cites among them). */
interface FileEntries {
  readonly keyed: readonly KeyedRecord[];
  readonly entries: readonly LibraryEntry[];
  readonly byKey: ReadonlyMap<string, LibraryEntry>;
}

/** Per keyed-records array of a file (remembered per document, see `keyedRecordsOfFile`). */
const fileEntriesCache = new WeakMap<readonly KeyedRecord[], FileEntries>();

function fileEntries(uri: string, doc: RisDocument): FileEntries {
  return finishSteps(fileEntriesSteps(uri, doc, Infinity));
}

/** Makes (and remembers) {@link fileEntries}, yielding every `perStep` records. */
function* fileEntriesSteps(uri: string, doc: RisDocument, perStep: number): Generator<void, FileEntries> {
  const keyed = keyedRecordsOfFile(uri, doc);
  const cached = fileEntriesCache.get(keyed);
  if (cached !== undefined) return cached;
  const entries: LibraryEntry[] = [];
  const byKey = new Map<string, LibraryEntry>();
  for (let from = 0; from < keyed.length; from += perStep) {
    for (let i = from; i < Math.min(keyed.length, from + perStep); i++) {
      const entry = entryOf(keyed[i]!, doc);
      if (!entry) continue;
      entries.push(entry);
      byKey.set(entry.key, entry);
    }
    if (from + perStep < keyed.length) yield;
  }
  const made = { keyed, entries, byKey };
  fileEntriesCache.set(keyed, made);
  return made;
}

/** The entries of a file some of whose records a later reference shadows: `base`'s, those records' replaced. */
function shadowedEntries(base: FileEntries, keyed: readonly KeyedRecord[], doc: RisDocument): LibraryEntry[] {
  if (base.entries.length === base.keyed.length && keyed.length === base.keyed.length) {
    const out = base.entries.slice();
    for (let k = 0; k < keyed.length; k++) if (keyed[k] !== base.keyed[k]) out[k] = entryOf(keyed[k]!, doc) ?? out[k]!;
    return out;
  }
  return keyed.map((k) => entryOf(k, doc)).filter((e): e is LibraryEntry => e !== undefined);
}

/**
 * Reads now what a library will read of one file (pandoc's keys, each record's entry) and remembers
 * it, a few thousand records at a time with `pause` between turns: a host reading a large file calls
 * this so that the library built later (the References view's first level) costs little.
 */
export async function prepareLibraryFile(uri: string, doc: RisDocument, pause: () => Promise<void>, perTurn = 2000): Promise<void> {
  await prepareFileKeys(uri, doc, pause, perTurn);
  await finishStepsInTurns(fileEntriesSteps(uri, doc, perTurn), pause);
}

/**
 * Reads now, in turns, what `new Library(files)` reads (each file's keys and entries, and which
 * references a later file's shadow), so that building it right after is one short task even when a
 * small file repeats the keys of a 100k-record export.
 */
export async function prepareLibrary(files: readonly LibraryFile[], pause: () => Promise<void>, perTurn = 2000): Promise<void> {
  for (const { uri, doc } of files) await prepareLibraryFile(uri, doc, pause, perTurn);
  await prepareShadows(files, pause, perTurn);
  await finishStepsInTurns(shadowedEntriesSteps(files, perTurn), pause);
}

/**
 * Makes (and remembers) the entries of the references that a later one shadows, yielding every
 * `perStep` of them: a small file repeating the keys of 10,000 references of a 100k-record export
 * made the library's constructor build 10,000 entries in one task (62 ms in VS Code's extension host
 * while the export was being read).
 */
function* shadowedEntriesSteps(files: readonly LibraryFile[], perStep: number): Generator<void, void> {
  const keyedByFile = assignPandocKeysByFile(files);
  let made = 0;
  for (let f = 0; f < files.length; f++) {
    const { uri, doc } = files[f]!;
    const base = fileEntries(uri, doc);
    const keyed = keyedByFile[f]!;
    if (keyed === base.keyed) continue;
    for (let k = 0; k < keyed.length; k++) {
      if (keyed[k] === base.keyed[k]) continue;
      entryOf(keyed[k]!, doc);
      if (++made % perStep === 0) yield;
    }
  }
}

/** What {@link Library.search} and {@link Library.searchSession} list. */
export interface SearchOptions {
  /** Only the entries a key cites: none that a later record with the same key hides. */
  readonly citable?: boolean;
}

/** A set of RIS files seen as one bibliography: entries in file order, keys, and search. */
export class Library {
  readonly entries: readonly LibraryEntry[];
  /** Per file in order: the entries as if unshadowed, whose `byKey` finds a key's entry (searched from the last file). */
  private readonly parts: readonly FileEntries[];
  private readonly byRecord = new Map<string, readonly LibraryEntry[]>();
  private index: ReferenceSearchIndex<LibraryEntry> | undefined;
  /** The search index being built in turns (see {@link prepareSearch}). */
  private building: Generator<void, ReferenceSearchIndex<LibraryEntry>> | undefined;
  private keyList: string[] | undefined;
  /** Per entry position, 1 when a later record hides the entry; null when none is hidden. Made on the first citable search. */
  private hidden: Uint8Array | null | undefined;

  constructor(readonly files: readonly LibraryFile[]) {
    // Each file's entries are remembered per document: a library rebuilt after an edit in one file
    // reads only that file again (and copies the list of a file some of whose records a later one shadows).
    const keyedByFile = assignPandocKeysByFile(files);
    const parts: FileEntries[] = [];
    const lists: (readonly LibraryEntry[])[] = [];
    files.forEach(({ uri, doc }, f) => {
      const base = fileEntries(uri, doc);
      const keyed = keyedByFile[f]!;
      const list = keyed === base.keyed ? base.entries : shadowedEntries(base, keyed, doc);
      parts.push(base);
      lists.push(list);
      const before = this.byRecord.get(uri);
      this.byRecord.set(uri, before === undefined ? list : [...before, ...list]);
    });
    this.parts = parts;
    this.entries = lists.length === 1 ? lists[0]! : ([] as LibraryEntry[]).concat(...lists);
  }

  /** The entry cited by `key`, or undefined: citeproc keeps the last reference with a key, so the last file that has it. */
  byKey(key: string): LibraryEntry | undefined {
    for (let f = this.parts.length - 1; f >= 0; f--) {
      const entry = this.parts[f]!.byKey.get(key);
      if (entry !== undefined) return entry;
    }
    return undefined;
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

  /**
   * Ranked entries for a query (key, author, title words, year, DOI, journal). Built on first use.
   * `citable`: without the entries a later record with the same key hides (`hiddenBy`), as citing
   * offers them: the key of such an entry cites the other record, which is listed.
   */
  search(query: string, limit = 50, options: SearchOptions = {}): LibraryEntry[] {
    return this.searchIndex()
      .search(query, limit, this.skipOf(options))
      .map((r) => r.item);
  }

  /**
   * Every entry `query` matches (what {@link search} finds with no limit), in library order, unranked:
   * for a list that is sorted or grouped afterwards.
   */
  matching(query: string, options: SearchOptions = {}): LibraryEntry[] {
    const positions = this.searchIndex().matching(query, this.skipOf(options));
    const out: LibraryEntry[] = [];
    for (let k = 0; k < positions.length; k++) out.push(this.entries[positions[k]!]!);
    return out;
  }

  /**
   * A search for one search box, where each query narrows from the previous keystroke's matches
   * when it only grew (the same results as {@link search} with the same options).
   */
  searchSession(options: SearchOptions = {}): { search(query: string, limit?: number): LibraryEntry[] } {
    const session = new ReferenceSearchSession(this.searchIndex(), this.skipOf(options));
    return { search: (query, limit = 50) => session.search(query, limit).map((r) => r.item) };
  }

  /** The entries a search with `options` leaves out, by position (see {@link ReferenceSearchIndex.search}); undefined for none. */
  private skipOf(options: SearchOptions): Uint8Array | undefined {
    if (options.citable !== true) return undefined;
    if (this.hidden === undefined) {
      const flags = new Uint8Array(this.entries.length);
      let any = false;
      for (let i = 0; i < this.entries.length; i++) {
        if (this.entries[i]!.hiddenBy === undefined) continue;
        flags[i] = 1;
        any = true;
      }
      this.hidden = any ? flags : null;
    }
    return this.hidden ?? undefined;
  }

  /** True when `entry` (of this library) matches every token of `query` (see {@link search}). */
  matches(entry: LibraryEntry, query: string): boolean {
    if (query.trim() === '') return true;
    this.positions ??= new Map(this.entries.map((e, i) => [e, i]));
    const position = this.positions.get(entry);
    return position !== undefined && this.searchIndex().scoreOf(position, query) > 0;
  }

  private positions: Map<LibraryEntry, number> | undefined;

  /**
   * Builds the search index (what {@link search}, {@link searchSession} and {@link matches} use) in
   * turns of about `perTurn` entries' work with `pause` between them, so that the first search of a
   * 100,000-reference library (1.7–2 s of work) does not block a thread shared with other work.
   * Resolves at once when it is built; a search meanwhile finishes the building at once.
   */
  async prepareSearch(pause: () => Promise<void>, perTurn = 200): Promise<void> {
    this.building ??= this.index === undefined ? this.searchIndexSteps(perTurn) : undefined;
    const steps = this.building;
    while (steps !== undefined && this.index === undefined) {
      let step: IteratorResult<void, ReferenceSearchIndex<LibraryEntry>>;
      try {
        step = steps.next();
      } catch (error) {
        // A build that failed is not resumed: the next search builds the index afresh.
        if (this.building === steps) this.building = undefined;
        throw error;
      }
      if (step.done === true) {
        this.index ??= step.value;
        this.building = undefined;
        return;
      }
      await pause();
    }
  }

  /** True when the search index is built (the next search answers without building it). */
  get searchReady(): boolean {
    return this.index !== undefined;
  }

  private searchIndex(): ReferenceSearchIndex<LibraryEntry> {
    if (this.index === undefined) {
      this.index = finishSteps(this.building ?? this.searchIndexSteps(Infinity));
      this.building = undefined;
    }
    return this.index;
  }

  /** The search index over the entries, built in steps of about `perStep` entries. */
  private *searchIndexSteps(perStep: number): Generator<void, ReferenceSearchIndex<LibraryEntry>> {
    const entries = this.entries;
    const items = new Array<SearchItem<LibraryEntry>>(entries.length);
    for (let from = 0; from < entries.length; from += perStep) {
      for (let i = from; i < Math.min(entries.length, from + perStep); i++) {
        const e = entries[i]!;
        items[i] = {
          key: e.key,
          authors: e.authors.map(surnameOf),
          year: e.year,
          title: e.title,
          container: e.container,
          doi: e.doi === undefined ? undefined : (doiKey(e.doi) ?? e.doi),
          type: e.type,
          payload: e,
        };
      }
      yield;
    }
    return yield* ReferenceSearchIndex.steps(items, perStep);
  }

  /** Every key, for "closest key" suggestions. */
  keys(): IterableIterator<string> {
    if (this.keyList === undefined) {
      const seen = new Set<string>();
      for (const e of this.entries) if (e.hiddenBy === undefined) seen.add(e.key);
      this.keyList = [...seen];
    }
    return this.keyList.values();
  }
}
