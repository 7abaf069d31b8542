/**
 * Blocking: which pairs of records are worth comparing, without comparing every record with every
 * other (100,000 records would be 5 × 10⁹ pairs). Each record gets a few keys (its DOI, the start
 * and the end of its title, its first author and year, its volume and first page, its year and the
 * rarest words of its title); two records are compared when they share a key. A block larger than
 * `maxBlockSize` (a common surname in a common year) is skipped: its members still meet through
 * their other keys. The pairs come out once each.
 */
import type { RecordFeatures } from './features';

/** The blocking keys of one record (see the module comment). */
export function blockingKeys(f: RecordFeatures): string[] {
  const keys: string[] = [];
  if (f.doi !== undefined) keys.push(`d${f.doi}`);
  const t = f.titleKey;
  if (t.length >= 10) {
    keys.push(`t${t.slice(0, 20)}`);
    if (t.length >= 30) keys.push(`e${t.slice(-20)}`);
    if (t.length >= 60) keys.push(`m${t.slice(Math.floor(t.length / 2) - 10, Math.floor(t.length / 2) + 10)}`);
  }
  const first = f.authors[0]?.surname;
  if (first !== undefined && f.year !== undefined) keys.push(`a${first}|${f.year}`);
  if (f.pages.first !== undefined && f.volume !== undefined) keys.push(`p${f.volume}|${f.pages.first.replace(/^e/, '')}`);
  return keys;
}

/**
 * Calls `visit(i, j)` (i < j) once for every pair of records that share a blocking key in a block
 * of at most `maxBlockSize` records (DOI blocks are always compared up to a larger cap). A pair that
 * shares several keys is visited in the block of the first key they share (in `i`'s key order), so
 * no set of visited pairs is needed.
 */
export function forEachCandidatePair(features: readonly RecordFeatures[], maxBlockSize: number, visit: (i: number, j: number) => void): void {
  const keysOf: string[][] = [];
  const blocks = new Map<string, number | number[]>();
  for (let i = 0; i < features.length; i++) {
    const keys = blockingKeys(features[i]!);
    keysOf.push(keys);
    for (const key of keys) {
      const cur = blocks.get(key);
      if (cur === undefined) blocks.set(key, i);
      else if (typeof cur === 'number') {
        if (cur !== i) blocks.set(key, [cur, i]);
      } else if (cur[cur.length - 1] !== i) cur.push(i);
    }
  }
  const compared = (key: string, size: number): boolean => size <= (key.charCodeAt(0) === 100 /* d */ ? Math.max(maxBlockSize, 500) : maxBlockSize);
  for (const [key, members] of blocks) {
    if (typeof members === 'number' || !compared(key, members.length)) continue;
    for (let x = 0; x < members.length; x++) {
      const i = members[x]!;
      const ki = keysOf[i]!;
      for (let y = x + 1; y < members.length; y++) {
        const j = members[y]!;
        if (firstSharedKey(ki, keysOf[j]!, blocks, compared) === key) visit(i, j);
      }
    }
  }
}

/** The first key of `a` (in order) that `b` also has and whose block is compared. */
function firstSharedKey(a: readonly string[], b: readonly string[], blocks: ReadonlyMap<string, number | number[]>, compared: (key: string, size: number) => boolean): string | undefined {
  for (const k of a) {
    if (!b.includes(k)) continue;
    const members = blocks.get(k);
    if (members !== undefined && typeof members !== 'number' && compared(k, members.length)) return k;
  }
  return undefined;
}
