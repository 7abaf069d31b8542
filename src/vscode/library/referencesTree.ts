import * as vscode from 'vscode';
import type { CitationStyles } from '../bibliography/citationStyles';
import type { Library, LibraryEntry } from '../../core/library/referenceLibrary';
import { referenceCardMarkdown } from '../../core/library/referenceCard';
import { groupEntries, subdivide, type EntryGroup, type GroupLevel } from '../../core/library/referenceGroups';
import type { SortBy } from '../../core/settings/settingsSchema';
import type { LibraryService } from './libraryService';
import type { Log } from '../log';
import type { Settings } from '../settings';

export const VIEW_ID = 'ris.references';

/** Groups larger than this are split (by year, initial, or else into ranges) so that no level lists 100k items. */
const PAGE = 500;

export type TreeNode = GroupNode | EntryNode;

interface GroupNode {
  readonly kind: 'group';
  readonly id: string;
  readonly level: GroupLevel;
  readonly label: string;
  readonly uri?: vscode.Uri;
  readonly entries: readonly LibraryEntry[];
  readonly parent: GroupNode | undefined;
}

interface EntryNode {
  readonly kind: 'entry';
  readonly id: string;
  readonly parent: GroupNode;
  readonly entry: LibraryEntry;
}

const LEVEL_ICONS: Record<GroupLevel, string> = { file: 'file', year: 'calendar', type: 'symbol-class', author: 'person', range: 'list-flat' };

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
 * type and the metadata card as tooltip. A large group is split by year or initial (core
 * `referenceGroups`), so that a 100k-record file opens on its years. Implements getParent so that
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
  private readonly subgroups = new Map<string, GroupNode[] | undefined>();
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
    return this.childGroups(node) ?? node.entries.map((entry) => this.entryNode(entry, node));
  }

  /** The subgroups of a group too large to list (computed once per tree). */
  private childGroups(node: GroupNode): GroupNode[] | undefined {
    if (this.subgroups.has(node.id)) return this.subgroups.get(node.id);
    const groups = subdivide({ level: node.level, key: node.id, label: node.label, entries: node.entries }, PAGE)?.map((g) => this.groupNode(g, node));
    this.subgroups.set(node.id, groups);
    return groups;
  }

  private groupNode(group: EntryGroup, parent: GroupNode | undefined): GroupNode {
    const id = `${parent ? `${parent.id}/` : ''}${group.level}:${group.key}`;
    if (group.level !== 'file') return { kind: 'group', id, level: group.level, label: group.label, entries: group.entries, parent };
    const uri = vscode.Uri.parse(group.key);
    return { kind: 'group', id, level: group.level, label: vscode.workspace.asRelativePath(uri), uri, entries: group.entries, parent };
  }

  getParent(node: TreeNode): TreeNode | undefined {
    if (node.kind === 'group') return undefined;
    return node.parent;
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    if (node.kind === 'group') {
      // First-level groups open expanded; the years or initials of a large file stay closed.
      const item = new vscode.TreeItem(node.label, node.parent ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.Expanded);
      item.id = node.id;
      item.description = `${node.entries.length}`;
      item.contextValue = node.uri ? 'ris.file' : 'ris.group';
      item.resourceUri = node.uri;
      item.iconPath = node.uri ? vscode.ThemeIcon.File : new vscode.ThemeIcon(node.parent ? LEVEL_ICONS[node.level] : 'folder-library');
      if (node.uri) item.tooltip = `${vscode.workspace.asRelativePath(node.uri)} — ${node.entries.length} references`;
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
    const holds = (group: GroupNode): LibraryEntry | undefined => group.entries.find((e) => e.uri === uri && e.recordIndex === recordIndex);
    let level: readonly GroupNode[] | undefined = await this.rootNodes();
    while (level) {
      const group: GroupNode | undefined = level.find((g) => holds(g) !== undefined);
      if (!group) return undefined;
      const children = this.childGroups(group);
      if (!children) return this.entryNode(holds(group)!, group);
      level = children;
    }
    return undefined;
  }

  private entryNode(entry: LibraryEntry, parent: GroupNode): EntryNode {
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
    this.subgroups.clear();
    const groupBy = this.settings.get('references.groupBy');
    const sortBy = this.settings.get('references.sort');
    const entries = this.filterText ? library.search(this.filterText, Number.MAX_SAFE_INTEGER) : [...library.entries];
    if (this.filterText && sortBy === 'file') entries.sort(compareFileOrder);
    else if (sortBy !== 'file') entries.sort(comparators[sortBy]);
    this.roots = groupEntries(entries, groupBy, library.files.map((f) => f.uri)).map((g) => this.groupNode(g, undefined));
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
