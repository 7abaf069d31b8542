import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findRepoRoot } from '../helpers/repo';
import { DIAGNOSTIC_CODES, SEVERITIES } from '../../../src/core/validation/codes';

interface Manifest {
  name: string;
  displayName: string;
  main: string;
  activationEvents: string[];
  capabilities: { untrustedWorkspaces: { supported: boolean | string; restrictedConfigurations?: string[]; description?: string } };
  contributes: {
    languages: { id: string; extensions: string[]; firstLine?: string; configuration?: string }[];
    grammars: { language: string; scopeName: string; path: string }[];
    commands: { command: string; title: string; category?: string }[];
    configuration: { title?: string; properties: Record<string, { default?: unknown; description?: string; markdownDescription?: string }> }[];
    menus?: Record<string, { command: string }[]>;
    views?: Record<string, { id: string; name: string }[]>;
    walkthroughs?: {
      id: string;
      title: string;
      description: string;
      steps: { id: string; title: string; description: string; media: { markdown?: string }; completionEvents?: string[] }[];
    }[];
  };
}

const root = findRepoRoot();
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as Manifest;
const nls = JSON.parse(fs.readFileSync(path.join(root, 'package.nls.json'), 'utf8')) as Record<string, string>;

/** Resolves a `%key%` manifest string through package.nls.json. */
function localized(value: string | undefined): string | undefined {
  const match = value === undefined ? null : /^%(.+)%$/.exec(value);
  return match ? nls[match[1]] : value;
}

describe('manifest (package.json)', () => {
  it('ignores the workspace values of every setting that names a file in Restricted Mode', () => {
    const untrusted = manifest.capabilities.untrustedWorkspaces;
    const pathValued = manifest.contributes.configuration
      .flatMap((c) => Object.entries(c.properties))
      .filter(([, p]) => /\bpath of\b|\.csl\b|\.xml\b|\bfile\b.*\(absolute/i.test(p.markdownDescription ?? p.description ?? ''))
      .map(([key]) => key)
      .sort();
    assert.deepEqual(pathValued, ['ris.citation.locale', 'ris.citation.style']);
    assert.deepEqual([...(untrusted.restrictedConfigurations ?? [])].sort(), pathValued);
    assert.match(untrusted.description ?? '', /Restricted Mode/);
  });

  it('declares the extension identity', () => {
    assert.equal(manifest.name, 'ris-references');
    assert.equal(manifest.displayName, 'RIS References');
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
    const ris = manifest.contributes.languages.find((l) => l.id === 'ris');
    assert.ok(ris, 'language ris is contributed');
    assert.deepEqual([...ris.extensions].sort(), ['.RIS', '.ris']);
    assert.ok(ris.firstLine, 'a first-line pattern detects RIS content');
    const firstLine = new RegExp(ris.firstLine);
    assert.ok(firstLine.test('TY  - JOUR'));
    assert.ok(firstLine.test('\ufeffTY  - JOUR'));
    assert.ok(!firstLine.test('# TY  - JOUR in a heading'));
  });

  it('gives every command a title and the RIS category', () => {
    assert.ok(manifest.contributes.commands.length > 0);
    for (const command of manifest.contributes.commands) {
      assert.ok(command.command.startsWith('ris.'), `${command.command} is namespaced under ris.`);
      assert.ok(localized(command.title), `${command.command} has a title (resolved through package.nls.json)`);
      assert.equal(command.category, 'RIS', `${command.command} has the RIS category`);
    }
  });

  it('gives every setting a default and a description, under ris.', () => {
    for (const section of manifest.contributes.configuration) {
      for (const [key, setting] of Object.entries(section.properties)) {
        assert.ok(key.startsWith('ris.'), `${key} is under ris.`);
        assert.ok('default' in setting, `${key} has a default`);
        assert.ok(localized(setting.markdownDescription ?? setting.description), `${key} has a description`);
      }
    }
  });

  it('declares one validation setting per diagnostic code, with the core default', () => {
    const properties = Object.assign({}, ...manifest.contributes.configuration.map((c) => c.properties)) as Record<
      string,
      { default?: unknown; enum?: string[] }
    >;
    for (const info of DIAGNOSTIC_CODES) {
      const setting = properties[info.setting];
      assert.ok(setting, `${info.setting} is declared`);
      assert.equal(setting.default, info.defaultSeverity, `${info.setting} defaults to ${info.defaultSeverity}`);
      assert.deepEqual(setting.enum, [...SEVERITIES], `${info.setting} offers every severity`);
    }
    const declared = Object.keys(properties).filter((k) => k.startsWith('ris.validation.'));
    assert.equal(declared.length, DIAGNOSTIC_CODES.length, 'no validation setting without a diagnostic code');
  });

  it('documents every diagnostic code and command in the README', () => {
    const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
    for (const info of DIAGNOSTIC_CODES) {
      assert.ok(readme.includes(`| \`${info.code}\` | ${info.defaultSeverity} | \`${info.setting}\` |`), `README lists ${info.code} with its default`);
    }
    for (const command of manifest.contributes.commands) {
      assert.ok(readme.includes(`| \`${command.command}\` |`), `README lists ${command.command}`);
    }
  });

  it('keeps activation events minimal', () => {
    // Commands, views and languages activate the extension implicitly; nothing eager such as '*' or
    // onStartupFinished, and nothing that scans the workspace at start-up.
    const allowed = new Set(['onLanguage:ris', 'onLanguage:markdown']);
    for (const event of manifest.activationEvents) {
      assert.ok(allowed.has(event), `unexpected activation event ${event}`);
    }
  });

  it('points at files that exist', () => {
    for (const grammar of manifest.contributes.grammars) {
      assert.ok(fs.existsSync(path.join(root, grammar.path)), `${grammar.path} exists`);
    }
    for (const language of manifest.contributes.languages) {
      if (language.configuration) assert.ok(fs.existsSync(path.join(root, language.configuration)), `${language.configuration} exists`);
    }
  });

  it('only references declared commands from menus', () => {
    const declared = new Set(manifest.contributes.commands.map((c) => c.command));
    for (const [menu, items] of Object.entries(manifest.contributes.menus ?? {})) {
      for (const item of items) assert.ok(declared.has(item.command), `${menu} references undeclared ${item.command}`);
    }
  });

  it('walks a newcomer through the extension: every step localized, its media shipped, its buttons and completion on real commands and views', () => {
    const walkthroughs = manifest.contributes.walkthroughs ?? [];
    assert.equal(walkthroughs.length, 1);
    const walkthrough = walkthroughs[0]!;
    assert.ok(localized(walkthrough.title) && localized(walkthrough.description), 'the walkthrough has a title and a description');
    const declared = new Set(manifest.contributes.commands.map((c) => c.command));
    const views = new Set(Object.values(manifest.contributes.views ?? {}).flat().map((v) => v.id));
    // Commands a step may name besides the extension's own: VS Code's, and the views' focus commands.
    const known = (command: string): boolean => declared.has(command) || command === 'workbench.action.quickOpen' || (command.endsWith('.focus') && views.has(command.slice(0, -'.focus'.length)));
    assert.ok(walkthrough.steps.length >= 5);
    for (const step of walkthrough.steps) {
      const title = localized(step.title);
      const description = localized(step.description);
      assert.ok(title !== undefined && !title.startsWith('%'), `${step.id} has a localized title`);
      assert.ok(description !== undefined && !description.startsWith('%'), `${step.id} has a localized description`);
      // A button (a command link on a line of its own), so the step is done when it is used, not when it is read.
      const buttons = [...description.matchAll(/^\[[^\]]+\]\(command:([\w.]+)(?:\?[^)]*)?\)$/gm)].map((b) => b[1]!);
      assert.equal(buttons.length, 1, `${step.id} has one button`);
      for (const command of buttons) assert.ok(known(command), `${step.id}'s button runs ${command}, which exists`);
      for (const event of step.completionEvents ?? []) {
        const [kind, target] = [event.slice(0, event.indexOf(':')), event.slice(event.indexOf(':') + 1)];
        if (kind === 'onCommand') assert.ok(known(target), `${step.id} completes on ${target}, which exists`);
        else if (kind === 'onView') assert.ok(views.has(target), `${step.id} completes on view ${target}, which exists`);
        else assert.equal(event, 'onContext:resourceLangId == ris', `${step.id}: unexpected completion event ${event}`);
      }
      const media = step.media.markdown;
      assert.ok(media !== undefined && fs.existsSync(path.join(root, media)), `${step.id}'s media ${media} exists`);
      assert.match(fs.readFileSync(path.join(root, media), 'utf8'), /^# \S/, `${media} starts with a heading`);
    }
  });
});
