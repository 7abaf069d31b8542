/**
 * The differential test of the incremental re-validation: after each of thousands of seeded random
 * edits of the corpus files (characters, lines, `ER` lines, whole records removed or copied, DOIs,
 * titles, years and IDs changed), `IncrementalValidator.validate` on the incremental re-parse must
 * give exactly what `validateRis` gives on a full parse of the new text: same diagnostics in the same
 * order, same messages, data and related locations. Default severities, every code on, and a
 * workspace duplicate index with another file. RIS_INCREMENTAL_EDITS=<n> multiplies the edits.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { updateDocument } from '../../../../src/core/ris/incremental';
import type { RisDocument } from '../../../../src/core/ris/model';
import { parseRis } from '../../../../src/core/ris/parser';
import { applyEdits, type TextEdit } from '../../../../src/core/text/edits';
import { DEFAULT_SEVERITIES, type DiagnosticCode, type Severity } from '../../../../src/core/validation/codes';
import type { ValidateOptions } from '../../../../src/core/validation/diagnostic';
import { DuplicateIndex } from '../../../../src/core/validation/duplicateIndex';
import { recordDuplicateKeys } from '../../../../src/core/validation/duplicateKeys';
import { IncrementalValidator } from '../../../../src/core/validation/incrementalValidation';
import { RULES } from '../../../../src/core/validation/rules';
import { validateRis } from '../../../../src/core/validation/validate';
import { corpusEntries, type CorpusEntry } from '../../helpers/corpus';
import { bundledCorpusDir, corpusDir } from '../../helpers/repo';
import { randomEdit, seededRandom } from '../../helpers/risSnapshot';

const ALL_ON = Object.fromEntries(Object.keys(DEFAULT_SEVERITIES).map((c) => [c, 'warning'])) as Record<DiagnosticCode, Severity>;
const SCALE = Math.max(1, Number(process.env.RIS_INCREMENTAL_EDITS ?? '1') || 1);

/** Applies edits one after the other (each against the text the previous one left). */
function applySequential(text: string, edits: readonly TextEdit[]): string {
  let t = text;
  for (const e of edits) t = applyEdits(t, [e]);
  return t;
}

/** The start of the line at `o` and the start of the next one. */
function lineAround(text: string, o: number): [number, number] {
  let s = o;
  while (s > 0 && text[s - 1] !== '\n' && text[s - 1] !== '\r') s--;
  let e = o;
  while (e < text.length && text[e] !== '\n' && text[e] !== '\r') e++;
  if (text[e] === '\r' && text[e + 1] === '\n') e += 2;
  else if (e < text.length) e++;
  return [s, e];
}

/** An edit that matters to the cross-record rules: a copied record, a changed DOI, title, year, author or ID. */
function validationEdit(text: string, rnd: () => number): TextEdit {
  const at = Math.floor(rnd() * (text.length + 1));
  const kind = Math.floor(rnd() * 6);
  if (kind === 0) {
    // Copy a whole record (a duplicate by DOI, title, ID and pandoc key) somewhere else.
    const ty = text.indexOf('TY  - ', at);
    const er = ty < 0 ? -1 : text.indexOf('ER  - ', ty);
    if (er < 0) return { start: at, end: at, newText: 'TY  - JOUR\nTI  - Copied\nAU  - Doe, J.\nPY  - 2020\nER  - \n' };
    const [, end] = lineAround(text, er);
    const to = lineAround(text, Math.floor(rnd() * (text.length + 1)))[0];
    return { start: to, end: to, newText: text.slice(ty, end) };
  }
  const tags = ['DO  - ', 'TI  - ', 'PY  - ', 'AU  - ', 'ID  - ', 'T1  - '];
  const tag = tags[kind % tags.length]!;
  const found = text.indexOf(tag, at);
  const values = ['10.1000/xyz', '10.1000/XYZ', 'https://doi.org/10.1000/xyz', 'Same title', '2020', '2021', 'Doe, J.', 'Smith', 'key1', 'key 2', '{odd', ''];
  const value = values[Math.floor(rnd() * values.length)]!;
  if (found < 0) {
    const [s] = lineAround(text, at);
    return { start: s, end: s, newText: `${tag}${value}\n` };
  }
  const [, end] = lineAround(text, found);
  let valueEnd = end;
  while (valueEnd > found && (text[valueEnd - 1] === '\n' || text[valueEnd - 1] === '\r')) valueEnd--;
  return { start: found + tag.length, end: valueEnd, newText: value };
}

function same(actual: unknown, expected: unknown, what: string): void {
  const a = JSON.stringify(actual);
  const b = JSON.stringify(expected);
  if (a !== b) assert.deepStrictEqual(actual, expected, what);
}

/**
 * Records per chunk of the validator's kept findings, one drawn per file: small ones put chunk
 * bounds next to nearly every edit of a corpus file, the default sees few.
 */
const CHUNK_SIZES = [1, 2, 3, 7, 16, undefined];

/** Edits `file` `steps` times and compares the incremental re-validation with a full one after each. */
function editAndCompare(file: CorpusEntry, steps: number, rnd: () => number, options: ValidateOptions): number {
  let text = fs.readFileSync(file.full, 'utf8');
  let doc: RisDocument = parseRis(text);
  const chunkRecords = CHUNK_SIZES[Math.floor(rnd() * CHUNK_SIZES.length)];
  const validator = new IncrementalValidator(chunkRecords);
  same(validator.validate(doc, options), validateRis(parseRis(text), options), `${file.file}: first validation`);
  let edits = 0;
  for (let step = 0; step < steps; step++) {
    const batch: TextEdit[] = [rnd() < 0.3 ? validationEdit(text, rnd) : randomEdit(text, rnd)];
    if (rnd() < 0.15) batch.push(randomEdit(applySequential(text, batch), rnd));
    const next = applySequential(text, batch);
    doc = updateDocument(doc, next, batch);
    edits += batch.length;
    same(validator.validate(doc, options), validateRis(parseRis(next), options), `${file.file} (chunks of ${chunkRecords ?? 'default'}), step ${step}: ${JSON.stringify(batch).slice(0, 300)}`);
    text = next;
  }
  return edits;
}

function corpusFiles(dir: string): CorpusEntry[] {
  return corpusEntries(dir).filter((e) => fs.existsSync(e.full));
}

describe('incremental re-validation', () => {
  it('knows how to keep every cross-record rule up to date', () => {
    for (const rule of RULES) {
      assert.ok(['record', 'document', 'cross-record'].includes(rule.scope), rule.name);
      if (rule.scope === 'cross-record') assert.ok(['duplicate-id', 'duplicate-record', 'keys'].includes(rule.name), `${rule.name} has no incremental index`);
    }
  });

  it('gives what a full validation gives after thousands of random edits (default severities)', function () {
    this.timeout(600_000);
    const rnd = seededRandom(1401);
    let edits = 0;
    for (const file of corpusFiles(bundledCorpusDir())) {
      const size = fs.statSync(file.full).size;
      edits += editAndCompare(file, (size > 100_000 ? 3 : 20) * SCALE, rnd, { uri: 'file:///a.ris' });
    }
    assert.ok(edits >= 1500, `${edits} edits`);
  });

  it('gives what a full validation gives with every code on and duplicates in another file', function () {
    this.timeout(600_000);
    const rnd = seededRandom(1402);
    const files = corpusFiles(bundledCorpusDir());
    let edits = 0;
    for (let f = 0; f < files.length; f++) {
      const file = files[f]!;
      // Another file of the workspace: the previous corpus file and this one as it was.
      const index = new DuplicateIndex();
      index.set('file:///other.ris', parseRis(fs.readFileSync(files[(f + files.length - 1) % files.length]!.full, 'utf8')));
      index.set('file:///same.ris', parseRis(fs.readFileSync(file.full, 'utf8')));
      const size = fs.statSync(file.full).size;
      edits += editAndCompare(file, (size > 100_000 ? 2 : 8) * SCALE, rnd, { uri: 'file:///a.ris', severities: ALL_ON, duplicates: index });
    }
    assert.ok(edits >= 600, `${edits} edits`);
  });

  it('validates in turns what a full validation gives, and goes on incrementally from there', async function () {
    this.timeout(600_000);
    const rnd = seededRandom(77);
    let pausesInAll = 0;
    for (const file of corpusFiles(bundledCorpusDir())) {
      let text = fs.readFileSync(file.full, 'utf8');
      const index = new DuplicateIndex();
      index.set('file:///other.ris', parseRis(text));
      const options = { uri: 'file:///a.ris', severities: ALL_ON, duplicates: index };
      const chunkRecords = CHUNK_SIZES[Math.floor(rnd() * CHUNK_SIZES.length)];
      const validator = new IncrementalValidator(chunkRecords);
      let doc = parseRis(text);
      let pauses = 0;
      const inTurns = await validator.validateInTurns(doc, options, () => {
        pauses++;
        return Promise.resolve();
      }, 3);
      same(inTurns, validateRis(parseRis(text), options), `${file.file}: in turns`);
      if (doc.records.length >= 6) assert.ok(pauses >= 2, `${file.file}: ${pauses} pauses`);
      pausesInAll += pauses;
      for (let step = 0; step < 3; step++) {
        const edit = rnd() < 0.5 ? validationEdit(text, rnd) : randomEdit(text, rnd);
        text = applyEdits(text, [edit]);
        doc = updateDocument(doc, text, [edit]);
        same(validator.validate(doc, options), validateRis(parseRis(text), options), `${file.file}, edit ${step} after the run in turns`);
        assert.equal(validator.lastStats.full, false);
      }
    }
    assert.ok(pausesInAll > 1000, `${pausesInAll} pauses`);
  });

  it('stops a validation in turns that another run took over, keeping that run\'s state', async () => {
    const record = (i: number): string => `TY  - JOUR\nTI  - Title ${i % 7}\nAU  - Doe, J.\nPY  - 2020\nDO  - 10.1000/${i % 5}\nER  - \n\n`;
    const text = Array.from({ length: 60 }, (_, i) => record(i)).join('');
    const options = { uri: 'file:///a.ris', severities: ALL_ON };
    for (const takeOver of ['validate', 'reset', 'validateInTurns'] as const) {
      for (const after of [1, 3, 8, 20]) {
        const validator = new IncrementalValidator(4);
        const doc = parseRis(text);
        let pauses = 0;
        let other: Promise<unknown> | undefined;
        const first = validator.validateInTurns(doc, options, async () => {
          if (++pauses === after) {
            if (takeOver === 'validate') validator.validate(doc, options);
            else if (takeOver === 'reset') validator.reset();
            else other = validator.validateInTurns(doc, options, () => Promise.resolve(), 5);
          }
          await Promise.resolve();
        }, 5);
        const result = await first;
        await other;
        if (pauses >= after) assert.equal(result, undefined, `${takeOver} after ${after} pauses: the first run stops`);
        // Whatever the validator holds now, what it gives next is a full validation's result.
        same(validator.validate(doc, options), validateRis(parseRis(text), options), `${takeOver} after ${after} pauses`);
        const edited = text.replace('Title 3', 'Title 4');
        const at = text.indexOf('Title 3');
        same(validator.validate(updateDocument(doc, edited, [{ start: at, end: at + 7, newText: 'Title 4' }]), options), validateRis(parseRis(edited), options), `${takeOver} after ${after} pauses, then an edit`);
      }
    }
  });

  it('follows a change of the other files through the lookup generation', () => {
    const record = (i: number, doi: string): string => `TY  - JOUR\nTI  - Title ${i}\nAU  - Doe, J.\nPY  - 2020\nDO  - ${doi}\nER  - \n\n`;
    const text = record(1, '10.1000/a') + record(2, '10.1000/b');
    const index = new DuplicateIndex();
    const options = { uri: 'file:///a.ris', duplicates: index };
    const validator = new IncrementalValidator();
    const doc = parseRis(text);
    same(validator.validate(doc, options), validateRis(doc, options), 'before');
    assert.equal(validator.validate(doc, options).filter((d) => d.code === 'ris.duplicate-record').length, 0);
    index.set('file:///b.ris', parseRis(record(9, '10.1000/b')));
    same(validator.validate(doc, options), validateRis(doc, options), 'after the other file changed');
    assert.equal(validator.validate(doc, options).filter((d) => d.code === 'ris.duplicate-record').length, 1);
  });

  it('moves the duplicate findings of records an edit did not touch with their twins', () => {
    // Twins by DOI, by title and by ID, far apart, and edits inside one line between, before and after them:
    // the duplicate findings are kept and moved, each related location with the record it points into.
    const rnd = seededRandom(1405);
    const record = (i: number): string => {
      const twin = i % 7 === 3 ? i - 5 : i % 40 === 0 ? 0 : i;
      const id = i % 11 === 4 ? `ID  - shared${i % 3}\n` : '';
      return `TY  - JOUR\n${id}TI  - Title number ${twin}\nAU  - Doe, J.\nPY  - 2020\nDO  - 10.1000/x${twin}\nER  - \n\n`;
    };
    let text = Array.from({ length: 300 }, (_, i) => record(i)).join('');
    const index = new DuplicateIndex();
    index.set('file:///other.ris', parseRis(record(6) + record(19)));
    const options: ValidateOptions = { uri: 'file:///a.ris', severities: ALL_ON, duplicates: index };
    let doc = parseRis(text);
    const validator = new IncrementalValidator();
    const first = validator.validate(doc, options);
    assert.ok(first.filter((d) => d.code === 'ris.duplicate-record').length > 40, 'duplicate records to move');
    assert.ok(first.filter((d) => d.code === 'ris.duplicate-id').length > 5, 'duplicate IDs to move');
    const chars = ['x', 'é', ' ', '-', '1'];
    for (let step = 0; step < 300; step++) {
      // A character typed or deleted on a tag line (never a line break), anywhere in the file.
      const line = text.indexOf('  - ', Math.floor(rnd() * text.length));
      const at = line < 0 ? text.indexOf('  - ') + 4 : line + 4;
      const edit: TextEdit = rnd() < 0.6 || text[at] === '\n' ? { start: at, end: at, newText: chars[step % chars.length]! } : { start: at, end: at + 1, newText: '' };
      const next = applyEdits(text, [edit]);
      doc = updateDocument(doc, next, [edit]);
      same(validator.validate(doc, options), validateRis(parseRis(next), options), `step ${step}: ${JSON.stringify(edit)}`);
      text = next;
    }
  });

  it('reads a reference again when its orphan tag lines change and keep their length', () => {
    // pandoc reads the tag lines before a TY line into the reference, so they make its key.
    const text = 'PY  - 1999\nAU  - Roe, A.\nTY  - JOUR\nTI  - A title\nER  - \n';
    const options: ValidateOptions = { uri: 'file:///a.ris', severities: ALL_ON };
    const validator = new IncrementalValidator();
    const doc = parseRis(text);
    const keyOf = (ds: readonly { code: string; data?: { key?: string } }[]): string | undefined => ds.find((d) => d.code === 'ris.unpinned-key')?.data?.key;
    assert.equal(keyOf(validator.validate(doc, options)), 'Roe_1999');
    const batch: TextEdit[] = [
      { start: 9, end: 10, newText: '' },
      { start: 6, end: 6, newText: '2' },
    ];
    const next = applySequential(text, batch);
    assert.equal(next.length, text.length);
    const result = validator.validate(updateDocument(doc, next, batch), options);
    assert.equal(keyOf(result), 'Roe_2199');
    same(result, validateRis(parseRis(next), options), 'after the edit');
  });

  it('re-checks only the records an edit touched', () => {
    const record = (i: number): string => `TY  - JOUR\nTI  - Title ${i}\nAU  - Doe J\nPY  - 2020\nER  - \n\n`;
    const text = Array.from({ length: 1000 }, (_, i) => record(i)).join('');
    const validator = new IncrementalValidator();
    const doc = parseRis(text);
    validator.validate(doc);
    assert.equal(validator.lastStats.full, true);
    const at = text.indexOf('Title 500') + 6;
    const next = `${text.slice(0, at)}x${text.slice(at)}`;
    const result = validator.validate(updateDocument(doc, next, [{ start: at, end: at, newText: 'x' }]));
    assert.equal(validator.lastStats.full, false);
    assert.ok(validator.lastStats.recordsChecked <= 2, `${validator.lastStats.recordsChecked} records checked`);
    same(result, validateRis(parseRis(next)), 'after the edit');
  });

  it('keeps the duplicate index of an edited file equal to one built afresh', () => {
    const rnd = seededRandom(1404);
    const files = corpusFiles(bundledCorpusDir()).filter((f) => fs.statSync(f.full).size < 100_000).slice(0, 12);
    const plain = (index: DuplicateIndex, keys: readonly string[]): string =>
      JSON.stringify(keys.map((k) => index.recordsWithKey(k).map((r) => [r.uri, r.recordIndex, r.line, r.start, r.end, r.key]).sort()));
    for (const file of files) {
      let text = fs.readFileSync(file.full, 'utf8');
      let doc = parseRis(text);
      const index = new DuplicateIndex();
      index.set('file:///other.ris', parseRis(text));
      index.set('file:///a.ris', doc);
      for (let step = 0; step < 20; step++) {
        const edit = rnd() < 0.5 ? validationEdit(text, rnd) : randomEdit(text, rnd);
        const next = applyEdits(text, [edit]);
        doc = updateDocument(doc, next, [edit]);
        index.set('file:///a.ris', doc);
        const fresh = new DuplicateIndex();
        fresh.set('file:///other.ris', parseRis(fs.readFileSync(file.full, 'utf8')));
        fresh.set('file:///a.ris', parseRis(next));
        const keys = [...new Set(doc.records.flatMap((r) => recordDuplicateKeys(r)))];
        assert.equal(plain(index, keys), plain(fresh, keys), `${file.file}, step ${step}`);
        for (let ri = 0; ri < doc.records.length; ri += 7) {
          assert.equal(JSON.stringify(index.duplicatesOf('file:///a.ris', ri).map((r) => [r.uri, r.recordIndex]).sort()), JSON.stringify(fresh.duplicatesOf('file:///a.ris', ri).map((r) => [r.uri, r.recordIndex]).sort()));
        }
        text = next;
      }
    }
  });

  if (corpusDir() !== bundledCorpusDir()) {
    it('gives what a full validation gives on the extended corpus', function () {
      this.timeout(1_200_000);
      const rnd = seededRandom(1403);
      const bundled = new Set(corpusFiles(bundledCorpusDir()).map((f) => f.file));
      let edits = 0;
      for (const file of corpusFiles(corpusDir())) {
        if (bundled.has(file.file)) continue;
        const size = fs.statSync(file.full).size;
        edits += editAndCompare(file, (size > 100_000 ? 3 : 10) * SCALE, rnd, { uri: 'file:///a.ris', severities: ALL_ON });
      }
      assert.ok(edits > 0);
    });
  }
});
