/**
 * Field values are read from the text when asked for (`records.ts`): a parse makes no value string,
 * the records an edit did not touch keep reading theirs from the text they were parsed from, those
 * it touched from the region re-parsed, and a value read several edits later is the one a full parse
 * of the text then gives.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { updateDocument } from '../../../../src/core/ris/incremental';
import { hasValue } from '../../../../src/core/ris/model';
import { parseRis } from '../../../../src/core/ris/parser';
import { applyEdits, type TextEdit } from '../../../../src/core/text/edits';
import { corpusEntries } from '../../helpers/corpus';
import { bundledCorpusDir } from '../../helpers/repo';
import { documentData, randomEdit, seededRandom } from '../../helpers/risSnapshot';

describe('field values read when first asked for', () => {
  it('gives, for values first read after many edits, what a full parse of the last text gives', function () {
    this.timeout(300_000);
    const rnd = seededRandom(41);
    const files = corpusEntries(bundledCorpusDir()).filter((e) => fs.existsSync(e.full));
    assert.ok(files.length > 10, 'the bundled corpus has files');
    let compared = 0;
    for (const file of files) {
      let text = fs.readFileSync(file.full, 'utf8');
      let doc = parseRis(text);
      // No value is read between the edits: the records that stay or move carry unread values
      // across up to 25 texts.
      for (let step = 0; step < 25; step++) {
        const edit: TextEdit = randomEdit(text, rnd);
        const next = applyEdits(text, [edit]);
        doc = updateDocument(doc, next, [edit]);
        text = next;
      }
      assert.deepStrictEqual(documentData(doc), documentData(parseRis(text)), file.file);
      compared++;
    }
    assert.ok(compared > 10);
  });

  it('tells an empty value from its offsets, as the value itself does', () => {
    const text = 'TY  - JOUR\nAU  - \nTI  -\nN1  - \n  a continued note\nKW  - x\nER  - \n';
    const fields = parseRis(text).records[0]!.fields;
    assert.deepEqual(
      fields.map((f) => [f.tag, hasValue(f)]),
      [
        ['TY', true],
        ['AU', false],
        ['TI', false],
        ['N1', true],
        ['KW', true],
      ],
    );
    for (const f of fields) assert.equal(hasValue(f), f.value.length > 0, f.tag);
  });

  for (const read of [false, true]) {
    it(`keeps no text alive but the first and the regions re-parsed${read ? ', with values read between the edits' : ''}`, function () {
      this.timeout(120_000);
      // In a process of its own, with a garbage collector it can call (see lazyValuesMemory.ts).
      const args = ['--expose-gc', path.join(__dirname, 'lazyValuesMemory.js'), ...(read ? ['read'] : [])];
      const { extraPerChar, records, kept } = JSON.parse(execFileSync(process.execPath, args, { encoding: 'utf8' })) as { extraPerChar: number; records: number; kept: number };
      assert.equal(records, 2000);
      assert.ok(read ? kept > 12 * 20 : kept === 0, `${kept} values kept`);
      // One earlier text is 2 bytes per character (the text has characters beyond Latin-1): the
      // first one, which the records no edit touched read their values from, and no other.
      assert.ok(extraPerChar < 3, `the edited document holds ${extraPerChar.toFixed(2)} bytes per character more than a fresh parse`);
    });
  }
});
