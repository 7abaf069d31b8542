import * as vscode from 'vscode';
import { IncrementalValidator } from '../../core/validation/incrementalValidation';
import { validateRis, type RisDiagnostic } from '../../core/validation/validate';
import type { ValidateOptions } from '../../core/validation/diagnostic';
import { textLength } from '../../core/ris/pieceText';
import type { VetoOptions } from '../../core/dedup/vetoFeatures';
import type { DuplicateRef } from '../../core/validation/duplicateIndex';
import type { Severity } from '../../core/validation/codes';
import type { RisDocuments } from '../documents';
import { documentLength, IN_TURNS_CHARS, lineIndexOf, toRange } from '../documents';
import type { Settings } from '../settings';
import type { Log } from '../log';
import { nextTurn, turnPause } from '../turns';
import { sameDiagnostics } from './sameDiagnostics';
import { CODE_DOCS, DiagnosticConverter, SEVERITY } from './diagnosticConverter';
import type { WorkspaceRisFiles, WorkspaceRisFile } from '../library/workspaceFiles';
import type { CheckClient } from '../../worker/checkClient';
import { packedLength, packRefs, unpackRow, type PackedRefs, type PackedRows } from '../../worker/checkProtocol';
import { EarlyCheck, type CheckOk, type CheckSettings, type CheckSource } from './earlyCheck';


/** The size above which VS Code does not sync a file's text to extensions (50 MB). */
const LARGE_FILE_BYTES = 50 * 1024 * 1024;

/**
 * Smaller files may be held back too: VS Code asks before it opens a file above 10 MB in a remote
 * window (above 50 MB in the browser, 1 GB on the desktop), and until the user says yes the tab
 * holds no document.
 */
const CONFIRMATION_MIN_BYTES = 10 * 1024 * 1024;

/** How long the tab of a file below 50 MB may take to bring its document before the file is checked from disk. */
const DOCUMENT_WAIT_MS = 1500;

/**
 * Files read from disk with at least this many characters are validated in the check worker when
 * the host has one (a 1 MB file takes some 20 ms on the extension host; a 219 MB one seconds).
 */
const WORKER_MIN_CHARS = 1_000_000;

/** Diagnostics made from a worker's rows (or records asked for their duplicates) between two yields to the event loop. */
const ROWS_PER_TURN = 2000;

/** What {@link DiagnosticsManager} listed from an early check: the check it was, the answer and the number of problems. */
interface EarlyShown {
  readonly generation: number;
  readonly response: CheckOk;
  readonly problems: number;
}

/** Thrown between turns of work on a document's parse when the document changed meanwhile. */
class DocumentChanged extends Error {}

/** True for a document whose text the workspace index takes from its editor (a file on disk, local or remote). */
function inWorkspaceIndex(document: vscode.TextDocument): boolean {
  return document.uri.scheme === 'file' || document.uri.scheme === 'vscode-remote';
}

/** True when an editor tab shows the file. */
function hasTab(uri: vscode.Uri): boolean {
  const key = uri.toString();
  return vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === key));
}


/**
 * Keeps the Problems panel current for RIS documents: validates a document when it opens, shortly
 * after it changes (debounced, longer for large files, so typing never waits on a full pass), when
 * the settings change, and when another RIS file of the workspace changes (duplicates across files);
 * forgets a document's diagnostics when it closes.
 */
export class DiagnosticsManager implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('ris');
  private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();
  /** The last core diagnostics per open document, with the version they were computed on. */
  private readonly lastResult = new Map<string, { version: number; diagnostics: readonly RisDiagnostic[] }>();
  /**
   * One incremental validator per open document: after a keystroke only the records the edit
   * touched are checked again (the parse comes from the incremental re-parse of `documents.ts`).
   */
  private readonly validators = new Map<string, IncrementalValidator>();
  /** Documents whose first validation runs in turns (see {@link validateFirstInTurns}). */
  private readonly firstInTurns = new Set<string>();
  /** Of those, the ones asked to be validated again meanwhile (settings, other files): validated again after it. */
  private readonly againAfterFirst = new Set<string>();
  /** VS Code's diagnostics of the core's findings. */
  private readonly converter: DiagnosticConverter;
  /** Files that are not open but whose problems are listed (after "Check All RIS Files"). */
  private readonly checkedOnDisk = new Set<string>();
  private readonly disposables: vscode.Disposable[] = [];
  /** Per file validated from disk: a number that changes with each new check (older results are dropped). */
  private readonly diskGeneration = new Map<string, number>();
  private readonly validated = new vscode.EventEmitter<vscode.Uri>();
  /** Fires after a document's diagnostics were published (used by tests and the benchmark). */
  readonly onDidValidate = this.validated.event;

  constructor(
    private readonly documents: RisDocuments,
    private readonly workspaceFiles: WorkspaceRisFiles,
    private readonly settings: Settings,
    private readonly log: Log,
    /** The check worker (desktop); without it files from disk are validated on the extension host. */
    private readonly checks?: CheckClient,
  ) {
    this.converter = new DiagnosticConverter(workspaceFiles);
    this.disposables.push(
      this.collection,
      this.validated,
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length > 0) this.schedule(e.document);
      }),
      vscode.workspace.onDidCloseTextDocument((d) => this.forget(d)),
      settings.onDidChange((e) => {
        if (e.affects('validation') || e.affects('duplicates')) {
          // New severities or vetoes: every document is validated in full (a large one in turns).
          for (const validator of this.validators.values()) validator.reset();
          this.validators.clear();
          this.validateAll();
        }
      }),
      workspaceFiles.onDidChange((uris) => this.onWorkspaceFilesChanged(uris)),
      vscode.window.tabGroups.onDidChangeTabs((e) => {
        for (const tab of e.opened) void this.validateLargeFileTab(tab);
      }),
    );
    for (const document of vscode.workspace.textDocuments) this.schedule(document, 0);
    for (const group of vscode.window.tabGroups.all) for (const tab of group.tabs) void this.validateLargeFileTab(tab);
  }

  /**
   * VS Code does not give extensions the text of files above 50 MB (a 100k-record export is about
   * 220 MB), so an editor tab on such a RIS file never produces a TextDocument; nor of a smaller file
   * it asks about before opening it (see {@link CONFIRMATION_MIN_BYTES}). Those files are validated
   * from disk instead, and again whenever they are saved (the file watcher reports it).
   */
  private async validateLargeFileTab(tab: vscode.Tab): Promise<void> {
    if (!(tab.input instanceof vscode.TabInputText) || !/\.ris$/i.test(tab.input.uri.path)) return;
    const uri = tab.input.uri;
    try {
      const { size } = await vscode.workspace.fs.stat(uri);
      if (size <= CONFIRMATION_MIN_BYTES) return;
      if (size <= LARGE_FILE_BYTES) {
        await new Promise((resolve) => setTimeout(resolve, DOCUMENT_WAIT_MS));
        if (this.isOpen(uri) || !hasTab(uri)) return;
      }
      const started = Date.now();
      // Seconds for a 219 MB export, with no editor to show for it: the status bar says what is going on.
      const title = `Checking ${vscode.workspace.asRelativePath(uri)}`;
      const problems = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title }, async () => {
        // The worker checks the file while the workspace index reads it (see earlyCheck.ts), and its
        // problems are listed as soon as it answers: they do not wait for the index.
        const early = this.checks === undefined ? undefined : this.startEarlyCheck(uri, this.checks);
        const shown = early === undefined ? Promise.resolve(undefined) : this.publishEarly(uri, early);
        await this.workspaceFiles.ensureScanned();
        if (!this.workspaceFiles.get(uri)) await this.workspaceFiles.reread(uri);
        // A read the file watcher began (a new file) may have overtaken this one: wait for it.
        await this.workspaceFiles.settled();
        this.checkedOnDisk.add(uri.toString());
        const kept = await this.stillShown(uri, early, await shown);
        return kept ?? this.publishForFile(uri, early);
      });
      const why = size > LARGE_FILE_BYTES ? 'is larger than VS Code shares with extensions' : 'is open in a tab without its text (VS Code asks before it opens a file this large)';
      this.log.info(`${vscode.workspace.asRelativePath(uri)} ${why}: validated from disk in ${Date.now() - started} ms (${problems} problems)`);
    } catch (error) {
      this.log.warn(`Could not validate ${uri.toString(true)} from disk: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /**
   * Lists the problems of the early check as soon as the worker answers, while the workspace index may
   * still be reading the file (some 13 s for a 219 MB export, longer than the worker's check). Resolves
   * with what it listed; undefined when the answer did not hold, or a newer check of the file (or an
   * editor with its text) took over.
   */
  private async publishEarly(uri: vscode.Uri, early: Promise<EarlyCheck | undefined>): Promise<EarlyShown | undefined> {
    const key = uri.toString();
    const generation = this.nextDiskGeneration(key);
    const stale = (): boolean => this.diskGeneration.get(key) !== generation || this.isOpen(uri);
    const started = Date.now();
    const response = await (await early)?.answer(this.workspaceFiles, this.checkSettings(uri));
    if (response === undefined || response === 'superseded' || stale()) return undefined;
    const held = this.workspaceFiles.get(uri) === undefined ? '; listed before the workspace index held the file' : '';
    const problems = await this.publishRows(uri, response, stale, ` (started while the workspace index read it${held})`, started);
    return problems === undefined ? undefined : { generation, response, problems };
  }

  /**
   * The number of problems listed by {@link publishEarly}, when that listing still stands now that the
   * index holds the file: no check of the file began since, and the early answer still holds for the
   * other files, the file on disk and the settings. Undefined when the file must be checked again.
   */
  private async stillShown(uri: vscode.Uri, early: Promise<EarlyCheck | undefined> | undefined, shown: EarlyShown | undefined): Promise<number | undefined> {
    if (early === undefined || shown === undefined || this.diskGeneration.get(uri.toString()) !== shown.generation) return undefined;
    const answer = await (await early)?.answer(this.workspaceFiles, this.checkSettings(uri));
    return answer === shown.response && this.diskGeneration.get(uri.toString()) === shown.generation ? shown.problems : undefined;
  }

  /** Starts checking a large file in the worker before the index holds it; undefined when it cannot. */
  private startEarlyCheck(uri: vscode.Uri, checks: CheckClient): Promise<EarlyCheck | undefined> {
    return EarlyCheck.start(uri, this.workspaceFiles, checks, this.checkSettings(uri), () => this.checkSource(uri)).catch((error: unknown) => {
      this.log.warn(`Could not start checking ${uri.toString(true)} early: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    });
  }

  /** Validates every open RIS document again. */
  validateAll(): void {
    for (const document of vscode.workspace.textDocuments) this.schedule(document, 0);
  }

  /**
   * Validates every RIS file of the workspace, open or not, and lists the problems of all of them
   * (command "RIS: Check All RIS Files in the Workspace"). Returns the number of files and problems.
   */
  async validateWorkspace(): Promise<{ files: number; problems: number }> {
    await this.workspaceFiles.ensureScanned();
    // A file created or changed just before is being read: check it too.
    await this.workspaceFiles.settled();
    let files = 0;
    let problems = 0;
    for (const file of this.workspaceFiles.all()) {
      files++;
      const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === file.uri.toString());
      if (open) {
        problems += this.validateNow(open).length;
        continue;
      }
      this.checkedOnDisk.add(file.uri.toString());
      problems += await this.publishForFile(file.uri);
    }
    return { files, problems };
  }

  /**
   * Validates a file that is not open and publishes its problems: a large one in the check worker (on
   * the desktop), from the file on disk; else on this thread, from the workspace index. Resolves with
   * the number of problems (0 when a newer check of the file superseded this one).
   */
  private async publishForFile(uri: vscode.Uri, early?: Promise<EarlyCheck | undefined>): Promise<number> {
    const key = uri.toString();
    const generation = this.nextDiskGeneration(key);
    const file = this.workspaceFiles.get(uri);
    if (!file) {
      this.collection.delete(uri);
      return 0;
    }
    if (this.checks !== undefined && textLength(file.parsed) >= WORKER_MIN_CHARS) {
      try {
        const published = await this.publishFromWorker(uri, this.checks, () => this.diskGeneration.get(key) !== generation || this.isOpen(uri), early);
        return published ?? 0;
      } catch (error) {
        this.log.warn(`Checking ${uri.toString(true)} in the check worker failed, checking it here: ${error instanceof Error ? error.message : String(error)}`);
        if (this.diskGeneration.get(key) !== generation) return 0;
      }
    }
    return this.publishFromIndex(uri, this.workspaceFiles.get(uri) ?? file);
  }

  /** Starts a new check of a file from disk: the checks begun before it become stale. */
  private nextDiskGeneration(key: string): number {
    const generation = (this.diskGeneration.get(key) ?? 0) + 1;
    this.diskGeneration.set(key, generation);
    return generation;
  }

  private isOpen(uri: vscode.Uri): boolean {
    const key = uri.toString();
    return vscode.workspace.textDocuments.some((d) => d.uri.toString() === key);
  }

  /**
   * Checks a file in the worker and publishes its rows; undefined when `stale()` said a newer check or
   * an editor took over meanwhile. The rows become diagnostics a few thousand at a time, so this
   * thread never works long in one go.
   */
  private async publishFromWorker(uri: vscode.Uri, checks: CheckClient, stale: () => boolean, early?: Promise<EarlyCheck | undefined>): Promise<number | undefined> {
    const started = Date.now();
    const settings = this.checkSettings(uri);
    let response: CheckOk | undefined;
    let how = '';
    if (early !== undefined) {
      const answer = await (await early)?.answer(this.workspaceFiles, settings);
      if (stale()) return undefined;
      // Superseded by a check that an earlier listing began (which finds itself stale and lists
      // nothing): this, the newest, checks again below rather than list nothing either.
      if (answer !== undefined && answer !== 'superseded') {
        response = answer;
        how = ' (started while the workspace index read it)';
      }
    }
    if (response === undefined) {
      response = await this.checkInWorker(uri, checks, settings, stale);
      if (response === undefined || stale()) return undefined;
    }
    return this.publishRows(uri, response, stale, how, started);
  }

  /** Lists the problems of a worker's answer (`how` and `started` for the log); undefined when `stale()` turned true meanwhile. */
  private async publishRows(uri: vscode.Uri, response: CheckOk, stale: () => boolean, how: string, started: number): Promise<number | undefined> {
    const diagnostics = await this.diagnosticsOfRows(response.rows, stale);
    if (diagnostics === undefined) return undefined;
    this.collection.set(uri, diagnostics);
    this.validated.fire(uri);
    this.log.info(`${vscode.workspace.asRelativePath(uri)}: ${response.records} records checked in the check worker${how} in ${Date.now() - started} ms (${diagnostics.length} problems)`);
    return diagnostics.length;
  }

  /** Checks a file in the worker with the other files' records that share a key with it; undefined when stale or superseded. */
  private async checkInWorker(uri: vscode.Uri, checks: CheckClient, settings: CheckSettings, stale: () => boolean): Promise<CheckOk | undefined> {
    const others = await this.othersSharingKeys(uri.toString(), stale);
    if (others === undefined) return undefined;
    const source = await this.checkSource(uri);
    if (stale()) return undefined;
    return checks.check({ uri: uri.toString(), ...source, ...settings, others });
  }

  private checkSettings(uri: vscode.Uri): CheckSettings {
    return { severities: this.settings.validation(uri).severities, vetoes: this.vetoes(uri) };
  }

  /** Where the worker reads a file: a local file by its path, any other by its bytes. */
  private async checkSource(uri: vscode.Uri): Promise<CheckSource> {
    return uri.scheme === 'file' ? { path: uri.fsPath } : { bytes: await vscode.workspace.fs.readFile(uri) };
  }

  /**
   * Other files' records that share a key with `uri`'s, asked a few thousand records at a time and
   * packed for the worker as they come (see `PackedRefs`); undefined when stale.
   */
  private async othersSharingKeys(uri: string, stale: () => boolean): Promise<PackedRefs | undefined> {
    const index = this.workspaceFiles.duplicates;
    const packed: Uint8Array[] = [];
    const seen = new Set<DuplicateRef>();
    const count = index.recordCount(uri);
    for (let from = 0; from < count; from += ROWS_PER_TURN) {
      const found = index.othersSharingKeys(uri, from, from + ROWS_PER_TURN, [], seen);
      if (found.length > 0) packed.push(packRefs(found));
      await nextTurn();
      if (stale()) return undefined;
    }
    return packed;
  }

  /** VS Code diagnostics for a worker's rows, made in turns; undefined when `stale()` turned true. */
  private async diagnosticsOfRows(rows: PackedRows, stale: () => boolean): Promise<vscode.Diagnostic[] | undefined> {
    const n = packedLength(rows);
    const out: vscode.Diagnostic[] = [];
    for (let i = 0; i < n; i++) {
      const row = unpackRow(rows, i);
      const diagnostic = new vscode.Diagnostic(
        new vscode.Range(row.line, row.character, row.endLine, row.endCharacter),
        row.message,
        SEVERITY[row.severity as Exclude<Severity, 'ignore'>] ?? vscode.DiagnosticSeverity.Warning,
      );
      diagnostic.source = 'RIS';
      diagnostic.code = { value: row.code, target: CODE_DOCS };
      out.push(diagnostic);
      if ((i + 1) % ROWS_PER_TURN === 0) {
        await nextTurn();
        if (stale()) return undefined;
      }
    }
    return out;
  }

  /** Validates a file that is not open on this thread, from the workspace index, and publishes its problems. */
  private publishFromIndex(uri: vscode.Uri, file: WorkspaceRisFile): number {
    const { severities } = this.settings.validation(uri);
    const result = validateRis(file.parsed, {
      severities,
      uri: uri.toString(),
      encoding: file.decoded,
      duplicates: this.workspaceFiles.duplicates,
      vetoes: this.vetoes(uri),
    });
    const index = lineIndexOf(file.parsed);
    const range = (start: number, end: number): vscode.Range => {
      const a = index.positionAt(start);
      const b = index.positionAt(end);
      return new vscode.Range(a.line, a.character, b.line, b.character);
    };
    this.collection.set(uri, result.map((d) => this.converter.toVscode(range, uri, d)));
    this.validated.fire(uri);
    return result.length;
  }

  /**
   * The core diagnostics of the document's current version (what the code actions match VS Code's
   * diagnostics against), validating it now when the last result is stale.
   */
  coreDiagnosticsFor(document: vscode.TextDocument): readonly RisDiagnostic[] {
    const last = this.lastResult.get(document.uri.toString());
    if (last && last.version === document.version) return last.diagnostics;
    return this.validateNow(document);
  }

  /** Validates a document now (no debounce) and returns its core diagnostics. */
  validateNow(document: vscode.TextDocument): readonly RisDiagnostic[] {
    const key = document.uri.toString();
    const timer = this.pending.get(key);
    if (timer) clearTimeout(timer);
    this.pending.delete(key);
    return this.validate(document);
  }

  private schedule(document: vscode.TextDocument, delay?: number): void {
    if (document.languageId !== 'ris') return;
    const key = document.uri.toString();
    const previous = this.pending.get(key);
    if (previous) clearTimeout(previous);
    // About 150 ms for a review-sized file, up to 1.5 s for a 100k-record export.
    const wait = delay ?? Math.min(1500, 150 + Math.floor(document.lineCount / 2000));
    this.pending.set(
      key,
      setTimeout(() => {
        this.pending.delete(key);
        if (document.isClosed) return;
        if (this.firstInTurns.has(key)) {
          this.againAfterFirst.add(key);
          return;
        }
        try {
          if (!this.validators.has(key) && documentLength(document) >= IN_TURNS_CHARS) {
            this.validateFirstInTurns(document).catch((error: unknown) => this.log.error(`Validating ${document.uri.fsPath} failed`, error));
          } else this.validate(document);
        } catch (error) {
          this.log.error(`Validating ${document.uri.fsPath} failed`, error);
        }
      }, wait),
    );
  }

  /** Which of the deduplication engine's vetoes `ris.duplicate-record` applies (the `ris.duplicates.*` settings). */
  private vetoes(scope: vscode.Uri): VetoOptions {
    return {
      keepConferenceAbstractsApart: this.settings.get('duplicates.keepConferenceAbstractsApart', scope),
      keepPreprintsApart: this.settings.get('duplicates.keepPreprintsApart', scope),
    };
  }

  /** The validator of an open document, made on first use. */
  private validatorOf(key: string): IncrementalValidator {
    let validator = this.validators.get(key);
    if (validator === undefined) this.validators.set(key, (validator = new IncrementalValidator()));
    return validator;
  }

  /** What an open document is validated with. */
  private optionsFor(document: vscode.TextDocument): ValidateOptions {
    const { severities } = this.settings.validation(document.uri);
    return { severities, uri: document.uri.toString(), duplicates: this.workspaceFiles.duplicates, vetoes: this.vetoes(document.uri) };
  }

  /**
   * The first validation of a large document (see `IN_TURNS_CHARS`) in turns: its parse, its
   * duplicate keys in the workspace index, the rules and the diagnostics VS Code shows, so that
   * opening a 22 MB export does not block the extension host (0.7 s at once). A validation at once
   * meanwhile (a code action's) takes over; an edit meanwhile stops it, and the new version's first
   * validation starts again, in turns.
   */
  private async validateFirstInTurns(document: vscode.TextDocument): Promise<void> {
    const key = document.uri.toString();
    const started = Date.now();
    this.firstInTurns.add(key);
    try {
      const parsed = await this.documents.parsed(document);
      const version = document.version;
      const turn = turnPause();
      // An edit re-parses the document in place (the records after it move): the work on the parse
      // of the version before stops, and the next validation starts again from the new one.
      const pause = async (): Promise<void> => {
        await turn();
        if (document.isClosed || document.version !== version) throw new DocumentChanged();
      };
      if (!document.isClosed && inWorkspaceIndex(document)) {
        await this.workspaceFiles.updateFromEditorInTurns(document, parsed, pause);
        void this.workspaceFiles.ensureScanned();
      }
      const result = document.isClosed ? undefined : await this.validatorOf(key).validateInTurns(parsed, this.optionsFor(document), pause);
      if (result === undefined || document.isClosed || document.version !== version) return;
      this.lastResult.set(key, { version, diagnostics: result });
      const range = (a: number, b: number): vscode.Range => toRange(document, { start: a, end: b });
      const diagnostics: vscode.Diagnostic[] = [];
      for (let i = 0; i < result.length; i++) {
        diagnostics.push(this.converter.convertKept(result[i]!, range, document.uri));
        if (i % ROWS_PER_TURN !== ROWS_PER_TURN - 1) continue;
        await pause();
        if (this.lastResult.get(key)?.diagnostics !== result) return;
      }
      this.collection.set(document.uri, diagnostics);
      this.log.info(`${vscode.workspace.asRelativePath(document.uri)}: ${parsed.records.length} records validated in turns in ${Date.now() - started} ms (${diagnostics.length} problems)`);
      this.validated.fire(document.uri);
    } catch (error) {
      if (!(error instanceof DocumentChanged)) throw error;
      this.validators.delete(key);
    } finally {
      this.firstInTurns.delete(key);
      const again = this.againAfterFirst.delete(key);
      if (!document.isClosed && (again || this.lastResult.get(key)?.version !== document.version)) this.schedule(document, 0);
    }
  }

  private validate(document: vscode.TextDocument): readonly RisDiagnostic[] {
    const parsed = this.documents.get(document);
    if (inWorkspaceIndex(document)) {
      this.workspaceFiles.updateFromEditor(document, parsed);
      void this.workspaceFiles.ensureScanned();
    }
    const result = this.validatorOf(document.uri.toString()).validate(parsed, this.optionsFor(document));
    this.lastResult.set(document.uri.toString(), { version: document.version, diagnostics: result });
    const range = (a: number, b: number): vscode.Range => toRange(document, { start: a, end: b });
    const diagnostics = result.map((d) => this.converter.convertKept(d, range, document.uri));
    // A keystroke that changed no problem publishes nothing (see sameDiagnostics).
    const shown = this.collection.get(document.uri);
    if (shown === undefined || !sameDiagnostics(shown, diagnostics)) this.collection.set(document.uri, diagnostics);
    this.validated.fire(document.uri);
    return result;
  }

  private onWorkspaceFilesChanged(uris: readonly vscode.Uri[]): void {
    const changed = new Set(uris.map((u) => u.toString()));
    const isOpen = (key: string): boolean => vscode.workspace.textDocuments.some((d) => d.uri.toString() === key);
    // A file whose problems come from disk is checked again when it changed, or when another file
    // gained or lost a record with one of its duplicate keys (not after every edit elsewhere).
    const again = new Set<string>();
    for (const key of changed) if (this.checkedOnDisk.has(key)) again.add(key);
    for (const key of this.workspaceFiles.duplicates.takeTouched()) if (this.checkedOnDisk.has(key)) again.add(key);
    for (const key of again) {
      if (isOpen(key)) continue;
      const uri = vscode.Uri.parse(key);
      this.publishForFile(uri).catch((error: unknown) => this.log.error(`Validating ${uri.toString(true)} failed`, error));
    }
    for (const document of vscode.workspace.textDocuments) {
      if (document.languageId !== 'ris') continue;
      // A change elsewhere can add or remove a cross-file duplicate of a record in this document.
      if (!changed.has(document.uri.toString()) || changed.size > 1) this.schedule(document);
    }
  }

  private forget(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    const timer = this.pending.get(key);
    if (timer) clearTimeout(timer);
    this.pending.delete(key);
    this.collection.delete(document.uri);
    this.lastResult.delete(key);
    this.validators.delete(key);
    if (document.languageId === 'ris' && this.workspaceFiles.scanned) void this.workspaceFiles.reread(document.uri);
  }

  dispose(): void {
    for (const timer of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
    this.validators.clear();
    for (const d of this.disposables) d.dispose();
  }
}
