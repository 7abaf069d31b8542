import * as vscode from 'vscode';
import { Library, prepareLibrary, type LibraryFile } from '../../core/library/referenceLibrary';
import { resolveBibliographyPaths } from '../../core/markdown/frontMatter';
import { decodeRisBytes } from '../../core/ris/decode';
import { parseRis } from '../../core/ris/parser';
import type { RisDocument } from '../../core/ris/model';
import { bibliographyPathProblem, MAX_DOCUMENT_BYTES } from '../../core/paths/pathPolicy';
import { policyPath, readRegularFile, readScope } from '../fileAccess';
import type { UnreadFile, WorkspaceRisFiles } from './workspaceFiles';
import type { Log } from '../log';
import { documentBibliography } from '../../core/markdown/markdownDocument';
import { turnPause } from '../turns';

/** The library a Markdown document cites from. */
export interface DocumentLibrary {
  readonly library: Library;
  /** The RIS files named by the front matter, or undefined when the document uses the whole library. */
  readonly bibliography: readonly vscode.Uri[] | undefined;
  /** Front-matter entries that name no readable file. */
  readonly missing: readonly string[];
  /**
   * Front-matter entries that are not read, each with the reason: a URL or network path, or in
   * Restricted Mode a file outside the workspace folders.
   */
  readonly refused: readonly { readonly path: string; readonly reason: string }[];
  /** True when the bibliography also names files this extension does not read (.bib, .json…). */
  readonly hasOtherFormats: boolean;
}

/**
 * The reference library of the workspace: every RIS file that `ris.library.include` /
 * `ris.library.exclude` select, with pandoc's keys. A Markdown document cites from the files of its
 * front matter's `bibliography` when it has one, otherwise from the whole library. Libraries are built
 * on demand and cached until a RIS file changes.
 */
export class LibraryService implements vscode.Disposable {
  private workspace: Library | undefined;
  /** Counts the changes of the library's files, so that a build overtaken by one starts again. */
  private generation = 0;
  private readonly perBibliography = new Map<string, Library>();
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when any RIS file of the library changed (its libraries are rebuilt on next use). */
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];

  constructor(
    private readonly files: WorkspaceRisFiles,
    private readonly log: Log,
  ) {
    const forget = (): void => {
      this.generation++;
      this.workspace = undefined;
      this.perBibliography.clear();
      this.changed.fire();
    };
    // Trusting the workspace lifts Restricted Mode: bibliography files outside it are read from then on.
    this.disposables.push(files.onDidChange(forget), vscode.workspace.onDidGrantWorkspaceTrust(forget));
  }

  /** The workspace's RIS files the library could not read (see `WorkspaceRisFiles.unread`). */
  unreadFiles(): UnreadFile[] {
    return this.files.unread();
  }

  /** The whole workspace library (scans the workspace the first time). */
  async workspaceLibrary(): Promise<Library> {
    await this.files.ensureScanned();
    while (!this.workspace) {
      const started = Date.now();
      const generation = this.generation;
      const files: LibraryFile[] = [...this.files.all()]
        .sort((a, b) => compareUris(a.uri, b.uri))
        .map((f) => ({ uri: f.uri.toString(), doc: f.parsed }));
      // Keys, entries and the keys one file shadows in another are read in turns first.
      await prepareLibrary(files, turnPause('interactive'), 200);
      // A file changed meanwhile: read the files again.
      if (generation !== this.generation) continue;
      if (!this.workspace) {
        this.workspace = new Library(files);
        this.log.trace(`Built the workspace library: ${this.workspace.entries.length} references in ${Date.now() - started} ms`);
      }
    }
    return this.workspace;
  }

  /** The library a Markdown document cites from: its front matter's bibliography, else the workspace's. */
  async libraryFor(document: Pick<vscode.TextDocument, 'uri' | 'getText'>): Promise<DocumentLibrary> {
    const entries = documentBibliography(document.getText());
    if (!entries || entries.length === 0) {
      return { library: await this.workspaceLibrary(), bibliography: undefined, missing: [], refused: [], hasOtherFormats: false };
    }
    await this.files.ensureScanned();
    const folder = vscode.workspace.getWorkspaceFolder(document.uri);
    const scope = readScope(document.uri);
    const uris: vscode.Uri[] = [];
    const missing: string[] = [];
    const refused: { path: string; reason: string }[] = [];
    let hasOtherFormats = false;
    for (const entry of entries) {
      const path = entry.path;
      if (!/\.ris$/i.test(path)) {
        hasOtherFormats = true;
        continue;
      }
      const candidates = resolveBibliographyPaths(document.uri.path, [path], folder?.uri.path)[0] ?? [];
      let found: vscode.Uri | undefined;
      let problem: string | undefined;
      for (const candidate of candidates) {
        const uri = document.uri.with({ path: candidate });
        const refusal = bibliographyPathProblem(path, policyPath(uri), scope);
        if (refusal !== undefined) {
          problem ??= refusal;
          continue;
        }
        if (this.files.get(uri) || (await exists(uri))) {
          found = uri;
          break;
        }
      }
      if (found) uris.push(found);
      else if (problem !== undefined) refused.push({ path, reason: problem });
      else missing.push(path);
    }
    if (refused.length > 0) this.reportRefused(refused);
    const signature = uris.map((u) => u.toString()).join('\n');
    let library = this.perBibliography.get(signature);
    if (!library) {
      const files: LibraryFile[] = [];
      for (const uri of uris) {
        const doc = this.files.get(uri)?.parsed ?? (await this.readOutsideIndex(uri));
        if (doc) files.push({ uri: uri.toString(), doc });
      }
      library = new Library(files);
      this.perBibliography.set(signature, library);
    }
    return { library, bibliography: uris, missing, refused, hasOtherFormats };
  }

  private readonly reported = new Set<string>();

  /** Logs each refused bibliography entry once. */
  private reportRefused(refused: readonly { path: string; reason: string }[]): void {
    for (const { reason } of refused) {
      if (this.reported.has(reason)) continue;
      this.reported.add(reason);
      this.log.warn(`Not reading a bibliography file: ${reason}`);
    }
  }

  /** Reads a bibliography file that the workspace index does not hold (excluded, or outside the workspace). */
  private async readOutsideIndex(uri: vscode.Uri): Promise<RisDocument | undefined> {
    try {
      return parseRis(decodeRisBytes(await readRegularFile(uri, MAX_DOCUMENT_BYTES)).text);
    } catch (error) {
      this.log.warn(`Could not read the bibliography ${uri.toString(true)}: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

function compareUris(a: vscode.Uri, b: vscode.Uri): number {
  const x = a.toString();
  const y = b.toString();
  return x < y ? -1 : x > y ? 1 : 0;
}

/** True when `uri` names something on its file system. */
export async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}
