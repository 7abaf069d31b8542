/**
 * Offset ⇄ line/character conversion for a text, split into lines exactly as VS Code does: a line
 * ends at `\r\n`, `\n` or a bare `\r`; U+2028 and U+2029 do NOT end a line. Positions are 0-based,
 * characters are UTF-16 code units (as in `vscode.Position`).
 */

/** A 0-based line and character (UTF-16 code unit) position, like `vscode.Position`. */
export interface LinePosition {
  readonly line: number;
  readonly character: number;
}

/**
 * Maps offsets to positions and back for one text. The table of line starts (a `Uint32Array`) is
 * built on first use, in two `indexOf` passes, and each lookup is a binary search. Out-of-range input
 * is clamped the way `vscode.TextDocument.positionAt`/`offsetAt` clamp it.
 */
export class LineIndex {
  private starts: Uint32Array | undefined;

  /** Wraps `text`; nothing is computed until the first query. */
  constructor(readonly text: string) {}

  /** Number of lines (a text without line breaks, including the empty text, has one line). */
  get lineCount(): number {
    return this.lineStarts().length;
  }

  /** Offset of the first character of `line` (clamped to the existing lines). */
  lineStart(line: number): number {
    const s = this.lineStarts();
    const l = clampLine(line, s.length);
    return s[l]!;
  }

  /** Offset just past the last character of `line`, before its line break (clamped). */
  lineEnd(line: number): number {
    const s = this.lineStarts();
    const l = clampLine(line, s.length);
    if (l + 1 >= s.length) return this.text.length;
    let e = s[l + 1]! - 1; // the break's last character
    if (e > s[l]! && this.text.charCodeAt(e) === 10 && this.text.charCodeAt(e - 1) === 13) e--;
    return e;
  }

  /**
   * The line and character of `offset`. Offsets are clamped to `[0, text.length]`, and an offset
   * inside a line break (between `\r` and `\n`) maps to the end of its line, as VS Code does.
   */
  positionAt(offset: number): LinePosition {
    const s = this.lineStarts();
    let o = Math.floor(offset);
    if (!(o > 0)) o = 0; // also catches NaN
    if (o > this.text.length) o = this.text.length;
    let lo = 0;
    let hi = s.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (s[mid]! <= o) lo = mid;
      else hi = mid - 1;
    }
    const end = this.lineEnd(lo);
    return { line: lo, character: Math.min(o, end) - s[lo]! };
  }

  /**
   * The offset of a position. A line before the first maps to offset 0, a line after the last to
   * the end of the text; the character is clamped to `[0, line length]` (the break excluded).
   */
  offsetAt(position: LinePosition): number {
    const s = this.lineStarts();
    const line = Math.floor(position.line);
    if (!(line >= 0)) return 0;
    if (line >= s.length) return this.text.length;
    const start = s[line]!;
    const end = this.lineEnd(line);
    let ch = Math.floor(position.character);
    if (!(ch > 0)) ch = 0;
    return Math.min(start + ch, end);
  }

  private lineStarts(): Uint32Array {
    if (this.starts !== undefined) return this.starts;
    const text = this.text;
    // Pass 1 counts the breaks, pass 2 records where each line starts.
    let count = 1;
    forEachBreak(text, () => {
      count++;
    });
    const starts = new Uint32Array(count);
    let i = 1;
    forEachBreak(text, (next) => {
      starts[i++] = next;
    });
    this.starts = starts;
    return starts;
  }
}

function clampLine(line: number, count: number): number {
  const l = Math.floor(line);
  if (!(l > 0)) return 0;
  return l >= count ? count - 1 : l;
}

/** Calls `onBreak(nextLineStart)` for each line break of `text` (`\r\n`, `\n` or bare `\r`). */
function forEachBreak(text: string, onBreak: (nextLineStart: number) => void): void {
  const len = text.length;
  let nextLF = text.indexOf('\n');
  if (nextLF < 0) nextLF = len;
  let nextCR = text.indexOf('\r');
  if (nextCR < 0) nextCR = len;
  let pos = 0;
  while (pos < len) {
    if (nextLF < pos) {
      nextLF = text.indexOf('\n', pos);
      if (nextLF < 0) nextLF = len;
    }
    if (nextCR < pos) {
      nextCR = text.indexOf('\r', pos);
      if (nextCR < 0) nextCR = len;
    }
    if (nextCR < nextLF) {
      pos = nextCR + 1 === nextLF && nextLF < len ? nextLF + 1 : nextCR + 1;
    } else if (nextLF < len) {
      pos = nextLF + 1;
    } else {
      return;
    }
    onBreak(pos);
  }
}
