/**
 * The duplicate rules of the incremental re-validation (`incrementalValidation.ts`): the records of
 * the file grouped by duplicate key and by `ID` in file order, the other files' records with the
 * same keys, and each record's `ris.duplicate-id` and `ris.duplicate-record` findings, kept up to
 * date from the records an edit added and removed. A record's findings are made again when a group
 * of its keys or IDs gained or lost a member, when its pandoc key changed, or when records or lines
 * were renumbered (their messages hold line numbers); otherwise they only move, each related
 * location with the record it points into.
 */

import { finishSteps } from '../ris/readInTurns';
import type { RisDiagnostic, ValidateOptions } from './diagnostic';
import { recordDuplicateKeys } from './duplicateKeys';
import { anchoredWithRelated, recordAt } from './movingDiagnostics';
import { SortedGroups } from './recordGroups';
import { RULES } from './rules';
import { firstIdFieldIndex, otherFileHits, reportDuplicateId, reportDuplicateRecord, type DuplicateHit } from './rules/duplicates';
import type { RuleContext } from './rules/rule';
import { DEFAULT_VETO_OPTIONS, vetoBetween, vetoFeatures, type VetoOptions } from '../dedup/vetoFeatures';
import type { KeyedRecord } from '../keys/pandocKeys';
import type { RisRecord } from '../ris/model';

/** The ranks (places in `RULES`) of the two duplicate rules, which order findings at the same place. */
export const RANK_ID = RULES.findIndex((rule) => rule.name === 'duplicate-id');
export const RANK_DUP = RULES.findIndex((rule) => rule.name === 'duplicate-record');

/**
 * A record's duplicate findings, kept while the groups of its keys and IDs keep their members and no
 * record or line is added or removed: an edit elsewhere only moves them, and they follow by
 * themselves, each related location with the record it points into (`anchoredWithRelated`).
 */
export interface CrossFindings {
  readonly diags: readonly RisDiagnostic[];
  readonly ranks: readonly number[];
}

/** What the duplicate findings keep on a record's entry. */
export interface DuplicateHolder {
  readonly record: RisRecord;
  /** The pandoc key, as the key index keeps it (see `incrementalKeys.ts`). */
  readonly base: string | undefined;
  readonly key: string | undefined;
  readonly fromId: boolean;
  readonly keyChanged: boolean;
  /** Duplicate keys, and the other files' records with each (when the lookup has some). */
  dupKeys: readonly string[];
  cross: (DuplicateHit[] | undefined)[] | undefined;
  /** Index of the first non-empty `ID` field, or -1. */
  idField: number;
  /** The duplicate-ID and duplicate-record findings, with their ranks (undefined when none). */
  crossFound: CrossFindings | undefined;
}

/** The duplicate groups and findings of one file. */
export class DuplicateFindings {
  private readonly dupGroups = new SortedGroups<DuplicateHolder>((e) => e.record.start);
  private readonly idGroups = new SortedGroups<DuplicateHolder>((e) => e.record.start);
  private readonly crossEntries = new Set<DuplicateHolder>();
  /** The entries that have `crossFound`. */
  private readonly withCross = new Set<DuplicateHolder>();
  /** The duplicate keys and `ID` values whose groups this run's changed records joined or left. */
  private readonly dirtyDupKeys = new Set<string>();
  private readonly dirtyIds = new Set<string>();

  /** Forgets everything. */
  clear(): void {
    this.dupGroups.clear();
    this.idGroups.clear();
    this.crossEntries.clear();
    for (const e of this.withCross) e.crossFound = undefined;
    this.withCross.clear();
    this.dirtyDupKeys.clear();
    this.dirtyIds.clear();
  }

  /**
   * Brings the duplicate-key and `ID` groups, and the other files' duplicates, up to date: `removed`
   * left the file, `entries[from, to)` are new.
   */
  update(entries: readonly DuplicateHolder[], removed: readonly DuplicateHolder[], from: number, to: number, options: ValidateOptions, lookupChanged: boolean): void {
    finishSteps(this.updateSteps(entries, removed, from, to, options, lookupChanged, Infinity));
  }

  /** {@link update} in steps of about `perStep` entries. */
  *updateSteps(entries: readonly DuplicateHolder[], removed: readonly DuplicateHolder[], from: number, to: number, options: ValidateOptions, lookupChanged: boolean, perStep: number): Generator<void, void> {
    const uri = options.uri ?? '';
    for (const e of removed) {
      for (const key of e.dupKeys) {
        this.dupGroups.remove(key, e);
        this.dirtyDupKeys.add(key);
      }
      if (e.idField >= 0) {
        const value = e.record.fields[e.idField]!.value;
        this.idGroups.remove(value, e);
        this.dirtyIds.add(value);
      }
      this.crossEntries.delete(e);
    }
    for (let i = from; i < to; i++) {
      const e = entries[i]!;
      e.dupKeys = recordDuplicateKeys(e.record);
      for (const key of e.dupKeys) {
        this.dupGroups.add(key, e);
        this.dirtyDupKeys.add(key);
      }
      e.idField = firstIdFieldIndex(e.record);
      if (e.idField >= 0) {
        const value = e.record.fields[e.idField]!.value;
        this.idGroups.add(value, e);
        this.dirtyIds.add(value);
      }
      if (!lookupChanged) this.lookUpOthers(e, options, uri);
      if ((i - from) % perStep === perStep - 1) yield;
    }
    if (lookupChanged) {
      this.crossEntries.clear();
      for (let i = 0; i < entries.length; i++) {
        this.lookUpOthers(entries[i]!, options, uri);
        if (i % perStep === perStep - 1) yield;
      }
    }
  }

  /** Asks the lookup for other files' records with the entry's duplicate keys. */
  private lookUpOthers(e: DuplicateHolder, options: ValidateOptions, uri: string): void {
    e.cross = undefined;
    const lookup = options.duplicates;
    if (lookup === undefined || e.dupKeys.length === 0) return;
    const vetoes = options.vetoes ?? DEFAULT_VETO_OPTIONS;
    const cross = e.dupKeys.map((key) => otherFileHits(lookup, key, uri, undefined, e.record, vetoes));
    if (cross.some((c) => c !== undefined)) {
      e.cross = cross;
      this.crossEntries.add(e);
    }
  }

  /**
   * Brings `crossFound` up to date on the entries of the records that have a twin: for every record
   * when records or lines were renumbered (`added` undefined), else for the members of the groups
   * the changed records joined or left, the `added` entries and those whose pandoc key changed (the
   * others' findings follow their records by themselves).
   */
  refresh(ctx: RuleContext, enabled: readonly boolean[], withSink: (target: RisDiagnostic[], f: () => void) => void, removed: readonly DuplicateHolder[], added: readonly DuplicateHolder[] | undefined): void {
    const todo = new Set<DuplicateHolder>();
    if (added === undefined) {
      for (const e of this.withCross) e.crossFound = undefined;
      this.withCross.clear();
      for (const e of this.crossEntries) todo.add(e);
      for (const value of this.idGroups.shared) for (const e of this.idGroups.get(value)) todo.add(e);
      for (const key of this.dupGroups.shared) for (const e of this.dupGroups.get(key)) todo.add(e);
    } else {
      for (const e of removed) this.withCross.delete(e);
      for (const e of added) todo.add(e);
      for (const value of this.dirtyIds) for (const e of this.idGroups.get(value)) todo.add(e);
      for (const key of this.dirtyDupKeys) for (const e of this.dupGroups.get(key)) todo.add(e);
      for (const e of this.withCross) if (e.keyChanged) todo.add(e);
    }
    this.dirtyIds.clear();
    this.dirtyDupKeys.clear();
    for (const e of todo) this.findCross(e, ctx, enabled, withSink);
  }

  /** Computes the duplicate-ID and duplicate-record findings of entry `e`. */
  private findCross(e: DuplicateHolder, ctx: RuleContext, enabled: readonly boolean[], withSink: (target: RisDiagnostic[], f: () => void) => void): void {
    const diags: RisDiagnostic[] = [];
    const ranks: number[] = [];
    const r = e.record;
    if (enabled[RANK_ID] === true && e.idField >= 0) {
      const first = this.idGroups.get(r.fields[e.idField]!.value)[0];
      const prev = first === undefined || first === e ? undefined : first.record.fields[first.idField]!;
      if (prev !== undefined && prev.lineStart < r.start) {
        const own = this.ownKey(e, ctx.uri);
        withSink(diags, () => reportDuplicateId(ctx, r, r.index, e.idField, prev, own));
        while (ranks.length < diags.length) ranks.push(RANK_ID);
      }
    }
    if (enabled[RANK_DUP] === true && e.dupKeys.length > 0) {
      const hits = this.duplicateHits(e, ctx.uri, ctx.options.vetoes ?? DEFAULT_VETO_OPTIONS);
      if (hits !== undefined) {
        withSink(diags, () => reportDuplicateRecord(ctx, r.index, r, hits));
        while (ranks.length < diags.length) ranks.push(RANK_DUP);
      }
    }
    if (diags.length === 0) {
      e.crossFound = undefined;
      this.withCross.delete(e);
      return;
    }
    const records = ctx.doc.records;
    const anchored = diags.map((d) =>
      anchoredWithRelated(
        d,
        r,
        r.index,
        (d.related ?? []).map((rel) => {
          const l = rel.location;
          return 'start' in l && l.uri === ctx.uri ? recordAt(records, l.start) : undefined;
        }),
      ),
    );
    e.crossFound = { diags: anchored, ranks };
    this.withCross.add(e);
  }

  /**
   * What the duplicate-record rule finds for entry `e`, in its order: per key, the first earlier
   * record of the file that the deduplication engine does not keep apart from it, then other files'.
   */
  private duplicateHits(e: DuplicateHolder, uri: string, vetoes: VetoOptions): DuplicateHit[] | undefined {
    let found: DuplicateHit[] | undefined;
    e.dupKeys.forEach((key, k) => {
      const group = this.dupGroups.get(key);
      let first: DuplicateHolder | undefined;
      for (const g of group) {
        if (g === e) break;
        if (vetoBetween(vetoFeatures(e.record), vetoFeatures(g.record), vetoes) === undefined) {
          first = g;
          break;
        }
      }
      if (first !== undefined) {
        (found ??= []).push({ key, uri, recordIndex: first.record.index, line: first.record.startLine, within: true });
      }
      const others = e.cross?.[k];
      if (others !== undefined) (found ??= []).push(...others);
    });
    return found;
  }

  /** The entry's pandoc key as `assignPandocKeys` gives it (only what the duplicate-ID message reads). */
  private ownKey(e: DuplicateHolder, uri: string): KeyedRecord {
    const recordIndex = e.record.index;
    const merged = e.base === undefined;
    return {
      uri,
      recordIndex,
      baseKey: e.base ?? '',
      key: e.key ?? '',
      fromId: e.fromId,
      mergedInto: merged ? recordIndex - 1 : undefined,
      shadowedBy: undefined,
    };
  }
}
