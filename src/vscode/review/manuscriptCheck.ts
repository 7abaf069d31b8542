/**
 * The manuscript against the screening, in the editor: `ris.excluded-citation` on each citation of
 * an open Markdown document whose record was excluded at screening (the screening files of the
 * review whose folder holds the document, or the workspace's first review), and "RIS: List Included
 * Studies Not Cited", a quick pick of the included records the document never cites that inserts a
 * citation of the one picked. The matching itself is the core's (`screeningLookup.ts`).
 */
import * as vscode from 'vscode';
import { insertCitationEdit } from '../../core/markdown/citationInsert';
import { scanCitations } from '../../core/markdown/citationScanner';
import { needsBraces } from '../../core/keys/keySyntax';
import { screeningFilePaths } from '../../core/review/manifestFiles';
import { excludedCitationDiagnostics, includedNotCited } from '../../core/review/screeningLookup';
import { DiagnosticCode } from '../../core/validation/codes';
import type { LibraryService } from '../library/libraryService';
import type { Log } from '../log';
import type { Settings } from '../settings';
import type { ReviewService, ReviewState } from './reviewService';
import { screeningLookupOf as lookupOf } from './screeningDecisions';

const MARKDOWN_LANGUAGES = new Set(['markdown', 'quarto', 'rmd']);

function toSeverity(level: string): vscode.DiagnosticSeverity {
  return level === 'error' ? vscode.DiagnosticSeverity.Error : level === 'info' ? vscode.DiagnosticSeverity.Information : level === 'hint' ? vscode.DiagnosticSeverity.Hint : vscode.DiagnosticSeverity.Warning;
}

/** Checks open Markdown documents against the review's screening and lists included studies not cited. */
export class ManuscriptCheck implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('ris-screening');
  private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly validated = new vscode.EventEmitter<vscode.Uri>();
  /** Fires after a Markdown document's screening diagnostics were published. */
  readonly onDidValidate = this.validated.event;
  /** Included studies each checked Markdown document does not cite, by document URI. */
  private readonly uncited = new Map<string, number>();
  private readonly uncitedChanged = new vscode.EventEmitter<vscode.Uri>();
  /** Fires when the number of included studies a Markdown document does not cite may have changed. */
  readonly onDidChangeUncited = this.uncitedChanged.event;
  private readonly disposables: vscode.Disposable[] = [this.collection, this.validated, this.uncitedChanged];

  constructor(
    private readonly reviews: ReviewService,
    private readonly library: LibraryService,
    private readonly settings: Settings,
    private readonly log: Log,
  ) {
    const all = (): void => {
      for (const d of vscode.workspace.textDocuments) this.schedule(d, 0);
    };
    this.disposables.push(
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document)),
      vscode.workspace.onDidCloseTextDocument((d) => {
        this.collection.delete(d.uri);
        this.setUncited(d.uri, undefined);
      }),
      reviews.onDidChange(all),
      library.onDidChange(all),
      settings.onDidChange((e) => {
        if (e.affects('validation')) all();
      }),
      vscode.commands.registerCommand('ris.review.uncitedStudies', () => this.listUncited()),
    );
    all();
  }

  private schedule(document: vscode.TextDocument, delay = 500): void {
    if (!MARKDOWN_LANGUAGES.has(document.languageId)) return;
    const key = document.uri.toString();
    const old = this.pending.get(key);
    if (old !== undefined) clearTimeout(old);
    this.pending.set(
      key,
      setTimeout(() => {
        this.pending.delete(key);
        void this.check(document).catch((error: unknown) => this.log.error('Checking citations against the screening failed', error));
      }, delay),
    );
  }

  /** The review of a document: the one whose folder holds it, else the first with screening files. */
  private async reviewFor(uri: vscode.Uri): Promise<ReviewState | undefined> {
    const states = (await this.reviews.states()).filter((s) => screeningFilePaths(s.parsed.manifest).length > 0);
    const inside = states.filter((s) => uri.toString().startsWith(`${s.folder.toString()}/`)).sort((a, b) => b.folder.toString().length - a.folder.toString().length);
    return inside[0] ?? states[0];
  }

  private async check(document: vscode.TextDocument): Promise<void> {
    if (document.isClosed) return;
    const version = document.version;
    const state = await this.reviewFor(document.uri);
    const severity = this.settings.validation(document.uri).severities[DiagnosticCode.ExcludedCitation];
    if (!state) this.setUncited(document.uri, undefined);
    if (!state || severity === 'ignore') {
      this.collection.delete(document.uri);
      this.validated.fire(document.uri);
      if (!state) return;
    }
    const { library } = await this.library.libraryFor(document);
    if (document.isClosed || document.version !== version) return;
    const citations = scanCitations(document.getText());
    const byKey = (key: string) => library.byKey(key);
    const lookup = lookupOf(state);
    this.setUncited(document.uri, includedNotCited(lookup, citations.map((c) => c.key), byKey, library.entries).length);
    if (severity === 'ignore') return;
    const found = excludedCitationDiagnostics(citations, byKey, lookup, severity);
    this.collection.set(
      document.uri,
      found.map((f) => {
        const d = new vscode.Diagnostic(new vscode.Range(document.positionAt(f.start), document.positionAt(f.end)), f.message, toSeverity(f.severity));
        d.source = 'RIS References';
        d.code = f.code;
        return d;
      }),
    );
    this.validated.fire(document.uri);
  }

  /** How many included studies the Markdown document does not cite (undefined: not a review's draft, or not checked yet). */
  uncitedCount(uri: vscode.Uri): number | undefined {
    return this.uncited.get(uri.toString());
  }

  private setUncited(uri: vscode.Uri, count: number | undefined): void {
    const key = uri.toString();
    if (this.uncited.get(key) === count) return;
    if (count === undefined) this.uncited.delete(key);
    else this.uncited.set(key, count);
    this.uncitedChanged.fire(uri);
  }

  /** "RIS: List Included Studies Not Cited": a quick pick; picking one cites it at the cursor. */
  async listUncited(): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    if (!editor || !MARKDOWN_LANGUAGES.has(editor.document.languageId)) {
      void vscode.window.showInformationMessage('Open the review\'s Markdown draft to list the included studies it does not cite.');
      return;
    }
    const document = editor.document;
    const state = await this.reviewFor(document.uri);
    if (!state) {
      void vscode.window.showInformationMessage('No review.yaml with screening files in the workspace.');
      return;
    }
    const { library } = await this.library.libraryFor(document);
    const keys = scanCitations(document.getText()).map((c) => c.key);
    const uncited = includedNotCited(lookupOf(state), keys, (key) => library.byKey(key), library.entries);
    if (uncited.length === 0) {
      void vscode.window.showInformationMessage('The draft cites every included study.');
      return;
    }
    const picked = await vscode.window.showQuickPick(
      uncited.map((u) => ({ label: u.label, description: u.key !== undefined ? `@${u.key}` : 'not in this document\'s bibliography', detail: `${u.screened.file.label}, record ${u.screened.recordIndex + 1}`, study: u })),
      { title: `${uncited.length} included ${uncited.length === 1 ? 'study' : 'studies'} not cited`, placeHolder: 'Pick one to cite it at the cursor', matchOnDescription: true },
    );
    if (!picked) return;
    const key = picked.study.key;
    if (key === undefined) {
      void vscode.window.showInformationMessage(`"${picked.label}" is in no RIS file of this document's bibliography: add it there to cite it.`);
      return;
    }
    const format = this.settings.get('citation.format', document.uri);
    const template = this.settings.get('citation.template', document.uri);
    const edit = insertCitationEdit(document.getText(), document.offsetAt(editor.selection.active), [key], format === 'template' ? template : format, needsBraces);
    const workspaceEdit = new vscode.WorkspaceEdit();
    workspaceEdit.replace(document.uri, new vscode.Range(document.positionAt(edit.start), document.positionAt(edit.end)), edit.newText);
    await vscode.workspace.applyEdit(workspaceEdit);
  }

  dispose(): void {
    for (const t of this.pending.values()) clearTimeout(t);
    for (const d of this.disposables) d.dispose();
  }
}
