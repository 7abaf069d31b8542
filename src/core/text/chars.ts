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


/** True for a character the parser treats as whitespace inside a line (space, tab, NBSP…), not a line break. */
export function isInlineSpace(c: number): boolean {
  if (c === 32 || c === 9) return true;
  if (c < 128) return c === 11 || c === 12;
  return (
    c === 0xa0 ||
    c === 0xfeff ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000
  );
}
