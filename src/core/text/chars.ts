/**
 * Character classes on UTF-16 codes, shared by the parser's neighbours: digits, ASCII letters and
 * the characters the RIS parser treats as whitespace inside a line.
 */

/** True for `[0-9]`. */
export function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** True for `[A-Za-z]`. */
export function isAsciiLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** True when `[from, to)` of `text` (the whole text by default) has a character above U+007F. */
export function hasNonAscii(text: string, from = 0, to = text.length): boolean {
  for (let i = from; i < to; i++) if (text.charCodeAt(i) > 127) return true;
  return false;
}

/**
 * True when `code` is a character that `String.prototype.trim` removes (space, tab, VT, FF, CR, LF,
 * NBSP, U+1680, U+2000–U+200A, U+2028, U+2029, U+202F, U+205F, U+3000, U+FEFF). The parser uses this
 * set for blank lines, indentation and trimming values.
 */
export function isRisWhitespace(code: number): boolean {
  if (code < 128) return code === 32 || (code >= 9 && code <= 13);
  return (
    code === 0xa0 ||
    code === 0xfeff ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000
  );
}

/** True for a character the parser treats as whitespace inside a line (space, tab, NBSP…), not a line break. */
export function isInlineSpace(c: number): boolean {
  return c !== 10 && c !== 13 && isRisWhitespace(c);
}
