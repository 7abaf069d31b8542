/**
 * The web extension in a browser workbench (VS Code's web worker extension host, headless
 * Chromium), on a virtual workspace (`memfs:`, in memory, no `file:` anywhere): RIS diagnostics
 * and hover, the References view built from files read through `workspace.fs`, Insert Citation,
 * the preview's citations (its markdown-it plugin) formatted by citeproc-js in a Web Worker, and a
 * user `.csl` style read through `workspace.fs`.
 */
import MarkdownIt from 'markdown-it';
import * as vscode from 'vscode';
import type { RisReferencesApi } from '../../src/extension';
import { equal, match, ok } from './check';

const EXTENSION_ID = 'ris-references.ris-references';

async function api(): Promise<RisReferencesApi> {
  const extension = vscode.extensions.getExtension<RisReferencesApi>(EXTENSION_ID);
  ok(extension, `${EXTENSION_ID} is loaded`);
  return extension.activate();
}

function root(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  ok(folder, 'a workspace folder is open');
  return folder.uri;
}

/** Polls `probe` until it returns a value, or fails after `timeoutMs` (VS Code has no event for these). */
async function waitFor<T>(probe: () => T | undefined | Promise<T | undefined>, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function open(relative: string): Promise<vscode.TextEditor> {
  return vscode.window.showTextDocument(await vscode.workspace.openTextDocument(vscode.Uri.joinPath(root(), relative)));
}

async function closeAll(): Promise<void> {
  for (let i = 0; i < 20 && vscode.window.visibleTextEditors.length > 0; i++) {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

const codeOf = (d: vscode.Diagnostic): string => (typeof d.code === 'object' ? String(d.code.value) : String(d.code));
const hoverText = (hovers: vscode.Hover[]): string => hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');

interface NodeLike {
  readonly kind: string;
}

/**
 * The draft rendered by the extension's markdown-it plugin, as the Markdown preview renders it
 * (VS Code's Markdown extension passes the document as `env.currentDocument`). The workbench used
 * here (code-server) ships the built-in Markdown extension without its browser build, so its
 * preview runs in the server's extension host and cannot load a web extension's plugin; vscode.dev
 * runs both in the browser. The first render starts loading the references; a later one shows them.
 */
async function renderDraft(document: vscode.TextDocument, expect: RegExp): Promise<string> {
  const extension = await api();
  const md = extension.extendMarkdownIt(new MarkdownIt({ html: true }));
  let html = '';
  try {
    return await waitFor(async () => {
      html = md.render(document.getText(), { currentDocument: document.uri });
      await extension.previewReady();
      return expect.test(html) ? html : undefined;
    }, `the plugin to render ${String(expect)}`, 45_000);
  } catch (error) {
    // Say why: the extension's log (a worker that did not start, a style that was not read).
    const log = extension.logEntries().slice(-8).map((e) => JSON.stringify(e)).join('\n');
    throw new Error(`${error instanceof Error ? error.message : String(error)}\nlast render: ${html.slice(0, 600)}\nlog:\n${log}`);
  }
}

/** Defines the suite (called by index.ts once mocha's browser build is set up). */
export function defineWebTests(): void {
  describe('web extension (browser workbench, virtual workspace)', () => {
    afterEach(async () => {
      await vscode.workspace.getConfiguration('ris.citation').update('style', undefined, vscode.ConfigurationTarget.Global);
      await closeAll();
    });

    it('runs the browser bundle in the web worker extension host, on a memfs: workspace', async () => {
      equal(root().scheme, 'memfs');
      const extension = await api();
      ok(extension.logEntries().some((e) => /\(web\) activated/.test(JSON.stringify(e))), 'the log says the web host activated');
      equal(vscode.env.uiKind, vscode.UIKind.Web);
    });

    it('publishes diagnostics for a broken export and hovers its tags', async () => {
      await api();
      const editor = await open('inbox/psycinfo-search.ris');
      const diagnostics = await waitFor(() => {
        const all = vscode.languages.getDiagnostics(editor.document.uri);
        return all.some((d) => codeOf(d) === 'ris.missing-end') ? all : undefined;
      }, 'ris.missing-end');
      const codes = new Set(diagnostics.map(codeOf));
      for (const expected of ['ris.missing-end', 'ris.invalid-doi', 'ris.unknown-type']) ok(codes.has(expected), `${expected} among ${[...codes].join(', ')}`);
      const scopus = await open('searches/scopus-export.ris');
      const auLine = scopus.document.getText().split(/\r?\n/).findIndex((l) => l.startsWith('AU  - '));
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', scopus.document.uri, new vscode.Position(auLine, 1));
      match(hoverText(hovers), /[Aa]uthor/);
    });

    it('lists the references of the closed RIS files in the References view', async () => {
      const extension = await api();
      const provider = extension.referencesView.provider;
      const groups = await waitFor(async () => {
        const found = ((await provider.getChildren()) ?? []) as NodeLike[];
        return found.length === 4 ? found : undefined;
      }, 'four RIS files in the References view');
      equal(groups.map((g) => (provider.getTreeItem(g) as vscode.TreeItem).label), ['inbox/psycinfo-search.ris', 'searches/embase-export.ris', 'searches/pubmed-endnote.ris', 'searches/scopus-export.ris']);
      const scopus = ((await provider.getChildren(groups[3])) ?? []) as NodeLike[];
      equal(scopus.length, 12);
      equal((provider.getTreeItem(scopus[0]) as vscode.TreeItem).description, 'liu2021advances');
    });

    it('inserts a citation from the References view at the cursor', async () => {
      const extension = await api();
      const provider = extension.referencesView.provider;
      const groups = ((await provider.getChildren()) ?? []) as NodeLike[];
      const scopus = ((await provider.getChildren(groups[3])) ?? []) as NodeLike[];
      const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: 'As shown before.' });
      const editor = await vscode.window.showTextDocument(document);
      editor.selection = new vscode.Selection(0, 9, 0, 9);
      await vscode.commands.executeCommand('ris.insertCitation', scopus[0], [scopus[0], scopus[7]]);
      equal(editor.document.getText(), 'As shown [@liu2021advances; @shen2017deep]before.');
    });

    it('renders the draft’s citations with the preview’s markdown-it plugin, formatted in a Web Worker (APA)', async () => {
      const editor = await open('draft.md');
      const html = await renderDraft(editor.document, /class="citation"/);
      match(html, /<a href="#ref-liu2021advances">\(Liu et al\., 2021; Shen et al\., 2017\)<\/a>/);
      match(html, /id="ref-litjens2017survey" class="csl-entry">Litjens, G\., Kooi, T\., /);
    });

    it('reads a user .csl style through workspace.fs', async () => {
      const editor = await open('draft.md');
      await vscode.workspace.getConfiguration('ris.citation').update('style', 'styles/numbered.csl', vscode.ConfigurationTarget.Global);
      const html = await renderDraft(editor.document, /class="references csl-bib-body numbered/);
      match(html, /<a href="#ref-liu2021advances">\(1,2\)<\/a>/);
    });
  });
}
