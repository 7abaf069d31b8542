/**
 * How many duplicate records deduplication removed, for PRISMA's `duplicates` count: the one seam
 * between the review's counts and deduplication.
 *
 * When the deduplicated library was written by `dedupe` / "Deduplicate Library…" (core/dedup), each
 * merged record carries one provenance note per source record, so the count is read from the library
 * itself: the source records of every merged record beyond the one kept. The PRISMA identity
 * `library = identified − duplicates` then checks the library against the searches (a search export
 * changed after deduplication shows up as a mismatch). A library from elsewhere (Rayyan, EndNote…)
 * has no such notes; the count is then what the files say: the records of the database and register
 * searches minus the records of the library.
 */
import { parseProvenance, PROVENANCE_PREFIX } from '../dedup/merge';
import type { RisDocument } from '../ris/model';

/** What the seam is given: the parsed search exports (databases and registers) and the deduplicated library. */
export interface DuplicatesInput {
  readonly searches: readonly RisDocument[];
  readonly library: RisDocument;
}

/** Records merged away according to the library's provenance notes; undefined when it has none. */
export function duplicatesFromProvenance(library: RisDocument): number | undefined {
  let removed = 0;
  let noted = false;
  for (const record of library.records) {
    let sources = 0;
    for (const field of record.fields) {
      if (field.tag === 'N1' && field.value.startsWith(PROVENANCE_PREFIX) && parseProvenance(field.value)) sources++;
    }
    if (sources > 0) {
      noted = true;
      removed += sources - 1;
    }
  }
  return noted ? removed : undefined;
}

/** The number of records removed as duplicates between the searches and the library (never below 0). */
export function countDuplicatesRemoved(input: DuplicatesInput): number {
  const fromProvenance = duplicatesFromProvenance(input.library);
  if (fromProvenance !== undefined) return fromProvenance;
  const identified = input.searches.reduce((sum, doc) => sum + doc.records.length, 0);
  return Math.max(0, identified - input.library.records.length);
}
