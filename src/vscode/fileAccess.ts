import * as vscode from 'vscode';
import { fileReadProblem, isInsideFolders, type FileFacts, type ReadScope } from '../core/paths/pathPolicy';

/**
 * Reading files from the extension, under the path policy of `core/pathPolicy.ts`: only regular
 * files (a link to one is fine) up to a size, and in Restricted Mode only files inside the
 * workspace folders, links resolved.
 */

/** Resolves the links of an OS path; the host sets it (a browser cannot, and leaves paths as they are). */
let realPath = (path: string): Promise<string> => Promise.resolve(path);

/** Reads links with `resolve` (the host's) until the returned Disposable is disposed. */
export function useRealPath(resolve: (path: string) => Promise<string>): vscode.Disposable {
  realPath = resolve;
  return new vscode.Disposable(() => {
    if (realPath === resolve) realPath = (path) => Promise.resolve(path);
  });
}

/** A URI as a file-system path for the policy: the OS path of a `file:` URI, else the URI's path. */
export function policyPath(uri: vscode.Uri): string {
  return uri.scheme === 'file' ? uri.fsPath : uri.path;
}

/** Where files may be read from, for URIs like `uri` (the workspace folders on the same file system). */
export function readScope(uri: vscode.Uri): ReadScope {
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === uri.scheme && f.uri.authority === uri.authority);
  return { trusted: vscode.workspace.isTrusted, folders: folders.map((f) => policyPath(f.uri)) };
}

/** How to name a file in a message. */
export function fileLabel(uri: vscode.Uri): string {
  return uri.scheme === 'file' ? uri.fsPath : uri.toString(true);
}

function factsOf(stat: vscode.FileStat): FileFacts {
  const kind = (stat.type & vscode.FileType.Directory) !== 0 ? 'directory' : (stat.type & vscode.FileType.File) !== 0 ? 'file' : 'other';
  return { kind, size: stat.size };
}

/**
 * True when `uri`, with its links resolved, is inside a workspace folder (itself resolved). Only
 * `file:` URIs have links to resolve; others are compared as they are.
 */
async function reallyInside(uri: vscode.Uri, scope: ReadScope): Promise<boolean> {
  if (!isInsideFolders(policyPath(uri), scope.folders)) return false;
  if (uri.scheme !== 'file') return true;
  const real = await realPath(uri.fsPath);
  const folders = await Promise.all(scope.folders.map((f) => realPath(f).catch(() => f)));
  return isInsideFolders(real, folders);
}

/**
 * The bytes of `uri`, which must be a regular file (a link to one is fine) of at most `limit`
 * bytes, and in Restricted Mode inside the workspace folders; otherwise an error that says why
 * ("…/refs.ris is not a regular file (…)").
 */
export async function readRegularFile(uri: vscode.Uri, limit: number): Promise<Uint8Array> {
  const problem = fileReadProblem(factsOf(await vscode.workspace.fs.stat(uri)), limit);
  if (problem !== undefined) throw new FileNotRead(problem, `${fileLabel(uri)} ${problem}`);
  const scope = readScope(uri);
  if (!scope.trusted && !(await reallyInside(uri, scope))) {
    throw new FileNotRead('is outside the workspace folders and is not read in Restricted Mode', `Restricted Mode: ${fileLabel(uri)} is outside the workspace folders and is not read`);
  }
  return vscode.workspace.fs.readFile(uri);
}

/** A file {@link readRegularFile} refused to read, and why (`problem`, to follow the file's name). */
export class FileNotRead extends Error {
  constructor(
    readonly problem: string,
    message: string,
  ) {
    super(message);
    this.name = 'FileNotRead';
  }
}
