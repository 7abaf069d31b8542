import * as vscode from 'vscode';
import { tagSpan, valueSpan } from '../../core/ris/model';
import type { RisDocuments } from '../documents';
import { recordAt, toRange } from '../documents';
import { recordLabel } from '../../core/ris/recordSummary';
import type { RisField, RisRecord } from '../../core/ris/model';
import { getTagInfo } from '../../core/ris/spec';
import { outlinePlan } from '../../core/ris/outlinePlan';
import { textLength } from '../../core/ris/pieceText';
import type { Settings } from '../settings';
import { OutlineLimitStatus } from './outlineLimitStatus';

const RIS: vscode.DocumentSelector = { language: 'ris' };

/** The range of a record from its first line to the end of its last line. */
function recordRange(document: vscode.TextDocument, record: RisRecord): vscode.Range {
  return toRange(document, { start: record.start, end: record.end });
}

function fieldRange(document: vscode.TextDocument, field: RisField): vscode.Range {
  return toRange(document, { start: field.lineStart, end: field.end });
}

function fieldSymbol(document: vscode.TextDocument, field: RisField): vscode.DocumentSymbol {
  const value = field.value.length > 80 ? `${field.value.slice(0, 79)}…` : field.value;
  const symbol = new vscode.DocumentSymbol(
    field.tag,
    value || '(empty)',
    vscode.SymbolKind.Field,
    fieldRange(document, field),
    toRange(document, tagSpan(field)),
  );
  const meaning = getTagInfo(field.tag)?.meaning;
  if (meaning) symbol.detail = `${value || '(empty)'} · ${meaning}`;
  return symbol;
}

/**
 * Record labels per record object: a record object always stands for the same text (an edit makes
 * new objects only for the records it touched), and the outline is asked again after every edit.
 */
const labels = new WeakMap<RisRecord, string>();

function labelOf(record: RisRecord): string {
  let label = labels.get(record);
  if (label === undefined) labels.set(record, (label = recordLabel(record)));
  return label;
}

/**
 * Each record's symbol, kept while the record's first line stays: a record object always stands for
 * the same lines, so its ranges move only with its first line (the outline is asked after every edit).
 */
const symbols = new WeakMap<RisRecord, { line: number; withFields: boolean; symbol: vscode.DocumentSymbol }>();

/**
 * Outline, breadcrumbs and "Go to Symbol": each record as "Liu et al. 2021 — Advances in…" with its
 * fields as children, within `ris.outline.maxItems` (see core/ris/outlinePlan.ts).
 */
class RisSymbolProvider implements vscode.DocumentSymbolProvider {
  constructor(
    private readonly documents: RisDocuments,
    private readonly settings: Settings,
    private readonly status: OutlineLimitStatus,
  ) {}

  async provideDocumentSymbols(document: vscode.TextDocument): Promise<vscode.DocumentSymbol[]> {
    // Asked as the document opens: a large one is parsed in turns (see RisDocuments.parsed).
    const parsed = await this.documents.parsed(document);
    const plan = outlinePlan(parsed, this.settings.get('outline.maxItems', document.uri));
    this.status.report(document.uri, plan);
    const withFields = plan.withFields;
    const listed = plan.records < parsed.records.length ? parsed.records.slice(0, plan.records) : parsed.records;
    return listed.map((record) => {
      const kept = symbols.get(record);
      if (kept !== undefined && kept.line === record.startLine && kept.withFields === withFields) return kept.symbol;
      const selection = record.fields[0] ? toRange(document, tagSpan(record.fields[0])) : recordRange(document, record);
      const symbol = new vscode.DocumentSymbol(
        labelOf(record),
        record.type ?? 'no TY',
        vscode.SymbolKind.Object,
        recordRange(document, record),
        selection,
      );
      if (withFields) symbol.children = record.fields.map((field) => fieldSymbol(document, field));
      symbols.set(record, { line: record.startLine, withFields, symbol });
      return symbol;
    });
  }
}

/** One folding range per record, and per field that has continuation lines. */
class RisFoldingProvider implements vscode.FoldingRangeProvider {
  constructor(private readonly documents: RisDocuments) {}

  async provideFoldingRanges(document: vscode.TextDocument): Promise<vscode.FoldingRange[]> {
    const ranges: vscode.FoldingRange[] = [];
    for (const record of (await this.documents.parsed(document)).records) {
      if (record.endLine > record.startLine) ranges.push(new vscode.FoldingRange(record.startLine, record.endLine, vscode.FoldingRangeKind.Region));
      for (const field of record.fields) {
        if (field.endLine > field.line) ranges.push(new vscode.FoldingRange(field.line, field.endLine));
      }
    }
    return ranges;
  }
}

/** Expand Selection: value → field (with its continuation lines) → record → every record. */
class RisSelectionRangeProvider implements vscode.SelectionRangeProvider {
  constructor(private readonly documents: RisDocuments) {}

  provideSelectionRanges(document: vscode.TextDocument, positions: readonly vscode.Position[]): vscode.SelectionRange[] {
    const parsed = this.documents.get(document);
    const all = new vscode.SelectionRange(new vscode.Range(document.positionAt(0), document.positionAt(textLength(parsed))));
    return positions.map((position) => {
      const offset = document.offsetAt(position);
      const record = recordAt(parsed, offset);
      if (!record) return new vscode.SelectionRange(document.lineAt(position.line).range, all);
      const recordSelection = new vscode.SelectionRange(recordRange(document, record), all);
      const field = record.fields.find((f) => offset >= f.lineStart && offset <= f.end);
      if (!field) return recordSelection;
      const fieldSelection = new vscode.SelectionRange(fieldRange(document, field), recordSelection);
      if (offset >= field.valueStart && offset <= field.valueEnd && field.valueEnd > field.valueStart) {
        return new vscode.SelectionRange(toRange(document, valueSpan(field)), fieldSelection);
      }
      return fieldSelection;
    });
  }
}

/** Selects the whole record under the cursor (command "RIS: Select Current Record"). */
export function selectRecord(documents: RisDocuments, editor: vscode.TextEditor): boolean {
  const parsed = documents.get(editor.document);
  const selections: vscode.Selection[] = [];
  for (const selection of editor.selections) {
    const record = recordAt(parsed, editor.document.offsetAt(selection.active));
    if (!record) continue;
    const range = recordRange(editor.document, record);
    selections.push(new vscode.Selection(range.start, range.end));
  }
  if (selections.length === 0) return false;
  editor.selections = selections;
  editor.revealRange(selections[0]);
  return true;
}

/** Registers the outline, folding and selection providers for RIS documents. */
export function registerStructureProviders(documents: RisDocuments, settings: Settings): vscode.Disposable {
  const status = new OutlineLimitStatus();
  return vscode.Disposable.from(
    status,
    vscode.languages.registerDocumentSymbolProvider(RIS, new RisSymbolProvider(documents, settings, status), { label: 'RIS records' }),
    vscode.languages.registerFoldingRangeProvider(RIS, new RisFoldingProvider(documents)),
    vscode.languages.registerSelectionRangeProvider(RIS, new RisSelectionRangeProvider(documents)),
  );
}
