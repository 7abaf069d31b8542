/**
 * A map from strings, kept in several `Map`s chosen by the key's last characters.
 *
 * A `Map` grows by copying every entry into a table twice as large, in the one `set` that fills it:
 * at 131,072 keys (a 100k-record file has some 200,000 duplicate keys) that single `set` took 5-8 ms
 * on its own, and 11 ms in the extension host while a file was being indexed in turns, inside a turn
 * meant to last 12. Spread over {@link SHARDS} maps, each grows at a sixty-fourth of that size.
 */

/** Number of maps the keys are spread over (a power of two). */
export const SHARDS = 64;

/** The map that holds `key`: from its length and last two characters (keys end in names and DOIs, which vary there). */
function shardOf(key: string): number {
  const n = key.length;
  if (n === 0) return 0;
  const last = key.charCodeAt(n - 1);
  const before = n > 1 ? key.charCodeAt(n - 2) : 0;
  return (last * 31 + before * 7 + n) & (SHARDS - 1);
}

/** The part of `Map<string, V>` that {@link ShardedMap} offers. */
export class ShardedMap<V> {
  private readonly shards: Map<string, V>[] = Array.from({ length: SHARDS }, () => new Map<string, V>());

  get(key: string): V | undefined {
    return this.shards[shardOf(key)]!.get(key);
  }

  set(key: string, value: V): void {
    this.shards[shardOf(key)]!.set(key, value);
  }

  delete(key: string): boolean {
    return this.shards[shardOf(key)]!.delete(key);
  }

  clear(): void {
    for (const shard of this.shards) shard.clear();
  }

  /** Number of keys. */
  get size(): number {
    let n = 0;
    for (const shard of this.shards) n += shard.size;
    return n;
  }

  /** Each map's number of keys (for tests: the keys are spread). */
  shardSizes(): number[] {
    return this.shards.map((shard) => shard.size);
  }
}
