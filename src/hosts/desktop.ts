/**
 * The desktop extension's entry (`main` in package.json, bundled to dist/extension.js): the Node
 * host (worker threads for citations and for checking large files, the OS home folder and links) around the shared wiring.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type * as vscode from 'vscode';
import { activateWith, type RisReferencesApi } from '../extension';
import type { Host } from '../vscode/host';
import type { CheckRequest, CheckResponse } from '../worker/checkProtocol';
import { nodeThreadStarter } from '../worker/nodeThread';

/** Activates the extension in a Node extension host. */
export function activate(context: vscode.ExtensionContext): RisReferencesApi {
  const host: Host = {
    kind: 'desktop',
    // The worker's bundle sits beside this one in dist/.
    citeprocWorker: nodeThreadStarter(path.join(__dirname, 'citeprocWorker.js')),
    // Checking a 219 MB export slice by slice peaks near 700 MB; a UTF-16 one is checked in memory.
    checkWorker: nodeThreadStarter<CheckRequest, CheckResponse>(path.join(__dirname, 'checkWorker.js'), { maxOldGenerationSizeMb: 4096 }),
    homeFolder: () => os.homedir() || undefined,
    realPath: (p) => fs.promises.realpath(p),
  };
  return activateWith(context, host);
}

/** Nothing to do: everything is disposed through the context's subscriptions. */
export function deactivate(): void {}
