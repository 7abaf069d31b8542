import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findRepoRoot } from '../../helpers/repo';
import { allSettingDefaults, readSetting, resourceScopedSettings, SETTING_NAMES, SETTINGS } from '../../../../src/core/settings/settingsSchema';
import { DEFAULT_PIN_PATTERN } from '../../../../src/core/keys/pinning';

interface Property {
  default?: unknown;
  scope?: string;
  enum?: unknown[];
  type?: string;
}

function declaredSettings(): Record<string, Property> {
  const manifest = JSON.parse(fs.readFileSync(path.join(findRepoRoot(), 'package.json'), 'utf8')) as {
    contributes: { configuration: { properties: Record<string, Property> }[] };
  };
  return Object.assign({}, ...manifest.contributes.configuration.map((c) => c.properties)) as Record<string, Property>;
}

describe('settings schema', () => {
  it('has an entry for every setting of package.json with the same default, and no other', () => {
    const declared = declaredSettings();
    const defaults = allSettingDefaults();
    assert.deepEqual(Object.keys(defaults).sort(), Object.keys(declared).sort());
    for (const [name, property] of Object.entries(declared)) assert.deepEqual(defaults[name], property.default, name);
  });

  it('scopes per folder exactly the settings package.json scopes per resource', () => {
    const declared = declaredSettings();
    const resource = Object.keys(declared).filter((n) => declared[n].scope === 'resource');
    assert.deepEqual(resourceScopedSettings().sort(), resource.sort());
  });

  it('accepts every value package.json offers in an enum', () => {
    const declared = declaredSettings();
    for (const name of SETTING_NAMES) {
      for (const value of declared[`ris.${name}`].enum ?? []) {
        const read = readSetting(name, value);
        assert.equal(read.problem, undefined, `ris.${name}: ${String(value)}`);
        assert.deepEqual(read.value, value);
      }
    }
  });

  it('takes the pin pattern default from the key module', () => {
    assert.equal(SETTINGS['citationKey.pattern'].default, DEFAULT_PIN_PATTERN);
  });

  it('reads good values as they are and a missing value as the default, silently', () => {
    assert.deepEqual(readSetting('references.groupBy', 'year'), { value: 'year' });
    assert.deepEqual(readSetting('library.exclude', ['a/**', 'b']), { value: ['a/**', 'b'] });
    assert.deepEqual(readSetting('preview.citations', false), { value: false });
    assert.deepEqual(readSetting('citation.format', undefined), { value: 'pandoc' });
    assert.deepEqual(readSetting('citation.locale', null), { value: '' });
  });

  it('falls back to the default with a message naming the setting on a bad value', () => {
    const cases: [Parameters<typeof readSetting>[0], unknown][] = [
      ['references.groupBy', 'decade'],
      ['references.sort', 3],
      ['citation.format', 'latex'],
      ['library.include', '**/*.ris'],
      ['library.exclude', ['ok', 7]],
      ['preview.citations', 'yes'],
      ['citationKey.pattern', { author: true }],
    ];
    for (const [name, raw] of cases) {
      const read = readSetting(name, raw);
      assert.deepEqual(read.value, SETTINGS[name].default, name);
      assert.match(read.problem ?? '', new RegExp(`^ris\\.${name.replace('.', '\\.')} is .*using the default`), name);
    }
  });
});
