/**
 * Completion data for tags and type codes, independent of VS Code: the adapter turns these into
 * `CompletionItem`s and keeps their order through `sortText`.
 */

import { tagHoverMarkdown, typeHoverMarkdown } from './hover';
import {
  COMMON_TYPES,
  allTags,
  allTypes,
  normalizeCode,
  tagMeaningForType,
  type SpecStatus,
  type TagInfo,
} from './index';

/** One tag to offer. */
export interface TagCompletion {
  /** The tag, e.g. `AU`. */
  readonly tag: string;
  /** The text shown in the list: the tag. */
  readonly label: string;
  /** One line beside the label: the meaning for the record's type when known, else the general meaning. */
  readonly detail: string;
  /** Markdown with the full description (the tag's hover text). */
  readonly documentation: string;
  /** A tag line prefix to insert, e.g. `AU  - `. */
  readonly insertText: string;
  /** Sorts the items in the intended order (zero-padded rank). */
  readonly sortText: string;
  /** Which spec defines the tag; an adapter may mark old-spec tags as deprecated. */
  readonly status: SpecStatus;
}

/** One type code to offer as a `TY` value. */
export interface TypeCompletion {
  /** The code, e.g. `JOUR`. */
  readonly code: string;
  /** The text shown in the list: the code. */
  readonly label: string;
  /** One line beside the label: the type's name. */
  readonly detail: string;
  /** Markdown with the full description (the type's hover text). */
  readonly documentation: string;
  /** Sorts the items in the intended order (zero-padded rank). */
  readonly sortText: string;
}

/** Tags whose corpus count is zero only because the corpus count leaves out record delimiters. */
const RECORD_DELIMITERS = ['TY', 'ER'];

function rank(i: number): string {
  return String(i).padStart(4, '0');
}

function byCorpusUse(a: TagInfo, b: TagInfo): number {
  const da = RECORD_DELIMITERS.indexOf(a.tag);
  const db = RECORD_DELIMITERS.indexOf(b.tag);
  if (da >= 0 || db >= 0) return (da < 0 ? Infinity : da) - (db < 0 ? Infinity : db);
  return (
    b.corpusFiles - a.corpusFiles ||
    b.corpusOccurrences - a.corpusOccurrences ||
    (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0)
  );
}

/**
 * Every known tag as completion data, the most used in the research corpus first (by number of files,
 * then of lines; `TY` and `ER`, which every record has, lead). With `recordType`, `detail` gives the
 * tag's meaning for that type where the 2011 per-type table has one, and `documentation` says so too.
 */
export function tagCompletions(recordType?: string): TagCompletion[] {
  const type = recordType ? normalizeCode(recordType) : undefined;
  return [...allTags()].sort(byCorpusUse).map((t, i) => {
    const forType = type ? tagMeaningForType(t.tag, type) : undefined;
    return {
      tag: t.tag,
      label: t.tag,
      detail: forType ?? t.meaning,
      documentation: tagHoverMarkdown(t.tag, type),
      insertText: `${t.tag}  - `,
      sortText: rank(i),
      status: t.status,
    };
  });
}

/**
 * The type codes to offer as a `TY` value: the common ones first (JOUR, BOOK, CHAP, CONF, CPAPER,
 * THES, RPRT, ELEC, WEB, DATA, GEN), then every other code of a spec list alphabetically. Codes
 * outside both lists other than EndNote's `WEB` (`JOURN`, `GRNT`, `UNPD`, `FILM`) are not offered.
 */
export function typeCompletions(): TypeCompletion[] {
  const offered = allTypes().filter((t) => t.inOldSpec || t.in2011Spec || t.code === 'WEB');
  const common = COMMON_TYPES.map((c) => offered.find((t) => t.code === c)).filter((t) => t !== undefined);
  const rest = offered.filter((t) => !COMMON_TYPES.includes(t.code));
  return [...common, ...rest].map((t, i) => ({
    code: t.code,
    label: t.code,
    detail: t.code === 'WEB' && !t.name2011 ? 'Web page (EndNote)' : t.name,
    documentation: typeHoverMarkdown(t.code),
    sortText: rank(i),
  }));
}
