import * as vscode from 'vscode';
import { bibliographySectionEdit, bibliographySectionText } from '../../core/markdown/bibliographySection';
import { documentClusters } from '../../core/markdown/markdownItPlugin';
import type { CitationStyles } from './citationStyles';
import type { LibraryService } from '../library/libraryService';
import type { Log } from '../log';

const MARKDOWN_LANGUAGES = new Set(['markdown', 'quarto', 'rmd']);

/**
 * "RIS: Insert Bibliography": writes the references cited in the active Markdown document, formatted
 * in its citation style, into a section between markers; run again, it replaces that section. One
 * undoable edit. Resolves to true when the document was changed.
 */
export function registerInsertBibliography(library: LibraryService, styles: CitationStyles, log: Log): vscode.Disposable {
  return vscode.commands.registerCommand('ris.insertBibliography', async (target?: vscode.Uri): Promise<boolean> => {
    const document =
      target instanceof vscode.Uri ? await vscode.workspace.openTextDocument(target) : vscode.window.activeTextEditor?.document;
    if (!document || !MARKDOWN_LANGUAGES.has(document.languageId)) {
      void vscode.window.showInformationMessage('Open a Markdown document that cites references to insert its bibliography.');
      return false;
    }
    const text = document.getText();
    const clusters = documentClusters(text);
    if (clusters.length === 0) {
      void vscode.window.showInformationMessage(`${vscode.workspace.asRelativePath(document.uri)} cites no reference yet (cite with [@key]).`);
      return false;
    }
    const { library: lib } = await library.libraryFor(document);
    const choice = await styles.choiceFor(document);
    if (choice.problem) void vscode.window.showWarningMessage(choice.problem);
    const rendering = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: `Formatting ${clusters.length} citations (${choice.style.title})` },
      () => styles.render(lib, choice, clusters, 'markdown'),
    );
    const eol = document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
    const edit = bibliographySectionEdit(text, bibliographySectionText(rendering, choice.style.title, eol));
    if (document.getText() !== text) {
      void vscode.window.showWarningMessage('The document changed while its bibliography was formatted; run the command again.');
      return false;
    }
    const workspaceEdit = new vscode.WorkspaceEdit();
    workspaceEdit.replace(document.uri, new vscode.Range(document.positionAt(edit.start), document.positionAt(edit.end)), edit.text);
    const applied = await vscode.workspace.applyEdit(workspaceEdit);
    log.info(`Inserted a bibliography of ${rendering.bibliography.length} references (${choice.style.title}) into ${document.uri.toString(true)}`);
    if (rendering.unknown.length > 0) {
      void vscode.window.showWarningMessage(
        `No reference has the key${rendering.unknown.length > 1 ? 's' : ''} ${rendering.unknown.map((k) => `@${k}`).join(', ')}; the bibliography lists the others.`,
      );
    }
    return applied;
  });
}
