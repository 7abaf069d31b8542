/**
 * The light version of the benchmark (bench/README.md), part of `npm test`: generous bounds on time
 * ratios, measured in a process of its own (scalingMeasure.ts) on 1k and 10k generated records, so that a change that makes the
 * parser, validation, the library or search super-linear (or much slower than the hand-written
 * baseline parser) fails here without depending on the speed of the machine. Ratios, not absolute
 * times: each bound compares the fastest of several runs taken side by side, interleaved, after a
 * warm-up round (on a shared machine the fastest run is the one least disturbed by other work).
 */

import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

describe('scaling (light benchmark: 1k and 10k generated records)', function () {
  this.timeout(120_000);
  const t = new Map<string, number>();

  before(() => {
    // Measured in a fresh process (see scalingMeasure.ts).
    const out = execFileSync(process.execPath, [path.join(__dirname, 'scalingMeasure.js')], { encoding: 'utf8', maxBuffer: 1 << 20 });
    for (const [k, v] of Object.entries(JSON.parse(out) as Record<string, number>)) t.set(k, v);
  });

  it('parses 10k records in at most 3× the time of the hand parser', () => {
    const ratio = t.get('parse@10000')! / t.get('hand@10000')!;
    assert.ok(ratio <= 3, `parseRis takes ${ratio.toFixed(2)}× the hand parser on 10k records`);
    assert.equal(t.get('records@10000'), 10_000);
  });

  // A quadratic step shows as ~100× for 10× the records; linear operations measure 9–21× here
  // (garbage collection and heap growth on a shared 2-core machine), hence the bound of 30.
  it('parse, validation, library build and search take at most 30× longer for 10× the records', () => {
    const report = ['parse', 'validate', 'library', 'search'].map((op) => {
      const ratio = t.get(`${op}@10000`)! / t.get(`${op}@1000`)!;
      return { op, ratio, text: `${op}: ${t.get(`${op}@1000`)!.toFixed(1)} → ${t.get(`${op}@10000`)!.toFixed(1)} ms (${ratio.toFixed(1)}×)` };
    });
    for (const r of report) assert.ok(r.ratio <= 30, `super-linear: ${r.text}; all: ${report.map((x) => x.text).join('; ')}`);
  });

  it('validates 10k records in at most 8× the parse time', () => {
    // Measured today: about 5× (bench/README.md). The benchmark's target is 2×.
    const ratio = t.get('validate@10000')! / t.get('parse@10000')!;
    assert.ok(ratio <= 8, `validation takes ${ratio.toFixed(2)}× the parse time on 10k records`);
  });
});
