/**
 * Reading the usual metadata out of a parsed record, whichever generation of tags the exporter used
 * (2011 `TI`/`AU`/`PY`/`DA`, or RefMan-era `T1`/`A1`/`Y1`), and the one-line label a person
 * recognises a reference by: "Liu et al. 2021 — Advances in Deep Learning-Based…".
 */
import { hasValue, type RisField, type RisRecord } from './model';
import { familyNameOf } from './names';
import { yearIn } from '../validation/duplicateKeys';

/** Tags that carry the primary authors, in order of preference. */
const AUTHOR_TAGS = new Set(['AU', 'A1']);
/** Tags that carry editors or secondary authors, used when a record has no primary author. */
const SECONDARY_AUTHOR_TAGS = new Set(['A2', 'ED', 'A3']);
const TITLE_TAGS = ['TI', 'T1', 'CT', 'BT', 'ST'];
const DATE_TAGS = ['PY', 'Y1', 'DA', 'Y2'];
const CONTAINER_TAGS = ['T2', 'JF', 'JO', 'JA', 'J2', 'J1', 'BT', 'T3'];

/** The first non-empty value among `tags` (searched in the given order of preference). */
export function firstValue(record: RisRecord, tags: readonly string[]): string | undefined {
  return firstFieldAmong(record, tags)?.value;
}

/** The first field with a non-empty value among `tags` (searched in the given order of preference). */
function firstFieldAmong(record: RisRecord, tags: readonly string[]): RisField | undefined {
  for (const tag of tags) {
    const field = firstField(record, tag);
    if (field) return field;
  }
  return undefined;
}

/** The first field with this tag and a non-empty value. */
export function firstField(record: RisRecord, tag: string): RisField | undefined {
  for (const field of record.fields) {
    if (field.tag === tag && hasValue(field)) return field;
  }
  return undefined;
}

/** Every non-empty value of this tag, in file order. */
export function allValues(record: RisRecord, tag: string): string[] {
  const values: string[] = [];
  for (const field of record.fields) {
    if (field.tag === tag && hasValue(field)) values.push(field.value);
  }
  return values;
}

/** The record's authors as written (`AU`/`A1`), or its editors when it has no author. */
export function authorsOf(record: RisRecord): string[] {
  const primary: string[] = [];
  const secondary: string[] = [];
  for (const field of record.fields) {
    if (!hasValue(field)) continue;
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
  return titleFieldOf(record)?.value;
}

/** The field {@link titleOf} reads. */
export function titleFieldOf(record: RisRecord): RisField | undefined {
  return firstFieldAmong(record, TITLE_TAGS);
}

/** The journal, book or proceedings the record appeared in. */
export function containerOf(record: RisRecord): string | undefined {
  return containerFieldOf(record)?.value;
}

/** The field {@link containerOf} reads. */
export function containerFieldOf(record: RisRecord): RisField | undefined {
  for (const tag of CONTAINER_TAGS) {
    if (tag === 'BT' && (record.type === 'BOOK' || firstField(record, 'TI') === undefined)) continue;
    const field = firstField(record, tag);
    if (field) return field;
  }
  return undefined;
}

/** "Liu", "Liu & Gao" or "Liu et al.", from the authors (or editors); "Anonymous" when there are none. */
export function authorShort(record: RisRecord): string {
  return authorShortOf(authorsOf(record));
}

/** {@link authorShort} from the record's authors (`authorsOf`). */
export function authorShortOf(authors: readonly string[]): string {
  if (authors.length === 0) return 'Anonymous';
  const first = surnameOf(authors[0]);
  if (authors.length === 1) return first;
  if (authors.length === 2) return `${first} & ${surnameOf(authors[1])}`;
  return `${first} et al.`;
}

/** Shortens `text` to at most `max` characters, cutting at a word boundary and adding an ellipsis. */
export function truncate(text: string, max: number): string {
  const clean = needsCleaning(text) ? text.replace(/\s+/g, ' ').trim() : text;
  if (clean.length <= max) return clean;
  const cut = clean.lastIndexOf(' ', max - 1);
  return `${clean.slice(0, cut > max / 2 ? cut : max - 1).replace(/[\s,;:.–—-]+$/, '')}…`;
}

/** True for what `\s` matches in a regular expression. */
function isSpace(c: number): boolean {
  return (c >= 9 && c <= 13) || c === 32 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** False when `text` has no whitespace but single spaces between words (most titles): nothing to clean. */
function needsCleaning(text: string): boolean {
  const n = text.length;
  if (n === 0) return false;
  if (isSpace(text.charCodeAt(0)) || isSpace(text.charCodeAt(n - 1))) return true;
  for (let i = 1; i < n - 1; i++) {
    const c = text.charCodeAt(i);
    if (c === 32 ? isSpace(text.charCodeAt(i + 1)) : c < 32 || c > 126 ? isSpace(c) : false) return true;
  }
  return false;
}

/** The label of a record: "Liu et al. 2021 — Advances in Deep Learning-Based Medical…". */
export function recordLabel(record: RisRecord, maxTitle = 60): string {
  return labelFrom(authorShort(record), yearOf(record), titleOf(record), record.type, maxTitle);
}

/** {@link recordLabel} from the record's short authors, year, title and type, read once by the caller. */
export function labelFrom(who: string, year: string | undefined, title: string | undefined, type: string | undefined, maxTitle = 60): string {
  const head = year ? `${who} ${year}` : who;
  return title ? `${head} — ${truncate(title, maxTitle)}` : `${head} — (untitled ${type ?? 'record'})`;
}
