/**
 * The duplicate index's map of keys, spread over several maps: the same answers as one `Map` after
 * any mix of sets and deletes, and real duplicate keys spread over the maps.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { decodeRisBytes } from '../../../../src/core/ris/decode';
import { parseRis } from '../../../../src/core/ris/parser';
import { recordDuplicateKeys } from '../../../../src/core/validation/duplicateKeys';
import { SHARDS, ShardedMap } from '../../../../src/core/validation/shardedMap';
import { corpusEntries } from '../../helpers/corpus';
import { seededRandom } from '../../helpers/risSnapshot';

describe('ShardedMap', () => {
  it('answers as one Map after thousands of random sets and deletes', () => {
    const next = seededRandom(7);
    const random = (n: number): number => Math.floor(next() * n);
    const keys = Array.from({ length: 500 }, (_, i) => (i % 3 === 0 ? `doi:10.${1000 + i}/x${i}` : `tya:title${i}|${1990 + (i % 30)}|name${i % 17}`));
    keys.push('', 'a');
    const sharded = new ShardedMap<number>();
    const plain = new Map<string, number>();
    for (let op = 0; op < 20_000; op++) {
      const key = keys[random(keys.length)]!;
      if (random(3) === 0) assert.equal(sharded.delete(key), plain.delete(key));
      else {
        sharded.set(key, op);
        plain.set(key, op);
      }
      if (op % 1000 === 0) assert.equal(sharded.size, plain.size);
    }
    for (const key of keys) assert.equal(sharded.get(key), plain.get(key), key);
    assert.equal(sharded.size, plain.size);
    sharded.clear();
    assert.equal(sharded.size, 0);
    assert.equal(sharded.get(keys[1]!), undefined);
  });

  it('spreads the duplicate keys of real exports over its maps', () => {
    const sharded = new ShardedMap<true>();
    for (const entry of corpusEntries()) {
      for (const record of parseRis(decodeRisBytes(fs.readFileSync(entry.full)).text).records) {
        for (const key of recordDuplicateKeys(record)) sharded.set(key, true);
      }
    }
    const sizes = sharded.shardSizes();
    const mean = sharded.size / SHARDS;
    assert.ok(sharded.size > 5 * SHARDS, `${sharded.size} keys`);
    // No map holds more than three times its share, and none is empty.
    assert.ok(Math.max(...sizes) < 3 * mean && Math.min(...sizes) > 0, `sizes ${sizes.join(',')} (mean ${mean.toFixed(0)})`);
  });
});
