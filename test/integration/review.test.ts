/**
 * The systematic review in VS Code, on the example workspace's review.yaml: the PRISMA flow diagram
 * in its webview with the counts of the files, the ```prisma block of the draft in the Markdown
 * preview, a screening decision written into the Rayyan export and undone (the file's bytes as
 * before), `ris.excluded-citation` on the draft's citation of a record Rayyan excluded, and the
 * References view's badge counting the included studies the active draft does not cite.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, openWorkspaceFile, waitFor, workspaceRoot } from './helpers';

async function closeAll(): Promise<void> {
  for (let i = 0; i < 20 && vscode.window.visibleTextEditors.length > 0; i++) {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

function codeOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

describe('review: PRISMA and screening', () => {
  afterEach(closeAll);
  after(async () => {
    await vscode.workspace.getConfiguration('ris').update('screening.reviewer', undefined, vscode.ConfigurationTarget.Global);
  });

  it('opens the flow diagram beside review.yaml with the counts of the files', async function () {
    this.timeout(90_000);
    const api = await activateExtension();
    const editor = await openWorkspaceFile('review.yaml');
    await vscode.commands.executeCommand('ris.review.showFlowDiagram', editor.document.uri);
    const shown = await waitFor(() => api.flowDiagram(), 'the flow diagram to be shown', 60_000);
    assert.equal(shown.manifest.toString(), editor.document.uri.toString());
    assert.equal(shown.counts.database_results, 24);
    assert.equal(shown.counts.duplicates, 6);
    assert.equal(shown.counts.records_screened, 18);
    assert.equal(shown.counts.records_excluded, 4);
    assert.deepEqual(shown.counts.database_specific_results, [
      { name: 'Scopus', n: 12 },
      { name: 'PubMed', n: 5 },
      { name: 'Embase', n: 7 },
    ]);
    assert.match(shown.svg, /^<svg/);
    assert.match(shown.svg, /Records screened \(n = 18\)/);
  });

  it('renders the draft’s ```prisma block as the flow diagram in the Markdown preview', async function () {
    this.timeout(90_000);
    const api = await activateExtension();
    const editor = await openWorkspaceFile('draft.md');
    const html = await waitFor(async () => {
      const rendered = await vscode.commands.executeCommand<string>('markdown.api.render', editor.document);
      await api.previewReady();
      return /<div class="ris-prisma"[^>]*><svg/.test(rendered) ? rendered : undefined;
    }, 'the preview to render the prisma block', 60_000);
    assert.match(html, /data-manifest="review.yaml"/);
    assert.match(html, /Records screened \(n = 18\)/);
    assert.doesNotMatch(html, /<code class="language-prisma">/);
  });

  it('writes a screening decision into the Rayyan note and undoes it to the same bytes', async function () {
    this.timeout(90_000);
    await activateExtension();
    await vscode.workspace.getConfiguration('ris').update('screening.reviewer', 'Tester', vscode.ConfigurationTarget.Global);
    const uri = vscode.Uri.joinPath(workspaceRoot(), 'screening/rayyan-export.ris');
    const before = await vscode.workspace.fs.readFile(uri);
    const editor = await openWorkspaceFile('screening/rayyan-export.ris');
    const document = editor.document;
    const original = document.getText();
    const at = document.positionAt(original.indexOf('TI  - ') + 3);
    editor.selection = new vscode.Selection(at, at);
    await vscode.commands.executeCommand('ris.screening.maybe');
    const changed = await waitFor(() => (document.getText() !== original ? document.getText() : undefined), 'the decision to be written');
    // Only the first note changed: the reviewer's vote added to its RAYYAN-INCLUSION map.
    const firstNote = original.indexOf('RAYYAN-INCLUSION: {');
    const mapEnd = original.indexOf('}', firstNote);
    assert.equal(changed, `${original.slice(0, mapEnd)}, "Tester"=>"Maybe"${original.slice(mapEnd)}`);
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('undo');
    await waitFor(() => (document.getText() === original ? true : undefined), 'the undo');
    await document.save();
    const after = await vscode.workspace.fs.readFile(uri);
    assert.ok(Buffer.from(after).equals(Buffer.from(before)), 'the file has the same bytes after undo');
  });

  it('warns on the draft’s citation of a record excluded at screening', async function () {
    this.timeout(90_000);
    await activateExtension();
    const editor = await openWorkspaceFile('draft.md');
    const found = await waitFor(() => {
      const d = vscode.languages.getDiagnostics(editor.document.uri).filter((x) => codeOf(x) === 'ris.excluded-citation');
      return d.length > 0 ? d : undefined;
    }, 'the excluded-citation diagnostic', 60_000);
    assert.equal(found.length, 1);
    assert.equal(found[0]!.severity, vscode.DiagnosticSeverity.Warning);
    assert.match(editor.document.getText(found[0]!.range), /hosny2018artificial/);
    assert.match(found[0]!.message, /excluded at screening/);
  });

  it('badges the References view with the included studies the active draft does not cite', async function () {
    this.timeout(120_000);
    const api = await activateExtension();
    const view = api.referencesView.view;
    const editor = await openWorkspaceFile('draft.md');
    const first = await waitFor(() => (view.badge?.tooltip.includes('not cited in draft.md') ? view.badge : undefined), 'the uncited-studies badge', 60_000);
    assert.ok(first.value > 0);
    assert.match(first.tooltip, /^\d+ included stud(?:y is|ies are) not cited in draft\.md \(RIS: List Included Studies Not Cited\)$/);
    // A draft that cites nothing leaves every included study uncited: the count grows.
    await editor.edit((b) => b.replace(new vscode.Range(0, 0, editor.document.lineCount, 0), '# Results\n\nNothing cited yet.\n'));
    const all = await waitFor(() => (view.badge !== undefined && view.badge.value > first.value ? view.badge : undefined), 'a larger count once the citations are gone', 60_000);
    assert.match(all.tooltip, /not cited in draft\.md/);
    // Another editor: the badge is the view's own again (its reference count, once the view has counted).
    await openWorkspaceFile('review.yaml');
    await waitFor(() => (view.badge === undefined || view.badge.tooltip.endsWith(' references') ? true : undefined), 'the uncited-studies badge gone', 30_000);
  });
});
