/**
 * RIS records as CSL-JSON items (the format citeproc, pandoc's `--citeproc` and Zotero read), with
 * the ids pandoc gives the records (`assignPandocKeys`), so `@key` in Markdown finds the same item.
 *
 * The mapping follows the 2011 per-type table where a tag's meaning depends on the type (`T2` is the
 * journal of a JOUR but the series of a BOOK; `A3` is the series editor of a CHAP but the editor of a
 * BOOK) and the CSL types of `ris-types.tsv` (citation-js column, pandoc's where citation-js has none).
 * Only a typed subset of CSL-JSON is produced; empty fields are left out.
 */
import { assignPandocKeys } from '../keys/pandocKeys';
import { normalizeDoi } from '../ris/doi';
import type { RisDocument, RisRecord } from '../ris/model';
import { readName, type PersonName } from '../ris/names';
import { allValues, firstValue } from '../ris/recordSummary';
import { tagMeaningForType } from '../ris/spec/index';

/** A CSL name: a person split into parts, or an organisation as a literal (read by `ris/names`). */
export type CslName = PersonName;

/** A CSL date: `date-parts` ([[year, month?, day?]]), optionally a season, or free text as `literal`. */
export interface CslDate {
  'date-parts'?: number[][];
  season?: number | string;
  literal?: string;
}

/** The subset of CSL-JSON this module writes. */
export interface CslItem {
  id: string;
  type: string;
  author?: CslName[];
  editor?: CslName[];
  translator?: CslName[];
  'collection-editor'?: CslName[];
  title?: string;
  'container-title'?: string;
  'container-title-short'?: string;
  'collection-title'?: string;
  issued?: CslDate;
  accessed?: CslDate;
  volume?: string;
  issue?: string;
  page?: string;
  number?: string;
  edition?: string;
  DOI?: string;
  ISSN?: string;
  ISBN?: string;
  URL?: string;
  publisher?: string;
  'publisher-place'?: string;
  abstract?: string;
  keyword?: string;
  language?: string;
  note?: string;
}

/**
 * CSL type per RIS type: the citation-js column of `ris-types.tsv`, with pandoc's type where
 * citation-js has none (`ELEC` → webpage as for `WEB`). Codes not listed become `document`.
 */
export const CSL_TYPES: Readonly<Record<string, string>> = {
  ABST: 'article-journal',
  ADVS: 'motion_picture',
  AGGR: 'dataset',
  ANCIENT: 'classic',
  ART: 'graphic',
  BILL: 'bill',
  BLOG: 'post-weblog',
  BOOK: 'book',
  CASE: 'legal_case',
  CHAP: 'chapter',
  CHART: 'figure',
  CLSWK: 'classic',
  COMP: 'software',
  CONF: 'paper-conference',
  CPAPER: 'paper-conference',
  CTLG: 'entry',
  DATA: 'dataset',
  DBASE: 'dataset',
  DICT: 'entry-dictionary',
  EBOOK: 'book',
  ECHAP: 'chapter',
  EDBOOK: 'book',
  EJOUR: 'article-journal',
  ELEC: 'webpage',
  ENCYC: 'entry-encyclopedia',
  EQUA: 'article',
  FIGURE: 'figure',
  GEN: 'document',
  GOVDOC: 'report',
  GRANT: 'article',
  HEAR: 'hearing',
  ICOMM: 'personal_communication',
  INPR: 'article-journal',
  JFULL: 'article-journal',
  JOUR: 'article-journal',
  LEGAL: 'legislation',
  MANSCPT: 'manuscript',
  MAP: 'map',
  MGZN: 'article-magazine',
  MPCT: 'broadcast',
  MULTI: 'motion_picture',
  MUSIC: 'musical_score',
  NEWS: 'article-newspaper',
  PAMP: 'pamphlet',
  PAT: 'patent',
  PCOMM: 'personal_communication',
  RPRT: 'report',
  SER: 'periodical',
  SLIDE: 'motion_picture',
  SOUND: 'motion_picture',
  STAND: 'standard',
  STAT: 'legislation',
  THES: 'thesis',
  UNBILL: 'manuscript',
  UNPB: 'manuscript',
  VIDEO: 'motion_picture',
  WEB: 'webpage',
};

/** The CSL type of a RIS type code (`document` when unknown or missing). */
export function cslType(ty: string | undefined): string {
  return (ty && CSL_TYPES[ty.trim().toUpperCase()]) || 'document';
}

/** Types whose `Y2` is the date the page was accessed. */
const WEB_TYPES = new Set(['ELEC', 'WEB', 'BLOG', 'ICOMM', 'MULTI']);

const SEASONS: Readonly<Record<string, number>> = { spring: 1, summer: 2, autumn: 3, fall: 3, winter: 4 };
const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** The number of a month written as a number (`06`) or an English name of 3 letters or more (`Oct.`, `october`). */
function monthOf(text: string): number | undefined {
  const t = text.trim().toLowerCase().replace(/\.$/, '');
  if (/^\d{1,2}$/.test(t)) return Number(t);
  if (t.length < 3) return undefined;
  const i = MONTHS.findIndex((m) => m.startsWith(t));
  return i < 0 ? undefined : i + 1;
}

/** The season of a date's `other` part: a name or a 3-letter abbreviation, maybe with the year (`Fal 1998`, PsycINFO). */
function seasonOf(other: string): number | undefined {
  const m = /^([a-z]{3,})\.?(?:,?\s+\d{4})?$/i.exec(other);
  if (!m) return undefined;
  const word = m[1].toLowerCase();
  const name = Object.keys(SEASONS).find((s) => s.startsWith(word));
  return name === undefined ? undefined : SEASONS[name];
}

/**
 * A RIS date as a CSL date: the `YYYY/MM/DD/other` grammar (`2021/06//` → [[2021, 6]],
 * `1998///Spring` → [[1998]] + season 1, `1998///Fal 1998` too), ISO `YYYY-MM-DD`, a bare year, a
 * month name in the month place (`2015/october`); anything else (`Mar. 2017`) is kept as a `literal`.
 * An `other` part that holds an exporter's `undefined`, `null` or `nan` (PubMed, Zotero) is dropped.
 * Undefined for an empty value.
 */
export function parseRisDate(value: string): CslDate | undefined {
  const text = value.trim();
  if (text === '') return undefined;
  const iso = /^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$/.exec(text);
  const parts = iso ? [iso[1], iso[2] ?? '', iso[3] ?? ''] : text.split('/');
  const year = parts[0].trim();
  if (!/^\d{4}$/.test(year)) return { literal: text };
  const datePart = [Number(year)];
  const month = monthOf(parts[1] ?? '');
  if (month !== undefined && month >= 1 && month <= 12) {
    datePart.push(month);
    const day = Number(parts[2]?.trim() || NaN);
    if (Number.isInteger(day) && day >= 1 && day <= 31) datePart.push(day);
  }
  const date: CslDate = { 'date-parts': [datePart] };
  const other = parts.slice(3).join('/').trim();
  if (other !== '' && !/\b(?:undefined|null|nan)\b/i.test(other)) date.season = seasonOf(other) ?? other;
  return date;
}

/** The value of the first field among `tags` whose date parses with a year; else the first as a literal. */
function dateOf(record: RisRecord, tags: readonly string[]): CslDate | undefined {
  let fallback: CslDate | undefined;
  for (const tag of tags) {
    for (const value of allValues(record, tag)) {
      const date = parseRisDate(value);
      if (date?.['date-parts']) return date;
      fallback ??= date;
    }
  }
  return fallback;
}

/** ISSN (`1234-5678`) or ISBN (10 or 13 digits, hyphens and spaces allowed) in an `SN` value. */
export function classifyStandardNumber(value: string): { ISSN?: string; ISBN?: string } {
  const out: { ISSN?: string; ISBN?: string } = {};
  // Linear on long runs: `\s+` only from where a run of whitespace starts, and `(print…)` only
  // looked for before the last `)` (from a `(` with none after it, `[^)]*` would scan to the end).
  for (const raw of value.split(/[;,]|\s(?=\d{4}-?\d{3}[\dXx]\b)|(?<!\s)\s+(?=\d{3}[-\s]?\d)/)) {
    const close = raw.lastIndexOf(')');
    const token = (
      close < 0 ? raw : raw.slice(0, close + 1).replace(/\((?:print|electronic|online|linking|pbk|hbk|ebk)[^)]*\)/gi, '') + raw.slice(close + 1)
    ).trim();
    if (token === '') continue;
    if (/^\d{4}-?\d{3}[\dXx]$/.test(token)) {
      out.ISSN ??= token;
      continue;
    }
    const digits = token.replace(/[-\s]/g, '');
    if (/^(?:\d{9}[\dXx]|97[89]\d{10})$/.test(digits)) out.ISBN ??= token;
  }
  return out;
}

/**
 * The DOI of a `DO` value: the forms normalizeDoi reads, also after Web of Science's `Doi ` prefix,
 * before an HTML `<br />` (RefWorks), or before a second tag an exporter ran into the same line
 * (Rayyan: `10.1038/s41467-024-48400-3     LK  - https://…`).
 */
export function doiOf(value: string): string | undefined {
  const cleaned = value
    .replace(/<br\s*\/?>/gi, ' ')
    // Only from the start of a run of whitespace (`(?<!\s)`): from every position of a long run of
    // spaces, `\s+` would rescan the rest of the run.
    .replace(/(?<!\s)\s+[A-Z][A-Z0-9] {2}-(?:\s.*)?$/s, '')
    .replace(/^doi\s+(?=10\.)/i, '');
  return normalizeDoi(cleaned);
}

type NameRole = 'author' | 'editor' | 'translator' | 'collection-editor';

/** The CSL role of a name tag in a record of type `ty` (2011 table where it decides), or undefined to drop it. */
function nameRole(tag: string, ty: string): NameRole | undefined {
  if (tag === 'AU' || tag === 'A1') return 'author';
  if (tag === 'ED') return 'editor';
  if (tag !== 'A2' && tag !== 'A3' && tag !== 'A4') return undefined;
  const meaning = tagMeaningForType(tag, ty);
  if (tag === 'A2') {
    // Exporters write the editor of a book in A2 whatever the table says; only a clearly different role is dropped.
    return meaning === undefined || /editor|author/i.test(meaning) ? 'editor' : undefined;
  }
  if (tag === 'A3') {
    if (meaning === undefined || /series/i.test(meaning)) return 'collection-editor';
    return meaning === 'Editor' ? 'editor' : undefined;
  }
  return meaning === 'Translator' ? 'translator' : undefined;
}

/** What a title tag is in a record of type `ty`. */
function titleRole(tag: 'T2' | 'T3', ty: string): 'container-title' | 'collection-title' | undefined {
  const meaning = tagMeaningForType(tag, ty);
  if (meaning !== undefined && /series/i.test(meaning)) return 'collection-title';
  if (tag === 'T3') return meaning === undefined || /tertiary/i.test(meaning) ? 'collection-title' : undefined;
  if (meaning === 'Academic Department') return undefined;
  return 'container-title';
}

/** One record as a CSL item with the given id. */
export function recordToCsl(record: RisRecord, id: string): CslItem {
  const ty = (record.type ?? '').toUpperCase();
  const item: CslItem = { id, type: cslType(ty) };
  const set = <K extends keyof CslItem>(key: K, value: CslItem[K] | undefined): void => {
    if (value !== undefined && value !== '' && !(key in item)) item[key] = value;
  };
  const meaning = (tag: string): string | undefined => tagMeaningForType(tag, ty);

  const roles: Record<NameRole, CslName[]> = { author: [], editor: [], translator: [], 'collection-editor': [] };
  for (const field of record.fields) {
    const role = nameRole(field.tag, ty);
    if (!role || field.value === '') continue;
    const name = readName(field.value);
    if (name) roles[role].push(name);
  }
  for (const role of ['author', 'editor', 'translator', 'collection-editor'] as const) {
    if (roles[role].length > 0) item[role] = roles[role];
  }

  const book = item.type === 'book';
  set('title', firstValue(record, book ? ['TI', 'T1', 'CT', 'BT'] : ['TI', 'T1', 'CT']));
  for (const tag of ['T2', 'T3'] as const) {
    const value = firstValue(record, [tag]);
    const role = value === undefined ? undefined : titleRole(tag, ty);
    if (role) set(role, value);
  }
  set('container-title', firstValue(record, ['JF', 'JO', ...(book ? [] : ['BT']), 'JA', 'J2']));
  const short = firstValue(record, ['J2', 'JA']);
  if (short !== item['container-title']) set('container-title-short', short);

  set('issued', dateOf(record, ['DA', 'PY', 'Y1']));
  if (WEB_TYPES.has(ty)) set('accessed', dateOf(record, ['Y2']));

  const vlMeaning = meaning('VL');
  const vl = firstValue(record, ['VL']);
  // A THES's VL is the degree, but PsycINFO writes there the volume of Dissertation Abstracts
  // International (the record's JF), and a degree is never a bare number.
  const vlIsVolume = vlMeaning === 'Degree' && vl !== undefined && /^\d+$/.test(vl.trim());
  if (vlMeaning === undefined || /volume/i.test(vlMeaning) || vlIsVolume) set('volume', vl);
  set('issue', firstValue(record, ['IS']));
  const m1 = meaning('M1');
  if (m1 !== undefined && /^issue/i.test(m1)) set('issue', firstValue(record, ['M1']));

  const sp = firstValue(record, ['SP']);
  const ep = firstValue(record, ['EP']);
  if (sp !== undefined) set('page', ep !== undefined && !/[-–]/.test(sp) && ep !== sp ? `${sp}-${ep}` : sp);

  const snMeaning = meaning('SN');
  if (snMeaning !== undefined && /number/i.test(snMeaning)) set('number', firstValue(record, ['SN']));
  else for (const sn of allValues(record, 'SN')) {
    const found = classifyStandardNumber(sn);
    set('ISSN', found.ISSN);
    set('ISBN', found.ISBN);
  }
  if (m1 !== undefined && /number$/i.test(m1) && !/volumes/i.test(m1)) set('number', firstValue(record, ['M1']));

  const et = meaning('ET');
  if (et === undefined ? ty !== 'JOUR' : /edition/i.test(et)) set('edition', firstValue(record, ['ET']));

  for (const doi of allValues(record, 'DO')) set('DOI', doiOf(doi));
  set('URL', firstValue(record, ['UR', 'L2']));
  set('publisher', firstValue(record, ['PB']));
  set('publisher-place', firstValue(record, ['CY']));
  set('abstract', firstValue(record, ['AB', 'N2']));
  const keywords = allValues(record, 'KW');
  if (keywords.length > 0) set('keyword', keywords.join(', '));
  set('language', firstValue(record, ['LA']));
  set('note', allValues(record, 'N1').join('\n') || undefined);
  return item;
}

/**
 * Every record of `files` as a CSL item with the key pandoc gives it, in file and record order.
 * Records pandoc reads into an earlier one (a missing `ER`) are skipped.
 */
export function documentToCsl(files: readonly { uri: string; doc: RisDocument }[]): CslItem[] {
  const docs = new Map(files.map((f) => [f.uri, f.doc]));
  const out: CslItem[] = [];
  for (const keyed of assignPandocKeys(files)) {
    if (keyed.mergedInto !== undefined) continue;
    const record = docs.get(keyed.uri)?.records[keyed.recordIndex];
    if (record) out.push(recordToCsl(record, keyed.key));
  }
  return out;
}
