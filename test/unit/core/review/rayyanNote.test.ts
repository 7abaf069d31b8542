/**
 * Writing a decision as a Rayyan note: one minimal edit, every other byte kept (CRLF, BOM, the
 * original note), read back by `decisionOf`; on the Rayyan corpus file and on hand-made records.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { decodeRisBytes } from '../../../../src/core/ris/decode';
import { parseRis } from '../../../../src/core/ris/parser';
import { decisionOf } from '../../../../src/core/review/decisions';
import { rayyanDecisionEdit } from '../../../../src/core/review/rayyanNote';
import { applyEdits } from '../../../../src/core/text/edits';
import { corpusDir } from '../../helpers/repo';

/** Applies the edit for record `index` and checks that only the edited range changed. */
function write(text: string, index: number, input: Parameters<typeof rayyanDecisionEdit>[2]): string {
  const doc = parseRis(text);
  const edit = rayyanDecisionEdit(doc, doc.records[index]!, input);
  assert.ok(edit, 'an edit');
  const out = applyEdits(text, [edit]);
  assert.equal(out.slice(0, edit.start), text.slice(0, edit.start), 'bytes before the edit kept');
  assert.equal(out.slice(edit.start + edit.newText.length), text.slice(edit.end), 'bytes after the edit kept');
  return out;
}

describe('review: writing a decision as a Rayyan note', () => {
  it('adds an N1 line before ER, in the file\'s line endings, when the record has no Rayyan note', () => {
    const text = '\ufeffTY  - JOUR\r\nTI  - A\r\nN1  - my own note\r\nER  - \r\n\r\nTY  - JOUR\r\nTI  - B\r\nER  - \r\n';
    const out = write(text, 1, { reviewer: 'Ann', vote: 'excluded', reasons: ['wrong population'] });
    assert.equal(out, '\ufeffTY  - JOUR\r\nTI  - A\r\nN1  - my own note\r\nER  - \r\n\r\nTY  - JOUR\r\nTI  - B\r\nN1  - RAYYAN-INCLUSION: {"Ann"=>"Excluded"} | RAYYAN-EXCLUSION-REASONS: wrong population\r\nER  - \r\n');
    const d = decisionOf(parseRis(out).records[1]!)!;
    assert.equal(d.verdict, 'excluded');
    assert.deepEqual(d.reasons, ['wrong population']);
    assert.equal(decisionOf(parseRis(out).records[0]!), undefined, 'the other record untouched');
  });

  it('adds a second reviewer\'s vote to the map (a conflict) and replaces a reviewer\'s earlier vote', () => {
    const text = 'TY  - JOUR\nN1  - Original | RAYYAN-INCLUSION: {"Emily"=>"Included"} | RAYYAN-LABELS: x\nER  -\n';
    const two = write(text, 0, { reviewer: 'Bob', vote: 'excluded', reasons: ['wrong outcome'] });
    assert.equal(two, 'TY  - JOUR\nN1  - Original | RAYYAN-INCLUSION: {"Emily"=>"Included", "Bob"=>"Excluded"} | RAYYAN-EXCLUSION-REASONS: wrong outcome | RAYYAN-LABELS: x\nER  -\n');
    assert.equal(decisionOf(parseRis(two).records[0]!)?.verdict, 'conflict');
    const agreed = write(two, 0, { reviewer: 'Emily', vote: 'excluded', reasons: ['wrong population'] });
    const d = decisionOf(parseRis(agreed).records[0]!)!;
    assert.equal(d.verdict, 'excluded');
    assert.deepEqual(d.reasons, ['wrong outcome', 'wrong population']);
    assert.deepEqual(d.labels, ['x']);
    const doc = parseRis(agreed);
    assert.equal(rayyanDecisionEdit(doc, doc.records[0]!, { reviewer: 'Emily', vote: 'excluded', reasons: ['wrong population'] }), undefined, 'nothing to change');
  });

  it('changes only the vote inside a record of the Rayyan corpus file', () => {
    const text = decodeRisBytes(fs.readFileSync(path.join(corpusDir(), 'citation-file-formatting/_baseline_rayyan.ris'))).text;
    const doc = parseRis(text);
    const edit = rayyanDecisionEdit(doc, doc.records[2]!, { reviewer: 'Emily', vote: 'included' })!;
    assert.equal(edit.newText, 'Included');
    assert.equal(text.slice(edit.start, edit.end), 'Maybe');
    const out = applyEdits(text, [edit]);
    assert.deepEqual(parseRis(out).records.map((r) => decisionOf(r)?.verdict ?? 'none'), ['included', 'included', 'included', 'maybe', 'excluded', 'excluded', 'none', 'none', 'none', 'none']);
    const undecided = rayyanDecisionEdit(doc, doc.records[7]!, { reviewer: 'Emily', vote: 'maybe' })!;
    assert.equal(undecided.start, undecided.end, 'an insertion');
    assert.equal(undecided.newText, 'N1  - RAYYAN-INCLUSION: {"Emily"=>"Maybe"}\n');
  });

  it('appends after the last line of a record without ER, and refuses an empty reviewer name', () => {
    const text = 'TY  - JOUR\nTI  - A';
    assert.equal(write(text, 0, { reviewer: 'Ann', vote: 'maybe' }), 'TY  - JOUR\nTI  - A\nN1  - RAYYAN-INCLUSION: {"Ann"=>"Maybe"}');
    const doc = parseRis(text);
    assert.throws(() => rayyanDecisionEdit(doc, doc.records[0]!, { reviewer: ' ', vote: 'maybe' }), /reviewer/);
  });
});
