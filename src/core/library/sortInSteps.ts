/**
 * A stable sort that yields between steps, so that a host can sort 100,000 references a few
 * milliseconds at a time (`Array.prototype.sort` of 100k library entries by title, compared with a
 * collator, is one task of about 0.4 s). Runs of `perStep / 16` items are sorted with
 * `Array.prototype.sort` (fewer than `perStep` comparisons each), then merged pairwise, yielding every
 * `perStep` comparisons. The order is exactly `Array.prototype.sort`'s with the same comparator
 * (both are stable).
 */

/**
 * Sorts `items` in place by `compare` (stable), yielding after at most `perStep` comparisons; one
 * `Array.prototype.sort` and no yield when `perStep` exceeds the most a sort of `items` can make
 * (Infinity, say).
 */
export function* sortSteps<T>(items: T[], compare: (a: T, b: T) => number, perStep: number): Generator<void, T[]> {
  const n = items.length;
  if (n < 2) return items;
  if (perStep >= n * n) return items.sort(compare);
  const run = Math.max(2, Math.min(n, Math.floor(perStep / 16)));
  for (let from = 0; from < n; from += run) {
    const sorted = items.slice(from, from + run).sort(compare);
    for (let k = 0; k < sorted.length; k++) items[from + k] = sorted[k]!;
    yield;
  }
  let src = items;
  // The second buffer of the merges: a copy, so that it is a packed array (no holes) from the start.
  let dst: T[] = items.slice();
  let work = 0;
  for (let width = run; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n);
      const hi = Math.min(lo + 2 * width, n);
      let i = lo;
      let j = mid;
      let k = lo;
      while (i < mid && j < hi) {
        // The left run's item first when equal: stable.
        dst[k++] = compare(src[j]!, src[i]!) < 0 ? src[j++]! : src[i++]!;
        if (++work >= perStep) {
          work = 0;
          yield;
        }
      }
      while (i < mid) dst[k++] = src[i++]!;
      while (j < hi) dst[k++] = src[j++]!;
    }
    const t = src;
    src = dst;
    dst = t;
  }
  if (src !== items) for (let k = 0; k < n; k++) items[k] = src[k]!;
  return items;
}

/**
 * `0 … n-1` sorted by `compare` (stable: equal items keep their order), yielding after at most
 * `perStep` comparisons.
 */
export function* sortedIndicesSteps(n: number, compare: (a: number, b: number) => number, perStep: number): Generator<void, Uint32Array> {
  const order: number[] = [];
  for (let i = 0; i < n; i++) order.push(i);
  yield* sortSteps(order, compare, perStep);
  return Uint32Array.from(order);
}
