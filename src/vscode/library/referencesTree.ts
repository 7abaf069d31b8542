/**
 * The References view's tree: the workspace library grouped by file, year, type, first author or
 * screening decision (Included / Excluded, with a level per exclusion reason / Maybe or conflict /
 * Not screened), filtered by the picker's search and by `decision:`/`reason:` words.
 */
import * as vscode from 'vscode';
import { turnPause } from '../turns';
import type { CitationStyles } from '../bibliography/citationStyles';
import type { Library, LibraryEntry } from '../../core/library/referenceLibrary';
import { referenceCardMarkdown } from '../../core/library/referenceCard';
import { fileGroups, GROUPING_STEP, groupEntriesSteps, subdivideSteps, type EntryGroup, type GroupLevel } from '../../core/library/referenceGroups';
import { compareFileOrder, sortEntriesSteps } from '../../core/library/referenceSort';
import { sortSteps } from '../../core/library/sortInSteps';
import { finishStepsInTurns } from '../../core/ris/readInTurns';
import {
  decisionDetails,
  decisionGroupOf,
  decisionSummary,
  groupByDecision,
  groupByDecisionSteps,
  hasDecisionFilter,
  matchesDecisionFilter,
  parseDecisionFilter,
  type DecisionGroupKey,
  type DecisionSource,
} from '../../core/review/decisionGroups';
import type { LibraryService } from './libraryService';
import type { Log } from '../log';
import type { Settings } from '../settings';

export const VIEW_ID = 'ris.references';

/** Groups larger than this are split (by year, initial, or else into ranges) so that no level lists 100k items. */
const PAGE = 500;

export type TreeNode = GroupNode | EntryNode | MessageNode;

/** The screening decisions the view shows, and when they change. */
export interface ViewDecisions extends DecisionSource {
  readonly onDidChange: vscode.Event<void>;
}

/** What a group gathers: the core's levels, a screening decision, or an exclusion reason. */
type NodeLevel = GroupLevel | 'decision' | 'reason';

interface GroupNode {
  readonly kind: 'group';
  readonly id: string;
  readonly level: NodeLevel;
  readonly label: string;
  readonly uri?: vscode.Uri;
  readonly entries: readonly LibraryEntry[];
  readonly parent: GroupNode | undefined;
  /** A decision group: which one (its icon). */
  readonly decision?: DecisionGroupKey;
  /** Children known when the group is made (the reason groups of Excluded). */
  readonly children?: readonly GroupNode[];
}

/** A line of explanation (e.g. why the view cannot group by decision). */
interface MessageNode {
  readonly kind: 'message';
  readonly id: string;
  readonly label: string;
  readonly tooltip: string;
}

interface EntryNode {
  readonly kind: 'entry';
  readonly id: string;
  readonly parent: GroupNode;
  readonly entry: LibraryEntry;
}

const LEVEL_ICONS: Record<NodeLevel, string> = { file: 'file', year: 'calendar', type: 'symbol-class', author: 'person', range: 'list-flat', decision: 'checklist', reason: 'tag' };

/** The icon of each decision group (and of the records in it), in the colours of test results. */
const DECISION_ICONS: Record<DecisionGroupKey, vscode.ThemeIcon> = {
  included: new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed')),
  excluded: new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed')),
  undecided: new vscode.ThemeIcon('question', new vscode.ThemeColor('testing.iconQueued')),
  unscreened: new vscode.ThemeIcon('circle-outline'),
};

const NO_REVIEW_MESSAGE: MessageNode = {
  kind: 'message',
  id: 'message:no-review',
  label: 'No screening decisions in this workspace',
  tooltip: 'Decisions come from the screening files named in review.yaml (`ris-references prisma --init` writes a starter one), or from the RIS files of a screening/ folder. Until there are some, the view lists the references by file.',
};

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

/** The entries `keep` accepts, in order, in steps of {@link GROUPING_STEP}. */
function* decidedSteps(entries: readonly LibraryEntry[], keep: (entry: LibraryEntry) => boolean): Generator<void, LibraryEntry[]> {
  const kept: LibraryEntry[] = [];
  for (let i = 0; i < entries.length; i++) {
    if (i > 0 && i % GROUPING_STEP === 0) yield;
    if (keep(entries[i]!)) kept.push(entries[i]!);
  }
  return kept;
}

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
  private roots: (GroupNode | MessageNode)[] | undefined;
  private library: Library | undefined;
  /** Counts the refreshes, so that first levels made from a library older than the last one are dropped. */
  private rootsGeneration = 0;
  private filterText = '';
  private filterNotes: readonly string[] = [];
  private readonly entryNodes = new Map<string, EntryNode>();
  /** The subgroups of each group too large to list, per group id (computed once per first level). */
  private readonly subgroups = new Map<string, Promise<readonly GroupNode[] | undefined>>();
  private readonly disposables: vscode.Disposable[] = [this.emitter, this.computed];

  constructor(
    private readonly service: LibraryService,
    private readonly settings: Settings,
    private readonly log: Log,
    private readonly styles?: CitationStyles,
    private readonly decisions?: ViewDecisions,
  ) {
    this.disposables.push(
      service.onDidChange(() => this.refresh()),
      ...(decisions ? [decisions.onDidChange(() => this.refresh())] : []),
      settings.onDidChange((e) => {
        if (e.affects('references')) this.refresh();
      }),
    );
  }

  get filter(): string {
    return this.filterText;
  }

  /** What the last filter could not understand (`decision:foo`), for the view's message. */
  get filterProblems(): readonly string[] {
    return this.filterNotes;
  }

  /** True when the workspace has screening decisions to group and filter by. */
  get hasDecisions(): boolean {
    return this.decisions?.available ?? false;
  }

  /** The screening decision of an entry (undefined without decisions). */
  decisionOf(entry: LibraryEntry): ReturnType<DecisionSource['decisionOf']> {
    return this.decisions?.decisionOf(entry);
  }

  /** The decision groups of the whole library with their reasons (for the filter's quick pick). */
  async decisionGroups(): Promise<ReturnType<typeof groupByDecision<LibraryEntry>>> {
    await this.decisions?.ready();
    const library = await this.service.workspaceLibrary();
    const decisions = this.decisions;
    if (decisions?.available !== true) return [];
    return finishStepsInTurns(groupByDecisionSteps(library.entries, (e) => decisions.decisionOf(e), GROUPING_STEP), turnPause('interactive'));
  }

  /** Shows only references that match `text` (the same search as the picker, and `decision:`/`reason:` words); '' clears. */
  setFilter(text: string): void {
    this.filterText = text.trim();
    this.refresh();
  }

  refresh(): void {
    this.rootsGeneration++;
    this.roots = undefined;
    this.emitter.fire(undefined);
  }

  /** Total and shown counts, for the badge and the view message. */
  counts(): { total: number; shown: number } {
    const total = this.library?.entries.length ?? 0;
    const shown = this.roots?.reduce((n, g) => n + (g.kind === 'group' ? g.entries.length : 0), 0) ?? total;
    return { total, shown };
  }

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    if (!node) return this.rootNodes();
    if (node.kind !== 'group') return [];
    const groups = await this.childGroups(node);
    return groups ? [...groups] : node.entries.map((entry) => this.entryNode(entry, node));
  }

  /** The subgroups of a group too large to list, split in turns (computed once per first level). */
  private childGroups(node: GroupNode): Promise<readonly GroupNode[] | undefined> {
    if (node.children) return Promise.resolve(node.children);
    let groups = this.subgroups.get(node.id);
    if (groups === undefined) {
      // A decision or reason group too large to list splits as a type does: by year, then initial.
      const level = node.level === 'decision' || node.level === 'reason' ? 'type' : node.level;
      const steps = subdivideSteps({ level, key: node.id, label: node.label, entries: node.entries }, PAGE, GROUPING_STEP);
      groups = finishStepsInTurns(steps, turnPause('interactive')).then((made) => made?.map((g) => this.groupNode(g, node)));
      this.subgroups.set(node.id, groups);
    }
    return groups;
  }

  private groupNode(group: EntryGroup, parent: GroupNode | undefined): GroupNode {
    const id = `${parent ? `${parent.id}/` : ''}${group.level}:${group.key}`;
    if (group.level !== 'file') return { kind: 'group', id, level: group.level, label: group.label, entries: group.entries, parent };
    const uri = vscode.Uri.parse(group.key);
    return { kind: 'group', id, level: group.level, label: vscode.workspace.asRelativePath(uri), uri, entries: group.entries, parent };
  }

  getParent(node: TreeNode): TreeNode | undefined {
    if (node.kind === 'group') return node.parent;
    if (node.kind === 'message') return undefined;
    return node.parent;
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    if (node.kind === 'message') {
      const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
      item.id = node.id;
      item.iconPath = new vscode.ThemeIcon('info');
      item.tooltip = node.tooltip;
      item.contextValue = 'ris.message';
      return item;
    }
    if (node.kind === 'group' && (node.level === 'decision' || node.level === 'reason')) {
      // The label carries the count ("Excluded (4)"); reasons open expanded as well, they are few.
      const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Expanded);
      item.id = node.id;
      item.contextValue = 'ris.group';
      item.iconPath = node.decision ? DECISION_ICONS[node.decision] : new vscode.ThemeIcon(LEVEL_ICONS[node.level]);
      return item;
    }
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
    if (this.decisions?.available) {
      // With a review, the icon is the record's screening decision (the card in the tooltip says more).
      const decision = this.decisions.decisionOf(entry);
      item.iconPath = DECISION_ICONS[decisionGroupOf(decision?.verdict)];
      item.accessibilityInformation = { label: `${entry.label}, key ${entry.key}, ${decisionSummary(decision)}` };
    }
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
          ...(this.decisions?.available ? { screening: decisionDetails(this.decisions.decisionOf(entry)) } : {}),
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
    let level: readonly GroupNode[] | undefined = (await this.rootNodes()).filter((n): n is GroupNode => n.kind === 'group');
    while (level) {
      const group: GroupNode | undefined = level.find((g) => holds(g) !== undefined);
      if (!group) return undefined;
      const children = await this.childGroups(group);
      if (!children) return this.entryNode(holds(group)!, group);
      level = children;
    }
    return undefined;
  }

  /** The first level grouped by decision (in turns), with the reason groups under Excluded. */
  private async decisionNodes(entries: readonly LibraryEntry[], decisions: DecisionSource, pause: () => Promise<void>): Promise<GroupNode[]> {
    const groups = await finishStepsInTurns(groupByDecisionSteps(entries, (e) => decisions.decisionOf(e), GROUPING_STEP), pause);
    return groups.map((g) => {
      const id = `decision:${g.key}`;
      const children: GroupNode[] = [];
      const node: GroupNode = { kind: 'group', id, level: 'decision', label: g.label, entries: g.items, parent: undefined, decision: g.key, ...(g.key === 'excluded' ? { children } : {}) };
      for (const r of g.reasons) children.push({ kind: 'group', id: `${id}/reason:${r.reason.toLowerCase()}`, level: 'reason', label: r.label, entries: r.items, parent: node });
      return node;
    });
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

  private async rootNodes(): Promise<(GroupNode | MessageNode)[]> {
    for (;;) {
      if (this.roots) return this.roots;
      const started = Date.now();
      const generation = this.rootsGeneration;
      const library = await this.service.workspaceLibrary();
      await this.decisions?.ready();
      // A filter searches the library: its index is built in turns the first time.
      if (parseDecisionFilter(this.filterText).text) await library.prepareSearch(turnPause('interactive'));
      // Refreshed meanwhile (a file changed or was deleted): this library may be out of date, and
      // keeping roots made from it would list a deleted file again until the next change.
      if (generation !== this.rootsGeneration) continue;
      const roots = await this.makeRoots(library, started, generation);
      if (roots !== undefined) return roots;
    }
  }

  /**
   * The first level of the view for `library` (kept until the next refresh), sorted and grouped in
   * turns; undefined when the view was refreshed meanwhile (`generation` is no longer current).
   */
  private async makeRoots(library: Library, started: number, generation: number): Promise<(GroupNode | MessageNode)[] | undefined> {
    const pause = turnPause('interactive');
    const groupBy = this.settings.get('references.groupBy');
    const sortBy = this.settings.get('references.sort');
    const filter = parseDecisionFilter(this.filterText);
    const decisions = this.decisions;
    // The whole library by file, in file order: each file's own list (no pass over every entry).
    const wholeByFile = !filter.text && !hasDecisionFilter(filter) && sortBy === 'file' && (groupBy === 'file' || (groupBy === 'decision' && decisions?.available !== true));
    const files = library.files.map((f) => f.uri);
    let shown = library.entries.length;
    let roots: (GroupNode | MessageNode)[];
    if (wholeByFile) {
      const groups = fileGroups(files, (uri) => library.entriesOf(uri)).map((g) => this.groupNode(g, undefined));
      roots = groupBy === 'decision' ? [NO_REVIEW_MESSAGE, ...groups] : groups;
    } else {
      let entries = filter.text ? library.matching(filter.text) : [...library.entries];
      if (hasDecisionFilter(filter)) entries = decisions?.available ? await finishStepsInTurns(decidedSteps(entries, (e) => matchesDecisionFilter(filter, decisions.decisionOf(e))), pause) : [];
      if (filter.text && sortBy === 'file') await finishStepsInTurns(sortSteps(entries, compareFileOrder, GROUPING_STEP), pause);
      else if (sortBy !== 'file') await finishStepsInTurns(sortEntriesSteps(entries, sortBy, GROUPING_STEP), pause);
      shown = entries.length;
      if (groupBy === 'decision' && decisions?.available) roots = await this.decisionNodes(entries, decisions, pause);
      else {
        const made = await finishStepsInTurns(groupEntriesSteps(entries, groupBy === 'decision' ? 'file' : groupBy, files, GROUPING_STEP), pause);
        const groups = made.map((g) => this.groupNode(g, undefined));
        roots = groupBy === 'decision' ? [NO_REVIEW_MESSAGE, ...groups] : groups;
      }
    }
    if (generation !== this.rootsGeneration) return undefined;
    this.library = library;
    this.entryNodes.clear();
    this.subgroups.clear();
    this.filterNotes = filter.problems;
    this.roots = roots;
    this.computed.fire();
    this.log.trace(`References view: ${shown} of ${library.entries.length} references in ${roots.length} groups (${Date.now() - started} ms)`);
    return roots;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
