import * as assert from 'node:assert/strict';
import { DiagnosticCode } from '../../../../src/core/validation/codes';
import {
  editsCrLineEndings,
  editsPandocFinalLineBreak,
  fileFixes,
  fixesForDiagnostic,
  makeReadableByPandocFix,
  pinAllKeysFix,
  type RisFix,
} from '../../../../src/core/fixes';
import type { RisDocument } from '../../../../src/core/ris/model';
import { applyEdits } from '../../../../src/core/text/edits';
import { parseRis, parseTagLine } from '../../../../src/core/ris/parser';
import { LIST_TAGS } from '../../../../src/core/validation/tagLines';
import { validateRis, type RisDiagnostic } from '../../../../src/core/validation/validate';

const lf = (...lines: string[]): string => lines.join('\n');
const crlf = (...lines: string[]): string => lines.join('\r\n');

/** The fixes offered for the first diagnostic with this code (and optional pandoc kind). */
function fixesFor(text: string, code: DiagnosticCode, pandoc?: string): { doc: RisDocument; diagnostic: RisDiagnostic; fixes: RisFix[] } {
  const doc = parseRis(text);
  const diagnostic = validateRis(doc, { severities: { [DiagnosticCode.UnpinnedKey]: 'hint' } }).find(
    (d) => d.code === code && (pandoc === undefined || d.data?.pandoc === pandoc),
  );
  assert.ok(diagnostic, `a ${code} diagnostic`);
  return { doc, diagnostic, fixes: fixesForDiagnostic(doc, diagnostic) };
}

/** Applies the fix with this title (or the first one) and returns the new text. */
function applyFix(text: string, code: DiagnosticCode, title?: RegExp, pandoc?: string): string {
  const { fixes } = fixesFor(text, code, pandoc);
  const fix = title ? fixes.find((f) => title.test(f.title)) : fixes[0];
  assert.ok(fix, `a fix ${title ?? ''} among ${fixes.map((f) => f.title).join(' | ')}`);
  assertNoOverlap(fix.edits);
  return applyEdits(text, fix.edits);
}

function assertNoOverlap(edits: readonly { start: number; end: number }[]): void {
  const s = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  for (let i = 1; i < s.length; i++) assert.ok(s[i - 1]!.end <= s[i]!.start, `edits overlap: ${JSON.stringify(s)}`);
}

/** Every value in a document, as `TAG\0value`, with the joins a pandoc fix intends (see the fixes module). */
function valueMultiset(doc: RisDocument): string[] {
  const out: string[] = [];
  const add = (tag: string, value: string): void => {
    if (tag.length !== 2) out.push(`N1\u0000${tag}: ${value}`);
    else out.push(`${tag}\u0000${value}`);
  };
  for (const r of doc.records) {
    for (const f of r.fields) {
      if (f.continuations.length > 0 && LIST_TAGS.has(f.tag)) {
        if (f.lineValue) add(f.tag, f.lineValue);
        for (const c of f.continuations) add(f.tag, doc.text.slice(c.start, c.end));
      } else if (f.value) {
        add(f.tag, f.value.replace(/\n\n/g, ' '));
      }
    }
  }
  const outside = doc.outside;
  for (let i = 0; i < outside.length; i++) {
    const o = outside[i]!;
    const content = doc.text.slice(o.start, o.end);
    if (o.kind === 'end-without-start') continue;
    if (o.kind === 'tag') {
      const info = parseTagLine(content)!;
      let value = info.value;
      while (i + 1 < outside.length && outside[i + 1]!.kind === 'text' && outside[i + 1]!.line === outside[i]!.line + 1) {
        i++;
        value += ` ${doc.text.slice(outside[i]!.start, outside[i]!.end)}`;
      }
      add(info.tag, value);
    } else {
      add('N1', content);
    }
  }
  return out.sort();
}

describe('fixes', () => {
  describe('applyEdits', () => {
    it('applies edits in any order and rejects overlaps', () => {
      assert.equal(applyEdits('abcdef', [{ start: 4, end: 5, newText: 'E' }, { start: 0, end: 1, newText: 'A' }]), 'AbcdEf');
      assert.equal(applyEdits('ab', [{ start: 1, end: 1, newText: 'x' }, { start: 1, end: 1, newText: 'y' }]), 'axyb');
      assert.throws(() => applyEdits('abc', [{ start: 0, end: 2, newText: '' }, { start: 1, end: 3, newText: '' }]));
    });
  });

  describe('add a missing ER', () => {
    it('before the next TY', () => {
      const before = lf('TY  - JOUR', 'TI  - A', 'TY  - JOUR', 'TI  - B', 'ER  - ', '');
      assert.equal(applyFix(before, DiagnosticCode.MissingEnd), lf('TY  - JOUR', 'TI  - A', 'ER  - ', 'TY  - JOUR', 'TI  - B', 'ER  - ', ''));
    });
    it('at the end of a CRLF file without a final line break, adding one', () => {
      const before = crlf('TY  - JOUR', 'TI  - A');
      assert.equal(applyFix(before, DiagnosticCode.MissingEnd), crlf('TY  - JOUR', 'TI  - A', 'ER  - ', ''));
    });
    it('after the last field even when trailing blank lines and text follow', () => {
      const before = lf('TY  - JOUR', 'TI  - A', '', '');
      assert.equal(applyFix(before, DiagnosticCode.MissingEnd), lf('TY  - JOUR', 'TI  - A', 'ER  - ', '', ''));
    });
    it('offers a fix-all when several are missing', () => {
      const before = lf('TY  - JOUR', 'TI  - A', 'TY  - JOUR', 'TI  - B', 'TY  - JOUR', 'TI  - C', '');
      const after = applyFix(before, DiagnosticCode.MissingEnd, /Add the 3 missing ER lines/);
      assert.equal(after, lf('TY  - JOUR', 'TI  - A', 'ER  - ', 'TY  - JOUR', 'TI  - B', 'ER  - ', 'TY  - JOUR', 'TI  - C', 'ER  - ', ''));
    });
  });

  describe('add a missing TY', () => {
    it('as the first line, JOUR by default, GEN as an alternative', () => {
      const before = lf('AU  - Doe', 'TI  - A', 'ER  - ', '');
      assert.equal(applyFix(before, DiagnosticCode.MissingType), lf('TY  - JOUR', 'AU  - Doe', 'TI  - A', 'ER  - ', ''));
      assert.equal(applyFix(before, DiagnosticCode.MissingType, /GEN/), lf('TY  - GEN', 'AU  - Doe', 'TI  - A', 'ER  - ', ''));
    });
    it('with the type as a parameter', () => {
      const before = lf('AU  - Doe', 'ER  - ', '');
      const doc = parseRis(before);
      const d = validateRis(doc).find((x) => x.code === DiagnosticCode.MissingType)!;
      const [fix] = fixesForDiagnostic(doc, d, { defaultType: 'book' });
      assert.equal(applyEdits(before, fix!.edits), lf('TY  - BOOK', 'AU  - Doe', 'ER  - ', ''));
    });
    it('fills an empty TY', () => {
      const before = lf('TY  -', 'TI  - A', 'ER  - ', '');
      assert.equal(applyFix(before, DiagnosticCode.MissingType), lf('TY  - JOUR', 'TI  - A', 'ER  - ', ''));
    });
  });

  describe('normalise a malformed tag line (tag and separator only)', () => {
    const cases: [string, string][] = [
      ['TY - JOUR', 'TY  - JOUR'],
      ['TY\t-  JOUR', 'TY  - JOUR'],
      ['AU  -Doe, J', 'AU  - Doe, J'],
      ['au  - Doe', 'AU  - Doe'],
      ['   AU  - Doe  ', 'AU  - Doe  '],
      ['PMID  - 123', 'N1  - PMID: 123'],
    ];
    for (const [line, fixed] of cases) {
      it(`${JSON.stringify(line)} → ${JSON.stringify(fixed)}`, () => {
        const before = line.startsWith('TY') ? lf(line, 'TI  - A', 'ER  - ', '') : lf('TY  - JOUR', line, 'ER  - ', '');
        const after = line.startsWith('TY') ? lf(fixed, 'TI  - A', 'ER  - ', '') : lf('TY  - JOUR', fixed, 'ER  - ', '');
        assert.equal(applyFix(before, DiagnosticCode.MalformedTagLine), after);
      });
    }
    it('keeps the BOM and rewrites a malformed ER', () => {
      assert.equal(applyFix(lf('\ufeffTY - JOUR', 'ER  - ', ''), DiagnosticCode.MalformedTagLine), lf('\ufeffTY  - JOUR', 'ER  - ', ''));
      assert.equal(applyFix(lf('TY  - JOUR', 'ER -', ''), DiagnosticCode.MalformedTagLine), lf('TY  - JOUR', 'ER  - ', ''));
    });
    it('offers a fix-all for every malformed line', () => {
      const before = lf('TY - JOUR', 'AU - Doe', 'ER -', '');
      assert.equal(applyFix(before, DiagnosticCode.MalformedTagLine, /Rewrite the 3 malformed/), lf('TY  - JOUR', 'AU  - Doe', 'ER  - ', ''));
    });
  });

  describe('continuation lines', () => {
    it('joins a wrapped value with single spaces', () => {
      const before = lf('TY  - JOUR', 'AB  - First part  ', '   second part', 'third', 'ER  - ', '');
      assert.equal(
        applyFix(before, DiagnosticCode.PandocIncompatible, /Join/, 'continuation'),
        lf('TY  - JOUR', 'AB  - First part second part third', 'ER  - ', ''),
      );
    });
    it('keeps a paragraph by joining across the blank line', () => {
      const before = crlf('TY  - JOUR', 'AB  - Para one.', '', 'Para two.', 'ER  - ', '');
      assert.equal(applyFix(before, DiagnosticCode.PandocIncompatible, /Join/, 'continuation'), crlf('TY  - JOUR', 'AB  - Para one. Para two.', 'ER  - ', ''));
    });
    it('turns each continuation of a list tag into its own tag line (EndNote keywords)', () => {
      const before = lf('TY  - JOUR', 'KW  - article', 'biostratigraphy', '  fossils', 'ER  - ', '');
      assert.equal(
        applyFix(before, DiagnosticCode.PandocIncompatible, /own `KW {2}- ` line/, 'continuation'),
        lf('TY  - JOUR', 'KW  - article', 'KW  - biostratigraphy', 'KW  - fossils', 'ER  - ', ''),
      );
      assert.equal(
        applyFix(before, DiagnosticCode.PandocIncompatible, /Join the lines into one KW/, 'continuation'),
        lf('TY  - JOUR', 'KW  - article biostratigraphy fossils', 'ER  - ', ''),
      );
    });
    it('moves the first continuation onto an empty tag line', () => {
      const before = lf('TY  - JOUR', 'KW  -', 'article', 'fossils', 'T2  -', 'Journal of', 'Things', 'ER  - ', '');
      const doc = parseRis(before);
      const all = fileFixes(doc).find((f) => /continuation lines of 2 fields/.test(f.title));
      assert.ok(all);
      assert.equal(applyEdits(before, all.edits), lf('TY  - JOUR', 'KW  - article', 'KW  - fossils', 'T2  - Journal of Things', 'ER  - ', ''));
    });
  });

  describe('text outside records', () => {
    it('moves a header before the first record into notes of that record', () => {
      const before = lf('Provider: JSTOR', 'Database: JSTOR', '', 'TY  - JOUR', 'TI  - A', 'ER  - ', '');
      assert.equal(
        applyFix(before, DiagnosticCode.TextOutsideRecord, /Move these 2 lines into a note \(N1\) of the next record/),
        lf('', 'TY  - JOUR', 'TI  - A', 'N1  - Provider: JSTOR', 'N1  - Database: JSTOR', 'ER  - ', ''),
      );
    });
    it('offers deleting pure vendor header lines as a separate option', () => {
      const before = lf('TY  - JOUR', 'ER  - ', 'Record #2 of 2', 'Provider: Wiley', 'TY  - JOUR', 'ER  - ', '');
      assert.equal(applyFix(before, DiagnosticCode.TextOutsideRecord, /Delete these 2 vendor header lines/), lf('TY  - JOUR', 'ER  - ', 'TY  - JOUR', 'ER  - ', ''));
    });
    it('does not offer deleting text that is not a header', () => {
      const { fixes } = fixesFor(lf('TY  - JOUR', 'ER  - ', 'some note', 'TY  - JOUR', 'ER  - ', ''), DiagnosticCode.TextOutsideRecord);
      assert.deepEqual(
        fixes.map((f) => f.title),
        ['Move this line into a note (N1) of the previous record'],
      );
    });
    it('moves text between records into the previous record, a tag line after ER as itself', () => {
      const before = lf('TY  - JOUR', 'TI  - A', 'ER  - ', 'NL  - J Psychol', '', 'TY  - JOUR', 'ER  - ', '');
      assert.equal(
        applyFix(before, DiagnosticCode.TextOutsideRecord, /Move this tag line into the previous record/),
        lf('TY  - JOUR', 'TI  - A', 'NL  - J Psychol', 'ER  - ', '', 'TY  - JOUR', 'ER  - ', ''),
      );
    });
    it('moves trailing text at the end of a file without a final newline', () => {
      const before = lf('TY  - JOUR', 'TI  - A', 'ER  - ', 'trailing words');
      assert.equal(applyFix(before, DiagnosticCode.TextOutsideRecord), lf('TY  - JOUR', 'TI  - A', 'N1  - trailing words', 'ER  - ', ''));
    });
  });

  describe('other quick fixes', () => {
    it('deletes an ER that closes nothing', () => {
      assert.equal(applyFix(lf('TY  - JOUR', 'ER  - ', 'ER  - ', ''), DiagnosticCode.EndWithoutStart), lf('TY  - JOUR', 'ER  - ', ''));
    });
    it('replaces an unknown type with the nearest known one', () => {
      assert.equal(applyFix(lf('TY  - JURN', 'ER  - ', ''), DiagnosticCode.UnknownType), lf('TY  - JOUR', 'ER  - ', ''));
    });
    it('moves an unknown tag or a repeated value into a labelled note', () => {
      assert.equal(applyFix(lf('TY  - JOUR', 'XY  - v', 'ER  - ', ''), DiagnosticCode.UnknownTag), lf('TY  - JOUR', 'N1  - XY: v', 'ER  - ', ''));
      assert.equal(
        applyFix(lf('TY  - JOUR', 'PY  - 2001', 'PY  - 2002', 'ER  - ', ''), DiagnosticCode.RepeatedTag),
        lf('TY  - JOUR', 'PY  - 2001', 'N1  - PY: 2002', 'ER  - ', ''),
      );
    });
    it('deletes an empty tag line', () => {
      assert.equal(applyFix(crlf('TY  - JOUR', 'SP  -', 'ER  - ', ''), DiagnosticCode.EmptyValue), crlf('TY  - JOUR', 'ER  - ', ''));
    });
    it('writes the bare DOI and the full end page', () => {
      assert.equal(applyFix(lf('TY  - JOUR', 'DO  - https://doi.org/10.1000/x', 'ER  - ', ''), DiagnosticCode.InvalidDoi), lf('TY  - JOUR', 'DO  - 10.1000/x', 'ER  - ', ''));
      assert.equal(applyFix(lf('TY  - JOUR', 'SP  - 1234', 'EP  - 38', 'ER  - ', ''), DiagnosticCode.InvalidPages), lf('TY  - JOUR', 'SP  - 1234', 'EP  - 1238', 'ER  - ', ''));
    });
    it('removes blank lines inside a record, joining a paragraph that follows one', () => {
      const before = lf('TY  - JOUR', '', 'TI  - A', 'AB  - One.', '   ', 'Two.', '', 'ER  - ', '');
      assert.equal(applyFix(before, DiagnosticCode.PandocIncompatible, /Remove the blank lines/, 'blank-lines'), lf('TY  - JOUR', 'TI  - A', 'AB  - One. Two.', 'ER  - ', ''));
    });
    it('leaves the empty line of a Citavi \\r\\r\\n alone (pandoc does not see it)', () => {
      const text = 'TY  - JOUR\r\nAB  - One.\r\r\nTI  - T\r\nER  - \r\n';
      assert.equal(validateRis(parseRis(text)).filter((d) => d.code === DiagnosticCode.PandocIncompatible).length, 0);
    });
    it('never leaves a bare CR where pandoc would merge two lines', () => {
      const kw = 'TY  - JOUR\nKW  - a\rb\nER  - \n';
      assert.equal(applyFix(kw, DiagnosticCode.PandocIncompatible, /own `KW {2}- ` line/, 'continuation'), 'TY  - JOUR\nKW  - a\nKW  - b\nER  - \n');
      const blank = 'TY  - JOUR\nTI  - A\r  \nAU  - B\nER  - \n';
      const fixed = applyFix(blank, DiagnosticCode.PandocIncompatible, /Remove the blank lines/, 'blank-lines');
      assert.equal(fixed, 'TY  - JOUR\nTI  - A\nAU  - B\nER  - \n');
    });
    it('deletes leading blank lines, keeping the BOM', () => {
      assert.equal(applyFix('\ufeff\n \nTY  - JOUR\nER  - \n', DiagnosticCode.PandocIncompatible, /blank lines at the start/), '\ufeffTY  - JOUR\nER  - \n');
    });
    it('replaces a bare CR with the file line ending', () => {
      assert.equal(applyFix('TY  - JOUR\r\nAU  - A\rAU  - B\r\nER  - \r\n', DiagnosticCode.PandocIncompatible, /bare CR/), 'TY  - JOUR\r\nAU  - A\r\nAU  - B\r\nER  - \r\n');
    });
    it('offers nothing for a stale diagnostic whose range no longer matches', () => {
      const text = lf('TY  - JOUR', 'TI - A', 'ER  - ', '');
      const d = validateRis(parseRis(text)).find((x) => x.code === DiagnosticCode.MalformedTagLine)!;
      const edited = parseRis(lf('TY  - JOUR', 'AB  - inserted line', 'TI - A', 'ER  - ', ''));
      assert.deepEqual(fixesForDiagnostic(edited, d), []);
      assert.equal(fixesForDiagnostic(parseRis(text), d).length > 0, true);
    });
    it('offers nothing for a diagnostic without a fix and never throws on stale data', () => {
      const doc = parseRis(lf('TY  - JOUR', 'ER  - ', ''));
      assert.deepEqual(fixesForDiagnostic(doc, { code: DiagnosticCode.MissingField, data: { recordIndex: 0 } }), []);
      assert.deepEqual(fixesForDiagnostic(doc, { code: DiagnosticCode.MissingEnd, data: { recordIndex: 7 } }), []);
    });
  });

  describe('never losing text', () => {
    const pandocLeft = (text: string): string[] =>
      validateRis(parseRis(text))
        .filter((d) => d.code === DiagnosticCode.PandocIncompatible)
        .map((d) => d.data?.pandoc ?? '');
    const fixAll = (text: string): string => applyEdits(text, makeReadableByPandocFix(parseRis(text))!.edits);

    it('keeps the text after an extra ER: on its own line (quick fix), in the previous record (fix-all)', () => {
      const text = lf('TY  - JOUR', 'TI  - A', 'ER  - ', 'ER  - TI  - Important', '');
      const own = lf('TY  - JOUR', 'TI  - A', 'ER  - ', 'TI  - Important', '');
      assert.equal(applyFix(text, DiagnosticCode.EndWithoutStart), own);
      assert.equal(applyFix(text, DiagnosticCode.PandocIncompatible, /extra `?ER/, 'end-without-start'), own);
      const fixed = fixAll(text);
      assert.equal(fixed, lf('TY  - JOUR', 'TI  - A', 'TI  - Important', 'ER  - ', ''));
      assert.deepEqual(pandocLeft(fixed), []);
      // Text that is no tag line becomes a note; an ER before the first record moves into it; TY and ER never move as tags.
      assert.equal(fixAll(lf('TY  - JOUR', 'ER  - ', 'ER  - just words', '')), lf('TY  - JOUR', 'N1  - just words', 'ER  - ', ''));
      assert.equal(fixAll(lf('ER  - kept', 'TY  - JOUR', 'ER  - ', '')), lf('TY  - JOUR', 'N1  - kept', 'ER  - ', ''));
      assert.equal(fixAll(lf('TY  - JOUR', 'ER  - ', 'ER  - TY  - BOOK', '')), lf('TY  - JOUR', 'N1  - TY  - BOOK', 'ER  - ', ''));
      // A bare ER still goes.
      assert.equal(fixAll(lf('TY  - JOUR', 'ER  - ', 'ER  - ', '')), lf('TY  - JOUR', 'ER  - ', ''));
    });

    it('changes only the type, putting a tag line glued to it on its own line', () => {
      const glued = lf('TY  - BOOKAU  - Colman, J.', 'TI  - A', 'ER  - ', '');
      const { fixes } = fixesFor(glued, DiagnosticCode.UnknownType);
      assert.equal(fixes[0]!.title, 'Change the type to `BOOK` (`AU  - …` goes on its own line)');
      assert.equal(applyEdits(glued, fixes[0]!.edits), lf('TY  - BOOK', 'AU  - Colman, J.', 'TI  - A', 'ER  - ', ''));
      // The suggestion comes from the type alone.
      assert.equal(applyFix(crlf('TY  - JURNAU  - Colman, J.', 'ER  - ', ''), DiagnosticCode.UnknownType), crlf('TY  - JOUR', 'AU  - Colman, J.', 'ER  - ', ''));
      // Words that are not the type's name stay, in a note.
      assert.equal(applyFix(lf('TY  - BOOK by Colman', 'ER  - ', ''), DiagnosticCode.UnknownType), lf('TY  - BOOK', 'N1  - TY: BOOK by Colman', 'ER  - ', ''));
      // A type's name is the type.
      assert.equal(applyFix(lf('TY  - Journal Article', 'ER  - ', ''), DiagnosticCode.UnknownType), lf('TY  - JOUR', 'ER  - ', ''));
    });

    it('never moves a paragraph into another field (or makes a field of it) when removing blank lines', () => {
      const text = lf('TY  - JOUR', 'AB  - Results', 'PY', '', '- Pain score', 'ER  - ', '');
      const fixed = applyFix(text, DiagnosticCode.PandocIncompatible, /Remove the blank lines/, 'blank-lines');
      const fields = parseRis(fixed).records[0]!.fields.map((f) => [f.tag, f.value]);
      assert.deepEqual(fields, [['TY', 'JOUR'], ['AB', 'Results PY - Pain score']]);
      assert.equal(fixed, lf('TY  - JOUR', 'AB  - Results PY - Pain score', 'ER  - ', ''));
    });

    it('"Make this file readable by pandoc" is complete in one pass', () => {
      // A classic Mac file with a blank line inside a record.
      const mac = 'TY  - JOUR\rTI  - A\r\rAU  - B\rER  - \r';
      assert.equal(fixAll(mac), 'TY  - JOUR\r\nTI  - A\r\nAU  - B\r\nER  - \r\n');
      // A continuation line that ends with a bare CR before a tag pandoc ignores.
      const online = lf('TY  - JOUR', 'JF  - Journal of X', '(Online)\rJA  - J X', 'ER  - ', '');
      assert.deepEqual(pandocLeft(online).sort(), ['continuation', 'stray-cr']);
      assert.equal(fixAll(online), lf('TY  - JOUR', 'JF  - Journal of X (Online)', 'JA  - J X', 'ER  - ', ''));
      // Joining lines among harmless bare CRs (WoS `C3  - …\rC3  - …`) must not leave a file of mostly bare CRs.
      const wos = lf('TY  - JOUR', 'AB  - a', 'b', 'c', 'C3  - 1\rC3  - 2\rC3  - 3\rC3  - 4\rC3  - 5\rC3  - 6', 'ER  - ', '');
      assert.deepEqual(pandocLeft(wos), ['continuation']);
      assert.equal(fixAll(wos), lf('TY  - JOUR', 'AB  - a b c', 'C3  - 1', 'C3  - 2', 'C3  - 3', 'C3  - 4', 'C3  - 5', 'C3  - 6', 'ER  - ', ''));
      for (const text of [mac, online, wos]) {
        assert.deepEqual(pandocLeft(fixAll(text)), [], JSON.stringify(text));
        assert.equal(makeReadableByPandocFix(parseRis(fixAll(text))), undefined, JSON.stringify(text));
      }
    });

    it('"Make this file readable by pandoc" never composes overlapping edits (a note inserted where a blank line goes)', () => {
      // The note for `para two` goes at the end of AB's line, where the blank line's removal starts.
      const text = 'TY  - JOUR\r\nAB  - para one\r \rER  - \r\n\npara two\r \nTY  - JOUR\r\nER  - \r\n';
      const fixed = fixAll(text);
      assert.equal(fixed, 'TY  - JOUR\r\nAB  - para one\r\nN1  - para two\r\nER  - \r\n\n \nTY  - JOUR\r\nER  - \r\n');
      assert.equal(makeReadableByPandocFix(parseRis(fixed)), undefined);
    });

    it('"Make this file readable by pandoc" joins 250,000 continuation lines (no spread into a call)', function () {
      this.timeout(20_000);
      const text = `TY  - JOUR\nAB  - start\n${'more\n'.repeat(250_000)}ER  - \n`;
      const fix = makeReadableByPandocFix(parseRis(text));
      assert.ok(fix, 'the fix-all is offered');
      const fixed = applyEdits(text, fix.edits);
      assert.equal(fixed, `TY  - JOUR\nAB  - start${' more'.repeat(250_000)}\nER  - \n`);
      const doc = parseRis(text);
      const d = validateRis(doc).find((x) => x.data?.pandoc === 'continuation')!;
      const errors: unknown[] = [];
      const fixes = fixesForDiagnostic(doc, d, { onError: (e) => errors.push(e) });
      assert.deepEqual(errors, []);
      assert.ok(fixes.some((f) => f.title === 'Make this file readable by pandoc'));
    });
  });

  describe('Make this file readable by pandoc', () => {
    const NASTY = [
      '\ufeff',
      '',
      'Provider: JSTOR http://www.jstor.org',
      'Database: JSTOR',
      '',
      'TY  - JOUR',
      'au  - Doe, Jane',
      '  TI  - Indented title',
      'PMID  - 33355555',
      'AU  -Glued, Al',
      'KW  - article',
      'biostratigraphy',
      '',
      'AB  - Para one.',
      '',
      'Para two.',
      '',
      'PY  - 2020',
      'ER  - ',
      'NL  - J Psychol',
      '',
      '1.',
      'TY  - JOUR',
      'TI  - No end',
      'AU  - A\rAU  - B',
      'TY  - BOOK',
      'KW  -',
      'alpha',
      'beta',
      'ER  - ',
      'ER  - ',
      'Link to the Ovid Full Text or citation: http://ovid',
      'TY  - JOUR',
      'TI  - Last without ER',
    ].join('\n');

    it('is one source.fixAll whose result pandoc accepts, keeping every value', () => {
      const doc = parseRis(NASTY);
      const fix = makeReadableByPandocFix(doc);
      assert.ok(fix);
      assert.equal(fix.kind, 'source.fixAll');
      assert.equal(fix.title, 'Make this file readable by pandoc');
      assertNoOverlap(fix.edits);
      const after = applyEdits(NASTY, fix.edits);
      const doc2 = parseRis(after);
      const left = validateRis(doc2).filter((d) => d.code === DiagnosticCode.PandocIncompatible);
      assert.deepEqual(left.map((d) => d.message), []);
      assert.deepEqual(valueMultiset(doc2), valueMultiset(doc));
      assert.ok(after.startsWith('\ufeffTY  - JOUR\n'));
      assert.equal(doc2.records.length, doc.records.length);
      assert.equal(makeReadableByPandocFix(doc2), undefined);
    });

    it('is offered with every pandoc diagnostic, and only then', () => {
      const { fixes } = fixesFor(lf('TY  - JOUR', 'AB  - a', 'b', 'ER  - ', ''), DiagnosticCode.PandocIncompatible);
      assert.ok(fixes.some((f) => f.title === 'Make this file readable by pandoc'));
      assert.equal(makeReadableByPandocFix(parseRis(lf('TY  - JOUR', 'ER  - ', ''))), undefined);
    });

    it('is left out when the adapter asks for quick fixes only', () => {
      const doc = parseRis(lf('TY  - JOUR', 'AB  - a', 'b', 'ER  - ', ''));
      const d = validateRis(doc).find((x) => x.code === DiagnosticCode.PandocIncompatible)!;
      const fixes = fixesForDiagnostic(doc, d, { fileWide: false });
      assert.deepEqual(
        fixes.map((f) => f.kind),
        ['quickfix'],
      );
      assert.equal(makeReadableByPandocFix(doc), makeReadableByPandocFix(doc), 'cached per document');
    });

    it('can delete vendor headers instead of keeping them as notes', () => {
      const text = lf('Provider: X', 'TY  - JOUR', 'ER  - ', '', 'Provider: Y', 'Content: z', 'TY  - JOUR', 'ER  - ', '');
      const fix = makeReadableByPandocFix(parseRis(text), { headers: 'delete' });
      assert.equal(applyEdits(text, fix!.edits), lf('TY  - JOUR', 'ER  - ', '', 'TY  - JOUR', 'ER  - ', ''));
      const keep = makeReadableByPandocFix(parseRis(text));
      assert.equal(
        applyEdits(text, keep!.edits),
        lf('TY  - JOUR', 'N1  - Provider: X', 'ER  - ', '', 'TY  - JOUR', 'N1  - Provider: Y', 'N1  - Content: z', 'ER  - ', ''),
      );
    });
  });
  describe('pandoc: the end of the file, separators and line endings', () => {
    const pandocLeft = (text: string): string[] =>
      validateRis(parseRis(text))
        .filter((d) => d.code === DiagnosticCode.PandocIncompatible)
        .map((d) => d.data?.pandoc ?? '');

    it('adds the final line break after the last ER, with the file line ending', () => {
      assert.equal(applyFix('TY  - JOUR\nTI  - A\nER  - ', DiagnosticCode.PandocIncompatible, /Add a line break at the end/, 'final-newline'), 'TY  - JOUR\nTI  - A\nER  - \n');
      assert.equal(applyFix(crlf('TY  - JOUR', 'TI  - A', 'ER  -'), DiagnosticCode.PandocIncompatible, /line break at the end/, 'final-newline'), crlf('TY  - JOUR', 'TI  - A', 'ER  -', ''));
      const { fixes } = fixesFor('TY  - JOUR\nER  - ', DiagnosticCode.PandocIncompatible, 'final-newline');
      assert.deepEqual(
        fixes.map((f) => [f.title, f.kind, f.isPreferred ?? false]),
        [
          ['Add a line break at the end of the file', 'quickfix', true],
          ['Make this file readable by pandoc', 'source.fixAll', false],
        ],
      );
    });

    it('turns a final bare CR into the file line ending, keeping what follows', () => {
      assert.equal(applyFix('TY  - JOUR\nTI  - A\nER  - \r', DiagnosticCode.PandocIncompatible, /line break at the end/, 'final-newline'), 'TY  - JOUR\nTI  - A\nER  - \n');
      assert.equal(applyFix('TY  - JOUR\nTI  - A\nER  - \r  ', DiagnosticCode.PandocIncompatible, /line break at the end/, 'final-newline'), 'TY  - JOUR\nTI  - A\nER  - \r  \n');
    });

    it('editsPandocFinalLineBreak does nothing when a line feed follows the last content', () => {
      assert.deepEqual(editsPandocFinalLineBreak(parseRis('TY  - JOUR\nER  - \n  ')), []);
      assert.deepEqual(editsPandocFinalLineBreak(parseRis('')), []);
      assert.deepEqual(editsPandocFinalLineBreak(parseRis(' \t')), []);
    });

    it('"Make this file readable by pandoc" adds the final line break too (Scopus/ASP exports)', () => {
      const before = crlf('TY  - JOUR', 'AB  - a', 'b', 'ER  - ');
      const fix = makeReadableByPandocFix(parseRis(before));
      assert.equal(applyEdits(before, fix!.edits), crlf('TY  - JOUR', 'AB  - a b', 'ER  - ', ''));
      const only = 'TY  - JOUR\r\nTI  - A\r\nER  - ';
      assert.equal(applyEdits(only, makeReadableByPandocFix(parseRis(only))!.edits), `${only}\r\n`);
      const cr = 'TY  - JOUR\nTI  - A\nER  - \r';
      assert.equal(applyEdits(cr, makeReadableByPandocFix(parseRis(cr))!.edits), 'TY  - JOUR\nTI  - A\nER  - \n');
      // The last ER closes nothing: deleting it leaves the line break of the ER before.
      const stray = lf('TY  - JOUR', 'ER  - ', 'ER  - ');
      assert.equal(applyEdits(stray, makeReadableByPandocFix(parseRis(stray))!.edits), lf('TY  - JOUR', 'ER  - ', ''));
      // Text after the last ER on a line of its own, no line break: moved into a note, the ER ends the file with one.
      const junk = lf('TY  - JOUR', 'TI  - A', 'ER  - ', 'junk');
      const fixed = applyEdits(junk, makeReadableByPandocFix(parseRis(junk))!.edits);
      assert.equal(fixed, lf('TY  - JOUR', 'TI  - A', 'N1  - junk', 'ER  - ', ''));
      assert.deepEqual(pandocLeft(fixed), []);
    });

    it('rewrites a separator with a no-break space or an em space', () => {
      assert.equal(applyFix(lf('TY  - JOUR', 'AU  -\u00a0Doe, J', 'ER  - ', ''), DiagnosticCode.PandocIncompatible, /Rewrite as `AU {2}- `/, 'separator'), lf('TY  - JOUR', 'AU  - Doe, J', 'ER  - ', ''));
      assert.equal(applyFix(lf('TY  -\u2003JOUR', 'ER  - ', ''), DiagnosticCode.PandocIncompatible, /Rewrite as `TY {2}- `/, 'separator'), lf('TY  - JOUR', 'ER  - ', ''));
      assert.equal(applyFix(lf('TY  - JOUR', 'SP  -\u00a0', 'ER  - ', ''), DiagnosticCode.PandocIncompatible, /Rewrite/, 'separator'), lf('TY  - JOUR', 'SP  - ', 'ER  - ', ''));
      const all = lf('TY  - JOUR', 'AU  -\u00a0Doe', 'AB  -\u2003x', 'y', 'KW  - \u00a0kept', 'ER  - ', '');
      const fixed = applyEdits(all, makeReadableByPandocFix(parseRis(all))!.edits);
      assert.equal(fixed, lf('TY  - JOUR', 'AU  - Doe', 'AB  - x y', 'KW  - \u00a0kept', 'ER  - ', ''));
      assert.deepEqual(pandocLeft(fixed), []);
    });

    it('converts bare-CR line endings to CRLF, also in the lines the fix-all writes', () => {
      const text = 'TY  - JOUR\rTI  - A\rER  - \r';
      assert.equal(applyFix(text, DiagnosticCode.PandocIncompatible, /Convert the line endings to CRLF/, 'cr-line-endings'), 'TY  - JOUR\r\nTI  - A\r\nER  - \r\n');
      assert.deepEqual(
        editsCrLineEndings(parseRis('a\r\nb\rc')).map((e) => [e.start, e.newText]),
        [[4, '\r\n']],
      );
      const messy = 'TY  - JOUR\rAB  - a\rb\rTY  - JOUR\rTI  - B\rER  - ';
      const fixed = applyEdits(messy, makeReadableByPandocFix(parseRis(messy))!.edits);
      assert.equal(fixed, 'TY  - JOUR\r\nAB  - a b\r\nER  - \r\nTY  - JOUR\r\nTI  - B\r\nER  - \r\n');
      assert.deepEqual(pandocLeft(fixed), []);
    });
  });

  describe('citation keys', () => {
    const LIU = lf('TY  - JOUR', 'AU  - Liu, Xiao', 'PY  - 2021', 'TI  - Advances in deep learning', 'ER  - ', '');

    it('pins an unpinned key: one ID line after TY, every other byte unchanged', () => {
      const { fixes } = fixesFor(LIU, DiagnosticCode.UnpinnedKey);
      assert.equal(fixes[0]!.title, 'Pin citation key `liu2021advances`');
      assert.equal(fixes[0]!.isPreferred, true);
      assert.equal(fixes[0]!.kind, 'quickfix');
      const after = applyEdits(LIU, fixes[0]!.edits);
      assert.equal(after, `TY  - JOUR\nID  - liu2021advances\n${LIU.slice('TY  - JOUR\n'.length)}`);
      assert.deepEqual(
        validateRis(parseRis(after), { severities: { [DiagnosticCode.UnpinnedKey]: 'hint' } }).filter((d) => d.code === DiagnosticCode.UnpinnedKey),
        [],
      );
    });

    it('keeps the new key apart from the other keys of the file, and writes CRLF in a CRLF file', () => {
      const other = lf('TY  - BOOK', 'ID  - liu2021advances', 'ER  - ', '');
      assert.match(applyFix(other + LIU, DiagnosticCode.UnpinnedKey, /Pin citation key/), /ID {2}- liu2021advancesa\n/);
      const crlfText = crlf('TY  - JOUR', 'AU  - Liu, Xiao', 'PY  - 2021', 'ER  - ', '');
      assert.equal(applyFix(crlfText, DiagnosticCode.UnpinnedKey, /Pin citation key `liu2021`/), crlf('TY  - JOUR', 'ID  - liu2021', 'AU  - Liu, Xiao', 'PY  - 2021', 'ER  - ', ''));
    });

    it('uses the configured pin pattern', () => {
      const doc = parseRis(LIU);
      const d = validateRis(doc, { severities: { [DiagnosticCode.UnpinnedKey]: 'hint' } }).find((x) => x.code === DiagnosticCode.UnpinnedKey)!;
      const [pin] = fixesForDiagnostic(doc, d, { pinPattern: '{Author}_{year}' });
      assert.equal(pin!.title, 'Pin citation key `Liu_2021`');
      assert.equal(pinAllKeysFix(parseRis(LIU + LIU), '{Author}{year}')!.title, 'Pin the keys of all 2 records without an ID');
      assert.deepEqual(
        pinAllKeysFix(parseRis(LIU + LIU), '{Author}{year}')!.edits.map((e) => e.newText),
        ['ID  - Liu2021\n', 'ID  - Liu2021a\n'],
      );
    });

    it('puts the ID first in a record without TY', () => {
      const text = lf('AU  - Doe', 'PY  - 2001', 'ER  - ', '');
      assert.equal(applyFix(text, DiagnosticCode.UnpinnedKey, /Pin citation key `doe2001`/), lf('ID  - doe2001', 'AU  - Doe', 'PY  - 2001', 'ER  - ', ''));
    });

    it('pins an uncitable generated key (whitespace, or empty)', () => {
      const ieee = lf('TY  - CONF', 'AU  - A., B.', 'PY  - 4-8 Aug. 2020', 'TI  - The conference paper', 'ER  - ', '');
      const after = applyFix(ieee, DiagnosticCode.UncitableKey, /^Pin citation key `a2020conference`$/);
      assert.equal(after, lf('TY  - CONF', 'ID  - a2020conference', 'AU  - A., B.', 'PY  - 4-8 Aug. 2020', 'TI  - The conference paper', 'ER  - ', ''));
      assert.deepEqual(
        validateRis(parseRis(after)).filter((d) => d.code === DiagnosticCode.UncitableKey),
        [],
      );
      const empty = lf('TY  - JOUR', 'TI  - Nothing else', 'ER  - ', '');
      assert.equal(applyFix(empty, DiagnosticCode.UncitableKey), lf('TY  - JOUR', 'ID  - nothing', 'TI  - Nothing else', 'ER  - ', ''));
      const bare = lf('TY  - JOUR', 'DA  - 2020', 'ER  - ', '');
      assert.equal(applyFix(bare, DiagnosticCode.UncitableKey), lf('TY  - JOUR', 'ID  - 2020', 'DA  - 2020', 'ER  - ', ''));
    });

    it('replaces an ID that cannot be cited, keeping the old one in a note', () => {
      const text = lf('TY  - JOUR', 'AU  - Doe, J', 'PY  - 2001', 'TI  - Gamma rays', 'ID  - my key', 'ER  - ', '');
      const { fixes } = fixesFor(text, DiagnosticCode.UncitableKey);
      assert.deepEqual(
        fixes.map((f) => f.title),
        ['Pin citation key `doe2001gamma` (the old ID becomes a note)'],
      );
      const after = applyEdits(text, fixes[0]!.edits);
      assert.equal(after, lf('TY  - JOUR', 'ID  - doe2001gamma', 'AU  - Doe, J', 'PY  - 2001', 'TI  - Gamma rays', 'N1  - ID: my key', 'ER  - ', ''));
      assert.deepEqual(
        validateRis(parseRis(after)).filter((d) => d.code === DiagnosticCode.UncitableKey),
        [],
      );
      // Right after TY, too.
      const first = lf('TY  - JOUR', 'ID  - a b', 'ER  - ', '');
      assert.equal(applyFix(first, DiagnosticCode.UncitableKey), lf('TY  - JOUR', 'ID  - ref', 'N1  - ID: a b', 'ER  - ', ''));
    });

    it('offers "Pin the keys of all N records without an ID" with unpinned-key only, as a quickfix', () => {
      const text = [
        LIU,
        lf('TY  - JOUR', 'ID  - liu2021advances', 'ER  - ', ''),
        lf('TY  - JOUR', 'AU  - Liu, Y', 'PY  - 2021', 'TI  - Advances again', 'ER  - ', ''),
        lf('TY  - JOUR', 'TI  - Anonymous', 'ER  - ', ''),
      ].join('');
      const { fixes } = fixesFor(text, DiagnosticCode.UnpinnedKey);
      assert.deepEqual(
        fixes.map((f) => [f.title, f.kind]),
        [
          ['Pin citation key `liu2021advancesa`', 'quickfix'],
          ['Pin the keys of all 3 records without an ID', 'quickfix'],
        ],
      );
      const after = applyEdits(text, fixes[1]!.edits);
      const ids = parseRis(after).records.map((r) => r.fields.find((f) => f.tag === 'ID')?.value);
      assert.deepEqual(ids, ['liu2021advancesa', 'liu2021advances', 'liu2021advancesb', 'anonymous']);
      // Only insertions: removing the ID lines gives the original back.
      assert.equal(after.replace(/ID {2}- (liu2021advances[ab]|anonymous)\n/g, ''), text);
      assert.equal(pinAllKeysFix(parseRis(after)), undefined);
      // Not with uncitable-key, not without file-wide fixes, not for a single record.
      assert.ok(!fixesFor(text, DiagnosticCode.UncitableKey).fixes.some((f) => /Pin the keys/.test(f.title)));
      const doc = parseRis(text);
      const d = validateRis(doc, { severities: { [DiagnosticCode.UnpinnedKey]: 'hint' } }).find((x) => x.code === DiagnosticCode.UnpinnedKey)!;
      assert.deepEqual(
        fixesForDiagnostic(doc, d, { fileWide: false }).map((f) => f.title),
        ['Pin citation key `liu2021advancesa`'],
      );
      assert.equal(pinAllKeysFix(parseRis(LIU)), undefined);
    });

    it('offers nothing when the key changed since validation, or for a record pandoc merges into another', () => {
      const doc = parseRis(LIU);
      assert.deepEqual(fixesForDiagnostic(doc, { code: DiagnosticCode.UnpinnedKey, data: { recordIndex: 0, key: 'Other_2020' } }), []);
      assert.equal(fixesForDiagnostic(doc, { code: DiagnosticCode.UnpinnedKey, data: { recordIndex: 0, key: 'Liu_2021' } }).length, 1);
      const merged = parseRis(lf('TY  - JOUR', 'AU  - A', 'TY  - JOUR', 'AU  - B', 'ER  - ', ''));
      assert.deepEqual(fixesForDiagnostic(merged, { code: DiagnosticCode.UnpinnedKey, data: { recordIndex: 1, key: 'A_B' } }), []);
      assert.equal(applyEdits(merged.text, fixesForDiagnostic(merged, { code: DiagnosticCode.UnpinnedKey, data: { recordIndex: 0, key: 'A_B' } })[0]!.edits), lf('TY  - JOUR', 'ID  - a', 'AU  - A', 'TY  - JOUR', 'AU  - B', 'ER  - ', ''));
    });
  });
});
