/**
 * Which references of a bibliography citeproc drops for a later one with the same key, found from
 * each file's reference list (`pandocKeys.ts` reads the lists): per-file key indexes, the shadowed
 * references, and the shadowed copies of keyed records, each remembered so that a library rebuilt
 * after an edit reuses what did not change.
 */
import { finishSteps } from '../ris/readInTurns';
import type { KeyedRecord, PandocReference, ReferenceLocation } from './keyedReferences';

/**
 * Where each reference's first record is in its file's keyed records (which follow the references'
 * records in order); null when every reference is one record, so that the two indexes are equal.
 */
const keyedStarts = new WeakMap<readonly PandocReference[], Int32Array | null>();

export function keyedStartsOf(refs: readonly PandocReference[]): Int32Array | null {
  let starts = keyedStarts.get(refs);
  if (starts !== undefined) return starts;
  starts = refs.every((ref) => ref.records.length === 1) ? null : new Int32Array(refs.length);
  if (starts !== null) {
    let k = 0;
    for (let d = 0; d < refs.length; d++) {
      starts[d] = k;
      k += refs[d]!.records.length;
    }
  }
  keyedStarts.set(refs, starts);
  return starts;
}

/**
 * The last shadowed copy made of each keyed record: a library rebuilt while the same reference still
 * shadows it gets the same object (and so the same library entry) again.
 */
const shadowedCopies = new WeakMap<KeyedRecord, KeyedRecord>();

/** `keyed` as shadowed by `by`. */
export function shadowedRecord(keyed: KeyedRecord, by: ReferenceLocation): KeyedRecord {
  const last = shadowedCopies.get(keyed);
  if (last !== undefined && sameLocation(last.shadowedBy!, by)) return last;
  const { uri, recordIndex, baseKey, key, fromId, mergedInto } = keyed;
  const copy: KeyedRecord = { uri, recordIndex, baseKey, key, fromId, mergedInto, shadowedBy: by };
  shadowedCopies.set(keyed, copy);
  return copy;
}

function sameLocation(a: ReferenceLocation, b: ReferenceLocation): boolean {
  return a === b || (a.uri === b.uri && a.recordIndex === b.recordIndex && a.line === b.line);
}

/** What finding the shadowed references needs of one file's references, remembered with them. */
interface FileKeyIndex {
  /** The index of the last reference with each key. */
  readonly last: ReadonlyMap<string, number>;
  /** Every index of each key that more than one reference of the file has. */
  readonly repeated: ReadonlyMap<string, readonly number[]>;
}

const fileKeyIndexCache = new WeakMap<readonly PandocReference[], FileKeyIndex>();

/** Builds (and remembers) a file's {@link FileKeyIndex}, yielding every `perStep` references. */
export function* fileKeyIndexSteps(refs: readonly PandocReference[], perStep: number): Generator<void, FileKeyIndex> {
  const cached = fileKeyIndexCache.get(refs);
  if (cached !== undefined) return cached;
  const last = new Map<string, number>();
  const repeated = new Map<string, number[]>();
  for (let from = 0; from < refs.length; from += perStep) {
    for (let d = from; d < Math.min(refs.length, from + perStep); d++) {
      const key = refs[d]!.key;
      const prev = last.get(key);
      if (prev !== undefined) {
        const list = repeated.get(key);
        if (list === undefined) repeated.set(key, [prev, d]);
        else list.push(d);
      }
      last.set(key, d);
    }
    if (from + perStep < refs.length) yield;
  }
  const index = { last, repeated };
  fileKeyIndexCache.set(refs, index);
  return index;
}

/** The location of each reference that shadows another, one object per reference (see {@link shadowedRecord}). */
const locations = new WeakMap<PandocReference, ReferenceLocation>();

function locationOf(ref: PandocReference): ReferenceLocation {
  let at = locations.get(ref);
  if (at === undefined) {
    at = { uri: ref.uri, recordIndex: ref.recordIndex, line: ref.line };
    locations.set(ref, at);
  }
  return at;
}

/** Per file, reference index → the reference kept instead (see {@link shadowsOf}). */
export type Shadows = readonly (ReadonlyMap<number, ReferenceLocation> | undefined)[];

/** The last bibliography whose shadows were found, by the identity of its files' reference lists. */
let lastShadows: { readonly lists: readonly (readonly PandocReference[])[]; readonly shadows: Shadows } | undefined;

/**
 * The references citeproc drops for a later one with the same key (it keeps the last reference
 * with each key of the whole bibliography): per file, reference index → the reference kept, or
 * undefined when the file loses none. Only keys repeated within a file or found in two files are
 * looked at, with per-file indexes remembered with each file's references: a library rebuilt with
 * one 100k-record export among small files does not gather its 100k keys again.
 */
export function shadowsOf(lists: readonly (readonly PandocReference[])[]): Shadows {
  return finishSteps(shadowSteps(lists, Infinity));
}

/**
 * Finds (and remembers for the same lists) {@link shadowsOf}, yielding about every `perStep`
 * references or keys looked at.
 */
export function* shadowSteps(lists: readonly (readonly PandocReference[])[], perStep: number): Generator<void, Shadows> {
  const remembered = lastShadows;
  if (remembered !== undefined && remembered.lists.length === lists.length && remembered.lists.every((l, f) => l === lists[f])) return remembered.shadows;
  const indexes: FileKeyIndex[] = [];
  for (const refs of lists) indexes.push(yield* fileKeyIndexSteps(refs, perStep));
  let work = 0;
  const out: (Map<number, ReferenceLocation> | undefined)[] = lists.map(() => undefined);
  const shadow = (f: number, d: number, kept: PandocReference): void => {
    (out[f] ??= new Map()).set(d, locationOf(kept));
  };
  // Within a file: every reference of a repeated key but the last.
  for (let f = 0; f < indexes.length; f++) {
    for (const at of indexes[f]!.repeated.values()) {
      const kept = lists[f]![at[at.length - 1]!]!;
      for (let n = 0; n < at.length - 1; n++) shadow(f, at[n]!, kept);
      if (++work % perStep === 0) yield;
    }
  }
  // One file (or none): nothing across files (and little to remember).
  if (lists.length < 2) return out;
  // Across files: the keys of every file but the largest are gathered, then the largest is asked for them.
  let largest = 0;
  lists.forEach((refs, f) => {
    if (refs.length > lists[largest]!.length) largest = f;
  });
  const seen = new Set<string>();
  const shared = new Set<string>();
  for (let f = 0; f < indexes.length; f++) {
    if (f === largest) continue;
    for (const key of indexes[f]!.last.keys()) {
      if (seen.has(key)) shared.add(key);
      else seen.add(key);
      if (++work % perStep === 0) yield;
    }
  }
  const inLargest = indexes[largest]!.last;
  for (const key of seen) {
    if (inLargest.has(key)) shared.add(key);
    if (++work % perStep === 0) yield;
  }
  for (const key of shared) {
    let winner = lists.length - 1;
    while (!indexes[winner]!.last.has(key)) winner--;
    const kept = lists[winner]![indexes[winner]!.last.get(key)!]!;
    for (let f = 0; f < winner; f++) {
      const d = indexes[f]!.last.get(key);
      if (d === undefined) continue;
      for (const n of indexes[f]!.repeated.get(key) ?? [d]) shadow(f, n, kept);
    }
    if (++work % perStep === 0) yield;
  }
  lastShadows = { lists: [...lists], shadows: out };
  return out;
}
