/**
 * Composing the edits of several fixes into one: atomic groups, rejected whole when they would
 * overlap an accepted edit, and a sorted, merged result.
 */
import { type TextEdit } from '../text/edits';

// ---------------------------------------------------------------------------------------------
// Applying and composing edits

interface RankedEdit extends TextEdit {
  /** Order among insertions at the same offset: lower first. */
  readonly rank: number;
  readonly seq: number;
}

/**
 * Collects edits in atomic groups. A group whose edits would overlap an accepted edit is rejected
 * as a whole, so a composed fix never applies half of a move. `finish()` returns the edits sorted
 * and merged where they touch, with no-op edits removed.
 */
export class EditBuilder {
  private readonly accepted: RankedEdit[] = [];
  private seq = 0;

  /** `text`: the document's text, or a reader of it (`DocumentText`); only the spans the edits replace are read. */
  constructor(private readonly text: { slice(start: number, end: number): string }) {}

  /** True when nothing has been accepted. */
  get isEmpty(): boolean {
    return this.accepted.length === 0;
  }

  /** Adds a group of edits; returns false (and adds nothing) when one would overlap an accepted edit. */
  addGroup(edits: readonly TextEdit[], rank = 0): boolean {
    const real = edits.filter((e) => !(e.start === e.end && e.newText.length === 0) && this.text.slice(e.start, e.end) !== e.newText);
    if (real.length === 0) return true;
    // Check against accepted edits, and within the group: in start order, an edit overlaps an
    // earlier one exactly when it starts before the largest end so far (linear, as a group can
    // hold hundreds of thousands of edits).
    for (const e of real) if (this.collides(e)) return false;
    const inOrder = real.length === 1 ? real : real.slice().sort((x, y) => x.start - y.start || x.end - y.end);
    let maxEnd = -1;
    for (const e of inOrder) {
      if (e.start < maxEnd) return false;
      if (e.end > maxEnd) maxEnd = e.end;
    }
    for (const e of real) this.insert({ start: e.start, end: e.end, newText: e.newText, rank, seq: this.seq++ });
    return true;
  }

  private lowerBound(start: number): number {
    let lo = 0;
    let hi = this.accepted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.accepted[mid]!.start < start) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private collides(e: TextEdit): boolean {
    const a = this.accepted;
    // Accepted edits are disjoint and sorted by start: only those starting before e.end can overlap,
    // and among those starting before e.start only the last one (the one with the largest end).
    let i = this.lowerBound(e.start);
    if (i > 0 && overlaps(a[i - 1]!, e)) return true;
    for (; i < a.length && a[i]!.start < e.end; i++) if (overlaps(a[i]!, e)) return true;
    return false;
  }

  private insert(e: RankedEdit): void {
    const a = this.accepted;
    let i = a.length;
    // Usually appended at the end; otherwise keep the array sorted by start, then end: an insertion
    // goes before a replacement that starts at the same offset, so that the last edit starting
    // before an offset is the one that ends last (what `collides` relies on).
    while (i > 0 && (a[i - 1]!.start > e.start || (a[i - 1]!.start === e.start && a[i - 1]!.end > e.end))) i--;
    a.splice(i, 0, e);
  }

  /** The accepted edits, sorted, with touching edits merged into one. */
  finish(): TextEdit[] {
    const sorted = this.accepted
      .slice()
      .sort((x, y) => x.start - y.start || x.end - y.end || x.rank - y.rank || x.seq - y.seq);
    const out: TextEdit[] = [];
    for (const e of sorted) {
      const prev = out[out.length - 1];
      if (prev !== undefined && prev.end === e.start) {
        out[out.length - 1] = { start: prev.start, end: e.end, newText: prev.newText + e.newText };
      } else {
        out.push({ start: e.start, end: e.end, newText: e.newText });
      }
    }
    return out;
  }
}

function overlaps(a: TextEdit, b: TextEdit): boolean {
  return a.start < b.end && b.start < a.end;
}
