import * as vscode from 'vscode';
import { parseRis } from '../core/ris/parser';
import type { RisDocument, RisRecord } from '../core/ris/model';
import type { OffsetRange } from '../core/text/edits';
import { LineIndex } from '../core/text/lineIndex';

const lineIndexes = new WeakMap<RisDocument, LineIndex>();

/** The line index of a parsed text, built once per parse (positions of files that are not open). */
export function lineIndexOf(doc: RisDocument): LineIndex {
  let index = lineIndexes.get(doc);
  if (!index) {
    index = new LineIndex(doc.text);
    lineIndexes.set(doc, index);
  }
  return index;
}

interface Entry {
  readonly version: number;
  readonly parsed: RisDocument;
}

/**
 * Parses open RIS documents on demand and keeps the result per document version, so that the
 * diagnostics, hovers, symbols, folding and code actions of one version share one parse.
 */
export class RisDocuments implements vscode.Disposable {
  private readonly cache = new Map<string, Entry>();
  private readonly subscription: vscode.Disposable;

  constructor() {
    this.subscription = vscode.workspace.onDidCloseTextDocument((document) => this.cache.delete(document.uri.toString()));
  }

  /** The parse of this version of the document. */
  get(document: vscode.TextDocument): RisDocument {
    const key = document.uri.toString();
    const entry = this.cache.get(key);
    if (entry && entry.version === document.version) return entry.parsed;
    const parsed = parseRis(document.getText());
    this.cache.set(key, { version: document.version, parsed });
    return parsed;
  }

  dispose(): void {
    this.subscription.dispose();
    this.cache.clear();
  }
}

/** The VS Code range of an offset span. */
export function toRange(document: vscode.TextDocument, span: OffsetRange): vscode.Range {
  return new vscode.Range(document.positionAt(span.start), document.positionAt(span.end));
}

/** The record that contains `offset` (records are sorted by position), or undefined. */
export function recordAt(parsed: RisDocument, offset: number): RisRecord | undefined {
  const records = parsed.records;
  let lo = 0;
  let hi = records.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const record = records[mid];
    if (offset < record.start) hi = mid - 1;
    else if (offset > record.end) lo = mid + 1;
    else return record;
  }
  return undefined;
}
