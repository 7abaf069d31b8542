import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID, activateExtension, openWorkspaceFile, repoRoot, waitFor } from './helpers';

interface Manifest {
  contributes: {
    commands: { command: string }[];
    views?: Record<string, { id: string }[]>;
    walkthroughs?: { steps: { id: string; description: string; completionEvents?: string[] }[] }[];
  };
}

const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as Manifest;
const nls = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.nls.json'), 'utf8')) as Record<string, string>;

describe('activation', () => {
  it('activates when a .ris file opens, with ris as its language', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, 'the extension is loaded');
    const editor = await openWorkspaceFile('searches/scopus-export.ris');
    assert.equal(editor.document.languageId, 'ris');
    await waitFor(() => (extension.isActive ? true : undefined), 'the extension to activate');
  });

  it('registers every command of package.json', async () => {
    await activateExtension();
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = manifest.contributes.commands.map((c) => c.command).filter((id) => !registered.has(id));
    assert.deepEqual(missing, [], `commands declared but not registered: ${missing.join(', ')}`);
  });

  it("runs registered commands from the walkthrough's buttons and completion events", async () => {
    await activateExtension();
    const registered = new Set(await vscode.commands.getCommands(true));
    const named = (manifest.contributes.walkthroughs ?? []).flatMap((w) =>
      w.steps.flatMap((step) => {
        const description = nls[/^%(.+)%$/.exec(step.description)?.[1] ?? ''] ?? step.description;
        const buttons = [...description.matchAll(/\(command:([\w.]+)/g)].map((m) => m[1]!);
        const completions = (step.completionEvents ?? []).filter((e) => e.startsWith('onCommand:')).map((e) => e.slice('onCommand:'.length));
        return [...buttons, ...completions];
      }),
    );
    assert.ok(named.length >= 7 && named.includes('ris.references.focus') && named.includes('workbench.action.quickOpen'), named.join(', '));
    assert.deepEqual(named.filter((id) => !registered.has(id)), []);
  });

  it('resolves every contributed view', async () => {
    const api = await activateExtension();
    const declared = Object.values(manifest.contributes.views ?? {}).flat().map((v) => v.id).sort();
    for (const id of declared) await vscode.commands.executeCommand(`${id}.focus`);
    // Every declared view has a data provider behind it (a view without one shows an error).
    assert.deepEqual([...api.viewIds()].sort(), declared);
  });

  it('opens the example workspace and logs no error on activation', async () => {
    const api = await activateExtension();
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'a workspace folder is open');
    assert.equal(path.basename(folder.uri.path), 'review');
    const found = await vscode.workspace.findFiles('**/*.ris');
    assert.ok(found.length >= 2, `the example workspace has its RIS files (found ${found.length})`);
    const errors = api.logEntries().filter((e) => e.level === 'error');
    assert.deepEqual(errors, []);
    assert.ok(api.logEntries().some((e) => e.message.includes('activated')), 'the activation was logged');
  });
});
