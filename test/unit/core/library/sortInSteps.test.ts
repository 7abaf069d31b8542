/**
 * The stable sort in steps (`sortSteps`): the order `Array.prototype.sort` gives with the same
 * comparator, ties in their first order, and never more than `perStep` comparisons between two yields.
 */
import * as assert from 'node:assert/strict';
import { sortSteps } from '../../../../src/core/library/sortInSteps';
import { seededRandom } from '../../helpers/risSnapshot';

interface Item {
  readonly key: number;
  readonly at: number;
}

/** Runs the steps to their end; returns the result and the most comparisons made between two yields. */
function run(items: Item[], perStep: number): { sorted: Item[]; steps: number; most: number } {
  let made = 0;
  let most = 0;
  let steps = 0;
  const compare = (a: Item, b: Item): number => {
    made++;
    return a.key - b.key;
  };
  const gen = sortSteps(items, compare, perStep);
  for (let step = gen.next(); ; step = gen.next()) {
    most = Math.max(most, made);
    made = 0;
    if (step.done === true) return { sorted: step.value, steps, most };
    steps++;
  }
}

describe('sorting in steps', () => {
  it('gives Array.prototype.sort\'s order, stable, for every size and step', () => {
    const random = seededRandom(20261207);
    for (const n of [0, 1, 2, 3, 5, 17, 100, 1000, 4099]) {
      for (const distinct of [2, 10, 1_000_000]) {
        const items = Array.from({ length: n }, (_, at) => ({ key: Math.floor(random() * distinct), at }));
        const wanted = [...items].sort((a, b) => a.key - b.key).map((i) => i.at);
        for (const perStep of [1, 2, 3, 40, 64, 500, 2000, Infinity]) {
          const copy = [...items];
          const { sorted, steps } = run(copy, perStep);
          assert.equal(sorted, copy, 'sorted in place');
          assert.deepEqual(sorted.map((i) => i.at), wanted, `n ${n}, ${distinct} distinct keys, ${perStep} per step`);
          if (perStep === Infinity) assert.equal(steps, 0, 'one sort, no yield');
        }
      }
    }
  });

  it('makes at most perStep comparisons between two yields', () => {
    const random = seededRandom(7);
    const items = Array.from({ length: 20_000 }, (_, at) => ({ key: Math.floor(random() * 5000), at }));
    for (const perStep of [64, 500, 2000]) {
      const { steps, most } = run([...items], perStep);
      assert.ok(most <= perStep, `${most} comparisons in one step of at most ${perStep}`);
      // About n log2(n) / perStep steps: the sort is cut up, not done in one go.
      assert.ok(steps >= (20_000 * 14) / perStep / 2, `${steps} steps of ${perStep}`);
    }
  });
});
