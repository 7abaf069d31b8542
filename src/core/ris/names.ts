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

import { isRisWhitespace } from '../text/chars';

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
  if (text === '') return undefined;
  const words = text.split(' ');
  let end = words.length;
  let suffix: string | undefined;
  if (end >= 3 && SUFFIX.test(words[end - 1]!)) suffix = words[--end];
  const last = words[end - 1];
  if (last === undefined || !INITIALS_WORD.test(last)) return undefined;
  let first = end - 1;
  if (SINGLE_INITIAL.test(last)) {
    while (first > 1 && end - first < 3 && SINGLE_INITIAL.test(words[first - 1]!)) first--;
  }
  const surname = words.slice(0, first);
  if (surname.length === 0 || surname.length > 4) return undefined;
  const family = surname.join(' ');
  if (!/\p{Ll}/u.test(family) || !/^\p{L}/u.test(family)) return undefined;
  if (surname.some((w) => ORGANISATION_WORDS.has(w.toLowerCase()))) return undefined;
  const initials: string[] = [];
  for (let w = first; w < end; w++) pushInitials(words[w]!, initials);
  const name: MedlineName = { family, initials };
  return suffix === undefined ? name : { ...name, suffix };
}

/**
 * The letters of an initials word (`D.K.` → `D`, `K`), each a code point (a surrogate pair whole),
 * full stops left out: what iterating the word would give, without an iterator per name.
 */
function pushInitials(word: string, out: string[]): void {
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c === 46) continue;
    const d = i + 1 < word.length ? word.charCodeAt(i + 1) : 0;
    if (c >= 0xd800 && c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
      out.push(word.slice(i, i + 2));
      i++;
    } else {
      out.push(word.charAt(i));
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
