/**
 * The duplicates of the workspace's RIS files, for the Duplicates view and "Deduplicate Library…":
 * it gathers the records of every library file (files written by a deduplication, recognised by
 * their provenance notes, are left out: they repeat every search by design), reads the person's
 * decisions (`ris-duplicates.json`), runs the core's engine off the keystroke path with progress and
 * cancellation, and keeps the result until a file, a decision or a `ris.duplicates.*` setting
 * changes.
 */
import * as vscode from 'vscode';
import { DECISIONS_FILE_NAME, formatDecisionsFile, NO_DECISIONS, parseDecisionsFile, recordRefs, withDecisions, type DecisionsFile } from '../../core/dedup/decisionsFile';
import { findDuplicatesAsync, type DedupInput, type DedupResult } from '../../core/dedup/engine';
import { PROVENANCE_PREFIX } from '../../core/dedup/merge';
import type { LibraryRecord } from '../../core/dedup/mergeLibrary';
import type { PairDecision } from '../../core/dedup/options';
import type { RisDocument, RisRecord } from '../../core/ris/model';
import { authorShort, titleOf, yearOf } from '../../core/ris/recordSummary';
import type { WorkspaceRisFiles } from '../library/workspaceFiles';
import type { Log } from '../log';
import type { Settings } from '../settings';

/** Above this many records, the engine runs under a notification with a Cancel button. */
const NOTIFY_ABOVE_RECORDS = 20_000;

/** One record of a group, as the view shows it. */
export interface DuplicateMember {
  readonly uri: vscode.Uri;
  /** Zero-based line of the record's `TY`. */
  readonly line: number;
  /** The record's name in the decisions file. */
  readonly ref: string;
  /** "Litjens et al. 2017 — A survey on deep learning…" */
  readonly label: string;
}

/** One group of the result. */
export interface DuplicateGroupInfo {
  readonly decision: 'duplicate' | 'possible';
  readonly reasons: readonly string[];
  readonly members: readonly DuplicateMember[];
}

/** The duplicates of the workspace. */
export interface DuplicatesState {
  readonly groups: readonly DuplicateGroupInfo[];
  /** Records and files compared. */
  readonly records: number;
  readonly files: number;
  /** Records a deduplication removes. */
  readonly removable: number;
  /** Files left out because a deduplication wrote them. */
  readonly skippedOutputs: readonly vscode.Uri[];
  /** Why the decisions file could not be read, when it could not. */
  readonly decisionsProblem?: string;
}

/** The inputs of one run: the engine's and the merge's views of the same records, in one order. */
export interface DuplicatesInputs {
  readonly inputs: DedupInput[];
  readonly sources: LibraryRecord[];
  readonly locations: { readonly uri: vscode.Uri; readonly record: RisRecord }[];
  readonly files: number;
  readonly skippedOutputs: vscode.Uri[];
}

/** True when a deduplication wrote this document (its records carry provenance notes). */
export function isDedupeOutput(doc: RisDocument): boolean {
  const first = doc.records[0];
  return first !== undefined && first.fields.some((f) => f.tag === 'N1' && f.value.startsWith(PROVENANCE_PREFIX));
}

/** Finds, caches and updates the workspace's duplicates. */
export class DuplicatesService implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when the cached result is out of date (the view then asks again). */
  readonly onDidChange = this.changed.event;
  private current: Promise<DuplicatesState> | undefined;
  private readonly disposables: vscode.Disposable[] = [this.changed];

  constructor(
    private readonly files: WorkspaceRisFiles,
    private readonly settings: Settings,
    private readonly log: Log,
  ) {
    const watcher = vscode.workspace.createFileSystemWatcher(`**/${DECISIONS_FILE_NAME}`);
    this.disposables.push(
      watcher,
      watcher.onDidChange(() => this.invalidate()),
      watcher.onDidCreate(() => this.invalidate()),
      watcher.onDidDelete(() => this.invalidate()),
      files.onDidChange(() => this.invalidate()),
      settings.onDidChange((e) => {
        if (e.affects('duplicates')) this.invalidate();
      }),
    );
  }

  /** Forgets the result; the next {@link state} computes it again. */
  invalidate(): void {
    this.current = undefined;
    this.changed.fire();
  }

  /** The duplicates of the workspace, computed once per change. */
  state(): Promise<DuplicatesState> {
    this.current ??= this.compute().catch((error: unknown) => {
      this.current = undefined;
      throw error;
    });
    return this.current;
  }

  /** The records of every library file, with their names for the decisions file. */
  async inputs(): Promise<DuplicatesInputs> {
    await this.files.ensureScanned();
    const result = { inputs: [] as DedupInput[], sources: [] as LibraryRecord[], locations: [] as DuplicatesInputs['locations'][number][], files: 0, skippedOutputs: [] as vscode.Uri[] };
    const all = [...this.files.all()].sort((a, b) => a.uri.toString().localeCompare(b.uri.toString()));
    const multiRoot = (vscode.workspace.workspaceFolders?.length ?? 0) > 1;
    for (const file of all) {
      if (isDedupeOutput(file.parsed)) {
        result.skippedOutputs.push(file.uri);
        continue;
      }
      const relative = vscode.workspace.asRelativePath(file.uri, multiRoot);
      const refs = recordRefs(relative, file.parsed.records);
      const name = file.uri.path.slice(file.uri.path.lastIndexOf('/') + 1);
      file.parsed.records.forEach((record, i) => {
        result.inputs.push({ ref: refs[i]!, record });
        result.sources.push({ record, file: name });
        result.locations.push({ uri: file.uri, record });
      });
      result.files++;
    }
    return result;
  }

  /**
   * Runs the engine over `inputs` with the settings and decisions, reporting progress; throws
   * the engine's DedupCancelledError when the person cancels.
   */
  async run(inputs: DuplicatesInputs, decisions: DecisionsFile, title: string): Promise<DedupResult> {
    const scope = vscode.workspace.workspaceFolders?.[0]?.uri;
    const options = {
      keepConferenceAbstractsApart: this.settings.get('duplicates.keepConferenceAbstractsApart', scope),
      keepPreprintsApart: this.settings.get('duplicates.keepPreprintsApart', scope),
      decisions: decisions.decisions,
    };
    const notify = inputs.inputs.length > NOTIFY_ABOVE_RECORDS;
    return vscode.window.withProgress(
      { location: notify ? vscode.ProgressLocation.Notification : { viewId: 'ris.duplicates' }, title, cancellable: notify },
      async (progress, token) => {
        let reported = 0;
        return findDuplicatesAsync(inputs.inputs, options, {
          isCancelled: () => token.isCancellationRequested,
          onProgress: (done, total, phase) => {
            const percent = total > 0 ? Math.floor((done / total) * 100) : 0;
            if (percent - reported < 5) return;
            progress.report({ message: `${phase} ${done.toLocaleString('en')} of ${total.toLocaleString('en')}`, increment: percent - reported });
            reported = percent;
          },
        });
      },
    );
  }

  private async compute(): Promise<DuplicatesState> {
    const started = performance.now();
    const inputs = await this.inputs();
    let decisions = NO_DECISIONS;
    let decisionsProblem: string | undefined;
    try {
      decisions = await this.readDecisions();
    } catch (error) {
      decisionsProblem = error instanceof Error ? error.message : String(error);
      this.log.warn(decisionsProblem);
    }
    const result = await this.run(inputs, decisions, 'Finding duplicates');
    const member = (i: number): DuplicateMember => {
      const { uri, record } = inputs.locations[i]!;
      const title = titleOf(record) ?? '(no title)';
      return { uri, line: record.startLine, ref: inputs.inputs[i]!.ref, label: `${authorShort(record)} ${yearOf(record) ?? 'n.d.'} — ${title}` };
    };
    const groups = result.groups.map((g) => ({ decision: g.decision, reasons: g.reasons, members: g.members.map(member) }));
    this.log.info(
      `Duplicates: ${groups.length} group(s) among ${result.records} records of ${inputs.files} file(s) (${result.comparisons} comparisons) in ${(performance.now() - started).toFixed(0)} ms`,
    );
    return { groups, records: result.records, files: inputs.files, removable: result.removable, skippedOutputs: inputs.skippedOutputs, decisionsProblem };
  }

  /** The decisions file of the first workspace folder, or undefined without a folder. */
  decisionsUri(): vscode.Uri | undefined {
    const folder = vscode.workspace.workspaceFolders?.[0];
    return folder ? vscode.Uri.joinPath(folder.uri, DECISIONS_FILE_NAME) : undefined;
  }

  /** The person's decisions; none when the file does not exist; throws when it cannot be read. */
  async readDecisions(): Promise<DecisionsFile> {
    const uri = this.decisionsUri();
    if (!uri) return NO_DECISIONS;
    let bytes: Uint8Array;
    try {
      bytes = await vscode.workspace.fs.readFile(uri);
    } catch {
      return NO_DECISIONS;
    }
    return parseDecisionsFile(new TextDecoder().decode(bytes));
  }

  /**
   * Records decisions in the decisions file, as one undoable edit, and saves it. A file that
   * cannot be read is not overwritten (the error is shown instead).
   */
  async decide(decisions: readonly PairDecision[]): Promise<boolean> {
    const uri = this.decisionsUri();
    if (!uri) {
      void vscode.window.showWarningMessage('Open a folder to record duplicate decisions: they are kept in a file of the workspace.');
      return false;
    }
    let file: DecisionsFile;
    try {
      file = await this.readDecisions();
    } catch (error) {
      void vscode.window.showErrorMessage(`${error instanceof Error ? error.message : String(error)}. Fix or remove the file to record decisions.`);
      return false;
    }
    const text = formatDecisionsFile(withDecisions(file, decisions));
    const edit = new vscode.WorkspaceEdit();
    let document: vscode.TextDocument | undefined;
    try {
      document = await vscode.workspace.openTextDocument(uri);
    } catch {
      document = undefined;
    }
    if (document) edit.replace(uri, new vscode.Range(0, 0, document.lineCount, 0), text);
    else edit.createFile(uri, { contents: new TextEncoder().encode(text) });
    if (!(await vscode.workspace.applyEdit(edit))) return false;
    if (document) await document.save();
    this.invalidate();
    return true;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

