/**
 * What validation and the fixes need to know about lines and tags: which tags may repeat, what an
 * outside line looks like (vendor header, numbering, text…), the range of a tag-line issue, a tag
 * line glued to a type, and the tags whose continuation lines are separate values.
 */

import type { OutsideLine, RisField, TagLineIssue } from '../ris/model';
import { isKnownTag, isKnownType, isRepeatableTag, isVendorTag } from '../ris/spec';
import { isDigitCode } from '../text/chars';

/** Lines written by database front-ends around records (JSTOR, PsycNET, Cochrane, Ovid numbering). */
const HEADER_PREFIXES: readonly string[] = ['provider:', 'database:', 'content:', 'record #'];

/** What validation needs to know about a tag, looked up once per distinct tag. */
export interface TagFlags {
  readonly known: boolean;
  /** Known, not a vendor tag, and neither the spec nor practice lets it repeat. */
  readonly singleValued: boolean;
}

const TAG_FLAGS = new Map<string, TagFlags>();

export function tagFlags(tag: string): TagFlags {
  let f = TAG_FLAGS.get(tag);
  if (f === undefined) {
    const known = isKnownTag(tag);
    f = { known, singleValued: known && !isVendorTag(tag) && !isRepeatableTag(tag, 'practice') };
    TAG_FLAGS.set(tag, f);
  }
  return f;
}

/** What an outside line looks like, for messages and the "delete header" fix. */
export type OutsideLook = 'header' | 'numbering' | 'link' | 'tag' | 'text';

/**
 * Classifies one outside line: a vendor header, `1.` numbering, an Ovid link line, a tag line, or
 * text. Character `i` of the document is `text[i - base]` (the whole text: `base` 0).
 */
export function classifyOutsideLine(text: string, o: OutsideLine, base = 0): OutsideLook {
  if (o.kind === 'tag') return 'tag';
  const start = o.start - base;
  const end = o.end - base;
  const len = end - start;
  // `12.` numbering (Ovid).
  let digits = 0;
  while (digits < len && isDigitCode(text.charCodeAt(start + digits))) digits++;
  if (digits > 0 && digits === len - 1 && text.charCodeAt(end - 1) === 46) return 'numbering';
  const head = text.slice(start, Math.min(end, start + 40)).toLowerCase();
  for (const p of HEADER_PREFIXES) if (head.startsWith(p)) return 'header';
  if (head.startsWith('link to the ovid')) return 'link';
  return 'text';
}

/** Range of the part of a tag line an issue is about. */
export function issueRange(f: RisField, issue: TagLineIssue): [number, number] {
  switch (issue) {
    case 'indented':
      return [f.lineStart, f.tagStart];
    case 'lowercase-tag':
    case 'long-tag':
      return [f.tagStart, f.tagEnd];
    default:
      return [f.tagEnd, Math.max(f.valueStart, f.tagEnd + 1)];
  }
}

/**
 * Where a tag line glued to a `TY` line's value starts, or undefined: `BOOKAU  - Colman, J.` gives 4
 * (`TY  - BOOK` lost the line break before `AU  - Colman, J.`). Looks for a known tag (not TY or ER)
 * written `XX  - ` in the first 48 characters only (a type is short), after at least one character; prefers a split
 * that leaves a known type before it.
 */
export function gluedTagLineInType(value: string): number | undefined {
  const n = Math.min(value.length - 4, 48);
  let first: number | undefined;
  for (let i = 1; i < n; i++) {
    const c = value.charCodeAt(i);
    if (c < 65 || c > 90) continue;
    if (value.charCodeAt(i + 2) !== 32 || value.charCodeAt(i + 3) !== 32 || value.charCodeAt(i + 4) !== 45) continue;
    const after = value.charCodeAt(i + 5);
    if (!(Number.isNaN(after) || after === 32 || after === 9)) continue;
    const tag = value.slice(i, i + 2);
    // Not TY or ER: splitting those off would start or end a record.
    if (!isKnownTag(tag) || tag === 'TY' || tag === 'ER') continue;
    const type = value.slice(0, i).trim();
    if (type.length === 0) continue;
    if (isKnownType(type)) return i;
    first ??= i;
  }
  return first;
}

/** Tags whose continuation lines are separate values (one keyword, author or link per line). */
export const LIST_TAGS: ReadonlySet<string> = new Set(['KW', 'AU', 'A1', 'A2', 'A3', 'A4', 'SN', 'UR', 'L1', 'L2', 'L3', 'L4', 'AD']);
