/**
 * The citation keys the writer inserted lately (from completion or the picker), most recent first,
 * kept in the workspace's state so that the completion list after `@` can offer them again across
 * sessions. At most 50 keys; nothing else is stored.
 */
import * as vscode from 'vscode';

const STATE_KEY = 'ris.recentCitationKeys';
const MAX_KEYS = 50;

/** The recently inserted keys of a workspace. */
export class RecentCitationKeys implements vscode.Disposable {
  private readonly command: vscode.Disposable;

  constructor(private readonly state: vscode.Memento) {
    this.command = vscode.commands.registerCommand(RecentCitationKeys.COMMAND, (...keys: unknown[]) => this.add(keys.filter((k): k is string => typeof k === 'string')));
  }

  /** The internal command a completion item runs after it was inserted, with the key as argument. */
  static readonly COMMAND = 'ris._rememberCitationKeys';

  /** The keys, most recent first. */
  list(): readonly string[] {
    const stored = this.state.get<unknown>(STATE_KEY);
    return Array.isArray(stored) ? stored.filter((k): k is string => typeof k === 'string') : [];
  }

  /** Remembers `keys` as just inserted (the first of them most recent). */
  add(keys: readonly string[]): Thenable<void> {
    if (keys.length === 0) return Promise.resolve();
    const fresh = new Set(keys);
    const next = [...keys, ...this.list().filter((k) => !fresh.has(k))].slice(0, MAX_KEYS);
    return this.state.update(STATE_KEY, next);
  }

  dispose(): void {
    this.command.dispose();
  }
}
