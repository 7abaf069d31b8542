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

/** True for code point `cp` when Haskell's `isAlphaNum` accepts it: a Unicode letter or number. */
export function isKeyAlnum(cp: number): boolean {
  if (cp < 128) return (cp >= 48 && cp <= 57) || (cp >= 65 && cp <= 90) || (cp >= 97 && cp <= 122);
  return ALNUM.test(String.fromCodePoint(cp));
}

/** True for a code point that may continue a bare key anywhere: a letter, a number or `_`. */
export function isKeyChar(cp: number): boolean {
  return cp === 95 || isKeyAlnum(cp);
}

/** True for `:.#$%&-+?<>~/`, the punctuation allowed inside a bare key when a key character follows. */
export function isKeyPunctuation(cp: number): boolean {
  switch (cp) {
    case 58: case 46: case 35: case 36: case 37: case 38: case 45: case 43: case 63: case 60: case 62: case 126: case 47:
      return true;
    default:
      return false;
  }
}

/** The code point at `i` of `s` (NaN past the end). */
function cpAt(s: string, i: number): number {
  const c = s.codePointAt(i);
  return c === undefined ? NaN : c;
}

/**
 * The end of the bare key that pandoc reads in `text` from `start` (just after the `@`), not past
 * `limit`, or -1 when no bare key starts there. This is pandoc's `simpleCiteIdentifier`: a letter, a
 * number, `_` or `*` (the `@*` of `nocite`, but `@*x` is the key `*x`), then letters, numbers, `_`,
 * single punctuation of `:.#$%&-+?<>~/` followed by a letter, number or `_`, and `:` or `/` followed
 * by `/`. Offsets are UTF-16 offsets.
 */
export function bareKeyEnd(text: string, start: number, limit: number = text.length): number {
  if (start >= limit) return -1;
  const first = cpAt(text, start);
  if (!(first === 42 || isKeyChar(first))) return -1;
  let j = start + (first > 0xffff ? 2 : 1);
  while (j < limit) {
    const cp = cpAt(text, j);
    if (isKeyChar(cp)) {
      j += cp > 0xffff ? 2 : 1;
      continue;
    }
    if (isKeyPunctuation(cp) && j + 1 < limit) {
      const next = cpAt(text, j + 1);
      if (isKeyChar(next) || ((cp === 58 || cp === 47) && next === 47)) {
        j++;
        continue;
      }
    }
    break;
  }
  return j;
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
    } else if (isKeyPunctuation(ch.charCodeAt(0))) {
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
  return bareKeyEnd(key, 0) !== key.length;
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
