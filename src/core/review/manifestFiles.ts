/**
 * The files a review manifest names, as written (relative to the manifest's folder): what a host
 * reads before computing the counts, and watches so that the counts follow the files.
 */
import type { ReviewManifest } from './manifest';

/** Every path the manifest names (searches, library, screening, full text, included), each once, in the manifest's order. */
export function manifestFilePaths(manifest: ReviewManifest): string[] {
  const out = new Set<string>();
  for (const search of manifest.searches) for (const f of search.files) out.add(f);
  if (manifest.library !== undefined) out.add(manifest.library);
  for (const entry of [...manifest.screening, ...manifest.fulltext]) for (const f of entry.files) out.add(f);
  for (const f of manifest.included) out.add(f);
  return [...out];
}

/** The screening files of the manifest (title/abstract decisions), each once. */
export function screeningFilePaths(manifest: ReviewManifest): string[] {
  return [...new Set(manifest.screening.flatMap((e) => e.files))];
}
