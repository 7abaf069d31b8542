/**
 * A test fixture, not part of RIS References: an in-memory file system (`memfs:`) that the web
 * tests open as their virtual workspace, the way vscode.dev and github.dev serve a repository. The
 * runner (test/run-web.mjs) bundles it with the example review's files in `MEMFS_FILES` and loads
 * it as a second development extension; it activates when the workbench asks for `memfs:`.
 */
import * as vscode from 'vscode';

/** The workspace's files, path → text, defined by the runner at bundle time. */
declare const MEMFS_FILES: Record<string, string>;

interface Entry {
  readonly type: vscode.FileType;
  data: Uint8Array;
  mtime: number;
}

/** A flat map of paths: enough for the few files the tests use. */
class MemFs implements vscode.FileSystemProvider {
  private readonly entries = new Map<string, Entry>();
  private readonly changed = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changed.event;

  constructor(files: Record<string, string>) {
    this.entries.set('/', { type: vscode.FileType.Directory, data: new Uint8Array(), mtime: Date.now() });
    for (const [path, text] of Object.entries(files)) this.put(path, new TextEncoder().encode(text));
  }

  private put(path: string, data: Uint8Array): void {
    const parts = path.split('/').filter(Boolean);
    for (let i = 1; i < parts.length; i++) {
      const dir = `/${parts.slice(0, i).join('/')}`;
      if (!this.entries.has(dir)) this.entries.set(dir, { type: vscode.FileType.Directory, data: new Uint8Array(), mtime: Date.now() });
    }
    this.entries.set(`/${parts.join('/')}`, { type: vscode.FileType.File, data, mtime: Date.now() });
  }

  private entry(uri: vscode.Uri): Entry {
    const entry = this.entries.get(uri.path.replace(/\/$/, '') || '/');
    if (!entry) throw vscode.FileSystemError.FileNotFound(uri);
    return entry;
  }

  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }

  stat(uri: vscode.Uri): vscode.FileStat {
    const entry = this.entry(uri);
    return { type: entry.type, ctime: 0, mtime: entry.mtime, size: entry.data.byteLength };
  }

  readDirectory(uri: vscode.Uri): [string, vscode.FileType][] {
    const dir = uri.path.replace(/\/$/, '');
    const result: [string, vscode.FileType][] = [];
    for (const [path, entry] of this.entries) {
      if (path !== '/' && path.startsWith(`${dir}/`) && !path.slice(dir.length + 1).includes('/')) result.push([path.slice(dir.length + 1), entry.type]);
    }
    return result;
  }

  readFile(uri: vscode.Uri): Uint8Array {
    const entry = this.entry(uri);
    if (entry.type !== vscode.FileType.File) throw vscode.FileSystemError.FileIsADirectory(uri);
    return entry.data;
  }

  writeFile(uri: vscode.Uri, content: Uint8Array): void {
    const existed = this.entries.has(uri.path);
    this.put(uri.path, content);
    this.changed.fire([{ type: existed ? vscode.FileChangeType.Changed : vscode.FileChangeType.Created, uri }]);
  }

  createDirectory(uri: vscode.Uri): void {
    this.entries.set(uri.path, { type: vscode.FileType.Directory, data: new Uint8Array(), mtime: Date.now() });
  }

  delete(uri: vscode.Uri): void {
    for (const path of [...this.entries.keys()]) if (path === uri.path || path.startsWith(`${uri.path}/`)) this.entries.delete(path);
    this.changed.fire([{ type: vscode.FileChangeType.Deleted, uri }]);
  }

  rename(from: vscode.Uri, to: vscode.Uri): void {
    const entry = this.entry(from);
    this.entries.delete(from.path);
    this.entries.set(to.path, entry);
    this.changed.fire([{ type: vscode.FileChangeType.Deleted, uri: from }, { type: vscode.FileChangeType.Created, uri: to }]);
  }
}

/** Registers the file system (the workbench activates this on `onFileSystem:memfs`). */
export function activate(context: vscode.ExtensionContext): void {
  context.subscriptions.push(vscode.workspace.registerFileSystemProvider('memfs', new MemFs(MEMFS_FILES), { isCaseSensitive: true }));
}
