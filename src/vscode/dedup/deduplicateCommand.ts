/**
 * "RIS: Deduplicate Library…": writes one new RIS file with one record per group of duplicates
 * (merged, nothing lost, a provenance note per source record) and every other record as it was.
 * The search exports themselves are never edited (a review reports what each database returned),
 * so the output may not be one of them. The file is created through one workspace edit, so Undo
 * removes it again.
 */
import * as vscode from 'vscode';
import { DedupCancelledError } from '../../core/dedup/engine';
import { mergeLibrary } from '../../core/dedup/mergeLibrary';
import type { DuplicatesService } from './duplicatesService';
import type { Log } from '../log';

/** The command's id. */
export const DEDUPLICATE_COMMAND = 'ris.deduplicate';

/** What a run wrote, for tests and for the message. */
export interface DeduplicateOutcome {
  readonly uri: vscode.Uri;
  readonly recordsIn: number;
  readonly duplicatesRemoved: number;
  readonly recordsOut: number;
  readonly possibleLeft: number;
}

async function chooseOutput(): Promise<vscode.Uri | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  return vscode.window.showSaveDialog({
    title: 'Write the deduplicated library to',
    defaultUri: folder ? vscode.Uri.joinPath(folder, 'deduplicated.ris') : undefined,
    filters: { 'RIS files': ['ris'] },
    saveLabel: 'Deduplicate',
  });
}

/**
 * Runs the deduplication and writes the file. `output` skips the save dialog (for tests and other
 * extensions); `confirm: false` skips the question about undecided possible pairs.
 */
export async function deduplicateLibrary(service: DuplicatesService, log: Log, output?: vscode.Uri, confirm = true): Promise<DeduplicateOutcome | undefined> {
  const inputs = await service.inputs();
  if (inputs.inputs.length === 0) {
    void vscode.window.showInformationMessage('There are no RIS records in this workspace to deduplicate.');
    return undefined;
  }
  let decisions;
  try {
    decisions = await service.readDecisions();
  } catch (error) {
    void vscode.window.showErrorMessage(error instanceof Error ? error.message : String(error));
    return undefined;
  }
  let result;
  try {
    result = await service.run(inputs, decisions, 'Deduplicating');
  } catch (error) {
    if (error instanceof DedupCancelledError) return undefined;
    throw error;
  }
  const possibleLeft = result.groups.filter((g) => g.decision === 'possible').length;
  if (possibleLeft > 0 && confirm) {
    const show = 'Show Possible Pairs';
    const go = 'Deduplicate Anyway';
    const answer = await vscode.window.showWarningMessage(
      `${possibleLeft} possible duplicate pair(s) are undecided; they will be kept as separate records.`,
      { modal: true },
      go,
      show,
    );
    if (answer === show) await vscode.commands.executeCommand('ris.duplicates.focus');
    if (answer !== go) return undefined;
  }
  const target = output ?? (await chooseOutput());
  if (!target) return undefined;
  if (inputs.locations.some((l) => l.uri.toString() === target.toString())) {
    void vscode.window.showErrorMessage('The deduplicated library must be a new file: the search exports are never changed.');
    return undefined;
  }
  const merged = mergeLibrary(inputs.sources, result);
  const edit = new vscode.WorkspaceEdit();
  edit.createFile(target, { overwrite: true, contents: new TextEncoder().encode(merged.text) });
  if (!(await vscode.workspace.applyEdit(edit))) {
    void vscode.window.showErrorMessage(`Could not write ${target.toString(true)}.`);
    return undefined;
  }
  const outcome = { uri: target, recordsIn: merged.recordsIn, duplicatesRemoved: merged.duplicatesRemoved, recordsOut: merged.recordsOut, possibleLeft };
  const summary = `${merged.recordsIn.toLocaleString('en')} records in, ${merged.duplicatesRemoved.toLocaleString('en')} duplicates removed, ${merged.recordsOut.toLocaleString('en')} records out`;
  log.info(`Deduplicated ${inputs.files} file(s) into ${target.toString(true)}: ${summary}`);
  void vscode.window.showInformationMessage(`Deduplicated library written: ${summary}.`, 'Open').then((choice) => {
    if (choice === 'Open') return vscode.window.showTextDocument(target);
    return undefined;
  });
  return outcome;
}

/** Registers "RIS: Deduplicate Library…". */
export function registerDeduplicateCommand(service: DuplicatesService, log: Log): vscode.Disposable {
  return vscode.commands.registerCommand(DEDUPLICATE_COMMAND, (output?: vscode.Uri, options?: { confirm?: boolean }) =>
    deduplicateLibrary(service, log, output instanceof vscode.Uri ? output : undefined, options?.confirm ?? true),
  );
}
