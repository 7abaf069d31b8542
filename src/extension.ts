import * as vscode from 'vscode';
import { useRealPath } from './vscode/fileAccess';
import type { Host } from './vscode/host';
import { Log, type LogEntry } from './vscode/log';
import { registerCommands } from './vscode/commands';
import { RisDocuments } from './vscode/documents';
import { Settings } from './vscode/settings';
import { WorkspaceRisFiles } from './vscode/library/workspaceFiles';
import { DiagnosticsManager } from './vscode/ris/diagnosticsManager';
import { CheckClient } from './worker/checkClient';
import { registerStructureProviders } from './vscode/ris/structureProviders';
import { registerLanguageProviders } from './vscode/ris/languageProviders';
import { registerCodeActions } from './vscode/ris/codeActions';
import { LibraryService } from './vscode/library/libraryService';
import { registerReferencesView } from './vscode/library/referencesView';
import { MarkdownCitations } from './vscode/citing/markdownCitations';
import { RecentCitationKeys } from './vscode/citing/recentKeys';
import { CitationStyles } from './vscode/bibliography/citationStyles';
import { PreviewCitations } from './vscode/bibliography/previewCitations';
import { registerInsertBibliography } from './vscode/bibliography/insertBibliography';
import { registerExportCommand } from './vscode/bibliography/exportCommand';
import { registerRecordCompare } from './vscode/dedup/recordCompare';
import { DuplicatesService } from './vscode/dedup/duplicatesService';
import { DUPLICATES_VIEW_ID, registerDuplicatesView } from './vscode/dedup/duplicatesView';
import { registerDeduplicateCommand } from './vscode/dedup/deduplicateCommand';
import { ReviewService } from './vscode/review/reviewService';
import { registerScreening } from './vscode/review/screeningCommands';
import { ManuscriptCheck } from './vscode/review/manuscriptCheck';
import { registerUncitedBadge } from './vscode/review/uncitedBadge';
import { FlowDiagramPanel, type FlowDiagramShown } from './vscode/review/flowDiagramPanel';
import { ScreeningDecisions } from './vscode/review/screeningDecisions';

/** What the extension exports to other extensions and to its own integration tests. */
export interface RisReferencesApi {
  /** How long `activate()` took, in milliseconds (it parses and scans nothing). */
  readonly activationMs: number;
  /** The extension's recent log entries. */
  logEntries(): readonly LogEntry[];
  /** The ids of the views whose data providers are registered. */
  viewIds(): readonly string[];
  /** Fires after the diagnostics of a document were published (RIS and Markdown). */
  readonly onDidValidate: vscode.Event<vscode.Uri>;
  /** The References view's data (for tests and other extensions): its tree provider and view. */
  readonly referencesView: { readonly provider: vscode.TreeDataProvider<unknown>; readonly view: vscode.TreeView<unknown> };
  /** The Duplicates view's data (for tests): its tree provider and view. */
  readonly duplicatesView: { readonly provider: vscode.TreeDataProvider<unknown>; readonly view: vscode.TreeView<unknown> };
  /** The PRISMA flow diagram the panel shows (for tests): its manifest, counts and SVG; undefined when closed. */
  flowDiagram(): FlowDiagramShown | undefined;
  /** Resolves with the reviews' counts once they are computed (for tests). */
  reviewsReady(): Promise<void>;
  /** Called by VS Code's Markdown extension (`markdown.markdownItPlugins`): renders citations in the preview. */
  extendMarkdownIt<T>(md: T): T;
  /** Resolves when the references of every preview being rendered are loaded (for tests). */
  previewReady(): Promise<void>;
}

/**
 * The extension's wiring, shared by the desktop and the web entry (`src/hosts/`), which only choose
 * the `Host`. Activation does little: it creates the services and registers providers and commands. Documents
 * are parsed when a provider first needs them, and the workspace's other RIS files are read only
 * once a RIS document is validated (for duplicates across files) or a command asks for them.
 */
export function activateWith(context: vscode.ExtensionContext, host: Host): RisReferencesApi {
  const started = performance.now();
  const log = new Log();
  const documents = new RisDocuments();
  const settings = new Settings(log);
  const workspaceFiles = new WorkspaceRisFiles(documents, settings, log);
  // Large files read from disk are validated in a worker thread where the host has one (desktop).
  const checks = host.checkWorker === undefined ? undefined : new CheckClient(host.checkWorker);
  const diagnostics = new DiagnosticsManager(documents, workspaceFiles, settings, log, checks);
  const library = new LibraryService(workspaceFiles, log);
  const styles = new CitationStyles(settings, log, host);
  const recent = new RecentCitationKeys(context.workspaceState);
  const reviews = new ReviewService(log);
  const decisions = new ScreeningDecisions(reviews, log);
  const markdown = new MarkdownCitations(library, documents, settings, log, styles, recent, decisions);
  const references = registerReferencesView(library, documents, settings, log, styles, recent, decisions);
  const preview = new PreviewCitations(library, styles, settings, log, reviews);
  const duplicates = new DuplicatesService(workspaceFiles, settings, log);
  const duplicatesView = registerDuplicatesView(duplicates, log);
  const flowPanel = new FlowDiagramPanel(reviews, log);
  const manuscript = new ManuscriptCheck(reviews, library, settings, log);
  const uncitedBadge = registerUncitedBadge(manuscript, references);
  const validated = new vscode.EventEmitter<vscode.Uri>();
  context.subscriptions.push(
    useRealPath((path) => host.realPath(path)),
    { dispose: () => checks?.dispose() },
    validated,
    recent,
    diagnostics.onDidValidate((uri) => validated.fire(uri)),
    markdown.onDidValidate((uri) => validated.fire(uri)),
    manuscript.onDidValidate((uri) => validated.fire(uri)),
    library,
    styles,
    preview,
    markdown,
    registerInsertBibliography(library, styles, log),
    registerExportCommand(library, log, () => references.view.selection),
    references.disposable,
    log,
    settings,
    documents,
    workspaceFiles,
    diagnostics,
    registerStructureProviders(documents, settings),
    registerLanguageProviders(documents),
    registerCodeActions(documents, diagnostics, settings, log),
    registerRecordCompare(documents),
    duplicates,
    duplicatesView.disposable,
    registerDeduplicateCommand(duplicates, log),
    reviews,
    decisions,
    flowPanel,
    manuscript,
    uncitedBadge,
    registerScreening(reviews, documents, settings, log, decisions),
    registerCommands({ log, documents, diagnostics }),
  );
  // The review's counts (and the manifest's diagnostics) are computed after activation returns.
  reviews.schedule();
  const activationMs = performance.now() - started;
  log.info(`RIS References ${String(context.extension.packageJSON.version)} (${host.kind}) activated in ${activationMs.toFixed(1)} ms`);
  return {
    activationMs,
    logEntries: () => log.entries(),
    viewIds: () => [...references.viewIds, DUPLICATES_VIEW_ID],
    onDidValidate: validated.event,
    referencesView: { provider: references.provider as vscode.TreeDataProvider<unknown>, view: references.view as vscode.TreeView<unknown> },
    duplicatesView: { provider: duplicatesView.provider as vscode.TreeDataProvider<unknown>, view: duplicatesView.view as vscode.TreeView<unknown> },
    flowDiagram: () => flowPanel.shown,
    reviewsReady: async () => {
      await reviews.states();
    },
    extendMarkdownIt: (md) => preview.extendMarkdownIt(md),
    previewReady: () => preview.whenLoaded(),
  };
}
