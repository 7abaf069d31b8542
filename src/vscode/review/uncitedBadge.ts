/**
 * The References view's badge while a review's Markdown draft is the active editor: the number of
 * studies included at screening that the draft does not cite (its tooltip names the command that
 * lists them). With another editor, or when the draft cites every included study, the view's badge
 * is the reference count again.
 */
import * as vscode from 'vscode';
import type { ReferencesViewHandle } from '../library/referencesView';
import type { ManuscriptCheck } from './manuscriptCheck';

/** Keeps the References view's badge on the active draft's uncited included studies. */
export function registerUncitedBadge(manuscript: ManuscriptCheck, references: Pick<ReferencesViewHandle, 'setAttention'>): vscode.Disposable {
  const update = (): void => {
    const editor = vscode.window.activeTextEditor;
    const count = editor === undefined ? undefined : manuscript.uncitedCount(editor.document.uri);
    if (editor === undefined || count === undefined || count === 0) {
      references.setAttention(undefined);
      return;
    }
    const name = editor.document.uri.path.split('/').pop() ?? 'the draft';
    const studies = count === 1 ? 'included study is' : 'included studies are';
    references.setAttention({ value: count, tooltip: `${count} ${studies} not cited in ${name} (RIS: List Included Studies Not Cited)` });
  };
  update();
  return vscode.Disposable.from(
    manuscript.onDidChangeUncited(update),
    vscode.window.onDidChangeActiveTextEditor(update),
  );
}
