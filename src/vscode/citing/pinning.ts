import * as vscode from 'vscode';
import { parseRis } from '../../core/ris/parser';
import { assignPandocKeys } from '../../core/keys/pandocKeys';
import type { LibraryService } from '../library/libraryService';
import type { Settings } from '../settings';
import { pinKeysEdits } from '../../core/keys/pinning';

/**
 * "Pin Citation Keys": writes an `ID  - key` line into records of a RIS file that have none, with a
 * short readable key from `ris.citationKey.pattern`, unique across the workspace library. One undoable
 * edit; every other byte of the file is kept. Resolves to the number of keys written.
 */
export async function pinKeysInDocument(service: LibraryService, settings: Settings, uri: vscode.Uri, recordIndices?: readonly number[]): Promise<number> {
  const document = await vscode.workspace.openTextDocument(uri);
  const doc = parseRis(document.getText());
  const pattern = settings.get('citationKey.pattern', uri);
  const library = await service.workspaceLibrary();
  const taken = new Set<string>();
  for (const entry of library.entries) if (entry.uri !== uri.toString()) taken.add(entry.key);
  const keyed = assignPandocKeys([{ uri: uri.toString(), doc }]).filter((k) => !recordIndices || recordIndices.includes(k.recordIndex));
  const edits = pinKeysEdits(doc, keyed, pattern, taken);
  if (edits.length === 0) {
    void vscode.window.showInformationMessage('Every record already has a citation key (an ID line).');
    return 0;
  }
  const edit = new vscode.WorkspaceEdit();
  for (const e of edits) edit.replace(uri, new vscode.Range(document.positionAt(e.start), document.positionAt(e.end)), e.newText);
  const applied = await vscode.workspace.applyEdit(edit);
  return applied ? edits.length : 0;
}
