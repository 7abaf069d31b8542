import * as vscode from 'vscode';

/** One line written to the extension's log. */
export interface LogEntry {
  readonly level: 'trace' | 'info' | 'warn' | 'error';
  readonly message: string;
}

/**
 * The extension's log: the "RIS References" output channel, plus the last entries in memory so that
 * tests (and the activation smoke test) can assert that nothing went wrong.
 */
export class Log implements vscode.Disposable {
  private readonly channel = vscode.window.createOutputChannel('RIS References', { log: true });
  private readonly recent: LogEntry[] = [];

  info(message: string): void {
    this.channel.info(message);
    this.remember('info', message);
  }

  warn(message: string): void {
    this.channel.warn(message);
    this.remember('warn', message);
  }

  error(message: string, error?: unknown): void {
    const detail = error instanceof Error ? `${message}: ${error.stack ?? error.message}` : error !== undefined ? `${message}: ${String(error)}` : message;
    this.channel.error(detail);
    this.remember('error', detail);
  }

  trace(message: string): void {
    this.channel.trace(message);
  }

  show(): void {
    this.channel.show(true);
  }

  /** The last (up to 200) info, warning and error entries, oldest first. */
  entries(): readonly LogEntry[] {
    return this.recent;
  }

  dispose(): void {
    this.channel.dispose();
  }

  private remember(level: LogEntry['level'], message: string): void {
    this.recent.push({ level, message });
    if (this.recent.length > 200) this.recent.shift();
  }
}
