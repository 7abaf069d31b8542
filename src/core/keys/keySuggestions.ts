/**
 * "Did you mean…": the keys closest to an unknown citation key, for the quick fixes of
 * `ris.unknown-citation`.
 */

/**
 * The edit distance between two strings (insertions, deletions, substitutions and transpositions of
 * adjacent characters), or `limit + 1` as soon as it is known to exceed `limit`.
 */
export function editDistance(a: string, b: string, limit = Number.MAX_SAFE_INTEGER): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous2: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) {
        value = Math.min(value, previous2[j - 2] + 1);
      }
      current.push(value);
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > limit) return limit + 1;
    previous2 = previous;
    previous = current;
  }
  return previous[b.length];
}

/**
 * Up to `count` keys closest to `key` (case-insensitive edit distance, at most a third of the key's
 * length, and at least 2), best first; keys that start with the same text as `key` (a truncated key)
 * rank first. Ties keep the keys' order.
 */
export function closestKeys(key: string, keys: Iterable<string>, count = 5): string[] {
  const wanted = key.toLowerCase();
  const limit = Math.max(2, Math.floor(wanted.length / 3));
  const scored: { key: string; score: number; order: number }[] = [];
  let order = 0;
  for (const candidate of keys) {
    const lower = candidate.toLowerCase();
    let score: number;
    if (lower === wanted) score = 0;
    else if (lower.startsWith(wanted) || wanted.startsWith(lower)) score = 0.5;
    else score = editDistance(wanted, lower, limit);
    if (score <= limit) scored.push({ key: candidate, score, order: order++ });
  }
  scored.sort((a, b) => a.score - b.score || a.order - b.order);
  return scored.slice(0, count).map((s) => s.key);
}
