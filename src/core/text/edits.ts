/**
 * Ranges and edits as offsets: the one range type (`[start, end)`) and the one text-edit type of the
 * core, used by the parser's model, the fixes, the formatter, the key pinning and the Markdown
 * citation edits; {@link applyEdits}, which applies a list of edits to a text, and
 * {@link windowAfter}, which applies edits reported one after the other (VS Code's `contentChanges`)
 * to the one window of the text they changed ({@link changedWindow}).
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

/** One changed window: old text `[start, oldEnd)` became new text `[start, newEnd)`. */
export interface ChangedWindow {
  readonly start: number;
  readonly oldEnd: number;
  readonly newEnd: number;
}

/**
 * The smallest window that covers `edits` applied one after the other, each with offsets into the
 * text left by the ones before it (as VS Code reports `contentChanges`).
 */
export function changedWindow(edits: readonly TextEdit[]): ChangedWindow | undefined {
  let ws = -1;
  let we = -1;
  let delta = 0;
  for (const e of edits) {
    const d = e.newText.length - (e.end - e.start);
    if (ws < 0) {
      ws = e.start;
      we = e.start + e.newText.length;
    } else {
      const mapped = we >= e.end ? we + d : we <= e.start ? we : e.start + e.newText.length;
      ws = Math.min(ws, e.start);
      we = Math.max(mapped, e.start + e.newText.length);
    }
    delta += d;
  }
  return ws < 0 ? undefined : { start: ws, oldEnd: we - delta, newEnd: we };
}

/** More edits than this, or a window wider than {@link IN_TURN_MAX_WINDOW} with more than one: {@link windowAfter} gives up. */
const IN_TURN_MAX_EDITS = 64;
const IN_TURN_MAX_WINDOW = 1 << 20;

/**
 * The new text of window `w` (`changedWindow(edits)`), from `before`, its old text: `edits` applied
 * one after the other. Undefined when an edit falls outside the window, or when there are so many
 * edits over so wide a window that asking for the whole text is cheaper.
 */
export function windowAfter(before: string, w: ChangedWindow, edits: readonly TextEdit[]): string | undefined {
  if (before.length !== w.oldEnd - w.start) return undefined;
  if (edits.length > 1 && (edits.length > IN_TURN_MAX_EDITS || w.oldEnd - w.start > IN_TURN_MAX_WINDOW)) return undefined;
  let window = before;
  for (const e of edits) {
    const start = e.start - w.start;
    const end = e.end - w.start;
    if (start < 0 || end < start || end > window.length) return undefined;
    window = window.slice(0, start) + e.newText + window.slice(end);
  }
  return window.length === w.newEnd - w.start ? window : undefined;
}
