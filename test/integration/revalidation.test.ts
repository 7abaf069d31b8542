/**
 * The incremental re-validation in a real editor: after each of a series of keystrokes and pasted
 * lines in an open RIS document, the Problems panel must list exactly what a full validation of the
 * document's text gives (the extension re-parses and re-validates only the records an edit touched).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activateExtension, waitFor } from './helpers';
import { parseRis } from '../../src/core/ris/parser';
import { validateRis } from '../../src/core/validation/validate';
import { recordLabel } from '../../src/core/ris/recordSummary';
import { normalizeDoi } from '../../src/core/ris/doi';
import { DEFAULT_SEVERITIES, DiagnosticCode, type Severity } from '../../src/core/validation/codes';

const record = (i: number, doi: string): string =>
  `TY  - JOUR\nTI  - Title number ${i}\nAU  - Doe J\nPY  - 20${10 + (i % 10)}\nDO  - ${doi}\nER  - \n\n`;

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((line, i) => line === b[i]);
}

/** Asserts two lists of lines are equal, naming the first difference (a whole list is too large to print). */
function sameLines(actual: readonly string[], wanted: readonly string[], what: string): void {
  const at = actual.findIndex((line, i) => line !== wanted[i]);
  if (at < 0 && actual.length === wanted.length) return;
  const i = at < 0 ? Math.min(actual.length, wanted.length) : at;
  assert.fail(`${what}: ${actual.length} lines, expected ${wanted.length}; first difference at ${i}: ${JSON.stringify(actual[i])} instead of ${JSON.stringify(wanted[i])}`);
}

/** What the Problems panel shows, reduced to comparable strings. */
function shown(uri: vscode.Uri): string[] {
  return vscode.languages.getDiagnostics(uri).map((d) => {
    const code = typeof d.code === 'object' ? String(d.code.value) : String(d.code);
    return `${code} ${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${d.message}`;
  });
}

/** What a full validation of the document's text gives, in the same form. */
function expected(document: vscode.TextDocument, severities?: Partial<Record<DiagnosticCode, Severity>>): string[] {
  return validateRis(parseRis(document.getText()), { uri: document.uri.toString(), severities: { ...DEFAULT_SEVERITIES, ...severities } }).map((d) => {
    const a = document.positionAt(d.start);
    const b = document.positionAt(d.end);
    return `${d.code} ${a.line}:${a.character}-${b.line}:${b.character} ${d.message}`;
  });
}

describe('Incremental re-validation in VS Code', () => {
  let folder: string | undefined;
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    if (folder !== undefined) fs.rmSync(folder, { recursive: true, force: true });
  });

  it('shows what a full validation shows after each edit', async () => {
    const api = await activateExtension();
    const content = Array.from({ length: 200 }, (_, i) => record(i, `10.1000/${i}`)).join('');
    // A file of its own (not an untitled document, whose name "Untitled-N" another suite's closed
    // document may still hold in the extension host while VS Code reuses it).
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ris-revalidate-'));
    const file = path.join(folder, 'edited.ris');
    fs.writeFileSync(file, content);
    const document = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    assert.equal(document.getText(), content, 'the document holds the text written');
    const editor = await vscode.window.showTextDocument(document);
    await waitFor(() => (shown(document.uri).length > 0 ? true : undefined), 'first diagnostics');
    /** The first line at or after `from` for which `test` holds (the test fails clearly if there is none). */
    const lineWhere = (text: string, from: number, test: (line: string) => boolean): number => {
      const found = text.split('\n').findIndex((l, k) => k >= from && test(l));
      assert.ok(found >= 0, `no such line after ${from} in the document (${text.length} characters)`);
      return found;
    };
    const line = (text: string, n: number): number => lineWhere(text, n, (l) => l.startsWith('DO  - '));
    const endLine = (text: string, n: number): number => lineWhere(text, n, (l) => l === 'ER  - ');
    const edits: ((b: vscode.TextEditorEdit, text: string) => void)[] = [
      (b) => b.insert(new vscode.Position(101, 9), 'x'), // a title in the middle
      (b, t) => b.replace(new vscode.Range(line(t, 300), 6, line(t, 300), 99), '10.1000/7'), // a duplicate DOI
      (b) => b.insert(new vscode.Position(10, 0), 'ID  - key\n'), // lines inserted before most records
      (b, t) => b.delete(new vscode.Range(endLine(t, 600), 0, endLine(t, 600) + 1, 0)), // an ER line removed
      (b) => b.insert(new vscode.Position(0, 0), 'TY - JOUR\nER  - \n\n'), // a malformed record first
      // One change of three parts (as with several cursors): the extension builds the new text from
      // the old one and the parts, in the order VS Code reports them.
      (b) => {
        b.insert(new vscode.Position(20, 0), 'z');
        b.insert(new vscode.Position(150, 3), 'y');
        b.insert(new vscode.Position(400, 0), 'N1  - note\n');
      },
      (b) => b.replace(new vscode.Range(30, 0, 33, 0), 'TY  - BOOK\r\nTI  - Pasted\n'), // lines pasted over others
      (b) => b.setEndOfLine(vscode.EndOfLine.CRLF), // every line ending changed
      (b) => b.insert(new vscode.Position(50, 0), 'N1  - typed after the line endings changed\n'),
    ];
    for (const [k, edit] of edits.entries()) {
      const validated = new Promise<void>((resolve) => {
        const sub = api.onDidValidate((uri) => {
          if (uri.toString() !== document.uri.toString()) return;
          sub.dispose();
          resolve();
        });
      });
      const text = document.getText();
      assert.ok(await editor.edit((b) => edit(b, text)), `edit ${k} applied`);
      await validated;
      // A validation that started before the edit reached the extension host can report first; the
      // one after it follows: what must hold is the settled state.
      await waitFor(() => (sameList(shown(document.uri), expected(document)) ? true : undefined), `the diagnostics of edit ${k}`, 10_000).catch(() => undefined);
      sameLines(shown(document.uri), expected(document), `after edit ${k}`);
      // The outline and the DOI links (kept per record that an edit did not touch) follow too.
      const parsed = parseRis(document.getText());
      const lineOf = (offset: number): number => document.positionAt(offset).line;
      const symbols = (await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', document.uri)) ?? [];
      sameLines(
        symbols.map((sym) => `${sym.range.start.line}-${sym.range.end.line} ${sym.name}`),
        parsed.records.map((r) => `${lineOf(r.start)}-${lineOf(r.end)} ${recordLabel(r)}`),
        `outline after edit ${k}`,
      );
      const links = (await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', document.uri)) ?? [];
      const dois = parsed.records.flatMap((r) => r.fields.filter((f) => f.tag === 'DO' && normalizeDoi(f.lineValue) !== undefined));
      sameLines(
        links.map((l) => `${l.range.start.line}:${l.range.start.character}-${l.range.end.character}`),
        dois.map((f) => `${document.positionAt(f.valueStart).line}:${document.positionAt(f.valueStart).character}-${document.positionAt(f.valueEnd).character}`),
        `DOI links after edit ${k}`,
      );
    }
  });

  it('validates a large document in turns as it opens, with edits typed meanwhile', async function () {
    this.timeout(240_000);
    const api = await activateExtension();
    // About 1.3 MB (the first validation of a document this large runs in turns), with duplicate DOIs.
    // Titles and DOIs of its own: the files other tests left open are indexed too (duplicates across files).
    const content = Array.from({ length: 15_000 }, (_, i) => record(200_000 + i, `10.3000/${i % 5000}`)).join('');
    assert.ok(content.length > 1_000_000);
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ris-revalidate-'));
    const uri = vscode.Uri.file(path.join(folder, 'large.ris'));
    fs.writeFileSync(uri.fsPath, content);
    const inTurns = (): number => api.logEntries().filter((e) => /large-2\.ris: 15000 records validated in turns in \d+ ms/.test(e.message)).length;
    /** Waits until the Problems panel lists what a full validation of the document's text gives. */
    const settled = async (document: vscode.TextDocument, what: string, severities?: Partial<Record<DiagnosticCode, Severity>>): Promise<void> => {
      const wanted = expected(document, severities);
      assert.ok(wanted.length > 10_000, `${wanted.length} problems`);
      await waitFor(() => (vscode.languages.getDiagnostics(document.uri).length === wanted.length && sameList(shown(document.uri), wanted) ? true : undefined), what, 120_000).catch(() => undefined);
      sameLines(shown(document.uri), wanted, what);
    };
    // Opened, then typed into at once, while its first validation runs: the edit is validated after it.
    let document = await vscode.workspace.openTextDocument(uri);
    let editor = await vscode.window.showTextDocument(document);
    assert.ok(await editor.edit((b) => b.insert(new vscode.Position(7, 0), 'TY  - JOUR\nTI  - Typed at once\nDO  - 10.3000/42\nER  - \n\n')));
    await settled(document, 'the problems after an edit typed as it opened');
    const symbols = (await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', document.uri)) ?? [];
    assert.ok(symbols[1]?.name.includes('Typed at once'), `outline: ${symbols.length} symbols, the second ${symbols[1]?.name}`);
    const folding = (await vscode.commands.executeCommand<vscode.FoldingRange[]>('vscode.executeFoldingRangeProvider', document.uri)) ?? [];
    const records = parseRis(document.getText()).records;
    // VS Code keeps the first 5,000 folding ranges (editor.foldingMaximumRegions).
    assert.equal(folding.length, Math.min(5000, records.length));
    assert.deepEqual(folding.slice(0, 100).map((f) => [f.start, f.end]), records.slice(0, 100).map((r) => [r.startLine, r.endLine]));
    // Another one, left alone while it opens: its first validation runs in turns to its end.
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    const other = vscode.Uri.file(path.join(folder, 'large-2.ris'));
    // Records of its own (the first file's copies would be duplicates across the two files).
    fs.writeFileSync(other.fsPath, Array.from({ length: 15_000 }, (_, i) => record(300_000 + i, `10.4000/${i % 5000}`)).join(''));
    const before = inTurns();
    document = await vscode.workspace.openTextDocument(other);
    editor = await vscode.window.showTextDocument(document);
    await waitFor(() => (inTurns() > before ? true : undefined), 'a validation in turns', 120_000);
    await settled(document, 'the problems of the document opened again');
    // Typed into afterwards: validated incrementally (at once).
    assert.ok(await editor.edit((b) => b.insert(new vscode.Position(1, 9), 'x')));
    await settled(document, 'the problems after an edit');
    // New severities: validated in full again, in turns.
    const config = vscode.workspace.getConfiguration('ris');
    const again = inTurns();
    try {
      await config.update('validation.medline-author-name', 'ignore', vscode.ConfigurationTarget.Global);
      await waitFor(() => (inTurns() > again ? true : undefined), 'a validation in turns with the new severities', 120_000);
      await settled(document, 'the problems with MEDLINE names ignored', { [DiagnosticCode.MedlineAuthorName]: 'ignore' });
    } finally {
      await config.update('validation.medline-author-name', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('publishes the problems again only when an edit changed them', async () => {
    const api = await activateExtension();
    // Records 0 and 1 share a DOI: two duplicate problems, far from the title typed into. Titles and
    // DOIs of their own, so that no other suite's file can share a duplicate with them.
    const own = (i: number, doi: string): string => record(i, doi).replace('Title number', 'Quiet study');
    const content = Array.from({ length: 40 }, (_, i) => own(i, i === 1 ? '10.2000/q0' : `10.2000/q${i}`)).join('');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ris-republish-'));
    folder = dir;
    const file = path.join(dir, 'quiet.ris');
    fs.writeFileSync(file, content);
    const document = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    const editor = await vscode.window.showTextDocument(document);
    await waitFor(() => (shown(document.uri).length > 0 && sameList(shown(document.uri), expected(document)) ? true : undefined), 'first diagnostics');
    const before = shown(document.uri);
    // VS Code delivers diagnostic change events 50 ms after a publication (merged): a probe published
    // for another file comes back after anything published before it, so once its event arrives,
    // every earlier publication (the first diagnostics' own included) has been delivered.
    let probes = 0;
    const flushEvents = async (): Promise<void> => {
      const probeUri = vscode.Uri.file(path.join(dir, `probe-${++probes}.ris`));
      const probe = vscode.languages.createDiagnosticCollection('republish-probe');
      let probed = false;
      const probeListener = vscode.languages.onDidChangeDiagnostics((e) => {
        if (e.uris.some((u) => u.toString() === probeUri.toString())) probed = true;
      });
      try {
        probe.set(probeUri, [new vscode.Diagnostic(new vscode.Range(0, 0, 0, 1), 'probe')]);
        await waitFor(() => (probed ? true : undefined), 'the probe published');
      } finally {
        probeListener.dispose();
        probe.dispose();
      }
    };
    let changes = 0;
    // What each publication showed, for the message of a failure.
    const published: string[][] = [];
    let lastEventAt = Date.now();
    const listener = vscode.languages.onDidChangeDiagnostics((e) => {
      if (!e.uris.some((u) => u.toString() === document.uri.toString())) return;
      lastEventAt = Date.now();
      changes++;
      published.push(shown(document.uri));
    });
    /** The first line where a publication differed from what was shown before the quiet edit. */
    const firstDifference = (): string => {
      const last = published[published.length - 1] ?? [];
      const at = last.findIndex((line, i) => line !== before[i]);
      return `${published.length} publication(s), ${last.length} problems (${before.length} before); first difference: ${JSON.stringify(at < 0 ? last[before.length] : last[at])} instead of ${JSON.stringify(at < 0 ? undefined : before[at])}`;
    };
    /**
     * Waits until no event about the document came for a second (at most 15 s): every publication
     * comes back from the workbench as a second event (it forwards the file's markers of other
     * extension hosts, none here, and the extension host's mirror collection fires for them), and on
     * a slow machine that echo can come after a later probe's own event.
     */
    const settle = async (): Promise<void> => {
      await flushEvents();
      await waitFor(() => (Date.now() - lastEventAt >= 1000 ? true : undefined), 'the events about the file to stop');
    };
    try {
      // The first diagnostics' events may still be on their way: count from after them.
      await settle();
      changes = 0;
      published.length = 0;
      const validated = (): Promise<void> =>
        new Promise<void>((resolve) => {
          const sub = api.onDidValidate((uri) => {
            if (uri.toString() !== document.uri.toString()) return;
            sub.dispose();
            resolve();
          });
        });
      // A keystroke in the title of record 20 (line 141): no problem changes.
      const quiet = validated();
      assert.ok(await editor.edit((b) => b.insert(new vscode.Position(141, 9), 'x')));
      await quiet;
      await flushEvents();
      assert.equal(changes, 0, `nothing published for an edit that changed no problem: ${changes > 0 ? firstDifference() : ''}`);
      sameLines(shown(document.uri), before, 'the problems still shown');
      sameLines(shown(document.uri), expected(document), 'the problems after the quiet edit');
      // Record 1's DOI made unique: the duplicate problems go, and that is published.
      const loud = validated();
      assert.ok(await editor.edit((b) => b.insert(new vscode.Position(11, 16), '1')));
      await loud;
      await waitFor(() => (changes > 0 ? true : undefined), 'the changed problems published', 5_000);
      sameLines(shown(document.uri), expected(document), 'the problems after the DOI edit');
      assert.ok(shown(document.uri).length < before.length, 'the duplicate problems are gone');
    } finally {
      listener.dispose();
    }
  });
});
