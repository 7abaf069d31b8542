import * as vscode from 'vscode';
import { editsSetType, fileFixes, fixesForDiagnostic, makeReadableByPandocFix, type RisFix } from '../../core/fixes';
import type { TextEdit } from '../../core/text/edits';
import { DiagnosticCode } from '../../core/validation/codes';
import type { RisDiagnostic } from '../../core/validation/validate';
import { typeCompletions } from '../../core/ris/spec/completion';
import type { RisDocuments } from '../documents';
import { toRange } from '../documents';
import type { DiagnosticsManager } from './diagnosticsManager';
import type { Log } from '../log';
import type { Settings } from '../settings';
import { COMPARE_RECORDS_COMMAND } from '../dedup/recordCompare';

const RIS: vscode.DocumentSelector = { language: 'ris' };
const FIX_ALL = vscode.CodeActionKind.SourceFixAll.append('ris');
const CHOOSE_TYPE_COMMAND = '_ris.chooseTypeForRecord';
/** Up to this many records, the file-wide fixes are listed in automatic code-action requests too. */
const AUTOMATIC_FILE_FIXES_MAX_RECORDS = 2000;

/** A workspace edit of core text edits (offsets into the document's current text). */
export function toWorkspaceEdit(document: vscode.TextDocument, edits: readonly TextEdit[]): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  for (const e of edits) edit.replace(document.uri, toRange(document, e), e.newText);
  return edit;
}

/** Applies "Make this file readable by pandoc" as one undoable edit; false when nothing changes. */
export async function applyPandocFixAll(documents: RisDocuments, document: vscode.TextDocument): Promise<boolean> {
  const fix = makeReadableByPandocFix(documents.get(document));
  if (!fix || fix.edits.length === 0) return false;
  return vscode.workspace.applyEdit(toWorkspaceEdit(document, fix.edits));
}

/**
 * Quick fixes for RIS diagnostics (the light bulb), file-wide fix-alls, and `source.fixAll.ris` for
 * "Fix All" and `editor.codeActionsOnSave`. Every fix is a workspace edit, so Undo reverts it.
 */
class RisCodeActionProvider implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix, FIX_ALL];

  constructor(
    private readonly documents: RisDocuments,
    private readonly diagnostics: DiagnosticsManager,
    private readonly settings: Settings,
    private readonly log: Log,
  ) {}

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    if (context.only && FIX_ALL.contains(context.only) && !context.only.contains(vscode.CodeActionKind.QuickFix)) {
      const pandoc = makeReadableByPandocFix(this.documents.get(document));
      return pandoc ? [this.toAction(document, pandoc, [], FIX_ALL)] : [];
    }
    // Asked after every keystroke for the cursor's line: without a problem of ours there, nothing to parse.
    const ours = context.diagnostics.filter((d) => d.source === 'RIS');
    if (ours.length === 0) return [];
    const parsed = this.documents.get(document);
    const core = this.diagnostics.coreDiagnosticsFor(document);
    const pinPattern = this.settings.get('citationKey.pattern', document.uri);
    const actions: vscode.CodeAction[] = [];
    const seen = new Set<string>();
    for (const diagnostic of ours) {
      const match = findCore(document, core, diagnostic);
      if (!match) continue;
      const onError = (error: unknown): void => this.log.error(`Computing the quick fixes for ${match.code} failed`, error);
      for (const fix of fixesForDiagnostic(parsed, match, { fileWide: false, pinPattern, onError })) {
        if (fix.kind === 'source.fixAll') continue; // listed once below
        // Two diagnostics on one line (missing-end and pandoc's "missing final ER") share a fix.
        const id = `${fix.title}@${fix.edits[0]?.start ?? -1}`;
        if (seen.has(id)) continue;
        seen.add(id);
        actions.push(this.toAction(document, fix, [diagnostic]));
      }
      if (match.code === DiagnosticCode.DuplicateRecord) actions.push(...duplicateActions(document, diagnostic));
      if (match.code === DiagnosticCode.MissingType && match.data?.recordIndex !== undefined) {
        const action = new vscode.CodeAction('Add a TY line, choosing the reference type…', vscode.CodeActionKind.QuickFix);
        action.diagnostics = [diagnostic];
        action.command = { title: action.title, command: CHOOSE_TYPE_COMMAND, arguments: [document.uri, match.data.recordIndex] };
        actions.push(action);
      }
    }
    // VS Code asks again after every keystroke to place the light bulb (an automatic request): in a
    // large export the file-wide fixes, which read the whole file, wait until the menu is opened.
    const fileWide = context.triggerKind === vscode.CodeActionTriggerKind.Invoke || parsed.records.length <= AUTOMATIC_FILE_FIXES_MAX_RECORDS;
    for (const fix of fileWide ? fileFixes(parsed) : []) {
      if (seen.has(fix.title)) continue;
      seen.add(fix.title);
      actions.push(this.toAction(document, fix, ours));
    }
    return actions;
  }

  private toAction(document: vscode.TextDocument, fix: RisFix, diagnostics: vscode.Diagnostic[], kind?: vscode.CodeActionKind): vscode.CodeAction {
    // The light-bulb menu shows plain text: `ER  - ` reads better as "ER  - ".
    const action = new vscode.CodeAction(fix.title.replace(/`([^`]*)`/g, '"$1"'), kind ?? vscode.CodeActionKind.QuickFix);
    action.edit = toWorkspaceEdit(document, fix.edits);
    action.diagnostics = diagnostics;
    action.isPreferred = fix.isPreferred ?? false;
    return action;
  }
}

/**
 * "Go to the other record" and "Compare with the other record" for a `ris.duplicate-record`
 * diagnostic, one pair per other record it names (at most three).
 */
function duplicateActions(document: vscode.TextDocument, diagnostic: vscode.Diagnostic): vscode.CodeAction[] {
  const actions: vscode.CodeAction[] = [];
  const here = { uri: document.uri, line: diagnostic.range.start.line };
  for (const related of (diagnostic.relatedInformation ?? []).slice(0, 3)) {
    const { uri, range } = related.location;
    const where = `${uri.path.slice(uri.path.lastIndexOf('/') + 1)}, line ${range.start.line + 1}`;
    const go = new vscode.CodeAction(`Go to the other record (${where})`, vscode.CodeActionKind.QuickFix);
    go.diagnostics = [diagnostic];
    go.command = { title: go.title, command: 'vscode.open', arguments: [uri, { selection: new vscode.Range(range.start, range.start) }] };
    const compare = new vscode.CodeAction(`Compare with the other record (${where})`, vscode.CodeActionKind.QuickFix);
    compare.diagnostics = [diagnostic];
    compare.command = { title: compare.title, command: COMPARE_RECORDS_COMMAND, arguments: [here, { uri, line: range.start.line }] };
    actions.push(compare, go);
  }
  return actions;
}

/** The core diagnostic behind a VS Code diagnostic: same code and same range. */
function findCore(document: vscode.TextDocument, core: readonly RisDiagnostic[], diagnostic: vscode.Diagnostic): RisDiagnostic | undefined {
  const code = typeof diagnostic.code === 'object' ? String(diagnostic.code.value) : String(diagnostic.code);
  const start = document.offsetAt(diagnostic.range.start);
  const end = document.offsetAt(diagnostic.range.end);
  return core.find((d) => d.code === code && d.start === start && d.end === end) ?? core.find((d) => d.code === code && d.start === start);
}

/** Registers the code action provider and the type picker behind "Add a TY line, choosing…". */
export function registerCodeActions(documents: RisDocuments, diagnostics: DiagnosticsManager, settings: Settings, log: Log): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.languages.registerCodeActionsProvider(RIS, new RisCodeActionProvider(documents, diagnostics, settings, log), {
      providedCodeActionKinds: RisCodeActionProvider.kinds,
    }),
    vscode.commands.registerCommand(CHOOSE_TYPE_COMMAND, async (uri: vscode.Uri, recordIndex: number) => {
      const document = await vscode.workspace.openTextDocument(uri);
      const items = typeCompletions().map((t) => ({ label: t.code, description: t.label, detail: t.detail }));
      const picked = await vscode.window.showQuickPick(items, { title: 'Reference type for this record', placeHolder: 'JOUR' });
      if (!picked) return false;
      const record = documents.get(document).records[recordIndex];
      if (!record) return false;
      return vscode.workspace.applyEdit(toWorkspaceEdit(document, editsSetType(documents.get(document), record, picked.label)));
    }),
  );
}
