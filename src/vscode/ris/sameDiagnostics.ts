import type * as vscode from 'vscode';

/**
 * True when `next` lists the same problems as `previous`, in the same order: the same objects, or
 * diagnostics with equal ranges, messages, severities, codes, sources and related information.
 *
 * A keystroke in a title usually changes no problem at all, and publishing a file's problems again
 * is not free: VS Code sends them to the workbench, which sends them back to every extension host
 * (a few hundred milliseconds per keystroke for a 10k-record export in the benchmark's workbench).
 */
export function sameDiagnostics(previous: readonly vscode.Diagnostic[], next: readonly vscode.Diagnostic[]): boolean {
  if (previous.length !== next.length) return false;
  for (let i = 0; i < next.length; i++) {
    const a = previous[i]!;
    const b = next[i]!;
    if (a !== b && !sameDiagnostic(a, b)) return false;
  }
  return true;
}

function sameDiagnostic(a: vscode.Diagnostic, b: vscode.Diagnostic): boolean {
  return (
    a.range.isEqual(b.range) &&
    a.message === b.message &&
    a.severity === b.severity &&
    a.source === b.source &&
    sameCode(a.code, b.code) &&
    sameTags(a.tags, b.tags) &&
    sameRelated(a.relatedInformation, b.relatedInformation)
  );
}

function sameCode(a: vscode.Diagnostic['code'], b: vscode.Diagnostic['code']): boolean {
  if (typeof a !== 'object' || typeof b !== 'object') return a === b;
  return a.value === b.value && a.target.toString() === b.target.toString();
}

function sameTags(a: readonly vscode.DiagnosticTag[] | undefined, b: readonly vscode.DiagnosticTag[] | undefined): boolean {
  const x = a ?? [];
  const y = b ?? [];
  return x.length === y.length && x.every((tag, i) => tag === y[i]);
}

function sameRelated(
  a: readonly vscode.DiagnosticRelatedInformation[] | undefined,
  b: readonly vscode.DiagnosticRelatedInformation[] | undefined,
): boolean {
  const x = a ?? [];
  const y = b ?? [];
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) {
    const p = x[i]!;
    const q = y[i]!;
    if (p.message !== q.message || !p.location.range.isEqual(q.location.range)) return false;
    if (p.location.uri !== q.location.uri && p.location.uri.toString() !== q.location.uri.toString()) return false;
  }
  return true;
}
