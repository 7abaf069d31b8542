import * as vscode from 'vscode';
import type { CitationCluster, OutputFormat } from '../../core/csl/citeproc';
import { recordToCsl, type CslItem } from '../../core/csl/cslItems';
import { CiteprocClient } from '../../worker/client';
import type { Host } from '../host';
import type { StyleSpec, WorkerRendering } from '../../worker/protocol';
import { BUILTIN_STYLE_TITLES, builtinLocaleTag, builtinStyleId, documentStyleFields, isLocaleXml, localeLang, parseStyle, StyleError } from '../../core/csl/cslStyleInfo';
import type { Library } from '../../core/library/referenceLibrary';
import { classifyPath, expandHome, MAX_STYLE_BYTES, restrictedModeNote, styleFileDecision } from '../../core/paths/pathPolicy';
import { readRegularFile } from '../fileAccess';
import type { Log } from '../log';
import type { Settings } from '../settings';

/** The style and locale a document is formatted in, and where they came from. */
export interface StyleChoice {
  /** The style's id (a built-in name, or the .csl path as written) and title. */
  readonly style: { readonly id: string; readonly title: string };
  readonly lang: string | undefined;
  readonly localeXml: string | undefined;
  /** A problem with the configured style or locale (the fallback is in use), for a message. */
  readonly problem: string | undefined;
  /** What the citation worker needs to know of the style and locale. */
  readonly spec: StyleSpec;
}

/**
 * Citation styles for the preview, hovers and commands: `ris.citation.style` (a built-in name or a
 * `.csl` path) and `ris.citation.locale`, overridden per document by the front matter's `csl` and
 * `lang` fields as pandoc does. Style files are read once and re-read when they change; processors
 * are cached per library, style and locale (creating one parses the style).
 */
export class CitationStyles implements vscode.Disposable {
  private readonly files = new Map<string, Promise<string>>();
  private readonly items = new WeakMap<Library, Map<string, CslItem | undefined>>();
  private readonly worker: CiteprocClient;
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when the settings or a style file changed. */
  readonly onDidChange = this.changed.event;
  private readonly reported = new Set<string>();
  private readonly disposables: vscode.Disposable[];

  constructor(
    private readonly settings: Settings,
    private readonly log: Log,
    private readonly host: Host,
  ) {
    this.worker = new CiteprocClient(host.citeprocWorker);
    this.disposables = [this.changed, { dispose: () => this.worker.dispose() }];
    const watcher = vscode.workspace.createFileSystemWatcher('**/*.{csl,xml}', true, false, false);
    const forget = (uri: vscode.Uri): void => {
      if (this.files.delete(uri.toString())) this.changed.fire();
    };
    this.disposables.push(
      watcher,
      watcher.onDidChange(forget),
      watcher.onDidDelete(forget),
      settings.onDidChange((e) => {
        if (e.affects('citation.style') || e.affects('citation.locale')) {
          this.reported.clear();
          this.changed.fire();
        }
      }),
      // Trusting the workspace lifts Restricted Mode: style and locale files are read from then on.
      vscode.workspace.onDidGrantWorkspaceTrust(() => {
        this.reported.clear();
        this.changed.fire();
      }),
    );
  }

  /**
   * The style for a document (its front matter first, then the settings of its folder). In
   * Restricted Mode no style or locale file is read: the bundled APA style and locales are used,
   * and `problem` says so.
   */
  async choiceFor(document: { uri: vscode.Uri; getText(): string } | undefined): Promise<StyleChoice> {
    const fields = document ? documentStyleFields(document.getText()) : {};
    const styleName = fields.csl ?? this.settings.get('citation.style', document?.uri).trim();
    const langSetting = fields.lang ?? this.settings.get('citation.locale', document?.uri).trim();
    const trusted = vscode.workspace.isTrusted;
    const problems: string[] = [];
    // Built-in styles are referred to by name; their XML lives in the citation worker only.
    let spec: StyleSpec | undefined;
    let title = '';
    const builtin = builtinStyleId(styleName || 'apa');
    if (builtin !== undefined) {
      spec = { id: builtin, builtin };
      title = BUILTIN_STYLE_TITLES[builtin] ?? builtin;
    } else {
      const decision = styleFileDecision(styleName, fields.csl !== undefined ? 'front matter' : 'settings', trusted);
      if (!decision.read) {
        problems.push(decision.restricted ? restrictedModeNote('style', styleName, 'APA') : `The citation style "${styleName}" cannot be used (${decision.reason}); using APA instead.`);
      } else {
        try {
          const style = parseStyle(await this.read(this.resolve(styleName, document?.uri)), styleName);
          spec = { id: style.id, xml: style.xml };
          title = style.title;
        } catch (error) {
          problems.push(`The citation style "${styleName}" cannot be used (${messageOf(error)}); using APA instead.`);
        }
      }
    }
    spec ??= { id: 'apa', builtin: 'apa' };
    title ||= BUILTIN_STYLE_TITLES['apa'] ?? 'APA';
    let lang: string | undefined;
    let localeXml: string | undefined;
    if (langSetting !== '') {
      const decision = /\.xml$/i.test(langSetting) ? styleFileDecision(langSetting, fields.lang !== undefined ? 'front matter' : 'settings', trusted) : undefined;
      if (decision !== undefined && !decision.read) {
        problems.push(decision.restricted ? restrictedModeNote('locale', langSetting, '') : `The citation locale "${langSetting}" cannot be used (${decision.reason}).`);
      } else if (decision !== undefined) {
        try {
          const xml = await this.read(this.resolve(langSetting, document?.uri));
          if (!isLocaleXml(xml)) throw new StyleError('not a CSL locale file');
          localeXml = xml;
          lang = localeLang(xml);
        } catch (error) {
          problems.push(`The citation locale "${langSetting}" cannot be used (${messageOf(error)}).`);
        }
      } else if (builtinLocaleTag(langSetting) !== undefined) lang = langSetting;
      else problems.push(`No locale "${langSetting}" is bundled (en-US, de-DE, fr-FR, es-ES, nl-NL are); point ris.citation.locale to a CSL locale .xml file for others.`);
    }
    const problem = problems.length > 0 ? problems.join(' ') : undefined;
    if (problem && !this.reported.has(problem)) {
      this.reported.add(problem);
      this.log.warn(problem);
    }
    spec = { ...spec, ...(lang !== undefined ? { lang } : {}), ...(localeXml !== undefined ? { localeXml } : {}) };
    return { style: { id: spec.id, title }, lang, localeXml, problem, spec };
  }

  /**
   * Formats a document's clusters with the references of `library`, in the citation worker (off
   * the extension host's thread: a long review takes seconds).
   */
  render(library: Library, choice: StyleChoice, clusters: readonly CitationCluster[], format: OutputFormat, titles = false): Promise<WorkerRendering> {
    const items: CslItem[] = [];
    const seen = new Set<string>();
    for (const cluster of clusters) {
      for (const ref of cluster.items) {
        if (seen.has(ref.key)) continue;
        seen.add(ref.key);
        const item = this.item(library, ref.key);
        if (item) items.push(item);
      }
    }
    return this.worker.render(choice.spec, items, clusters, format, titles).then((rendering) => {
      for (const failed of rendering.failed ?? []) {
        const message = `Could not format ${failed.key} in ${choice.style.title} (${failed.error}); it is shown as its key and title.`;
        if (this.reported.has(message)) continue;
        this.reported.add(message);
        this.log.warn(message);
      }
      return rendering;
    });
  }

  /** One reference of `library` formatted alone, or undefined when no reference has the key. */
  async reference(library: Library, choice: StyleChoice, key: string, format: OutputFormat): Promise<string | undefined> {
    const item = this.item(library, key);
    return item ? this.worker.reference(choice.spec, item, format) : undefined;
  }

  /** The CSL item of a key of a library (built once). */
  item(library: Library, key: string): CslItem | undefined {
    let cache = this.items.get(library);
    if (!cache) {
      cache = new Map();
      this.items.set(library, cache);
    }
    if (!cache.has(key)) {
      const entry = library.byKey(key);
      cache.set(key, entry ? recordToCsl(entry.record, key) : undefined);
    }
    return cache.get(key);
  }

  /** A style or locale path: absolute, `~/…`, or relative to the document's folder, then the workspace folder. */
  private resolve(path: string, scope: vscode.Uri | undefined): vscode.Uri {
    const kind = classifyPath(path);
    if (kind === 'home') {
      const expanded = expandHome(path, this.host.homeFolder());
      if (expanded === undefined) throw new StyleError(`no home folder to find ${path} in`);
      return vscode.Uri.file(expanded);
    }
    if (kind === 'absolute' || kind === 'network') return vscode.Uri.file(path);
    if (scope && scope.scheme !== 'untitled') return vscode.Uri.joinPath(scope, '..', path);
    const folder = (scope ? vscode.workspace.getWorkspaceFolder(scope) : undefined) ?? vscode.workspace.workspaceFolders?.[0];
    if (!folder) throw new StyleError(`no folder to find ${path} in`);
    return vscode.Uri.joinPath(folder.uri, path);
  }

  private read(uri: vscode.Uri): Promise<string> {
    const key = uri.toString();
    let text = this.files.get(key);
    if (!text) {
      text = readRegularFile(uri, MAX_STYLE_BYTES).then((bytes) => new TextDecoder().decode(bytes));
      this.files.set(key, text);
      void text.catch(() => this.files.delete(key));
    }
    return text;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

function messageOf(error: unknown): string {
  if (error instanceof vscode.FileSystemError || (error instanceof Error && /ENOENT|FileNotFound/i.test(error.message))) return 'file not found';
  return error instanceof Error ? error.message : String(error);
}
