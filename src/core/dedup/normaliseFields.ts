/**
 * Normalisation of the fields deduplication compares, other than the title: author names in any
 * form (`Zuna, R. E.`, `Zuna, R E`, `Zuna RE`, `Rosemary E. Zuna`) reduced to surname and initials,
 * page ranges (`1297-306`, `1297–1306`, `e123`, `pp. 12`) reduced to first and last page, volumes,
 * and the kind of item a title announces (an erratum, a reply, a comment…).
 */
import { normaliseWords, normaliseWordsJoiningHyphens, squash, stripMarkup } from './normaliseText';

/** An author reduced for comparison. */
export interface AuthorKey {
  /** Family name: lower-case letters and digits only (`van der Berg` → `vanderberg`). */
  readonly surname: string;
  /** Initials of the given names, lower case (`Rosemary E.` → `re`); may be empty. */
  readonly initials: string;
  /** Every word of the name, normalised (`Wu, Ching-yi` → `wu`, `chingyi`): finds a name written the other way round. */
  readonly words: readonly string[];
}

const INITIALS_ONLY = /^[A-Z]{1,3}$/;

/**
 * Initials of given names as written (`R. E.`, `R E`, `RE`, `Rosemary Ellen`, `Jean-Paul`): the
 * first letter of each normalised word, read in place (a hyphen parts words there as any
 * punctuation does).
 */
function initialsOf(given: string): string {
  const words = normaliseWords(given);
  if (words.length === 0) return '';
  if (words.indexOf(' ') < 0) {
    // "RE" written without spaces or dots is two initials.
    const raw = given.trim();
    return INITIALS_ONLY.test(raw) ? raw.toLowerCase() : words[0]!;
  }
  let out = words[0]!;
  for (let i = words.indexOf(' '); i >= 0; i = words.indexOf(' ', i + 1)) out += words[i + 1]!;
  return out;
}

/**
 * The surname and initials of an author value: `Surname, Given` (any punctuation of the initials),
 * MEDLINE's `Surname AB` (last word of 1–3 capitals), or `Given Surname`. An organisation (more than
 * three words without a comma) keeps its whole name as the surname. Undefined when nothing is left.
 */
export function authorKey(value: string): AuthorKey | undefined {
  const text = stripMarkup(value).trim();
  if (text.length === 0) return undefined;
  const comma = text.indexOf(',');
  let surname: string;
  let given: string;
  if (comma > 0) {
    surname = text.slice(0, comma);
    given = text.slice(comma + 1).replace(/,\s*(jr|sr|ii|iii|iv)\.?\s*$/i, '');
  } else {
    const words = text.split(/\s+/);
    const last = words[words.length - 1]!;
    if (words.length > 1 && INITIALS_ONLY.test(last)) {
      surname = words.slice(0, -1).join(' ');
      given = last;
    } else if (words.length > 3 || words.length === 1) {
      surname = text;
      given = '';
    } else {
      surname = last;
      given = words.slice(0, -1).join(' ');
    }
  }
  const s = squash(normaliseWords(surname));
  if (s.length === 0) return undefined;
  const words = normaliseWordsJoiningHyphens(text).split(' ').filter((w) => w.length > 1);
  return { surname: s, initials: initialsOf(given), words };
}

/** True when two surnames are the same person's as databases write them (equal, or one a long part of the other: `garciamarquez` ~ `garcia`). */
export function surnamesMatch(a: string, b: string): boolean {
  if (a === b) return true;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  return short.length >= 4 && (long.startsWith(short) || long.endsWith(short));
}

/** First and last page, lower case, without leading zeros; each undefined when absent. */
export interface PageKey {
  readonly first: string | undefined;
  readonly last: string | undefined;
}

/** A page value reduced: `pp. 0123` → `123`, `e1234` stays `e1234`, `S12` → `s12`. */
function pageToken(value: string): string | undefined {
  const v = value
    .trim()
    .toLowerCase()
    .replace(/^(?:pp?\.?|pages?)\s*/, '')
    .replace(/\s+/g, '');
  // No digit ("Suppl"), or a page count ("215 p"): not a page.
  if (!/\d/.test(v) || /^\d+pp?\.?$/.test(v)) return undefined;
  const m = /^([a-z]*)0*(\d+)/.exec(v);
  return m ? m[1]! + m[2]! : v;
}

/**
 * The first and last page from `SP` and `EP` (either may hold the whole range): `1297-306` →
 * 1297/1306 (an abbreviated last page takes the first page's leading digits), `1297–1306`, `e123`.
 */
export function pageKey(sp: string | undefined, ep: string | undefined): PageKey {
  let start = sp;
  let end = ep;
  if (start !== undefined) {
    const dash = /^\s*([^-–—\s]+)\s*(?:-{1,2}|–|—)\s*([^-–—\s]+)\s*$/.exec(start);
    if (dash) {
      start = dash[1];
      end ??= dash[2];
    }
  }
  const first = start === undefined ? undefined : pageToken(start);
  let last = end === undefined ? undefined : pageToken(end);
  if (first !== undefined && last !== undefined) {
    const fd = /^(\D*)(\d+)$/.exec(first);
    const ld = /^(\D*)(\d+)$/.exec(last);
    if (fd && ld && ld[2]!.length < fd[2]!.length) {
      last = fd[1]! + fd[2]!.slice(0, fd[2]!.length - ld[2]!.length) + ld[2]!;
    }
  }
  return { first, last };
}

/**
 * A volume or issue reduced to its first number: `Vol. 12` → `12`, `24 Suppl 3` → `24`, `012` →
 * `12`; undefined when it has no number (`(Jul)`, `Ph.D.`).
 */
export function volumeKey(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const m = /\d+/.exec(value);
  return m ? m[0].replace(/^0+(?=\d)/, '') : undefined;
}

/** What a title announces besides an ordinary article: these are never duplicates of the article they concern. */
export type ItemKind = 'article' | 'erratum' | 'retraction' | 'reply' | 'comment' | 'concern';

const KIND_PATTERNS: readonly [ItemKind, RegExp][] = [
  ['erratum', /^(?:erratum|errata|corrigendum|corrigenda|correction|correction to|publisher correction|author correction|notice of correction)\b/],
  ['erratum', /\b(?:erratum|corrigendum)$/],
  // Web of Science: "Title (vol 360, pg 542, 2009)" is the correction of that article.
  ['erratum', /\bvol \w+ pg \w+ \d{4}$/],
  ['retraction', /^(?:retraction|retracted|notice of retraction|withdrawn|retraction note)\b/],
  ['concern', /^expression of concern\b/],
  ['reply', /^(?:reply|in reply|author reply|authors reply|the authors reply|response|authors response|response to|re)\b/],
  ['reply', /\b(?:reply|author reply|authors reply|reply to the letter)$/],
  ['comment', /^(?:comment on|comments on|commentary on|comment|letter to the editor|editorial comment|invited commentary)\b/],
  ['comment', /\b(?:a comment|comment on|commentary)$/],
];

/** The kind of item a (normalised) title announces: `Erratum: …`, `Reply to …`, `Comment on …`, or `article`. */
export function itemKind(normalisedTitle: string): ItemKind {
  for (const [kind, pattern] of KIND_PATTERNS) if (pattern.test(normalisedTitle)) return kind;
  return 'article';
}
