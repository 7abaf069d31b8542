import * as vscode from 'vscode';
import type { CitationStyles } from '../bibliography/citationStyles';
import type { Library, LibraryEntry } from '../../core/library/referenceLibrary';
import { referenceCardMarkdown } from '../../core/library/referenceCard';
import { getTypeInfo } from '../../core/ris/spec';
import type { GroupBy, SortBy } from '../../core/settings/settingsSchema';
import type { LibraryService } from './libraryService';
import type { Log } from '../log';
import type { Settings } from '../settings';

export const VIEW_ID = 'ris.references';

/** Groups larger than this are split into ranges so that no level lists 100k items at once. */
const PAGE = 500;

export type TreeNode = GroupNode | PageNode | EntryNode;

interface GroupNode {
  readonly kind: 'group';
  readonly id: string;
  readonly label: string;
  readonly description?: string;
  readonly uri?: vscode.Uri;
  readonly entries: readonly LibraryEntry[];
}

interface PageNode {
  readonly kind: 'page';
  readonly id: string;
  readonly parent: GroupNode;
  readonly from: number;
  readonly entries: readonly LibraryEntry[];
}

interface EntryNode {
  readonly kind: 'entry';
  readonly id: string;
  readonly parent: GroupNode | PageNode;
  readonly entry: LibraryEntry;
}

const TYPE_ICONS: Record<string, string> = {
  JOUR: 'file-text', JFULL: 'file-text', EJOUR: 'file-text', ABST: 'file-text', MGZN: 'file-text', INPR: 'file-text',
  BOOK: 'book', EBOOK: 'book', EDBOOK: 'book', CHAP: 'bookmark', ECHAP: 'bookmark',
  CONF: 'megaphone', CPAPER: 'megaphone',
  THES: 'mortar-board', RPRT: 'output', GOVDOC: 'output', STAND: 'output',
  ELEC: 'globe', WEB: 'globe', BLOG: 'globe',
  DATA: 'database', DBASE: 'database', AGGR: 'database',
  PAT: 'law', LEGAL: 'law', CASE: 'law', STAT: 'law', BILL: 'law', HEAR: 'law',
  NEWS: 'rss', VIDEO: 'device-camera-video', SOUND: 'unmute', MAP: 'map', COMP: 'code', UNPB: 'edit', MANSCPT: 'edit',
};

/**
 * The References view: every reference of the workspace library, grouped by file (or year, type,
 * first author), each item "Liu et al. 2021 — Advances…" with its key as description, an icon per
 * type and the metadata card as tooltip. Large groups are paged. Implements getParent so that
 * `reveal` works.
 */
export class ReferencesTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly computed = new vscode.EventEmitter<void>();
  /** Fires when the first level was (re)computed: the counts are current. */
  readonly onDidComputeRoots = this.computed.event;
  private roots: GroupNode[] | undefined;
  private library: Library | undefined;
  private filterText = '';
  private readonly entryNodes = new Map<string, EntryNode>();
  private readonly disposables: vscode.Disposable[] = [this.emitter, this.computed];

  constructor(
    private readonly service: LibraryService,
    private readonly settings: Settings,
    private readonly log: Log,
    private readonly styles?: CitationStyles,
  ) {
    this.disposables.push(
      service.onDidChange(() => this.refresh()),
      settings.onDidChange((e) => {
        if (e.affects('references')) this.refresh();
      }),
    );
  }

  get filter(): string {
    return this.filterText;
  }

  /** Shows only references that match `text` (the same search as the picker); '' clears. */
  setFilter(text: string): void {
    this.filterText = text.trim();
    this.refresh();
  }

  refresh(): void {
    this.roots = undefined;
    this.emitter.fire(undefined);
  }

  /** Total and shown counts, for the badge and the view message. */
  counts(): { total: number; shown: number } {
    const total = this.library?.entries.length ?? 0;
    const shown = this.roots?.reduce((n, g) => n + g.entries.length, 0) ?? total;
    return { total, shown };
  }

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    if (!node) return this.rootNodes();
    if (node.kind === 'entry') return [];
    if (node.kind === 'group' && node.entries.length > PAGE) {
      const pages: PageNode[] = [];
      for (let from = 0; from < node.entries.length; from += PAGE) {
        pages.push({ kind: 'page', id: `${node.id}#${from}`, parent: node, from, entries: node.entries.slice(from, from + PAGE) });
      }
      return pages;
    }
    return node.entries.map((entry) => this.entryNode(entry, node));
  }

  getParent(node: TreeNode): TreeNode | undefined {
    if (node.kind === 'group') return undefined;
    return node.parent;
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    if (node.kind === 'group') {
      const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Expanded);
      item.id = node.id;
      item.description = node.description ?? `${node.entries.length}`;
      item.contextValue = node.uri ? 'ris.file' : 'ris.group';
      item.resourceUri = node.uri;
      item.iconPath = node.uri ? vscode.ThemeIcon.File : new vscode.ThemeIcon('folder-library');
      if (node.uri) item.tooltip = `${vscode.workspace.asRelativePath(node.uri)} — ${node.entries.length} references`;
      return item;
    }
    if (node.kind === 'page') {
      const to = node.from + node.entries.length;
      const item = new vscode.TreeItem(`${node.from + 1}–${to}`, vscode.TreeItemCollapsibleState.Collapsed);
      item.id = node.id;
      item.description = `of ${node.parent.entries.length}`;
      item.iconPath = new vscode.ThemeIcon('list-flat');
      return item;
    }
    const { entry } = node;
    const item = new vscode.TreeItem(entry.label, vscode.TreeItemCollapsibleState.None);
    item.id = node.id;
    item.description = entry.key;
    item.iconPath = new vscode.ThemeIcon(TYPE_ICONS[entry.type ?? ''] ?? 'file');
    item.contextValue = ['ris.reference', entry.doi ? 'hasDoi' : '', entry.pinned ? 'pinned' : 'unpinned'].filter(Boolean).join('.');
    item.command = { command: 'ris.openRecord', title: 'Open Record', arguments: [node] };
    item.accessibilityInformation = { label: `${entry.label}, key ${entry.key}` };
    return item;
  }

  async resolveTreeItem(item: vscode.TreeItem, node: TreeNode): Promise<vscode.TreeItem> {
    if (node.kind === 'entry') {
      const { entry } = node;
      const hidden = entry.hiddenBy ? `\n\n⚠ A later record of the library has the same key; pandoc cites that one and leaves this one out.` : '';
      item.tooltip = new vscode.MarkdownString(
        referenceCardMarkdown(entry.record, {
          key: entry.key,
          fileLabel: vscode.workspace.asRelativePath(vscode.Uri.parse(entry.uri)),
          line: entry.record.startLine + 1,
          ...((await this.formatted(entry)) ?? {}),
        }) + hidden,
      );
    }
    return item;
  }

  /** The entry in the configured citation style (hidden entries are not citable, so not formatted). */
  private async formatted(entry: LibraryEntry): Promise<{ formatted: { style: string; markdown: string } } | undefined> {
    if (!this.styles || !this.library || entry.hiddenBy) return undefined;
    try {
      const choice = await this.styles.choiceFor(undefined);
      const markdown = await this.styles.reference(this.library, choice, entry.key, 'markdown');
      return markdown === undefined ? undefined : { formatted: { style: choice.style.title, markdown } };
    } catch (error) {
      this.log.warn(`Could not format ${entry.key}: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  }

  /** The tree node of the record at `recordIndex` of `uri`, for `reveal`; undefined when filtered out. */
  async nodeFor(uri: string, recordIndex: number): Promise<EntryNode | undefined> {
    const roots = await this.rootNodes();
    for (const group of roots) {
      const position = group.entries.findIndex((e) => e.uri === uri && e.recordIndex === recordIndex);
      if (position < 0) continue;
      const entry = group.entries[position];
      if (group.entries.length <= PAGE) return this.entryNode(entry, group);
      const from = Math.floor(position / PAGE) * PAGE;
      const page: PageNode = { kind: 'page', id: `${group.id}#${from}`, parent: group, from, entries: group.entries.slice(from, from + PAGE) };
      return this.entryNode(entry, page);
    }
    return undefined;
  }

  private entryNode(entry: LibraryEntry, parent: GroupNode | PageNode): EntryNode {
    const id = `${parent.id}/${entry.uri}#${entry.recordIndex}`;
    let node = this.entryNodes.get(id);
    if (!node || node.entry !== entry) {
      node = { kind: 'entry', id, parent, entry };
      this.entryNodes.set(id, node);
    }
    return node;
  }

  private async rootNodes(): Promise<GroupNode[]> {
    if (this.roots) return this.roots;
    const started = Date.now();
    const library = await this.service.workspaceLibrary();
    this.library = library;
    this.entryNodes.clear();
    const groupBy = this.settings.get('references.groupBy');
    const sortBy = this.settings.get('references.sort');
    const entries = this.filterText ? library.search(this.filterText, Number.MAX_SAFE_INTEGER) : [...library.entries];
    if (this.filterText && sortBy === 'file') entries.sort(compareFileOrder);
    else if (sortBy !== 'file') entries.sort(comparators[sortBy]);
    this.roots = group(entries, groupBy, library);
    this.computed.fire();
    this.log.trace(`References view: ${entries.length} of ${library.entries.length} references in ${this.roots.length} groups (${Date.now() - started} ms)`);
    return this.roots;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

function compareFileOrder(a: LibraryEntry, b: LibraryEntry): number {
  return a.uri === b.uri ? a.recordIndex - b.recordIndex : a.uri < b.uri ? -1 : 1;
}

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

const comparators: Record<Exclude<SortBy, 'file'>, (a: LibraryEntry, b: LibraryEntry) => number> = {
  author: (a, b) => collator.compare(a.firstAuthor ?? '\uffff', b.firstAuthor ?? '\uffff') || collator.compare(a.year ?? '', b.year ?? '') || compareFileOrder(a, b),
  year: (a, b) => collator.compare(b.year ?? '', a.year ?? '') || collator.compare(a.firstAuthor ?? '', b.firstAuthor ?? '') || compareFileOrder(a, b),
  title: (a, b) => collator.compare(a.title ?? '\uffff', b.title ?? '\uffff') || compareFileOrder(a, b),
};

function group(entries: readonly LibraryEntry[], groupBy: GroupBy, library: Library): GroupNode[] {
  const buckets = new Map<string, LibraryEntry[]>();
  const keyOf = (e: LibraryEntry): string => {
    switch (groupBy) {
      case 'file':
        return e.uri;
      case 'year':
        return e.year ?? 'No year';
      case 'type':
        return e.type ?? 'No type';
      case 'author':
        return e.firstAuthor ? e.firstAuthor.charAt(0).toLocaleUpperCase() : '#';
    }
  };
  if (groupBy === 'file') for (const f of library.files) buckets.set(f.uri, []);
  for (const e of entries) {
    const key = keyOf(e);
    const list = buckets.get(key);
    if (list) list.push(e);
    else buckets.set(key, [e]);
  }
  const groups: GroupNode[] = [];
  for (const [key, list] of buckets) {
    if (groupBy === 'file') {
      const uri = vscode.Uri.parse(key);
      const label = vscode.workspace.asRelativePath(uri);
      if (list.length > 0) groups.push({ kind: 'group', id: `file:${key}`, label, uri, entries: list });
    } else {
      const typeName = groupBy === 'type' ? getTypeInfo(key)?.name : undefined;
      groups.push({ kind: 'group', id: `${groupBy}:${key}`, label: typeName ? `${key} — ${typeName}` : key, entries: list });
    }
  }
  if (groupBy === 'year') groups.sort((a, b) => collator.compare(b.label, a.label));
  else if (groupBy !== 'file') groups.sort((a, b) => collator.compare(a.label, b.label));
  return groups;
}
