/**
 * What differs between the desktop extension (Node) and the web extension (a browser's Web Worker
 * extension host, in vscode.dev and github.dev): how the citation worker starts, and the few things
 * only an operating system has. Files are read through `vscode.workspace.fs` in both. The two entry
 * files (`src/hosts/desktop.ts`, `src/hosts/web.ts`) each build one `Host`; nothing else imports a
 * Node built-in.
 */
import type { CheckRequest, CheckResponse } from '../worker/checkProtocol';
import type { WorkerStarter } from '../worker/protocol';

/** The host the extension runs in. */
export interface Host {
  /** `desktop` (Node: desktop VS Code, a remote or code-server) or `web` (a browser). */
  readonly kind: 'desktop' | 'web';
  /** Starts the citation worker (a worker thread, or a Web Worker). */
  readonly citeprocWorker: WorkerStarter;
  /**
   * Starts the check worker, which validates large files read from disk off the extension host's
   * thread (a worker thread); undefined where files are validated on the extension host (a browser).
   */
  readonly checkWorker?: WorkerStarter<CheckRequest, CheckResponse>;
  /** The user's home folder, for `~/…` style paths; undefined where there is none (a browser). */
  homeFolder(): string | undefined;
  /** An OS path with its links resolved (the path as it is where links cannot be resolved). */
  realPath(path: string): Promise<string>;
}
