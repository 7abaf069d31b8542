/**
 * Reading the usual metadata out of a parsed record, whichever generation of tags the exporter used
 * (2011 `TI`/`AU`/`PY`/`DA`, or RefMan-era `T1`/`A1`/`Y1`), and the one-line label a person
 * recognises a reference by: "Liu et al. 2021 — Advances in Deep Learning-Based…".
 */
import type { RisField, RisRecord } from './model';
import { familyNameOf } from './names';
import { yearIn } from '../validation/duplicateIndex';

/** Tags that carry the primary authors, in order of preference. */
const AUTHOR_TAGS = new Set(['AU', 'A1']);
/** Tags that carry editors or secondary authors, used when a record has no primary author. */
const SECONDARY_AUTHOR_TAGS = new Set(['A2', 'ED', 'A3']);
const TITLE_TAGS = ['TI', 'T1', 'CT', 'BT', 'ST'];
const DATE_TAGS = ['PY', 'Y1', 'DA', 'Y2'];
const CONTAINER_TAGS = ['T2', 'JF', 'JO', 'JA', 'J2', 'J1', 'BT', 'T3'];

/** The first non-empty value among `tags` (searched in the given order of preference). */
export function firstValue(record: RisRecord, tags: readonly string[]): string | undefined {
  for (const tag of tags) {
    const field = firstField(record, tag);
    if (field) return field.value;
  }
  return undefined;
}

/** The first field with this tag and a non-empty value. */
export function firstField(record: RisRecord, tag: string): RisField | undefined {
  for (const field of record.fields) {
    if (field.tag === tag && field.value.length > 0) return field;
  }
  return undefined;
}

/** Every non-empty value of this tag, in file order. */
export function allValues(record: RisRecord, tag: string): string[] {
  const values: string[] = [];
  for (const field of record.fields) {
    if (field.tag === tag && field.value.length > 0) values.push(field.value);
  }
  return values;
}

/** The record's authors as written (`AU`/`A1`), or its editors when it has no author. */
export function authorsOf(record: RisRecord): string[] {
  const primary: string[] = [];
  const secondary: string[] = [];
  for (const field of record.fields) {
    if (field.value.length === 0) continue;
    if (AUTHOR_TAGS.has(field.tag)) primary.push(field.value);
    else if (SECONDARY_AUTHOR_TAGS.has(field.tag)) secondary.push(field.value);
  }
  return primary.length > 0 ? primary : secondary;
}

/**
 * The family name in an author value (`Liu, Xiaoqing` → `Liu`, `Griffin DK` → `Griffin`, `Claude
 * Shannon` → `Shannon`); an organisation keeps its whole name. See `readName` in `names.ts`.
 */
export function surnameOf(author: string): string {
  return familyNameOf(author);
}

/** The publication year: the first four-digit year in PY, Y1, DA or Y2 (e.g. `2021/06//` → `2021`). */
export function yearOf(record: RisRecord): string | undefined {
  for (const tag of DATE_TAGS) {
    for (const field of record.fields) {
      if (field.tag !== tag) continue;
      const year = yearIn(field.value);
      if (year) return year;
    }
  }
  return undefined;
}

/** The title (TI, T1, CT, BT or ST, in that order of preference). */
export function titleOf(record: RisRecord): string | undefined {
  return firstValue(record, TITLE_TAGS);
}

/** The journal, book or proceedings the record appeared in. */
export function containerOf(record: RisRecord): string | undefined {
  for (const tag of CONTAINER_TAGS) {
    if (tag === 'BT' && (record.type === 'BOOK' || firstField(record, 'TI') === undefined)) continue;
    const field = firstField(record, tag);
    if (field) return field.value;
  }
  return undefined;
}

/** "Liu", "Liu & Gao" or "Liu et al.", from the authors (or editors); "Anonymous" when there are none. */
export function authorShort(record: RisRecord): string {
  const authors = authorsOf(record);
  if (authors.length === 0) return 'Anonymous';
  const first = surnameOf(authors[0]);
  if (authors.length === 1) return first;
  if (authors.length === 2) return `${first} & ${surnameOf(authors[1])}`;
  return `${first} et al.`;
}

/** Shortens `text` to at most `max` characters, cutting at a word boundary and adding an ellipsis. */
export function truncate(text: string, max: number): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (clean.length <= max) return clean;
  const cut = clean.lastIndexOf(' ', max - 1);
  return `${clean.slice(0, cut > max / 2 ? cut : max - 1).replace(/[\s,;:.–—-]+$/, '')}…`;
}

/** The label of a record: "Liu et al. 2021 — Advances in Deep Learning-Based Medical…". */
export function recordLabel(record: RisRecord, maxTitle = 60): string {
  const who = authorShort(record);
  const year = yearOf(record);
  const title = titleOf(record);
  const head = year ? `${who} ${year}` : who;
  return title ? `${head} — ${truncate(title, maxTitle)}` : `${head} — (untitled ${record.type ?? 'record'})`;
}
