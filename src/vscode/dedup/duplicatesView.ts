/**
 * The Duplicates view (beside References): the groups the engine found across the workspace's RIS
 * files, sure duplicates first and then the possible pairs a person should decide, each with its
 * reasons; under a group, its records (click to open). Actions: Compare (a diff of two records),
 * Mark as Duplicate / Not a Duplicate (kept in `ris-duplicates.json`), Refresh, and
 * "Deduplicate Library…".
 */
import * as vscode from 'vscode';
import { DedupCancelledError } from '../../core/dedup/engine';
import { compareRecords } from './recordCompare';
import type { DuplicateGroupInfo, DuplicateMember, DuplicatesService, DuplicatesState } from './duplicatesService';
import type { Log } from '../log';

/** The view's id (package.json `contributes.views`). */
export const DUPLICATES_VIEW_ID = 'ris.duplicates';

/** A node of the tree: a group, or one record of a group. */
export type DuplicatesNode =
  | { readonly kind: 'group'; readonly group: DuplicateGroupInfo; readonly index: number }
  | { readonly kind: 'member'; readonly group: DuplicateGroupInfo; readonly member: DuplicateMember };

function fileAndLine(m: DuplicateMember): string {
  return `${m.uri.path.slice(m.uri.path.lastIndexOf('/') + 1)}:${m.line + 1}`;
}

/** The tree of groups and records. */
export class DuplicatesTreeProvider implements vscode.TreeDataProvider<DuplicatesNode> {
  private readonly changed = new vscode.EventEmitter<DuplicatesNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  /** The last state shown (for the view's message and badge, and for tests). */
  last: DuplicatesState | undefined;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly service: DuplicatesService,
    private readonly log: Log,
    private readonly onState: (state: DuplicatesState | undefined, problem?: string) => void,
  ) {
    this.subscription = service.onDidChange(() => this.changed.fire(undefined));
  }

  async getChildren(node?: DuplicatesNode): Promise<DuplicatesNode[]> {
    if (node) return node.kind === 'group' ? node.group.members.map((member) => ({ kind: 'member', group: node.group, member })) : [];
    try {
      const state = await this.service.state();
      this.last = state;
      this.onState(state);
      return state.groups.map((group, index) => ({ kind: 'group', group, index }));
    } catch (error) {
      this.last = undefined;
      const cancelled = error instanceof DedupCancelledError;
      if (!cancelled) this.log.error('Finding duplicates failed', error);
      this.onState(undefined, cancelled ? 'Cancelled. Refresh to look for duplicates again.' : 'Finding duplicates failed; see the RIS References log.');
      return [];
    }
  }

  getTreeItem(node: DuplicatesNode): vscode.TreeItem {
    if (node.kind === 'member') {
      const m = node.member;
      const item = new vscode.TreeItem(m.label, vscode.TreeItemCollapsibleState.None);
      item.description = fileAndLine(m);
      item.tooltip = `${m.label}\n${m.uri.toString(true)}, line ${m.line + 1}\n${m.ref}`;
      item.contextValue = 'ris.duplicateMember';
      item.resourceUri = m.uri;
      item.command = { title: 'Open Record', command: 'vscode.open', arguments: [m.uri, { selection: new vscode.Range(m.line, 0, m.line, 0), preview: true }] };
      return item;
    }
    const g = node.group;
    const possible = g.decision === 'possible';
    const item = new vscode.TreeItem(g.reasons.join(', ') || (possible ? 'possible duplicate' : 'duplicate'), vscode.TreeItemCollapsibleState.Expanded);
    item.description = possible ? 'possible: decide' : `${g.members.length} records`;
    item.iconPath = new vscode.ThemeIcon(possible ? 'question' : 'files');
    item.contextValue = possible ? 'ris.duplicateGroup.possible' : 'ris.duplicateGroup.duplicate';
    item.tooltip = `${possible ? 'Possible duplicates' : 'Duplicates'}: ${g.reasons.join('; ')}\n${g.members.map((m) => `• ${m.label} (${fileAndLine(m)})`).join('\n')}`;
    item.id = `${g.decision}:${g.members.map((m) => m.ref).join('|')}`;
    return item;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

/** The group a command was invoked on (a group node, or the group of a record node). */
function groupOf(node: DuplicatesNode | undefined, view: vscode.TreeView<DuplicatesNode>): DuplicateGroupInfo | undefined {
  const chosen = node ?? view.selection[0];
  return chosen?.group;
}

/** Compares two records of a group: the only two, or the first and one the person picks. */
async function compareGroup(group: DuplicateGroupInfo, node?: DuplicatesNode): Promise<void> {
  const [first, ...others] = group.members;
  if (!first || others.length === 0) return;
  if (node?.kind === 'member' && node.member !== first) return compareRecords(first, node.member);
  let other = others[0]!;
  if (others.length > 1) {
    const picked = await vscode.window.showQuickPick(
      others.map((m) => ({ label: m.label, description: fileAndLine(m), member: m })),
      { title: `Compare ${fileAndLine(first)} with…` },
    );
    if (!picked) return;
    other = picked.member;
  }
  return compareRecords(first, other);
}

/** Every pair of a group's records, with one decision. */
function pairs(members: readonly DuplicateMember[], duplicate: boolean): { a: string; b: string; duplicate: boolean }[] {
  const out: { a: string; b: string; duplicate: boolean }[] = [];
  for (let i = 0; i < members.length; i++) for (let j = i + 1; j < members.length; j++) out.push({ a: members[i]!.ref, b: members[j]!.ref, duplicate });
  return out;
}

/** The view's badge (possible pairs left to decide) and its message (what was compared, what was found). */
function showState(view: vscode.TreeView<DuplicatesNode>, state: DuplicatesState | undefined, problem?: string): void {
  const possible = state?.groups.filter((g) => g.decision === 'possible').length ?? 0;
  view.badge = possible > 0 ? { value: possible, tooltip: `${possible} possible duplicate pair(s) to decide` } : undefined;
  if (!state) {
    view.message = problem;
    return;
  }
  const skipped = state.skippedOutputs.length > 0 ? ` (${state.skippedOutputs.length} deduplicated file(s) left out)` : '';
  const problemNote = state.decisionsProblem ? ` ${state.decisionsProblem}` : '';
  const among = `among ${state.records.toLocaleString('en')} records in ${state.files} file(s)${skipped}.${problemNote}`;
  view.message =
    state.groups.length === 0
      ? `No duplicates ${among}`
      : `${state.removable.toLocaleString('en')} duplicate record(s) to remove and ${possible} possible pair(s) to decide, ${among}`;
}

/** Registers the view and its commands. */
export function registerDuplicatesView(service: DuplicatesService, log: Log): { disposable: vscode.Disposable; provider: DuplicatesTreeProvider; view: vscode.TreeView<DuplicatesNode> } {
  const holder: { view?: vscode.TreeView<DuplicatesNode> } = {};
  const provider = new DuplicatesTreeProvider(service, log, (state, problem) => {
    if (holder.view) showState(holder.view, state, problem);
  });
  const createdView = vscode.window.createTreeView(DUPLICATES_VIEW_ID, { treeDataProvider: provider, showCollapseAll: true });
  holder.view = createdView;
  const disposable = vscode.Disposable.from(
    createdView,
    provider,
    vscode.commands.registerCommand('ris.duplicates.refresh', () => service.invalidate()),
    vscode.commands.registerCommand('ris.duplicates.compare', async (node?: DuplicatesNode) => {
      const group = groupOf(node, createdView);
      if (group) await compareGroup(group, node);
    }),
    vscode.commands.registerCommand('ris.duplicates.markDuplicate', async (node?: DuplicatesNode) => {
      const group = groupOf(node, createdView);
      return group ? service.decide(pairs(group.members, true)) : false;
    }),
    vscode.commands.registerCommand('ris.duplicates.notDuplicate', async (node?: DuplicatesNode) => {
      const group = groupOf(node, createdView);
      if (!group) return false;
      // On a record: that record is not a duplicate of the others. On a group: none of its records are.
      if (node?.kind === 'member') return service.decide(group.members.filter((m) => m !== node.member).map((m) => ({ a: node.member.ref, b: m.ref, duplicate: false })));
      return service.decide(pairs(group.members, false));
    }),
  );
  return { disposable, provider, view: createdView };
}
