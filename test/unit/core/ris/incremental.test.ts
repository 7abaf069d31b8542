/**
 * The differential test of the incremental re-parse: after each of thousands of seeded random edits
 * on the bundled corpus files, `updateDocument` must give exactly what `parseRis` gives for the
 * new text (every property of the public model).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { reparseAfterEdits, reparseWindow, updateDocument, updateDocumentDetailed } from '../../../../src/core/ris/incremental';
import { pieceTextOf, textLength, textSlice } from '../../../../src/core/ris/pieceText';
import { LineIndex } from '../../../../src/core/text/lineIndex';
import { IncrementalValidator } from '../../../../src/core/validation/incrementalValidation';
import { validateRis } from '../../../../src/core/validation/validate';
import { DuplicateIndex } from '../../../../src/core/validation/duplicateIndex';
import { DEFAULT_SEVERITIES, type Severity } from '../../../../src/core/validation/codes';
import { Library, prepareLibraryFile } from '../../../../src/core/library/referenceLibrary';
import { fixesForDiagnostic } from '../../../../src/core/fixes';
import type { RisDiagnostic } from '../../../../src/core/validation/validate';
import type { RisDocument } from '../../../../src/core/ris/model';
import { parseRis } from '../../../../src/core/ris/parser';
import { applyEdits, changedWindow, type TextEdit } from '../../../../src/core/text/edits';
import { corpusEntries } from '../../helpers/corpus';
import { bundledCorpusDir } from '../../helpers/repo';
import { documentData, randomEdit, seededRandom } from '../../helpers/risSnapshot';

/** Applies edits one after the other (each against the text the previous one left). */
function applySequential(text: string, edits: readonly TextEdit[]): string {
  let t = text;
  for (const e of edits) t = applyEdits(t, [e]);
  return t;
}

/** Every `n`th item of `items`. */
function everyNth<T>(items: readonly T[], n: number): T[] {
  return items.filter((_, i) => i % n === 0);
}

/** The quick fixes of a diagnostic as the light bulb asks for them (titles and edits); a fix that throws fails the test. */
function fixesOf(doc: RisDocument, d: RisDiagnostic): [string, string][] {
  const fixes = fixesForDiagnostic(doc, d, {
    fileWide: false,
    onError: (error) => {
      throw error;
    },
  });
  return fixes.map((f) => [f.title, JSON.stringify(f.edits)]);
}

function assertSame(actual: RisDocument, text: string, what: string): void {
  const expected = parseRis(text);
  const a = JSON.stringify(documentData(actual));
  const b = JSON.stringify(documentData(expected));
  if (a !== b) assert.deepStrictEqual(documentData(actual), documentData(expected), what);
}

describe('incremental re-parse', () => {
  it('gives what a full parse gives after thousands of random edits of the corpus files', function () {
    this.timeout(600_000);
    const rnd = seededRandom(14);
    const files = corpusEntries(bundledCorpusDir()).filter((e) => fs.existsSync(e.full));
    assert.ok(files.length > 10, 'the bundled corpus has files');
    let edits = 0;
    for (const file of files) {
      let text = fs.readFileSync(file.full, 'utf8');
      let doc = parseRis(text);
      const steps = text.length > 100_000 ? 20 : 50;
      for (let step = 0; step < steps; step++) {
        const batch: TextEdit[] = [randomEdit(text, rnd)];
        // Sometimes two edits in one change, the second against the text the first left.
        if (rnd() < 0.15) batch.push(randomEdit(applySequential(text, batch), rnd));
        const next = applySequential(text, batch);
        doc = updateDocument(doc, next, batch);
        edits += batch.length;
        assertSame(doc, next, `${file.file}, step ${step}: ${JSON.stringify(batch).slice(0, 300)}`);
        text = next;
      }
    }
    assert.ok(edits >= 3000, `${edits} edits`);
  });

  it('re-parses only the records around the edit', () => {
    const record = (i: number): string => `TY  - JOUR\nTI  - Title ${i}\nAU  - Doe, J.\nER  - \n\n`;
    const text = Array.from({ length: 1000 }, (_, i) => record(i)).join('');
    const doc = parseRis(text);
    const at = text.indexOf('Title 500') + 6;
    const edit = { start: at, end: at, newText: 'x' };
    const next = applyEdits(text, [edit]);
    const r = updateDocumentDetailed(doc, next, [edit]);
    assert.ok(r.stats.reparsed <= 2, `re-parsed ${r.stats.reparsed} records`);
    assert.equal(r.stats.kept + r.stats.reparsed + r.stats.moved, 1000);
    assertSame(r.doc, next, 'one character');
    assert.equal(r.doc.records[500]!.fields[1]!.value, 'Title x500');
  });

  it('covers a sequence of edits with one window', () => {
    assert.deepEqual(changedWindow([{ start: 10, end: 12, newText: 'abc' }, { start: 2, end: 3, newText: '' }]), { start: 2, oldEnd: 12, newEnd: 12 });
    assert.deepEqual(changedWindow([{ start: 5, end: 5, newText: 'x' }, { start: 20, end: 21, newText: 'yy' }]), { start: 5, oldEnd: 20, newEnd: 22 });
    assert.equal(changedWindow([]), undefined);
  });

  it('never makes the whole new text: validation, keys, duplicate keys, the library and the quick fixes read its pieces', async function () {
    this.timeout(600_000);
    const rnd = seededRandom(23);
    const files = corpusEntries(bundledCorpusDir()).filter((e) => fs.existsSync(e.full));
    const allOn = Object.fromEntries(Object.keys(DEFAULT_SEVERITIES).map((code) => [code, 'warning'])) as Record<string, Severity>;
    let edits = 0;
    let fixCount = 0;
    for (const file of files) {
      for (const severities of [undefined, allOn]) {
        let text = fs.readFileSync(file.full, 'utf8');
        let doc = parseRis(text);
        const uri = 'file:///edited.ris';
        const duplicates = new DuplicateIndex();
        const validator = new IncrementalValidator();
        const options = { uri, duplicates, severities };
        duplicates.set(uri, doc);
        validator.validate(doc, options);
        for (let step = 0; step < 12; step++) {
          const edit = randomEdit(text, rnd);
          text = applyEdits(text, [edit]);
          // What the extension does after a keystroke, in its order (see diagnosticsManager.ts).
          doc = updateDocument(doc, text, [edit]);
          duplicates.set(uri, doc);
          const diagnostics = validator.validate(doc, options);
          await prepareLibraryFile(uri, doc, () => Promise.resolve());
          const entries = new Library([{ uri, doc }]).entries;
          // The light bulb's fixes (not the file-wide ones, which a large file lists only when asked).
          const fixable = everyNth(diagnostics, 25);
          const fixes = fixable.map((d) => fixesOf(doc, d));
          for (const f of fixes) fixCount += f.length;
          const pieces = pieceTextOf(doc);
          assert.ok(pieces !== undefined && !pieces.isJoined, `${file.file}, step ${step}: the text was joined`);
          // Lines and columns (of files not open: related information, the References view) from the pieces' own line tables.
          const lineIndex = new LineIndex(text);
          for (const offset of [0, edit.start, Math.floor(rnd() * (text.length + 1)), text.length]) {
            assert.deepEqual(pieces.positionAt(offset), lineIndex.positionAt(offset), `${file.file}, step ${step}: position of ${offset}`);
          }
          edits++;
          if (step % 4 === 3) {
            // The same as a full parse and validation of the text (which join it, last).
            const fresh = parseRis(text);
            assert.deepStrictEqual(
              diagnostics.map((d) => [d.code, d.start, d.end, d.message]),
              validateRis(fresh, { uri, severities, duplicates }).map((d) => [d.code, d.start, d.end, d.message]),
              `${file.file}, step ${step}`,
            );
            assert.deepStrictEqual(entries.map((e) => [e.key, e.label]), new Library([{ uri: 'file:///fresh.ris', doc: fresh }]).entries.map((e) => [e.key, e.label]));
            assert.deepStrictEqual(fixes, fixable.map((d) => fixesOf(fresh, d)), `${file.file}, step ${step}: quick fixes`);
            assertSame(doc, text, `${file.file}, step ${step}`);
          }
        }
      }
    }
    assert.ok(edits > 1000, `${edits} edits`);
    assert.ok(fixCount > 1000, `${fixCount} quick fixes`);
  });

  it('re-parses from the changed window alone, as an editor gives it', () => {
    const record = (i: number): string => `TY  - JOUR\nTI  - Title ${i}\nAU  - Doe, J.\nER  - \n\n`;
    const text = Array.from({ length: 300 }, (_, i) => record(i)).join('');
    const at = text.indexOf('Title 150') + 6;
    const next = `${text.slice(0, at)}new ${text.slice(at)}`;
    const w = { start: at, oldEnd: at, newEnd: at + 4 };
    const r = reparseWindow(parseRis(text), w, 'new ');
    assert.ok(r !== undefined);
    assert.equal(textLength(r.doc), next.length);
    assert.equal(textSlice(r.doc, at - 6, at + 10), 'Title new 150\nAU');
    assertSame(r.doc, next, 'from the window');
    // A window whose text does not have its length, or that does not fit the old text: no re-parse.
    assert.equal(reparseWindow(parseRis(text), w, 'new'), undefined);
    assert.equal(reparseWindow(parseRis(text), { start: text.length + 1, oldEnd: text.length + 1, newEnd: text.length + 2 }, 'x'), undefined);
    assert.equal(reparseAfterEdits(parseRis(text), [{ start: 0, end: text.length + 5, newText: '' }]), undefined);
  });

  it('parses again from scratch when the previous document was not parsed by parseRis', () => {
    const text = 'TY  - JOUR\nER  - \n';
    const prev: RisDocument = { ...parseRis(text) };
    const next = `${text}TY  - BOOK\nER  - \n`;
    const r = updateDocumentDetailed(prev, next, [{ start: text.length, end: text.length, newText: 'TY  - BOOK\nER  - \n' }]);
    assert.equal(r.stats.full, true);
    assertSame(r.doc, next, 'full');
  });
});
