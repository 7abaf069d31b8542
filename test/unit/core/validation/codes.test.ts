import * as assert from 'node:assert/strict';
import {
  ALL_CODES,
  DEFAULT_SEVERITIES,
  DIAGNOSTIC_CODES,
  DiagnosticCode,
  capSeverity,
  getDiagnosticCodeInfo,
  isDiagnosticCode,
  parseValidationSettings,
  validationSettingsSchema,
} from '../../../../src/core/validation/codes';

describe('diagnostics contract', () => {
  it('has exactly the agreed codes, in a stable order', () => {
    assert.deepEqual(ALL_CODES, [
      'ris.missing-type',
      'ris.missing-end',
      'ris.end-without-start',
      'ris.text-outside-record',
      'ris.malformed-tag-line',
      'ris.unknown-tag',
      'ris.unknown-type',
      'ris.repeated-tag',
      'ris.empty-value',
      'ris.invalid-date',
      'ris.invalid-doi',
      'ris.invalid-issn',
      'ris.invalid-isbn',
      'ris.invalid-pages',
      'ris.missing-field',
      'ris.duplicate-id',
      'ris.duplicate-record',
      'ris.encoding',
      'ris.pandoc-incompatible',
      'ris.medline-author-name',
      'ris.uncitable-key',
      'ris.unpinned-key',
      'ris.unknown-citation',
      'ris.excluded-citation',
      'ris.invalid-metadata',
    ]);
  });

  it('gives every code a setting key, a default and a one-line description', () => {
    for (const info of DIAGNOSTIC_CODES) {
      assert.equal(info.setting, `ris.validation.${info.code.slice(4)}`);
      assert.equal(info.key, info.code.slice(4));
      assert.ok(info.description.length > 20 && !info.description.includes('\n'), info.code);
      assert.equal(DEFAULT_SEVERITIES[info.code], info.defaultSeverity);
      assert.equal(getDiagnosticCodeInfo(info.code), info);
      assert.ok(isDiagnosticCode(info.code));
    }
    assert.equal(isDiagnosticCode('ris.nope'), false);
  });

  it('keeps the agreed defaults: structure errors, pandoc a warning, empty values a hint', () => {
    assert.equal(DEFAULT_SEVERITIES[DiagnosticCode.MissingEnd], 'error');
    assert.equal(DEFAULT_SEVERITIES[DiagnosticCode.MissingType], 'error');
    assert.equal(DEFAULT_SEVERITIES[DiagnosticCode.EndWithoutStart], 'error');
    assert.equal(DEFAULT_SEVERITIES[DiagnosticCode.PandocIncompatible], 'warning');
    assert.equal(DEFAULT_SEVERITIES[DiagnosticCode.EmptyValue], 'hint');
    assert.equal(DEFAULT_SEVERITIES[DiagnosticCode.UncitableKey], 'warning');
    assert.equal(DEFAULT_SEVERITIES[DiagnosticCode.UnpinnedKey], 'ignore');
  });

  it('caps severities', () => {
    assert.equal(capSeverity('error', 'hint'), 'hint');
    assert.equal(capSeverity('info', 'warning'), 'info');
    assert.equal(capSeverity('ignore', 'hint'), 'ignore');
  });
});

describe('validationSettingsSchema', () => {
  it('uses the defaults for missing settings', () => {
    for (const raw of [undefined, null, {}]) {
      const r = parseValidationSettings(raw);
      assert.deepEqual(r.severities, DEFAULT_SEVERITIES);
      assert.deepEqual(r.problems, []);
    }
  });

  it('reads valid values keyed by code without the prefix', () => {
    const r = parseValidationSettings({ 'missing-end': 'warning', 'pandoc-incompatible': 'ignore' });
    assert.equal(r.severities[DiagnosticCode.MissingEnd], 'warning');
    assert.equal(r.severities[DiagnosticCode.PandocIncompatible], 'ignore');
    assert.equal(r.severities[DiagnosticCode.MissingType], 'error');
    assert.deepEqual(r.problems, []);
  });

  it('forgives common spellings and prefixed keys', () => {
    const r = parseValidationSettings({
      'empty-value': 'Warning',
      'unknown-tag': 'warn',
      'duplicate-record': 'off',
      'invalid-date': false,
      'missing-field': 'information',
      'ris.encoding': 'error',
      'ris.validation.repeated-tag': 'hint',
    });
    assert.deepEqual(r.problems, []);
    assert.equal(r.severities[DiagnosticCode.EmptyValue], 'warning');
    assert.equal(r.severities[DiagnosticCode.UnknownTag], 'warning');
    assert.equal(r.severities[DiagnosticCode.DuplicateRecord], 'ignore');
    assert.equal(r.severities[DiagnosticCode.InvalidDate], 'ignore');
    assert.equal(r.severities[DiagnosticCode.MissingField], 'info');
    assert.equal(r.severities[DiagnosticCode.Encoding], 'error');
    assert.equal(r.severities[DiagnosticCode.RepeatedTag], 'hint');
  });

  it('falls back per key with a readable problem for bad values and unknown keys', () => {
    const r = parseValidationSettings({ 'missing-end': 'loud', 'empty-value': 3, 'no-such-rule': 'error', 'invalid-doi': 'info' });
    assert.equal(r.severities[DiagnosticCode.MissingEnd], 'error');
    assert.equal(r.severities[DiagnosticCode.EmptyValue], 'hint');
    assert.equal(r.severities[DiagnosticCode.InvalidDoi], 'info');
    assert.equal(r.problems.length, 3);
    assert.match(r.problems.join('\n'), /ris\.validation\.missing-end is "loud", which is not one of ignore, hint, info, warning, error; using the default "error"/);
    assert.match(r.problems.join('\n'), /ris\.validation\.empty-value is 3/);
    assert.match(r.problems.join('\n'), /Unknown setting ris\.validation\.no-such-rule/);
  });

  it('never throws, whatever the input', () => {
    for (const raw of ['error', 42, [], [1], true, () => 1, Symbol('x'), { 'missing-end': { nested: 1 } }]) {
      const r = validationSettingsSchema.safeParse(raw);
      assert.ok(r.success);
      assert.equal(Object.keys(r.data.severities).length, ALL_CODES.length);
    }
    assert.equal(parseValidationSettings('error').problems.length, 1);
  });
});
