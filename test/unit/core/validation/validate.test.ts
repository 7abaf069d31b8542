import * as assert from 'node:assert/strict';
import { DEFAULT_SEVERITIES, DiagnosticCode, type Severity } from '../../../../src/core/validation/codes';
import { DuplicateIndex } from '../../../../src/core/validation/duplicateIndex';
import { parseRis } from '../../../../src/core/ris/parser';
import { pandocRejects, type PandocProblem, type RisDiagnostic, type ValidateOptions } from '../../../../src/core/validation/diagnostic';
import { pandocFinalEndWithoutLineBreak, pandocSeparatorProblem } from '../../../../src/core/validation/pandocReading';
import { validateRis } from '../../../../src/core/validation/validate';
import { checkDateValue, checkDoiValue, checkPages, checkStandardNumbers } from '../../../../src/core/validation/valueChecks';

const lf = (...lines: string[]): string => lines.join('\n');

/** A clean two-record file that no rule (at any severity) should flag. */
const CLEAN = lf(
  'TY  - JOUR',
  'ID  - shannon1948',
  'AU  - Shannon, Claude E.',
  'TI  - A Mathematical Theory of Communication',
  'T2  - Bell System Technical Journal',
  'PY  - 1948',
  'DA  - 1948/07//',
  'VL  - 27',
  'IS  - 3',
  'SP  - 379',
  'EP  - 423',
  'SN  - 0005-8580',
  'DO  - 10.1002/j.1538-7305.1948.tb01338.x',
  'ER  - ',
  '',
  'TY  - BOOK',
  'A1  - Knuth, Donald',
  'T1  - The Art of Computer Programming',
  'Y1  - 1968///',
  'SN  - 978-0-201-89683-1',
  'ID  - knuth1968',
  'ER  - ',
  '',
);

/** Every code at `hint` at least, so that nothing is hidden by a default `ignore`. */
const ALL_ON: Partial<Record<DiagnosticCode, Severity>> = Object.fromEntries(
  Object.entries(DEFAULT_SEVERITIES).map(([k, v]) => [k, v === 'ignore' ? 'hint' : v]),
);

function validate(text: string, options: ValidateOptions = {}): RisDiagnostic[] {
  return validateRis(parseRis(text), { severities: ALL_ON, ...options });
}

function ofCode(ds: RisDiagnostic[], code: DiagnosticCode): RisDiagnostic[] {
  return ds.filter((d) => d.code === code);
}

function only(text: string, code: DiagnosticCode, options: ValidateOptions = {}): RisDiagnostic[] {
  return ofCode(validate(text, options), code);
}

const covered = (text: string, d: RisDiagnostic): string => text.slice(d.start, d.end);

describe('validateRis', () => {
  it('reports nothing on a clean file', () => {
    assert.deepEqual(validate(CLEAN), []);
  });

  it('returns diagnostics sorted by position and never with severity ignore', () => {
    const text = lf('TY  - JURN', 'TI  - x', 'PY  - 0000', 'ER  - ', 'ER  - ', '');
    const ds = validate(text);
    for (let i = 1; i < ds.length; i++) assert.ok(ds[i - 1]!.start <= ds[i]!.start);
    assert.ok(ds.every((d) => d.severity !== ('ignore' as string)));
  });

  it('uses the default for a severity given as undefined', () => {
    const text = lf('TY  - JOUR', 'TI  - A');
    const [d] = validateRis(parseRis(text), { severities: { [DiagnosticCode.MissingEnd]: undefined } }).filter((x) => x.code === DiagnosticCode.MissingEnd);
    assert.equal(d?.severity, 'error');
  });

  it('produces nothing for a rule set to ignore', () => {
    const text = lf('TY  - JOUR', 'TI  - x', 'PY  - 0000', 'ER  - ', '');
    assert.equal(only(text, DiagnosticCode.InvalidDate).length, 1);
    assert.equal(only(text, DiagnosticCode.InvalidDate, { severities: { [DiagnosticCode.InvalidDate]: 'ignore' } }).length, 0);
  });

  describe('ris.missing-type', () => {
    it('flags a record without TY on its first line', () => {
      const text = lf('AU  - Doe, J', 'TI  - T', 'ER  - ', '');
      const [d] = only(text, DiagnosticCode.MissingType);
      assert.ok(d);
      assert.equal(covered(text, d), 'AU  - Doe, J');
      assert.equal(d.severity, 'error');
      assert.deepEqual(d.data, { recordIndex: 0 });
      assert.match(d.message, /no TY line/);
    });
    it('flags an empty TY', () => {
      const text = lf('TY  - ', 'TI  - T', 'ER  - ', '');
      const [d] = only(text, DiagnosticCode.MissingType);
      assert.ok(d);
      assert.deepEqual(d.data, { recordIndex: 0, fieldIndex: 0 });
    });
    it('does not flag a record with a type', () => {
      assert.equal(only(CLEAN, DiagnosticCode.MissingType).length, 0);
    });
  });

  describe('ris.missing-end', () => {
    it('says when the next TY started', () => {
      const text = lf('TY  - JOUR', 'TI  - A', 'TY  - JOUR', 'TI  - B', 'ER  - ', '');
      const [d] = only(text, DiagnosticCode.MissingEnd);
      assert.ok(d);
      assert.equal(covered(text, d), 'TI  - A');
      assert.match(d.message, /next record's TY \(line 3\)/);
      assert.deepEqual(d.data, { recordIndex: 0, reason: 'next-type' });
    });
    it('says when the file ended', () => {
      const text = lf('TY  - JOUR', 'TI  - A', 'PY  - 2000');
      const [d] = only(text, DiagnosticCode.MissingEnd);
      assert.ok(d);
      assert.equal(covered(text, d), 'PY  - 2000');
      assert.match(d.message, /file ends first/);
      assert.equal(d.data?.reason, 'end-of-file');
    });
    it('does not flag closed records', () => {
      assert.equal(only(CLEAN, DiagnosticCode.MissingEnd).length, 0);
    });
  });

  describe('ris.end-without-start', () => {
    it('flags a doubled ER', () => {
      const text = lf('TY  - JOUR', 'TI  - A', 'ER  - ', 'ER  - ', '');
      const [d] = only(text, DiagnosticCode.EndWithoutStart);
      assert.ok(d);
      assert.equal(covered(text, d), 'ER  -');
      assert.deepEqual(d.data, { outsideStart: 0, outsideEnd: 0 });
    });
    it('does not flag a normal ER', () => {
      assert.equal(only(CLEAN, DiagnosticCode.EndWithoutStart).length, 0);
    });
  });

  describe('ris.text-outside-record', () => {
    it('groups a vendor header run into one diagnostic that targets the next record', () => {
      const text = lf('Provider: JSTOR http://www.jstor.org', 'Database: JSTOR', 'Content: text/plain', '', 'TY  - JOUR', 'TI  - A', 'ER  - ', '');
      const [d, ...rest] = only(text, DiagnosticCode.TextOutsideRecord);
      assert.ok(d);
      assert.equal(rest.length, 0);
      assert.equal(covered(text, d), 'Provider: JSTOR http://www.jstor.org\nDatabase: JSTOR\nContent: text/plain');
      assert.match(d.message, /3 lines before the first record \(a vendor header/);
      assert.deepEqual(d.data, { outsideStart: 0, outsideEnd: 2, header: true, targetRecord: 0, placement: 'following' });
      assert.equal(d.severity, 'info');
    });
    it('describes a tag line after ER (Ovid NL) and targets the previous record', () => {
      const text = lf('TY  - JOUR', 'TI  - A', 'ER  - ', 'NL  - J Psychol', '', 'TY  - JOUR', 'TI  - B', 'ER  - ', '');
      const [d] = only(text, DiagnosticCode.TextOutsideRecord);
      assert.ok(d);
      assert.match(d.message, /a tag line after ER/);
      assert.equal(d.data?.placement, 'preceding');
      assert.equal(d.data?.targetRecord, 0);
      assert.equal(d.data?.header, false);
    });
    it('describes numbering and separates runs by blank lines', () => {
      const text = lf('1.', '', 'TY  - JOUR', 'TI  - A', 'ER  - ', 'Link to the Ovid Full Text or citation: http://x', '', '2.', 'TY  - JOUR', 'TI  - B', 'ER  - ', '');
      const ds = only(text, DiagnosticCode.TextOutsideRecord);
      assert.equal(ds.length, 3);
      assert.match(ds[0]!.message, /record numbering/);
      assert.match(ds[1]!.message, /Ovid 'Link to…' line/);
      assert.equal(ds[1]!.data?.placement, 'preceding');
      assert.equal(ds[2]!.data?.placement, 'following');
    });
    it('does not flag blank lines between records', () => {
      assert.equal(only(CLEAN, DiagnosticCode.TextOutsideRecord).length, 0);
    });
  });

  describe('ris.malformed-tag-line', () => {
    it('reports a file written throughout with one space before the hyphen once, and hints the rest', () => {
      const record = ['TY - JOUR', 'AU - Liu, X.', 'AU - Gao, K.', 'TI - A title', 'PY - 2021', 'ER  - '];
      const ds = only([...record, '', ...record, ''].join('\n'), DiagnosticCode.MalformedTagLine);
      assert.equal(ds.length, 10);
      assert.deepEqual(ds.map((d) => d.severity), ['warning', ...Array(9).fill('hint')]);
      assert.match(ds[0]!.message, /writes 10 tag lines this way/);
      // A single odd line in a canonical file keeps its warning.
      const one = only(['TY  - JOUR', 'AU - Liu, X.', 'TI  - T', 'PY  - 2021', 'ER  - ', ''].join('\n'), DiagnosticCode.MalformedTagLine);
      assert.deepEqual(one.map((d) => d.severity), ['warning']);
    });

    const cases: [string, string, RegExp][] = [
      ['TY - JOUR', 'separator-spacing', /exactly two spaces/],
      ['TY\t- JOUR', 'separator-tab', /contains a tab/],
      ['AU  -Doe', 'no-space-after-hyphen', /no space after the hyphen/],
      ['au  - Doe', 'lowercase-tag', /lower case/],
      ['  AU  - Doe', 'indented', /indented/],
      ['PMID  - 123', 'long-tag', /not a RIS tag: tags have exactly two characters/],
    ];
    for (const [line, issue, re] of cases) {
      it(`flags ${issue}`, () => {
        const text = line.startsWith('TY') ? lf(line, 'TI  - A', 'ER  - ', '') : lf('TY  - JOUR', line, 'ER  - ', '');
        const ds = only(text, DiagnosticCode.MalformedTagLine);
        assert.equal(ds.length, 1, JSON.stringify(ds));
        assert.equal(ds[0]!.data?.issue, issue);
        assert.match(ds[0]!.message, re);
        assert.match(ds[0]!.message, /`[A-Z0-9]{2} {2}- /);
      });
    }
    it('flags a malformed ER line with endTag data', () => {
      const text = lf('TY  - JOUR', 'TI  - A', 'ER -', '');
      const [d] = only(text, DiagnosticCode.MalformedTagLine);
      assert.ok(d);
      assert.deepEqual(d.data, { recordIndex: 0, endTag: true, issue: 'separator-spacing' });
    });
    it('accepts two spaces after the hyphen and empty values', () => {
      const text = lf('TY  -  JOUR', 'TI  -  A', 'SP  -', 'ER  -  ', '');
      assert.equal(only(text, DiagnosticCode.MalformedTagLine).length, 0);
    });
  });

  describe('ris.unknown-tag', () => {
    it('flags a tag nobody uses', () => {
      const text = lf('TY  - JOUR', 'XY  - what', 'ER  - ', '');
      const [d] = only(text, DiagnosticCode.UnknownTag);
      assert.ok(d);
      assert.equal(covered(text, d), 'XY');
    });
    it('knows vendor tags (WoS WE/J9, Embase U2, Citavi H1) and spec tags', () => {
      const text = lf('TY  - JOUR', 'WE  - SCI', 'J9  - J ABBR', 'U2  - L123', 'H1  - lib', 'C7  - 12', 'ER  - ', '');
      assert.equal(only(text, DiagnosticCode.UnknownTag).length, 0);
    });
  });

  describe('ris.unknown-type', () => {
    it('names the nearest known type', () => {
      const text = lf('TY  - JURN', 'TI  - A', 'ER  - ', '');
      const [d] = only(text, DiagnosticCode.UnknownType);
      assert.ok(d);
      assert.equal(covered(text, d), 'JURN');
      assert.equal(d.data?.suggestion, 'JOUR');
      assert.match(d.message, /nearest known type is `JOUR`/);
    });
    it('flags non-standard codes such as JOURN but not EndNote WEB', () => {
      assert.equal(only(lf('TY  - JOURN', 'ER  - ', ''), DiagnosticCode.UnknownType).length, 1);
      assert.equal(only(lf('TY  - WEB', 'ER  - ', ''), DiagnosticCode.UnknownType).length, 0);
      assert.equal(only(lf('TY  - EDBOOK', 'ER  - ', ''), DiagnosticCode.UnknownType).length, 0);
    });
  });

  describe('ris.repeated-tag', () => {
    it('flags a non-repeatable tag repeated with a different value', () => {
      const text = lf('TY  - JOUR', 'TI  - A', 'PY  - 2001', 'PY  - 2002', 'ER  - ', '');
      const [d] = only(text, DiagnosticCode.RepeatedTag);
      assert.ok(d);
      assert.equal(covered(text, d), 'PY  - 2002');
      assert.deepEqual(d.data, { recordIndex: 0, fieldIndex: 3, firstFieldIndex: 2 });
      assert.equal(d.related?.length, 1);
    });
    it('does not flag identical repeats, list tags, or tags repeated in practice (SN, AD, N1)', () => {
      const text = lf(
        'TY  - JOUR',
        'PY  - 2001',
        'PY  - 2001',
        'AU  - A',
        'AU  - B',
        'KW  - x',
        'KW  - y',
        'SN  - 1234-5679',
        'SN  - 0005-8580',
        'AD  - Here',
        'AD  - There',
        'N1  - one',
        'N1  - two',
        'ER  - ',
        '',
      );
      assert.equal(only(text, DiagnosticCode.RepeatedTag).length, 0);
    });
  });

  describe('ris.empty-value', () => {
    it('flags an empty value as a hint by default', () => {
      const text = lf('TY  - JOUR', 'SP  -', 'ER  - ', '');
      const ds = validateRis(parseRis(text)).filter((d) => d.code === DiagnosticCode.EmptyValue);
      assert.equal(ds.length, 1);
      assert.equal(ds[0]!.severity, 'hint');
    });
    it('does not flag an empty tag line continued on the next line', () => {
      const text = lf('TY  - JOUR', 'KW  -', 'article', 'ER  - ', '');
      assert.equal(only(text, DiagnosticCode.EmptyValue).length, 0);
    });
  });

  describe('ris.invalid-date', () => {
    const valid = ['2014', '2014//', '1991///', '2022/07//', '2024/04/03/', '2017/04/07/online', '2020/02/29', '1998///Spring', '2024-02-01', '1983-03//', '2023/01/23/21:42:58', '1914//04/1914-05'];
    for (const v of valid) {
      it(`accepts ${v}`, () => assert.equal(checkDateValue('DA', v), undefined));
    }
    const problems: [string, string][] = [
      ['PY', '0000'],
      ['PY', '2019/13//'],
      ['DA', '2019/02/30/'],
      ['DA', '2019/02/29'],
      ['PY', '10 15'],
      ['PY', 'Publication Year'],
      ['Y1', '2015/october'],
      ['PY', '///'],
    ];
    for (const [tag, v] of problems) {
      it(`rejects ${tag} ${v}`, () => assert.equal(checkDateValue(tag, v)?.level, 'problem'));
    }
    const notes: [string, string][] = [
      ['Y1', 'Mar. 2017'],
      ['Y1', '4-8 Aug. 2020'],
      ['DA', 'SEP 22'],
      ['DA', 'DEC'],
      ['DA', '2023 AUG 7'],
      ['DA', '2012-August-08'],
    ];
    for (const [tag, v] of notes) {
      it(`notes free text ${tag} ${v}`, () => assert.equal(checkDateValue(tag, v)?.level, 'note'));
    }
    it('reports 0000 at the configured severity and free text as a hint', () => {
      const text = lf('TY  - JOUR', 'PY  - 0000', 'Y1  - Mar. 2017', 'ER  - ', '');
      const ds = only(text, DiagnosticCode.InvalidDate);
      assert.deepEqual(
        ds.map((d) => [covered(text, d), d.severity]),
        [
          ['0000', 'warning'],
          ['Mar. 2017', 'hint'],
        ],
      );
      assert.match(ds[0]!.message, /Scopus writes 0000/);
    });
  });

  describe('ris.invalid-doi', () => {
    it('accepts bare DOIs', () => {
      assert.equal(checkDoiValue('10.1002/j.1538-7305.1948.tb01338.x'), undefined);
      assert.equal(checkDoiValue('10.1016/S2542-5196(21)00179-0'), undefined);
    });
    it('accepts a prefixed DOI with a note suggesting the bare form', () => {
      for (const v of ['https://doi.org/10.1000/xyz', 'http://dx.doi.org/10.1000/xyz', 'doi:10.1000/xyz', 'DOI: 10.1000/xyz']) {
        const p = checkDoiValue(v);
        assert.equal(p?.level, 'note', v);
        assert.equal(p?.suggestion, '10.1000/xyz');
      }
    });
    it('rejects what is not a DOI', () => {
      for (const v of ['10.12/abc', '11.1000/x', '10.1000/', '10.1000/a b', 'not a doi', '10.1234567890/x']) {
        assert.equal(checkDoiValue(v)?.level, 'problem', v);
      }
    });
    it('reports on the DO value only', () => {
      const text = lf('TY  - JOUR', 'DO  - 10.12/x', 'UR  - 10.12/x', 'ER  - ', '');
      const ds = only(text, DiagnosticCode.InvalidDoi);
      assert.equal(ds.length, 1);
      assert.equal(covered(text, ds[0]!), '10.12/x');
    });
  });

  describe('ris.invalid-issn / ris.invalid-isbn', () => {
    it('checks every number of an SN value', () => {
      assert.deepEqual(checkStandardNumbers('0005-8580 1538-7305'), []);
      assert.deepEqual(checkStandardNumbers('2041-1723 (Print); 1469-185X (Electronic)'), []);
      assert.deepEqual(checkStandardNumbers('20411723 (ISSN)'), []);
      assert.deepEqual(checkStandardNumbers('978-0-201-89683-1'), []);
      assert.deepEqual(checkStandardNumbers('0-7803-6552-6'), []);
      assert.deepEqual(checkStandardNumbers('9780199682676'), []);
      const bad = checkStandardNumbers('0005-8581; 978-0-201-89683-2 0-7803-6552-7');
      assert.deepEqual(
        bad.map((p) => [p.kind, p.token]),
        [
          ['issn', '0005-8581'],
          ['isbn', '978-0-201-89683-2'],
          ['isbn', '0-7803-6552-7'],
        ],
      );
      assert.match(bad[0]!.message, /check digit should be 0/);
    });
    it('ignores tokens that are neither', () => {
      assert.deepEqual(checkStandardNumbers('Print ISSN: none, 12345'), []);
    });
    it('reports each bad number at its own position, also on continuation lines', () => {
      const text = lf('TY  - JOUR', 'SN  - 0005-8580', '0005-8581', 'ER  - ', '');
      const ds = only(text, DiagnosticCode.InvalidIssn);
      assert.equal(ds.length, 1);
      assert.equal(covered(text, ds[0]!), '0005-8581');
      const isbn = lf('TY  - BOOK', 'SN  - 978-0-201-89683-2', 'ER  - ', '');
      assert.equal(only(isbn, DiagnosticCode.InvalidIsbn).length, 1);
      assert.equal(only(isbn, DiagnosticCode.InvalidIssn).length, 0);
    });
  });

  describe('ris.invalid-pages', () => {
    it('accepts the forms real exports use', () => {
      for (const [sp, ep] of [
        ['123-130', undefined],
        ['245--257', undefined],
        ['e0175947', undefined],
        ['S105', 'S225'],
        ['ix + 246', undefined],
        ['1279‐1297', undefined],
        ['47+', undefined],
        ['123', '+'],
        ['305-13', undefined],
        ['iii', 'xv'],
        ['1122', '1131.e9'],
        ['1122-1131.e9', undefined],
      ] as [string, string | undefined][]) {
        assert.deepEqual(checkPages(sp, ep), [], `${sp} ${ep}`);
      }
    });
    it('flags junk, reversed and abbreviated pages', () => {
      assert.equal(checkPages('No', 'Specified').length, 2);
      assert.equal(checkPages('pp.', undefined).length, 1);
      assert.match(checkPages('130', '123')[0]!.problem.message, /before SP/);
      const abbr = checkPages('1234', '38')[0]!.problem;
      assert.equal(abbr.suggestion, '1238');
      assert.match(checkPages('130-123', undefined)[0]!.problem.message, /ends/);
    });
    it('reports on the EP value with a suggestion', () => {
      const text = lf('TY  - JOUR', 'SP  - 215', 'EP  - 20', 'ER  - ', '');
      const [d] = only(text, DiagnosticCode.InvalidPages);
      assert.ok(d);
      assert.equal(covered(text, d), '20');
      assert.deepEqual(d.data, { recordIndex: 0, fieldIndex: 2, suggestion: '220' });
    });
  });

  describe('ris.missing-field', () => {
    it('lists everything missing in one diagnostic on the first line', () => {
      const text = lf('TY  - JOUR', 'T2  - Journal', 'ER  - ', '');
      const [d, ...rest] = only(text, DiagnosticCode.MissingField);
      assert.ok(d);
      assert.equal(rest.length, 0);
      assert.equal(covered(text, d), 'TY  - JOUR');
      assert.deepEqual(d.data?.missing, ['title', 'author', 'year']);
      assert.match(d.message, /no title \(TI or T1\), no author \(AU or A1\) and no year/);
    });
    it('accepts old-spec and 2011 tags', () => {
      const text = lf('TY  - JOUR', 'CT  - t', 'A2  - e', 'DA  - 2000///', 'ER  - ', '');
      assert.equal(only(text, DiagnosticCode.MissingField).length, 0);
    });
  });

  describe('ris.duplicate-id', () => {
    it('flags the second record with the same ID, linking the first', () => {
      const text = lf('TY  - JOUR', 'ID  - 12', 'ER  - ', 'TY  - JOUR', 'ID  - 12', 'ER  - ', '');
      const [d, ...rest] = only(text, DiagnosticCode.DuplicateId, { uri: 'file:///a.ris' });
      assert.ok(d);
      assert.equal(rest.length, 0);
      assert.equal(d.start, text.lastIndexOf('12'));
      assert.match(d.message, /Within one file pandoc keeps the first as `12` and renames this one `12a`, so `@12` cites the other record/);
      assert.match(d.message, /Across the files of one bibliography pandoc renames nothing: the record of the later file hides the earlier one/);
      assert.deepEqual(d.related?.[0]?.location, { uri: 'file:///a.ris', start: text.indexOf('12'), end: text.indexOf('12') + 2 });
    });
    it('names the key pandoc gives each later record (`b` for the third), with braces where Markdown needs them', () => {
      const text = lf('TY  - JOUR', 'ID  - x.', 'ER  - ', 'TY  - JOUR', 'ID  - x.', 'ER  - ', 'TY  - JOUR', 'ID  - x.', 'ER  - ', '');
      const ds = only(text, DiagnosticCode.DuplicateId);
      assert.equal(ds.length, 2);
      assert.match(ds[0]!.message, /renames this one `x\.a`, so `@\{x\.\}` cites the other record/);
      assert.match(ds[1]!.message, /renames this one `x\.b`/);
    });
    it('counts a generated key that equals the ID (pandoc renames by key, not by ID line)', () => {
      const text = lf('TY  - JOUR', 'AU  - Doe', 'PY  - 2001', 'ER  - ', 'TY  - JOUR', 'ID  - k', 'ER  - ', 'TY  - JOUR', 'ID  - Doe_2001', 'ER  - ', 'TY  - JOUR', 'ID  - k', 'ER  - ', '');
      const [d, ...rest] = only(text, DiagnosticCode.DuplicateId);
      assert.ok(d);
      assert.equal(rest.length, 0);
      assert.match(d.message, /renames this one `ka`/);
    });
    it('does not flag different IDs', () => {
      assert.equal(only(lf('TY  - JOUR', 'ID  - 1', 'ER  - ', 'TY  - JOUR', 'ID  - 2', 'ER  - ', ''), DiagnosticCode.DuplicateId).length, 0);
    });
  });

  describe('ris.duplicate-record', () => {
    const rec = (doi: string, title: string, author = 'Doe, Jane', year = '2020'): string =>
      lf('TY  - JOUR', `AU  - ${author}`, `TI  - ${title}`, `PY  - ${year}`, ...(doi ? [`DO  - ${doi}`] : []), 'ER  - ', '');
    it('finds the same DOI within a file (case and prefix ignored)', () => {
      const text = rec('10.1000/ABC', 'One') + rec('https://doi.org/10.1000/abc', 'Two');
      const [d, ...rest] = only(text, DiagnosticCode.DuplicateRecord);
      assert.ok(d);
      assert.equal(rest.length, 0);
      assert.equal(d.data?.recordIndex, 1);
      assert.match(d.message, /same DOI/);
      assert.equal(d.related?.length, 1);
    });
    it('finds the same title, year and first author', () => {
      const text = rec('', 'The Café: revisited.') + rec('', 'the cafe revisited', 'Doe, J.');
      assert.equal(only(text, DiagnosticCode.DuplicateRecord).length, 1);
    });
    it('does not match different years or authors', () => {
      const text = rec('', 'Same title') + rec('', 'Same title', 'Doe, Jane', '2021') + rec('', 'Same title', 'Roe, Rick');
      assert.equal(only(text, DiagnosticCode.DuplicateRecord).length, 0);
    });
    const cited = (pages: string, author = 'Le Quintrec, M.'): string =>
      lf('TY  - JOUR', `AU  - ${author}`, 'TI  - Anti-factor H autoantibodies in a fifth renal transplant recipient', 'PY  - 2009', 'T2  - American Journal of Transplantation', 'VL  - 9', `SP  - ${pages}`, 'ER  - ', '');
    it('drops a pair the deduplication engine vetoes (same title, year and author; other pages of the journal)', () => {
      // The old rule flagged the correction notice printed later in the volume; the engine keeps them apart.
      assert.equal(only(cited('1223-1229') + cited('2205'), DiagnosticCode.DuplicateRecord).length, 0);
      // The same article from another database is still flagged, against the article, not the notice.
      const ds = only(cited('2205') + cited('1223-1229') + cited('1223-9', 'Le Quintrec M'), DiagnosticCode.DuplicateRecord);
      assert.equal(ds.length, 1);
      assert.equal(ds[0]!.data?.recordIndex, 2);
      assert.deepEqual(
        ds[0]!.data?.duplicates?.map((d) => d.recordIndex),
        [1],
      );
      // Across files, through the index.
      const index = new DuplicateIndex();
      const a = parseRis(cited('1223-1229'));
      index.set('file:///a.ris', a);
      index.set('file:///b.ris', parseRis(cited('2205')));
      assert.equal(validateRis(a, { uri: 'file:///a.ris', duplicates: index }).filter((d) => d.code === DiagnosticCode.DuplicateRecord).length, 0);
      index.set('file:///b.ris', parseRis(cited('1223-9')));
      assert.equal(validateRis(a, { uri: 'file:///a.ris', duplicates: index }).filter((d) => d.code === DiagnosticCode.DuplicateRecord).length, 1);
    });
    it('finds duplicates in other files through the index, and updates incrementally', () => {
      const index = new DuplicateIndex();
      const a = parseRis(rec('10.1000/x', 'A'));
      const b = parseRis(rec('', 'Other') + rec('10.1000/x', 'A again'));
      index.set('file:///a.ris', a);
      index.set('file:///b.ris', b);
      const ds = validateRis(a, { uri: 'file:///a.ris', duplicates: index }).filter((d) => d.code === DiagnosticCode.DuplicateRecord);
      assert.equal(ds.length, 1);
      assert.deepEqual(ds[0]!.related?.[0]?.location, { uri: 'file:///b.ris', line: 5 });
      assert.match(ds[0]!.message, /b\.ris:6/);
      assert.equal(index.duplicatesOf('file:///b.ris', 1).length, 1);
      // Replacing b without the DOI removes the match; a is not re-read.
      index.set('file:///b.ris', parseRis(rec('', 'Other')));
      assert.equal(validateRis(a, { uri: 'file:///a.ris', duplicates: index }).filter((d) => d.code === DiagnosticCode.DuplicateRecord).length, 0);
      index.set('file:///b.ris', b);
      index.remove('file:///b.ris');
      assert.equal(index.recordsWithKey('doi:10.1000/x').length, 1);
      assert.equal(index.fileCount, 1);
    });
  });

  describe('ris.encoding', () => {
    it('flags a Windows-1252 fallback and pandoc', () => {
      const text = lf('TY  - JOUR', 'AU  - Müller', 'ER  - ', '');
      const ds = validate(text, { encoding: { encoding: 'windows-1252', fallback: true, replacementCharacters: 0 } });
      assert.equal(ofCode(ds, DiagnosticCode.Encoding).length, 1);
      assert.equal(ofCode(ds, DiagnosticCode.PandocIncompatible).filter((d) => d.data?.pandoc === 'encoding').length, 1);
    });
    it('flags each U+FFFD', () => {
      const text = lf('TY  - JOUR', 'AU  - M\ufffdller', 'TI  - \ufffd', 'ER  - ', '');
      const ds = only(text, DiagnosticCode.Encoding, { encoding: { encoding: 'utf-8', fallback: false, replacementCharacters: 2 } });
      assert.equal(ds.length, 2);
      assert.equal(covered(text, ds[0]!), '\ufffd');
    });
    it('is quiet for clean UTF-8', () => {
      assert.equal(only(CLEAN, DiagnosticCode.Encoding, { encoding: { encoding: 'utf-8-bom', fallback: false, replacementCharacters: 0 } }).length, 0);
    });
  });

  describe('ris.uncitable-key and ris.unpinned-key (from keyDiagnostics)', () => {
    it('reports an uncitable key by default, an unpinned one only when enabled', () => {
      const text = lf('TY  - CONF', 'AU  - A., B.', 'PY  - 4-8 Aug. 2020', 'ER  - ', '');
      const byDefault = validateRis(parseRis(text)).filter((d) => d.code === DiagnosticCode.UncitableKey || d.code === DiagnosticCode.UnpinnedKey);
      assert.deepEqual(
        byDefault.map((d) => [d.code, d.severity, d.data]),
        [[DiagnosticCode.UncitableKey, 'warning', { recordIndex: 0, key: 'A._4-8 Aug. 2020' }]],
      );
      const on = only(text, DiagnosticCode.UnpinnedKey);
      assert.equal(on.length, 1);
      assert.equal(covered(text, on[0]!), 'TY  - CONF');
    });
    it('reports nothing when both are ignored', () => {
      const text = lf('TY  - JOUR', 'TI  - no key material', 'ER  - ', '');
      const ds = validateRis(parseRis(text), { severities: { [DiagnosticCode.UncitableKey]: 'ignore', [DiagnosticCode.UnpinnedKey]: 'ignore' } });
      assert.deepEqual(
        ds.filter((d) => d.code === DiagnosticCode.UncitableKey || d.code === DiagnosticCode.UnpinnedKey),
        [],
      );
    });
    it('keeps the output sorted with key diagnostics among the others', () => {
      const text = lf('TY  - JOUR', 'TI  - A', 'ER  - ', 'TY  - JOUR', 'TI  - B', 'PY  - 0000', 'ER  - ', '');
      const ds = validate(text);
      for (let i = 1; i < ds.length; i++) assert.ok(ds[i - 1]!.start <= ds[i]!.start);
      assert.ok(ds.some((d) => d.code === DiagnosticCode.UnpinnedKey && d.data?.recordIndex === 1));
    });
  });

  describe('ris.pandoc-incompatible', () => {
    const pandoc = (text: string): RisDiagnostic[] => only(text, DiagnosticCode.PandocIncompatible);
    it('flags continuation lines with what pandoc says', () => {
      const text = lf('TY  - JOUR', 'AB  - First', 'more', 'and more', 'ER  - ', '');
      const [d, ...rest] = pandoc(text);
      assert.ok(d);
      assert.equal(rest.length, 0);
      assert.equal(covered(text, d), 'more\nand more');
      assert.match(d.message, /^pandoc rejects the whole bibliography: 2 untagged continuation lines under AB \(it stops with "unexpected 'm'"\)/);
      assert.deepEqual(d.data, { recordIndex: 0, fieldIndex: 1, pandoc: 'continuation' });
    });
    it('flags text before and between records', () => {
      const text = lf('Provider: X', 'TY  - JOUR', 'ER  - ', 'junk', 'TY  - JOUR', 'ER  - ', '');
      assert.deepEqual(
        pandoc(text).map((d) => d.data?.pandoc),
        ['outside', 'outside'],
      );
    });
    it('flags blank lines inside a record, and leading blank lines', () => {
      const text = lf('', 'TY  - JOUR', 'TI  - A', '', 'ER  - ', '');
      assert.deepEqual(
        pandoc(text).map((d) => d.data?.pandoc),
        ['leading-blank-lines', 'blank-lines'],
      );
    });
    it('flags a missing final ER and a missing ER between records', () => {
      const text = lf('TY  - JOUR', 'TI  - A', 'TY  - JOUR', 'TI  - B');
      const ds = pandoc(text);
      assert.deepEqual(
        ds.map((d) => d.data?.pandoc),
        ['merged-records', 'missing-final-end'],
      );
      assert.match(ds[0]!.message, /^pandoc merges this record with the next one/);
    });
    it('flags tag lines pandoc rejects', () => {
      const text = lf('TY  - JOUR', 'AU  -Doe', 'au  - Roe', '  TI  - T', 'PMID  - 1', 'ER  - ', '');
      assert.deepEqual(
        pandoc(text).map((d) => d.data?.issue),
        ['no-space-after-hyphen', 'lowercase-tag', 'indented', 'long-tag'],
      );
    });
    it('flags an ER that closes nothing (pandoc adds an empty reference)', () => {
      const text = lf('TY  - JOUR', 'ER  - ', 'ER  - ', '');
      assert.match(pandoc(text)[0]!.message, /^pandoc adds an empty reference/);
    });
    it('flags a bare CR that merges a tag pandoc reads, but not between ignored tags', () => {
      const bad = 'TY  - JOUR\nAU  - A\rAU  - B\nER  - \n';
      const [d] = pandoc(bad);
      assert.ok(d);
      assert.equal(d.data?.pandoc, 'stray-cr');
      assert.equal(d.data?.offset, bad.indexOf('\r'));
      const harmless = 'TY  - JOUR\nWE  - SCI\rAN  - WOS:1\nAD  - x\rAD  - y\nTI  - A\r\r\nER  - \n';
      assert.deepEqual(pandoc(harmless), []);
    });
    it('flags a file that ends right after its last ER line (pandoc --bibliography needs a line feed)', () => {
      for (const text of ['TY  - JOUR\nTI  - A\nER  - ', 'TY  - JOUR\r\nTI  - A\r\nER  -']) {
        const [d, ...rest] = pandoc(text);
        assert.ok(d, JSON.stringify(text));
        assert.equal(rest.length, 0);
        assert.equal(covered(text, d), text.slice(text.lastIndexOf('ER')));
        assert.deepEqual(d.data, { pandoc: 'final-newline' });
        assert.equal(d.severity, 'warning');
        assert.match(d.message, /^pandoc rejects the whole bibliography: the file ends with this ER line and no line break after it\. `pandoc --citeproc --bibliography` stops with "unexpected end of input"/);
        assert.match(d.message, /Add a line break at the end of the file\.$/);
      }
    });
    it('flags a final ER followed only by a bare CR, which pandoc deletes', () => {
      const text = 'TY  - JOUR\nTI  - A\nER  - \r  ';
      const [d] = pandoc(text);
      assert.equal(d?.data?.pandoc, 'final-newline');
      assert.match(d!.message, /the bare CR that follows does not count: pandoc deletes it/);
      assert.equal(d!.start, text.lastIndexOf('ER'));
    });
    it('flags a last ER that closes nothing as well', () => {
      const text = lf('TY  - JOUR', 'TI  - A', 'ER  - ', 'ER  - ');
      assert.deepEqual(
        pandoc(text).map((d) => d.data?.pandoc),
        ['end-without-start', 'final-newline'],
      );
    });
    it('does not flag a final line feed, whitespace after it, or a file whose end another rule reports', () => {
      assert.deepEqual(pandoc('TY  - JOUR\nTI  - A\nER  - \n'), []);
      assert.deepEqual(pandoc('TY  - JOUR\r\nTI  - A\r\nER  - \r\n  \t'), []);
      assert.deepEqual(
        pandoc(lf('TY  - JOUR', 'TI  - A')).map((d) => d.data?.pandoc),
        ['missing-final-end'],
      );
      assert.deepEqual(
        pandoc(lf('TY  - JOUR', 'TI  - A', 'ER  - ', 'junk')).map((d) => d.data?.pandoc),
        ['outside'],
      );
      assert.deepEqual(pandoc(''), []);
      assert.deepEqual(pandoc('   '), []);
    });
    it('pandocFinalEndWithoutLineBreak finds the last ER line', () => {
      const text = lf('TY  - JOUR', 'ER  - ', 'TY  - BOOK', 'ER  - ');
      assert.deepEqual(pandocFinalEndWithoutLineBreak(parseRis(text)), { lineStart: 29, start: 29, end: 35, recordIndex: 1 });
      assert.equal(pandocFinalEndWithoutLineBreak(parseRis(`${text}\n`)), undefined);
      const stray = lf('TY  - JOUR', 'ER  - ', 'ER  - ');
      assert.equal(pandocFinalEndWithoutLineBreak(parseRis(stray))?.recordIndex, undefined);
      assert.equal(pandocFinalEndWithoutLineBreak(parseRis(stray))?.start, 18);
    });
    it('flags a no-break space or an em space in a separator, which pandoc does not read as a space', () => {
      const text = lf('TY  - JOUR', 'AU  -\u00a0Doe', 'TI\u2003 - T', 'SP  -\u00a0', 'ER  - ', '');
      const ds = pandoc(text).filter((d) => d.data?.pandoc === 'separator');
      assert.deepEqual(
        ds.map((d) => [d.data?.recordIndex, d.data?.fieldIndex, covered(text, d)]),
        [
          [0, 1, '  -\u00a0'],
          [0, 2, '  -\u00a0'],
        ],
      );
      assert.equal(
        ds[0]!.message,
        'pandoc rejects the whole bibliography: the separator after AU contains a no-break space (U+00A0), which pandoc does not read as a space (it stops with "unexpected \'\\160\'"). Write `AU  - ` with ordinary spaces.',
      );
      // `TI\u2003 - T` is not a tag line for the parser: a continuation line, reported as such.
      assert.ok(only(text, DiagnosticCode.PandocIncompatible).some((d) => d.data?.pandoc === 'continuation'));
      const em = lf('TY  -\u2003JOUR', 'ER  - ', '');
      assert.match(pandoc(em)[0]!.message, /an em space \(U\+2003\).*"unexpected '\\8195'"/);
    });
    it('does not flag a tab, a space before the NBSP, an ER line, or a line already reported for its issue', () => {
      assert.deepEqual(pandoc(lf('TY  - JOUR', 'AU  -\tDoe', 'TI  - \u00a0T', 'ER  -\u00a0', '')), []);
      assert.deepEqual(
        pandoc(lf('TY  - JOUR', '  AU  -\u00a0Doe', 'ER  - ', '')).map((d) => d.data?.pandoc),
        ['tag-line'],
      );
    });
    it('pandocSeparatorProblem reads only the separator', () => {
      const doc = parseRis(lf('TY  - JOUR', 'AU  -\u00a0Doe', 'TI  - A\u00a0B', 'ER  - ', ''));
      const [, au, ti] = doc.records[0]!.fields;
      assert.deepEqual(pandocSeparatorProblem(doc.text, au!), { char: 0xa0, unexpected: "unexpected '\\160'" });
      assert.equal(pandocSeparatorProblem(doc.text, ti!), undefined);
    });
    it('flags a file whose lines end with bare CRs (classic Mac), once', () => {
      const text = 'TY  - JOUR\rTI  - A\rER  - \rTY  - JOUR\rER  - \r';
      const ds = pandoc(text);
      assert.deepEqual(
        ds.map((d) => [d.data?.pandoc, covered(text, d)]),
        [['cr-line-endings', 'TY  - JOUR']],
      );
      assert.match(ds[0]!.message, /reads the file as one long line/);
      assert.deepEqual(pandoc('\r\r'), []);
    });
    it('says which problems make pandoc reject the file', () => {
      const all: PandocProblem[] = [
        'leading-blank-lines',
        'outside',
        'end-without-start',
        'continuation',
        'blank-lines',
        'missing-final-end',
        'merged-records',
        'tag-line',
        'encoding',
        'stray-cr',
        'final-newline',
        'separator',
        'cr-line-endings',
      ];
      assert.deepEqual(
        all.filter((p) => !pandocRejects(p)),
        ['end-without-start', 'merged-records', 'stray-cr'],
      );
    });
    it('accepts what pandoc accepts', () => {
      const text = lf(
        '\ufeffTY - JOUR',
        'A1\t- Name',
        'TI  -  Two spaces',
        'SP  -',
        'ER  -',
        '',
        '',
        'C1  - no type',
        'ER  - ',
        '   ',
      );
      assert.deepEqual(pandoc(text), []);
    });
  });
});
