/**
 * How the References view groups a library so that every level means something, even for a
 * 100k-record export: the first level by file, year, type or first author's initial; a group too
 * large to list is split by the next meaningful key (a file by year, a year by the first author's
 * initial, a type by year), and only a group that no key splits any further is cut into ranges,
 * labelled by their first and last reference rather than by numbers.
 */
import { finishSteps } from '../ris/readInTurns';
import { getTypeInfo } from '../ris/spec';
import { foldForSearch } from './searchText';
import type { LibraryEntry } from './referenceLibrary';

/**
 * Entries grouped (or comparisons made) between two looks at the clock when a host groups and sorts
 * a library in turns (the References view): a 100k-record library is grouped, sorted and split a
 * few milliseconds at a time (sorting 100,000 references by title is a task of about 0.4 s).
 */
export const GROUPING_STEP = 2000;

/** What a group gathers. */
export type GroupLevel = 'file' | 'year' | 'type' | 'author' | 'range';

/** One group of references. */
export interface EntryGroup {
  readonly level: GroupLevel;
  /** Unique among its siblings: the file URI, the year, the type code, the initial, or the range start. */
  readonly key: string;
  /** What the view shows (for a file, the URI: the host shows it as a path). */
  readonly label: string;
  /** The references, in the order they came in. */
  readonly entries: readonly LibraryEntry[];
}

export const NO_YEAR = 'No year';
export const NO_TYPE = 'No type';
/** The initial of a first author that does not start with a letter (or of no author). */
export const OTHER_INITIAL = '#';

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

/** The initial each first character stands for (a few hundred at most), folded once. */
const initials = new Map<number, string>();

/** The first author's initial, without accents (`Müller` → `M`, `Øster` → `O`), or `#`. */
export function authorInitial(entry: LibraryEntry): string {
  const first = entry.firstAuthor?.trim();
  if (!first) return OTHER_INITIAL;
  const point = first.codePointAt(0)!;
  let initial = initials.get(point);
  if (initial === undefined) {
    const letter = foldForSearch(String.fromCodePoint(point)).charAt(0).toUpperCase();
    initial = /\p{L}/u.test(letter) ? letter : OTHER_INITIAL;
    initials.set(point, initial);
  }
  return initial;
}

function keyOf(entry: LibraryEntry, level: Exclude<GroupLevel, 'range'>): string {
  switch (level) {
    case 'file':
      return entry.uri;
    case 'year':
      return entry.year?.trim() || NO_YEAR;
    case 'type':
      return entry.type ?? NO_TYPE;
    case 'author':
      return authorInitial(entry);
  }
}

/**
 * {@link groupEntries}: groups by one key; `fileOrder` fixes the order of files (others follow in
 * order of appearance). Yields after every `perStep` entries (a host grouping a 100k-record library
 * in turns).
 */
export function* groupEntriesSteps(entries: readonly LibraryEntry[], level: Exclude<GroupLevel, 'range'>, fileOrder: readonly string[], perStep: number): Generator<void, EntryGroup[]> {
  const buckets = new Map<string, LibraryEntry[]>();
  if (level === 'file') for (const uri of fileOrder) buckets.set(uri, []);
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i]!;
    const key = keyOf(entry, level);
    const list = buckets.get(key);
    if (list) list.push(entry);
    else buckets.set(key, [entry]);
    if ((i + 1) % perStep === 0) yield;
  }
  const groups: EntryGroup[] = [];
  for (const [key, list] of buckets) {
    if (list.length === 0) continue;
    const typeName = level === 'type' ? getTypeInfo(key)?.name : undefined;
    groups.push({ level, key, label: typeName ? `${key} — ${typeName}` : key, entries: list });
  }
  if (level === 'year') {
    // Newest first, references without a year last.
    groups.sort((a, b) => (a.key === NO_YEAR ? 1 : 0) - (b.key === NO_YEAR ? 1 : 0) || collator.compare(b.key, a.key));
  } else if (level === 'author') {
    groups.sort((a, b) => (a.key === OTHER_INITIAL ? 1 : 0) - (b.key === OTHER_INITIAL ? 1 : 0) || collator.compare(a.key, b.key));
  } else if (level === 'type') {
    groups.sort((a, b) => collator.compare(a.label, b.label));
  }
  return groups;
}

/** The first level of the view for `entries` grouped `by`. */
export function groupEntries(entries: readonly LibraryEntry[], by: Exclude<GroupLevel, 'range'>, fileOrder: readonly string[] = []): EntryGroup[] {
  return finishSteps(groupEntriesSteps(entries, by, fileOrder, Infinity));
}


/**
 * The first level by file of a whole library in file order, from each file's own list of entries
 * (`entriesOf`): what {@link groupEntries} gives for all of them grouped by file, without a pass
 * over a 100k-record library's entries.
 */
export function fileGroups(fileOrder: readonly string[], entriesOf: (uri: string) => readonly LibraryEntry[]): EntryGroup[] {
  const groups: EntryGroup[] = [];
  for (const uri of new Set(fileOrder)) {
    const entries = entriesOf(uri);
    if (entries.length > 0) groups.push({ level: 'file', key: uri, label: uri, entries });
  }
  return groups;
}

/** The keys that split a group of each level, in order of preference. */
const SPLITS: Record<GroupLevel, readonly Exclude<GroupLevel, 'range' | 'file'>[]> = {
  file: ['year', 'author'],
  year: ['author'],
  type: ['year', 'author'],
  author: [],
  range: [],
};

/**
 * The children of a group of more than `pageSize` references: split by the next key that splits it
 * into more than one group, else into ranges of `pageSize`. Undefined when the group is small enough
 * to list its references.
 */
export function subdivide(group: EntryGroup, pageSize: number): EntryGroup[] | undefined {
  return finishSteps(subdivideSteps(group, pageSize, Infinity));
}

/** {@link subdivide}, yielding after every `perStep` entries grouped (a 100k-record file split by year in turns). */
export function* subdivideSteps(group: EntryGroup, pageSize: number, perStep: number): Generator<void, EntryGroup[] | undefined> {
  if (group.entries.length <= pageSize) return undefined;
  for (const level of SPLITS[group.level]) {
    const groups = yield* groupEntriesSteps(group.entries, level, [], perStep);
    if (groups.length > 1) return groups;
  }
  return ranges(group.entries, pageSize);
}

/** Consecutive ranges of `pageSize` references, each labelled "first – last". */
function ranges(entries: readonly LibraryEntry[], pageSize: number): EntryGroup[] {
  const out: EntryGroup[] = [];
  for (let from = 0; from < entries.length; from += pageSize) {
    const slice = entries.slice(from, from + pageSize);
    const first = slice[0];
    const last = slice[slice.length - 1];
    out.push({ level: 'range', key: String(from), label: `${first.short} – ${last.short}`, entries: slice });
  }
  return out;
}
