import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { activateExtension, openWorkspaceFile, waitFor, workspaceRoot } from './helpers';

/** The messy export of the example workspace (in the test run's copy of it). */
const broken = (): string => vscode.Uri.joinPath(workspaceRoot(), 'inbox/psycinfo-search.ris').fsPath;

function codeOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

/** Opens `content` as an untitled RIS document and waits for its diagnostics. */
async function openUntitled(content: string): Promise<vscode.TextEditor> {
  const api = await activateExtension();
  const validated = new Promise<void>((resolve) => {
    const sub = api.onDidValidate(() => {
      sub.dispose();
      resolve();
    });
  });
  const document = await vscode.workspace.openTextDocument({ language: 'ris', content });
  const editor = await vscode.window.showTextDocument(document);
  await validated;
  return editor;
}

/** Waits until the document's diagnostics satisfy `predicate`, and returns them. */
async function diagnosticsWhere(uri: vscode.Uri, predicate: (all: vscode.Diagnostic[]) => boolean, what: string): Promise<vscode.Diagnostic[]> {
  return waitFor(() => {
    const all = vscode.languages.getDiagnostics(uri);
    return predicate(all) ? all : undefined;
  }, what);
}

/** Closes every editor, discarding unsaved changes (so that no "Save?" dialog opens). */
async function closeAll(): Promise<void> {
  for (let i = 0; i < 20 && vscode.window.visibleTextEditors.length > 0; i++) {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

describe('RIS language in VS Code', () => {
  afterEach(closeAll);

  it('publishes diagnostics for a broken export', async () => {
    await activateExtension();
    const document = await vscode.workspace.openTextDocument(broken());
    await vscode.window.showTextDocument(document);
    const diagnostics = await diagnosticsWhere(document.uri, (all) => all.some((d) => codeOf(d) === 'ris.missing-end'), 'ris.missing-end');
    const codes = new Set(diagnostics.map(codeOf));
    for (const expected of ['ris.missing-end', 'ris.malformed-tag-line', 'ris.invalid-doi', 'ris.invalid-date', 'ris.unknown-type', 'ris.pandoc-incompatible', 'ris.text-outside-record']) {
      assert.ok(codes.has(expected), `expected ${expected} among ${[...codes].join(', ')}`);
    }
    const missingEnd = diagnostics.find((d) => codeOf(d) === 'ris.missing-end');
    assert.ok(missingEnd);
    assert.equal(missingEnd.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(missingEnd.source, 'RIS');
    // The record without ER starts on line 18 (0-based 17) and its last line is `T2  - JAMA` (line 23).
    const lines = [missingEnd.range.start.line, missingEnd.range.end.line];
    assert.ok(lines.includes(22) || lines.includes(17), `missing-end points at the record (lines ${lines.join('-')})`);
  });

  it('applies a quick fix through the code action API, undoably', async () => {
    const original = fs.readFileSync(broken(), 'utf8');
    const editor = await openUntitled(original);
    const uri = editor.document.uri;
    const missingEnd = (await diagnosticsWhere(uri, (all) => all.some((d) => codeOf(d) === 'ris.missing-end'), 'missing-end')).find(
      (d) => codeOf(d) === 'ris.missing-end',
    );
    assert.ok(missingEnd);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, missingEnd.range, vscode.CodeActionKind.QuickFix.value);
    const addEnd = actions.find((a) => a.title.startsWith('Add "ER'));
    assert.ok(addEnd?.edit, `an "add ER" fix is offered (got: ${actions.map((a) => a.title).join(' | ')})`);
    assert.ok(await vscode.workspace.applyEdit(addEnd.edit));
    await diagnosticsWhere(uri, (all) => !all.some((d) => codeOf(d) === 'ris.missing-end'), 'missing-end to disappear');
    const fixed = editor.document.getText();
    assert.equal(fixed.split('\n').filter((l) => l.startsWith('ER  -')).length, 3, 'three ER lines after the fix');
    // Every other line is unchanged.
    assert.deepEqual(fixed.split('\n').filter((l) => !l.startsWith('ER  -')), original.split('\n').filter((l) => !l.startsWith('ER  -')));
    await vscode.commands.executeCommand('undo');
    assert.equal(editor.document.getText(), original, 'undo restores the original text');
  });

  it('rewrites a name in MEDLINE form with its quick fix, and all of them with the fix-all', async () => {
    const original = 'TY  - JOUR\nAU  - Griffin DK\nAU  - Larkin DM\nTI  - Time lapse\nPY  - 2020\nER  - \n';
    const editor = await openUntitled(original);
    const uri = editor.document.uri;
    const named = (all: vscode.Diagnostic[]): vscode.Diagnostic[] => all.filter((d) => codeOf(d) === 'ris.medline-author-name');
    const first = named(await diagnosticsWhere(uri, (all) => named(all).length === 2, 'two ris.medline-author-name'))[0]!;
    assert.equal(first.severity, vscode.DiagnosticSeverity.Warning);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, first.range, vscode.CodeActionKind.QuickFix.value);
    const one = actions.find((a) => a.title === 'Write "Griffin, D. K."');
    assert.ok(one?.edit, `the quick fix is offered (got: ${actions.map((a) => a.title).join(' | ')})`);
    assert.ok(actions.some((a) => a.title.startsWith('Rewrite the 2 names in MEDLINE form')), 'and the fix-all');
    assert.ok(await vscode.workspace.applyEdit(one.edit));
    assert.equal(editor.document.getText(), original.replace('Griffin DK', 'Griffin, D. K.'));
    await diagnosticsWhere(uri, (all) => named(all).length === 1, 'one ris.medline-author-name left');
    const again = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, named(vscode.languages.getDiagnostics(uri))[0]!.range, vscode.CodeActionKind.QuickFix.value);
    const fix = again.find((a) => a.title === 'Write "Larkin, D. M."');
    assert.ok(fix?.edit);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    await diagnosticsWhere(uri, (all) => named(all).length === 0, 'no ris.medline-author-name');
    await vscode.commands.executeCommand('undo');
    assert.equal(editor.document.getText(), original.replace('Griffin DK', 'Griffin, D. K.'), 'undo reverts the last fix');
  });

  it('makes a file readable by pandoc in one command, keeping every value', async () => {
    const original = fs.readFileSync(broken(), 'utf8');
    const editor = await openUntitled(original);
    const uri = editor.document.uri;
    await diagnosticsWhere(uri, (all) => all.some((d) => codeOf(d) === 'ris.pandoc-incompatible'), 'pandoc-incompatible');
    const changed = await vscode.commands.executeCommand<boolean>('ris.makePandocReadable');
    assert.equal(changed, true);
    await diagnosticsWhere(uri, (all) => !all.some((d) => codeOf(d) === 'ris.pandoc-incompatible'), 'pandoc-incompatible to disappear');
    const text = editor.document.getText();
    for (const value of ['Skin Neoplasms', 'Melanoma', 'networks', 'Kuprel, B.', 'Provider: American Psychological Association', 'Gulshan, V.']) {
      assert.ok(text.includes(value), `${value} is kept`);
    }
  });

  it('makes the RIS file in view readable by pandoc when another editor is active (a walkthrough button)', async () => {
    const editor = await openUntitled(fs.readFileSync(broken(), 'utf8'));
    const uri = editor.document.uri;
    await diagnosticsWhere(uri, (all) => all.some((d) => codeOf(d) === 'ris.pandoc-incompatible'), 'pandoc-incompatible');
    const draft = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(workspaceRoot(), 'draft.md'));
    await vscode.window.showTextDocument(draft, vscode.ViewColumn.Two);
    assert.equal(vscode.window.activeTextEditor?.document.languageId, 'markdown');
    assert.equal(await vscode.commands.executeCommand<boolean>('ris.makePandocReadable'), true);
    await diagnosticsWhere(uri, (all) => !all.some((d) => codeOf(d) === 'ris.pandoc-incompatible'), 'pandoc-incompatible to disappear');
  });

  it('asks which RIS file to make readable by pandoc when none is in view, and opens the one picked', async () => {
    await activateExtension();
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(vscode.Uri.joinPath(workspaceRoot(), 'draft.md')));
    assert.ok(!vscode.window.visibleTextEditors.some((e) => e.document.languageId === 'ris'));
    let changed: boolean | undefined;
    const asked = Promise.resolve(vscode.commands.executeCommand<boolean>('ris.makePandocReadable')).then((c) => (changed = c));
    await waitFor(async () => {
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      return changed === undefined ? undefined : true;
    }, 'the file pick to accept its first item');
    await asked;
    const document = vscode.window.activeTextEditor?.document;
    assert.equal(document?.languageId, 'ris', 'the file picked is open in the active editor');
    assert.equal(document.isDirty, changed, 'it was changed when the command says so');
    await diagnosticsWhere(document.uri, (all) => !all.some((d) => codeOf(d) === 'ris.pandoc-incompatible'), 'no pandoc-incompatible in the file picked');
  });

  it('hovers a tag with its meaning and a TY value with its type name', async () => {
    const editor = await openWorkspaceFile('searches/scopus-export.ris');
    const uri = editor.document.uri;
    const auLine = editor.document.getText().split(/\r?\n/).findIndex((l) => l.startsWith('AU  - '));
    const tagHovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(auLine, 1));
    const tagText = tagHovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(tagText, /AU/);
    assert.match(tagText, /[Aa]uthor/);
    const typeHovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(0, 7));
    const typeText = typeHovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(typeText, /Journal/);
  });

  it('lists each record in the outline with its fields', async () => {
    const editor = await openWorkspaceFile('searches/scopus-export.ris');
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', editor.document.uri);
    assert.equal(symbols.length, 12, 'one symbol per record');
    assert.equal(symbols[0].name, 'Liu et al. 2021 — Advances in Deep Learning-Based Medical Image Analysis');
    assert.ok(symbols[0].children.some((c) => c.name === 'DO' && c.detail.startsWith('10.34133/2021/8786793')));
    assert.equal(symbols[2].name.split(' — ')[0], 'Ronneberger et al. 2015');
  });

  it('keeps the outline within ris.outline.maxItems', async () => {
    // 12 records of 4 fields each: 60 items. VS Code caches a document's outline per version, so
    // each setting is asked about a new document.
    const text = Array.from({ length: 12 }, (_, i) => `TY  - JOUR\nAU  - Doe, J.\nTI  - Title ${i}\nPY  - 2020\nER  - \n\n`).join('');
    const config = vscode.workspace.getConfiguration('ris');
    const outline = async (maxItems: number | undefined): Promise<vscode.DocumentSymbol[]> => {
      await config.update('outline.maxItems', maxItems, vscode.ConfigurationTarget.Global);
      const editor = await openUntitled(text);
      return vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', editor.document.uri);
    };
    try {
      const all = await outline(60);
      assert.equal(all.length, 12);
      assert.deepEqual(all.map((s) => s.children.length), Array<number>(12).fill(4), 'every record with its fields');
      const records = await outline(59);
      assert.equal(records.length, 12, 'every record');
      assert.ok(records.every((s) => s.children.length === 0), 'without fields once they do not fit');
      const first = await outline(5);
      assert.deepEqual(first.map((s) => s.name.split(' — ')[1]), ['Title 0', 'Title 1', 'Title 2', 'Title 3', 'Title 4'], 'the first records');
    } finally {
      await config.update('outline.maxItems', undefined, vscode.ConfigurationTarget.Global);
    }
    const byDefault = await outline(undefined);
    assert.equal(byDefault.length, 12);
    assert.equal(byDefault[0].children.length, 4, 'fields listed by default in a file this small');
  });

  it('folds records, completes tags and types, links DOIs and formats', async () => {
    const editor = await openWorkspaceFile('searches/pubmed-endnote.ris');
    const uri = editor.document.uri;
    const folds = await vscode.commands.executeCommand<vscode.FoldingRange[]>('vscode.executeFoldingRangeProvider', uri);
    assert.ok(folds.filter((f) => f.kind === vscode.FoldingRangeKind.Region).length >= 5, 'one region per record');
    const links = await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', uri);
    assert.ok(links.some((l) => l.target?.toString(true) === 'https://doi.org/10.1038/s41591-018-0316-z'));

    const untitled = await openUntitled('TY  - JOUR\nA\nER  - \n');
    const tags = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', untitled.document.uri, new vscode.Position(1, 1));
    const labels = tags.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    assert.ok(labels.includes('AU') && labels.includes('AB'), 'tags are offered at line start');
    await untitled.edit((e) => e.replace(new vscode.Range(0, 6, 0, 10), ''));
    const types = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', untitled.document.uri, new vscode.Position(0, 6));
    assert.ok(types.items.some((i) => (typeof i.label === 'string' ? i.label : i.label.label) === 'JOUR'), 'types are offered after TY  - ');

    const messy = await openUntitled('TY - JOUR\r\nau  - Doe, J.\r\nTI  -  A title  \r\nER  -\r\n');
    const edits = await vscode.commands.executeCommand<vscode.TextEdit[]>('vscode.executeFormatDocumentProvider', messy.document.uri, { tabSize: 2, insertSpaces: true });
    const workspaceEdit = new vscode.WorkspaceEdit();
    for (const e of edits) workspaceEdit.replace(messy.document.uri, e.range, e.newText);
    await vscode.workspace.applyEdit(workspaceEdit);
    assert.equal(messy.document.getText(), 'TY  - JOUR\r\nAU  - Doe, J.\r\nTI  - A title\r\nER  - \r\n');
  });
});
