import * as vscode from 'vscode';
import { turnPause } from '../turns';
import { citationLensTitle } from '../../core/markdown/citationLens';
import { scanMarkdown } from '../../core/markdown/citationScanner';
import type { FrontMatter } from '../../core/markdown/frontMatter';
import { metadataDiagnostics, type MarkdownDiagnostic } from '../../core/markdown/metadataDiagnostics';
import { referenceCardMarkdown } from '../../core/library/referenceCard';
import { LineIndex } from '../../core/text/lineIndex';
import { closestKeys } from '../../core/keys/keySuggestions';
import type { Library, LibraryEntry } from '../../core/library/referenceLibrary';
import type { CitationStyles } from '../bibliography/citationStyles';
import { DiagnosticCode } from '../../core/validation/codes';
import type { LibraryService, DocumentLibrary } from '../library/libraryService';
import { describeUnread } from '../library/workspaceFiles';
import type { RisDocuments } from '../documents';
import { recordAt } from '../documents';
import type { Log } from '../log';
import type { Settings } from '../settings';
import { MAX_DOCUMENT_BYTES } from '../../core/paths/pathPolicy';
import { readRegularFile } from '../fileAccess';
import { findWorkspaceFiles } from '../workspaceSearch';
import { citationAt } from '../../core/markdown/markdownDocument';
import { citationCompletionContext } from '../../core/markdown/citationCompletion';
import { type Citation } from '../../core/markdown/citation';
import { formatCitationKey } from '../../core/keys/keySyntax';
import { citationDiagnostics } from '../../core/markdown/citationDiagnostics';
import { rankCompletions, type CompletionReason } from '../../core/library/completionRanking';
import { RecentCitationKeys } from './recentKeys';
import { decisionDetails, type DecisionSource } from '../../core/review/decisionGroups';

/** Markdown-like documents whose citations use pandoc's syntax. */
export const MARKDOWN: vscode.DocumentSelector = [{ language: 'markdown' }, { language: 'quarto' }, { language: 'rmd' }];
const MARKDOWN_LANGUAGES = new Set(['markdown', 'quarto', 'rmd']);
const MARKDOWN_GLOB = '**/*.{md,markdown,qmd,Rmd,rmd}';
export const UNKNOWN_CITATION = DiagnosticCode.UnknownCitation;

/** How many keys the completion list holds; it is incomplete, so VS Code asks again as the writer types. */
const COMPLETION_LIMIT = 50;

const REASON_NOTE: Record<CompletionReason, string | undefined> = { cited: 'cited here', recent: 'recently inserted', search: undefined };

/** A key completion, with the entry its documentation (the reference card) is built from on demand. */
class KeyCompletion extends vscode.CompletionItem {
  constructor(
    label: vscode.CompletionItemLabel,
    readonly entry: LibraryEntry,
  ) {
    super(label, vscode.CompletionItemKind.Reference);
  }
}

/** The citations of one Markdown file, with the bibliography they resolve against. */
interface MarkdownFile {
  readonly uri: vscode.Uri;
  readonly version: number | undefined;
  readonly text: string;
  readonly citations: readonly Citation[];
  /** The YAML metadata blocks (front matter and later blocks), for `ris.invalid-metadata`. */
  readonly metadata: readonly FrontMatter[];
}

/** A card for an entry, with a link that opens its record. */
function card(entry: LibraryEntry, formatted?: { style: string; markdown: string; note?: string }, screening?: string): vscode.MarkdownString {
  const uri = vscode.Uri.parse(entry.uri);
  const open = `command:ris._openEntry?${encodeURIComponent(JSON.stringify([entry.uri, entry.record.startLine]))}`;
  const markdown = new vscode.MarkdownString(
    referenceCardMarkdown(entry.record, {
      key: entry.key,
      fileLabel: vscode.workspace.asRelativePath(uri),
      line: entry.record.startLine + 1,
      openLink: open,
      ...(formatted ? { formatted } : {}),
      ...(screening !== undefined ? { screening } : {}),
    }),
  );
  markdown.isTrusted = { enabledCommands: ['ris._openEntry'] };
  return markdown;
}

function entryLocation(entry: LibraryEntry): vscode.Location {
  const start = new vscode.Position(entry.record.startLine, 0);
  return new vscode.Location(vscode.Uri.parse(entry.uri), new vscode.Range(start, new vscode.Position(entry.record.endLine, 0)));
}

/**
 * Citing from Markdown: completion after `@`, hover, go to definition, find references (from a
 * citation or a record), a "cited N times" CodeLens on records, and `ris.unknown-citation`
 * diagnostics with quick fixes that offer the closest keys. The workspace's Markdown files are read
 * lazily, the first time references or CodeLenses are asked for.
 */
export class MarkdownCitations implements vscode.Disposable {
  private readonly files = new Map<string, MarkdownFile>();
  private scan: Promise<void> | undefined;
  private readonly collection = vscode.languages.createDiagnosticCollection('ris-citations');
  private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly codeLensChanged = new vscode.EventEmitter<void>();
  private readonly validated = new vscode.EventEmitter<vscode.Uri>();
  /** Fires after a Markdown document's citation diagnostics were published. */
  readonly onDidValidate = this.validated.event;
  private readonly disposables: vscode.Disposable[] = [this.collection, this.codeLensChanged, this.validated];

  constructor(
    private readonly service: LibraryService,
    private readonly documents: RisDocuments,
    private readonly settings: Settings,
    private readonly log: Log,
    private readonly styles?: CitationStyles,
    private readonly recent?: RecentCitationKeys,
    private readonly decisions?: DecisionSource,
  ) {
    this.disposables.push(
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (!MARKDOWN_LANGUAGES.has(e.document.languageId)) return;
        this.update(e.document);
        this.schedule(e.document);
      }),
      vscode.workspace.onDidCloseTextDocument((d) => {
        this.collection.delete(d.uri);
        if (this.scan && MARKDOWN_LANGUAGES.has(d.languageId)) void this.readFromDisk(d.uri);
      }),
      service.onDidChange(() => {
        this.codeLensChanged.fire();
        for (const d of vscode.workspace.textDocuments) this.schedule(d);
      }),
      settings.onDidChange((e) => {
        if (e.affects('validation') || e.affects('codeLens')) {
          this.codeLensChanged.fire();
          for (const d of vscode.workspace.textDocuments) this.schedule(d, 0);
        }
      }),
      vscode.languages.registerCompletionItemProvider(
        MARKDOWN,
        { provideCompletionItems: (d, p) => this.complete(d, p), resolveCompletionItem: (item) => this.resolveCompletion(item) },
        '@',
      ),
      vscode.languages.registerHoverProvider(MARKDOWN, { provideHover: (d, p) => this.hover(d, p) }),
      vscode.languages.registerDefinitionProvider(MARKDOWN, { provideDefinition: (d, p) => this.definition(d, p) }),
      vscode.languages.registerReferenceProvider(MARKDOWN, { provideReferences: (d, p) => this.referencesFromMarkdown(d, p) }),
      vscode.languages.registerReferenceProvider({ language: 'ris' }, { provideReferences: (d, p) => this.referencesFromRecord(d, p) }),
      vscode.languages.registerCodeLensProvider({ language: 'ris' }, { provideCodeLenses: (d) => this.codeLenses(d), onDidChangeCodeLenses: this.codeLensChanged.event }),
      vscode.languages.registerCodeActionsProvider(MARKDOWN, { provideCodeActions: (d, _r, c) => this.unknownKeyFixes(d, c) }, { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] }),
      vscode.commands.registerCommand('ris.ignoreMarkdownReferenceLinks', async (target?: vscode.ConfigurationTarget) => {
        const where = target ?? (vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global);
        await vscode.workspace.getConfiguration('markdown.validate').update('referenceLinks.enabled', 'ignore', where);
        this.log.info('Turned off VS Code\'s Markdown reference-link validation, which flags pandoc citations');
      }),
      vscode.commands.registerCommand('ris._openEntry', async (uri: string, line: number) => {
        const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
        const position = new vscode.Position(line, 0);
        await vscode.window.showTextDocument(document, { selection: new vscode.Range(position, position) });
      }),
    );
    for (const document of vscode.workspace.textDocuments) this.schedule(document, 0);
  }

  // ---- citation index over the workspace's Markdown files -------------------------------------

  private update(document: vscode.TextDocument): MarkdownFile {
    const key = document.uri.toString();
    const known = this.files.get(key);
    if (known && known.version === document.version) return known;
    const text = document.getText();
    const { citations, metadata } = scanMarkdown(text);
    const file: MarkdownFile = { uri: document.uri, version: document.version, text, citations, metadata };
    this.files.set(key, file);
    this.codeLensChanged.fire();
    return file;
  }

  private async readFromDisk(uri: vscode.Uri): Promise<void> {
    try {
      const text = new TextDecoder().decode(await readRegularFile(uri, MAX_DOCUMENT_BYTES));
      const { citations, metadata } = scanMarkdown(text);
      this.files.set(uri.toString(), { uri, version: undefined, text, citations, metadata });
    } catch {
      this.files.delete(uri.toString());
    }
    this.codeLensChanged.fire();
  }

  /** Reads every Markdown file of the workspace once, then keeps the index current. */
  private ensureScanned(): Promise<void> {
    if (!this.scan) {
      this.scan = (async () => {
        const watcher = vscode.workspace.createFileSystemWatcher(MARKDOWN_GLOB);
        const isOpen = (uri: vscode.Uri): boolean => vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString());
        this.disposables.push(
          watcher,
          watcher.onDidCreate((u) => void (isOpen(u) ? undefined : this.readFromDisk(u))),
          watcher.onDidChange((u) => void (isOpen(u) ? undefined : this.readFromDisk(u))),
          watcher.onDidDelete((u) => {
            this.files.delete(u.toString());
            this.codeLensChanged.fire();
          }),
        );
        const uris = await findWorkspaceFiles(MARKDOWN_GLOB, '**/node_modules/**');
        for (const uri of uris) {
          const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
          if (open) this.update(open);
          else await this.readFromDisk(uri);
        }
      })().catch((error: unknown) => this.log.error('Reading the workspace Markdown files failed', error));
    }
    return this.scan;
  }

  /** Every citation of `key` in Markdown files whose bibliography contains `entryUri`. */
  private async citationsOf(key: string, entryUri: string): Promise<vscode.Location[]> {
    await this.ensureScanned();
    const locations: vscode.Location[] = [];
    for (const file of this.files.values()) {
      const matching = file.citations.filter((c) => c.key === key);
      if (matching.length === 0) continue;
      const lib = await this.libraryOfFile(file);
      if (lib.library.byKey(key)?.uri !== entryUri) continue;
      const document = await this.textDocumentFor(file);
      for (const c of matching) locations.push(new vscode.Location(file.uri, new vscode.Range(document.positionAt(c.start), document.positionAt(c.end))));
    }
    return locations;
  }

  /**
   * The library a Markdown file cites from, from the text the index holds: a file that is not open
   * is not opened (that would make VS Code load it and this extension check its citations).
   */
  private libraryOfFile(file: MarkdownFile): Promise<DocumentLibrary> {
    return this.service.libraryFor({ uri: file.uri, getText: () => file.text });
  }

  /** Positions in a Markdown file of the index, from its text (the file need not be open). */
  private async textDocumentFor(file: MarkdownFile): Promise<{ positionAt(offset: number): vscode.Position }> {
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === file.uri.toString());
    if (open && open.version === file.version) return open;
    const index = new LineIndex(file.text);
    return {
      positionAt: (offset) => {
        const p = index.positionAt(offset);
        return new vscode.Position(p.line, p.character);
      },
    };
  }

  // ---- providers ---------------------------------------------------------------------------------

  /**
   * Completion after `@`: a bounded list (cited and recent keys first while the prefix is short, see
   * `rankCompletions`), marked incomplete so that VS Code asks again as the key is typed; the
   * reference card is built only for the item the writer looks at.
   */
  private async complete(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.CompletionList | undefined> {
    const text = document.getText();
    const context = citationCompletionContext(text, document.offsetAt(position));
    if (!context) return undefined;
    const { library } = await this.service.libraryFor(document);
    // The list is a search: the library's index is built in turns the first time (2 s at 100k references).
    await library.prepareSearch(turnPause('interactive'));
    const cited = this.update(document).citations.map((c) => c.key);
    const ranked = rankCompletions(library, context.prefix, { cited, recent: this.recent?.list() ?? [] }, COMPLETION_LIMIT);
    const range = new vscode.Range(document.positionAt(context.replaceStart), document.positionAt(context.replaceEnd));
    const items = ranked.map(({ entry, reason }, index) => {
      const item = new KeyCompletion({ label: entry.key, description: entry.short, detail: REASON_NOTE[reason] && ` ${REASON_NOTE[reason]}` }, entry);
      item.detail = entry.short;
      const written = formatCitationKey(entry.key);
      // The range starts after the '@' (or '@{'): insert the key as it must be written.
      item.insertText = context.braced ? `${entry.key}}` : written.startsWith('@{') ? written.slice(1) : entry.key;
      item.range = range;
      item.filterText = `${context.prefix} ${entry.key} ${entry.authors.join(' ')} ${entry.title ?? ''} ${entry.year ?? ''}`;
      item.sortText = String(index).padStart(4, '0');
      if (this.recent) item.command = { command: RecentCitationKeys.COMMAND, title: 'Remember the key', arguments: [entry.key] };
      return item;
    });
    return new vscode.CompletionList(items, true);
  }

  private resolveCompletion(item: vscode.CompletionItem): vscode.CompletionItem {
    if (item instanceof KeyCompletion && item.documentation === undefined) item.documentation = card(item.entry, undefined, this.screeningOf(item.entry));
    return item;
  }

  private async hover(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    const citation = citationAt(document.getText(), document.offsetAt(position));
    if (!citation) return undefined;
    const range = new vscode.Range(document.positionAt(citation.start), document.positionAt(citation.end));
    const { library, bibliography, refused } = await this.service.libraryFor(document);
    const entry = library.byKey(citation.key);
    if (!entry) {
      const where = bibliography ? 'the files of this document’s `bibliography`' : 'the RIS files of the workspace';
      const message = new vscode.MarkdownString(`**Unknown citation key** \`${citation.key}\`: no reference in ${where} has this key.`);
      for (const r of refused) message.appendMarkdown('\n\n').appendText(`${r.reason}.`);
      // The key may be in a RIS file of the workspace that the library could not read.
      if (!bibliography) for (const f of this.service.unreadFiles()) message.appendMarkdown('\n\n').appendText(`${describeUnread(f)}.`);
      return new vscode.Hover(message, range);
    }
    await this.decisions?.ready();
    return new vscode.Hover(card(entry, await this.formatted(document, library, entry.key), this.screeningOf(entry)), range);
  }

  /** The entry's screening decision for its card ("Excluded: wrong population — Ann excluded…"); undefined without a review. */
  private screeningOf(entry: LibraryEntry): string | undefined {
    return this.decisions?.available ? decisionDetails(this.decisions.decisionOf(entry)) : undefined;
  }

  /** The reference in the document's citation style, for the hover card (undefined if it cannot be formatted). */
  private async formatted(document: vscode.TextDocument, library: Library, key: string): Promise<{ style: string; markdown: string; note?: string } | undefined> {
    if (!this.styles) return undefined;
    try {
      const choice = await this.styles.choiceFor(document);
      const markdown = await this.styles.reference(library, choice, key, 'markdown');
      return markdown === undefined ? undefined : { style: choice.style.title, markdown, ...(choice.problem !== undefined ? { note: choice.problem } : {}) };
    } catch (error) {
      this.log.warn(`Could not format ${key}: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  }

  private async definition(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Location | undefined> {
    const citation = citationAt(document.getText(), document.offsetAt(position));
    if (!citation) return undefined;
    const entry = (await this.service.libraryFor(document)).library.byKey(citation.key);
    return entry ? entryLocation(entry) : undefined;
  }

  private async referencesFromMarkdown(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Location[]> {
    const citation = citationAt(document.getText(), document.offsetAt(position));
    if (!citation) return [];
    const entry = (await this.service.libraryFor(document)).library.byKey(citation.key);
    if (!entry) return [];
    return [entryLocation(entry), ...(await this.citationsOf(citation.key, entry.uri))];
  }

  private async referencesFromRecord(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Location[]> {
    const record = recordAt(this.documents.get(document), document.offsetAt(position));
    if (!record) return [];
    const entry = (await this.service.workspaceLibrary()).entryFor(document.uri.toString(), record.index);
    if (!entry) return [];
    return this.citationsOfEntry(entry);
  }

  /** Citations of an entry anywhere in the workspace (its key may differ per bibliography). */
  private async citationsOfEntry(entry: LibraryEntry): Promise<vscode.Location[]> {
    await this.ensureScanned();
    const locations: vscode.Location[] = [];
    for (const file of this.files.values()) {
      if (file.citations.length === 0) continue;
      const { library } = await this.libraryOfFile(file);
      const own = library.entryFor(entry.uri, entry.recordIndex);
      if (!own) continue;
      const matching = file.citations.filter((c) => c.key === own.key);
      if (matching.length === 0) continue;
      const document = await this.textDocumentFor(file);
      for (const c of matching) locations.push(new vscode.Location(file.uri, new vscode.Range(document.positionAt(c.start), document.positionAt(c.end))));
    }
    return locations;
  }

  private async codeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    if (!this.settings.get('codeLens.citations', document.uri)) return [];
    await this.ensureScanned();
    const library = await this.service.workspaceLibrary();
    const entries = library.entriesOf(document.uri.toString());
    if (entries.length === 0) return [];
    // Count per record over every Markdown file, each with its own bibliography's keys.
    const counts = new Map<number, vscode.Location[]>();
    for (const file of this.files.values()) {
      if (file.citations.length === 0) continue;
      const { library: lib } = await this.libraryOfFile(file);
      const own = lib.entriesOf(document.uri.toString());
      if (own.length === 0) continue;
      const byKey = new Map(own.map((e) => [e.key, e.recordIndex]));
      const doc = await this.textDocumentFor(file);
      for (const c of file.citations) {
        const recordIndex = byKey.get(c.key);
        if (recordIndex === undefined) continue;
        const list = counts.get(recordIndex) ?? [];
        list.push(new vscode.Location(file.uri, new vscode.Range(doc.positionAt(c.start), doc.positionAt(c.end))));
        counts.set(recordIndex, list);
      }
    }
    const lenses: vscode.CodeLens[] = [];
    for (const entry of entries) {
      const locations = counts.get(entry.recordIndex) ?? [];
      const title = citationLensTitle(locations.length, entries.length);
      if (title === undefined) continue;
      const range = new vscode.Range(entry.record.startLine, 0, entry.record.startLine, 0);
      lenses.push(
        new vscode.CodeLens(range, {
          title,
          tooltip: `Citations of ${entry.key} in the workspace's Markdown`,
          command: locations.length > 0 ? 'editor.action.showReferences' : '',
          arguments: locations.length > 0 ? [document.uri, range.start, locations] : undefined,
        }),
      );
    }
    return lenses;
  }

  // ---- diagnostics -------------------------------------------------------------------------------

  private schedule(document: vscode.TextDocument, delay = 300): void {
    if (!MARKDOWN_LANGUAGES.has(document.languageId)) return;
    const key = document.uri.toString();
    const previous = this.pending.get(key);
    if (previous) clearTimeout(previous);
    this.pending.set(
      key,
      setTimeout(() => {
        this.pending.delete(key);
        if (document.isClosed) return;
        this.validate(document).catch((error: unknown) => this.log.error(`Checking citations of ${document.uri.toString(true)} failed`, error));
      }, delay),
    );
  }

  private async validate(document: vscode.TextDocument): Promise<void> {
    const file = this.update(document);
    if (file.citations.length > 0) this.offerToSilenceReferenceLinkValidation(document);
    const { severities } = this.settings.validation(document.uri);
    const lib = await this.service.libraryFor(document);
    const found: MarkdownDiagnostic[] = metadataDiagnostics(file.metadata, severities[DiagnosticCode.InvalidMetadata]);
    // Keys of .bib/.json bibliographies are not read, and an empty library says nothing about keys.
    if (!lib.hasOtherFormats && (lib.library.entries.length > 0 || lib.bibliography)) {
      const bibliography = {
        has: (key: string) => lib.library.byKey(key) !== undefined,
        source: lib.bibliography ? 'document' : 'library',
        notRead: lib.bibliography ? 0 : this.service.unreadFiles().length,
      } as const;
      found.push(...citationDiagnostics(file.citations, bibliography, severities[UNKNOWN_CITATION]));
    }
    const diagnostics = found.map((c) => {
      const range = new vscode.Range(document.positionAt(c.start), document.positionAt(c.end));
      const d = new vscode.Diagnostic(range, c.message, toSeverity(c.severity));
      d.source = 'RIS';
      d.code = c.code;
      return d;
    });
    // Closed while its library was read: its diagnostics went with it (and an untitled document's
    // name may already be another's).
    if (document.isClosed) return;
    this.collection.set(document.uri, diagnostics);
    this.validated.fire(document.uri);
  }

  private offeredSilencing = false;

  /**
   * VS Code's own Markdown validation (off by default) reads `[@key]` as a reference link without a
   * definition and flags every citation; it offers no way to exempt them. When it is on for a
   * document with citations, offer once per session to turn its reference-link check off for the
   * workspace (this extension checks citations itself, with `ris.unknown-citation`).
   */
  private offerToSilenceReferenceLinkValidation(document: vscode.TextDocument): void {
    if (this.offeredSilencing) return;
    const config = vscode.workspace.getConfiguration('markdown.validate', document.uri);
    if (!config.get<boolean>('enabled', false) || config.get<string>('referenceLinks.enabled', 'warning') === 'ignore') return;
    this.offeredSilencing = true;
    const turnOff = 'Turn Off for This Workspace';
    void vscode.window
      .showInformationMessage(
        "VS Code's Markdown validation reports pandoc citations such as [@key] as missing link definitions. RIS References checks citations itself. Turn off VS Code's reference-link check for this workspace?",
        turnOff,
        'Keep',
      )
      .then((choice) => (choice === turnOff ? vscode.commands.executeCommand('ris.ignoreMarkdownReferenceLinks') : undefined));
  }

  private async unknownKeyFixes(document: vscode.TextDocument, context: vscode.CodeActionContext): Promise<vscode.CodeAction[]> {
    const ours = context.diagnostics.filter((d) => d.code === UNKNOWN_CITATION);
    if (ours.length === 0) return [];
    const { library } = await this.service.libraryFor(document);
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of ours) {
      const citation = citationAt(document.getText(), document.offsetAt(diagnostic.range.start) + 1);
      if (!citation) continue;
      for (const key of closestKeys(citation.key, library.keys(), 5)) {
        const entry = library.byKey(key);
        const action = new vscode.CodeAction(`Change to ${formatCitationKey(key)}${entry ? ` (${entry.short})` : ''}`, vscode.CodeActionKind.QuickFix);
        action.diagnostics = [diagnostic];
        const edit = new vscode.WorkspaceEdit();
        edit.replace(document.uri, new vscode.Range(document.positionAt(citation.start), document.positionAt(citation.end)), formatCitationKey(key));
        action.edit = edit;
        actions.push(action);
      }
      if (actions.length > 0) actions[0].isPreferred = true;
    }
    return actions;
  }

  dispose(): void {
    for (const t of this.pending.values()) clearTimeout(t);
    for (const d of this.disposables) d.dispose();
  }
}

function toSeverity(level: string): vscode.DiagnosticSeverity {
  switch (level) {
    case 'error':
      return vscode.DiagnosticSeverity.Error;
    case 'info':
      return vscode.DiagnosticSeverity.Information;
    case 'hint':
      return vscode.DiagnosticSeverity.Hint;
    default:
      return vscode.DiagnosticSeverity.Warning;
  }
}
