/**
 * The RIS document a command on "the current RIS file" works on, when it was not given one: the
 * active editor's; else the one RIS editor in view; else one the user picks among the RIS files open
 * in tabs or in the workspace, opened in an editor so that the change is seen and Undo is at hand.
 * A command run from a walkthrough button, or with a Markdown draft or the References view focused,
 * has no RIS editor active.
 */
import * as vscode from 'vscode';
import { findWorkspaceFiles } from '../workspaceSearch';

interface RisFileItem extends vscode.QuickPickItem {
  readonly uri: vscode.Uri;
}

/** True for a RIS file: by its language when VS Code has its document, else by its name. */
function isRis(uri: vscode.Uri): boolean {
  const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  return document !== undefined ? document.languageId === 'ris' : /\.ris$/i.test(uri.path);
}

/** The RIS files open in tabs, then the workspace's other RIS files, as pick items. */
async function risFileItems(): Promise<RisFileItem[]> {
  const items: RisFileItem[] = [];
  const seen = new Set<string>();
  const add = (uri: vscode.Uri, open: boolean): void => {
    const key = uri.toString();
    if (seen.has(key)) return;
    seen.add(key);
    const relative = vscode.workspace.asRelativePath(uri);
    const slash = relative.lastIndexOf('/');
    items.push({ uri, label: relative.slice(slash + 1), description: [slash > 0 ? relative.slice(0, slash) : '', open ? 'open' : ''].filter((s) => s !== '').join(' · ') });
  };
  for (const tab of vscode.window.tabGroups.all.flatMap((group) => group.tabs)) {
    if (tab.input instanceof vscode.TabInputText && isRis(tab.input.uri)) add(tab.input.uri, true);
  }
  const files = await findWorkspaceFiles('**/*.{ris,RIS}');
  files.sort((a, b) => vscode.workspace.asRelativePath(a).localeCompare(vscode.workspace.asRelativePath(b)));
  for (const uri of files) add(uri, false);
  return items;
}

/**
 * The RIS document to work on (see the module comment); undefined, after saying why, when there is
 * none, the pick was cancelled or the file cannot be opened in an editor. `title` names what the
 * pick is for ("Make which RIS file readable by pandoc?").
 */
export async function chooseRisDocument(title: string, none: string): Promise<vscode.TextDocument | undefined> {
  const active = vscode.window.activeTextEditor?.document;
  if (active?.languageId === 'ris') return active;
  const visible = [...new Set(vscode.window.visibleTextEditors.map((e) => e.document).filter((d) => d.languageId === 'ris'))];
  if (visible.length === 1) return visible[0];
  const items = await risFileItems();
  if (items.length === 0) {
    void vscode.window.showInformationMessage(none);
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(items, { title, placeHolder: 'RIS file', matchOnDescription: true });
  if (picked === undefined) return undefined;
  try {
    return (await vscode.window.showTextDocument(picked.uri)).document;
  } catch (error) {
    void vscode.window.showErrorMessage(`${picked.label} cannot be opened in an editor: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}
