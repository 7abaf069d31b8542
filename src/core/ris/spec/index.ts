/**
 * The RIS tag and type tables, as a typed API over the generated data (`generated.ts`, built from the
 * research tables by `scripts/gen-spec.mjs`) and the hand-written vendor table (`vendorTags.ts`).
 *
 * Every lookup accepts a tag or code in any case and with surrounding whitespace: `' au'` finds `AU`.
 */

import {
  BY_TYPE_LABELS,
  BY_TYPE_ROWS,
  BY_TYPE_TAGS,
  TAG_ROWS,
  TYPE_ROWS,
  type RawSpecStatus,
} from './generated';
import { VENDOR_TAGS } from './vendorTags';

/**
 * Where a tag is defined: only in the old RefMan spec (`old`), only in the 2011 spec (`2011`), in
 * both (`both`), or in neither, because an exporter invented it (`vendor`).
 */
export type SpecStatus = RawSpecStatus;

/** Everything known about one tag. */
export interface TagInfo {
  /** The tag, upper case, e.g. `AU`. */
  readonly tag: string;
  /** What the tag holds, from the research table. */
  readonly meaning: string;
  /** Which specification defines it. */
  readonly status: SpecStatus;
  /** True when the specification allows the tag on several lines of one record. */
  readonly repeatable: boolean;
  /** The table's wording about repetition, e.g. `yes (one name per tag line)`; empty for vendor tags. */
  readonly repeatNote: string;
  /**
   * True when real exports repeat the tag although the specification does not say it may repeat
   * (the table says "repeated in practice", or at least 5 corpus records repeat it).
   */
  readonly repeatedInPractice: boolean;
  /** Notes on the value's form; empty when there are none. */
  readonly valueNotes: string;
  /** How pandoc's RIS reader uses it, e.g. `author` or `ignored`; empty when not recorded. */
  readonly pandoc: string;
  /** Number of research-corpus files that contain the tag. */
  readonly corpusFiles: number;
  /** Number of lines with the tag in the research corpus. */
  readonly corpusOccurrences: number;
  /** Number of corpus records in which the tag occurs more than once. */
  readonly corpusRecordsWithRepeat: number;
  /** Exporters that write the tag with a meaning of their own; empty for plain spec tags. */
  readonly vendors: readonly string[];
  /** What those exporters put in it; empty when `vendors` is empty. */
  readonly vendorUse: string;
}

/** Everything known about one `TY` code. */
export interface TypeInfo {
  /** The code, upper case, e.g. `JOUR`. */
  readonly code: string;
  /** The best display name: the 2011 name, else the old-spec name, else the code. */
  readonly name: string;
  /** The name in the 2011 list, or undefined when the code is not in it. */
  readonly name2011: string | undefined;
  /** The name in the old RefMan list, or undefined when that list gives none. */
  readonly nameOld: string | undefined;
  /** True when the old RefMan spec lists the code. */
  readonly inOldSpec: boolean;
  /** True when the 2011 spec lists the code. */
  readonly in2011Spec: boolean;
  /** True when EndNote exports the code. */
  readonly exportedByEndNote: boolean;
  /** The CSL type pandoc gives it, e.g. `article-journal`, or `(unknown -> misc)`. */
  readonly pandocType: string;
  /** Notes from the research table; empty when there are none. */
  readonly notes: string;
}

/** How many files the research corpus behind the corpus counts holds (docs/ris-format.md §2). */
export const CORPUS_FILE_COUNT = 146;

/** The most used types, in the order completion and suggestions prefer them. */
export const COMMON_TYPES: readonly string[] = [
  'JOUR', 'BOOK', 'CHAP', 'CONF', 'CPAPER', 'THES', 'RPRT', 'ELEC', 'WEB', 'DATA', 'GEN',
];

/** Corpus records that must repeat a tag before `repeatedInPractice` counts it as repeatable. */
const PRACTICE_REPEAT_THRESHOLD = 5;

const vendorByTag = new Map(VENDOR_TAGS.map((v) => [v.tag, v]));

const tagList: readonly TagInfo[] = buildTags();
const tagByName = new Map(tagList.map((t) => [t.tag, t]));

const typeList: readonly TypeInfo[] = TYPE_ROWS.map(
  ([code, name2011, nameOld, inOld, in2011, endNote, pandocType, notes]): TypeInfo => ({
    code,
    name: name2011 || nameOld || code,
    name2011: name2011 || undefined,
    nameOld: nameOld || undefined,
    inOldSpec: inOld === 1,
    in2011Spec: in2011 === 1,
    exportedByEndNote: endNote === 1,
    pandocType,
    notes,
  }),
);
const typeByCode = new Map(typeList.map((t) => [t.code, t]));

/** type → tag → EndNote label. */
const labelsByType = new Map<string, ReadonlyMap<string, string>>(
  BY_TYPE_ROWS.map(([type, cells]) => {
    const labels = new Map<string, string>();
    cells.forEach((cell, i) => {
      const tag = BY_TYPE_TAGS[i];
      const label = cell > 0 ? BY_TYPE_LABELS[cell - 1] : undefined;
      if (tag !== undefined && label !== undefined) labels.set(tag, label);
    });
    return [type, labels];
  }),
);

function buildTags(): TagInfo[] {
  const list: TagInfo[] = TAG_ROWS.map(
    ([tag, meaning, status, repeatable, repeatNote, valueNotes, pandoc, files, occurrences, repeats]): TagInfo => {
      const vendor = vendorByTag.get(tag);
      return {
        tag,
        meaning,
        status,
        repeatable: repeatable === 1,
        repeatNote,
        repeatedInPractice:
          repeatable !== 1 && (repeatNote.includes('repeated in practice') || repeats >= PRACTICE_REPEAT_THRESHOLD),
        valueNotes,
        pandoc,
        corpusFiles: files,
        corpusOccurrences: occurrences,
        corpusRecordsWithRepeat: repeats,
        vendors: vendor?.vendors ?? [],
        vendorUse: vendor?.use ?? '',
      };
    },
  );
  // A vendor tag the research table lacks still gets an entry, built from the vendor table alone.
  const inTable = new Set(list.map((t) => t.tag));
  for (const v of VENDOR_TAGS) {
    if (inTable.has(v.tag)) continue;
    list.push({
      tag: v.tag,
      meaning: v.use,
      status: 'vendor',
      repeatable: false,
      repeatNote: '',
      repeatedInPractice: false,
      valueNotes: '',
      pandoc: '',
      corpusFiles: 0,
      corpusOccurrences: 0,
      corpusRecordsWithRepeat: 0,
      vendors: v.vendors,
      vendorUse: v.use,
    });
  }
  return list.sort((a, b) => (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0));
}

/** Upper-cases and trims a tag or type code, the form every table uses. */
export function normalizeCode(code: string): string {
  return code.trim().toUpperCase();
}

/** Returns what is known about `tag`, or undefined for a tag no table lists. */
export function getTagInfo(tag: string): TagInfo | undefined {
  return tagByName.get(normalizeCode(tag));
}

/** Returns what is known about the type `code`, or undefined for a code no table lists. */
export function getTypeInfo(code: string): TypeInfo | undefined {
  return typeByCode.get(normalizeCode(code));
}

/**
 * Returns what `tag` means in a record of type `type` according to the 2011 per-type table (EndNote's
 * labels, e.g. `SE` in `CHAP` is "Chapter"), or undefined when the table gives nothing for the pair.
 */
export function tagMeaningForType(tag: string, type: string): string | undefined {
  return labelsByType.get(normalizeCode(type))?.get(normalizeCode(tag));
}

/**
 * Returns the tags the 2011 per-type table lists for `type`, with their labels, in tag order; undefined
 * when the table has no column set for that type (it covers 48 types).
 */
export function tagsForType(type: string): ReadonlyMap<string, string> | undefined {
  return labelsByType.get(normalizeCode(type));
}

/** Every known tag (spec and vendor), alphabetically. */
export function allTags(): readonly TagInfo[] {
  return tagList;
}

/** Every known type code, alphabetically. */
export function allTypes(): readonly TypeInfo[] {
  return typeList;
}

/** True when `tag` is a spec tag or a known vendor tag. */
export function isKnownTag(tag: string): boolean {
  return tagByName.has(normalizeCode(tag));
}

/** True when `tag` is defined by neither specification but a known exporter writes it. */
export function isVendorTag(tag: string): boolean {
  return getTagInfo(tag)?.status === 'vendor';
}

/**
 * True when `code` is one of the 61 codes in the type table. That includes codes outside both spec
 * lists that exporters and parsers use (`WEB`, `JOURN`, `GRNT`, `UNPD`, `FILM`); see `isStandardType`.
 */
export function isKnownType(code: string): boolean {
  return typeByCode.has(normalizeCode(code));
}

/** True when the old RefMan list or the 2011 list defines `code`. */
export function isStandardType(code: string): boolean {
  const t = getTypeInfo(code);
  return t !== undefined && (t.inOldSpec || t.in2011Spec);
}

/**
 * True when `tag` may appear on several lines of one record. With `basis: 'spec'` (the default) only
 * what the specification allows counts (authors, `KW`, `UR`, `L1`–`L4`…); with `'practice'` the tags
 * that real exports repeat (`AD`, `SN`, `N1`, `C3`…) count as well.
 */
export function isRepeatableTag(tag: string, basis: 'spec' | 'practice' = 'spec'): boolean {
  const t = getTagInfo(tag);
  if (!t) return false;
  return t.repeatable || (basis === 'practice' && t.repeatedInPractice);
}

// ---------------------------------------------------------------------------------------------
// Nearest type

/** Codes a suggestion may propose: every code in a spec list, plus EndNote's `WEB`. */
const suggestable: readonly string[] = typeList
  .filter((t) => t.inOldSpec || t.in2011Spec || t.code === 'WEB')
  .map((t) => t.code);
const suggestableSet = new Set(suggestable);

/**
 * Words people and other tools use for a type, mapped to the codes to suggest, best first. The type
 * names of both spec lists are added below, so "JOURNAL" (the 2011 name of JOUR) needs no entry here.
 */
const HAND_ALIASES: Readonly<Record<string, readonly string[]>> = {
  // Codes outside the spec lists that parsers accept (docs/ris-format.md §1, "Type codes").
  JOURN: ['JOUR'],
  GRNT: ['GRANT'],
  UNPD: ['UNPB'],
  FILM: ['MPCT', 'VIDEO'],
  OTHER: ['GEN'],
  // Common words and BibTeX/CSL type names.
  ARTICLE: ['JOUR'],
  JOURNALARTICLE: ['JOUR'],
  JRNL: ['JOUR'],
  JNL: ['JOUR'],
  MAGAZINE: ['MGZN'],
  NEWSPAPERARTICLE: ['NEWS'],
  CHAPTER: ['CHAP'],
  BOOKSECTION: ['CHAP'],
  INBOOK: ['CHAP'],
  INCOLLECTION: ['CHAP'],
  SECTION: ['CHAP'],
  CONFERENCE: ['CONF', 'CPAPER'],
  PROCEEDINGS: ['CONF'],
  CONFERENCEPROCEEDINGS: ['CONF'],
  PROC: ['CONF'],
  INPROCEEDINGS: ['CPAPER', 'CONF'],
  PAPERCONFERENCE: ['CPAPER', 'CONF'],
  WEBPAGE: ['ELEC', 'WEB'],
  WEBSITE: ['ELEC', 'WEB'],
  ONLINE: ['ELEC', 'WEB'],
  INTERNET: ['ELEC', 'WEB'],
  URL: ['ELEC', 'WEB'],
  THESIS: ['THES'],
  DISSERTATION: ['THES'],
  PHDTHESIS: ['THES'],
  MASTERSTHESIS: ['THES'],
  REPORT: ['RPRT'],
  TECHREPORT: ['RPRT'],
  TECHNICALREPORT: ['RPRT'],
  DATASET: ['DATA'],
  SOFTWARE: ['COMP'],
  PROGRAM: ['COMP'],
  MISC: ['GEN'],
  DOCUMENT: ['GEN'],
  UNPUBLISHED: ['UNPB'],
  PREPRINT: ['UNPB'],
  MOVIE: ['MPCT'],
  LEGISLATION: ['STAT'],
  LAW: ['STAT'],
  REGULATION: ['LEGAL'],
  BLOGPOST: ['BLOG'],
  POSTWEBLOG: ['BLOG'],
  EMAIL: ['ICOMM'],
  LETTER: ['PCOMM'],
  BOOKLET: ['PAMP'],
  AUDIO: ['SOUND'],
  PODCAST: ['SOUND', 'MULTI'],
  PRESENTATION: ['SLIDE'],
  SLIDES: ['SLIDE'],
  ARTWORK: ['ART'],
  CATALOGUE: ['CTLG'],
  SERIES: ['SER'],
};

const aliases: ReadonlyMap<string, readonly string[]> = buildAliases();

function buildAliases(): Map<string, readonly string[]> {
  const map = new Map<string, string[]>();
  const add = (word: string, codes: readonly string[]): void => {
    if (!word || suggestableSet.has(word)) return;
    const list = map.get(word) ?? [];
    for (const c of codes) if (suggestableSet.has(c) && !list.includes(c)) list.push(c);
    if (list.length > 0) map.set(word, list);
  };
  for (const [word, codes] of Object.entries(HAND_ALIASES)) add(word, codes);
  for (const t of typeList) {
    if (!suggestableSet.has(t.code)) continue;
    if (t.name2011) add(lettersOnly(t.name2011), [t.code]);
    if (t.nameOld) add(lettersOnly(t.nameOld), [t.code]);
  }
  return map;
}

function lettersOnly(text: string): string {
  return text.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

/**
 * True when `text` names a type as a whole: a code of a spec list (or `WEB`), or a type's name or a
 * known alias, ignoring case, spaces and punctuation (`JOUR`, `Journal Article`, `book section`).
 */
export function isTypeName(text: string): boolean {
  const q = lettersOnly(text);
  return q.length > 0 && (suggestableSet.has(q) || aliases.has(q));
}

/**
 * Optimal string alignment distance (edits, counting a swap of two neighbours as one), or
 * `limit + 1` as soon as it is known to exceed `limit`. Strings whose lengths differ by more than
 * `limit` are answered without comparing them, so a long value costs no more than a short one.
 */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let before: number[] = [];
  let previous: number[] = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current: number[] = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, before[j - 2]! + 1);
      current.push(v);
      if (v < rowMin) rowMin = v;
    }
    // Every later cell costs at least this row's minimum (a swap only reaches back past a row
    // whose cell on its path is no larger), so the distance can no longer come within the limit.
    if (rowMin > limit) return limit + 1;
    before = previous;
    previous = current;
  }
  return previous[b.length]!;
}

/** The edits allowed between a query and a word of this length for the word to count as close. */
function allowedEdits(length: number): number {
  return length <= 4 ? 1 : length <= 8 ? 2 : 3;
}

function commonRank(code: string): number {
  const i = COMMON_TYPES.indexOf(code);
  return i < 0 ? COMMON_TYPES.length : i;
}

/**
 * Returns known type codes that `code` most likely meant, best first, at most `limit`: the code
 * itself when a spec list (or EndNote, for `WEB`) defines it; then codes for a known alias or type name
 * (`JOURN`, `JOURNAL` → `JOUR`; `WEBPAGE` → `ELEC`, `WEB`); then codes it starts with or that start
 * with it (`CONFERENCE` → `CONF`); then codes and names within a few edits (`JUOR` → `JOUR`). Case,
 * spaces and punctuation are ignored. Returns an empty list when nothing is close.
 */
export function suggestTypes(code: string, limit = 3): string[] {
  const q = lettersOnly(code);
  const out: string[] = [];
  const push = (c: string): void => {
    if (!out.includes(c)) out.push(c);
  };
  if (!q) return out;
  if (suggestableSet.has(q)) push(q);
  for (const c of aliases.get(q) ?? []) push(c);

  // The query starts with a code (`JOURNALS` → `JOUR`), or is the start of one (`ELE` → `ELEC`).
  // Codes the query starts with come first, longest first; then codes that extend the query.
  const prefixHits = suggestable
    .filter((c) => c !== q && ((c.length >= 3 && q.startsWith(c)) || (q.length >= 3 && c.startsWith(q))))
    .sort(
      (a, b) =>
        Number(!q.startsWith(a)) - Number(!q.startsWith(b)) ||
        b.length - a.length ||
        commonRank(a) - commonRank(b) ||
        (a < b ? -1 : 1),
    );
  for (const c of prefixHits) push(c);

  // Words within a few edits: codes, alias words and type names. Too little to go on below 3 letters.
  if (q.length < 3) return out.slice(0, Math.max(0, limit));
  const scored: { code: string; distance: number }[] = [];
  const consider = (word: string, codes: readonly string[]): void => {
    const allowed = allowedEdits(Math.min(q.length, word.length));
    const distance = editDistance(q, word, allowed);
    if (distance > allowed) return;
    for (const c of codes) scored.push({ code: c, distance });
  };
  for (const c of suggestable) consider(c, [c]);
  for (const [word, codes] of aliases) consider(word, codes);
  scored.sort(
    (a, b) => a.distance - b.distance || commonRank(a.code) - commonRank(b.code) || (a.code < b.code ? -1 : 1),
  );
  for (const s of scored) push(s.code);
  return out.slice(0, Math.max(0, limit));
}

/**
 * Returns the known type code closest to `code` (see `suggestTypes`), or undefined when none is
 * close. A code a spec list defines is its own nearest type; `JOURN` gives `JOUR`, `WEBPAGE` gives
 * `ELEC`, `CONFERENCE` gives `CONF`. Meant for the quick fix that replaces an unknown type.
 */
export function nearestType(code: string): string | undefined {
  return suggestTypes(code, 1)[0];
}
