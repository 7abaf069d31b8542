import * as assert from 'node:assert/strict';
import { tagSpan, separatorSpan, valueSpan } from '../../../../src/core/ris/model';
import type { RisDocument, RisField } from '../../../../src/core/ris/model';
import type { OffsetRange } from '../../../../src/core/text/edits';
import { isBlankLine, isRisWhitespace, parseRis, parseTagLine } from '../../../../src/core/ris/parser';
import { assertDocumentInvariants } from '../../helpers/risInvariants';

/** Parses and checks the invariants every document must satisfy. */
function parse(text: string): RisDocument {
  const doc = parseRis(text);
  assertDocumentInvariants(doc);
  return doc;
}

const at = (doc: RisDocument, s: OffsetRange): string => doc.text.slice(s.start, s.end);
const lf = (...lines: string[]): string => lines.join('\n');
const crlf = (...lines: string[]): string => lines.join('\r\n');
const field = (doc: RisDocument, record: number, tag: string, n = 0): RisField => {
  const f = doc.records[record]!.fields.filter((x) => x.tag === tag)[n];
  assert.ok(f, `record ${record} has field ${tag}#${n}`);
  return f;
};

describe('parseRis', () => {
  describe('canonical records', () => {
    it('gives exact spans for tag, separator and value', () => {
      const text = lf('TY  - JOUR', 'AU  - Doe, Jane', 'TI  - A title  ', 'SP  -', 'ER  - ', '');
      const doc = parse(text);
      assert.equal(doc.records.length, 1);
      const r = doc.records[0]!;
      assert.equal(r.type, 'JOUR');
      assert.deepEqual(
        r.fields.map((f) => f.tag),
        ['TY', 'AU', 'TI', 'SP'],
      );
      const au = field(doc, 0, 'AU');
      assert.equal(au.line, 1);
      assert.equal(au.lineStart, 11);
      assert.deepEqual(tagSpan(au), { start: 11, end: 13 });
      assert.deepEqual(separatorSpan(au), { start: 13, end: 17 });
      assert.deepEqual(valueSpan(au), { start: 17, end: 26 });
      assert.equal(at(doc, valueSpan(au)), 'Doe, Jane');
      assert.equal(au.value, 'Doe, Jane');
      assert.equal(au.end, 26);
      assert.deepEqual(au.issues, []);
      assert.deepEqual(au.continuations, []);
      // Trailing whitespace is trimmed and excluded from the span; the field end is the line end.
      const ti = field(doc, 0, 'TI');
      assert.equal(ti.lineValue, 'A title');
      assert.equal(at(doc, valueSpan(ti)), 'A title');
      assert.equal(ti.end, ti.lineStart + 'TI  - A title  '.length);
      // Empty value without a trailing space.
      const sp = field(doc, 0, 'SP');
      assert.equal(sp.lineValue, '');
      assert.equal(at(doc, separatorSpan(sp)), '  -');
      assert.equal(sp.valueStart, sp.valueEnd);
      assert.equal(sp.valueStart, sp.end);
      // ER with a trailing space.
      assert.equal(r.endTag?.tag, 'ER');
      assert.equal(r.endTag?.lineValue, '');
      assert.equal(at(doc, separatorSpan(r.endTag!)), '  - ');
      assert.equal(r.start, 0);
      assert.equal(r.startLine, 0);
      assert.equal(r.endLine, 4);
      assert.equal(r.end, text.length - 1);
      assert.equal(r.unterminated, undefined);
      assert.deepEqual(doc.outside, []);
      assert.equal(doc.lineEnding, '\n');
      assert.equal(doc.newline, '\n');
      assert.equal(doc.lineCount, 6);
      assert.equal(doc.missingFinalNewline, false);
      assert.equal(doc.bom, false);
    });

    it('accepts every way ER is written and keeps its value', () => {
      const text = lf(
        'TY  - JOUR',
        'ER  -',
        'TY  - JOUR',
        'ER  - ',
        'TY  - JOUR',
        'ER  -  ',
        'TY  - JOUR',
        'ER -',
        'TY  - JOUR',
        'ER  - End of Reference',
      );
      const doc = parse(text);
      assert.equal(doc.records.length, 5);
      assert.deepEqual(
        doc.records.map((r) => r.endTag?.lineValue),
        ['', '', '', '', 'End of Reference'],
      );
      assert.deepEqual(doc.records[3]!.endTag!.issues, ['separator-spacing']);
      assert.ok(doc.records.every((r) => r.unterminated === undefined));
      assert.equal(doc.missingFinalNewline, true);
    });

    it('upper-cases the type and makes value identical to lineValue without continuations', () => {
      const doc = parse(lf('TY  - jour ', 'ER  - '));
      assert.equal(doc.records[0]!.type, 'JOUR');
      const ty = field(doc, 0, 'TY');
      assert.equal(ty.lineValue, 'jour');
      assert.equal(ty.value, ty.lineValue);
    });

    it('parses CRLF Zotero output with a blank line after each ER', () => {
      const text = crlf('TY  - JOUR', 'TI  - One', 'ER  - ', '', 'TY  - BOOK', 'TI  - Two', 'ER  - ', '', '');
      const doc = parse(text);
      assert.equal(doc.records.length, 2);
      assert.equal(doc.lineEnding, '\r\n');
      assert.equal(doc.newline, '\r\n');
      assert.deepEqual(doc.strayCarriageReturns, []);
      assert.deepEqual(doc.records[0]!.blankLines, []);
      assert.equal(doc.records[1]!.startLine, 4);
      assert.equal(doc.records[1]!.start, text.indexOf('TY  - BOOK'));
      assert.equal(at(doc, valueSpan(field(doc, 1, 'TI'))), 'Two');
      assert.equal(field(doc, 1, 'TI').end, text.indexOf('Two') + 3);
    });
  });

  describe('vendor variants', () => {
    it('keeps JSTOR and PsycNET headers as outside text (and PMID as a long tag)', () => {
      const text = lf(
        'Provider: JSTOR http://www.jstor.org',
        'Database: JSTOR',
        'Content: text/plain; charset="UTF-8"',
        '',
        'TY  - JOUR',
        'TI  - First',
        'ER  - ',
        '',
        'Provider: American Psychological Association',
        'Database: PsycINFO',
        'Content: application/x-research-info-systems',
        '',
        'TY  - JOUR',
        'PMID  - 33355555',
        'ER  - ',
        '',
      );
      const doc = parse(text);
      assert.equal(doc.records.length, 2);
      assert.deepEqual(
        doc.outside.map((o) => [o.line, o.kind, o.beforeFirstRecord, at(doc, o)]),
        [
          [0, 'text', true, 'Provider: JSTOR http://www.jstor.org'],
          [1, 'text', true, 'Database: JSTOR'],
          [2, 'text', true, 'Content: text/plain; charset="UTF-8"'],
          [8, 'text', false, 'Provider: American Psychological Association'],
          [9, 'text', false, 'Database: PsycINFO'],
          [10, 'text', false, 'Content: application/x-research-info-systems'],
        ],
      );
      const pmid = field(doc, 1, 'PMID');
      assert.deepEqual(pmid.issues, ['long-tag']);
      assert.equal(pmid.value, '33355555');
      assert.equal(at(doc, tagSpan(pmid)), 'PMID');
      assert.equal(at(doc, separatorSpan(pmid)), '  - ');
    });

    it('reads Cochrane headers and two spaces after the hyphen without an issue', () => {
      const text = lf(
        'Record #1 of 2',
        'Provider: John Wiley & Sons, Ltd.',
        'Content: application/x-research-info-systems',
        'TY  -  JOUR',
        'AU  -  Doe, J.',
        'ER  -  ',
        '',
        '',
        'Record #2 of 2',
        'Provider: John Wiley & Sons, Ltd.',
        'Content: application/x-research-info-systems',
        'TY  -  CONF',
        'ER  -  ',
      );
      const doc = parse(text);
      assert.equal(doc.records.length, 2);
      assert.deepEqual(
        doc.records.map((r) => r.type),
        ['JOUR', 'CONF'],
      );
      const au = field(doc, 0, 'AU');
      assert.deepEqual(au.issues, []);
      assert.equal(au.value, 'Doe, J.');
      assert.equal(at(doc, separatorSpan(au)), '  -  ');
      assert.equal(doc.outside.length, 6);
      assert.ok(doc.outside.every((o) => o.kind === 'text'));
    });

    it('keeps Ovid numbering, links and the NL line after ER outside the records', () => {
      const text = lf(
        '1.',
        'TY  - JOUR',
        'TI  - One',
        'ER  - ',
        'NL  - J Abbrev',
        'Link to the Ovid Full Text or citation: http://ovidsp.ovid.com/x',
        '',
        '2.',
        'TY  - JOUR',
        'ER  - ',
        'NL  - Other J',
        '',
      );
      const doc = parse(text);
      assert.equal(doc.records.length, 2);
      assert.deepEqual(
        doc.outside.map((o) => [o.line, o.kind, at(doc, o)]),
        [
          [0, 'text', '1.'],
          [4, 'tag', 'NL  - J Abbrev'],
          [5, 'text', 'Link to the Ovid Full Text or citation: http://ovidsp.ovid.com/x'],
          [7, 'text', '2.'],
          [10, 'tag', 'NL  - Other J'],
        ],
      );
      assert.equal(doc.records[0]!.endLine, 3);
    });

    it('reads EndNote one-space separators and keyword continuation lines', () => {
      const text = lf(
        'TY - JOUR',
        'AU - Doe, Jane',
        'KW - article',
        'biostratigraphy',
        '  fossils  ',
        'SN - 0001-0002',
        '0003-0004',
        'ER - ',
        '',
      );
      const doc = parse(text);
      assert.equal(doc.records.length, 1);
      const r = doc.records[0]!;
      assert.equal(r.type, 'JOUR');
      assert.deepEqual(r.fields[0]!.issues, ['separator-spacing']);
      assert.equal(at(doc, separatorSpan(r.fields[0]!)), ' - ');
      const kw = field(doc, 0, 'KW');
      assert.equal(kw.lineValue, 'article');
      assert.equal(kw.value, 'article biostratigraphy fossils');
      assert.equal(kw.continuations.length, 2);
      const c = kw.continuations[1]!;
      assert.equal(c.line, 4);
      assert.equal(at(doc, c), 'fossils');
      assert.equal(c.lineStart, text.indexOf('  fossils'));
      assert.equal(c.afterBlank, false);
      assert.equal(kw.endLine, 4);
      assert.equal(kw.end, text.indexOf('  fossils') + '  fossils  '.length);
      assert.equal(field(doc, 0, 'SN').value, '0001-0002 0003-0004');
    });

    it('keeps tag-like continuation lines (REDD -, IUCN -, AI -, CT- ) inside the value', () => {
      const text = lf(
        'TY  - JOUR',
        'AB  - Forest policy and',
        'REDD - Reduction of emissions',
        'IUCN - The World Conservation Union',
        'AI - based methods',
        'PMID - 1234',
        'ER  - ',
      );
      const doc = parse(text);
      const ab = field(doc, 0, 'AB');
      assert.equal(ab.continuations.length, 4);
      assert.equal(
        ab.value,
        'Forest policy and REDD - Reduction of emissions IUCN - The World Conservation Union AI - based methods PMID - 1234',
      );
      assert.equal(doc.records[0]!.fields.length, 2);
    });

    it('splits Web of Science lines at a bare CR and reports it as stray', () => {
      const text = lf(
        'TY  - JOUR',
        'AD  - Univ A, Canada\rAD  - Univ Toronto',
        'WE  - Social Science Citation Index (SSCI)\rAN  - WOS:000440314900007',
        'ER  -',
        '',
      );
      const doc = parse(text);
      assert.deepEqual(
        doc.records[0]!.fields.map((f) => [f.tag, f.line, f.value]),
        [
          ['TY', 0, 'JOUR'],
          ['AD', 1, 'Univ A, Canada'],
          ['AD', 2, 'Univ Toronto'],
          ['WE', 3, 'Social Science Citation Index (SSCI)'],
          ['AN', 4, 'WOS:000440314900007'],
        ],
      );
      assert.equal(doc.lineEnding, 'mixed');
      assert.equal(doc.newline, '\n');
      assert.deepEqual(doc.strayCarriageReturns, [text.indexOf('\r'), text.lastIndexOf('\r')]);
      assert.equal(doc.lineCount, 7);
    });

    it('reads Citavi CR CR LF as a line break then a blank line inside an abstract', () => {
      const text = '\ufeff' + crlf('TY  - JOUR', 'AB  - Paragraph one.\r', 'Paragraph two.', 'ER  -', '', '');
      const doc = parse(text);
      assert.equal(doc.bom, true);
      const r = doc.records[0]!;
      assert.equal(r.start, 1, 'the BOM is not part of the record');
      assert.equal(r.fields[0]!.lineStart, 0);
      assert.equal(r.fields[0]!.tagStart, 1);
      assert.deepEqual(r.fields[0]!.issues, [], 'a BOM at offset 0 is not an indentation');
      const ab = field(doc, 0, 'AB');
      assert.equal(ab.value, 'Paragraph one.\n\nParagraph two.');
      assert.equal(ab.continuations[0]!.afterBlank, true);
      assert.deepEqual(r.blankLines, [2]);
      assert.equal(doc.lineEnding, 'mixed');
      assert.equal(doc.newline, '\r\n');
      assert.deepEqual(doc.strayCarriageReturns, [text.indexOf('\r\r')]);
    });

    it('keeps Lens abstract paragraphs separated by blank lines, and blank lines before ER', () => {
      const text = lf('TY  - JOUR', 'AB  - First.', '', '', 'Second.', '', 'KW  - k', '', 'ER  - ', '', '');
      const doc = parse(text);
      const r = doc.records[0]!;
      assert.deepEqual(r.blankLines, [2, 3, 5, 7]);
      assert.equal(field(doc, 0, 'AB').value, 'First.\n\nSecond.');
      assert.equal(field(doc, 0, 'AB').endLine, 4);
      assert.equal(r.endLine, 8);
    });

    it('ends a record without ER at its last non-blank line when the next TY starts', () => {
      const text = lf('TY  - JOUR', 'TI  - A', '', '', 'TY  - BOOK', 'TI  - B', 'ER  - ', '');
      const doc = parse(text);
      assert.equal(doc.records.length, 2);
      const a = doc.records[0]!;
      assert.equal(a.unterminated, 'next-type');
      assert.equal(a.endLine, 1);
      assert.equal(a.end, text.indexOf('TI  - A') + 7);
      assert.deepEqual(a.blankLines, []);
      assert.equal(a.endTag, undefined);
      assert.equal(doc.records[1]!.unterminated, undefined);
    });

    it('reads repeated TY lines as one record each (JabRef RisImporterTest1)', () => {
      const text = ' \ufeff\nTY  - BOOK\nTY  - JOUR \nAU  - Cocke \nA1  - Harrison\nLevenshtein\n        Morris\nER  - kmpt';
      const doc = parse(text);
      assert.deepEqual(
        doc.records.map((r) => [r.type, r.unterminated]),
        [
          ['BOOK', 'next-type'],
          ['JOUR', undefined],
        ],
      );
      assert.equal(field(doc, 1, 'A1').value, 'Harrison Levenshtein Morris');
      assert.equal(doc.records[1]!.endTag!.lineValue, 'kmpt');
      assert.equal(doc.outside.length, 0, 'a line of a space and a BOM is blank');
    });

    it('ends a record at end of file when the last ER is missing', () => {
      const text = lf('TY  - JOUR', 'TI  - A', 'continued', '', '', '');
      const doc = parse(text);
      const r = doc.records[0]!;
      assert.equal(r.unterminated, 'end-of-file');
      assert.equal(r.endLine, 2);
      assert.deepEqual(r.blankLines, []);
      assert.equal(field(doc, 0, 'TI').value, 'A continued');
    });

    it('keeps U+2028 and U+2029 inside a value (they are not line breaks)', () => {
      const text = lf('TY  - JOUR', 'TI  - Line\u2028separated\u2029title', 'ER  - ');
      const doc = parse(text);
      assert.equal(doc.lineCount, 3);
      assert.equal(field(doc, 0, 'TI').value, 'Line\u2028separated\u2029title');
    });

    it('makes records of orphan tag lines closed by ER (CiteSource C1 records)', () => {
      const text = lf('C1  - a', 'TI  - Title', 'wrapped', '', 'more', 'ER  - ', '', 'C1  - b', 'ER  - ', '');
      const doc = parse(text);
      assert.equal(doc.records.length, 2);
      const r = doc.records[0]!;
      assert.equal(r.type, undefined);
      assert.equal(r.startLine, 0);
      assert.deepEqual(
        r.fields.map((f) => f.tag),
        ['C1', 'TI'],
      );
      assert.equal(field(doc, 0, 'TI').value, 'Title wrapped\n\nmore');
      assert.deepEqual(r.blankLines, [3]);
      assert.equal(r.unterminated, undefined);
      assert.equal(doc.records[1]!.fields[0]!.value, 'b');
    });

    it('reads ER, UK, ER as two records (asreview field definitions)', () => {
      const text = '\ufeff' + crlf('TY  - GEN', 'A1\t- First Authors', 'ID \t- ID', 'ER  - End of Reference', 'UK  - Unknown Tag', 'ER  -', '');
      const doc = parse(text);
      assert.equal(doc.records.length, 2);
      assert.equal(doc.records[0]!.type, 'GEN');
      assert.deepEqual(field(doc, 0, 'A1').issues, ['separator-tab']);
      assert.equal(field(doc, 0, 'A1').value, 'First Authors');
      assert.deepEqual(field(doc, 0, 'ID').issues, ['separator-tab']);
      assert.equal(at(doc, separatorSpan(field(doc, 0, 'ID'))), ' \t- ');
      assert.equal(doc.records[1]!.type, undefined);
      assert.equal(doc.records[1]!.fields[0]!.tag, 'UK');
    });

    it('keeps orphan tag lines outside when no ER closes them (MEDLINE saved as .ris)', () => {
      const text = lf('PMID- 12345', 'OWN - NLM', 'TI  - A title', '      wrapped', 'AU  - Doe J', '', 'PMID- 678', 'TI  - B', '');
      const doc = parse(text);
      assert.equal(doc.records.length, 0);
      assert.deepEqual(
        doc.outside.map((o) => [o.line, o.kind, at(doc, o), o.beforeFirstRecord]),
        [
          [0, 'text', 'PMID- 12345', true],
          [1, 'text', 'OWN - NLM', true],
          [2, 'tag', 'TI  - A title', true],
          [3, 'text', 'wrapped', true],
          [4, 'tag', 'AU  - Doe J', true],
          [6, 'text', 'PMID- 678', true],
          [7, 'tag', 'TI  - B', true],
        ],
      );
    });

    it('flushes orphan tag lines to outside when a TY comes before any ER', () => {
      const text = lf('NL  - J', 'junk', 'TY  - JOUR', 'ER  - ', 'NL  -   ', 'TY  - JOUR', 'ER  - ');
      const doc = parse(text);
      assert.equal(doc.records.length, 2);
      assert.deepEqual(
        doc.outside.map((o) => [o.line, o.kind, at(doc, o), o.beforeFirstRecord]),
        [
          [0, 'tag', 'NL  - J', true],
          [1, 'text', 'junk', true],
          [4, 'tag', 'NL  -', false],
        ],
      );
    });

    it('reports an ER with no open record as end-without-start', () => {
      const text = lf('ER  - ', 'TY  - JOUR', 'ER  - ', 'ER  - x', '');
      const doc = parse(text);
      assert.equal(doc.records.length, 1);
      assert.deepEqual(
        doc.outside.map((o) => [o.line, o.kind, at(doc, o), o.beforeFirstRecord]),
        [
          [0, 'end-without-start', 'ER  -', true],
          [3, 'end-without-start', 'ER  - x', false],
        ],
      );
    });

    it('joins a continuation onto an empty tag value without a leading space', () => {
      const doc = parse(lf('TY  - JOUR', 'N1  -', 'References:', 'Doe, J. (2001)', 'ER  - '));
      assert.equal(field(doc, 0, 'N1').value, 'References: Doe, J. (2001)');
    });

    it('handles empty text, a lone BOM and a text without line breaks', () => {
      const empty = parse('');
      assert.equal(empty.records.length, 0);
      assert.equal(empty.lineCount, 1);
      assert.equal(empty.lineEnding, 'none');
      assert.equal(empty.newline, '\n');
      assert.equal(empty.missingFinalNewline, false);
      const bom = parse('\ufeff');
      assert.equal(bom.bom, true);
      assert.equal(bom.outside.length, 0);
      const one = parse('TY  - JOUR');
      assert.equal(one.records[0]!.unterminated, 'end-of-file');
      assert.equal(one.missingFinalNewline, true);
      assert.equal(one.lineEnding, 'none');
    });

    it('reads a text that uses bare CR only as CR text, with no stray CRs', () => {
      const doc = parse('TY  - JOUR\rTI  - x\rER  - \r');
      assert.equal(doc.lineEnding, '\r');
      assert.equal(doc.newline, '\r');
      assert.deepEqual(doc.strayCarriageReturns, []);
      assert.equal(doc.records.length, 1);
    });

    it('lets one field be rewritten through its valueSpan without touching the rest', () => {
      const text = crlf('TY  - JOUR', 'TI  - Old title', 'AU  - Doe', 'ER  - ', '');
      const doc = parse(text);
      const ti = field(doc, 0, 'TI');
      const edited = text.slice(0, ti.valueStart) + 'New title' + text.slice(ti.valueEnd);
      const again = parse(edited);
      assert.equal(field(again, 0, 'TI').value, 'New title');
      assert.equal(edited.replace('New title', 'Old title'), text);
      assert.equal(field(again, 0, 'AU').value, 'Doe');
    });
  });

  describe('tag-line classification', () => {
    const cases: [string, string | undefined, string, string[]][] = [
      // line, tag, value, issues
      ['AU  - Doe', 'AU', 'Doe', []],
      ['AU  -Doe', 'AU', 'Doe', ['no-space-after-hyphen']],
      ['AU  -', 'AU', '', []],
      ['AU  -   ', 'AU', '', []],
      ['TY  -  JOUR', 'TY', 'JOUR', []],
      ['AU  -\tDoe', 'AU', 'Doe', ['separator-tab']],
      ['au  - Doe', 'AU', 'Doe', ['lowercase-tag']],
      ['Au  - Doe', 'AU', 'Doe', ['lowercase-tag']],
      ['au  -', 'AU', '', ['lowercase-tag']],
      ['zz  - x', undefined, '', []],
      ['au  -Doe', undefined, '', []],
      ['au - Doe', undefined, '', []],
      ['TY - JOUR', 'TY', 'JOUR', ['separator-spacing']],
      ['TY   - JOUR', 'TY', 'JOUR', ['separator-spacing']],
      ['ER -', 'ER', '', ['separator-spacing']],
      ['TY -JOUR', undefined, '', []],
      ['XY - foo', undefined, '', []],
      ['AI - based', undefined, '', []],
      ['AI  - 0000-0001', 'AI', '0000-0001', []],
      ['A1\t- First', 'A1', 'First', ['separator-tab']],
      ['ID \t- ID', 'ID', 'ID', ['separator-tab']],
      ['  AU  - Doe', 'AU', 'Doe', ['indented']],
      ['\ufeffTY  - JOUR', 'TY', 'JOUR', ['indented']],
      ['\tTY - JOUR', 'TY', 'JOUR', ['indented', 'separator-spacing']],
      ['PMID  - 33355555', 'PMID', '33355555', ['long-tag']],
      ['PMID  -', 'PMID', '', ['long-tag']],
      ['ABC  - x', 'ABC', 'x', ['long-tag']],
      ['AB2  - x', 'AB2', 'x', ['long-tag']],
      ['PMID  -1', undefined, '', []],
      ['PMID- 1', undefined, '', []],
      ['PMID - 1', undefined, '', []],
      ['A1B  - x', undefined, '', []],
      ['ABCDE  - x', undefined, '', []],
      ['AU', undefined, '', []],
      ['AU  ', undefined, '', []],
      ['AU  x', undefined, '', []],
      ['T', undefined, '', []],
      ['1.', undefined, '', []],
      ['', undefined, '', []],
      ['Copyright 2021', undefined, '', []],
      ['  ', undefined, '', []],
    ];
    for (const [line, tag, value, issues] of cases) {
      it(`${JSON.stringify(line)} → ${tag ?? 'not a tag line'}${issues.length ? ` (${issues.join(', ')})` : ''}`, () => {
        const info = parseTagLine(line);
        if (tag === undefined) {
          assert.equal(info, undefined);
        } else {
          assert.ok(info);
          assert.equal(info.tag, tag);
          assert.equal(info.value, value);
          assert.deepEqual([...info.issues], issues);
          assert.equal(line.slice(info.valueStart, info.valueEnd), value);
          assert.equal(line.slice(info.tagStart, info.tagEnd).toUpperCase(), tag);
        }
        // The parser classifies the same line inside a record the same way.
        const doc = parse(`TY  - JOUR\n${line}\nER  - \n`);
        const r = doc.records[0]!;
        if (tag === undefined || tag === 'TY' || tag === 'ER') return;
        const f = r.fields[1];
        assert.ok(f);
        assert.equal(f.tag, tag);
        assert.deepEqual([...f.issues], issues);
      });
    }

    it('treats a BOM at offset 0 as the file BOM, not an indentation', () => {
      const doc = parse('\ufeffTY  - JOUR\n\ufeffAU  - Doe\nER  - ');
      assert.deepEqual(doc.records[0]!.fields[0]!.issues, []);
      assert.deepEqual(doc.records[0]!.fields[1]!.issues, ['indented']);
      const jabref = parse(' \ufeffTY  - JOUR\nER  - ');
      assert.deepEqual(jabref.records[0]!.fields[0]!.issues, ['indented']);
      assert.equal(jabref.bom, false);
    });

    it('classifies whitespace like String.prototype.trim', () => {
      for (let c = 0; c < 0x10000; c++) {
        const s = String.fromCharCode(c);
        assert.equal(isRisWhitespace(c), s.trim() === '', `U+${c.toString(16)}`);
      }
      assert.equal(isBlankLine(' \t\ufeff\u00a0'), true);
      assert.equal(isBlankLine(' x '), false);
    });
  });

  describe('robustness', () => {
    /** A small deterministic generator (LCG), so failures reproduce. */
    function rng(seed: number): () => number {
      let s = seed >>> 0;
      return () => {
        s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
        return s / 0x100000000;
      };
    }

    it('never throws and accounts for every line on 2,000 random strings', () => {
      const rand = rng(20240601);
      const pieces = ['\r', '\n', '\r\n', '-', ' ', '  ', '\t', 'T', 'Y', 'E', 'R', 'A', 'U', 'a', 'x', '2', '\ufeff',
        '\u2028', 'TY  - ', 'ER  -', 'AU  - ', 'AU - ', '  - ', 'PMID  - ', 'ty  - '];
      for (let i = 0; i < 2000; i++) {
        let s = '';
        const n = Math.floor(rand() * 80);
        for (let k = 0; k < n; k++) s += pieces[Math.floor(rand() * pieces.length)];
        let doc: RisDocument;
        try {
          doc = parseRis(s);
        } catch (e) {
          assert.fail(`threw on ${JSON.stringify(s)}: ${String(e)}`);
        }
        assertDocumentInvariants(doc, JSON.stringify(s));
      }
    });

    it('never throws on random UTF-16 code units, lone surrogates included', () => {
      const rand = rng(7);
      for (let i = 0; i < 300; i++) {
        const n = Math.floor(rand() * 200);
        const codes: number[] = [];
        for (let k = 0; k < n; k++) {
          const r = rand();
          codes.push(r < 0.5 ? Math.floor(rand() * 128) : r < 0.6 ? 0xd800 + Math.floor(rand() * 0x800) : Math.floor(rand() * 0x10000));
        }
        const s = String.fromCharCode(...codes);
        assertDocumentInvariants(parseRis(s), `case ${i}`);
      }
    });

    it('handles a very long line and many blank lines (hang guard: milliseconds, not hours)', function () {
      this.timeout(30_000);
      const long = 'TY  - JOUR\nAB  - ' + 'x'.repeat(2_000_000) + '\n' + '\n'.repeat(200_000) + 'ER  - ';
      const doc = parseRis(long);
      assert.equal(doc.records.length, 1);
      assert.equal(doc.records[0]!.blankLines.length, 200_000);
      assert.equal(doc.lineCount, 200_003);
    });
  });
});
