/**
 * Ranges and edits as offsets: the one range type (`[start, end)`) and the one text-edit type of the
 * core, used by the parser's model, the fixes, the formatter, the key pinning and the Markdown
 * citation edits, and {@link applyEdits}, which applies a list of edits to a text.
 */

/** A half-open range of offsets `[start, end)`. */
export interface OffsetRange {
  readonly start: number;
  readonly end: number;
}

/** Replace `[start, end)` of the text with `newText`. Offsets are into the text the edit was computed on. */
export interface TextEdit extends OffsetRange {
  readonly newText: string;
}

/**
 * Applies non-overlapping edits to a text and returns the result. Edits may come in any order;
 * insertions at the same offset are applied in the order given.
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = edits
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.start - b.e.start || a.e.end - b.e.end || a.i - b.i);
  const parts: string[] = [];
  let pos = 0;
  for (const { e } of sorted) {
    if (e.start < pos) throw new Error(`Overlapping edits at ${e.start}`);
    parts.push(text.slice(pos, e.start), e.newText);
    pos = e.end;
  }
  parts.push(text.slice(pos));
  return parts.join('');
}
