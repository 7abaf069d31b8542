/**
 * A line diff of two texts, printed as a unified diff (the format of `diff -u` and `git diff`, which
 * `patch` and `git apply` read): `--- a/file` and `+++ b/file` headers, then hunks of changed lines
 * with three lines of context around them.
 *
 * Lines end at `\n`, as `diff` and `patch` see them: a CR stays part of its line, so a CRLF file's
 * diff keeps its CRs and a line whose ending changed shows as changed. A last line without a line
 * feed is marked `\ No newline at end of file`.
 *
 * The edit script is a longest common subsequence of lines, computed exactly (dynamic programming)
 * on ranges of up to {@link EXACT_CELLS} line pairs. A larger range is first cut at lines that occur
 * once in each side (the longest increasing run of them, as "patience diff" does), and each piece is
 * diffed the same way; a large piece without such a line is shown as removed and added whole. So a
 * fix that touches lines all over a 100,000-line file costs time proportional to the file, not to
 * its square, and the diff is still minimal around each change.
 */

/** A block of changed lines: old lines `[aStart, aEnd)` become new lines `[bStart, bEnd)` (0-based). */
export interface LineChange {
  readonly aStart: number;
  readonly aEnd: number;
  readonly bStart: number;
  readonly bEnd: number;
}

/** Line pairs up to which a range is diffed exactly (a table of this many 32-bit cells, 16 MiB). */
export const EXACT_CELLS = 4 * 1024 * 1024;

/** The lines of a text, each with its `\n` (the last one without when the text does not end with one). */
export function splitLines(text: string): string[] {
  const lines: string[] = [];
  let start = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', start)) {
    lines.push(text.slice(start, i + 1));
    start = i + 1;
  }
  if (start < text.length) lines.push(text.slice(start));
  return lines;
}

/** The blocks of changed lines between `a` and `b`, in order; empty when they are equal. */
export function diffLines(a: readonly string[], b: readonly string[]): LineChange[] {
  // Compare numbers, not strings: each distinct line gets an id.
  const ids = new Map<string, number>();
  const idsOf = (lines: readonly string[]): Int32Array => {
    const out = new Int32Array(lines.length);
    lines.forEach((line, i) => {
      let id = ids.get(line);
      if (id === undefined) ids.set(line, (id = ids.size));
      out[i] = id;
    });
    return out;
  };
  const A = idsOf(a);
  const B = idsOf(b);
  const changes: LineChange[] = [];
  const push = (aStart: number, aEnd: number, bStart: number, bEnd: number): void => {
    const last = changes[changes.length - 1];
    if (last !== undefined && last.aEnd === aStart && last.bEnd === bStart) {
      changes[changes.length - 1] = { aStart: last.aStart, aEnd, bStart: last.bStart, bEnd };
    } else changes.push({ aStart, aEnd, bStart, bEnd });
  };
  // Ranges still to diff, leftmost on top, so that changes come out in order.
  const stack: [number, number, number, number][] = [[0, A.length, 0, B.length]];
  while (stack.length > 0) {
    let [aLo, aHi, bLo, bHi] = stack.pop()!;
    while (aLo < aHi && bLo < bHi && A[aLo] === B[bLo]) {
      aLo++;
      bLo++;
    }
    while (aLo < aHi && bLo < bHi && A[aHi - 1] === B[bHi - 1]) {
      aHi--;
      bHi--;
    }
    if (aLo === aHi || bLo === bHi) {
      if (aLo < aHi || bLo < bHi) push(aLo, aHi, bLo, bHi);
      continue;
    }
    if ((aHi - aLo + 1) * (bHi - bLo + 1) <= EXACT_CELLS) {
      exactDiff(A, B, aLo, aHi, bLo, bHi, push);
      continue;
    }
    const anchors = uniqueAnchors(A, B, aLo, aHi, bLo, bHi);
    if (anchors.length === 0) {
      push(aLo, aHi, bLo, bHi);
      continue;
    }
    // The pieces between anchors (an anchor line itself is equal on both sides).
    const pieces: [number, number, number, number][] = [];
    let pa = aLo;
    let pb = bLo;
    for (const [i, j] of anchors) {
      pieces.push([pa, i, pb, j]);
      pa = i + 1;
      pb = j + 1;
    }
    pieces.push([pa, aHi, pb, bHi]);
    for (let k = pieces.length - 1; k >= 0; k--) stack.push(pieces[k]!);
  }
  return changes;
}

/** Longest common subsequence of `A[aLo, aHi)` and `B[bLo, bHi)` by dynamic programming; reports what is not in it. */
function exactDiff(
  A: Int32Array,
  B: Int32Array,
  aLo: number,
  aHi: number,
  bLo: number,
  bHi: number,
  push: (aStart: number, aEnd: number, bStart: number, bEnd: number) => void,
): void {
  const n = aHi - aLo;
  const m = bHi - bLo;
  const w = m + 1;
  // L[i * w + j]: length of the LCS of A[aLo + i ..] and B[bLo + j ..].
  const L = new Uint32Array((n + 1) * w);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      L[i * w + j] = A[aLo + i] === B[bLo + j] ? L[(i + 1) * w + j + 1]! + 1 : Math.max(L[(i + 1) * w + j]!, L[i * w + j + 1]!);
    }
  }
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && A[aLo + i] === B[bLo + j]) {
      i++;
      j++;
      continue;
    }
    const ci = i;
    const cj = j;
    while ((i < n || j < m) && !(i < n && j < m && A[aLo + i] === B[bLo + j])) {
      if (j >= m || (i < n && L[(i + 1) * w + j]! >= L[i * w + j + 1]!)) i++;
      else j++;
    }
    push(aLo + ci, aLo + i, bLo + cj, bLo + j);
  }
}

/**
 * Pairs `[i, j]` of lines that occur exactly once in `A[aLo, aHi)` and once in `B[bLo, bHi)`, with
 * `A[i] === B[j]`: the longest run of them in the same order on both sides.
 */
function uniqueAnchors(A: Int32Array, B: Int32Array, aLo: number, aHi: number, bLo: number, bHi: number): [number, number][] {
  // id → index in A (or -1 when repeated); then the matching index in B.
  const inA = new Map<number, number>();
  for (let i = aLo; i < aHi; i++) inA.set(A[i]!, inA.has(A[i]!) ? -1 : i);
  const inB = new Map<number, number>();
  for (let j = bLo; j < bHi; j++) {
    const id = B[j]!;
    if (inA.get(id) === undefined || inA.get(id) === -1) continue;
    inB.set(id, inB.has(id) ? -1 : j);
  }
  const pairs: [number, number][] = [];
  for (let i = aLo; i < aHi; i++) {
    const j = inB.get(A[i]!);
    if (j !== undefined && j >= 0 && inA.get(A[i]!) === i) pairs.push([i, j]);
  }
  // Longest increasing subsequence of j (pairs are in increasing i): patience sorting.
  const tails: number[] = []; // index into pairs of the smallest tail of each length
  const prev = new Int32Array(pairs.length).fill(-1);
  for (let k = 0; k < pairs.length; k++) {
    const j = pairs[k]![1];
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (pairs[tails[mid]!]![1] < j) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) prev[k] = tails[lo - 1]!;
    tails[lo] = k;
  }
  const out: [number, number][] = [];
  for (let k = tails.length > 0 ? tails[tails.length - 1]! : -1; k >= 0; k = prev[k]!) out.push(pairs[k]!);
  return out.reverse();
}

/** Options for {@link unifiedDiff}. */
export interface UnifiedDiffOptions {
  /** Lines of context around each change (default 3). */
  readonly context?: number;
}

/**
 * The unified diff that turns `oldText` into `newText`, with `--- oldName` and `+++ newName`
 * headers (e.g. `a/refs.ris`, `b/refs.ris`); an empty string when the texts are equal.
 */
export function unifiedDiff(oldText: string, newText: string, oldName: string, newName: string, options: UnifiedDiffOptions = {}): string {
  if (oldText === newText) return '';
  const context = Math.max(0, options.context ?? 3);
  const a = splitLines(oldText);
  const b = splitLines(newText);
  const changes = diffLines(a, b);
  if (changes.length === 0) return '';
  const out: string[] = [`--- ${oldName}\n+++ ${newName}\n`];
  const line = (prefix: string, text: string): void => {
    out.push(prefix, text);
    if (!text.endsWith('\n')) out.push('\n\\ No newline at end of file\n');
  };
  let k = 0;
  while (k < changes.length) {
    // A hunk: changes whose contexts touch or overlap.
    let last = k;
    while (last + 1 < changes.length && changes[last + 1]!.aStart - changes[last]!.aEnd <= 2 * context) last++;
    const first = changes[k]!;
    const end = changes[last]!;
    const aStart = Math.max(0, first.aStart - context);
    const aEnd = Math.min(a.length, end.aEnd + context);
    const bStart = first.bStart - (first.aStart - aStart);
    const bEnd = end.bEnd + (aEnd - end.aEnd);
    out.push(`@@ -${range(aStart, aEnd - aStart)} +${range(bStart, bEnd - bStart)} @@\n`);
    let i = aStart;
    for (let c = k; c <= last; c++) {
      const ch = changes[c]!;
      for (; i < ch.aStart; i++) line(' ', a[i]!);
      for (let x = ch.aStart; x < ch.aEnd; x++) line('-', a[x]!);
      for (let y = ch.bStart; y < ch.bEnd; y++) line('+', b[y]!);
      i = ch.aEnd;
    }
    for (; i < aEnd; i++) line(' ', a[i]!);
    k = last + 1;
  }
  return out.join('');
}

/** `start,count` of a hunk header, 1-based; `start` alone for one line, the line before for none. */
function range(start: number, count: number): string {
  if (count === 0) return `${start},0`;
  if (count === 1) return `${start + 1}`;
  return `${start + 1},${count}`;
}
