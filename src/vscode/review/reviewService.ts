/**
 * The review of the workspace: finds the `review.yaml` manifests of the workspace folders, reads
 * them and the files they name (through `workspace.fs`, or the open document's text when a file is
 * open), computes the PRISMA 2020 counts with the core, and shows the manifest's problems as
 * diagnostics on it. A change of a manifest or of any file it names (on disk or in an open editor)
 * computes again after a short pause; the flow diagram, the preview and the screening commands
 * listen to {@link ReviewService.onDidChange}.
 */
import { findWorkspaceFiles } from '../workspaceSearch';
import * as vscode from 'vscode';
import { MAX_DOCUMENT_BYTES } from '../../core/paths/pathPolicy';
import { decodeRisBytes } from '../../core/ris/decode';
import type { RisDocument } from '../../core/ris/model';
import { parseRis } from '../../core/ris/parser';
import { prismaFlowSvg } from '../../core/review/flowDiagram';
import { MANIFEST_FILE_NAME, parseManifest, type ManifestProblem, type ParsedManifest } from '../../core/review/manifest';
import { manifestFilePaths } from '../../core/review/manifestFiles';
import { computePrisma, type LoadedFile, type PrismaResult } from '../../core/review/prismaCounts';
import { LineIndex } from '../../core/text/lineIndex';
import { readRegularFile } from '../fileAccess';
import type { Log } from '../log';

/** How long the service waits after a change before computing again. */
const DEBOUNCE_MS = 300;
/** The largest manifest read. */
const MAX_MANIFEST_BYTES = 1024 * 1024;

/** One manifest, read, with its counts. */
export interface ReviewState {
  readonly uri: vscode.Uri;
  /** The manifest's folder: its paths are relative to it. */
  readonly folder: vscode.Uri;
  /** The manifest's text as read. */
  readonly source: string;
  readonly parsed: ParsedManifest;
  readonly result: PrismaResult;
  /** The flow diagram of the counts. */
  readonly svg: string;
  /** The files the manifest names, by path as written. */
  readonly files: ReadonlyMap<string, vscode.Uri>;
  /** The files that could be read, parsed, by path as written. */
  readonly docs: ReadonlyMap<string, RisDocument>;
}

/** The URI of a path written in a manifest of `folder`. */
export function manifestUri(folder: vscode.Uri, path: string): vscode.Uri {
  return vscode.Uri.joinPath(folder, ...path.split(/[\\/]/).filter((s) => s !== '' && s !== '.'));
}

function openText(uri: vscode.Uri): string | undefined {
  const key = uri.toString();
  return vscode.workspace.textDocuments.find((d) => d.uri.toString() === key)?.getText();
}

async function readText(uri: vscode.Uri, limit: number): Promise<string> {
  return openText(uri) ?? decodeRisBytes(await readRegularFile(uri, limit)).text;
}

function toDiagnostic(lines: LineIndex, problem: ManifestProblem): vscode.Diagnostic {
  const start = lines.positionAt(problem.range.start);
  const end = lines.positionAt(problem.range.end);
  const severity = problem.severity === 'error' ? vscode.DiagnosticSeverity.Error : problem.severity === 'warning' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Information;
  const d = new vscode.Diagnostic(new vscode.Range(start.line, start.character, end.line, end.character), problem.message, severity);
  d.source = 'RIS References';
  d.code = problem.code;
  return d;
}

/** Reads the manifest at `uri` and the files it names, and computes the counts. Never throws for bad files. */
export async function readReview(uri: vscode.Uri): Promise<ReviewState> {
  const folder = vscode.Uri.joinPath(uri, '..');
  const source = await readText(uri, MAX_MANIFEST_BYTES);
  const parsed = parseManifest(source);
  const files = new Map<string, vscode.Uri>();
  const loaded = new Map<string, LoadedFile>();
  const docs = new Map<string, RisDocument>();
  await Promise.all(
    manifestFilePaths(parsed.manifest).map(async (path) => {
      const fileUri = manifestUri(folder, path);
      files.set(path, fileUri);
      try {
        const doc = parseRis(await readText(fileUri, MAX_DOCUMENT_BYTES));
        docs.set(path, doc);
        loaded.set(path, { doc });
      } catch (error) {
        loaded.set(path, { error: error instanceof Error ? error.message : String(error) });
      }
    }),
  );
  const result = computePrisma(parsed, (path) => loaded.get(path) ?? { error: `${path} was not read` });
  const title = parsed.manifest.title;
  const svg = prismaFlowSvg(result.counts, title !== undefined ? { title } : {});
  return { uri, folder, source, parsed, result, svg, files, docs };
}

/** Finds, computes and watches the workspace's reviews. */
export class ReviewService implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires after the reviews were computed again. */
  readonly onDidChange = this.changed.event;
  private readonly collection = vscode.languages.createDiagnosticCollection('ris-review');
  private readonly disposables: vscode.Disposable[] = [this.changed, this.collection];
  private current: Promise<readonly ReviewState[]> | undefined;
  private latest: readonly ReviewState[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private manifestsFound: Promise<vscode.Uri[]> | undefined;

  constructor(private readonly log: Log) {
    const manifests = vscode.workspace.createFileSystemWatcher(`**/${MANIFEST_FILE_NAME}`);
    const files = vscode.workspace.createFileSystemWatcher('**/*.{ris,RIS,txt}');
    const rediscover = (): void => {
      this.manifestsFound = undefined;
      this.schedule();
    };
    const onFile = (uri: vscode.Uri): void => {
      if (this.names(uri)) this.schedule();
    };
    this.disposables.push(
      manifests,
      files,
      manifests.onDidCreate(rediscover),
      manifests.onDidDelete(rediscover),
      manifests.onDidChange(() => this.schedule()),
      files.onDidChange(onFile),
      files.onDidCreate(onFile),
      files.onDidDelete(onFile),
      vscode.workspace.onDidChangeWorkspaceFolders(rediscover),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length > 0 && (this.isManifest(e.document.uri) || this.names(e.document.uri))) this.schedule();
      }),
      vscode.workspace.onDidCloseTextDocument((d) => {
        // A closed editor's unsaved text no longer counts: read the file again.
        if (this.isManifest(d.uri) || this.names(d.uri)) this.schedule();
      }),
    );
  }

  /** True when `uri` is a manifest this service read, or is named `review.yaml`. */
  isManifest(uri: vscode.Uri): boolean {
    return uri.path.endsWith(`/${MANIFEST_FILE_NAME}`);
  }

  /** The review whose manifest names `uri` (as last computed), if any. */
  reviewNaming(uri: vscode.Uri): ReviewState | undefined {
    const key = uri.toString();
    return this.latest.find((s) => [...s.files.values()].some((f) => f.toString() === key));
  }

  private names(uri: vscode.Uri): boolean {
    return this.reviewNaming(uri) !== undefined;
  }

  /** The reviews as last computed (empty before the first computation). */
  get reviews(): readonly ReviewState[] {
    return this.latest;
  }

  /** Computes again after a pause (changes in a burst compute once). */
  schedule(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.current = undefined;
      void this.states();
    }, DEBOUNCE_MS);
  }

  /** The workspace's reviews, computed once per change. */
  states(): Promise<readonly ReviewState[]> {
    this.current ??= this.compute().catch((error: unknown) => {
      this.current = undefined;
      this.log.error(`Could not read the review: ${error instanceof Error ? error.message : String(error)}`);
      return [];
    });
    return this.current;
  }

  /** The review of the manifest at `uri`, computed now if it is not one of the workspace's; undefined when it cannot be read. */
  async stateOf(uri: vscode.Uri): Promise<ReviewState | undefined> {
    const state = await this.stateOrError(uri);
    return typeof state === 'string' ? undefined : state;
  }

  /** Like {@link stateOf}, with why the manifest cannot be read instead of undefined. */
  async stateOrError(uri: vscode.Uri): Promise<ReviewState | string> {
    const key = uri.toString();
    const known = (await this.states()).find((s) => s.uri.toString() === key);
    if (known) return known;
    try {
      return await readReview(uri);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.log.warn(`Could not read ${uri.toString(true)}: ${message}`);
      return message;
    }
  }

  private async compute(): Promise<readonly ReviewState[]> {
    // Through findWorkspaceFiles: `workspace.findFiles` never answers on a file system without a search
    // provider (a virtual workspace in the browser), and the preview's prisma blocks wait for this.
    this.manifestsFound ??= findWorkspaceFiles(`**/${MANIFEST_FILE_NAME}`, '**/node_modules/**').then((uris) => uris.slice(0, 20));
    const uris = await this.manifestsFound;
    const states: ReviewState[] = [];
    for (const uri of uris) {
      try {
        states.push(await readReview(uri));
      } catch (error) {
        this.log.warn(`Could not read ${uri.toString(true)}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    this.collection.clear();
    for (const state of states) {
      const lines = new LineIndex(state.source);
      this.collection.set(state.uri, state.result.problems.map((p) => toDiagnostic(lines, p)));
    }
    this.latest = states;
    this.log.trace(`Computed the PRISMA counts of ${states.length} review(s)`);
    this.changed.fire();
    return states;
  }

  dispose(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
  }
}
