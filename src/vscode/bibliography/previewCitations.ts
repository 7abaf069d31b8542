import * as vscode from 'vscode';
import type { CitationCluster, RenderedCitation } from '../../core/csl/citeproc';
import { citationsPlugin, type HostRendering, type MarkdownItLike, type PrismaBlockResult } from '../../core/markdown/markdownItPlugin';
import type { Library } from '../../core/library/referenceLibrary';
import { documentStyleFields } from '../../core/csl/cslStyleInfo';
import type { CitationStyles, StyleChoice } from './citationStyles';
import type { LibraryService } from '../library/libraryService';
import type { Log } from '../log';
import type { Settings } from '../settings';
import { documentBibliography } from '../../core/markdown/markdownDocument';
import { manifestUri, type ReviewService } from '../review/reviewService';

/** What a document's preview needs, loaded asynchronously and kept until the library or style changes. */
interface Loaded {
  readonly library: Library;
  readonly choice: StyleChoice;
  /** Bibliography files this extension does not read (.bib, .json…): unknown keys may be there. */
  readonly otherFiles: readonly string[];
  /** Why the style in use is not the one asked for, and bibliography files that are not read (Restricted Mode…). */
  readonly notice: string | undefined;
}

/** The last rendering of a document, and the one being computed. */
interface DocumentState {
  /** The clusters (as JSON) that `rendering` formats. */
  signature: string;
  rendering: HostRendering | undefined;
  /** Formatted citations by cluster (JSON), to show unchanged citations while a new rendering runs. */
  byCluster: Map<string, RenderedCitation>;
  /** The newest clusters asked for, when they differ from `signature`. */
  wanted: { signature: string; clusters: readonly CitationCluster[] } | undefined;
  running: Promise<void> | undefined;
}

/**
 * Citations in VS Code's built-in Markdown preview. The preview calls the plugin synchronously, on
 * every render (each edit); formatting runs in the citation worker and is kept per document until
 * its citations, the library or the style change. Until a rendering is ready the preview shows the
 * previous one (citations unchanged since keep their text, new ones show as written) and is
 * refreshed when the new one arrives. Typing prose therefore costs nothing, and no rendering, not
 * even of a 400-citation review, blocks the extension host.
 */
export class PreviewCitations implements vscode.Disposable {
  private readonly loaded = new Map<string, Loaded>();
  private readonly loading = new Map<string, Promise<void>>();
  private readonly states = new Map<string, DocumentState>();
  /** The flow diagrams of ```prisma blocks by manifest URI, and those being computed. */
  private readonly diagrams = new Map<string, PrismaBlockResult>();
  private readonly diagramsLoading = new Map<string, Promise<void>>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly library: LibraryService,
    private readonly styles: CitationStyles,
    private readonly settings: Settings,
    private readonly log: Log,
    private readonly reviews: ReviewService,
  ) {
    this.disposables.push(
      reviews.onDidChange(() => {
        if (this.diagrams.size === 0) return;
        this.diagrams.clear();
        void this.refresh();
      }),
      library.onDidChange(() => this.invalidate()),
      styles.onDidChange(() => this.invalidate()),
      settings.onDidChange((e) => {
        if (e.affects('preview.citations')) void this.refresh();
      }),
    );
  }

  /** The `extendMarkdownIt` hook of the extension's API. */
  extendMarkdownIt<T>(md: T): T {
    citationsPlugin(md as unknown as MarkdownItLike, {
      enabled: () => this.settings.get('preview.citations'),
      render: (clusters, source, env) => this.render(clusters, source, env),
      prisma: (path, env) => this.prisma(path, env),
    });
    return md;
  }

  private render(clusters: readonly CitationCluster[], source: string, env: unknown): HostRendering | undefined {
    const uri = documentUri(env);
    const key = cacheKey(uri, source);
    const loaded = this.loaded.get(key);
    if (!loaded) {
      this.load(key, uri, source);
      return undefined;
    }
    const signature = JSON.stringify(clusters);
    let state = this.states.get(key);
    if (state && state.signature === signature && state.rendering) return state.rendering;
    if (!state) {
      state = { signature: '', rendering: undefined, byCluster: new Map(), wanted: undefined, running: undefined };
      this.states.set(key, state);
    }
    state.wanted = { signature, clusters };
    if (!state.running) state.running = this.format(key, state, loaded);
    if (!state.rendering) return undefined;
    const known = state.byCluster;
    return { ...state.rendering, citations: clusters.map((c) => known.get(JSON.stringify(c))) };
  }

  /** The diagram of a ```prisma block naming `path` (relative to the previewed document), computed in the background. */
  private prisma(path: string, env: unknown): PrismaBlockResult | undefined {
    const uri = documentUri(env);
    if (!uri) return { message: `${path} cannot be found: the document has no folder` };
    const manifest = manifestUri(vscode.Uri.joinPath(uri, '..'), path);
    const key = manifest.toString();
    const known = this.diagrams.get(key);
    if (known) return known;
    if (!this.diagramsLoading.has(key)) {
      const task = this.reviews
        .stateOrError(manifest)
        .then((state) => {
          this.diagrams.set(key, typeof state === 'string' ? { message: `${path} cannot be read: ${state}` } : { svg: state.svg });
        })
        .catch((error: unknown) => {
          this.diagrams.set(key, { message: `${path}: ${error instanceof Error ? error.message : String(error)}` });
        })
        .finally(() => {
          this.diagramsLoading.delete(key);
          void this.refresh();
        });
      this.diagramsLoading.set(key, task);
    }
    return undefined;
  }

  /** Formats the newest wanted clusters of a document until none is left, then refreshes the preview. */
  private async format(key: string, state: DocumentState, loaded: Loaded): Promise<void> {
    try {
      while (state.wanted && state.wanted.signature !== state.signature) {
        const { signature, clusters } = state.wanted;
        const started = Date.now();
        const rendering = await this.styles.render(loaded.library, loaded.choice, clusters, 'html', true);
        if (this.states.get(key) !== state) return; // invalidated meanwhile
        const byCluster = new Map<string, RenderedCitation>();
        clusters.forEach((cluster, i) => {
          const rendered = rendering.citations[i];
          if (rendered) byCluster.set(JSON.stringify(cluster), rendered);
        });
        state.signature = signature;
        const others = loaded.otherFiles.join(', ');
        state.rendering = {
          ...rendering,
          titles: new Map(rendering.titles ?? []),
          ...(loaded.notice !== undefined ? { notice: loaded.notice } : {}),
          ...(others !== '' ? { unknownTitle: (k: string) => `${k} is in no RIS file of this document's bibliography; RIS References does not read ${others}, where pandoc may find it.` } : {}),
        };
        state.byCluster = byCluster;
        this.log.trace(`Formatted ${clusters.length} citations for the preview in ${Date.now() - started} ms (${loaded.choice.style.title})`);
      }
    } catch (error) {
      this.log.error(`Could not format the citations of the preview: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    } finally {
      state.running = undefined;
      state.wanted = undefined;
      void this.refresh();
    }
  }

  private load(key: string, uri: vscode.Uri | undefined, source: string): void {
    if (this.loading.has(key)) return;
    const document = { uri: uri ?? vscode.Uri.parse('untitled:preview.md'), getText: () => source };
    const task = (async () => {
      const { library, hasOtherFormats, refused } = uri ? await this.library.libraryFor(document) : { library: await this.library.workspaceLibrary(), hasOtherFormats: false, refused: [] };
      const choice = await this.styles.choiceFor(uri ? document : undefined);
      const otherFiles = hasOtherFormats ? (documentBibliography(source) ?? []).map((e) => e.path).filter((p) => !/\.ris$/i.test(p)) : [];
      const notices = [...(choice.problem !== undefined ? [choice.problem] : []), ...refused.map((r) => `${r.reason}.`)];
      this.loaded.set(key, { library, choice, otherFiles, notice: notices.length > 0 ? notices.join(' ') : undefined });
    })()
      .catch((error: unknown) => this.log.error(`Could not load the references for the preview: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => {
        this.loading.delete(key);
        void this.refresh();
      });
    this.loading.set(key, task);
  }

  /** Resolves when no library is loading and no rendering is being formatted (for tests). */
  async whenLoaded(): Promise<void> {
    for (;;) {
      const busy = [...this.loading.values(), ...this.diagramsLoading.values(), ...[...this.states.values()].flatMap((s) => (s.running ? [s.running] : []))];
      if (busy.length === 0) return;
      await Promise.all(busy);
    }
  }

  private invalidate(): void {
    if (this.loaded.size === 0 && this.states.size === 0) return;
    this.loaded.clear();
    this.states.clear();
    void this.refresh();
  }

  private async refresh(): Promise<void> {
    try {
      await vscode.commands.executeCommand('markdown.preview.refresh');
    } catch {
      // The built-in Markdown extension is disabled: there is no preview to refresh.
    }
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

/** VS Code passes the previewed document's URI as `env.currentDocument`. */
function documentUri(env: unknown): vscode.Uri | undefined {
  if (typeof env !== 'object' || env === null) return undefined;
  const current = (env as { currentDocument?: unknown }).currentDocument;
  if (current instanceof vscode.Uri) return current;
  if (typeof current === 'string') return vscode.Uri.parse(current);
  if (typeof current === 'object' && current !== null && 'scheme' in current) return vscode.Uri.from(current as vscode.Uri);
  return undefined;
}

/** A document's cache key: its URI, its bibliography and its style fields (what the loaded data depends on). */
function cacheKey(uri: vscode.Uri | undefined, source: string): string {
  const bibliography = documentBibliography(source)?.map((e) => e.path).join('\n') ?? '';
  const style = JSON.stringify(documentStyleFields(source));
  return `${uri?.toString() ?? ''}\n${bibliography}\n${style}`;
}
