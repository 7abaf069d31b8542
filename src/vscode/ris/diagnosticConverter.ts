/**
 * VS Code's diagnostics of the core's findings (`RisDiagnostic`): range, severity, code with its
 * documentation link, related locations (in this file, or in another one by the workspace index's
 * parse); those of a record an edit did not touch are kept and given again.
 */
import * as vscode from 'vscode';
import { anchorLine } from '../../core/validation/movingDiagnostics';
import type { RisDiagnostic } from '../../core/validation/validate';
import type { Severity } from '../../core/validation/codes';
import { lineIndexOf } from '../documents';
import type { WorkspaceRisFiles } from '../library/workspaceFiles';

export const SEVERITY: Record<Exclude<Severity, 'ignore'>, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

/** Where the codes are documented (the link behind the code in the Problems panel). */
export const CODE_DOCS = vscode.Uri.parse('https://github.com/ris-references/ris-references#diagnostics');

/** Turns the core's findings into VS Code's diagnostics. */
export class DiagnosticConverter {
  /** What `toVscode` made of each finding of a kept record, with the record's first line then. */
  private readonly converted = new WeakMap<RisDiagnostic, { line: number; diagnostic: vscode.Diagnostic }>();
  /** Parsed URIs of the files that related information points to (see uriOf). */
  private readonly relatedUris = new Map<string, vscode.Uri>();

  constructor(private readonly workspaceFiles: WorkspaceRisFiles) {}

  /**
   * `toVscode`, kept per finding of a record an edit did not touch (the incremental validation keeps
   * those objects): its line and column stay while its record's first line does.
   */
  convertKept(d: RisDiagnostic, range: (start: number, end: number) => vscode.Range, uri: vscode.Uri): vscode.Diagnostic {
    const line = anchorLine(d);
    if (line === undefined) return this.toVscode(range, uri, d);
    const kept = this.converted.get(d);
    if (kept !== undefined && kept.line === line) return kept.diagnostic;
    const diagnostic = this.toVscode(range, uri, d);
    this.converted.set(d, { line, diagnostic });
    return diagnostic;
  }

  toVscode(range: (start: number, end: number) => vscode.Range, uri: vscode.Uri, diagnostic: RisDiagnostic): vscode.Diagnostic {
    const result = new vscode.Diagnostic(
      range(diagnostic.start, diagnostic.end),
      diagnostic.message,
      SEVERITY[diagnostic.severity as Exclude<Severity, 'ignore'>] ?? vscode.DiagnosticSeverity.Warning,
    );
    result.source = 'RIS';
    result.code = { value: diagnostic.code, target: CODE_DOCS };
    if (diagnostic.related?.length) {
      result.relatedInformation = diagnostic.related.map((related) => {
        const target = this.uriOf(related.location.uri);
        const where =
          'line' in related.location
            ? new vscode.Range(related.location.line, 0, related.location.line, 0)
            : related.location.uri === uri.toString()
              ? range(related.location.start, related.location.end)
              : this.rangeInOtherFile(target, related.location.start, related.location.end);
        return new vscode.DiagnosticRelatedInformation(new vscode.Location(target, where), related.message);
      });
    }
    return result;
  }

  /**
   * One Uri object per related file, so that comparing a file's problems with the ones shown
   * (sameDiagnostics) finds their related locations' URIs equal without formatting them.
   */
  private uriOf(uri: string): vscode.Uri {
    let parsed = this.relatedUris.get(uri);
    if (parsed === undefined) {
      if (this.relatedUris.size >= 1000) this.relatedUris.clear();
      this.relatedUris.set(uri, (parsed = vscode.Uri.parse(uri)));
    }
    return parsed;
  }

  /** The range of an offset span in a file that may not be open, from the workspace index's text. */
  private rangeInOtherFile(uri: vscode.Uri, start: number, end: number): vscode.Range {
    const file = this.workspaceFiles.get(uri);
    if (!file) return new vscode.Range(0, 0, 0, 0);
    const index = lineIndexOf(file.parsed);
    const position = (offset: number): vscode.Position => {
      const p = index.positionAt(offset);
      return new vscode.Position(p.line, p.character);
    };
    return new vscode.Range(position(start), position(end));
  }

}
