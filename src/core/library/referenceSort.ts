/**
 * The orders of the References view (`ris.references.sort`): by first author, newest first, by
 * title, each falling back to file order; compared as a reader expects (case and accents aside,
 * numbers by value).
 */
import type { SortBy } from '../settings/settingsSchema';
import type { LibraryEntry } from './referenceLibrary';

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

/** File order: the files by URI, then the records in their file. */
export function compareFileOrder(a: LibraryEntry, b: LibraryEntry): number {
  return a.uri === b.uri ? a.recordIndex - b.recordIndex : a.uri < b.uri ? -1 : 1;
}

const byAuthor = (a: LibraryEntry, b: LibraryEntry): number =>
  collator.compare(a.firstAuthor ?? '\uffff', b.firstAuthor ?? '\uffff') || collator.compare(a.year ?? '', b.year ?? '') || compareFileOrder(a, b);

const byYear = (a: LibraryEntry, b: LibraryEntry): number =>
  collator.compare(b.year ?? '', a.year ?? '') || collator.compare(a.firstAuthor ?? '', b.firstAuthor ?? '') || compareFileOrder(a, b);

/**
 * `entries` in the order `sortBy` asks for (sorted in place, and returned). An entry reads its title
 * from its record at each request: titles are read once per entry before the sort, not twice per
 * comparison (sorting 100,000 references by title took 0.65 s that way, 0.42 s this way).
 */
export function sortEntries(entries: LibraryEntry[], sortBy: Exclude<SortBy, 'file'>): LibraryEntry[] {
  if (sortBy === 'author') return entries.sort(byAuthor);
  if (sortBy === 'year') return entries.sort(byYear);
  const titles = entries.map((e) => e.title ?? '\uffff');
  const order = entries.map((_, i) => i);
  order.sort((i, j) => collator.compare(titles[i]!, titles[j]!) || compareFileOrder(entries[i]!, entries[j]!));
  const sorted = order.map((i) => entries[i]!);
  for (let k = 0; k < sorted.length; k++) entries[k] = sorted[k]!;
  return entries;
}
