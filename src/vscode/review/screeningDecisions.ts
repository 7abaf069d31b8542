/**
 * The screening decisions of the workspace's library records, for the References view, citation
 * hovers and the decision commands: the screening files of the reviews' `review.yaml` manifests, or,
 * in a workspace without a manifest, the RIS files of its `screening/` folders (the folder the
 * default manifest reads). A library record is matched to its screening record by the core's
 * `ScreeningLookup` (same record, DOI, title); a record no screening file holds has the decision its
 * own notes carry, if any. Computed again when a review is (a manifest or a screening file changed,
 * on disk or in an editor), or when a file of a `screening/` folder changes.
 */
import * as vscode from 'vscode';
import type { DecisionSource } from '../../core/review/decisionGroups';
import { decisionOf, type RecordDecision } from '../../core/review/decisions';
import { ScreeningLookup, type CitedRecord, type ScreenedRecord, type ScreeningFile } from '../../core/review/screeningLookup';
import { MAX_DOCUMENT_BYTES } from '../../core/paths/pathPolicy';
import { decodeRisBytes } from '../../core/ris/decode';
import { parseRis } from '../../core/ris/parser';
import { readRegularFile } from '../fileAccess';
import type { Log } from '../log';
import { findWorkspaceFiles } from '../workspaceSearch';
import type { ReviewService, ReviewState } from './reviewService';

/** The screening files of a workspace without a manifest: RIS files in a folder named `screening`. */
const DEFAULT_SCREENING_GLOB = '**/screening/**/*.{ris,RIS}';
/** At most this many default screening files are read. */
const MAX_DEFAULT_FILES = 50;
/** How long a burst of changes of default screening files waits before they are read again. */
const DEBOUNCE_MS = 300;

/** The screening lookup of a review, built once per computation of the review. */
const lookups = new WeakMap<ReviewState, ScreeningLookup>();

/** The screening lookup of a review's screening files (those that could be read), cached per computation. */
export function screeningLookupOf(state: ReviewState): ScreeningLookup {
  let lookup = lookups.get(state);
  if (!lookup) {
    const files: ScreeningFile[] = [];
    for (const entry of state.parsed.manifest.screening) {
      for (const path of entry.files) {
        const doc = state.docs.get(path);
        const uri = state.files.get(path);
        if (doc && uri) files.push({ uri: uri.toString(), label: path, doc, list: entry.list, stoppedEarly: entry.stoppedEarly });
      }
    }
    lookup = new ScreeningLookup(files);
    lookups.set(state, lookup);
  }
  return lookup;
}

/** The decisions of library records, from the workspace's screening files. */
export class ScreeningDecisions implements DecisionSource, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires after the decisions were read again. */
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private lookups: readonly ScreeningLookup[] = [];
  private computing: Promise<void> | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private usesDefaults = false;

  constructor(
    private readonly reviews: ReviewService,
    private readonly log: Log,
  ) {
    const watcher = vscode.workspace.createFileSystemWatcher(DEFAULT_SCREENING_GLOB);
    const onDefaultFile = (): void => {
      if (this.usesDefaults) this.schedule();
    };
    this.disposables.push(
      watcher,
      watcher.onDidChange(onDefaultFile),
      watcher.onDidCreate(onDefaultFile),
      watcher.onDidDelete(onDefaultFile),
      reviews.onDidChange(() => {
        this.computing = undefined;
        void this.ready();
      }),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (this.usesDefaults && e.contentChanges.length > 0 && /\/screening\//.test(e.document.uri.path)) this.schedule();
      }),
    );
  }

  /** True when some screening file was found (a review's, or one of a `screening/` folder). */
  get available(): boolean {
    return this.lookups.length > 0;
  }

  /** Resolves once the decisions are read (the first time, or after a change). */
  ready(): Promise<void> {
    this.computing ??= this.compute().catch((error: unknown) => {
      this.log.error(`Could not read the screening decisions: ${error instanceof Error ? error.message : String(error)}`);
    });
    return this.computing;
  }

  /** The screening record of a library record, if a screening file holds it. */
  screenedRecordOf(record: CitedRecord): ScreenedRecord | undefined {
    for (const lookup of this.lookups) {
      const found = lookup.find(record);
      if (found) return found;
    }
    return undefined;
  }

  /** The decision on a library record: its screening record's, else its own notes' (undefined when neither). */
  decisionOf(record: CitedRecord): RecordDecision | undefined {
    const screened = this.screenedRecordOf(record);
    return screened ? screened.decision : decisionOf(record.record);
  }

  private schedule(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.computing = undefined;
      void this.ready();
    }, DEBOUNCE_MS);
  }

  private async compute(): Promise<void> {
    const states = (await this.reviews.states()).filter((s) => s.parsed.manifest.screening.length > 0);
    const next = states.map(screeningLookupOf);
    this.usesDefaults = next.length === 0 && (await this.reviews.states()).length === 0;
    if (this.usesDefaults) {
      const files = await this.defaultScreeningFiles();
      if (files.length > 0) next.push(new ScreeningLookup(files));
    }
    this.lookups = next;
    this.changed.fire();
  }

  /** The RIS files of the workspace's `screening/` folders, read (an open editor's text first). */
  private async defaultScreeningFiles(): Promise<ScreeningFile[]> {
    const uris = (await findWorkspaceFiles(DEFAULT_SCREENING_GLOB, '**/node_modules/**')).slice(0, MAX_DEFAULT_FILES);
    const files: ScreeningFile[] = [];
    for (const uri of uris) {
      try {
        const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
        const text = open?.getText() ?? decodeRisBytes(await readRegularFile(uri, MAX_DOCUMENT_BYTES)).text;
        files.push({ uri: uri.toString(), label: vscode.workspace.asRelativePath(uri), doc: parseRis(text) });
      } catch (error) {
        this.log.warn(`Could not read the screening file ${uri.toString(true)}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return files;
  }

  dispose(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
  }
}
