/**
 * The small pieces of Markdown syntax the citation scanner recognises, as functions of the text:
 * code points and character classes, fences, HTML tags, autolinks, bare URLs, list markers, and the
 * bounds that keep the scan linear. The bare-key grammar itself is in `keys/keySyntax.ts`.
 */

import { isKeyAlnum } from '../keys/keySyntax';

/** Longest braced key the scanner accepts (a bound that keeps scanning linear on odd input). */
export const MAX_BRACED_KEY = 1000;
/** Longest link destination or attribute block looked for after `]`. */
export const MAX_DESTINATION = 4000;

/** The code point at `i` (NaN past the end). */
export function cpAt(text: string, i: number): number {
  const c = text.codePointAt(i);
  return c === undefined ? NaN : c;
}

/** The code point that ends just before `i` (NaN at the start). */
export function cpBefore(text: string, i: number): number {
  if (i <= 0) return NaN;
  const low = text.charCodeAt(i - 1);
  if (low >= 0xdc00 && low <= 0xdfff && i >= 2) {
    const high = text.charCodeAt(i - 2);
    if (high >= 0xd800 && high <= 0xdbff) return (high - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000;
  }
  return low;
}

/** The UTF-16 length of code point `cp`: 2 past the BMP, else 1. */
export function cpLength(cp: number): number {
  return cp > 0xffff ? 2 : 1;
}

/** ASCII whitespace: space, tab, LF, CR, FF, VT. */
export function isWhite(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 11;
}

/** ASCII punctuation, which a backslash escapes. */
export function isAsciiPunct(c: number): boolean {
  return (c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126);
}

function isTagNameChar(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45;
}

function isAttributeNameChar(c: number): boolean {
  return isTagNameChar(c) || c === 95 || c === 58 || c === 46;
}

/** The end of a bare URL's run of characters. */
function urlEnd(text: string, from: number, le: number): number {
  let k = from;
  while (k < le) {
    const c = text.charCodeAt(k);
    if (c <= 32 || c === 60 || c === 62 || c === 34 || c === 96 || c === 93 || c === 91) break;
    k++;
  }
  return k;
}

/** The start of the line that holds offset `i`. */
export function lineStartBefore(text: string, i: number): number {
  let k = i;
  while (k > 0) {
    const c = text.charCodeAt(k - 1);
    if (c === 10 || c === 13) break;
    k--;
  }
  return k;
}

/** Width of a list marker and the spaces after it (`- `, `1. `, `a) `, `#. `, `(@) `), or 0. */
export function listMarkerWidth(text: string, fs: number, le: number): number {
  let k = fs;
  const c = text.charCodeAt(k);
  if (c === 45 || c === 42 || c === 43) {
    k++;
  } else if (c === 40 /* ( */ && text.charCodeAt(k + 1) === 64 /* @ */) {
    k += 2;
    while (k < le && (isKeyAlnum(text.charCodeAt(k)) || text.charCodeAt(k) === 95 || text.charCodeAt(k) === 45)) k++;
    if (text.charCodeAt(k) !== 41) return 0;
    k++;
  } else {
    let d = k;
    while (d < le && d - k < 9 && text.charCodeAt(d) >= 48 && text.charCodeAt(d) <= 57) d++;
    if (d === k) {
      const letter = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 35;
      if (!letter) return 0;
      d = k + 1;
    }
    const p = text.charCodeAt(d);
    if (p !== 46 && p !== 41) return 0;
    k = d + 1;
  }
  if (k >= le) return k - fs + 1;
  const s = text.charCodeAt(k);
  if (s !== 32 && s !== 9) return 0;
  let spaces = 0;
  while (k < le && text.charCodeAt(k) === 32 && spaces < 5) {
    k++;
    spaces++;
  }
  const markerWidth = k - fs - spaces;
  return spaces >= 5 ? markerWidth + 1 : markerWidth + Math.max(spaces, 1);
}

/** Collapses whitespace runs (line breaks included) to one space and trims. */
export function collapse(text: string): string {
  const trimmed = text.trim();
  return /\s\s|[\t\n\r\f\v]/.test(trimmed) ? trimmed.replace(/\s+/g, ' ') : trimmed;
}

/** Length of the fence run at `fs` (0 when the line does not open a fence). */
export function fenceOpening(text: string, fs: number, le: number, ch: number): number {
  let k = fs;
  while (k < le && text.charCodeAt(k) === ch) k++;
  const len = k - fs;
  if (len < 3) return 0;
  if (ch === 96 && text.slice(k, le).includes('`')) return 0;
  return len;
}

/** True when the line `[ls, le)` closes a fence of at least `len` × `ch` (after quote markers and indentation). */
export function isClosingFence(text: string, ls: number, le: number, ch: number, len: number): boolean {
  let k = ls;
  // Block-quote markers and indentation.
  while (k < le) {
    const c = text.charCodeAt(k);
    if (c === 32 || c === 9 || c === 62) k++;
    else break;
  }
  const start = k;
  while (k < le && text.charCodeAt(k) === ch) k++;
  if (k - start < len) return false;
  while (k < le) {
    const c = text.charCodeAt(k);
    if (c !== 32 && c !== 9) return false;
    k++;
  }
  return true;
}

/**
 * An autolink `<scheme:…>` or `<name@host>` whose `<` is at `i`, on the line ending at `le`: the
 * offset past its `>`; 0 when it is none but may open an HTML tag (a letter follows the `<`); -1
 * otherwise.
 */
export function autolinkEnd(text: string, i: number, le: number): number {
  const first = text.charCodeAt(i + 1);
  const letter = (first >= 65 && first <= 90) || (first >= 97 && first <= 122);
  const none = letter ? 0 : -1;
  let k = i + 1;
  let colon = -1;
  let at = -1;
  while (k < le) {
    const c = text.charCodeAt(k);
    if (c === 62 /* > */) break;
    if (c === 60 || c === 32 || c === 9) return none;
    if (c === 58 && colon < 0) colon = k;
    if (c === 64 && at < 0) at = k;
    k++;
  }
  if (k >= le) return -1;
  const inner = text.slice(i + 1, k);
  if (colon > 0 && /^[A-Za-z][A-Za-z0-9+.-]{1,31}:/.test(inner)) return k + 1;
  if (at > i + 1 && /^[^\s@<>]+@[^\s@<>]+$/.test(inner)) return k + 1;
  return none;
}

/**
 * An opening HTML tag `<name attr="…">` at `i` (its attribute values may hold an `@`): the offset
 * past its `>`; else `i + 1`. Attributes may continue over lines, up to `end`.
 */
export function htmlTagEnd(text: string, i: number, end: number): number {
  let k = i + 1;
  while (k < end && isTagNameChar(text.charCodeAt(k))) k++;
  for (;;) {
    const beforeSpace = k;
    while (k < end && isWhite(text.charCodeAt(k))) k++;
    if (k >= end) return i + 1;
    const c = text.charCodeAt(k);
    if (c === 62) return k + 1;
    if (c === 47) return text.charCodeAt(k + 1) === 62 ? k + 2 : i + 1;
    if (k === beforeSpace) return i + 1; // an attribute must follow whitespace
    // Attribute name.
    const nameStart = k;
    while (k < end && isAttributeNameChar(text.charCodeAt(k))) k++;
    if (k === nameStart) return i + 1;
    let v = k;
    while (v < end && isWhite(text.charCodeAt(v))) v++;
    if (text.charCodeAt(v) !== 61 /* = */) continue;
    v++;
    while (v < end && isWhite(text.charCodeAt(v))) v++;
    const q = text.charCodeAt(v);
    if (q === 34 || q === 39) {
      const close = text.indexOf(q === 34 ? '"' : "'", v + 1);
      if (close < 0 || close >= end) return i + 1;
      k = close + 1;
    } else {
      const valueStart = v;
      while (v < end && !isWhite(text.charCodeAt(v)) && !'"\'=<>`'.includes(text[v])) v++;
      if (v === valueStart) return i + 1;
      k = v;
    }
  }
}

/** A bare URL `scheme://…` whose `:` is at `i`: skipped to its end; else `i + 1`. */
export function bareUrlEnd(text: string, i: number, le: number): number {
  if (text.charCodeAt(i + 1) !== 47 || text.charCodeAt(i + 2) !== 47) return i + 1;
  let k = i - 1;
  const floor = Math.max(0, i - 32);
  while (k >= floor) {
    const c = text.charCodeAt(k);
    const schemeChar = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46;
    if (!schemeChar) break;
    k--;
  }
  const schemeStart = k + 1;
  if (i - schemeStart < 2) return i + 1;
  const s = text.charCodeAt(schemeStart);
  if (!((s >= 65 && s <= 90) || (s >= 97 && s <= 122))) return i + 1;
  return urlEnd(text, i + 3, le);
}

/** A bare `www.…` address starting at `i`: skipped to its end; else `i + 1`. */
export function wwwEnd(text: string, i: number, le: number): number {
  if (i + 4 > le || text.charCodeAt(i + 3) !== 46) return i + 1;
  const w1 = text.charCodeAt(i + 1);
  const w2 = text.charCodeAt(i + 2);
  if ((w1 !== 119 && w1 !== 87) || (w2 !== 119 && w2 !== 87)) return i + 1;
  const before = cpBefore(text, i);
  if (!Number.isNaN(before) && (isKeyAlnum(before) || before === 46 || before === 47 || before === 64 || before === 95)) return i + 1;
  return urlEnd(text, i + 4, le);
}

/** True when a reference label `[label]` (no unescaped brackets inside, `]` before `end`) starts at `open`. */
export function isReferenceLabel(text: string, open: number, end: number): boolean {
  for (let k = open + 1; k < end; k++) {
    const c = text.charCodeAt(k);
    if (c === 92) k++;
    else if (c === 93) return true;
    else if (c === 91) return false;
  }
  return false;
}
