/**
 * The web extension's entry (`browser` in package.json, bundled to dist/web/extension.js, for
 * vscode.dev, github.dev and other browser workbenches): a Web Worker for citations, no home folder
 * and no links, around the same wiring as the desktop. No Node built-in may be imported here or
 * below (the build fails on one).
 */
import * as vscode from 'vscode';
import { activateWith, type RisReferencesApi } from '../extension';
import type { Host } from '../vscode/host';
import { webWorkerStarter } from '../worker/webWorker';

/** Activates the extension in a browser's Web Worker extension host. */
export function activate(context: vscode.ExtensionContext): RisReferencesApi {
  const host: Host = {
    kind: 'web',
    citeprocWorker: webWorkerStarter(vscode.Uri.joinPath(context.extensionUri, 'dist/web/citeprocWorker.js').toString(true)),
    homeFolder: () => undefined,
    realPath: (p) => Promise.resolve(p),
  };
  return activateWith(context, host);
}

/** Nothing to do: everything is disposed through the context's subscriptions. */
export function deactivate(): void {}
