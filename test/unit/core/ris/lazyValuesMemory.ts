/**
 * Run by lazyValues.test.ts in a process of its own with `--expose-gc`: parses a generated export,
 * types 12 characters into it through the incremental re-parse without reading a single value, and
 * prints as JSON how much more heap that document holds than a full parse of the last text, per
 * character of the text (`{"extraPerChar": n}`). A record that read its values from the text it was
 * parsed from would keep earlier texts alive: each record typed into, its text. The first text stays
 * in any case: the few values read while parsing (those with continuation lines) are slices of it.
 */

import { generateRis } from '../../../../bench/lib/generate';
import { updateDocument } from '../../../../src/core/ris/incremental';
import { parseRis } from '../../../../src/core/ris/parser';
import { applyEdits } from '../../../../src/core/text/edits';

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with --expose-gc');

let text = generateRis({ records: 2000, variant: 'clean' });
let doc = parseRis(text);
for (let i = 0; i < 12; i++) {
  // A character typed into a title, each time in another record: the records after it move, those
  // before it stay, and the one typed into is parsed again from the new text.
  const at = text.indexOf('TI  - ', Math.floor((text.length * (i + 1)) / 14)) + 6;
  const edit = { start: at, end: at, newText: 'x' };
  const next = applyEdits(text, [edit]);
  doc = updateDocument(doc, next, [edit]);
  text = next;
}
gc();
const updated = process.memoryUsage().heapUsed;
doc = parseRis(text);
gc();
const parsed = process.memoryUsage().heapUsed;
process.stdout.write(JSON.stringify({ extraPerChar: (updated - parsed) / text.length, records: doc.records.length }));
