import * as assert from 'node:assert/strict';
import { DEFAULT_SEVERITIES, DiagnosticCode } from '../../../../../src/core/validation/codes';
import { RULES } from '../../../../../src/core/validation/rules';
import { defineRule } from '../../../../../src/core/validation/rules/rule';

describe('validation rules', () => {
  it('give every RIS code to a rule (ris.unknown-citation, ris.excluded-citation and ris.invalid-metadata are about Markdown)', () => {
    const owned = new Set(RULES.flatMap((r) => r.codes));
    for (const code of Object.values(DiagnosticCode)) {
      if (code === DiagnosticCode.UnknownCitation || code === DiagnosticCode.ExcludedCitation || code === DiagnosticCode.InvalidMetadata) continue;
      assert.ok(owned.has(code), code);
    }
  });

  it('have unique names and the default severities of codes.ts', () => {
    assert.equal(new Set(RULES.map((r) => r.name)).size, RULES.length);
    for (const rule of RULES) {
      for (const code of rule.codes) assert.equal(rule.defaults[code], DEFAULT_SEVERITIES[code], `${rule.name} ${code}`);
    }
  });

  it('defineRule fills in the defaults', () => {
    const rule = defineRule('x', [DiagnosticCode.MissingEnd], 'document', () => undefined);
    assert.deepEqual(rule.defaults, { [DiagnosticCode.MissingEnd]: DEFAULT_SEVERITIES[DiagnosticCode.MissingEnd] });
  });
});
