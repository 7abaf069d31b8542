import * as vscode from 'vscode';
import type { CitationCluster } from '../core/citeproc';
import { citationsPlugin, type HostRendering, type MarkdownItLike } from '../core/markdownItCitations';
import { documentBibliography } from '../core/markdownCitations';
import type { Library } from '../core/library';
import { documentStyleFields } from '../core/cslStyles';
import type { CitationStyles, StyleChoice } from './citationStyles';
import type { LibraryService } from './library';
import type { Log } from './log';

/** What a document's preview needs, loaded asynchronously and kept until the library or style changes. */
interface Loaded {
  readonly library: Library;
  readonly choice: StyleChoice;
  /** Formatted references for the citations' tooltips, by key (they change only with the library or style). */
  readonly titles: Map<string, string>;
}

/**
 * Citations in VS Code's built-in Markdown preview. The preview calls the plugin synchronously, but
 * libraries and style files load asynchronously: the first render of a document starts loading and
 * shows citations as written; when loading ends the preview is refreshed and shows them formatted.
 */
export class PreviewCitations implements vscode.Disposable {
  private readonly loaded = new Map<string, Loaded>();
  private readonly loading = new Map<string, Promise<void>>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly library: LibraryService,
    private readonly styles: CitationStyles,
    private readonly log: Log,
  ) {
    this.disposables.push(
      library.onDidChange(() => this.invalidate()),
      styles.onDidChange(() => this.invalidate()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('ris.preview.citations')) void this.refresh();
      }),
    );
  }

  /** The `extendMarkdownIt` hook of the extension's API. */
  extendMarkdownIt<T>(md: T): T {
    citationsPlugin(md as unknown as MarkdownItLike, {
      enabled: () => vscode.workspace.getConfiguration('ris.preview').get<boolean>('citations', true),
      render: (clusters, source, env) => this.render(clusters, source, env),
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
    try {
      const processor = this.styles.processor(loaded.library, loaded.choice);
      const rendering = processor.render(clusters, 'html');
      for (const entry of rendering.bibliography) {
        if (loaded.titles.has(entry.key)) continue;
        const text = processor.reference(entry.key, 'text');
        if (text !== undefined) loaded.titles.set(entry.key, text);
      }
      return { ...rendering, titles: loaded.titles };
    } catch (error) {
      this.log.error(`Could not format the citations of the preview: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return undefined;
    }
  }

  private load(key: string, uri: vscode.Uri | undefined, source: string): void {
    if (this.loading.has(key)) return;
    const document = { uri: uri ?? vscode.Uri.parse('untitled:preview.md'), getText: () => source };
    const task = (async () => {
      const { library } = uri ? await this.library.libraryFor(document) : { library: await this.library.workspaceLibrary() };
      const choice = await this.styles.choiceFor(uri ? document : undefined);
      this.loaded.set(key, { library, choice, titles: new Map() });
    })()
      .catch((error: unknown) => this.log.error(`Could not load the references for the preview: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => {
        this.loading.delete(key);
        void this.refresh();
      });
    this.loading.set(key, task);
  }

  /** Resolves when the library of every preview being loaded is ready (for tests). */
  async whenLoaded(): Promise<void> {
    await Promise.all([...this.loading.values()]);
  }

  private invalidate(): void {
    if (this.loaded.size === 0) return;
    this.loaded.clear();
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
