import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID, activateExtension, openWorkspaceFile, repoRoot, waitFor } from './helpers';

interface Manifest {
  contributes: {
    commands: { command: string }[];
    views?: Record<string, { id: string }[]>;
  };
}

const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as Manifest;

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
