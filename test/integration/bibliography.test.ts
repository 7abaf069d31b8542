import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parseRis } from '../../src/core/ris/parser';
import { decodeRisBytes } from '../../src/core/ris/decode';
import { Library } from '../../src/core/library/referenceLibrary';
import { activateExtension, openWorkspaceFile, waitFor } from './helpers';

const DRAFT = 'draft.md';
const START = '<!-- ris-references:bibliography';
const END = '<!-- /ris-references:bibliography -->';

async function closeAll(): Promise<void> {
  for (let i = 0; i < 20 && vscode.window.visibleTextEditors.length > 0; i++) {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

async function setGlobal(section: string, key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration(section).update(key, value, vscode.ConfigurationTarget.Global);
}

/**
 * The draft rendered by the built-in Markdown extension (`markdown.api.render` goes through the same
 * markdown-it engine and plugins as the preview). The first render starts loading the library and
 * shows citations as written; the second, after loading, is the one a preview refresh shows.
 */
async function renderDraft(document: vscode.TextDocument, expect: RegExp): Promise<string> {
  const api = await activateExtension();
  return waitFor(async () => {
    const html = await vscode.commands.executeCommand<string>('markdown.api.render', document);
    await api.previewReady();
    return expect.test(html) ? html : undefined;
  }, `the preview to render ${String(expect)}`, 30_000);
}

function count(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

describe('bibliographies', () => {
  afterEach(async () => {
    await setGlobal('ris.citation', 'style', undefined);
    await setGlobal('ris.preview', 'citations', undefined);
    await closeAll();
  });

  it('renders the draft’s citations and bibliography in the Markdown preview (APA)', async () => {
    const editor = await openWorkspaceFile(DRAFT);
    const html = await renderDraft(editor.document, /class="citation"/);
    assert.match(html, /<span class="citation" data-cites="liu2021advances shen2017deep"[^>]*><a href="#ref-liu2021advances">\(Liu et al\., 2021; Shen et al\., 2017\)<\/a><\/span>/);
    assert.match(html, /\(see Litjens et al\., 2017, pp\. 62–65\)/);
    assert.match(html, /Broad overviews of the field are given by <span class="citation"[^>]*><a[^>]*>Topol \(2019\)<\/a>/);
    assert.match(html, /<div id="refs" class="references csl-bib-body hanging-indent">/);
    const entries = html.match(/<div id="ref-[^"]+" class="csl-entry">/g) ?? [];
    const cited = new Set([...editor.document.getText().matchAll(/@([a-z0-9]+)/g)].map((m) => m[1]).filter((k) => k !== 'example'));
    assert.equal(entries.length, cited.size, `one entry per cited key (${[...cited].join(', ')})`);
    assert.match(html, /id="ref-litjens2017survey" class="csl-entry">Litjens, G\., Kooi, T\., /);
    assert.ok(html.includes('review-team@example.org'), 'the e-mail address stays as written');
    // The bibliography comes after the "References" heading at the end of the draft.
    assert.ok(html.indexOf('id="refs"') > html.indexOf('>References</h1>'));
  });

  it('keeps the preview responsive while an edited citation is formatted in the worker', async () => {
    const editor = await openWorkspaceFile(DRAFT);
    await renderDraft(editor.document, /\(Ronneberger et al\., 2015\)/);
    const at = editor.document.positionAt(editor.document.getText().indexOf('set the standard'));
    assert.ok(await editor.edit((b) => b.insert(at, '[@topol2019high] ')));
    // The first render after the edit comes back at once: unchanged citations keep their text,
    // the new one shows as written until the worker has formatted it.
    const provisional = await vscode.commands.executeCommand<string>('markdown.api.render', editor.document);
    assert.match(provisional, /\(Ronneberger et al\., 2015\)/);
    assert.match(provisional, /\[@topol2019high\] set the standard/);
    const api = await activateExtension();
    await api.previewReady();
    const formatted = await vscode.commands.executeCommand<string>('markdown.api.render', editor.document);
    assert.match(formatted, /<a href="#ref-topol2019high">\(Topol, 2019\)<\/a><\/span> set the standard/);
  });

  it('follows ris.citation.style and ris.preview.citations', async () => {
    const editor = await openWorkspaceFile(DRAFT);
    await setGlobal('ris.citation', 'style', 'vancouver');
    const numbered = await renderDraft(editor.document, /class="references csl-bib-body numbered/);
    assert.match(numbered, /<a href="#ref-liu2021advances">\(1,2\)<\/a>/);
    assert.match(numbered, /<div class="csl-left-margin">1\.<\/div><div class="csl-right-inline">Liu X, /);
    await setGlobal('ris.preview', 'citations', false);
    const plain = await renderDraft(editor.document, /\[@liu2021advances; @shen2017deep\]/);
    assert.ok(!plain.includes('id="refs"'));
  });

  it('shows the reference in the citation style in the citation hover', async () => {
    const editor = await openWorkspaceFile(DRAFT);
    const offset = editor.document.getText().indexOf('@ronneberger2015unet') + 3;
    const hovers = await waitFor(async () => {
      const found = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, editor.document.positionAt(offset));
      return found.length > 0 ? found : undefined;
    }, 'a hover');
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /Ronneberger, O\., Fischer, P\., (?:&|&amp;) Brox, T\. \(2015\)\./);
    assert.match(text, /APA Style 7th edition/);
  });

  it('inserts one bibliography section, updates it in place, and undo restores each step', async () => {
    const editor = await openWorkspaceFile(DRAFT);
    const original = editor.document.getText();
    assert.ok(!original.includes(START));

    assert.equal(await vscode.commands.executeCommand('ris.insertBibliography'), true);
    const apa = editor.document.getText();
    assert.equal(count(apa, START), 1);
    assert.equal(count(apa, END), 1);
    assert.ok(apa.startsWith(original.trimEnd()), 'the text before the section is unchanged');
    assert.match(apa, /\n\nRonneberger, O\., Fischer, P\., & Brox, T\. \(2015\)\. U-Net: Convolutional networks for biomedical image segmentation\./);

    await setGlobal('ris.citation', 'style', 'vancouver');
    assert.equal(await vscode.commands.executeCommand('ris.insertBibliography'), true);
    const vancouver = editor.document.getText();
    assert.equal(count(vancouver, START), 1, 'still one section');
    assert.match(vancouver, /\n1\\\. Liu X, /);
    assert.equal(vancouver.slice(0, vancouver.indexOf(START)), apa.slice(0, apa.indexOf(START)));

    await vscode.commands.executeCommand('undo');
    assert.equal(editor.document.getText(), apa);
    await vscode.commands.executeCommand('undo');
    assert.equal(editor.document.getText(), original);
  });

  it('renders a document with an inserted bibliography without adding a second one', async () => {
    const editor = await openWorkspaceFile(DRAFT);
    assert.equal(await vscode.commands.executeCommand('ris.insertBibliography'), true);
    const html = await renderDraft(editor.document, /class="citation"/);
    assert.ok(!html.includes('id="refs"'));
    assert.match(html, /<p[^>]*>Litjens, G\., Kooi, T\., /);
  });

  it('exports the references the draft cites; the RIS re-imports to the same records and keys', async () => {
    const editor = await openWorkspaceFile(DRAFT);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ris-export-'));
    try {
      const cited = new Set([...editor.document.getText().matchAll(/@([a-z0-9]+)/g)].map((m) => m[1] ?? '').filter((k) => k !== 'example'));
      const risTarget = vscode.Uri.file(path.join(dir, 'cited.ris'));
      const written = await vscode.commands.executeCommand<vscode.Uri | undefined>('ris.export', { scope: 'cited', uri: editor.document.uri, format: 'ris', target: risTarget });
      assert.equal(written?.fsPath, risTarget.fsPath);

      // The source records, as the library reads them.
      const sources = await Promise.all(
        ['searches/scopus-export.ris', 'searches/pubmed-endnote.ris'].map(async (relative) => {
          const uri = vscode.Uri.joinPath(editor.document.uri, '..', relative);
          return { uri: uri.toString(), doc: parseRis(decodeRisBytes(await vscode.workspace.fs.readFile(uri)).text) };
        }),
      );
      const library = new Library(sources);
      const reimported = new Library([{ uri: 'cited.ris', doc: parseRis(fs.readFileSync(risTarget.fsPath, 'utf8')) }]);
      assert.deepEqual(new Set(reimported.entries.map((e) => e.key)), cited);
      for (const entry of reimported.entries) {
        const source = library.byKey(entry.key);
        assert.ok(source, entry.key);
        const values = (r: typeof entry.record): string[] => r.fields.filter((f) => f.tag !== 'ID').map((f) => `${f.tag}=${f.value.replace(/\s+/g, ' ').trim()}`);
        assert.deepEqual(values(entry.record), values(source.record), `the values of ${entry.key}`);
        assert.equal(entry.record.type, source.record.type);
      }

      const jsonTarget = vscode.Uri.file(path.join(dir, 'cited.json'));
      await vscode.commands.executeCommand('ris.export', { scope: 'cited', uri: editor.document.uri, format: 'csl-json', target: jsonTarget });
      const items = JSON.parse(fs.readFileSync(jsonTarget.fsPath, 'utf8')) as { id: string; title?: string }[];
      assert.deepEqual(new Set(items.map((i) => i.id)), cited);
      assert.equal(items.find((i) => i.id === 'ronneberger2015unet')?.title, 'U-Net: Convolutional networks for biomedical image segmentation');

      // An existing file is never overwritten without being asked.
      const before = fs.readFileSync(risTarget.fsPath, 'utf8');
      const again = await vscode.commands.executeCommand<vscode.Uri | undefined>('ris.export', { scope: 'workspace', format: 'bibtex', target: risTarget });
      assert.equal(again, undefined);
      assert.equal(fs.readFileSync(risTarget.fsPath, 'utf8'), before);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
