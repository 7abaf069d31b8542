/**
 * A whole deduplicated library from the engine's result: one merged record per duplicate group (at
 * the place of the group's first member) and every other record as it was, in input order. Every
 * record written carries one provenance note per source record, a record in no group its own one,
 * so the library tells where each of its records came from and how many were merged away. The
 * command line's `dedupe` and the editor's "Deduplicate Library…" both write this text.
 */
import type { RisRecord } from '../ris/model';
import type { DedupResult } from './engine';
import { mergeGroup, writeRisRecords, type MergedField } from './merge';

/** One input record and the name of its file, as the provenance note should show it. */
export interface LibraryRecord {
  readonly record: RisRecord;
  readonly file: string;
}

/** The deduplicated library: its RIS text and the counts a PRISMA flow diagram needs. */
export interface MergedLibrary {
  readonly text: string;
  /** Records given. */
  readonly recordsIn: number;
  /** Records removed as duplicates (merged into another). */
  readonly duplicatesRemoved: number;
  /** Records written. */
  readonly recordsOut: number;
}

/**
 * Merges every `duplicate` group of `result` (computed over `records`, same order); `possible`
 * groups are left as separate records: only a person's decision merges them.
 */
export function mergeLibrary(records: readonly LibraryRecord[], result: DedupResult): MergedLibrary {
  const groupOf = new Map<number, readonly number[]>();
  for (const g of result.groups) if (g.decision === 'duplicate') for (const m of g.members) groupOf.set(m, g.members);
  const written: MergedField[][] = [];
  for (let i = 0; i < records.length; i++) {
    const members = groupOf.get(i);
    if (members === undefined) written.push(mergeGroup([records[i]!]));
    else if (members[0] === i) written.push(mergeGroup(members.map((m) => ({ record: records[m]!.record, file: records[m]!.file }))));
  }
  return { text: writeRisRecords(written), recordsIn: records.length, duplicatesRemoved: records.length - written.length, recordsOut: written.length };
}
