import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activateExtension, openWorkspaceFile, repoRoot, waitFor, workspaceRoot } from './helpers';

interface EntryNodeLike {
  kind: 'group' | 'page' | 'entry';
  entry?: { key: string; label: string; uri: string; recordIndex: number };
}

async function treeChildren(node?: EntryNodeLike): Promise<EntryNodeLike[]> {
  const api = await activateExtension();
  return (await api.referencesView.provider.getChildren(node)) as EntryNodeLike[];
}

async function closeAll(): Promise<void> {
  for (let i = 0; i < 20 && vscode.window.visibleTextEditors.length > 0; i++) {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/** Opens an untitled Markdown document with `content` and the cursor at `|` (removed). */
async function markdownWithCursor(content: string): Promise<vscode.TextEditor> {
  const offset = content.indexOf('|');
  const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: content.replace('|', '') });
  const editor = await vscode.window.showTextDocument(document);
  const position = document.positionAt(offset);
  editor.selection = new vscode.Selection(position, position);
  // On a loaded machine the editor of the previous test may still be closing: wait until this one is active.
  await waitFor(() => (vscode.window.activeTextEditor?.document === document ? true : undefined), 'the new Markdown editor to be active');
  return editor;
}

/**
 * Accepts the active item of the quick input once it shows items: VS Code has no event for that,
 * so the accept command is retried (with a deadline) until the citation appears in the editor.
 */
async function acceptPickerWhenShown(document: vscode.TextDocument): Promise<void> {
  await waitFor(async () => {
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    return document.getText().includes('[@') ? true : undefined;
  }, 'the picker to accept a reference', 45_000);
}

function codeOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

function positionOf(document: vscode.TextDocument, needle: string, delta = 0): vscode.Position {
  const offset = document.getText().indexOf(needle);
  assert.ok(offset >= 0, `${needle} is in ${document.uri.path}`);
  return document.positionAt(offset + delta);
}

describe('reference library', () => {
  afterEach(closeAll);

  it('lists every record of the workspace in the References view, grouped by file', async () => {
    const api = await activateExtension();
    const files = ['inbox/psycinfo-search.ris', 'searches/embase-export.ris', 'searches/pubmed-endnote.ris', 'searches/scopus-export.ris'];
    const labelsOf = (nodes: readonly EntryNodeLike[]): unknown[] => nodes.map((g) => (api.referencesView.provider.getTreeItem(g) as vscode.TreeItem).label);
    // A file an earlier test wrote and deleted may still be on its way out (the file watcher's event).
    const groups = await waitFor(async () => {
      const nodes = await treeChildren();
      return JSON.stringify(labelsOf(nodes)) === JSON.stringify(files) ? nodes : undefined;
    }, 'the workspace files in the view').catch(async () => treeChildren());
    assert.deepEqual(labelsOf(groups), files);
    const scopus = await treeChildren(groups[3]);
    assert.equal(scopus.length, 12);
    const first = api.referencesView.provider.getTreeItem(scopus[0]) as vscode.TreeItem;
    assert.equal(first.label, 'Liu et al. 2021 — Advances in Deep Learning-Based Medical Image Analysis');
    assert.equal(first.description, 'liu2021advances');
    assert.match(String(first.contextValue), /^ris\.reference/);
    assert.equal(api.referencesView.view.badge?.value, 27, 'the badge counts every reference');
    // getParent lets reveal() find the item.
    assert.equal(await api.referencesView.provider.getParent?.(scopus[0]), groups[3]);
    await api.referencesView.view.reveal(scopus[3], { select: true });
    // The workbench tells the extension host about the new selection after reveal() resolves.
    const selected = await waitFor(() => (api.referencesView.view.selection[0] as EntryNodeLike | undefined)?.entry, 'the revealed reference selected');
    assert.equal(selected.key, 'esteva2017dermatologist');
  });

  it('drops a deleted file from the view, even while VS Code still holds its text', async () => {
    const api = await activateExtension();
    const fileLabels = async (): Promise<string[]> =>
      (await treeChildren()).map((g) => String((api.referencesView.provider.getTreeItem(g) as vscode.TreeItem).label));
    const gone = vscode.Uri.joinPath(workspaceRoot(), 'deleted-export.ris');
    const other = vscode.Uri.joinPath(workspaceRoot(), 'other-export.ris');
    const third = vscode.Uri.joinPath(workspaceRoot(), 'third-export.ris');
    const record = (id: string, title: string): Uint8Array => new TextEncoder().encode(`TY  - JOUR\nID  - ${id}\nAU  - Doe, Jane\nTI  - ${title}\nPY  - 2020\nER  - \n`);
    let passed = false;
    try {
      await vscode.workspace.fs.writeFile(gone, record('deleted1', 'A record whose file goes away'));
      // A text model without an editor (as VS Code's own features and other extensions make them).
      await vscode.workspace.openTextDocument(gone);
      await waitFor(async () => ((await fileLabels()).includes('deleted-export.ris') ? true : undefined), 'the new file in the view');
      await vscode.workspace.fs.delete(gone);
      await waitFor(async () => ((await fileLabels()).includes('deleted-export.ris') ? undefined : true), 'the deleted file to leave the view');
      // Changes to another file validate every open document again, the deleted file's model included
      // (which used to put the deleted file back into the view).
      await vscode.workspace.fs.writeFile(other, record('other1', 'A record of another file'));
      await waitFor(async () => ((await fileLabels()).includes('other-export.ris') ? true : undefined), 'the other file in the view');
      let validatedAgain = false;
      const validations = api.onDidValidate((uri) => {
        if (uri.toString() === gone.toString()) validatedAgain = true;
      });
      try {
        await vscode.workspace.fs.delete(other);
        await waitFor(async () => ((await fileLabels()).includes('other-export.ris') ? undefined : true), 'the other file to leave the view');
        await waitFor(() => (validatedAgain ? true : undefined), "the deleted file's text to be validated again");
      } finally {
        validations.dispose();
      }
      // That validation has run (it is what fired the event): whatever it put back into the index is
      // in the next library, which a third file's arrival makes.
      await vscode.workspace.fs.writeFile(third, record('third1', 'A record of a third file'));
      await waitFor(async () => ((await fileLabels()).includes('third-export.ris') ? true : undefined), 'the third file in the view');
      assert.deepEqual(await fileLabels(), ['inbox/psycinfo-search.ris', 'searches/embase-export.ris', 'searches/pubmed-endnote.ris', 'searches/scopus-export.ris', 'third-export.ris']);
      passed = true;
    } finally {
      for (const uri of [gone, other, third]) await vscode.workspace.fs.delete(uri).then(undefined, () => undefined);
      // Leave the view as the other tests expect it (without masking this test's own failure).
      const forgotten = waitFor(async () => {
        const labels = await fileLabels();
        return labels.some((l) => ['deleted-export.ris', 'other-export.ris', 'third-export.ris'].includes(l)) ? undefined : true;
      }, 'the view to forget the three files');
      if (passed) await forgotten;
      else await forgotten.catch(() => undefined);
    }
  });

  it('says in its message which RIS files of the workspace it could not read, until they go', async () => {
    const api = await activateExtension();
    await treeChildren();
    const tooLarge = path.join(workspaceRoot().fsPath, 'too-large-export.ris');
    const draft = path.join(workspaceRoot().fsPath, 'unread-draft.md');
    const expected = 'too-large-export.ris is larger than 256 MB (314572800 bytes) and is not read: its references are not listed.';
    try {
      // Over the index's limit of 256 MB without taking the disk space: a sparse file.
      const fd = fs.openSync(tooLarge, 'w');
      try {
        fs.ftruncateSync(fd, 300 * 1024 * 1024);
      } finally {
        fs.closeSync(fd);
      }
      await waitFor(async () => {
        await treeChildren();
        return api.referencesView.view.message === expected ? true : undefined;
      }, 'the message about the file not read', 30_000);
      // The other files are listed as before.
      const labels = (await treeChildren()).map((g) => String((api.referencesView.provider.getTreeItem(g) as vscode.TreeItem).label));
      assert.deepEqual(labels, ['inbox/psycinfo-search.ris', 'searches/embase-export.ris', 'searches/pubmed-endnote.ris', 'searches/scopus-export.ris']);
      // A key the library lacks may be in that file: the draft's diagnostic and hover say so. (A draft
      // on disk: an untitled one's name would come back, with this text, in the next test.)
      fs.writeFileSync(draft, 'As shown [@nosuchstudy2099].\n');
      const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(draft));
      const unknown = await waitFor(() => vscode.languages.getDiagnostics(editor.document.uri).find((d) => codeOf(d) === 'ris.unknown-citation'), 'ris.unknown-citation');
      assert.equal(unknown.message, 'No reference in any RIS file of the workspace has the key `nosuchstudy2099`; one RIS file of the workspace is not read, and the References view says why.');
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, unknown.range.start.translate(0, 2));
      // The text as written, without what `appendText` makes of it (escapes, spaces as `&nbsp;`).
      const hoverText = hovers
        .flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value)))
        .join('\n')
        .replace(/&nbsp;/g, ' ')
        .replace(/\\(.)/g, '$1');
      assert.ok(hoverText.includes('too-large-export.ris is larger than 256 MB (314572800 bytes) and is not read.'), hoverText);
    } finally {
      await closeAll();
      fs.rmSync(draft, { force: true });
      fs.rmSync(tooLarge, { force: true });
    }
    await waitFor(async () => {
      await treeChildren();
      return api.referencesView.view.message === undefined ? true : undefined;
    }, 'the message to clear once the file is gone', 30_000);
  });

  it('keeps no first level made from a library that a refresh overtook', async () => {
    const api = await activateExtension();
    // The provider's library service (private): replaced for one call by one that answers late with
    // the library of before a deletion, the way a call overtaken by the deletion's refresh answers.
    const provider = api.referencesView.provider as unknown as { service: { workspaceLibrary(): Promise<unknown> }; refresh(): void };
    const fileLabels = async (): Promise<string[]> =>
      (await treeChildren()).map((g) => String((api.referencesView.provider.getTreeItem(g) as vscode.TreeItem).label));
    const extra = vscode.Uri.joinPath(workspaceRoot(), 'overtaken-export.ris');
    await vscode.workspace.fs.writeFile(extra, new TextEncoder().encode('TY  - JOUR\nID  - overtaken1\nTI  - A record of a file about to go\nPY  - 2020\nER  - \n'));
    const service = provider.service;
    const original = service.workspaceLibrary.bind(service);
    try {
      await waitFor(async () => ((await fileLabels()).includes('overtaken-export.ris') ? true : undefined), 'the new file in the view');
      const before = await original();
      await vscode.workspace.fs.delete(extra);
      await waitFor(async () => ((await fileLabels()).includes('overtaken-export.ris') ? undefined : true), 'the deleted file to leave the view');
      let answer: (library: unknown) => void = () => undefined;
      service.workspaceLibrary = () => new Promise((resolve) => (answer = resolve));
      provider.refresh();
      // Asked now (not after an await), so that it asks the replaced service.
      const overtaken = api.referencesView.provider.getChildren(undefined); // waits for the library of before the deletion
      service.workspaceLibrary = original;
      provider.refresh();
      assert.ok(!(await fileLabels()).includes('overtaken-export.ris'), 'the view made after the refresh');
      answer(before);
      await overtaken;
      assert.deepEqual(await fileLabels(), ['inbox/psycinfo-search.ris', 'searches/embase-export.ris', 'searches/pubmed-endnote.ris', 'searches/scopus-export.ris']);
    } finally {
      service.workspaceLibrary = original;
      await vscode.workspace.fs.delete(extra).then(undefined, () => undefined);
    }
  });

  it('splits a large file by year and initial, and sorts and groups the whole library by title and year', async function () {
    this.timeout(120_000);
    const api = await activateExtension();
    const provider = api.referencesView.provider;
    const label = (node: EntryNodeLike): string => String((provider.getTreeItem(node) as vscode.TreeItem).label);
    const big = vscode.Uri.joinPath(workspaceRoot(), 'large-library.ris');
    // 3,600 references (more than the view lists at one level, and more than one turn's worth of
    // grouping and sorting), 600 a year from 2015 to 2020, 120 of each author a year, titles in no order.
    const titles = ['Zebrafish models', 'alpha waves', 'Échographie', 'beta blockers', 'Part 10', 'part 9', 'Mice'];
    const authors = ['Adams', 'Baker', 'Smith', 'Ørsted', 'Kim'];
    const text = Array.from({ length: 3600 }, (_, i) => `TY  - JOUR\nID  - big${i}\nAU  - ${authors[Math.floor(i / 6) % 5]}, J\nTI  - ${titles[(i * 5) % 7]} ${i % 13}\nPY  - ${2015 + (i % 6)}\nER  - \n`).join('');
    const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('ris');
    const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });
    try {
      await vscode.workspace.fs.writeFile(big, new TextEncoder().encode(text));
      const fileGroup = await waitFor(async () => (await treeChildren()).find((g) => label(g) === 'large-library.ris'), 'the large file in the view');
      // By file (the default): the file's 3,600 references split by year, newest first, and a year
      // of 600 by the first author's initial, in file order within.
      const years = await treeChildren(fileGroup);
      assert.deepEqual(years.map(label), ['2020', '2019', '2018', '2017', '2016', '2015']);
      const initials2020 = await treeChildren(years[0]);
      assert.deepEqual(initials2020.map(label), ['A', 'B', 'K', 'O', 'S']);
      const adams2020 = await treeChildren(initials2020[0]);
      assert.equal(adams2020.length, 120);
      assert.deepEqual(adams2020.slice(0, 3).map((e) => e.entry?.key), ['big5', 'big35', 'big65'], 'file order within a group');
      // By year, sorted by title: each year of the whole library, its references in title order.
      await vscode.commands.executeCommand('ris.references.sortBy', 'title');
      assert.equal(config().get('references.sort'), 'title', 'Sort References By… sets ris.references.sort');
      await vscode.commands.executeCommand('ris.references.groupBy', 'year');
      const byYear = await waitFor(async () => {
        const groups = await treeChildren();
        return groups.length > 0 && groups.every((g) => /^(\d{4}|No year)$/.test(label(g))) ? groups : undefined;
      }, 'the view grouped by year');
      const yearLabels = byYear.map(label).filter((l) => l !== 'No year');
      assert.deepEqual(yearLabels, [...yearLabels].sort().reverse(), 'newest first');
      const year2017 = byYear.find((g) => label(g) === '2017');
      assert.ok(year2017, `years: ${yearLabels.join(', ')}`);
      // 2017 holds more than a page: split by the first author's initial, each initial in title order.
      const initials = await treeChildren(year2017);
      const initialLabels = initials.map(label);
      assert.ok(['A', 'B', 'S'].every((l) => initialLabels.includes(l)), `initials: ${initialLabels.join(', ')}`);
      assert.deepEqual(initialLabels, [...initialLabels].sort(collator.compare), 'initials in order');
      let listed = 0;
      for (const initial of initials) {
        const entries = (await treeChildren(initial)).map((e) => e.entry as { title?: string; key: string });
        listed += entries.length;
        for (let k = 1; k < entries.length; k++) {
          assert.ok(collator.compare(entries[k - 1]!.title ?? '\uffff', entries[k]!.title ?? '\uffff') <= 0, `${label(initial)}: ${entries[k - 1]!.title} before ${entries[k]!.title}`);
        }
      }
      assert.equal(String((provider.getTreeItem(year2017) as vscode.TreeItem).description), String(listed), 'every reference of 2017 listed once');
      assert.ok(listed >= 400, `${listed} references of 2017`);
      // Asked without a value, Sort References By… selects the current order: Enter keeps it (the
      // first item is file order).
      let answered = false;
      const asked = Promise.resolve(vscode.commands.executeCommand('ris.references.sortBy')).then(() => (answered = true));
      await waitFor(async () => {
        await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
        return answered ? true : undefined;
      }, 'the sort picker to accept its selected item');
      await asked;
      assert.equal(config().get('references.sort'), 'title', 'Enter keeps the current order');
    } finally {
      await config().update('references.sort', undefined, vscode.ConfigurationTarget.Workspace);
      await config().update('references.groupBy', undefined, vscode.ConfigurationTarget.Workspace);
      await vscode.workspace.fs.delete(big).then(undefined, () => undefined);
      await waitFor(async () => ((await treeChildren()).some((g) => label(g) === 'large-library.ris') ? undefined : true), 'the large file to leave the view').catch(() => undefined);
    }
  });

  it('filters the view and says so in its message', async () => {
    const api = await activateExtension();
    await treeChildren();
    const filtered = new Promise<void>((resolve) => {
      const sub = api.referencesView.provider.onDidChangeTreeData?.(() => {
        sub?.dispose();
        resolve();
      });
    });
    await vscode.commands.executeCommand('ris.references.filter', 'esteva');
    try {
      await filtered;
      const groups = await treeChildren();
      const keys: string[] = [];
      for (const g of groups) for (const e of await treeChildren(g)) keys.push(e.entry?.key ?? '');
      // Both Esteva papers of the library, the inbox's unpinned copy of the 2017 one, and Embase's copy
      // of it and of its corrigendum (keys as pandoc makes them from MEDLINE-form names).
      assert.deepEqual(keys.sort(), [
        'Esteva_Kuprel_2017',
        'Esteva_Kuprel_Novoa_Ko_Swetter_Blau_Thrun_2017',
        'Esteva_Kuprel_Novoa_Ko_Swetter_Blau_Thrun_2017a',
        'esteva2017dermatologist',
        'esteva2019guide',
      ]);
      await waitFor(() => (api.referencesView.view.message?.includes('esteva') ? true : undefined), 'the filter message');
      assert.equal(api.referencesView.view.message, 'Filtered by “esteva”: 5 of 27 references.');
    } finally {
      await vscode.commands.executeCommand('ris.references.clearFilter');
    }
    await waitFor(() => (api.referencesView.view.message === undefined ? true : undefined), 'the message to clear');
  });

  it('inserts citations from the tree at the cursor, several at once', async () => {
    const groups = await treeChildren();
    const api = await activateExtension();
    const scopusGroup = groups.find((g) => (api.referencesView.provider.getTreeItem(g) as vscode.TreeItem).label === 'searches/scopus-export.ris');
    assert.ok(scopusGroup, 'the Scopus file is a group');
    const scopus = await treeChildren(scopusGroup);
    const editor = await markdownWithCursor('As shown |before.');
    await vscode.commands.executeCommand('ris.insertCitation', scopus[0], [scopus[0], scopus[7]]);
    assert.equal(editor.document.getText(), 'As shown [@liu2021advances; @shen2017deep]before.');
    // Inside an existing citation, a key is added to the group.
    const close = editor.document.positionAt(editor.document.getText().indexOf(']'));
    editor.selection = new vscode.Selection(close, close);
    await vscode.commands.executeCommand('ris.insertCitation', scopus[2]);
    assert.equal(editor.document.getText(), 'As shown [@liu2021advances; @shen2017deep; @ronneberger2015unet]before.');
  });

  it('inserts a citation from the searchable picker', async () => {
    const editor = await markdownWithCursor('U-Net |is a network.');
    // The picker opens on a query (as a keybinding can do), then the first match is accepted.
    const inserted = vscode.commands.executeCommand<boolean>('ris.insertCitation', { query: 'ronneberger unet' });
    await acceptPickerWhenShown(editor.document);
    assert.equal(await inserted, true);
    assert.equal(editor.document.getText(), 'U-Net [@ronneberger2015unet]is a network.');
  });

  it('inserts the best match when Enter comes before the search index is ready', async function () {
    this.timeout(180_000);
    const api = await activateExtension();
    // A bibliography of 150,000 references with titles of a dozen words and three authors each: its
    // search index is built in turns for seconds after the picker opens (with 60,000 short ones it was
    // ready within half a second, and in one run of three no accept below, every 50 ms plus a round
    // trip to the workbench, reached the picker before it was).
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ris-picker-'));
    try {
      const words = ['screening', 'workload', 'randomised', 'cohort', 'imaging', 'outcomes', 'children', 'adults', 'registry', 'survival', 'therapy', 'trial'];
      const title = (i: number): string => Array.from({ length: 12 }, (_, w) => words[(i * 7 + w * 5) % words.length]).join(' ');
      const records = Array.from(
        { length: 150_000 },
        (_, i) => `TY  - JOUR\nID  - ref${i}\nTI  - Study ${i}: ${title(i)}\nAU  - Author${i}, A.\nAU  - Second${i % 977}, B.\nAU  - Third${i % 541}, C.\nPY  - ${1990 + (i % 35)}\nER  - \n`,
      );
      records[101_234] = 'TY  - JOUR\nID  - quokka2021fins\nTI  - Zebrafish fin regeneration\nAU  - Quokka, Q.\nPY  - 2021\nER  - \n';
      fs.writeFileSync(path.join(folder, 'big.ris'), records.join(''));
      const draft = vscode.Uri.file(path.join(folder, 'draft.md'));
      fs.writeFileSync(draft.fsPath, '---\nbibliography: big.ris\n---\n\nFins regrow .\n');
      const editor = await vscode.window.showTextDocument(draft);
      const at = editor.document.positionAt(editor.document.getText().indexOf(' .') + 1);
      editor.selection = new vscode.Selection(at, at);
      const early = (): number => api.logEntries().filter((e) => /Enter came before the search index of 150000 references was ready; the best match for "zebrafish quokka"/.test(e.message)).length;
      const before = early();
      const inserted = vscode.commands.executeCommand<boolean>('ris.insertCitation', { query: 'zebrafish quokka' });
      await acceptPickerWhenShown(editor.document);
      assert.equal(await inserted, true);
      assert.equal(editor.document.getText(), '---\nbibliography: big.ris\n---\n\nFins regrow [@quokka2021fins].\n');
      assert.equal(early(), before + 1, 'Enter was taken before the index was ready, and its best match inserted once it was');
    } finally {
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });

  it('completes keys after @ in the draft, with the metadata card', async () => {
    const editor = await openWorkspaceFile('draft.md');
    const position = positionOf(editor.document, '@ronneberger2015unet', 1);
    // The card is built when an item is resolved: ask VS Code to resolve them.
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', editor.document.uri, position, '@', 100);
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    assert.ok(labels.includes('liu2021advances') && labels.includes('esteva2019guide'), `keys of both bibliography files are offered (${labels.length})`);
    assert.ok(!labels.includes('Esteva_Kuprel_Novoa_Ko_Swetter_Blau_Thrun_2017'));
    const item = list.items.find((i) => (typeof i.label === 'string' ? i.label : i.label.label) === 'shen2017deep');
    assert.ok(item);
    assert.equal(item.detail, 'Shen et al. 2017');
    const doc = item.documentation instanceof vscode.MarkdownString ? item.documentation.value : String(item.documentation);
    assert.match(doc, /Deep learning in medical image analysis/);
    // Not after a word character: an e-mail address does not trigger completion.
    const email = positionOf(editor.document, '@example.org', 1);
    const none = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', editor.document.uri, email, '@');
    // (VS Code's word-based suggestions may still list words of the document.)
    assert.ok(!none.items.some((i) => i.kind === vscode.CompletionItemKind.Reference), 'no reference is offered after an e-mail name');
  });

  it('completes a key that two bibliography files share once, with the record pandoc cites', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ris-shadow-'));
    try {
      const record = (title: string): string => `TY  - JOUR\nID  - same2020key\nTI  - ${title}\nAU  - Same, A.\nPY  - 2020\nER  - \n`;
      fs.writeFileSync(path.join(folder, 'old.ris'), record('Older export of the study'));
      fs.writeFileSync(path.join(folder, 'new.ris'), record('Newer export of the study'));
      const draft = vscode.Uri.file(path.join(folder, 'draft.md'));
      fs.writeFileSync(draft.fsPath, '---\nbibliography: [old.ris, new.ris]\n---\n\nSee @same\n');
      const editor = await vscode.window.showTextDocument(draft);
      const after = editor.document.positionAt(editor.document.getText().length - 1);
      const items = await waitFor(async () => {
        const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', draft, after, '@', 100);
        const found = list.items.filter((i) => (typeof i.label === 'string' ? i.label : i.label.label) === 'same2020key');
        return found.length > 0 ? found : undefined;
      }, 'the key to be offered');
      // pandoc cites the record of the later file (new.ris): the earlier one is not offered beside it.
      assert.equal(items.length, 1, 'offered once');
      const doc = items[0]!.documentation instanceof vscode.MarkdownString ? items[0]!.documentation.value : String(items[0]!.documentation);
      assert.match(doc, /Newer export of the study/);
    } finally {
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });

  it('hovers a citation with the metadata card, and goes to its record', async () => {
    const editor = await openWorkspaceFile('draft.md');
    const position = positionOf(editor.document, '@isensee2021nnunet', 3);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, position);
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /nnU-Net: a self-configuring method/);
    assert.match(text, /Nature Methods/);
    assert.match(text, /10\.1038\/s41592-020-01008-z/);
    const locations = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', editor.document.uri, position);
    assert.equal(locations.length, 1);
    const target = locations[0] instanceof vscode.Location ? locations[0] : { uri: locations[0].targetUri, range: locations[0].targetRange };
    assert.ok(target.uri.path.endsWith('searches/scopus-export.ris'));
    const ris = await vscode.workspace.openTextDocument(target.uri);
    assert.equal(ris.lineAt(target.range.start.line).text, 'TY  - JOUR');
    assert.equal(ris.lineAt(target.range.start.line + 1).text, 'ID  - isensee2021nnunet');
  });

  it('finds every citation of a record, and counts them in a CodeLens', async () => {
    // Activated first: run alone, the providers were asked before opening the file had activated it.
    await activateExtension();
    const editor = await openWorkspaceFile('searches/scopus-export.ris');
    const position = positionOf(editor.document, 'ID  - esteva2017dermatologist', 8);
    const references = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeReferenceProvider', editor.document.uri, position);
    assert.equal(references.length, 1);
    assert.ok(references[0].uri.path.endsWith('draft.md'));
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', editor.document.uri, 100);
    const titles = lenses.map((l) => l.command?.title);
    assert.equal(titles.length, 12);
    assert.equal(titles[0], 'cited once', 'liu2021advances is cited once');
    assert.equal(titles[4], 'cited once', 'gulshan2016development');
    assert.equal(titles[5], 'not cited', 'mckinney2020international');
  });

  it('flags unknown keys in Markdown and offers the closest ones', async () => {
    const api = await activateExtension();
    const validated = new Promise<void>((resolve) => {
      const sub = api.onDidValidate((uri) => {
        if (uri.scheme === 'untitled') {
          sub.dispose();
          resolve();
        }
      });
    });
    const editor = await markdownWithCursor('Screening [@esteva2017dermatologst] and `@notacitation` and me@example.org.|');
    await validated;
    const diagnostics = await waitFor(() => {
      const all = vscode.languages.getDiagnostics(editor.document.uri).filter((d) => codeOf(d) === 'ris.unknown-citation');
      return all.length > 0 ? all : undefined;
    }, 'ris.unknown-citation');
    assert.equal(diagnostics.length, 1, 'code spans and e-mail addresses are not citations');
    assert.equal(editor.document.getText(diagnostics[0].range), '@esteva2017dermatologst');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', editor.document.uri, diagnostics[0].range, vscode.CodeActionKind.QuickFix.value);
    const fix = actions.find((a) => a.title.startsWith('Change to @esteva2017dermatologist'));
    assert.ok(fix?.edit, `the closest key is offered (${actions.map((a) => a.title).join(' | ')})`);
    await vscode.workspace.applyEdit(fix.edit);
    assert.ok(editor.document.getText().startsWith('Screening [@esteva2017dermatologist]'));
  });

  it('pins citation keys as ID lines, unique across the library, in one undoable edit', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ris-pin-'));
    const file = path.join(dir, 'unpinned.ris');
    const original = fs.readFileSync(path.join(repoRoot, 'examples/review/searches/pubmed-endnote.ris'), 'utf8').replace(/^ID {2}- .*\r\n/gm, '');
    fs.writeFileSync(file, original);
    const pinned = await vscode.commands.executeCommand<number>('ris.pinCitationKeys', vscode.Uri.file(file));
    assert.equal(pinned, 5);
    const document = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    const ids = document.getText().split('\r\n').filter((l) => l.startsWith('ID  - '));
    // The workspace already uses these keys (the example is pinned), so each new key gets a suffix.
    assert.deepEqual(ids, ['ID  - esteva2019guidea', 'ID  - topol2019higha', 'ID  - hosny2018artificiala', 'ID  - litjens2017surveyb', 'ID  - rajpurkar2017chexneta']);
    assert.equal(document.getText().replace(/^ID {2}- .*\r\n/gm, ''), original, 'every other byte is kept');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    void workspaceRoot;
  });

  it('renders the draft with pandoc, every citation resolved', async function () {
    this.timeout(120_000);
    const specifier = path.join(repoRoot, 'node_modules/pandoc-wasm/src/index.node.js');
    const pandoc = (await import(vscode.Uri.file(specifier).toString())) as {
      convert(options: Record<string, unknown>, stdin: string | null, files: Record<string, Blob>): Promise<{ stdout: string; stderr: string; warnings: { type: string; message?: string }[] }>;
    };
    const root = path.join(repoRoot, 'examples/review');
    const bibliography = ['searches/scopus-export.ris', 'searches/pubmed-endnote.ris'];
    // pandoc-wasm's file system is flat: the files go in under their base names.
    const files: Record<string, Blob> = {};
    for (const b of bibliography) files[path.basename(b)] = new Blob([fs.readFileSync(path.join(root, b))]);
    const draft = fs.readFileSync(path.join(root, 'draft.md'), 'utf8').replace(/searches\//g, '');
    const result = await pandoc.convert({ from: 'markdown', to: 'plain', citeproc: true, bibliography: bibliography.map((b) => path.basename(b)) }, draft, files);
    assert.equal(result.stderr.trim(), '', 'pandoc reads both RIS files');
    const notFound = result.warnings.filter((w) => w.type === 'CiteprocWarning' || /not found/i.test(w.message ?? ''));
    assert.deepEqual(notFound, [], 'every citation of the draft resolves');
    assert.match(result.stdout, /Ronneberger/);
  });
});

describe('VS Code Markdown link validation', () => {
  it('flags citations as broken reference links until RIS References turns that check off', async function () {
    this.timeout(60_000);
    const config = vscode.workspace.getConfiguration('markdown.validate');
    await config.update('enabled', true, vscode.ConfigurationTarget.Global);
    try {
      const document = await vscode.workspace.openTextDocument({
        language: 'markdown',
        content: 'Cited [@ronneberger2015unet] and [@isensee2021nnunet; @shen2017deep].\n\nA broken link [text][nowhere].\n',
      });
      await vscode.window.showTextDocument(document);
      // The broken reference link is the control: once it is flagged, the validator has run.
      const markdown = await waitFor(() => {
        const all = vscode.languages.getDiagnostics(document.uri).filter((d) => d.source === 'markdown' || /link/i.test(String(typeof d.code === 'object' ? d.code.value : d.code)));
        return all.length > 0 ? all : undefined;
      }, 'the Markdown link validator', 45_000);
      const flagged = markdown.map((d) => document.getText(d.range));
      assert.ok(flagged.some((t) => t.includes('nowhere')), `the control is flagged (${flagged.join(', ')})`);
      // VS Code's validator has no way to exempt citations: they are flagged…
      assert.ok(flagged.some((t) => t.includes('@ronneberger2015unet')), `VS Code flags citations (${flagged.join(', ')})`);
      // …until the extension's command turns its reference-link check off.
      await vscode.commands.executeCommand('ris.ignoreMarkdownReferenceLinks', vscode.ConfigurationTarget.Global);
      await waitFor(() => {
        const left = vscode.languages.getDiagnostics(document.uri).filter((d) => document.getText(d.range).includes('@'));
        return left.length === 0 ? true : undefined;
      }, 'the citations to be unflagged', 45_000);
    } finally {
      await config.update('enabled', undefined, vscode.ConfigurationTarget.Global);
      await vscode.workspace.getConfiguration('markdown.validate').update('referenceLinks.enabled', undefined, vscode.ConfigurationTarget.Global);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });
});
