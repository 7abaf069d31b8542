import * as vscode from 'vscode';
import type { Log } from './log';
import type { RisDocuments } from './documents';
import type { DiagnosticsManager } from './ris/diagnosticsManager';
import { selectRecord } from './ris/structureProviders';
import { applyPandocFixAll } from './ris/codeActions';
import { chooseRisDocument } from './ris/chooseRisDocument';

interface Services {
  readonly log: Log;
  readonly documents: RisDocuments;
  readonly diagnostics: DiagnosticsManager;
}

/** Registers the extension's commands. */
export function registerCommands({ log, documents, diagnostics }: Services): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand('ris.showLog', () => log.show()),
    vscode.commands.registerTextEditorCommand('ris.selectRecord', (editor) => {
      if (!selectRecord(documents, editor)) void vscode.window.showInformationMessage('The cursor is not inside a RIS record.');
    }),
    vscode.commands.registerCommand('ris.makePandocReadable', async (uri?: vscode.Uri) => {
      const document = uri
        ? await vscode.workspace.openTextDocument(uri)
        : await chooseRisDocument('Make which RIS file readable by pandoc?', 'There is no RIS file to make readable by pandoc: open one, or save an export in this folder.');
      if (!document) return false;
      if (document.languageId !== 'ris') {
        void vscode.window.showInformationMessage('Open a RIS file to make it readable by pandoc.');
        return false;
      }
      const changed = await applyPandocFixAll(documents, document);
      void vscode.window.showInformationMessage(
        changed ? `${vscode.workspace.asRelativePath(document.uri)} is now readable by pandoc (Undo reverts it).` : 'Nothing to change: pandoc can read this file.',
      );
      return changed;
    }),
    vscode.commands.registerCommand('ris.checkWorkspace', async () => {
      const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: 'Checking RIS files' },
        () => diagnostics.validateWorkspace(),
      );
      log.info(`Checked ${result.files} RIS file(s): ${result.problems} problem(s)`);
      if (result.problems > 0) await vscode.commands.executeCommand('workbench.actions.view.problems');
      else void vscode.window.showInformationMessage(`No problems in ${result.files} RIS file(s).`);
      return result;
    }),
  );
}
