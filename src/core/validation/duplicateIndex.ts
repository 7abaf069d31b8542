/**
 * Finding the same reference twice: within one file and across the files of a workspace.
 *
 * A record has up to two keys (`duplicateKeys.ts`): its normalised DOI, and its normalised title,
 * year and first author's family name.
 *
 * {@link DuplicateIndex} keeps the keys of every file it is given, per file, and answers "which
 * other records share this key" from one Map. Replacing a file only removes and re-adds that file's
 * keys: the other files are never re-hashed.
 */

import type { RecordFeatures } from '../dedup/features';
import { vetoFeatures } from '../dedup/vetoFeatures';
import type { RisDocument, RisRecord } from '../ris/model';
import { recordLineEnd, recordTextAt } from '../ris/pieceText';
import { finishSteps } from '../ris/readInTurns';
import { madeByParser } from '../ris/parsedDocument';
import { isParsedRecord, type ParsedRecord } from '../ris/records';
import { recordDuplicateKeys } from './duplicateKeys';
import { ShardedMap } from './shardedMap';

/** Where a record with a given key lives. */
export interface DuplicateRef {
  readonly uri: string;
  readonly recordIndex: number;
  /** 0-based line of the record's first line. */
  readonly line: number;
  /** Offsets of the record's first line. */
  readonly start: number;
  readonly end: number;
  /** The key that matched (`doi:…` or `tya:…`). */
  readonly key: string;
  /** The record's veto features, for a record known only by its keys (a slice of a file checked in slices). */
  readonly veto?: RecordFeatures;
}

/** Anything that can answer "which records have this key" (a {@link DuplicateIndex}, or a test double). */
export interface DuplicateLookup {
  /**
   * Every indexed record with this key, in any file, or in files other than `excludeUri` when it
   * is given. Should return a shared empty array when there is none (validation calls this once
   * per key of every record).
   */
  recordsWithKey(key: string, excludeUri?: string): readonly DuplicateRef[];
  /**
   * The deduplication engine's veto features of the record a ref points to, so that validation can
   * drop a key match the engine keeps apart; undefined when the lookup cannot tell.
   */
  vetoFeaturesOf?(ref: DuplicateRef): RecordFeatures | undefined;
  /**
   * A number that changes whenever the answers for files other than `excludeUri` may have changed.
   * Optional: without it, the incremental re-validation asks again for every record at every run.
   */
  generation?(excludeUri: string): number;
  /**
   * True when the lookup holds exactly `doc` for `uri` (every record of it, with its keys): the
   * records of the file with a key are then those {@link refsWithKey} gives.
   */
  holds?(uri: string, doc: RisDocument): boolean;
  /**
   * Every indexed record with this key, as the lookup keeps them: one ref, or several (those of one
   * file in their order in it), or undefined for none. Shared: not to be changed or kept.
   */
  refsWithKey?(key: string): DuplicateRef | readonly DuplicateRef[] | undefined;
}

const NO_REFS: readonly DuplicateRef[] = Object.freeze([]);

/**
 * A ref that reads the record's place when asked: the incremental re-parse moves the records an edit
 * did not touch in place, and their refs follow without being made again. The constructor is never
 * called: {@link liveRef} writes each ref as a literal with this class's prototype.
 */
class LiveRef implements DuplicateRef {
  declare readonly uri: string;
  private declare readonly record: ParsedRecord;
  declare readonly key: string;
  /** End of the record's first line, minus its start. */
  private declare readonly relEnd: number;

  private constructor() {}
  get recordIndex(): number {
    return this.record.index;
  }
  get line(): number {
    return this.record.startLine;
  }
  get start(): number {
    return this.record.start;
  }
  get end(): number {
    return this.record.start + this.relEnd;
  }
  /** The plain ref, as it is now. */
  toJSON(): DuplicateRef {
    return { uri: this.uri, recordIndex: this.recordIndex, line: this.line, start: this.start, end: this.end, key: this.key };
  }
}

const LIVE_REF_PROTO: object = LiveRef.prototype;

/**
 * A {@link LiveRef} written as a literal with its prototype, as the parser writes its fields (see
 * `ParsedField` in `records.ts`): V8 allocates literals that survive straight in the old generation,
 * and nearly every ref of a file lives as long as the index does.
 */
function liveRef(uri: string, record: ParsedRecord, key: string, relEnd: number): DuplicateRef {
  const data: { __proto__: object; uri: string; record: ParsedRecord; key: string; relEnd: number } = { __proto__: LIVE_REF_PROTO, uri, record, key, relEnd };
  return data as unknown as DuplicateRef;
}

/** The {@link DuplicateRef}s of one record (none when it has no key). */
function recordRefs(uri: string, doc: RisDocument, r: RisRecord): DuplicateRef[] | undefined {
  const keys = recordDuplicateKeys(r);
  if (keys.length === 0) return undefined;
  const end = recordLineEnd(recordTextAt(doc, r), r);
  if (isParsedRecord(r)) {
    const relEnd = end - r.start;
    return keys.length === 1 ? [liveRef(uri, r, keys[0]!, relEnd)] : [liveRef(uri, r, keys[0]!, relEnd), liveRef(uri, r, keys[1]!, relEnd)];
  }
  return keys.map((key) => ({ uri, recordIndex: r.index, line: r.startLine, start: r.start, end, key }));
}

/** The {@link DuplicateRef}s of every record of a document, one per (record, key). */
export function documentDuplicateRefs(uri: string, doc: RisDocument): DuplicateRef[] {
  const refs: DuplicateRef[] = [];
  for (const r of doc.records) {
    const own = recordRefs(uri, doc, r);
    if (own !== undefined) for (const ref of own) refs.push(ref);
  }
  return refs;
}

/**
 * An incremental index of duplicate keys across files. `set(uri, doc)` replaces one file's records
 * (only that file's keys are removed and re-added), `remove(uri)` forgets a file, and
 * `recordsWithKey(key)` returns every indexed record with that key.
 *
 * Memory and time are linear in the number of records: a key held by one record (the usual case)
 * maps straight to its ref, and only shared keys get an array.
 */
export class DuplicateIndex implements DuplicateLookup {
  /** key → the record with it, or the records when several have it. */
  private readonly byKey = new ShardedMap<DuplicateRef | DuplicateRef[]>();
  /** uri → that file's refs per record, aligned with the records of its document (to remove them without re-hashing anything else). */
  private readonly byFile = new Map<string, (DuplicateRef[] | undefined)[]>();
  /** uri → the document last indexed for it, so that setting the same parse again is free. */
  private readonly docs = new Map<string, RisDocument>();
  /** Changes to the index in all, and per file (see {@link generation}). */
  private changes = 0;
  private readonly changesOf = new Map<string, number>();
  /** Files holding a key that another file's records gained or lost (see {@link takeTouched}). */
  private readonly touched = new Set<string>();
  /** Files being indexed by {@link setInTurns}: the token of the run under way. */
  private readonly inTurns = new Map<string, object>();

  /** Counts a change of `uri`'s records. */
  private changed(uri: string): void {
    this.changes++;
    this.changesOf.set(uri, (this.changesOf.get(uri) ?? 0) + 1);
  }

  /** How many times files other than `excludeUri` were set or removed: equal numbers, same answers for them. */
  generation(excludeUri: string): number {
    return this.changes - (this.changesOf.get(excludeUri) ?? 0);
  }

  /** Number of files in the index. */
  get fileCount(): number {
    return this.byFile.size;
  }

  /** True when the file is in the index. */
  has(uri: string): boolean {
    return this.byFile.has(uri);
  }

  /**
   * Adds a file, or replaces what the index knew about it. Setting the same document object again
   * does nothing; for a document of the incremental re-parse of the last one, only the records it
   * does not share with the last one are removed and added.
   */
  set(uri: string, doc: RisDocument): void {
    // A file being indexed in turns holds only some of its refs: replace them all.
    if (this.inTurns.delete(uri)) this.docs.delete(uri);
    const prev = this.docs.get(uri);
    if (prev === doc) return;
    const perRecord = this.byFile.get(uri);
    const old = prev?.records ?? [];
    const records = doc.records;
    const m = Math.min(old.length, records.length);
    let p = 0;
    while (p < m && old[p] === records[p]) p++;
    let s = 0;
    while (s < m - p && old[old.length - 1 - s] === records[records.length - 1 - s]) s++;
    // Refs of records that did not come from the parser hold a fixed place: those are made again. Only
    // the records of a parser's documents follow their refs when an edit moves them.
    if (prev === undefined || perRecord === undefined || !madeByParser(prev) || !madeByParser(doc)) {
      this.changed(uri);
      finishSteps(this.replaceSteps(uri, doc, Infinity));
      return;
    }
    this.changed(uri);
    const removed = perRecord.slice(p, old.length - s);
    const added: (DuplicateRef[] | undefined)[] = [];
    for (let i = p; i < records.length - s; i++) added.push(recordRefs(uri, doc, records[i]!));
    for (const own of removed) if (own !== undefined) for (const ref of own) this.removeRef(ref);
    for (const own of added) if (own !== undefined) for (const ref of own) this.addRef(ref);
    this.noteKeys(uri, removed, added);
    const next = added.length < 10_000 && removed.length < 10_000 ? perRecord : [...perRecord.slice(0, p), ...added, ...perRecord.slice(old.length - s)];
    if (next === perRecord) perRecord.splice(p, removed.length, ...added);
    this.byFile.set(uri, next);
    this.docs.set(uri, doc);
  }

  /**
   * {@link set} for a large file, `perTurn` records at a time with a `pause` between turns, so that a
   * thread shared with other work is never blocked by a file of 100,000 records. The file's old refs
   * go first, then its new ones come: between turns, lookups see some of them (and
   * {@link generation} counts each turn, so that nothing computed from a partial index is kept).
   * Resolves to false when a {@link set}, {@link remove}, {@link clear} or another `setInTurns` of
   * the file took over meanwhile.
   */
  async setInTurns(uri: string, doc: RisDocument, pause: () => Promise<void>, perTurn = 1000): Promise<boolean> {
    if (this.docs.get(uri) === doc && !this.inTurns.has(uri)) return true;
    const token = {};
    this.inTurns.set(uri, token);
    for (const step of this.replaceSteps(uri, doc, perTurn)) {
      void step;
      this.changed(uri);
      await pause();
      if (this.inTurns.get(uri) !== token) return false;
    }
    this.inTurns.delete(uri);
    this.changed(uri);
    return true;
  }

  /**
   * Replaces every ref of `uri` by those of `doc`, `perStep` records (or keys) at a time: the old
   * refs go, the new ones come, then the other files holding a key whose count in `uri` changed are
   * noted. {@link set} takes the steps at once (`perStep` Infinity), {@link setInTurns} pauses
   * between them.
   */
  private *replaceSteps(uri: string, doc: RisDocument, perStep: number): Generator<void, void> {
    const old = this.byFile.get(uri) ?? [];
    // A file new to the index: every key of it is new to it, so the other files holding one are
    // noted as its refs come, without counting 200,000 keys of a 100k-record file. In turns too: a
    // file set between two turns finds the refs added so far (and notes this file), and the refs
    // added after it note it. The counts, kept until the last turn, were a map of 200,000 entries
    // that the young-generation collections of the run copied.
    const net = old.length === 0 ? undefined : new Map<string, number>();
    for (let i = 0; i < old.length; i += perStep) {
      this.dropRecordRefs(uri, old, i, i + perStep, net);
      yield;
    }
    const refs: (DuplicateRef[] | undefined)[] = [];
    this.byFile.set(uri, refs);
    this.docs.set(uri, doc);
    for (let i = 0; i < doc.records.length; i += perStep) {
      this.addRecordRefs(uri, doc, refs, i, i + perStep, net);
      yield;
    }
    if (net === undefined) return;
    const keys: string[] = [];
    for (const [key, n] of net) if (n !== 0) keys.push(key);
    for (let i = 0; i < keys.length; i += perStep) {
      for (let k = i; k < Math.min(keys.length, i + perStep); k++) this.noteKey(uri, keys[k]!);
      yield;
    }
  }

  /** Removes the refs of records `[from, to)` of `old` (a file's refs per record), counting their keys down in `net`. */
  private dropRecordRefs(uri: string, old: readonly (DuplicateRef[] | undefined)[], from: number, to: number, net: Map<string, number> | undefined): void {
    for (let i = from; i < Math.min(to, old.length); i++) {
      const own = old[i];
      if (own === undefined) continue;
      if (net !== undefined) for (const ref of own) net.set(ref.key, (net.get(ref.key) ?? 0) - 1);
      this.dropRefsOf(uri, own);
    }
  }

  /**
   * Adds the refs of records `[from, to)` of `doc` to the index and to `refs`, counting their keys up
   * in `net`; without `net`, notes at once the other files that hold each key.
   */
  private addRecordRefs(uri: string, doc: RisDocument, refs: (DuplicateRef[] | undefined)[], from: number, to: number, net: Map<string, number> | undefined): void {
    const records = doc.records;
    for (let i = from; i < Math.min(to, records.length); i++) {
      const own = recordRefs(uri, doc, records[i]!);
      refs.push(own);
      if (own === undefined) continue;
      for (const ref of own) {
        if (net === undefined) {
          const before = this.addRef(ref);
          if (before !== undefined) this.noteOthers(uri, before);
        } else {
          net.set(ref.key, (net.get(ref.key) ?? 0) + 1);
          this.addRef(ref);
        }
      }
    }
  }

  /**
   * Adds one ref: after the other files' refs, among this file's in position order. Returns what the
   * key held before (the same list, now with `ref`, when it held several), or undefined.
   */
  private addRef(ref: DuplicateRef): DuplicateRef | DuplicateRef[] | undefined {
    const cur = this.byKey.get(ref.key);
    if (cur === undefined) {
      this.byKey.set(ref.key, ref);
      return undefined;
    }
    const list = Array.isArray(cur) ? cur : [cur];
    let at = list.length;
    for (let i = 0; i < list.length; i++) {
      const other = list[i]!;
      if (other.uri === ref.uri && other.start > ref.start) {
        at = i;
        break;
      }
    }
    list.splice(at, 0, ref);
    if (!Array.isArray(cur)) this.byKey.set(ref.key, list);
    return cur;
  }

  /** Removes one ref (by identity). */
  private removeRef(ref: DuplicateRef): void {
    const cur = this.byKey.get(ref.key);
    if (cur === undefined) return;
    if (!Array.isArray(cur)) {
      if (cur === ref) this.byKey.delete(ref.key);
      return;
    }
    const i = cur.indexOf(ref);
    if (i < 0) return;
    cur.splice(i, 1);
    if (cur.length === 1) this.byKey.set(ref.key, cur[0]!);
    else if (cur.length === 0) this.byKey.delete(ref.key);
  }

  /**
   * Notes the other files that hold a key whose count in `uri` changed (records with it added or
   * removed, not merely re-read): their duplicates across files may have changed.
   */
  private noteKeys(uri: string, removed: readonly (DuplicateRef[] | undefined)[], added: readonly (DuplicateRef[] | undefined)[]): void {
    const net = new Map<string, number>();
    for (const own of removed) if (own !== undefined) for (const ref of own) net.set(ref.key, (net.get(ref.key) ?? 0) - 1);
    for (const own of added) if (own !== undefined) for (const ref of own) net.set(ref.key, (net.get(ref.key) ?? 0) + 1);
    for (const [key, n] of net) if (n !== 0) this.noteKey(uri, key);
  }

  /** Notes the files other than `uri` that hold `key`. */
  private noteKey(uri: string, key: string): void {
    const cur = this.byKey.get(key);
    if (cur !== undefined) this.noteOthers(uri, cur);
  }

  /** Notes the files other than `uri` among the refs of one key. */
  private noteOthers(uri: string, cur: DuplicateRef | DuplicateRef[]): void {
    if (!Array.isArray(cur)) {
      if (cur.uri !== uri) this.touched.add(cur.uri);
      return;
    }
    for (const ref of cur) if (ref.uri !== uri) this.touched.add(ref.uri);
  }

  /**
   * The files that hold a duplicate key which another file's records gained or lost since the last
   * call, each once, and forgets them: a file whose problems were found elsewhere (the check worker)
   * is checked again when its duplicates across files may have changed, not after every edit.
   */
  takeTouched(): string[] {
    const out = [...this.touched];
    this.touched.clear();
    return out;
  }

  /** Forgets a file; does nothing when it is not indexed. */
  remove(uri: string): void {
    this.inTurns.delete(uri);
    const perRecord = this.byFile.get(uri);
    if (perRecord === undefined) return;
    this.removeFile(uri);
    this.noteKeys(uri, perRecord, []);
  }

  private removeFile(uri: string): void {
    const perRecord = this.byFile.get(uri);
    if (perRecord === undefined) return;
    this.changed(uri);
    this.byFile.delete(uri);
    this.docs.delete(uri);
    for (const own of perRecord) this.dropRefsOf(uri, own);
  }

  /** Removes every ref of `uri` under the keys of `own` (one record's refs). */
  private dropRefsOf(uri: string, own: DuplicateRef[] | undefined): void {
    if (own === undefined) return;
    const byKey = this.byKey;
    for (const ref of own) {
      const cur = byKey.get(ref.key);
      if (cur === undefined) continue;
      if (!Array.isArray(cur)) {
        if (cur.uri === uri) byKey.delete(ref.key);
        continue;
      }
      const kept = cur.filter((r) => r.uri !== uri);
      if (kept.length === 0) byKey.delete(ref.key);
      else if (kept.length === 1) byKey.set(ref.key, kept[0]!);
      else if (kept.length !== cur.length) byKey.set(ref.key, kept);
    }
  }

  /** Number of records indexed for `uri` (0 when the file is not indexed). */
  recordCount(uri: string): number {
    return this.byFile.get(uri)?.length ?? 0;
  }

  /**
   * The records of other files that share a key with a record of `uri`, each once, with its veto
   * features (`ref.veto`), in the order {@link recordsWithKey} lists them: what a check of `uri`
   * elsewhere (a worker) needs to find its duplicates across files. With `from`/`to`, only for the
   * records `[from, to)` of `uri`, appending to `out` and skipping what `seen` holds (to ask in turns).
   */
  othersSharingKeys(uri: string, from = 0, to = Infinity, out: DuplicateRef[] = [], seen = new Set<DuplicateRef>()): DuplicateRef[] {
    const own = this.byFile.get(uri);
    if (own === undefined) return out;
    for (let i = Math.max(0, from); i < Math.min(to, own.length); i++) {
      const refs = own[i];
      if (refs === undefined) continue;
      for (const ref of refs) {
        for (const other of this.recordsWithKey(ref.key, uri)) {
          if (seen.has(other)) continue;
          seen.add(other);
          out.push(this.plainRef(other));
        }
      }
    }
    return out;
  }

  /** How many records the files other than `uri` hold. */
  recordCountExcept(uri: string): number {
    let n = 0;
    for (const [file, perRecord] of this.byFile) if (file !== uri) n += perRecord.length;
    return n;
  }

  /**
   * Every ref of the files other than `uri`, file by file in the order they were indexed, as
   * {@link othersSharingKeys} gives them: what a check of `uri` elsewhere needs when `uri` itself is
   * not indexed yet (a superset of what it shares with them). Pulled a few at a time by the caller.
   */
  *refsOfOtherFiles(uri: string): Generator<DuplicateRef, void, undefined> {
    for (const [file, perRecord] of this.byFile) {
      if (file === uri) continue;
      for (const refs of perRecord) if (refs !== undefined) for (const ref of refs) yield this.plainRef(ref);
    }
  }

  /** A plain copy of a ref with its veto features: refs of parsed records read their places through getters. */
  private plainRef(ref: DuplicateRef): DuplicateRef {
    const veto = this.vetoFeaturesOf(ref);
    const { uri, recordIndex, line, start, end, key } = ref;
    return veto === undefined ? { uri, recordIndex, line, start, end, key } : { uri, recordIndex, line, start, end, key, veto };
  }

  /** Forgets every file. */
  clear(): void {
    this.inTurns.clear();
    this.changes++;
    this.changesOf.clear();
    this.byKey.clear();
    this.byFile.clear();
    this.docs.clear();
  }

  /** The veto features of the record a ref points to, from the document last indexed for its file. */
  vetoFeaturesOf(ref: DuplicateRef): RecordFeatures | undefined {
    if (ref.veto !== undefined) return ref.veto;
    const record = this.docs.get(ref.uri)?.records[ref.recordIndex];
    return record === undefined ? undefined : vetoFeatures(record);
  }

  /** True when the index holds `doc` for `uri`, whole (not a file being indexed in turns). */
  holds(uri: string, doc: RisDocument): boolean {
    return this.docs.get(uri) === doc && !this.inTurns.has(uri);
  }

  /** The refs with `key` as kept: one, or an array (a file's in their order in it); not to be changed. */
  refsWithKey(key: string): DuplicateRef | readonly DuplicateRef[] | undefined {
    return this.byKey.get(key);
  }

  /** Every indexed record with this key, in any file, or in files other than `excludeUri`. */
  recordsWithKey(key: string, excludeUri?: string): readonly DuplicateRef[] {
    const cur = this.byKey.get(key);
    if (cur === undefined) return NO_REFS;
    if (!Array.isArray(cur)) return cur.uri === excludeUri ? NO_REFS : [cur];
    return excludeUri === undefined ? cur.slice() : cur.filter((r) => r.uri !== excludeUri);
  }

  /**
   * The other records (in this file or another) that share a key with record `recordIndex` of
   * `uri`, each once, as the index last saw them.
   */
  duplicatesOf(uri: string, recordIndex: number): DuplicateRef[] {
    const own = this.byFile.get(uri)?.[recordIndex];
    if (own === undefined) return [];
    const out: DuplicateRef[] = [];
    const seen = new Set<string>();
    for (const mine of own) {
      for (const other of this.recordsWithKey(mine.key)) {
        if (other.uri === uri && other.recordIndex === recordIndex) continue;
        const id = `${other.recordIndex}\u0000${other.uri}`;
        if (seen.has(id)) continue;
        seen.add(id);
        out.push(other);
      }
    }
    return out;
  }
}
