import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RisReferencesApi } from '../../src/extension';

export const EXTENSION_ID = 'ris-references.ris-references';

/** The repository root (the extension development folder). */
export const repoRoot = path.resolve(__dirname, '../../..');

/** The example workspace the integration tests run on. */
export function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the tests need the example workspace to be open');
  return folder.uri;
}

/** Opens a file of the example workspace (path relative to its root) in an editor. */
export async function openWorkspaceFile(relative: string): Promise<vscode.TextEditor> {
  const uri = vscode.Uri.joinPath(workspaceRoot(), relative);
  const document = await vscode.workspace.openTextDocument(uri);
  return vscode.window.showTextDocument(document);
}

/** Activates the extension (if it is not yet) and returns its API. */
export async function activateExtension(): Promise<RisReferencesApi> {
  const extension = vscode.extensions.getExtension<RisReferencesApi>(EXTENSION_ID);
  assert.ok(extension, `extension ${EXTENSION_ID} is not installed in the test instance`);
  return extension.activate();
}

/**
 * Polls `probe` until it returns a value that is not undefined, or fails after `timeoutMs`.
 * Used where VS Code offers no event to wait on (e.g. diagnostics computed after a debounce).
 */
export async function waitFor<T>(probe: () => T | undefined | Promise<T | undefined>, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
