import * as vscode from 'vscode';
import { decodeRisBytes } from '../../core/ris/decode';
import { EXPORT_EXTENSIONS, exportLibrary, selectCited, type ExportEntry, type ExportFormat } from '../../core/library/export/exportLibrary';
import { Library } from '../../core/library/referenceLibrary';
import { parseRis } from '../../core/ris/parser';
import { exists, type LibraryService } from '../library/libraryService';
import type { Log } from '../log';
import { MAX_DOCUMENT_BYTES } from '../../core/paths/pathPolicy';
import { readRegularFile } from '../fileAccess';

/** What to export, where: the argument that drives `ris.export` without pickers (tests, keybindings). */
export interface ExportCommandOptions {
  /** Every reference of the workspace library, those of one RIS file, or those a Markdown document cites. */
  readonly scope: 'workspace' | 'file' | 'cited';
  /** The RIS file (`file`) or the Markdown document (`cited`); default: the active editor's document. */
  readonly uri?: vscode.Uri;
  readonly format?: ExportFormat;
  /** The file to write; without it the save dialog asks. */
  readonly target?: vscode.Uri;
  /** Overwrite `target` when it exists (the save dialog asks for itself). Default false. */
  readonly overwrite?: boolean;
}

const FORMAT_ITEMS: readonly (vscode.QuickPickItem & { format: ExportFormat; filter: string })[] = [
  { label: 'CSL-JSON', description: '.json — for pandoc --citeproc, Zotero and citeproc', format: 'csl-json', filter: 'CSL-JSON' },
  { label: 'BibTeX', description: '.bib — for LaTeX (BibTeX, biblatex/biber) and pandoc', format: 'bibtex', filter: 'BibTeX' },
  { label: 'RIS (normalised)', description: '.ris — every field in canonical TAG  - value lines, one file', format: 'ris', filter: 'RIS' },
];

/** A References view node as the command receives it (see referencesTree.ts), read by duck typing. */
interface NodeLike {
  readonly kind?: unknown;
  readonly uri?: unknown;
  readonly entry?: { readonly uri?: unknown };
  readonly parent?: NodeLike;
}

/** The RIS file a References view node stands for: its entry's file, or its file group. */
function nodeFileUri(node: unknown): vscode.Uri | undefined {
  if (typeof node !== 'object' || node === null) return undefined;
  const n = node as NodeLike;
  if (n.kind === 'entry' && typeof n.entry?.uri === 'string') return vscode.Uri.parse(n.entry.uri);
  if (n.kind === 'group' && n.uri instanceof vscode.Uri) return n.uri;
  if (n.kind === 'page') return nodeFileUri(n.parent);
  return undefined;
}

function isRisUri(uri: vscode.Uri): boolean {
  return /\.ris$/i.test(uri.path);
}

function isOptions(arg: unknown): arg is ExportCommandOptions {
  if (typeof arg !== 'object' || arg === null || arg instanceof vscode.Uri) return false;
  const scope = (arg as { scope?: unknown }).scope;
  return scope === 'workspace' || scope === 'file' || scope === 'cited';
}

function baseName(uri: vscode.Uri): string {
  return uri.path.slice(uri.path.lastIndexOf('/') + 1);
}

function stem(uri: vscode.Uri): string {
  return baseName(uri).replace(/\.[^.]+$/, '');
}

/** The chosen references, and what to tell the user about them. */
interface Source {
  readonly entries: readonly ExportEntry[];
  /** "the workspace", "refs.ris", "draft.md" */
  readonly name: string;
  /** The file the default target name is derived from, and its suffix. */
  readonly near: vscode.Uri | undefined;
  readonly scope: ExportCommandOptions['scope'];
  readonly unknown: readonly string[];
  readonly missing: readonly string[];
}

/** The records of one RIS file on their own (the file's keys; the open editor's text when it is open). */
async function fileEntries(uri: vscode.Uri): Promise<readonly ExportEntry[]> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  const text = open ? open.getText() : decodeRisBytes(await readRegularFile(uri, MAX_DOCUMENT_BYTES)).text;
  return new Library([{ uri: uri.toString(), doc: parseRis(text) }]).entries;
}

async function workspaceSource(service: LibraryService): Promise<Source> {
  const library = await service.workspaceLibrary();
  return { entries: library.entries, name: 'the workspace', near: undefined, scope: 'workspace', unknown: [], missing: [] };
}

async function fileSource(uri: vscode.Uri): Promise<Source> {
  return { entries: await fileEntries(uri), name: baseName(uri), near: uri, scope: 'file', unknown: [], missing: [] };
}

async function citedSource(service: LibraryService, document: vscode.TextDocument): Promise<Source> {
  const { library, missing, refused } = await service.libraryFor(document);
  const cited = selectCited(library, document.getText());
  const unread = [...missing, ...refused.map((r) => r.reason)];
  return { entries: cited.entries, name: baseName(document.uri), near: document.uri, scope: 'cited', unknown: cited.unknown, missing: unread };
}

/** Asks what to export; undefined when the picker is dismissed. */
async function pickSource(service: LibraryService, risUri: vscode.Uri | undefined, markdown: vscode.TextDocument | undefined): Promise<Source | undefined> {
  type Item = vscode.QuickPickItem & { load: () => Promise<Source> };
  const library = await service.workspaceLibrary();
  const total = library.entries.filter((e) => e.hiddenBy === undefined).length;
  const items: Item[] = [
    { label: `$(references) All references in the workspace (${total})`, load: () => workspaceSource(service) },
  ];
  if (risUri) {
    const inLibrary = library.entriesOf(risUri.toString()).length;
    items.push({
      label: `$(file) References in ${baseName(risUri)}${inLibrary > 0 ? ` (${inLibrary})` : ''}`,
      description: vscode.workspace.asRelativePath(risUri),
      load: () => fileSource(risUri),
    });
  }
  if (markdown) {
    const { library: bibliography } = await service.libraryFor(markdown);
    const cited = selectCited(bibliography, markdown.getText());
    items.push({
      label: `$(quote) References cited in ${baseName(markdown.uri)} (${cited.entries.length})`,
      description: cited.unknown.length > 0 ? `${cited.unknown.length} cited key(s) not found` : undefined,
      load: () => citedSource(service, markdown),
    });
  }
  const picked = await vscode.window.showQuickPick(items, { title: 'Export References', placeHolder: 'What to export' });
  return picked?.load();
}

function defaultTarget(source: Source, format: ExportFormat): vscode.Uri | undefined {
  const ext = EXPORT_EXTENSIONS[format];
  const near = source.near?.scheme === 'untitled' ? undefined : source.near;
  if (near) {
    const name =
      source.scope === 'cited' ? `${stem(near)}-references.${ext}` : format === 'ris' ? `${stem(near)}-normalised.ris` : `${stem(near)}.${ext}`;
    return vscode.Uri.joinPath(near, '..', name);
  }
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  return folder ? vscode.Uri.joinPath(folder, `references.${ext}`) : undefined;
}

/**
 * `ris.export`: exports references as CSL-JSON, BibTeX or normalised RIS with pandoc's keys. Asks
 * what to export (the whole workspace; the RIS file of the argument, the active editor or the
 * References view's selection; the references the active Markdown document cites), the format, and
 * where (save dialog, next to the source). Arguments: a `vscode.Uri` of a RIS file (explorer menu) or
 * Markdown document, a References view node, or {@link ExportCommandOptions} to skip the pickers it
 * answers. Resolves to the written file, or undefined when cancelled or nothing was written.
 *
 * `selection` gives the References view's selected nodes (for the view's title menu), when wired.
 */
export function registerExportCommand(
  service: LibraryService,
  log: Log,
  selection?: () => readonly unknown[],
): vscode.Disposable {
  return vscode.commands.registerCommand('ris.export', async (arg?: unknown): Promise<vscode.Uri | undefined> => {
    try {
      return await runExport(service, log, arg, selection);
    } catch (error) {
      log.error('Export failed', error);
      void vscode.window.showErrorMessage(`Export failed: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  });
}

async function runExport(
  service: LibraryService,
  log: Log,
  arg: unknown,
  selection: (() => readonly unknown[]) | undefined,
): Promise<vscode.Uri | undefined> {
  const options = isOptions(arg) ? arg : undefined;
  const editor = vscode.window.activeTextEditor;
  const activeMarkdown = editor?.document.languageId === 'markdown' ? editor.document : undefined;
  const argUri = arg instanceof vscode.Uri ? arg : nodeFileUri(arg);
  const selected = selection?.().map(nodeFileUri).find((u) => u !== undefined);
  const activeRis = editor && (editor.document.languageId === 'ris' || isRisUri(editor.document.uri)) ? editor.document.uri : undefined;

  let source: Source | undefined;
  if (options) {
    if (options.scope === 'workspace') source = await workspaceSource(service);
    else if (options.scope === 'file') {
      const uri = options.uri ?? activeRis ?? selected;
      if (!uri) throw new Error('no RIS file to export: pass its uri');
      source = await fileSource(uri);
    } else {
      const document = options.uri ? await vscode.workspace.openTextDocument(options.uri) : activeMarkdown;
      if (!document) throw new Error('no Markdown document: pass its uri');
      source = await citedSource(service, document);
    }
  } else if (argUri && isRisUri(argUri)) {
    source = await fileSource(argUri);
  } else if (argUri && /\.(md|markdown|qmd|rmd)$/i.test(argUri.path)) {
    source = await citedSource(service, await vscode.workspace.openTextDocument(argUri));
  } else {
    source = await pickSource(service, activeRis ?? selected, activeMarkdown);
  }
  if (!source) return undefined;

  if (source.missing.length > 0) {
    void vscode.window.showWarningMessage(`The bibliography of ${source.name} names files that cannot be read: ${source.missing.join(', ')}`);
  }
  const count = source.entries.filter((e) => e.hiddenBy === undefined).length;
  if (count === 0) {
    const why = source.scope === 'cited' ? `${source.name} cites no reference of its bibliography` : `There is no reference in ${source.name}`;
    void vscode.window.showInformationMessage(`${why}: nothing to export.`);
    warnUnknown(source);
    return undefined;
  }

  let format = options?.format;
  if (!format) {
    const picked = await vscode.window.showQuickPick(FORMAT_ITEMS, { title: `Export ${count} References`, placeHolder: 'Format' });
    if (!picked) return undefined;
    format = picked.format;
  }

  let target = options?.target;
  if (target) {
    if (!options?.overwrite && (await exists(target))) {
      void vscode.window.showErrorMessage(`${baseName(target)} exists: not overwritten.`);
      log.warn(`Export: ${target.toString(true)} exists, not overwritten`);
      return undefined;
    }
  } else {
    const item = FORMAT_ITEMS.find((i) => i.format === format)!;
    target = await vscode.window.showSaveDialog({
      title: `Export ${count} References as ${item.label}`,
      defaultUri: defaultTarget(source, format),
      filters: { [item.filter]: [EXPORT_EXTENSIONS[format]], 'All files': ['*'] },
      saveLabel: 'Export',
    });
    if (!target) return undefined;
  }

  const folder = (uri: string): string => {
    try {
      return vscode.workspace.asRelativePath(vscode.Uri.parse(uri));
    } catch {
      return uri;
    }
  };
  const result = exportLibrary(source.entries, format, { fileName: folder });
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(result.text));
  log.info(`Exported ${result.count} references from ${source.name} as ${format} to ${target.toString(true)}`);
  for (const problem of result.problems) log.warn(`Export: ${problem}`);

  const written = target;
  const notes = result.problems.length > 0 ? ` (${result.problems.length} note${result.problems.length === 1 ? '' : 's'} in the log)` : '';
  const buttons = result.problems.length > 0 ? ['Open', 'Show Log'] : ['Open'];
  // Not awaited: the command resolves once the file is written, whatever the user does with the message.
  void vscode.window.showInformationMessage(`Exported ${result.count} references to ${baseName(written)}${notes}`, ...buttons).then(
    async (choice) => {
      try {
        if (choice === 'Open') await vscode.window.showTextDocument(written);
        else if (choice === 'Show Log') log.show();
      } catch (error) {
        log.warn(`Could not open ${written.toString(true)}: ${String(error)}`);
      }
    },
    (error: unknown) => log.warn(`Export message failed: ${String(error)}`),
  );
  warnUnknown(source);
  return written;
}

function warnUnknown(source: Source): void {
  if (source.unknown.length === 0) return;
  const shown = source.unknown.slice(0, 10).map((k) => `@${k}`).join(', ');
  const more = source.unknown.length > 10 ? ` and ${source.unknown.length - 10} more` : '';
  void vscode.window.showWarningMessage(`${source.name} cites ${source.unknown.length} key(s) that are in no reference: ${shown}${more}`);
}
