/**
 * Deciding in the editor: "RIS: Include Record", "RIS: Exclude Record…" (a reason from
 * `ris.screening.exclusionReasons`, or one typed) and "RIS: Mark Record as Maybe" write the
 * reviewer's vote (`ris.screening.reviewer`, asked once) into the record under the cursor as Rayyan
 * does (`rayyanDecisionEdit`): one undoable WorkspaceEdit that changes only the note. On records
 * selected in the References view, the vote goes to each record's screening record (the one the
 * review reads its decision from), or to the record itself when no screening file holds it. A status-bar
 * item counts what is left to screen in the review's screening files; clicking it moves to the next
 * record without a decision.
 */
import * as vscode from 'vscode';
import type { Vote } from '../../core/review/decisions';
import { screeningFilePaths } from '../../core/review/manifestFiles';
import { rayyanDecisionEdit } from '../../core/review/rayyanNote';
import { nextUnscreened, unscreenedRecords } from '../../core/review/screeningProgress';
import type { RisDocument, RisRecord } from '../../core/ris/model';
import { recordAt, type RisDocuments } from '../documents';
import type { Log } from '../log';
import type { Settings } from '../settings';
import type { ReviewService, ReviewState } from './reviewService';
import type { ScreeningDecisions } from './screeningDecisions';

const OTHER_REASON = 'Other reason…';

/** The reviewer's name: the setting, or asked once and stored in the user settings. */
async function reviewerName(settings: Settings): Promise<string | undefined> {
  const set = settings.get('screening.reviewer').trim();
  if (set !== '') return set;
  const name = await vscode.window.showInputBox({
    title: 'Your name as a reviewer',
    prompt: 'Written with your votes in the Rayyan note of each record (stored in the setting ris.screening.reviewer)',
    validateInput: (v) => (v.trim() === '' ? 'A name is needed' : /["\\]/.test(v) ? 'A name without quotes or backslashes' : undefined),
  });
  if (name === undefined || name.trim() === '') return undefined;
  await settings.update('screening.reviewer', name.trim(), vscode.ConfigurationTarget.Global);
  return name.trim();
}

async function exclusionReasons(settings: Settings): Promise<string[] | undefined> {
  const offered = settings.get('screening.exclusionReasons');
  const picked = await vscode.window.showQuickPick([...offered, OTHER_REASON], { title: 'Exclude Record: reasons', canPickMany: true, placeHolder: 'Pick one or more reasons (none: excluded without a reason)' });
  if (picked === undefined) return undefined;
  const reasons = picked.filter((p) => p !== OTHER_REASON);
  if (picked.includes(OTHER_REASON)) {
    const typed = await vscode.window.showInputBox({ title: 'Exclusion reason', prompt: 'Another reason (commas separate reasons)' });
    if (typed === undefined) return undefined;
    reasons.push(...typed.split(',').map((r) => r.trim()).filter((r) => r !== ''));
  }
  return reasons;
}

/** Writes `vote` on the record under the cursor of `editor`. True when the file changed. */
export async function decideAtCursor(editor: vscode.TextEditor, vote: Vote, documents: RisDocuments, settings: Settings, reasons: readonly string[] = [], reviewer?: string): Promise<boolean> {
  const document = editor.document;
  const parsed = documents.get(document);
  const record = recordAt(parsed, document.offsetAt(editor.selection.active));
  if (!record) {
    void vscode.window.showInformationMessage('Put the cursor in a record to decide on it.');
    return false;
  }
  return decideOn([{ document, recordIndex: parsed.records.indexOf(record) }], vote, documents, settings, reasons, reviewer);
}

/** Writes `vote` on each record (a document and a record index) as one undoable edit. True when a file changed. */
async function decideOn(targets: readonly { document: vscode.TextDocument; recordIndex: number }[], vote: Vote, documents: RisDocuments, settings: Settings, reasons: readonly string[], reviewer?: string): Promise<boolean> {
  const name = reviewer ?? (await reviewerName(settings));
  if (name === undefined) return false;
  const workspaceEdit = new vscode.WorkspaceEdit();
  let edits = 0;
  for (const { document, recordIndex } of targets) {
    const parsed = documents.get(document);
    const record = parsed.records[recordIndex];
    const edit = record ? rayyanDecisionEdit(parsed, record, { reviewer: name, vote, reasons }) : undefined;
    if (!edit) continue;
    workspaceEdit.replace(document.uri, new vscode.Range(document.positionAt(edit.start), document.positionAt(edit.end)), edit.newText);
    edits++;
  }
  if (edits === 0) {
    void vscode.window.showInformationMessage(`Already recorded: ${name}: ${vote}.`);
    return false;
  }
  return vscode.workspace.applyEdit(workspaceEdit);
}

/**
 * The References view's selected records (`{ kind: 'entry', entry: { uri, recordIndex, record } }`
 * nodes), each as its screening record when a screening file holds it (that is where the review reads
 * the decision), else as itself; opened.
 */
async function viewTargets(node: unknown, nodes: unknown, decisions: ScreeningDecisions | undefined): Promise<{ document: vscode.TextDocument; recordIndex: number }[]> {
  const all = Array.isArray(nodes) && nodes.length > 0 ? (nodes as unknown[]) : [node];
  const out: { document: vscode.TextDocument; recordIndex: number }[] = [];
  const seen = new Set<string>();
  for (const n of all) {
    const entry = typeof n === 'object' && n !== null && (n as { kind?: unknown }).kind === 'entry' ? (n as { entry?: { uri?: unknown; recordIndex?: unknown; record?: unknown } }).entry : undefined;
    if (typeof entry?.uri !== 'string' || typeof entry.recordIndex !== 'number') continue;
    const record = entry.record as RisRecord | undefined;
    const screened = record && Array.isArray(record.fields) ? decisions?.screenedRecordOf({ uri: entry.uri, recordIndex: entry.recordIndex, record }) : undefined;
    const uri = screened ? screened.file.uri : entry.uri;
    const recordIndex = screened ? screened.recordIndex : entry.recordIndex;
    // Two selected records of the same screening record (duplicates across searches) vote once.
    if (seen.has(`${uri}#${recordIndex}`)) continue;
    seen.add(`${uri}#${recordIndex}`);
    out.push({ document: await vscode.workspace.openTextDocument(vscode.Uri.parse(uri)), recordIndex });
  }
  return out;
}

/** The screening files of a review that are open or named, with their parse (open editors' text first). */
function screeningUris(state: ReviewState): vscode.Uri[] {
  return screeningFilePaths(state.parsed.manifest).flatMap((p) => {
    const uri = state.files.get(p);
    return uri ? [uri] : [];
  });
}

/** Registers the decision commands and the status-bar item. */
export function registerScreening(reviews: ReviewService, documents: RisDocuments, settings: Settings, log: Log, decisions?: ScreeningDecisions): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('ris.screening', vscode.StatusBarAlignment.Left, 50);
  item.name = 'RIS: Left to Screen';
  item.command = 'ris.screening.next';

  const reviewOf = (uri: vscode.Uri | undefined): ReviewState | undefined => {
    const key = uri?.toString();
    return reviews.reviews.find((s) => screeningUris(s).some((u) => u.toString() === key)) ?? reviews.reviews.find((s) => s.parsed.manifest.screening.length > 0);
  };
  const parseOf = (state: ReviewState, uri: vscode.Uri): RisDocument | undefined => {
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (open) return documents.get(open);
    const path = [...state.files].find(([, u]) => u.toString() === uri.toString())?.[0];
    return path === undefined ? undefined : state.docs.get(path);
  };
  const updateStatus = (): void => {
    const state = reviewOf(vscode.window.activeTextEditor?.document.uri);
    if (!state) {
      item.hide();
      return;
    }
    let left = 0;
    for (const uri of screeningUris(state)) {
      const doc = parseOf(state, uri);
      if (doc) left += unscreenedRecords(doc).length;
    }
    item.text = left === 0 ? '$(pass) Screened' : `$(checklist) ${left} to screen`;
    item.tooltip = left === 0 ? 'Every record of the screening files has a decision' : `${left} record${left === 1 ? '' : 's'} of the screening files without a decision: click for the next one`;
    item.show();
  };

  const decide = (vote: Vote) => async (node?: unknown, nodes?: unknown): Promise<void> => {
    try {
      const fromView = await viewTargets(node, nodes, decisions);
      const editor = vscode.window.activeTextEditor;
      if (fromView.length === 0 && (!editor || editor.document.languageId !== 'ris')) {
        void vscode.window.showInformationMessage('Open a RIS file and put the cursor in a record to decide on it.');
        return;
      }
      let reasons: string[] = [];
      if (vote === 'excluded') {
        const picked = await exclusionReasons(settings);
        if (picked === undefined) return;
        reasons = picked;
      }
      if (fromView.length > 0) await decideOn(fromView, vote, documents, settings, reasons);
      else if (editor) await decideAtCursor(editor, vote, documents, settings, reasons);
    } catch (error) {
      log.error(`Could not write the decision: ${error instanceof Error ? error.message : String(error)}`);
      void vscode.window.showErrorMessage(`Could not write the decision: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  const next = async (): Promise<void> => {
    const active = vscode.window.activeTextEditor;
    const state = reviewOf(active?.document.uri);
    if (!state) return;
    const uris = screeningUris(state);
    const activeKey = active?.document.uri.toString();
    // The active screening file first (after the cursor), then the others from their start.
    const ordered = [...uris.filter((u) => u.toString() === activeKey), ...uris.filter((u) => u.toString() !== activeKey)];
    for (const uri of ordered) {
      const document = await vscode.workspace.openTextDocument(uri);
      const parsed = documents.get(document);
      const fromOffset = uri.toString() === activeKey && active ? document.offsetAt(active.selection.active) : -1;
      const record = nextUnscreened(parsed, fromOffset);
      if (!record) continue;
      const at = document.positionAt(record.start);
      const editor = await vscode.window.showTextDocument(document, { selection: new vscode.Range(at, at) });
      editor.revealRange(new vscode.Range(at, at), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
      return;
    }
    void vscode.window.showInformationMessage('Every record of the screening files has a decision.');
  };

  let timer: ReturnType<typeof setTimeout> | undefined;
  const later = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      updateStatus();
    }, 200);
  };
  const disposables: vscode.Disposable[] = [
    item,
    vscode.commands.registerCommand('ris.screening.include', decide('included')),
    vscode.commands.registerCommand('ris.screening.exclude', decide('excluded')),
    vscode.commands.registerCommand('ris.screening.maybe', decide('maybe')),
    vscode.commands.registerCommand('ris.screening.next', next),
    reviews.onDidChange(updateStatus),
    vscode.window.onDidChangeActiveTextEditor(updateStatus),
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document.languageId === 'ris' && reviews.reviewNaming(e.document.uri)) later();
    }),
  ];
  return new vscode.Disposable(() => {
    if (timer !== undefined) clearTimeout(timer);
    for (const d of disposables) d.dispose();
  });
}
