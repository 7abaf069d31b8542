/**
 * The order of the key completion list after `@`. While the writer has typed nothing or a short
 * prefix, the list cannot yet be a search: it opens with what they most likely cite next. That is a
 * key already cited in this document (most cited first), then a key they inserted recently (most
 * recent first), then the library newest first. From three characters on the typed text is a query
 * and the search's ranking (exact key, key prefix, first author…) takes over. The list is bounded:
 * the editor asks again as the writer types.
 */
import type { Library, LibraryEntry } from './referenceLibrary';

/** A prefix shorter than this keeps the cited and recent keys at the top. */
export const SHORT_PREFIX = 3;

/** What the writer did before: the keys the document cites, and the keys they inserted lately. */
export interface CompletionHistory {
  /** Keys cited in the document, in document order, once per citation (repeats count). */
  readonly cited: readonly string[];
  /** Keys inserted lately, most recent first. */
  readonly recent: readonly string[];
}

/** Why an entry is where it is in the list. */
export type CompletionReason = 'cited' | 'recent' | 'search';

/** One item of the completion list. */
export interface RankedCompletion {
  readonly entry: LibraryEntry;
  readonly reason: CompletionReason;
}

/** The keys cited in a document, most cited first (ties: first cited first). */
export function citedByCount(cited: readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const key of cited) counts.set(key, (counts.get(key) ?? 0) + 1);
  // Map keeps first-insertion order, and the sort is stable.
  return [...counts.keys()].sort((a, b) => counts.get(b)! - counts.get(a)!);
}

/**
 * The first `limit` completion items for `prefix` (what follows the `@`): with a short prefix, the
 * cited and recent keys that match it first, then the search's results.
 */
export function rankCompletions(library: Library, prefix: string, history: CompletionHistory, limit: number): RankedCompletion[] {
  const out: RankedCompletion[] = [];
  const listed = new Set<LibraryEntry>();
  const push = (entry: LibraryEntry, reason: CompletionReason): void => {
    if (out.length >= limit || listed.has(entry)) return;
    listed.add(entry);
    out.push({ entry, reason });
  };
  if (prefix.trim().length < SHORT_PREFIX) {
    for (const key of citedByCount(history.cited)) {
      const entry = library.byKey(key);
      if (entry && library.matches(entry, prefix)) push(entry, 'cited');
    }
    for (const key of history.recent) {
      const entry = library.byKey(key);
      if (entry && library.matches(entry, prefix)) push(entry, 'recent');
    }
  }
  if (out.length < limit) {
    // The records keys cite: the key of an entry a later record hides would cite that record.
    for (const entry of library.search(prefix, limit, { citable: true })) push(entry, 'search');
  }
  return out;
}
