/**
 * Run by lazyValues.test.ts in a process of its own with `--expose-gc`: parses a generated export,
 * types 12 characters into it through the incremental re-parse, each time into another record, and
 * prints as JSON how much more heap that document holds than a full parse of the last text, per
 * character of the text (`{"extraPerChar": n}`). With `read` as its argument, it also reads every
 * value of the record typed into (as validation does) and one value of a record far from it (as a
 * hover does) after each edit, and keeps them (as a cache would). The first text stays: the records
 * no edit touched read their values from it (and the values kept are views of it). The texts the
 * edits made must not: a document that held one, or a record or value read from one, would keep
 * 2 bytes per character more each.
 */

import { generateRis } from '../../../../bench/lib/generate';
import { updateDocument } from '../../../../src/core/ris/incremental';
import { parseRis } from '../../../../src/core/ris/parser';
import { applyEdits } from '../../../../src/core/text/edits';

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with --expose-gc');

const read = process.argv[2] === 'read';
const kept: string[] = [];
let text = generateRis({ records: 2000, variant: 'clean' });
let doc = parseRis(text);
for (let i = 0; i < 12; i++) {
  // A character typed into a title, each time in another record: the records after it move, those
  // before it stay, and the one typed into is parsed again from the new text.
  const at = text.indexOf('TI  - ', Math.floor((text.length * (i + 1)) / 14)) + 6;
  const edit = { start: at, end: at, newText: 'x' };
  // A flat string, as VS Code's getText() gives (it joins the document's lines).
  const next = applyEdits(text, [edit]).split('\n').join('\n');
  doc = updateDocument(doc, next, [edit]);
  text = next;
  if (read) {
    const typedInto = doc.records.findIndex((r) => r.end >= at);
    for (const f of doc.records[typedInto]!.fields) kept.push(f.value);
    const far = doc.records[(typedInto + 1000 + i) % doc.records.length]!;
    kept.push(far.fields.find((f) => f.tag === 'AB')?.value ?? '');
  }
}
gc();
const updated = process.memoryUsage().heapUsed;
// The values kept are dropped before the fresh parse is measured (with any text they keep alive).
const keptCount = kept.length;
kept.length = 0;
doc = parseRis(text);
gc();
const parsed = process.memoryUsage().heapUsed;
process.stdout.write(JSON.stringify({ extraPerChar: (updated - parsed) / text.length, records: doc.records.length, kept: keptCount }));
