/**
 * Timing helpers for the benchmark: interleaved runs with warm-up, medians, and a V8 CPU profile of
 * one operation (the `--cpu-prof` format, taken in-process with the inspector so that only the
 * operation is profiled, not the data generation around it).
 */

import { performance } from 'node:perf_hooks';

declare const gc: (() => void) | undefined;

/** Runs a full garbage collection when node was started with --expose-gc. */
export function collectGarbage(): void {
  if (typeof gc === 'function') {
    gc();
    gc();
  }
}

/**
 * How long a sample waits after the forced collection before it starts: the collector finishes its
 * work on helper threads (sweeping a heap of a gigabyte) and, on two cores, slowed the operation that
 * came right after it. Grouping 100k references took 8.6 ms (median of 9) right after `gc()`, 4.2 ms
 * after 150 ms of sleep (as after no forced collection at all), 8.6 ms after only 50 ms.
 */
const SETTLE_MS = 150;
const settleCell = new Int32Array(new SharedArrayBuffer(4));

/** Sleeps the thread (the collector's helper threads go on) for `ms` milliseconds. */
function settle(ms: number): void {
  Atomics.wait(settleCell, 0, 0, ms);
}

export interface Case {
  readonly id: string;
  /** Runs before each sample, outside the timing. */
  readonly setup?: () => void;
  readonly run: () => unknown;
  /** Repetitions inside one sample; the sample is the total divided by this (for sub-millisecond operations). */
  readonly repeat?: number;
  /**
   * Keep the result of every repetition alive until the sample ends, so that `repeat` runs on a
   * small input build up as much live memory as one run on an input `repeat` times larger (the
   * garbage collector then works alike, and a size ratio measures the algorithm, not V8's young
   * generation).
   */
  readonly retain?: boolean;
}

/** Median of a list of numbers. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Where results go, so that the work that made them cannot be optimised away. */
const sink: { value: unknown } = { value: undefined };

/**
 * Times each case `runs` times after `warmup` rounds, interleaved: every round runs every case once,
 * in an order that rotates from round to round, so that a slow phase of a shared machine hits all
 * cases alike. Returns the samples in milliseconds per case id.
 */
export function measureInterleaved(cases: readonly Case[], runs: number, warmup: number): Map<string, number[]> {
  const samples = new Map<string, number[]>();
  for (const c of cases) samples.set(c.id, []);
  const rounds = warmup + runs;
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < cases.length; k++) {
      const c = cases[(k + round) % cases.length]!;
      c.setup?.();
      collectGarbage();
      settle(SETTLE_MS);
      const repeat = c.repeat ?? 1;
      const kept: unknown[] = [];
      const t0 = performance.now();
      if (c.retain === true) for (let i = 0; i < repeat; i++) kept.push(c.run());
      else for (let i = 0; i < repeat; i++) sink.value = c.run();
      const t1 = performance.now();
      sink.value = kept.length;
      sink.value = undefined;
      if (round >= warmup) samples.get(c.id)!.push((t1 - t0) / repeat);
    }
  }
  collectGarbage();
  return samples;
}

/** Keeps a value alive (so that the optimiser cannot drop the work that made it). */
export function keep(value: unknown): void {
  sink.value = value;
  sink.value = undefined;
}

// ---------------------------------------------------------------------------------------------
// CPU profiles

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly hitCount?: number;
  readonly children?: readonly number[];
}

export interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly startTime: number;
  readonly endTime: number;
  readonly samples?: readonly number[];
  readonly timeDeltas?: readonly number[];
}

export interface ProfileLine {
  readonly name: string;
  readonly selfMs: number;
  readonly percent: number;
}

/** Self time per function (name, file:line), highest first. */
export function summarizeProfile(profile: CpuProfile, top = 20): ProfileLine[] {
  const byId = new Map<number, ProfileNode>();
  for (const n of profile.nodes) byId.set(n.id, n);
  const self = new Map<number, number>();
  if (profile.samples !== undefined && profile.timeDeltas !== undefined) {
    for (let i = 0; i < profile.samples.length; i++) {
      const id = profile.samples[i]!;
      const dt = profile.timeDeltas[i + 1] ?? 0;
      self.set(id, (self.get(id) ?? 0) + dt);
    }
  } else {
    const total = profile.endTime - profile.startTime;
    const hits = profile.nodes.reduce((n, x) => n + (x.hitCount ?? 0), 0) || 1;
    for (const n of profile.nodes) self.set(n.id, ((n.hitCount ?? 0) / hits) * total);
  }
  const byName = new Map<string, number>();
  let total = 0;
  for (const [id, us] of self) {
    const n = byId.get(id);
    if (n === undefined) continue;
    const f = n.callFrame;
    const file = f.url.length > 0 ? f.url.slice(f.url.lastIndexOf('/') + 1) : '';
    const name = `${f.functionName || '(anonymous)'}${file ? ` ${file}:${f.lineNumber + 1}` : ''}`;
    byName.set(name, (byName.get(name) ?? 0) + us);
    total += us;
  }
  return [...byName.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, us]) => ({ name, selfMs: us / 1000, percent: (100 * us) / (total || 1) }));
}

/** Profiles `run` in this process with the V8 sampling profiler (the data `node --cpu-prof` writes). */
export async function profileInProcess(run: () => void): Promise<CpuProfile> {
  const inspector = await import('node:inspector/promises');
  const session = new inspector.Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 200 });
    await session.post('Profiler.start');
    run();
    const { profile } = (await session.post('Profiler.stop')) as { profile: CpuProfile };
    return profile;
  } finally {
    session.disconnect();
  }
}
