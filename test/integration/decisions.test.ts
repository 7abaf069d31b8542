/**
 * Screening decisions in the References view and in hovers, on the example review (the Rayyan
 * export's decisions matched to the library's search exports by DOI and title): the view grouped
 * by decision with the example's counts (20 included, 4 excluded: 3 wrong publication type and 1
 * wrong population, 2 maybe, 1 not screened), the filter by decision, a vote written from the view
 * into the screening record moving the record to its new group, and the hover over a citation of an
 * excluded record saying so.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, openWorkspaceFile, waitFor, workspaceRoot } from './helpers';

/** What the tests read of the view's nodes (see src/vscode/library/referencesTree.ts). */
interface Node {
  readonly kind: 'group' | 'entry' | 'message';
  readonly id: string;
  readonly label?: string;
  readonly entry?: { readonly key: string; readonly uri: string };
}

type Provider = vscode.TreeDataProvider<Node>;

async function providerOf(): Promise<Provider> {
  const api = await activateExtension();
  return api.referencesView.provider as Provider;
}

/** The first level's labels and, for each group, its entries' keys (subgroups walked). */
async function snapshot(provider: Provider): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  const keysUnder = async (node: Node): Promise<string[]> => {
    const children = (await provider.getChildren(node)) ?? [];
    const keys: string[] = [];
    for (const child of children) {
      if (child.kind === 'entry') keys.push(child.entry!.key);
      else if (child.kind === 'group') keys.push(...(await keysUnder(child)));
    }
    return keys;
  };
  for (const root of (await provider.getChildren(undefined)) ?? []) {
    if (root.kind === 'group') out.set(String(root.label), await keysUnder(root));
  }
  return out;
}

async function labelsWhen(provider: Provider, wanted: (labels: string[]) => boolean, what: string): Promise<Map<string, string[]>> {
  return waitFor(async () => {
    const shot = await snapshot(provider);
    return wanted([...shot.keys()]) ? shot : undefined;
  }, what, 60_000);
}

async function findEntry(provider: Provider, key: string): Promise<Node> {
  const walk = async (node: Node | undefined): Promise<Node | undefined> => {
    for (const child of (await provider.getChildren(node)) ?? []) {
      if (child.kind === 'entry' && child.entry!.key === key) return child;
      if (child.kind === 'group') {
        const found = await walk(child);
        if (found) return found;
      }
    }
    return undefined;
  };
  const found = await walk(undefined);
  assert.ok(found, `the view shows ${key}`);
  return found;
}

const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('ris');

describe('review: decisions in the References view', () => {
  afterEach(async () => {
    await vscode.commands.executeCommand('ris.references.clearFilter');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
  after(async () => {
    await config().update('references.groupBy', undefined, vscode.ConfigurationTarget.Workspace);
    await config().update('screening.reviewer', undefined, vscode.ConfigurationTarget.Global);
  });

  it('groups the library by decision, with a level per exclusion reason', async function () {
    this.timeout(90_000);
    const provider = await providerOf();
    await config().update('references.groupBy', 'decision', vscode.ConfigurationTarget.Workspace);
    const shot = await labelsWhen(provider, (l) => l.includes('Excluded (4)'), 'the view grouped by decision');
    assert.deepEqual([...shot.keys()], ['Included (20)', 'Excluded (4)', 'Maybe or conflict (2)', 'Not screened (1)']);
    const excluded = (await provider.getChildren(undefined))!.find((n) => n.label === 'Excluded (4)')!;
    const reasons = (await provider.getChildren(excluded))!;
    assert.deepEqual(reasons.map((r) => r.label), ['wrong publication type (3)', 'wrong population (1)']);
    assert.deepEqual((await provider.getChildren(reasons[1]!))!.map((n) => n.entry?.key), ['kermany2018identifying']);
    // An item's icon is its decision, its tooltip the card with the votes.
    const item = await provider.getTreeItem(await findEntry(provider, 'kermany2018identifying'));
    assert.equal((item.iconPath as vscode.ThemeIcon).id, 'error');
    const resolved = await provider.resolveTreeItem!(item, await findEntry(provider, 'kermany2018identifying'), new vscode.CancellationTokenSource().token);
    assert.match(String((resolved?.tooltip as vscode.MarkdownString).value), /Screening:\*\* Excluded: wrong population — Ann excluded, Ben excluded/);
  });

  it('filters by decision: only the excluded records are left, and Clear Filter brings the rest back', async function () {
    this.timeout(90_000);
    const provider = await providerOf();
    await config().update('references.groupBy', 'decision', vscode.ConfigurationTarget.Workspace);
    await labelsWhen(provider, (l) => l.includes('Excluded (4)'), 'the view grouped by decision');
    await vscode.commands.executeCommand('ris.references.filterByDecision', 'excluded');
    const shot = await labelsWhen(provider, (l) => l.length === 1, 'the filtered view');
    assert.deepEqual([...shot.keys()], ['Excluded (4)']);
    assert.deepEqual(
      [...shot.get('Excluded (4)')!].sort(),
      ['Esteva_Kuprel_Novoa_Ko_Swetter_Blau_Thrun_2017a', 'hosny2018artificial', 'kermany2018identifying', 'zhou2021review'],
    );
    await vscode.commands.executeCommand('ris.references.filter', 'reason:population');
    const byReason = await labelsWhen(provider, (l) => l.length === 1 && l[0] === 'Excluded (1)', 'the view filtered by reason');
    assert.deepEqual(byReason.get('Excluded (1)'), ['kermany2018identifying']);
    await vscode.commands.executeCommand('ris.references.clearFilter');
    await labelsWhen(provider, (l) => l.length === 4, 'the whole view again');
  });

  it('moves a record to its new group when a vote is written from the view (into the screening record)', async function () {
    this.timeout(90_000);
    const provider = await providerOf();
    await config().update('screening.reviewer', 'Tester', vscode.ConfigurationTarget.Global);
    await config().update('references.groupBy', 'decision', vscode.ConfigurationTarget.Workspace);
    const before = await labelsWhen(provider, (l) => l.includes('Maybe or conflict (2)'), 'the view grouped by decision');
    assert.ok(before.get('Included (20)')!.includes('liu2021advances'));
    const scopus = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(workspaceRoot(), 'searches/scopus-export.ris'));
    const screeningDoc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(workspaceRoot(), 'screening/rayyan-export.ris'));
    const original = screeningDoc.getText();
    const node = await findEntry(provider, 'liu2021advances');
    // Ann and Ben included it; Tester's maybe makes it a conflict.
    await vscode.commands.executeCommand('ris.screening.maybe', node, [node]);
    const after = await labelsWhen(provider, (l) => l.includes('Maybe or conflict (3)'), 'the record to move');
    assert.ok(after.get('Maybe or conflict (3)')!.includes('liu2021advances'));
    assert.ok(!after.get('Included (19)')!.includes('liu2021advances'));
    // The vote went into the Rayyan export, not into the search export the view lists.
    const screening = vscode.workspace.textDocuments.find((d) => d.uri.path.endsWith('/screening/rayyan-export.ris'));
    assert.ok(screening?.isDirty, 'the screening export was edited');
    assert.match(screening.getText(), /"Tester"=>"Maybe"/);
    const scopusOpen = vscode.workspace.textDocuments.find((d) => d.uri.path.endsWith('/searches/scopus-export.ris'));
    assert.ok(!scopusOpen?.isDirty, 'the search export was not edited');
    assert.ok(Buffer.from(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(workspaceRoot(), 'searches/scopus-export.ris'))).equals(Buffer.from(scopus)));
    // Undone: the note is as it was, and the record goes back.
    await vscode.window.showTextDocument(screening);
    await vscode.commands.executeCommand('undo');
    await waitFor(() => (screening.getText() === original ? true : undefined), 'the undo');
    await labelsWhen(provider, (l) => l.includes('Included (20)'), 'the record to move back');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('says in the hover over a citation that its record was excluded', async function () {
    this.timeout(90_000);
    await activateExtension();
    const editor = await openWorkspaceFile('draft.md');
    const text = editor.document.getText();
    const at = editor.document.positionAt(text.indexOf('@hosny2018artificial') + 3);
    const hover = await waitFor(async () => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, at);
      const markdown = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
      return /Screening:/.test(markdown) ? markdown : undefined;
    }, 'the hover with the decision', 60_000);
    assert.match(hover, /\*\*Screening:\*\* Excluded: wrong publication type — Ann excluded, Ben excluded/);
    const included = editor.document.positionAt(text.indexOf('@liu2021advances') + 3);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, included);
    assert.match(hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n'), /\*\*Screening:\*\* Included — Ann included, Ben included/);
  });
});
