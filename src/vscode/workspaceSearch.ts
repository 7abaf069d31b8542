/**
 * Finding the workspace's files by glob, on every file system. `workspace.findFiles` needs a search
 * provider for the folder's scheme: the desktop, remotes and github.dev's repositories have one,
 * but a virtual file system without one (an in-memory workspace, some FileSystemProviders) makes it
 * wait for ever ("No search provider registered for scheme"). For such a scheme the folders are
 * walked through `workspace.fs.readDirectory` instead, which every file system provides; which
 * schemes need that is learnt once, from a findFiles that does not answer in time.
 */
import * as vscode from 'vscode';
import { globMatcher } from '../core/paths/glob';

/** Schemes whose search provider is known to exist (the local disk, a remote, github.dev). */
const SEARCHABLE = new Set(['file', 'vscode-remote', 'vscode-vfs']);
/** How long a findFiles on another scheme may take before its folders are walked instead. */
const SEARCH_WAIT_MS = 3_000;
/** At most this many directory entries are visited in one walk (a huge virtual tree stays bounded). */
const MAX_WALK_ENTRIES = 50_000;
/** Folders a walk never enters (as search leaves them out by default). */
const SKIPPED_FOLDERS = new Set(['.git', 'node_modules']);

const walkedSchemes = new Set<string>();

/** Files of the workspace folders matching `include` (a glob relative to each folder) and not `exclude`. */
export async function findWorkspaceFiles(include: string, exclude?: string): Promise<vscode.Uri[]> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  const searched = folders.filter((f) => SEARCHABLE.has(f.uri.scheme));
  const others = folders.filter((f) => !SEARCHABLE.has(f.uri.scheme));
  const found: vscode.Uri[] = [];
  for (const folder of searched) found.push(...(await vscode.workspace.findFiles(new vscode.RelativePattern(folder, include), exclude)));
  for (const folder of others) found.push(...(await searchOrWalk(folder, include, exclude)));
  return found;
}

async function searchOrWalk(folder: vscode.WorkspaceFolder, include: string, exclude: string | undefined): Promise<vscode.Uri[]> {
  const scheme = folder.uri.scheme;
  if (!walkedSchemes.has(scheme)) {
    const search = Promise.resolve(vscode.workspace.findFiles(new vscode.RelativePattern(folder, include), exclude));
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), SEARCH_WAIT_MS)));
    const result = await Promise.race([search.catch(() => undefined), late]);
    clearTimeout(timer);
    if (result !== undefined) return result;
    walkedSchemes.add(scheme);
  }
  return walk(folder.uri, globMatcher([include], exclude !== undefined ? [exclude] : []));
}

/** The files below `root` whose path relative to it `matches`, breadth first, bounded. */
async function walk(root: vscode.Uri, matches: (relativePath: string) => boolean): Promise<vscode.Uri[]> {
  const found: vscode.Uri[] = [];
  const queue: string[] = [''];
  let visited = 0;
  while (queue.length > 0 && visited < MAX_WALK_ENTRIES) {
    const dir = queue.shift() ?? '';
    let entries: [string, vscode.FileType][];
    try {
      entries = await vscode.workspace.fs.readDirectory(dir === '' ? root : vscode.Uri.joinPath(root, dir));
    } catch {
      continue; // unreadable: left out, as search would
    }
    for (const [name, type] of entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      if (++visited > MAX_WALK_ENTRIES) break;
      const relative = dir === '' ? name : `${dir}/${name}`;
      if ((type & vscode.FileType.Directory) !== 0) {
        if (!SKIPPED_FOLDERS.has(name)) queue.push(relative);
      } else if ((type & vscode.FileType.File) !== 0 && matches(relative)) {
        found.push(vscode.Uri.joinPath(root, relative));
      }
    }
  }
  return found;
}
