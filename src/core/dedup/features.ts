/**
 * A record as deduplication sees it: every field it compares, normalised once (title words, DOI,
 * authors as surname + initials, year, journal words, volume, pages, the kind of item, whether it
 * is a conference abstract or a preprint). Built in one pass over the record's fields.
 */
import { doiKey } from '../ris/doi';
import { hasValue, type RisRecord } from '../ris/model';
import { isConferenceRecord, isPreprintRecord, journalKey, type JournalKey } from './journals';
import { authorKey, itemKind, pageKey, volumeKey, type AuthorKey, type ItemKind, type PageKey } from './normaliseFields';
import { normaliseTitle, squash } from './normaliseText';

/** The normalised fields of one record. */
export interface RecordFeatures {
  /** Title words (see `normaliseTitle`), `''` when there is no title. */
  readonly title: string;
  /** The title without spaces: what title similarity compares. */
  readonly titleKey: string;
  readonly doi: string | undefined;
  /** The first 30 authors (or editors when there is no author). */
  readonly authors: readonly AuthorKey[];
  readonly year: number | undefined;
  readonly journal: JournalKey | undefined;
  readonly volume: string | undefined;
  readonly issue: string | undefined;
  readonly pages: PageKey;
  readonly kind: ItemKind;
  readonly conference: boolean;
  readonly preprint: boolean;
  /** The title is wholly in brackets: MEDLINE's English translation of a title in another language. */
  readonly translated: boolean;
  /** The `TY` value. */
  readonly type: string | undefined;
}

const TITLE_TAGS: Readonly<Record<string, number>> = { TI: 0, T1: 1, CT: 2, BT: 3 };
const CONTAINER_TAGS: Readonly<Record<string, number>> = { T2: 0, JF: 1, JO: 2, JA: 3, J2: 4, J1: 5, T3: 6 };
const YEAR_TAGS: Readonly<Record<string, number>> = { PY: 0, Y1: 1, DA: 2 };
const MAX_AUTHORS = 30;
/** A title wholly in brackets, perhaps followed by bracketed tags: `[Efficacy of X in Y]. [Spanish]`. */
const TRANSLATED = /^\s*\[[^\]]{10,}\][\s.]*(?:\[[^\]]*\][\s.]*)*$/;

/** The first four-digit year from 1000 to 2999 in a date value (`2021/06//` → 2021). */
export function yearOfValue(value: string): number | undefined {
  const m = /(?:^|\D)([12]\d{3})(?!\d)/.exec(value);
  return m ? Number(m[1]) : undefined;
}

/** The normalised fields of a record (see {@link RecordFeatures}). */
export function recordFeatures(record: RisRecord): RecordFeatures {
  return featuresOf(record, ALWAYS);
}

const ALWAYS = (): boolean => true;

/**
 * Says whether a record's authors are wanted, from its other features (`authors` empty) and how
 * many names it gives (at least as many as it has author keys).
 */
export type WantAuthors = (features: RecordFeatures, names: number) => boolean;

/**
 * The normalised fields of a record, its authors (or editors) normalised only when `wantAuthors`
 * says so (they are `[]` otherwise): names are the costly part, and the vetoes read them for few
 * records.
 */
export function recordFeaturesWithAuthorsIf(record: RisRecord, wantAuthors: WantAuthors): RecordFeatures {
  return featuresOf(record, wantAuthors);
}

/** The tags whose values {@link featuresOf} reads. */
const FEATURE_TAGS: ReadonlySet<string> = new Set([
  ...['AU', 'A1', 'A2', 'ED', 'DO', 'UR', 'L3', 'M3', 'N1', 'VL', 'IS', 'SP', 'EP'],
  ...Object.keys(TITLE_TAGS),
  ...Object.keys(CONTAINER_TAGS),
  ...Object.keys(YEAR_TAGS),
]);

function featuresOf(record: RisRecord, wantAuthors: WantAuthors): RecordFeatures {
  let title: string | undefined;
  let titleRank = 9;
  let container: string | undefined;
  let containerRank = 9;
  let year: number | undefined;
  let yearRank = 9;
  let doi: string | undefined;
  let doiElsewhere: string | undefined;
  let vl: string | undefined;
  let is: string | undefined;
  let sp: string | undefined;
  let ep: string | undefined;
  const authorNames: string[] = [];
  const editorNames: string[] = [];
  for (const f of record.fields) {
    const tag = f.tag;
    // The tag first: a value is read from the text only when asked for.
    if (!FEATURE_TAGS.has(tag) || !hasValue(f)) continue;
    const v = f.value;
    if (tag === 'AU' || tag === 'A1') authorNames.push(v);
    else if (tag === 'A2' || tag === 'ED') editorNames.push(v);
    else if (tag === 'DO') doi ??= doiKey(v);
    else if (tag === 'UR' || tag === 'L3' || tag === 'M3' || tag === 'N1') {
      if (doiElsewhere === undefined && v.includes('10.')) doiElsewhere = doiKey(v);
    } else if (tag === 'VL') vl ??= v;
    else if (tag === 'IS') is ??= v;
    else if (tag === 'SP') sp ??= v;
    else if (tag === 'EP') ep ??= v;
    else if (tag in TITLE_TAGS) {
      const rank = TITLE_TAGS[tag]!;
      if (rank < titleRank && !(tag === 'BT' && record.type !== 'BOOK' && title !== undefined)) {
        title = v;
        titleRank = rank;
      }
    } else if (tag in CONTAINER_TAGS) {
      const rank = CONTAINER_TAGS[tag]!;
      if (rank < containerRank) {
        container = v;
        containerRank = rank;
      }
    } else if (tag in YEAR_TAGS) {
      const rank = YEAR_TAGS[tag]!;
      if (rank < yearRank) {
        const y = yearOfValue(v);
        if (y !== undefined) {
          year = y;
          yearRank = rank;
        }
      }
    }
  }
  const words = title === undefined ? '' : normaliseTitle(title);
  const finalDoi = doi ?? doiElsewhere;
  const features: RecordFeatures = {
    title: words,
    titleKey: squash(words),
    doi: finalDoi,
    authors: NO_AUTHORS,
    year,
    journal: journalKey(container),
    volume: volumeKey(vl),
    issue: volumeKey(is),
    pages: pageKey(sp, ep),
    kind: itemKind(words),
    conference: isConferenceRecord(record.type, container, vl, is),
    preprint: isPreprintRecord(record.type, container, finalDoi),
    translated: title !== undefined && TRANSLATED.test(title),
    type: record.type,
  };
  if (authorNames.length === 0 && editorNames.length === 0) return features;
  if (!wantAuthors(features, Math.min(MAX_AUTHORS, Math.max(authorNames.length, editorNames.length)))) return features;
  const authors = authorKeys(authorNames);
  return { ...features, authors: authors.length > 0 ? authors : authorKeys(editorNames) };
}

const NO_AUTHORS: readonly AuthorKey[] = Object.freeze([]);

/** The keys of the first {@link MAX_AUTHORS} names that give one. */
function authorKeys(names: readonly string[]): AuthorKey[] {
  const out: AuthorKey[] = [];
  for (const name of names) {
    if (out.length === MAX_AUTHORS) break;
    const k = authorKey(name);
    if (k) out.push(k);
  }
  return out;
}
