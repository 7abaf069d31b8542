import * as vscode from 'vscode';
import { Log, type LogEntry } from './vscode/log';
import { registerCommands } from './vscode/commands';

/** What the extension exports to other extensions and to its own integration tests. */
export interface RisReferencesApi {
  /** The extension's recent log entries. */
  logEntries(): readonly LogEntry[];
  /** The ids of the views whose data providers are registered. */
  viewIds(): readonly string[];
}

/**
 * Activation does little: it creates the log and registers providers and commands. Parsing and
 * indexing happen when a document or view needs them.
 */
export function activate(context: vscode.ExtensionContext): RisReferencesApi {
  const log = new Log();
  context.subscriptions.push(log);
  context.subscriptions.push(registerCommands(log));
  log.info(`RIS References ${String(context.extension.packageJSON.version)} activated`);
  return { logEntries: () => log.entries(), viewIds: () => [] };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
