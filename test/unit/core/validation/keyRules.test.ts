import * as assert from 'node:assert/strict';
import { assignPandocKeys } from '../../../../src/core/keys/pandocKeys';
import { DiagnosticCode } from '../../../../src/core/validation/codes';
import { keyDiagnostics } from '../../../../src/core/validation/rules/keyRules';
import { parseRis } from '../../../../src/core/ris/parser';
import type { RisDiagnostic } from '../../../../src/core/validation/validate';

const lf = (...lines: string[]): string => lines.join('\n');
const rec = (...lines: string[]): string => lf('TY  - JOUR', ...lines, 'ER  - ', '');

const ON = { [DiagnosticCode.UncitableKey]: 'warning', [DiagnosticCode.UnpinnedKey]: 'hint' } as const;

function diagnostics(text: string, severities: Parameters<typeof keyDiagnostics>[2] = ON): RisDiagnostic[] {
  return keyDiagnostics('file:///refs.ris', parseRis(text), severities);
}

function uncitable(text: string): RisDiagnostic[] {
  return diagnostics(text).filter((d) => d.code === DiagnosticCode.UncitableKey);
}

function unpinned(text: string): RisDiagnostic[] {
  return diagnostics(text).filter((d) => d.code === DiagnosticCode.UnpinnedKey);
}

describe('keyDiagnostics', () => {
  describe('ris.uncitable-key', () => {
    it('flags an empty key, on the first line of the record, with its index and key', () => {
      const text = rec('TI  - Nothing to build a key from', 'DA  - 2020');
      const [d, ...rest] = uncitable(text);
      assert.ok(d);
      assert.equal(rest.length, 0);
      assert.equal(text.slice(d.start, d.end), 'TY  - JOUR');
      assert.equal(d.severity, 'warning');
      assert.deepEqual(d.data, { recordIndex: 0, key: '' });
      assert.equal(
        d.message,
        'pandoc gives this record an empty citation key: its first ID line is missing or empty, and it has no author (AU, A1) or year (PY, Y1) to build one from, so it cannot be cited. Pin a key: add an `ID  - key` line after TY (quick fix).',
      );
    });

    it('flags a generated key with whitespace (IEEE dates) and says where it comes from', () => {
      const text = rec('AU  - A., B.', 'PY  - 4-8 Aug. 2020');
      const [d] = uncitable(text);
      assert.deepEqual(d?.data, { recordIndex: 0, key: 'A._4-8 Aug. 2020' });
      assert.match(d!.message, /^This record's citation key `A\._4-8 Aug\. 2020` contains whitespace \(pandoc builds it from the first word of each AU\/A1 and the whole PY\/Y1 values\), so it cannot be cited: neither `@key` nor `@\{key\}` allows whitespace/);
      assert.match(d!.message, /Pin a key: add an `ID {2}- key` line after TY/);
    });

    it('flags an ID with whitespace, a tab or a no-break space', () => {
      for (const id of ['my key', 'a\tb', 'x\u00a0y']) {
        const [d] = uncitable(rec(`ID  - ${id}`, 'AU  - Doe', 'PY  - 2020'));
        assert.ok(d, JSON.stringify(id));
        assert.equal(d.data?.key, id);
        assert.match(d.message, /\(it is the record's ID\)/);
        assert.match(d.message, /replace the ID \(the quick fix keeps the old one in a note\)/);
      }
    });

    it('flags unbalanced braces', () => {
      const [d] = uncitable(rec('ID  - a}b{'));
      assert.deepEqual(d?.data, { recordIndex: 0, key: 'a}b{' });
      assert.match(d!.message, /contains a `\{` or `\}` without its partner/);
    });

    it('does not flag keys that can be cited, bare or in braces', () => {
      const text = [
        rec('AU  - Smith, J', 'PY  - 2020'),
        rec('AU  - Doe', 'PY  - n.d.'),
        rec('AU  - Shannon', 'PY  - 1948/07//'),
        rec('ID  - {balanced}'),
        rec('ID  - 2023-15354-001'),
        rec('AU  - Müller', 'PY  - 2010'),
      ].join('');
      assert.deepEqual(uncitable(text), []);
    });

    it('uses the key pandoc gives in this file: a second empty key becomes `a`', () => {
      const text = rec('TI  - first') + rec('TI  - second');
      assert.deepEqual(
        uncitable(text).map((d) => d.data),
        [{ recordIndex: 0, key: '' }],
      );
    });

    it('reports a reference pandoc merges (missing ER) once, on its first record', () => {
      const text = lf('TY  - JOUR', 'TI  - one', 'TY  - JOUR', 'TI  - two', 'ER  - ', '');
      assert.deepEqual(
        diagnostics(text).map((d) => [d.code, d.data?.recordIndex]),
        [
          [DiagnosticCode.UncitableKey, 0],
          [DiagnosticCode.UnpinnedKey, 0],
        ],
      );
    });

    it('reads the key as pandoc does: a bare CR joins lines, so the year is part of the ID', () => {
      const text = 'TY  - JOUR\nID  - k1\rPY  - 2020\nER  - \n';
      const [d] = uncitable(text);
      assert.equal(d?.data?.key, 'k1PY  - 2020');
    });
  });

  describe('ris.unpinned-key', () => {
    it('flags a record without an ID, with its generated key', () => {
      const text = rec('AU  - Liu, X', 'PY  - 2021', 'TI  - Advances');
      const [d, ...rest] = unpinned(text);
      assert.ok(d);
      assert.equal(rest.length, 0);
      assert.equal(d.severity, 'hint');
      assert.equal(text.slice(d.start, d.end), 'TY  - JOUR');
      assert.deepEqual(d.data, { recordIndex: 0, key: 'Liu_2021' });
      assert.equal(
        d.message,
        'This record has no ID line, so pandoc builds its citation key `Liu_2021` from the authors and years: the key changes when an author or a year is edited (or another record gets the same key), and citations of it stop working. Pin it: add an `ID  - key` line after TY (quick fix).',
      );
    });

    it('flags a record whose first ID line is empty, even when a later one has a value', () => {
      const [d] = unpinned(rec('ID  -', 'ID  - later', 'AU  - Doe', 'PY  - 2001'));
      assert.deepEqual(d?.data, { recordIndex: 0, key: 'Doe_2001' });
      assert.match(d!.message, /^This record has no non-empty first ID line/);
    });

    it('does not flag a pinned record', () => {
      assert.deepEqual(unpinned(rec('ID  - doe2001', 'AU  - Doe', 'PY  - 2001')), []);
    });

    it('works on a record without TY and at the end of a file without a line break', () => {
      const text = lf('AU  - Doe', 'PY  - 2001', 'ER  - ');
      const [d] = unpinned(text);
      assert.equal(text.slice(d!.start, d!.end), 'AU  - Doe');
    });
  });

  describe('severities', () => {
    it('uses the defaults: uncitable-key warning, unpinned-key ignore', () => {
      const text = rec('TI  - no key material') + rec('AU  - Doe', 'PY  - 2001');
      assert.deepEqual(
        keyDiagnostics('u', parseRis(text)).map((d) => [d.code, d.severity, d.data?.recordIndex]),
        [[DiagnosticCode.UncitableKey, 'warning', 0]],
      );
    });

    it('reports at the configured severities and nothing when both are ignored', () => {
      const text = rec('TI  - no key material');
      assert.deepEqual(
        diagnostics(text, { [DiagnosticCode.UncitableKey]: 'error', [DiagnosticCode.UnpinnedKey]: 'info' }).map((d) => [d.code, d.severity]),
        [
          [DiagnosticCode.UncitableKey, 'error'],
          [DiagnosticCode.UnpinnedKey, 'info'],
        ],
      );
      assert.deepEqual(diagnostics(text, { [DiagnosticCode.UncitableKey]: 'ignore', [DiagnosticCode.UnpinnedKey]: 'ignore' }), []);
      assert.deepEqual(
        diagnostics(text, { [DiagnosticCode.UncitableKey]: 'ignore', [DiagnosticCode.UnpinnedKey]: 'hint' }).map((d) => d.code),
        [DiagnosticCode.UnpinnedKey],
      );
    });

    it('accepts keys computed by the caller', () => {
      const doc = parseRis(rec('TI  - x') + rec('AU  - Doe', 'PY  - 1 2'));
      const keyed = assignPandocKeys([{ uri: 'u', doc }]);
      assert.deepEqual(keyDiagnostics('u', doc, ON, keyed), keyDiagnostics('u', doc, ON));
      assert.equal(keyDiagnostics('u', doc, ON).length, 4);
    });
  });
});
