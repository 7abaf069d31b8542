import * as assert from 'node:assert/strict';
import { applyEdits } from '../../../../src/core/text/edits';
import { formatRis, type FormatOptions } from '../../../../src/core/ris/risFormatter';
import type { RisDocument } from '../../../../src/core/ris/model';
import { parseRis } from '../../../../src/core/ris/parser';

const lf = (...lines: string[]): string => lines.join('\n');
const crlf = (...lines: string[]): string => lines.join('\r\n');

function format(text: string, options?: FormatOptions): string {
  const edits = formatRis(parseRis(text), options);
  for (let i = 1; i < edits.length; i++) assert.ok(edits[i - 1]!.end <= edits[i]!.start, 'sorted, non-overlapping edits');
  return applyEdits(text, edits);
}

/** Records as (type, [tag, value]…, has ER), for comparing before and after. */
function shape(doc: RisDocument): unknown {
  return doc.records.map((r) => [r.type, r.fields.map((f) => [f.tag, f.value]), r.endTag !== undefined]);
}

describe('formatRis', () => {
  it('leaves a canonical file alone', () => {
    const text = lf('TY  - JOUR', 'AU  - Doe, Jane', 'SP  - ', 'ER  - ', '', 'TY  - BOOK', 'ER  - ', '');
    assert.deepEqual(formatRis(parseRis(text)), []);
  });

  it('normalises separators, case and indentation of tag lines', () => {
    const before = lf('TY - JOUR', 'A1\t- Name', 'TI  -  Two spaces', 'au  - Lower', '   AU  - Indented', 'AB  -Glued', 'ER -', '');
    const after = lf('TY  - JOUR', 'A1  - Name', 'TI  - Two spaces', 'AU  - Lower', 'AU  - Indented', 'AB  - Glued', 'ER  - ', '');
    assert.equal(format(before), after);
  });

  it('writes ER and empty values as `XX  - `, or `XX  -` on request', () => {
    const before = lf('TY  - JOUR', 'SP  -', 'EP  -   ', 'ER  -  ', '');
    assert.equal(format(before), lf('TY  - JOUR', 'SP  - ', 'EP  - ', 'ER  - ', ''));
    assert.equal(format(before, { emptyValue: 'none' }), lf('TY  - JOUR', 'SP  -', 'EP  -', 'ER  -', ''));
  });

  it('trims trailing spaces and tabs on every kind of line, but not inside values', () => {
    const before = lf('Provider: X  ', 'TY  - JOUR', 'TI  - A  title \t', 'AB  - One', '  two  ', ' \t', 'ER  - ', '  ', '');
    assert.equal(format(before), lf('Provider: X', 'TY  - JOUR', 'TI  - A  title', 'AB  - One', '  two', '', 'ER  - ', '', ''));
  });

  it('keeps line endings, the BOM and bare CRs', () => {
    const before = '\ufeffTY - JOUR\r\nAU  - A \rAU  - B\nER  -\r\n';
    assert.equal(format(before), '\ufeffTY  - JOUR\r\nAU  - A\rAU  - B\nER  - \r\n');
    assert.equal(format(crlf('TY  - JOUR', 'ER  -')), crlf('TY  - JOUR', 'ER  - '));
  });

  it('removes a stray BOM before a tag but keeps a leading one', () => {
    assert.equal(format(' \ufeffTY  - JOUR\nER  - \n'), 'TY  - JOUR\nER  - \n');
    assert.equal(format('\ufeff  TY  - JOUR\nER  - \n'), '\ufeffTY  - JOUR\nER  - \n');
  });

  it('keeps long tags and continuation lines as they are (only spacing changes)', () => {
    const before = lf('TY  - JOUR', 'PMID  -  123', 'KW  - a', 'b', 'ER  - ', '');
    assert.equal(format(before), lf('TY  - JOUR', 'PMID  - 123', 'KW  - a', 'b', 'ER  - ', ''));
  });

  it('emits edits only for lines that change, touching only their prefix or trailing spaces', () => {
    const text = lf('TY  - JOUR', 'TI - Title', 'AU  - Doe  ', 'PY  - 2000', 'ER  - ', '');
    const edits = formatRis(parseRis(text));
    assert.deepEqual(edits, [
      { start: text.indexOf('TI - '), end: text.indexOf('Title'), newText: 'TI  - ' },
      { start: text.indexOf('Doe') + 3, end: text.indexOf('Doe') + 5, newText: '' },
    ]);
  });

  it('gives the same records and values after re-parsing, and is idempotent', () => {
    const before = lf('', 'TY - JOUR', 'au  -  Doe', 'KW  -', 'x', '  y  ', '', 'AB  - p1', '', 'p2', 'ER  -', 'NL  - after', 'ER  - ', '');
    const after = format(before);
    assert.deepEqual(shape(parseRis(after)), shape(parseRis(before)));
    assert.deepEqual(formatRis(parseRis(after)), []);
  });

  it('keeps a blank line written `\\r \\n` (trimming it would make one CRLF and join the paragraphs)', () => {
    for (const before of ['TY  - JOUR\nAB  - para one\r \npara two\nER  - \n', 'TY  - JOUR\r\nAB  - one\r\t\npara\r\nER  - \r\n']) {
      const after = format(before);
      assert.deepEqual(shape(parseRis(after)), shape(parseRis(before)), JSON.stringify(after));
      assert.deepEqual(formatRis(parseRis(after)), []);
    }
    assert.equal(parseRis(format('TY  - JOUR\nAB  - para one\r \npara two\nER  - \n')).records[0]!.fields[1]!.value, 'para one\n\npara two');
  });
});
