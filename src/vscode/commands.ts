import * as vscode from 'vscode';
import type { Log } from './log';

/** Registers the commands that need no language service. */
export function registerCommands(log: Log): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand('ris.showLog', () => log.show()),
  );
}
