/**
 * The References view's registration: the tree, its badge and filter message, and the commands on
 * references (open, copy key, insert citation, pin, group by, filter, filter by screening decision).
 */
import * as vscode from 'vscode';
import type { CitationStyles } from '../bibliography/citationStyles';
import type { LibraryEntry } from '../../core/library/referenceLibrary';
import { unreadFilesMessage } from '../../core/library/unreadFiles';
import { ReferencesTreeProvider, VIEW_ID, type TreeNode, type ViewDecisions } from './referencesTree';
import { DECISION_GROUP_FILTER, parseDecisionFilter } from '../../core/review/decisionGroups';
import type { GroupBy, SortBy } from '../../core/settings/settingsSchema';
import type { LibraryService } from './libraryService';
import { describeUnread } from './workspaceFiles';
import type { Log } from '../log';
import type { Settings } from '../settings';
import type { RisDocuments } from '../documents';
import { recordAt } from '../documents';
import { insertCitations, pickReferences } from '../citing/citationPicker';
import { pinKeysInDocument } from '../citing/pinning';
import { chooseRisDocument } from '../ris/chooseRisDocument';
import type { RecentCitationKeys } from '../citing/recentKeys';

/** The reference a command was invoked on: a tree node, or nothing (then the tree's selection). */
function entriesFrom(view: vscode.TreeView<TreeNode>, node?: TreeNode, nodes?: readonly TreeNode[]): LibraryEntry[] {
  const chosen = nodes && nodes.length > 0 ? nodes : node ? [node] : view.selection;
  return chosen.flatMap((n) => (n.kind === 'entry' ? [n.entry] : []));
}

/** One value of a setting, as a quick pick offers it. */
interface Choice<T extends string> {
  readonly label: string;
  readonly value: T;
}

/** The orders "Sort References By…" offers (`ris.references.sort`). */
const SORT_CHOICES: readonly Choice<SortBy>[] = [
  { label: 'File order', value: 'file' },
  { label: 'First author, then year', value: 'author' },
  { label: 'Year, newest first', value: 'year' },
  { label: 'Title', value: 'title' },
];

/**
 * Asks for one of `choices`, the `current` one marked and selected, so that Enter keeps it; undefined
 * when dismissed.
 */
async function pickSetting<T extends string>(choices: readonly Choice<T>[], current: string, title: string, placeholder?: string): Promise<T | undefined> {
  const pick = vscode.window.createQuickPick<vscode.QuickPickItem & { value: T }>();
  const items = choices.map((c) => ({ label: c.label, value: c.value, description: c.value === current ? 'current' : undefined }));
  pick.items = items;
  pick.activeItems = items.filter((i) => i.value === current);
  pick.title = title;
  if (placeholder !== undefined) pick.placeholder = placeholder;
  const listeners: vscode.Disposable[] = [];
  try {
    return await new Promise<T | undefined>((resolve) => {
      listeners.push(
        pick.onDidAccept(() => resolve(pick.selectedItems[0]?.value)),
        pick.onDidHide(() => resolve(undefined)),
      );
      pick.show();
    });
  } finally {
    for (const l of listeners) l.dispose();
    pick.dispose();
  }
}

/** Opens the RIS file of an entry and selects the record's first line. */
export async function openEntry(entry: LibraryEntry, preserveFocus = false): Promise<void> {
  const uri = vscode.Uri.parse(entry.uri);
  const document = await vscode.workspace.openTextDocument(uri);
  const start = new vscode.Position(entry.record.startLine, 0);
  await vscode.window.showTextDocument(document, { selection: new vscode.Range(start, start), preserveFocus, preview: true });
}

type FilterItem = vscode.QuickPickItem & { readonly filter: string };

/** The quick pick items of the decision groups and exclusion reasons, with their counts and filter words. */
async function decisionItems(provider: ReferencesTreeProvider): Promise<FilterItem[]> {
  const quote = (reason: string): string => (/\s/.test(reason) ? `"${reason.replace(/"/g, '')}"` : reason);
  const items: FilterItem[] = [];
  for (const g of await provider.decisionGroups()) {
    items.push({ label: g.label, description: `decision:${DECISION_GROUP_FILTER[g.key]}`, filter: `decision:${DECISION_GROUP_FILTER[g.key]}` });
    for (const r of g.reasons) items.push({ label: `$(tag) ${r.label}`, description: `reason:${quote(r.reason)}`, filter: `reason:${quote(r.reason)}` });
  }
  return items;
}

/**
 * "Filter References…" in a workspace with screening decisions: a quick pick whose first item
 * searches for what is typed (author, title words, `decision:`/`reason:` words…), followed by the
 * decision groups and exclusion reasons with their counts; a decision picked keeps the filter's
 * search words.
 */
async function filterWithDecisions(provider: ReferencesTreeProvider, updateChrome: () => void): Promise<void> {
  const decisions = await decisionItems(provider);
  const current = parseDecisionFilter(provider.filter).text;
  const picker = vscode.window.createQuickPick<FilterItem>();
  picker.title = 'Filter References';
  picker.placeholder = 'Author, title words, year, key, DOI or journal, or a screening decision below';
  picker.value = provider.filter;
  picker.matchOnDescription = true;
  const searchItem = (value: string): FilterItem => ({ label: `$(search) ${value.trim() === '' ? 'Show all references' : `Search for “${value.trim()}”`}`, alwaysShow: true, filter: value });
  const update = (): void => {
    picker.items = [searchItem(picker.value), ...decisions.map((d) => ({ ...d, filter: `${current} ${d.filter}`.trim() }))];
  };
  update();
  const chosen = await new Promise<string | undefined>((resolve) => {
    const subscriptions = [
      picker.onDidChangeValue(update),
      picker.onDidAccept(() => {
        resolve(picker.selectedItems[0]?.filter ?? picker.value);
        picker.hide();
      }),
      picker.onDidHide(() => {
        resolve(undefined);
        for (const s of subscriptions) s.dispose();
        picker.dispose();
      }),
    ];
    picker.show();
  });
  if (chosen !== undefined) {
    provider.setFilter(chosen);
    updateChrome();
  }
}

/**
 * `ris.references.filterByDecision` (for keybindings and tests; not in the palette, where Filter
 * References… offers the decisions): `preset` (`excluded`, or a whole `reason:…`) sets the filter's
 * decision words without asking; without one, the filter's quick pick.
 */
async function filterByDecision(provider: ReferencesTreeProvider, updateChrome: () => void, preset?: string): Promise<void> {
  if (typeof preset === 'string') {
    provider.setFilter(preset.includes(':') ? preset : `decision:${preset}`);
    updateChrome();
    return;
  }
  if (provider.hasDecisions) return filterWithDecisions(provider, updateChrome);
  void vscode.window.showInformationMessage('No screening decisions in this workspace: they come from the screening files named in review.yaml, or from a screening/ folder.');
}

/** The registered References view. */
export interface ReferencesViewHandle {
  readonly disposable: vscode.Disposable;
  readonly viewIds: string[];
  readonly provider: ReferencesTreeProvider;
  readonly view: vscode.TreeView<TreeNode>;
  /** Shows a badge that asks for attention instead of the reference count (undefined: the count again). */
  setAttention(badge: vscode.ViewBadge | undefined): void;
}

/**
 * Registers the References view (tree, badge, filter message, welcome content through the manifest)
 * and the commands that act on references.
 */
export function registerReferencesView(
  service: LibraryService,
  documents: RisDocuments,
  settings: Settings,
  log: Log,
  styles?: CitationStyles,
  recent?: RecentCitationKeys,
  decisions?: ViewDecisions,
): ReferencesViewHandle {
  const provider = new ReferencesTreeProvider(service, settings, log, styles, decisions);
  const view = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: provider, showCollapseAll: true, canSelectMany: true });

  // A badge that asks for attention (included studies the draft does not cite) replaces the count.
  let attention: vscode.ViewBadge | undefined;
  const updateChrome = (): void => {
    const { total, shown } = provider.counts();
    view.badge = attention ?? (total > 0 ? { value: total, tooltip: `${total} references` } : undefined);
    const problems = provider.filterProblems.length > 0 ? ` (${provider.filterProblems.join('; ')})` : '';
    const filtered = provider.filter ? `Filtered by “${provider.filter}”: ${shown} of ${total} references${problems}.` : undefined;
    const unread = unreadFilesMessage(service.unreadFiles().map(describeUnread));
    view.message = filtered !== undefined && unread !== undefined ? `${filtered} ${unread}` : (filtered ?? unread);
    void vscode.commands.executeCommand('setContext', 'ris.references.filtered', provider.filter.length > 0);
    void vscode.commands.executeCommand('setContext', 'ris.library.empty', total === 0);
  };

  const revealActive = async (): Promise<void> => {
    const editor = vscode.window.activeTextEditor;
    if (!view.visible || !editor || editor.document.languageId !== 'ris') return;
    const record = recordAt(await documents.parsed(editor.document), editor.document.offsetAt(editor.selection.active));
    if (!record) return;
    const node = await provider.nodeFor(editor.document.uri.toString(), record.index);
    if (node) await view.reveal(node, { select: true, focus: false, expand: true });
  };

  let followTimer: ReturnType<typeof setTimeout> | undefined;
  const disposable = vscode.Disposable.from(
    provider,
    view,
    provider.onDidComputeRoots(() => updateChrome()),
    view.onDidChangeVisibility(() => updateChrome()),
    vscode.window.onDidChangeTextEditorSelection((e) => {
      if (e.textEditor.document.languageId !== 'ris' || !view.visible) return;
      if (followTimer) clearTimeout(followTimer);
      followTimer = setTimeout(() => void revealActive().catch((error: unknown) => log.warn(`reveal failed: ${String(error)}`)), 300);
    }),
    { dispose: () => followTimer && clearTimeout(followTimer) },
    vscode.commands.registerCommand('ris.references.refresh', () => provider.refresh()),
    vscode.commands.registerCommand('ris.references.filter', async (preset?: string) => {
      if (typeof preset === 'string') {
        provider.setFilter(preset);
        updateChrome();
        return;
      }
      if (provider.hasDecisions) return filterWithDecisions(provider, updateChrome);
      const text = await vscode.window.showInputBox({
        title: 'Filter References',
        prompt: 'Author, title words, year, key, DOI or journal',
        value: provider.filter,
      });
      if (text !== undefined) {
        provider.setFilter(text);
        updateChrome();
      }
    }),
    vscode.commands.registerCommand('ris.references.filterByDecision', (preset?: string) => filterByDecision(provider, updateChrome, preset)),
    vscode.commands.registerCommand('ris.references.clearFilter', () => {
      provider.setFilter('');
      updateChrome();
    }),
    vscode.commands.registerCommand('ris.references.groupBy', async (value?: GroupBy) => {
      const choices: readonly Choice<GroupBy>[] = [
        { label: 'File', value: 'file' },
        { label: 'Year', value: 'year' },
        { label: 'Type', value: 'type' },
        { label: 'First author', value: 'author' },
        // Only offered when the workspace has screening decisions to group by.
        ...(provider.hasDecisions ? [{ label: 'Screening decision', value: 'decision' as const }] : []),
      ];
      const choice = value ?? (await pickSetting(choices, settings.get('references.groupBy'), 'Group References By'));
      if (choice) await settings.update('references.groupBy', choice, vscode.ConfigurationTarget.Workspace);
    }),
    vscode.commands.registerCommand('ris.references.sortBy', async (value?: SortBy) => {
      const choice = value ?? (await pickSetting(SORT_CHOICES, settings.get('references.sort'), 'Sort References By', 'How references are ordered inside each group'));
      if (choice) await settings.update('references.sort', choice, vscode.ConfigurationTarget.Workspace);
    }),
    vscode.commands.registerCommand('ris.references.revealActive', async () => {
      await vscode.commands.executeCommand(`${VIEW_ID}.focus`);
      await revealActive();
    }),
    vscode.commands.registerCommand('ris.openRecord', async (node?: TreeNode) => {
      const [entry] = entriesFrom(view, node);
      if (entry) await openEntry(entry);
    }),
    vscode.commands.registerCommand('ris.copyCitationKey', async (node?: TreeNode, nodes?: TreeNode[]) => {
      const entries = entriesFrom(view, node, nodes);
      if (entries.length === 0) return;
      await vscode.env.clipboard.writeText(entries.map((e) => e.key).join('; '));
      void vscode.window.setStatusBarMessage(`Copied ${entries.map((e) => e.key).join('; ')}`, 3000);
    }),
    vscode.commands.registerCommand('ris.openDoi', async (node?: TreeNode) => {
      const [entry] = entriesFrom(view, node);
      if (!entry?.doi) {
        void vscode.window.showInformationMessage('This reference has no DOI.');
        return;
      }
      await vscode.env.openExternal(vscode.Uri.parse(`https://doi.org/${encodeURI(entry.doi)}`));
    }),
    vscode.commands.registerCommand('ris.insertCitation', async (node?: TreeNode | { query: string }, nodes?: TreeNode[]) => {
      // From the tree: the clicked item (and the other selected ones). From a keybinding or the
      // palette: the picker, optionally opened on a query (`{ "query": "…" }` as the argument).
      const query = node && 'query' in node ? node.query : '';
      let entries = node && 'kind' in node ? entriesFrom(view, node, nodes) : [];
      const editor = vscode.window.activeTextEditor ?? vscode.window.visibleTextEditors.find((e) => e.document.languageId === 'markdown');
      if (!editor) {
        void vscode.window.showInformationMessage('Open a Markdown document to insert a citation into.');
        return false;
      }
      if (entries.length === 0) {
        const { library } = editor.document.languageId === 'markdown' ? await service.libraryFor(editor.document) : { library: await service.workspaceLibrary() };
        entries = await pickReferences(library, query, undefined, log);
      }
      if (entries.length === 0) return false;
      return insertCitations(settings, editor, entries.map((e) => e.key), recent);
    }),
    vscode.commands.registerCommand('ris.pinCitationKeys', async (arg?: vscode.Uri | TreeNode) => {
      if (arg && !(arg instanceof vscode.Uri) && arg.kind === 'entry') {
        return pinKeysInDocument(service, settings, vscode.Uri.parse(arg.entry.uri), [arg.entry.recordIndex]);
      }
      const uri = arg instanceof vscode.Uri ? arg : (await chooseRisDocument('Pin the citation keys of which RIS file?', 'There is no RIS file whose citation keys to pin.'))?.uri;
      if (!uri) return 0;
      if (!/\.ris$/i.test(uri.path)) {
        void vscode.window.showInformationMessage('Open a RIS file to pin its citation keys.');
        return 0;
      }
      return pinKeysInDocument(service, settings, uri);
    }),
  );
  const setAttention = (badge: vscode.ViewBadge | undefined): void => {
    attention = badge;
    updateChrome();
  };
  return { disposable, viewIds: [VIEW_ID], provider, view, setAttention };
}
