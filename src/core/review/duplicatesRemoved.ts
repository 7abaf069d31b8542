/**
 * How many duplicate records deduplication removed, for PRISMA's `duplicates` count: the one seam
 * between the review's counts and deduplication. Until the deduplication engine (`core/dedup/`) is
 * connected here, the count is what the files say: the records of the database and register searches
 * minus the records of the deduplicated library. Connected, it should be "members of a duplicate group
 * minus one per group", read from the library's provenance lines, and the PRISMA identity
 * `library = identified − duplicates` then checks the two against each other.
 */
import type { RisDocument } from '../ris/model';

/** What the seam is given: the parsed search exports (databases and registers) and the deduplicated library. */
export interface DuplicatesInput {
  readonly searches: readonly RisDocument[];
  readonly library: RisDocument;
}

/**
 * The number of records removed as duplicates between the searches and the library (never below 0).
 * SEAM: replace the body with the deduplication engine's count once `core/dedup/` exists.
 */
export function countDuplicatesRemoved(input: DuplicatesInput): number {
  const identified = input.searches.reduce((sum, doc) => sum + doc.records.length, 0);
  return Math.max(0, identified - input.library.records.length);
}
