/**
 * Reading a RIS name value (`AU`, `A1`–`A4`, `ED`…) into its parts: the one name reader of the core,
 * used by the CSL items, the record labels and cards, the exports, key pinning and the duplicate index.
 *
 * The forms it knows:
 * - `Family, Given` (`Liu, Xiaoqing`, `Zuna, R. E.`), with a suffix after a second comma
 *   (`Smith, John, Jr.`, the RIS order) or before the given names (`Smith, Jr., John`, BibTeX's order,
 *   which pandoc reads); particles written after the given names go to the family name
 *   (`Hoek, W. van der` → van der Hoek, W.).
 * - MEDLINE form: the surname, then the initials without a comma (`Griffin DK`, `van der Berg JH`,
 *   EPPI-Reviewer's `Brownstein C D`), maybe with a suffix (`Chamberlain JA Jr`): see
 *   {@link medlineName}. pandoc, Zotero and most readers take the last word for the family name here.
 * - Without a comma otherwise: `Given Family` (`Claude Shannon`, `Ludwig van Beethoven`), CJK names
 *   family first (`熊 玮`), a single word as a family name (`WHO`), and more than three words as an
 *   organisation (a literal).
 */

import { hasNonAscii, isAsciiLetter, isRisWhitespace } from '../text/chars';

/** The tags whose values are names: authors (`AU`, `A1`), editors and other contributors (`A2`–`A4`, `ED`). */
export const NAME_TAGS: ReadonlySet<string> = new Set(['AU', 'A1', 'A2', 'A3', 'A4', 'ED']);

/** A name split into parts (a CSL name): a person, or an organisation as `literal`. */
export interface PersonName {
  family?: string;
  given?: string;
  suffix?: string;
  literal?: string;
}

/** A name in MEDLINE form, as written: the surname, the initials (one letter each) and a suffix. */
export interface MedlineName {
  /** The surname exactly as written (`van der Berg`). */
  readonly family: string;
  /** The initials, one capital letter each (`['D', 'K']`). */
  readonly initials: readonly string[];
  /** A generational suffix as written (`Jr`, `3rd`), if any. */
  readonly suffix?: string;
}

/**
 * Lower-case particles of a family name (`van der`, `de`, `dos`, `ten`, …). CAB and Zotero write them
 * after the given names (`Hoek, W. van der`). pandoc, by BibTeX's rules, takes any lower-case word for
 * a particle, which would also move the `and` of `Ryan, R. L. and`; only these words are moved here.
 */
const PARTICLES = new Set([
  'af', 'av', 'da', 'das', 'de', 'degli', 'dei', 'del', 'della', 'den', 'der', 'des', 'di', 'do', 'dos', 'du', 'el', 'la', 'le',
  'lo', 'ole', 'op', 'te', 'ten', 'ter', 'van', 'vom', 'von', 'zu', 'zum', 'zur',
]);

/** A word in a CJK script, where the family name comes first (`熊 玮` is family 熊, given 玮). */
const CJK_WORD = /^[\p{Script=Han}\p{Script=Hangul}\p{Script=Hiragana}\p{Script=Katakana}]+$/u;

/**
 * Generational suffixes as MEDLINE writes them. Roman numerals are left out: MEDLINE writes `2nd`
 * and `3rd`, and `II` is as often the initials of a Russian name (`Ivanov II`).
 */
const SUFFIX = /^(?:Jr|Sr|2nd|3rd|4th)\.?$/;
/** Initials in one word: 1–3 capitals, maybe each with a full stop (`DK`, `D.K.`, `E.`). */
const INITIALS_WORD = /^(?:\p{Lu}\.?){1,3}$/u;
/** One initial on its own (`C`, `C.`), as EPPI-Reviewer writes them: `Brownstein C D`. */
const SINGLE_INITIAL = /^\p{Lu}\.?$/u;
/**
 * Words that make the part before the "initials" an organisation rather than a surname
 * (`Cancer Research UK`, `Ministry of Health NZ`, `Global Burden of Disease Study GBD`).
 */
const ORGANISATION_WORDS = new Set([
  'of', 'for', 'and', 'the', 'on', 'in', 'at', 'to', '&', 'und', 'group', 'research', 'institute', 'university', 'society',
  'association', 'council', 'organisation', 'organization', 'agency', 'ministry', 'department', 'centre', 'center',
  'foundation', 'network', 'collaboration', 'collaborative', 'consortium', 'committee', 'board', 'trust', 'health',
  'team', 'office', 'commission', 'programme', 'program', 'study', 'investigators', 'working', 'national', 'international',
  'services', 'service', 'union', 'federation', 'college', 'academy', 'hospital', 'school', 'authors', 'writing',
]);

/** True when {@link tidy} would return `value` unchanged: single spaces only, none at either end. */
export function isTidy(value: string): boolean {
  const n = value.length;
  for (let i = 0; i < n; i++) {
    const c = value.charCodeAt(i);
    if (c === 32) {
      if (i === 0 || i === n - 1 || value.charCodeAt(i - 1) === 32) return false;
    } else if (isRisWhitespace(c)) return false;
  }
  return true;
}

/** True when a comma-separated part of `value` ends with a word of {@link PARTICLES} (given tidy text). */
function aPartEndsWithParticle(value: string): boolean {
  let from = 0;
  while (from <= value.length) {
    let comma = value.indexOf(',', from);
    if (comma < 0) comma = value.length;
    let end = comma;
    while (end > from && value.charCodeAt(end - 1) === 32) end--;
    let start = end;
    while (start > from && value.charCodeAt(start - 1) !== 32) start--;
    // A particle starts with a lower-case ASCII letter; most last words (initials, names) do not.
    const first = value.charCodeAt(start);
    if (end > start && first >= 97 && first <= 122 && PARTICLES.has(value.slice(start, end))) return true;
    from = comma + 1;
  }
  return false;
}

/** The value with runs of whitespace made one space, trimmed. */
function tidy(value: string): string {
  return value.replace(/\s+/g, ' ').trim();
}

/**
 * The MEDLINE-form reading of a name value without a comma — surname words, then 1–3 initials as
 * one word of capitals (`Griffin DK`, `Li X`, `Fanning E.`) or as 2–3 one-letter words (`Brownstein
 * C D`), then maybe `Jr`/`Sr`/`2nd`/`3rd` — or undefined when the value is not in that form. Not in
 * it: anything with a comma, a single word (`WHO`), initials alone (`H B`), a "surname" with no
 * lower-case letter (`CAIZHI SHEN`, `JUNCHANG LÜ`, `US EPA`: names in capitals) or of more than
 * four words, and organisations (`Cancer Research UK`, `IARC Working Group`).
 */
export function medlineName(value: string): MedlineName | undefined {
  // Most names have a comma: no need to tidy them first.
  if (value.includes(',')) return undefined;
  const text = isTidy(value) ? value : tidy(value);
  const count = findWords(text);
  if (count === 0) return undefined;
  let end = count;
  let suffix: string | undefined;
  if (end >= 3) {
    const s = wordStart(end - 1);
    const e = wordEnd(end - 1);
    if (e - s >= 2 && e - s <= 4 && SUFFIX.test(text.slice(s, e))) {
      suffix = text.slice(s, e);
      end--;
    }
  }
  const lastStart = wordStart(end - 1);
  const lastEnd = wordEnd(end - 1);
  if (!isInitialsWord(text, lastStart, lastEnd)) return undefined;
  let first = end - 1;
  if (isSingleInitial(text, lastStart, lastEnd)) {
    while (first > 1 && end - first < 3 && isSingleInitial(text, wordStart(first - 1), wordEnd(first - 1))) first--;
  }
  // The surname: words [0, first), one to four of them.
  if (first === 0 || first > 4) return undefined;
  const familyEnd = wordEnd(first - 1);
  if (!hasLowerCase(text, familyEnd) || !startsWithLetter(text)) return undefined;
  for (let w = 0; w < first; w++) if (ORGANISATION_WORDS.has(text.slice(wordStart(w), wordEnd(w)).toLowerCase())) return undefined;
  const initials: string[] = [];
  for (let w = first; w < end; w++) pushInitials(text, wordStart(w), wordEnd(w), initials);
  const name: MedlineName = { family: text.slice(0, familyEnd), initials };
  return suffix === undefined ? name : { ...name, suffix };
}

/**
 * The most words a name in MEDLINE form has: four of surname, three one-letter initials and a
 * suffix. A value with more is not in that form, whatever its words.
 */
const MAX_MEDLINE_WORDS = 8;

/** Where the words {@link findWords} found start: word `w` is `[WORD_STARTS[w], WORD_STARTS[w + 1] - 1)`. */
const WORD_STARTS = new Int32Array(MAX_MEDLINE_WORDS + 1);

/**
 * Finds the words of tidy `text` (one space between words, none at either end) and returns how
 * many there are: 0 for an empty text, and for one of more than {@link MAX_MEDLINE_WORDS} words.
 */
function findWords(text: string): number {
  const n = text.length;
  if (n === 0) return 0;
  let count = 1;
  WORD_STARTS[0] = 0;
  for (let i = 0; i < n; i++) {
    if (text.charCodeAt(i) !== 32) continue;
    if (count === MAX_MEDLINE_WORDS) return 0;
    WORD_STARTS[count++] = i + 1;
  }
  WORD_STARTS[count] = n + 1;
  return count;
}

function wordStart(w: number): number {
  return WORD_STARTS[w]!;
}

function wordEnd(w: number): number {
  return WORD_STARTS[w + 1]! - 1;
}

/** {@link INITIALS_WORD} on the word `[s, e)` of `text`; an ASCII word is read without the expression. */
function isInitialsWord(text: string, s: number, e: number): boolean {
  if (hasNonAscii(text, s, e)) return INITIALS_WORD.test(text.slice(s, e));
  let letters = 0;
  let i = s;
  while (i < e) {
    const c = text.charCodeAt(i);
    if (c < 65 || c > 90 || ++letters > 3) return false;
    i++;
    if (i < e && text.charCodeAt(i) === 46) i++;
  }
  return letters > 0;
}

/** {@link SINGLE_INITIAL} on the word `[s, e)` of `text`; an ASCII word is read without the expression. */
function isSingleInitial(text: string, s: number, e: number): boolean {
  if (hasNonAscii(text, s, e)) return SINGLE_INITIAL.test(text.slice(s, e));
  const c = text.charCodeAt(s);
  return c >= 65 && c <= 90 && (e - s === 1 || (e - s === 2 && text.charCodeAt(s + 1) === 46));
}

/** True when `text` up to `end` has a lower-case letter (`\p{Ll}`); ASCII text is read without an expression. */
function hasLowerCase(text: string, end: number): boolean {
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 97 && c <= 122) return true;
  }
  return hasNonAscii(text, 0, end) && /\p{Ll}/u.test(text.slice(0, end));
}

/** True when `text` starts with a letter (`\p{L}`); an ASCII first character is read without an expression. */
function startsWithLetter(text: string): boolean {
  const c = text.charCodeAt(0);
  if (c <= 127) return isAsciiLetter(c);
  return /^\p{L}/u.test(text.slice(0, 2));
}

/**
 * The letters of the initials word `[s, e)` of `text` (`D.K.` → `D`, `K`), each a code point (a
 * surrogate pair whole), full stops left out: what iterating the word would give, without an
 * iterator per name.
 */
function pushInitials(text: string, s: number, e: number, out: string[]): void {
  for (let i = s; i < e; i++) {
    const c = text.charCodeAt(i);
    if (c === 46) continue;
    const d = i + 1 < e ? text.charCodeAt(i + 1) : 0;
    if (c >= 0xd800 && c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
      out.push(text.slice(i, i + 2));
      i++;
    } else {
      out.push(text.charAt(i));
    }
  }
}

/** Dotted initials: `['D', 'K']` → `D. K.`. */
function dotted(initials: readonly string[]): string {
  return initials.map((i) => `${i}.`).join(' ');
}

/**
 * The value of a MEDLINE-form name rewritten so that pandoc reads it right (`Griffin DK` →
 * `Griffin, D. K.`), or undefined when the value is not in MEDLINE form. The surname is kept as
 * written; a suffix goes between the surname and the initials (`Chamberlain, Jr, J. A.`), the order
 * pandoc's BibTeX-style name reading takes it in (`Chamberlain, J. A., Jr` would give the given name Jr).
 */
export function medlineToCommaForm(value: string): string | undefined {
  const m = medlineName(value);
  if (m === undefined) return undefined;
  return m.suffix === undefined ? `${m.family}, ${dotted(m.initials)}` : `${m.family}, ${m.suffix}, ${dotted(m.initials)}`;
}

/** A name written `Family, …`: given names (particles after them move to the family name) and a suffix. */
function readCommaName(text: string): PersonName {
  const parts = text.split(',').map((p) => p.trim());
  let family = parts[0]!;
  if (family === '') return { literal: text };
  let given = parts[1] ?? '';
  let suffix = parts.slice(2).filter((p) => p !== '').join(', ');
  // BibTeX's (and pandoc's) order `Family, Jr, Given`.
  if (parts.length === 3 && SUFFIX.test(given) && parts[2] !== '' && !SUFFIX.test(parts[2]!)) {
    suffix = given;
    given = parts[2]!;
  }
  const words = given.split(' ').filter((w) => w !== '');
  let cut = words.length;
  while (cut > 1 && PARTICLES.has(words[cut - 1]!)) cut--;
  if (cut < words.length && /\p{Lu}/u.test(words.slice(0, cut).join(' '))) {
    family = `${words.slice(cut).join(' ')} ${family}`;
    given = words.slice(0, cut).join(' ');
  }
  const name: PersonName = { family };
  if (given) name.given = given;
  if (suffix) name.suffix = suffix;
  return name;
}

/**
 * A RIS name as its parts: `Liu, Xiaoqing` → family + given; `Smith, John, Jr.` (or `Smith, Jr.,
 * John`) → with suffix; particles after the given names go to the family name (`Hoek, W. van der`
 * → van der Hoek, W.). MEDLINE form (`Griffin DK`) → family Griffin, given `D. K.`. Otherwise,
 * without a comma: more than three words (particles aside) is an organisation (`literal`); CJK names
 * are family first (`熊 玮`); else the last word, with the particles before it, is the family name
 * (`Claude Shannon` → Shannon, Claude; `Ludwig van Beethoven` → van Beethoven, Ludwig). `et al.`
 * written as an author stays a literal. Undefined for an empty value.
 */
export function readName(value: string): PersonName | undefined {
  const text = tidy(value);
  if (text === '') return undefined;
  if (/^et\.? al\.?$/i.test(text)) return { literal: text };
  if (text.includes(',')) return readCommaName(text);
  const medline = medlineName(text);
  if (medline !== undefined) {
    const name: PersonName = { family: medline.family, given: dotted(medline.initials) };
    if (medline.suffix !== undefined) name.suffix = medline.suffix;
    return name;
  }
  const words = text.split(' ');
  if (words.length === 1) return { family: text };
  if (words.every((w) => CJK_WORD.test(w))) return { family: words[0], given: words.slice(1).join(' ') };
  let start = words.length - 1;
  while (start > 1 && PARTICLES.has(words[start - 1]!)) start--;
  if (start + 1 > 3) return { literal: text };
  return { family: words.slice(start).join(' '), given: words.slice(0, start).join(' ') };
}

/**
 * The family name of a name value (`Liu, Xiaoqing` → `Liu`, `Griffin DK` → `Griffin`, `Claude
 * Shannon` → `Shannon`, `Hoek, W. van der` → `van der Hoek`); an organisation keeps its whole name.
 * What labels ("Griffin et al."), pinned keys and duplicate keys take of an author.
 */
export function familyNameOf(value: string): string {
  // The common `Family, Given` written tidily (single spaces, no outer space) with no particle
  // ending a part: readName's family is the part before the comma. Labels, the search index and
  // duplicate keys ask this of every author, so it is answered without building the name.
  const comma = value.indexOf(',');
  if (comma > 0 && isTidy(value) && !aPartEndsWithParticle(value)) {
    const family = value.slice(0, comma).trim();
    if (family !== '') return family;
  }
  const name = readName(value);
  return name?.family ?? name?.literal ?? value.trim();
}
