/**
 * Line arithmetic on offsets: where the line that contains an offset starts and ends, and where the
 * next line starts. A line ends at `\r\n`, `\n` or a bare `\r` (as in VS Code and the RIS parser).
 * Offsets are UTF-16 offsets into the text, as everywhere in the core.
 */

/** Offset of the end of the line that contains `offset` (its line break, or the text's end). */
export function lineEndAt(text: string, offset: number): number {
  const len = text.length;
  for (let i = offset; i < len; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return i;
  }
  return len;
}

/** Offset of the start of the line that contains `offset`. */
export function lineStartAt(text: string, offset: number): number {
  for (let i = offset - 1; i >= 0; i--) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return i + 1;
  }
  return 0;
}

/**
 * Offset just after the line break at `lineEnd` (a line end as returned by {@link lineEndAt}):
 * `lineEnd + 2` after `\r\n`, `lineEnd + 1` after `\n` or a bare `\r`. When no line break is at
 * `lineEnd` (the text's end, or an offset inside a line) it returns `lineEnd` itself.
 */
export function nextLineStart(text: string, lineEnd: number): number {
  const c = text.charCodeAt(lineEnd);
  if (c === 13) return text.charCodeAt(lineEnd + 1) === 10 ? lineEnd + 2 : lineEnd + 1;
  if (c === 10) return lineEnd + 1;
  return lineEnd;
}
