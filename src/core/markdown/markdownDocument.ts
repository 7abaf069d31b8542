/**
 * Questions about a whole Markdown document that one scan answers: the bibliography pandoc would use,
 * and the citation at an offset.
 */
import type { Citation } from './citation';
import { runScanner } from './citationScanner';
import { bibliographyOfBlocks, type BibliographyEntry } from './frontMatter';

/**
 * The bibliography pandoc would use for this document: the `bibliography` of the last metadata block
 * that sets one (front matter or later block); undefined when none sets it or its form is not
 * understood. See `parseFrontMatter` for the front matter alone.
 */
export function documentBibliography(markdown: string): readonly BibliographyEntry[] | undefined {
  return bibliographyOfBlocks(runScanner(markdown, {}).metadata);
}

/**
 * The citation whose `@key` (from the `@` to the end of the key or its closing brace) contains
 * `offset`, the end included so that a cursor just after the key still finds it; undefined when there
 * is none. Scans only up to the end of the paragraph that holds the offset.
 */
export function citationAt(markdown: string, offset: number): Citation | undefined {
  const citations = runScanner(markdown, { until: offset }).citations;
  let lo = 0;
  let hi = citations.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const c = citations[mid];
    if (offset < c.start) hi = mid - 1;
    else if (offset > c.end) lo = mid + 1;
    else {
      // `@a@b`: with the cursor between them, prefer the citation that starts there.
      const following = citations[mid + 1];
      return following && following.start === offset ? following : c;
    }
  }
  return undefined;
}
