/**
 * The measurements of the light benchmark (scaling.test.ts), run in a process of their own: in the
 * middle of the unit tests the heap holds what 1,500 tests left behind, and the garbage collector's
 * share of a parse (which keeps its objects, unlike the hand parser's simpler ones) then depends on
 * the tests that ran before (3.4× the hand parser once instead of the usual 1.2×). Prints the fastest
 * time of each operation per size, as JSON (`{"parse@1000": ms, …, "records@10000": n}`).
 */

import { parseRis } from '../../../src/core/ris/parser';
import { validateRis } from '../../../src/core/validation/validate';
import { DuplicateIndex } from '../../../src/core/validation/duplicateIndex';
import { DEFAULT_SEVERITIES } from '../../../src/core/validation/codes';
import { Library } from '../../../src/core/library/referenceLibrary';
import type { RisDocument } from '../../../src/core/ris/model';
import { generateRis } from '../../../bench/lib/generate';
import { handParse } from '../../../bench/lib/handParser';
import { measureInterleaved } from '../../../bench/lib/measure';

const QUERIES = ['s', 'sc', 'sch', 'schm', 'schmidt cancer', 'wa', 'deep learning', '2019', 'müller', ''];

interface Sized {
  readonly text: string;
  readonly doc: RisDocument;
}

function validate(doc: RisDocument, uri: string): number {
  const index = new DuplicateIndex();
  index.set(uri, doc);
  return validateRis(doc, { severities: DEFAULT_SEVERITIES, duplicates: index, uri }).length;
}

function buildLibrary(doc: RisDocument, uri: string): Library {
  const library = new Library([{ uri, doc }]);
  library.search('a', 1); // the search index is built on first use
  return library;
}

function search(library: Library): number {
  let n = 0;
  for (const q of QUERIES) n += library.search(q, 200).length;
  return n;
}

/** The fastest time (ms) per operation and size, and the records parsed at each size. */
export function measureScaling(): Record<string, number> {
  const sizes = new Map<number, Sized>();
  const t = new Map<string, number>();
  for (const n of [1000, 10_000]) {
    const text = generateRis({ records: n });
    sizes.set(n, { text, doc: parseRis(text) });
  }
  // A 1k sample runs 10 times and keeps the 10 results alive, so that it builds up as much memory
  // as one 10k run: otherwise a 1k parse lives and dies in V8's young generation while a 10k parse
  // pays for promoting its objects, and t(10k)/t(1k) measures the garbage collector (15–35×)
  // rather than the algorithm. The times below are per run.
  const batch = (n: number): { repeat: number; retain: boolean } => ({ repeat: n === 1000 ? 10 : 1, retain: true });
  // Parsing: ours and the hand parser side by side, the fastest of 5 after a warm-up round.
  for (const n of [1000, 10_000]) {
    const { text } = sizes.get(n)!;
    const samples = measureInterleaved(
      [
        { id: 'parse', run: () => parseRis(text), ...batch(n) },
        { id: 'hand', run: () => handParse(text), ...batch(n) },
      ],
      5,
      1,
    );
    for (const [id, list] of samples) t.set(`${id}@${n}`, Math.min(...list));
  }
  // Validation (as `ris-references check` runs it), the library with its search index, and searches.
  for (const n of [1000, 10_000]) {
    const { doc } = sizes.get(n)!;
    const uri = `file:///scaling-${n}.ris`;
    const library = buildLibrary(doc, uri);
    const samples = measureInterleaved(
      [
        { id: 'validate', run: () => validate(doc, uri), ...batch(n) },
        { id: 'library', run: () => buildLibrary(doc, uri), ...batch(n) },
        { id: 'search', run: () => search(library) },
      ],
      3,
      1,
    );
    for (const [id, list] of samples) t.set(`${id}@${n}`, Math.min(...list));
  }
  t.set('records@10000', sizes.get(10_000)!.doc.records.length);
  return Object.fromEntries(t);
}

if (require.main === module) process.stdout.write(JSON.stringify(measureScaling()));
