/**
 * How a citation key is written in pandoc Markdown: the one implementation of pandoc's bare-key
 * grammar (used by the Markdown scanner too), whether a key needs braces or cannot be cited at all,
 * and the text of a citation.
 *
 * Markdown (src/Text/Pandoc/Parsing/Citations.hs `citeKey`): a bare `@key` starts with a letter or
 * digit (any script), `_` or `*`, and continues with letters, digits, `_`, single punctuation from
 * `:.#$%&-+?<>~/` followed by a letter, digit or `_`, or `:`/`/` followed by `/`. Any other key is
 * written `@{key}`, where braces must balance and no whitespace is allowed.
 */

// ---------------------------------------------------------------------------------------------
// Haskell's notion of whitespace

/** True for the characters Haskell's `Data.Char.isSpace` accepts (all of them are in the BMP). */
export function isHsSpace(c: number): boolean {
  if (c <= 0x377) return c === 32 || (c >= 9 && c <= 13) || c === 0xa0;
  return c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x202f || c === 0x205f || c === 0x3000;
}

// ---------------------------------------------------------------------------------------------
// Writing keys in Markdown

/** Haskell's `isAlphaNum`: a letter (L*) or a number (Nd, Nl, No) of any script. */
const ALNUM = /^[\p{L}\p{N}]$/u;

function isAlnumAt(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  if (c < 128) return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  const cp = s.codePointAt(i)!;
  return ALNUM.test(String.fromCodePoint(cp));
}

function isRegCharAt(s: string, i: number): boolean {
  return i < s.length && (s.charCodeAt(i) === 95 || isAlnumAt(s, i));
}

function charLengthAt(s: string, i: number): number {
  const c = s.charCodeAt(i);
  return c >= 0xd800 && c <= 0xdbff && i + 1 < s.length ? 2 : 1;
}

const INTERNAL_PUNCTUATION = ':.#$%&-+?<>~/';

/**
 * How much of `key` pandoc's bare `@key` syntax reads (UTF-16 length of the longest prefix that
 * `simpleCiteIdentifier` accepts), 0 when the key cannot start a bare citation.
 */
function bareKeyLength(key: string): number {
  if (key.length === 0) return 0;
  if (!(key.charCodeAt(0) === 95 || key.charCodeAt(0) === 42 || isAlnumAt(key, 0))) return 0;
  let i = charLengthAt(key, 0);
  while (i < key.length) {
    if (isRegCharAt(key, i)) {
      i += charLengthAt(key, i);
      continue;
    }
    const c = key[i]!;
    if (INTERNAL_PUNCTUATION.includes(c) && isRegCharAt(key, i + 1)) {
      i++;
      continue;
    }
    if ((c === ':' || c === '/') && key[i + 1] === '/') {
      i++;
      continue;
    }
    break;
  }
  return i;
}

/**
 * Reduces any text to pandoc's bare key form: keeps letters, digits and `_`, keeps a punctuation
 * character of `:.#$%&-+?<>~/` only between two of those (one per run), drops everything else.
 */
export function toBareKey(text: string): string {
  let out = '';
  let punct = '';
  for (const ch of text) {
    if (ch === '_' || ALNUM.test(ch)) {
      if (punct.length > 0 && out.length > 0) out += punct;
      punct = '';
      out += ch;
    } else if (INTERNAL_PUNCTUATION.includes(ch)) {
      if (punct.length === 0) punct = ch;
    }
  }
  return out;
}

/** Why a key cannot be cited from Markdown. */
export type CitationKeyProblem =
  /** The key is empty (pandoc 3.10 happens to accept `@{}`, but it is no usable key). */
  | 'empty'
  /** The key contains whitespace, which neither `@key` nor `@{key}` allows. */
  | 'whitespace'
  /** The key contains `{` or `}` that do not pair up, so `@{key}` ends early or never. */
  | 'unbalanced-braces';

/**
 * Why `key` cannot be cited in pandoc Markdown, or undefined when it can (bare or in braces): an
 * empty key, a key with whitespace (Haskell `isSpace`: space, tab, NBSP, other Unicode spaces), or a
 * key whose braces do not balance (`a}b`).
 */
export function citationKeyProblem(key: string): CitationKeyProblem | undefined {
  if (key.length === 0) return 'empty';
  let depth = 0;
  let unbalanced = false;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    if (isHsSpace(c)) return 'whitespace';
    if (c === 123) depth++;
    else if (c === 125 && --depth < 0) unbalanced = true;
  }
  return unbalanced || depth !== 0 ? 'unbalanced-braces' : undefined;
}

/**
 * True when `key` must be written `@{key}`: pandoc's bare syntax would read only part of it (or
 * nothing), e.g. `Doe_n.d.` (a final `.` is not part of a bare key), `Shannon_1948/07//`, `a::b`,
 * `-x`. False for keys such as `Smith_2020`, `_2001`, `Müller_2010`, `2023-15354-001`. For an
 * uncitable key (see {@link citationKeyProblem}) the answer is true, but braces do not help either.
 */
export function needsBraces(key: string): boolean {
  return key.length === 0 || bareKeyLength(key) !== key.length;
}

/** The Markdown for citing `key`: `@key`, or `@{key}` when {@link needsBraces}. */
export function formatCitationKey(key: string): string {
  return needsBraces(key) ? `@{${key}}` : `@${key}`;
}

/** A citation of several keys: `[@a; @b]` (`bracketed`) or `@a; @b` (`bare`, for in-text use). */
export function citationText(keys: readonly string[], style: 'bracketed' | 'bare'): string {
  const body = keys.map(formatCitationKey).join('; ');
  return style === 'bracketed' ? `[${body}]` : body;
}
