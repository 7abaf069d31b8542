import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { decodeRisBytes, decodingProblem } from '../../../../src/core/ris/decode';
import { DiagnosticCode } from '../../../../src/core/validation/codes';
import { FILE_FIX_RULES, fileFixRule, fixText } from '../../../../src/core/fixes/fixFile';
import { parseRis } from '../../../../src/core/ris/parser';
import { validateRis } from '../../../../src/core/validation/validate';
import { corpusEntries, corpusMissing } from '../../helpers/corpus';

const FIXED_CODES = new Set<string>([DiagnosticCode.MissingEnd, DiagnosticCode.MalformedTagLine, DiagnosticCode.PandocIncompatible, DiagnosticCode.MedlineAuthorName]);

/** A vendor header, a tag line without a space after the hyphen, a continuation line, a record without ER, a lower-case tag. */
const BROKEN = [
  'Provider: Example',
  'Database: Example DB',
  '',
  'TY  - JOUR',
  'AU  -Kuprel, B.',
  'TI  - Dermatologist-level classification',
  'of skin cancer',
  'PY  - 2017',
  'ER  - ',
  '',
  'TY - JOUR',
  'au  - Doe, J.',
  'TI  - Second',
  'PY  - 2020',
].join('\r\n');

function codes(text: string): string[] {
  return validateRis(parseRis(text)).map((d) => d.code);
}

function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

describe('fixText: the file-wide fixes of `ris-references fix`', () => {
  it('by default leaves nothing the fixes are for, loses no word, and keeps the line endings', () => {
    assert.ok(codes(BROKEN).some((c) => FIXED_CODES.has(c)));
    const { text, fixed } = fixText(BROKEN);
    assert.deepEqual(codes(text).filter((c) => FIXED_CODES.has(c)), []);
    assert.deepEqual(fixed, [DiagnosticCode.PandocIncompatible, DiagnosticCode.MalformedTagLine]);
    for (const w of words(BROKEN)) assert.ok(words(text).includes(w), `${w} is kept (tags may change case)`);
    assert.ok(!/[^\r]\n/.test(text), 'every line break is CRLF');
    assert.equal(fixText(text).text, text, 'a second run changes nothing');
  });

  it('with one rule applies only its fix', () => {
    const ends = fixText(BROKEN, [fileFixRule('missing-end')!]);
    assert.equal(ends.text, `${BROKEN}\r\nER  - \r\n`);
    assert.deepEqual(ends.fixed, [DiagnosticCode.MissingEnd]);
    const tags = fixText(BROKEN, [fileFixRule('ris.malformed-tag-line')!]).text;
    assert.equal(tags, BROKEN.replace('AU  -Kuprel', 'AU  - Kuprel').replace('TY - JOUR', 'TY  - JOUR').replace('au  - Doe', 'AU  - Doe'));
  });

  it('with the pandoc rule is exactly "Make File Readable by pandoc", which keeps `TY - JOUR` (pandoc reads it)', () => {
    const { text } = fixText(BROKEN, [fileFixRule('pandoc-incompatible')!]);
    assert.ok(text.includes('\r\nTY - JOUR\r\n'));
    assert.ok(text.includes('N1  - Provider: Example'));
    assert.deepEqual(codes(text).filter((c) => c === DiagnosticCode.PandocIncompatible), []);
  });

  it('knows each rule by its code, with or without `ris.`', () => {
    for (const r of FILE_FIX_RULES) {
      assert.equal(fileFixRule(r.code), r);
      assert.equal(fileFixRule(r.code.slice(4)), r);
    }
    assert.equal(fileFixRule('ris.unknown-tag'), undefined);
    assert.equal(fileFixRule('bogus'), undefined);
  });

  it('changes nothing in a clean file', () => {
    const clean = 'TY  - JOUR\nAU  - Doe, J.\nTI  - T\nPY  - 2020\nER  - \n';
    assert.deepEqual(fixText(clean), { text: clean, fixed: [] });
  });
});

describe('fixText on the shared corpus', function () {
  if (corpusMissing()) return;

  it('leaves no fixable problem, loses no word, and a second run changes nothing', function () {
    this.timeout(120000);
    let fixedFiles = 0;
    for (const entry of corpusEntries()) {
      const bytes = fs.readFileSync(entry.full);
      const decoded = decodeRisBytes(bytes);
      if (decodingProblem(bytes, decoded) !== undefined) continue; // `fix` leaves these alone
      const { text } = fixText(decoded.text);
      if (text === decoded.text) continue;
      fixedFiles++;
      const doc = parseRis(text);
      const left = validateRis(doc, { encoding: decoded }).filter(
        // What no text edit fixes: a file that is not UTF-8, lines outside records in a file without any.
        (d) => FIXED_CODES.has(d.code) && d.data?.pandoc !== 'encoding' && doc.records.length > 0,
      );
      assert.deepEqual(left.map((d) => `${d.code}: ${d.message}`), [], entry.file);
      const after = new Map<string, number>();
      for (const w of words(text)) after.set(w, (after.get(w) ?? 0) + 1);
      for (const w of words(decoded.text)) {
        const n = after.get(w) ?? 0;
        assert.ok(n > 0, `${entry.file}: "${w}" is kept`);
        after.set(w, n - 1);
      }
      assert.equal(fixText(text).text, text, `${entry.file}: a second run changes nothing`);
    }
    assert.ok(fixedFiles > 0);
  });
});
