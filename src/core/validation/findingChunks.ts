/**
 * The findings of an incrementally validated file kept by runs of consecutive records ("chunks"),
 * for `incrementalValidation.ts`: at each re-validation, a chunk that nothing touched gives the
 * findings it assembled before, as they are (they follow their records by themselves, see
 * `movingDiagnostics.ts`), instead of a visit to each of its records. At 100k records, visiting every
 * record's entry to assemble the file's findings was the largest part of a re-validation after a
 * keystroke. This module says which chunks an edit touched; the validator assembles them.
 */
import type { RisDiagnostic } from './diagnostic';
import type { RisRecord } from '../ris/model';

/** Records per {@link Chunk}. */
export const CHUNK_RECORDS = 128;

/** The findings of a run of records, in `validateRis`'s order, with their rule ranks. */
export class Chunk {
  readonly items: RisDiagnostic[] = [];
  readonly ranks: number[] = [];
  /** False when a record of the chunk must be visited again (its entry, or {@link markChunks}, says so). */
  clean = false;
  /** A finding holds a line number, or a record's signature is not empty (it may read another record's line). */
  private lineBound = false;
  /** Every finding follows its record by itself: records that move leave the findings as they are. */
  private moves = true;
  /**
   * Where the first and the last record started (offset and line), and the line of the record after
   * the chunk (-1 for none), when the findings were assembled: an edit moves every record after it
   * alike, so comparing these tells whether the chunk's records moved since.
   */
  private firstAt = 0;
  private firstLine = 0;
  private lastAt = 0;
  private lastLine = 0;
  private nextLine = -1;

  /** Notes that `items` now hold the findings of `records[lo, hi)`, and what they depend on. */
  assembled(records: readonly RisRecord[], lo: number, hi: number, lineBound: boolean, moves: boolean): void {
    this.clean = true;
    this.lineBound = lineBound;
    this.moves = moves;
    this.firstAt = records[lo]!.start;
    this.firstLine = records[lo]!.startLine;
    this.lastAt = records[hi - 1]!.start;
    this.lastLine = records[hi - 1]!.startLine;
    this.nextLine = records[hi]?.startLine ?? -1;
  }

  /** True when the findings still hold for `records[lo, hi)` as far as moves go (see {@link markChunks}). */
  holdsAt(records: readonly RisRecord[], lo: number, hi: number): boolean {
    const a = records[lo]!;
    const z = records[hi - 1]!;
    const moved = a.start !== this.firstAt || z.start !== this.lastAt;
    const linesMoved = a.startLine !== this.firstLine || z.startLine !== this.lastLine || (records[hi]?.startLine ?? -1) !== this.nextLine;
    return !(moved && !this.moves) && !(linesMoved && this.lineBound);
  }
}

/** What changed since the last run. */
export interface ChunkChanges {
  /** Nothing of the last run's chunks holds (a first run, another lookup, another house style). */
  readonly all: boolean;
  /** The new records (new objects) are `[from, to)`. */
  readonly from: number;
  readonly to: number;
  /** How many more (or fewer) records there are. */
  readonly records: number;
}

/**
 * The chunks of the last run (of `size` records each) with those an edit can have changed marked:
 * those holding a new record or the one before (whose signature may read the next record's line);
 * every chunk from there on when the number of records changed (the records' numbers and the
 * chunks' bounds move; these are dropped); and of the others, those whose records moved when a
 * finding does not follow its record by itself, or moved by lines (or the record after them did)
 * when a finding holds a line number or a record has a signature.
 */
export function markChunks(chunks: Chunk[], records: readonly RisRecord[], changes: ChunkChanges, size: number): Chunk[] {
  if (changes.all) return [];
  const n = records.length;
  const first = Math.floor(Math.max(0, changes.from - 1) / size);
  if (changes.records !== 0) {
    chunks.length = Math.min(chunks.length, first);
    return chunks;
  }
  if (changes.to > changes.from) {
    const last = Math.floor((Math.min(n, changes.to) - 1) / size);
    for (let c = first; c <= last && c < chunks.length; c++) chunks[c]!.clean = false;
  }
  for (let c = 0, lo = 0; c < chunks.length && lo < n; c++, lo += size) {
    const chunk = chunks[c]!;
    if (chunk.clean && !chunk.holdsAt(records, lo, Math.min(n, lo + size))) chunk.clean = false;
  }
  return chunks;
}
