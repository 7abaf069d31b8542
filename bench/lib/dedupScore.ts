/**
 * Scoring a deduplication against a labelled set with bib-dedupe's rule (`compare_dedupe_id`, see
 * test/dedup-corpus/PROVENANCE.md): from each group found the first record in file order is kept and
 * the others removed; then per true group and per unique record, false positives (a unique study
 * lost), true positives, false negatives and true negatives are counted. Shared by the unit tests
 * and `npm run bench`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findDuplicates, type DedupResult } from '../../src/core/dedup/engine';
import { parseRis } from '../../src/core/ris/parser';

/** The counts of bib-dedupe's scoring. */
export interface DedupScore {
  readonly fp: number;
  readonly tp: number;
  readonly fn: number;
  readonly tn: number;
  /** TP / (TP + FN). */
  readonly sensitivity: number;
}

/** One labelled set: the records' `ID`s in file order, and the true groups (lists of IDs). */
export interface LabelledSet {
  readonly name: string;
  readonly ris: string;
  readonly trueGroups: readonly (readonly string[])[];
}

/** bib-dedupe's published figures on the bundled sets (FP, sensitivity). */
export const BIB_DEDUPE: Readonly<Record<string, { fp: number; sensitivity: number }>> = {
  stroke: { fp: 0, sensitivity: 0.9936 },
  haematology: { fp: 0, sensitivity: 0.8889 },
  cytology_screening: { fp: 0, sensitivity: 0.9922 },
  special_cases: { fp: 0, sensitivity: 1 },
};

/** Reads a set folder (`records.ris` and `duplicate-groups.csv`). */
export function readLabelledSet(dir: string): LabelledSet {
  const ris = fs.readFileSync(path.join(dir, 'records.ris'), 'utf8');
  const csv = fs.readFileSync(path.join(dir, 'duplicate-groups.csv'), 'utf8').split(/\r?\n/).slice(1);
  const trueGroups = csv
    .map((line) => line.trim().replace(/^"|"$/g, ''))
    .filter((line) => line.length > 0)
    .map((line) => line.split(';'));
  return { name: path.basename(dir), ris, trueGroups };
}

/** Scores the groups found (lists of IDs, each in file order) against the true groups, over `allIds`. */
export function scoreGroups(allIds: readonly string[], found: readonly (readonly string[])[], trueGroups: readonly (readonly string[])[]): DedupScore {
  const order = new Map(allIds.map((id, i) => [id, i]));
  const removed = new Set<string>();
  for (const g of found) {
    const sorted = [...g].sort((a, b) => order.get(a)! - order.get(b)!);
    for (const id of sorted.slice(1)) removed.add(id);
  }
  const inTrue = new Set<string>();
  let fp = 0;
  let tp = 0;
  let fn = 0;
  let tn = 0;
  for (const g of trueGroups) {
    for (const id of g) inTrue.add(id);
    const kept = g.filter((id) => !removed.has(id)).length;
    if (kept === 0) {
      fp++;
      tp += g.length - 1;
    } else {
      tn++;
      fn += kept - 1;
      tp += g.length - kept;
    }
  }
  for (const id of allIds) {
    if (inTrue.has(id)) continue;
    if (removed.has(id)) fp++;
    else tn++;
  }
  return { fp, tp, fn, tn, sensitivity: tp + fn === 0 ? 1 : tp / (tp + fn) };
}

/** The `ID` of each record of a RIS text, in file order (`''` for a record without one). */
export function recordIds(ris: string): string[] {
  return parseRis(ris).records.map((r) => r.fields.find((f) => f.tag === 'ID')?.value ?? '');
}

/** Runs the engine over a labelled set and scores its duplicate groups; also returns the result and the time it took. */
export function scoreSet(set: LabelledSet, options: unknown = {}): { score: DedupScore; result: DedupResult; ids: string[]; ms: number } {
  const started = performance.now();
  const doc = parseRis(set.ris);
  const ids = doc.records.map((r) => r.fields.find((f) => f.tag === 'ID')?.value ?? '');
  const result = findDuplicates(
    doc.records.map((record, i) => ({ ref: ids[i]!, record })),
    options,
  );
  const ms = performance.now() - started;
  const found = result.groups.filter((g) => g.decision === 'duplicate').map((g) => g.members.map((m) => ids[m]!));
  return { score: scoreGroups(ids, found, set.trueGroups), result, ids, ms };
}
