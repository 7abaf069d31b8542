/**
 * The deduplication engine: records in, groups of duplicates out, each with its reasons.
 *
 * 1. Each record's fields are normalised once (`features.ts`).
 * 2. Blocking proposes the pairs worth comparing (`blocking.ts`); each is decided (`decide.ts`).
 *    A person's decisions (`options.decisions`) override the engine's for their pairs.
 * 3. Duplicate pairs are joined, surest first, with a union-find that never joins two groups when
 *    any record of one vetoes any record of the other (different DOIs, years, pages…): a chain of
 *    near-matches cannot pull two different works into one group.
 * 4. `possible` pairs between different groups are listed for a person to decide, once per pair
 *    of groups.
 *
 * The work is a generator that yields now and then, so that {@link findDuplicates} runs it to the
 * end and {@link findDuplicatesAsync} gives the event loop a turn between slices (progress and
 * cancellation for an editor).
 */
import type { RisRecord } from '../ris/model';
import { decidePair, hardVeto, type PairVerdict } from './decide';
import { forEachCandidatePair } from './blocking';
import { recordFeatures, type RecordFeatures } from './features';
import { parseDedupOptions, type DedupOptions } from './options';

/** One record given to the engine. */
export interface DedupInput {
  /** The caller's identity for the record (e.g. `uri#index`); decisions name records by it. */
  readonly ref: string;
  readonly record: RisRecord;
}

/** A link between two records of a group: the pair the engine (or a person) decided, and why. */
export interface DedupLink {
  /** Indexes into the input. */
  readonly a: number;
  readonly b: number;
  readonly reasons: readonly string[];
}

/** A group of records the engine found. */
export interface DedupGroup {
  /** `duplicate`: the same reference; `possible`: a person should decide (always two records). */
  readonly decision: 'duplicate' | 'possible';
  /** Why, as short phrases (the reasons of every link, each once). */
  readonly reasons: readonly string[];
  /** Indexes into the input, in input order. */
  readonly members: readonly number[];
  /** The pairs that joined the group. */
  readonly links: readonly DedupLink[];
}

/** What the engine found. */
export interface DedupResult {
  /** Duplicate groups first (in the order of their first member), then possible pairs. */
  readonly groups: readonly DedupGroup[];
  /** Number of records given. */
  readonly records: number;
  /** Records a deduplication removes: the members of duplicate groups beyond the one kept. */
  readonly removable: number;
  /** Number of pairs compared. */
  readonly comparisons: number;
}

/** Progress and cancellation hooks. */
export interface DedupHooks {
  /** Called now and then with the records (or pairs) done out of a total, and the phase. */
  readonly onProgress?: (done: number, total: number, phase: 'normalising' | 'comparing' | 'grouping') => void;
  /** Polled now and then; when it returns true the run stops with a {@link DedupCancelledError}. */
  readonly isCancelled?: () => boolean;
}

/** Thrown when `isCancelled` returned true. */
export class DedupCancelledError extends Error {
  constructor() {
    super('deduplication cancelled');
  }
}

const SLICE = 2000;

interface Scored {
  readonly i: number;
  readonly j: number;
  readonly verdict: PairVerdict;
}

/** The engine's work, yielding every {@link SLICE} units. */
function* run(inputs: readonly DedupInput[], options: DedupOptions, hooks: DedupHooks): Generator<void, DedupResult> {
  const n = inputs.length;
  const check = (done: number, total: number, phase: 'normalising' | 'comparing' | 'grouping'): void => {
    if (hooks.isCancelled?.() === true) throw new DedupCancelledError();
    hooks.onProgress?.(done, total, phase);
  };
  const features: RecordFeatures[] = [];
  for (let i = 0; i < n; i++) {
    features.push(recordFeatures(inputs[i]!.record));
    if (i % SLICE === SLICE - 1) {
      check(i + 1, n, 'normalising');
      yield;
    }
  }
  // Candidate pairs in two growing typed arrays (no small array per pair).
  let left = new Int32Array(1024);
  let right = new Int32Array(1024);
  let count = 0;
  forEachCandidatePair(features, options.maxBlockSize, (i, j) => {
    if (count === left.length) {
      const l = new Int32Array(count * 2);
      l.set(left);
      left = l;
      const r = new Int32Array(count * 2);
      r.set(right);
      right = r;
    }
    left[count] = i;
    right[count] = j;
    count++;
  });
  const decided = decidedPairs(inputs, options);
  const duplicates: Scored[] = [];
  const possibles: Scored[] = [];
  for (let p = 0; p < count; p++) {
    const i = left[p]!;
    const j = right[p]!;
    const human = decided.size === 0 ? undefined : decided.get(i * n + j);
    if (human === undefined) {
      const verdict = decidePair(features[i]!, features[j]!, options);
      if (verdict.decision === 'duplicate') duplicates.push({ i, j, verdict });
      else if (verdict.decision === 'possible') possibles.push({ i, j, verdict });
    }
    if (p % SLICE === SLICE - 1) {
      check(p + 1, count, 'comparing');
      yield;
    }
  }
  for (const [id, same] of decided) {
    const i = Math.floor(id / n);
    const j = id - i * n;
    if (same) duplicates.push({ i, j, verdict: { decision: 'duplicate', reasons: ['marked as duplicate'], score: 100 } });
  }
  check(0, 1, 'grouping');
  const groups = formGroups(n, features, duplicates, possibles, decided, options);
  let removable = 0;
  for (const g of groups) if (g.decision === 'duplicate') removable += g.members.length - 1;
  return { groups, records: n, removable, comparisons: count };
}

/** The person's decisions as `i * n + j` (i < j) → duplicate or not; refs that match no input are ignored. */
function decidedPairs(inputs: readonly DedupInput[], options: DedupOptions): Map<number, boolean> {
  const out = new Map<number, boolean>();
  if (options.decisions.length === 0) return out;
  const index = new Map<string, number>();
  inputs.forEach((input, i) => {
    if (!index.has(input.ref)) index.set(input.ref, i);
  });
  const n = inputs.length;
  for (const d of options.decisions) {
    const a = index.get(d.a);
    const b = index.get(d.b);
    if (a === undefined || b === undefined || a === b) continue;
    out.set(Math.min(a, b) * n + Math.max(a, b), d.duplicate);
  }
  return out;
}

/** Union-find over the duplicate pairs, surest first, refusing any join across a veto (see the module comment). */
function formGroups(
  n: number,
  features: readonly RecordFeatures[],
  duplicates: Scored[],
  possibles: Scored[],
  decided: ReadonlyMap<number, boolean>,
  options: DedupOptions,
): DedupGroup[] {
  const parent = new Int32Array(n);
  for (let i = 0; i < n; i++) parent[i] = i;
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]!]!;
      x = parent[x]!;
    }
    return x;
  };
  const members = new Map<number, number[]>();
  const linksOf = new Map<number, DedupLink[]>();
  const vetoed = (x: number, y: number): boolean => {
    const [lo, hi] = x < y ? [x, y] : [y, x];
    const human = decided.get(lo * n + hi);
    if (human !== undefined) return !human;
    return hardVeto(features[x]!, features[y]!, options) !== undefined;
  };
  duplicates.sort((p, q) => q.verdict.score - p.verdict.score || p.i - q.i || p.j - q.j);
  const refused: Scored[] = [];
  for (const pair of duplicates) {
    const ri = find(pair.i);
    const rj = find(pair.j);
    if (ri === rj) continue;
    const mi = members.get(ri) ?? [ri];
    const mj = members.get(rj) ?? [rj];
    let ok = mi.length * mj.length <= 10000;
    for (let x = 0; ok && x < mi.length; x++) for (let y = 0; ok && y < mj.length; y++) if (vetoed(mi[x]!, mj[y]!)) ok = false;
    if (!ok) {
      refused.push({ i: pair.i, j: pair.j, verdict: { ...pair.verdict, decision: 'possible', reasons: [...pair.verdict.reasons, 'but another record of the group differs'] } });
      continue;
    }
    const [root, child] = mi.length >= mj.length ? [ri, rj] : [rj, ri];
    parent[child] = root;
    const joined = [...mi, ...mj];
    members.set(root, joined);
    members.delete(child);
    const links = [...(linksOf.get(root) ?? []), ...(linksOf.get(child) ?? []), { a: Math.min(pair.i, pair.j), b: Math.max(pair.i, pair.j), reasons: pair.verdict.reasons }];
    linksOf.set(root, links);
    linksOf.delete(child);
  }
  const groups: DedupGroup[] = [];
  for (const [root, list] of members) {
    const links = linksOf.get(root) ?? [];
    const reasons = [...new Set(links.flatMap((l) => l.reasons))];
    groups.push({ decision: 'duplicate', reasons, members: list.slice().sort((a, b) => a - b), links });
  }
  groups.sort((a, b) => a.members[0]! - b.members[0]!);
  const seenGroups = new Set<string>();
  const maybe = [...possibles, ...refused].sort((p, q) => q.verdict.score - p.verdict.score || p.i - q.i || p.j - q.j);
  const possibleGroups: DedupGroup[] = [];
  for (const pair of maybe) {
    const ri = find(pair.i);
    const rj = find(pair.j);
    if (ri === rj || vetoed(pair.i, pair.j)) continue;
    const key = ri < rj ? `${ri}|${rj}` : `${rj}|${ri}`;
    if (seenGroups.has(key)) continue;
    seenGroups.add(key);
    const [a, b] = pair.i < pair.j ? [pair.i, pair.j] : [pair.j, pair.i];
    possibleGroups.push({ decision: 'possible', reasons: pair.verdict.reasons, members: [a, b], links: [{ a, b, reasons: pair.verdict.reasons }] });
  }
  possibleGroups.sort((a, b) => a.members[0]! - b.members[0]! || a.members[1]! - b.members[1]!);
  return [...groups, ...possibleGroups];
}

/**
 * Finds the duplicate groups (and possible pairs) among `inputs`; `options` as {@link parseDedupOptions}
 * reads them. Runs synchronously; throws {@link DedupCancelledError} when `hooks.isCancelled` says so.
 */
export function findDuplicates(inputs: readonly DedupInput[], options: unknown = {}, hooks: DedupHooks = {}): DedupResult {
  const steps = run(inputs, parseDedupOptions(options), hooks);
  for (;;) {
    const step = steps.next();
    if (step.done === true) return step.value;
  }
}

/**
 * {@link findDuplicates}, giving the event loop a turn every few thousand records or pairs so that
 * an editor stays responsive, shows progress and can cancel.
 */
export async function findDuplicatesAsync(inputs: readonly DedupInput[], options: unknown = {}, hooks: DedupHooks = {}): Promise<DedupResult> {
  const steps = run(inputs, parseDedupOptions(options), hooks);
  for (;;) {
    const step = steps.next();
    if (step.done === true) return step.value;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/** The features of one record, for callers that compare two records themselves (Compare, quick fixes). */
export function comparePair(a: RisRecord, b: RisRecord, options: unknown = {}): PairVerdict {
  return decidePair(recordFeatures(a), recordFeatures(b), parseDedupOptions(options));
}
