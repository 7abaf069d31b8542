import * as vscode from 'vscode';
import { isLimited, type OutlinePlan } from '../../core/ris/outlinePlan';

/**
 * The language status item that says when the outline of the active RIS file leaves records out
 * (`ris.outline.maxItems`), with a link to the setting, the way VS Code tells of its own folding
 * limit. It exists only while the active editor shows such a file.
 */
export class OutlineLimitStatus implements vscode.Disposable {
  /** The last plan per document with records left out. */
  private readonly limited = new Map<string, OutlinePlan>();
  private item: vscode.LanguageStatusItem | undefined;
  private readonly disposables: vscode.Disposable[];

  constructor() {
    this.disposables = [
      vscode.window.onDidChangeActiveTextEditor(() => this.refresh()),
      vscode.workspace.onDidCloseTextDocument((d) => {
        if (this.limited.delete(d.uri.toString())) this.refresh();
      }),
    ];
  }

  /** Records the outline just made for `uri`. */
  report(uri: vscode.Uri, plan: OutlinePlan): void {
    const key = uri.toString();
    if (isLimited(plan)) this.limited.set(key, plan);
    else this.limited.delete(key);
    this.refresh();
  }

  private refresh(): void {
    const active = vscode.window.activeTextEditor?.document;
    const plan = active === undefined ? undefined : this.limited.get(active.uri.toString());
    if (active === undefined || plan === undefined) {
      this.item?.dispose();
      this.item = undefined;
      return;
    }
    // The item shows for RIS editors; it is disposed as soon as the active one is not limited.
    if (this.item === undefined) {
      this.item = vscode.languages.createLanguageStatusItem('ris.outlineLimit', { language: 'ris' });
      this.item.name = 'RIS outline';
      this.item.severity = vscode.LanguageStatusSeverity.Information;
      this.item.command = { title: 'Configure', command: 'workbench.action.openSettings', arguments: ['ris.outline.maxItems'] };
      this.item.detail = 'ris.outline.maxItems';
    }
    const text = `Outline: first ${plan.records.toLocaleString('en-US')} of ${plan.total.toLocaleString('en-US')} records`;
    // The outline is made after every edit: an unchanged text is not sent to the workbench again.
    if (this.item.text !== text) this.item.text = text;
  }

  dispose(): void {
    this.item?.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
