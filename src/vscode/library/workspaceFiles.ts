import * as vscode from 'vscode';
import { decodeRisBytes } from '../../core/ris/decode';
import { parseRis } from '../../core/ris/parser';
import { readRisInTurns } from '../../core/ris/readInTurns';
import { prepareLibraryFile } from '../../core/library/referenceLibrary';
import { DuplicateIndex } from '../../core/validation/duplicateIndex';
import { globMatcher } from '../../core/paths/glob';
import type { DecodedText, RisDocument } from '../../core/ris/model';
import { MAX_DOCUMENT_BYTES } from '../../core/paths/pathPolicy';
import { FileNotRead, readRegularFile } from '../fileAccess';
import { turnPause } from '../turns';
import { findWorkspaceFiles } from '../workspaceSearch';
import type { Log } from '../log';
import type { Settings } from '../settings';
import type { RisDocuments } from '../documents';

/** What is known of one RIS file of the workspace. */
export interface WorkspaceRisFile {
  readonly uri: vscode.Uri;
  readonly parsed: RisDocument;
  /** How the file's bytes were decoded; undefined when the text came from an open editor. */
  readonly decoded: DecodedText | undefined;
}

/**
 * Files above this size are decoded, parsed and prepared for the duplicate index and the library in
 * turns of a few milliseconds, so that reading a 219 MB export never blocks the extension host for
 * seconds (a 2 MB file takes some 30 ms at once).
 */
const IN_TURNS_BYTES = 2 * 1024 * 1024;

/**
 * Records whose duplicate keys are made between two looks at the clock, when a file is indexed in
 * turns. A turn ends at the first look after its 12 ms: with 500 records between looks, a turn of
 * the 219 MB export ran to 22 ms in a profiled `bench:vscode` run (the check worker sharing the cores).
 */
const KEYS_PER_STEP = 200;

/**
 * The files ordered by size, smallest first (a file whose size cannot be read comes first: reading
 * it fails at once): most files are in the index soonest, and a 219 MB export comes last, so that
 * its check can start with every other file known (see {@link WorkspaceRisFiles.othersRead}).
 */
async function smallestFirst(uris: readonly vscode.Uri[]): Promise<{ readonly uri: vscode.Uri; readonly size: number }[]> {
  const sizes = await Promise.all(uris.map((uri) => Promise.resolve(vscode.workspace.fs.stat(uri)).then((s) => s.size, () => -1)));
  return uris.map((uri, i) => ({ uri, size: sizes[i]! })).sort((a, b) => a.size - b.size);
}

/** A RIS file of the workspace the index could not read: `reason` follows its name ("is larger than 256 MB …"). */
export interface UnreadFile {
  readonly uri: vscode.Uri;
  readonly reason: string;
}

/** An unread file as its path and why: `searches/big.ris is larger than 256 MB (…) and is not read`. */
export function describeUnread(f: UnreadFile): string {
  return `${vscode.workspace.asRelativePath(f.uri)} ${f.reason}`;
}

/** The glob of the files the workspace index reads. */
const RIS_GLOB = '**/*.{ris,RIS}';

/**
 * Every RIS file of the workspace, parsed, with the cross-file duplicate index built from them. Open
 * editors win over the file on disk (unsaved edits count). The workspace is scanned lazily, the first
 * time something needs it, and kept current by a file watcher and editor changes; a change re-reads
 * only the file that changed.
 */
export class WorkspaceRisFiles implements vscode.Disposable {
  private readonly files = new Map<string, WorkspaceRisFile>();
  /** How many times each file was deleted: a read that began before a deletion does not add the file back. */
  private readonly forgotten = new Map<string, number>();
  /**
   * Files deleted from disk since they were last created or read. VS Code may keep a deleted file's
   * text (a model no editor shows, or an editor marked deleted) and fire events on it for minutes:
   * until it is created again, only unsaved edits in an editor bring such a file back.
   */
  private readonly deleted = new Set<string>();
  /** How many reads of each file began: a read that a newer one overtook keeps out of the index. */
  private readonly reads = new Map<string, number>();
  /** Files of the workspace that could not be read, and why, until deleted (see {@link unread}). */
  private readonly notRead = new Map<string, UnreadFile>();
  readonly duplicates = new DuplicateIndex();
  private scan: Promise<void> | undefined;
  /** The file the first scan reads last (the largest), and when it begins reading it (see {@link othersRead}). */
  private scanLast: { readonly key: string; readonly reached: Promise<void> } | undefined;
  /** Resolves once the first scan knows its files and their order (or found none). */
  private readonly listed: Promise<void>;
  private markListed: () => void = () => undefined;
  private reachLast: () => void = () => undefined;
  private readonly changed = new vscode.EventEmitter<readonly vscode.Uri[]>();
  /** Fires with the files whose content changed (after the initial scan, or a watcher event). */
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly documents: RisDocuments,
    private readonly settings: Settings,
    private readonly log: Log,
  ) {
    this.listed = new Promise((resolve) => (this.markListed = resolve));
    this.disposables.push(
      this.changed,
      settings.onDidChange((e) => {
        if (e.affects('library')) void this.rescan();
      }),
      // In Restricted Mode links that lead out of the workspace are not read; once trusted they are.
      vscode.workspace.onDidGrantWorkspaceTrust(() => void this.rescan()),
    );
  }

  /** True when `ris.library.include` / `ris.library.exclude` select this file. */
  private selected(uri: vscode.Uri): boolean {
    const match = globMatcher(this.settings.get('library.include', uri), this.settings.get('library.exclude', uri));
    return match(vscode.workspace.asRelativePath(uri, false));
  }

  /** Forgets everything and reads the workspace again (after the library settings changed). */
  private async rescan(): Promise<void> {
    if (!this.scan) return;
    await this.scan;
    const before = [...this.files.values()].map((f) => f.uri);
    this.files.clear();
    this.notRead.clear();
    this.duplicates.clear();
    const uris = await findWorkspaceFiles(RIS_GLOB);
    for (const uri of uris) if (this.selected(uri)) await this.read(uri);
    this.changed.fire([...before, ...uris]);
  }

  /** Scans the workspace once (later calls return the same promise) and starts watching it. */
  ensureScanned(): Promise<void> {
    if (!this.scan) {
      this.scan = this.scanWorkspace().catch((error: unknown) => {
        this.log.error('Scanning the workspace for RIS files failed', error);
      });
    }
    return this.scan;
  }

  /**
   * Resolves once every file of the workspace but `uri` is in the index: when the first scan is over,
   * or, when it reads `uri` last (it reads the smallest files first, and `uri` is the largest), as it
   * begins reading it. A check of a large file can then start with the other files' records while
   * the index still reads the file itself.
   */
  async othersRead(uri: vscode.Uri): Promise<void> {
    const scan = this.ensureScanned();
    await this.listed;
    const last = this.scanLast;
    if (last !== undefined && last.key === uri.toString()) await last.reached;
    else await scan;
  }

  /** True once the workspace has been scanned. */
  get scanned(): boolean {
    return this.scan !== undefined;
  }

  /**
   * The workspace's RIS files that could not be read (larger than the index reads, not a regular
   * file, unreadable), in path order: their references are in no library, so the References view
   * says so rather than leaving them out without a word.
   */
  unread(): UnreadFile[] {
    // A file read since (from disk or an editor) is in the index again.
    return [...this.notRead]
      .filter(([key]) => !this.files.has(key))
      .map(([, f]) => f)
      .sort((a, b) => (a.uri.toString() < b.uri.toString() ? -1 : 1));
  }

  /** Every known file. */
  all(): IterableIterator<WorkspaceRisFile> {
    return this.files.values();
  }

  get(uri: vscode.Uri): WorkspaceRisFile | undefined {
    return this.files.get(uri.toString());
  }

  /** Records an open editor's current text (called by the diagnostics manager after it parsed it). */
  updateFromEditor(document: vscode.TextDocument, parsed: RisDocument): void {
    const key = this.takeFromEditor(document, parsed);
    if (key === undefined) return;
    this.duplicates.set(key, parsed);
    this.noteEdited(key);
  }

  /**
   * {@link updateFromEditor} with the document's duplicate keys indexed in turns (a large document
   * opened for the first time: its keys replace those read from disk, 60–200 ms at once).
   */
  async updateFromEditorInTurns(document: vscode.TextDocument, parsed: RisDocument, pause: () => Promise<void>): Promise<void> {
    const key = this.takeFromEditor(document, parsed);
    if (key === undefined) return;
    if (await this.duplicates.setInTurns(key, parsed, pause, KEYS_PER_STEP)) this.noteEdited(key);
  }

  /** Holds `parsed` as the file of `document` and returns its key; undefined when the index keeps it out or holds it already. */
  private takeFromEditor(document: vscode.TextDocument, parsed: RisDocument): string | undefined {
    if (document.uri.scheme === 'output' || document.isUntitled || !this.selected(document.uri)) return undefined;
    const key = document.uri.toString();
    if (this.deleted.has(key) && !document.isDirty) return undefined;
    const previous = this.files.get(key);
    if (previous?.parsed === parsed) return undefined;
    this.files.set(key, { uri: document.uri, parsed, decoded: previous?.decoded });
    return key;
  }

  /** Tells the library (References view, CodeLenses, citations) that `key` changed, once the edits pause. */
  private noteEdited(key: string): void {
    this.editedSinceNotice.add(key);
    if (this.editTimer) clearTimeout(this.editTimer);
    this.editTimer = setTimeout(() => {
      this.editTimer = undefined;
      const uris = [...this.editedSinceNotice].map((u) => vscode.Uri.parse(u));
      this.editedSinceNotice.clear();
      this.changed.fire(uris);
    }, 500);
  }

  private readonly editedSinceNotice = new Set<string>();
  private editTimer: ReturnType<typeof setTimeout> | undefined;

  private async scanWorkspace(): Promise<void> {
    try {
      await this.scanFiles();
    } finally {
      this.markListed();
      this.reachLast();
    }
  }

  private async scanFiles(): Promise<void> {
    if (!vscode.workspace.workspaceFolders?.length) return;
    const started = Date.now();
    const watcher = vscode.workspace.createFileSystemWatcher(RIS_GLOB);
    this.disposables.push(
      watcher,
      watcher.onDidCreate((uri) => {
        this.deleted.delete(uri.toString());
        return this.reread(uri);
      }),
      watcher.onDidChange((uri) => this.reread(uri)),
      watcher.onDidDelete((uri) => this.forget(uri)),
    );
    const files = await smallestFirst((await findWorkspaceFiles(RIS_GLOB)).filter((uri) => this.selected(uri)));
    const uris = files.map((f) => f.uri);
    const last = uris[uris.length - 1];
    if (last !== undefined) this.scanLast = { key: last.toString(), reached: new Promise((resolve) => (this.reachLast = resolve)) };
    this.markListed();
    const readAll = async (progress?: vscode.Progress<{ message?: string }>): Promise<void> => {
      for (const [i, uri] of uris.entries()) {
        if (uri === last) this.reachLast();
        progress?.report({ message: `${i + 1} of ${uris.length}, ${vscode.workspace.asRelativePath(uri)}` });
        await this.read(uri);
      }
    };
    // A file read in turns takes seconds (15 s for a 219 MB export): the status bar says what is going on.
    if (files.some((f) => f.size > IN_TURNS_BYTES)) await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Reading RIS files' }, readAll);
    else await readAll();
    this.log.info(`Indexed ${uris.length} RIS file(s) of the workspace in ${Date.now() - started} ms`);
    this.changed.fire(uris);
  }

  private async read(uri: vscode.Uri): Promise<void> {
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    const key = uri.toString();
    let stale = (): boolean => false;
    try {
      if (open) {
        // A large document is parsed and indexed in turns (see RisDocuments.parsed).
        await this.updateFromEditorInTurns(open, await this.documents.parsed(open), turnPause());
        return;
      }
      const forgotten = this.forgotten.get(key) ?? 0;
      const serial = (this.reads.get(key) ?? 0) + 1;
      this.reads.set(key, serial);
      // Deleted while it was being read (a create event's read can end after the delete's), or read
      // again meanwhile: keep this read's result out.
      stale = (): boolean => (this.forgotten.get(key) ?? 0) !== forgotten || this.reads.get(key) !== serial;
      const bytes = await readRegularFile(uri, MAX_DOCUMENT_BYTES);
      if (stale()) return;
      this.deleted.delete(key);
      if (bytes.length > IN_TURNS_BYTES) {
        const read = await this.indexInTurns(key, bytes, stale);
        if (read === undefined || stale()) return;
        this.files.set(key, { uri, ...read });
        return;
      }
      const { decoded, parsed } = this.parseAtOnce(bytes);
      this.files.set(key, { uri, parsed, decoded });
      this.duplicates.set(key, parsed);
    } catch (error) {
      // A deleted file whose unsaved edits kept it listed leaves once it can no longer be read.
      if (this.deleted.has(key) && this.files.delete(key)) this.duplicates.remove(key);
      // A file of the workspace is told apart (`unread` leaves out one whose earlier version the index
      // still holds). Not a document of another scheme read again as it closed (a record the
      // Duplicates view shows under `ris-record:`), nor a file outside the workspace folders.
      if (!stale() && !this.deleted.has(key) && vscode.workspace.getWorkspaceFolder(uri) !== undefined) {
        const reason = error instanceof FileNotRead ? error.problem : `could not be read (${error instanceof Error ? error.message : String(error)})`;
        this.notRead.set(key, { uri, reason });
      }
      this.log.warn(`Could not read ${uri.fsPath}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private parseAtOnce(bytes: Uint8Array): { decoded: DecodedText; parsed: RisDocument } {
    const decoded = decodeRisBytes(bytes);
    return { decoded, parsed: parseRis(decoded.text) };
  }

  /**
   * Decodes and parses a large file (named `uri`), indexes its duplicate keys and reads its library
   * entries, in turns; undefined when `stale()` says a newer read or a deletion took over meanwhile.
   */
  private async indexInTurns(uri: string, bytes: Uint8Array, stale: () => boolean): Promise<{ decoded: DecodedText; parsed: RisDocument } | undefined> {
    const started = Date.now();
    const pause = turnPause();
    const { decoded, parsed } = await readRisInTurns(bytes, pause, 256 * 1024, 64 * 1024);
    if (stale() || !(await this.duplicates.setInTurns(uri, parsed, pause, KEYS_PER_STEP))) return undefined;
    await prepareLibraryFile(uri, parsed, pause, 200);
    this.log.info(`${vscode.workspace.asRelativePath(vscode.Uri.parse(uri))}: ${parsed.records.length} records read into the workspace index in turns in ${Date.now() - started} ms`);
    return { decoded, parsed };
  }

  /** Reads a file again (from its editor when open, else from disk) and reports the change. */
  async reread(uri: vscode.Uri): Promise<void> {
    if (!this.selected(uri)) return;
    const reading = this.read(uri);
    this.pendingReads.add(reading);
    try {
      await reading;
    } finally {
      this.pendingReads.delete(reading);
    }
    this.changed.fire([uri]);
  }

  /** Reads of changed or created files under way (a large file is read in turns). */
  private readonly pendingReads = new Set<Promise<void>>();

  /** Resolves once the files being read again (after a watcher event) are in the index. */
  async settled(): Promise<void> {
    while (this.pendingReads.size > 0) await Promise.all([...this.pendingReads]);
  }

  private forget(uri: vscode.Uri): void {
    const key = uri.toString();
    this.deleted.add(key);
    this.notRead.delete(key);
    this.forgotten.set(key, (this.forgotten.get(key) ?? 0) + 1);
    this.files.delete(key);
    this.duplicates.remove(key);
    this.changed.fire([uri]);
  }

  dispose(): void {
    if (this.editTimer) clearTimeout(this.editTimer);
    for (const d of this.disposables) d.dispose();
    this.files.clear();
    this.notRead.clear();
    this.duplicates.clear();
  }
}
