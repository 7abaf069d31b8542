import * as vscode from 'vscode';
import { tagSpan, valueSpan, type RisRecord } from '../../core/ris/model';
import type { RisDocuments } from '../documents';
import { recordAt, toRange } from '../documents';
import { tagHoverMarkdown, typeHoverMarkdown } from '../../core/ris/spec/hover';
import { tagCompletions, typeCompletions } from '../../core/ris/spec/completion';
import { formatRis } from '../../core/ris/risFormatter';
import { normalizeDoi } from '../../core/ris/doi';

const RIS: vscode.DocumentSelector = { language: 'ris' };

/** Hover on a tag (its meaning, and its meaning for this record's type) and on a `TY` value. */
class RisHoverProvider implements vscode.HoverProvider {
  constructor(private readonly documents: RisDocuments) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const parsed = this.documents.get(document);
    const offset = document.offsetAt(position);
    const record = recordAt(parsed, offset);
    if (!record) return undefined;
    const fields = record.endTag ? [...record.fields, record.endTag] : record.fields;
    for (const field of fields) {
      if (offset < field.lineStart || offset > field.valueEnd) continue;
      if (offset >= field.tagStart && offset <= field.tagEnd) {
        return new vscode.Hover(new vscode.MarkdownString(tagHoverMarkdown(field.tag, record.type)), toRange(document, tagSpan(field)));
      }
      if (field.tag === 'TY' && offset >= field.valueStart && offset <= field.valueEnd && field.value) {
        return new vscode.Hover(new vscode.MarkdownString(typeHoverMarkdown(field.value.toUpperCase())), toRange(document, valueSpan(field)));
      }
    }
    return undefined;
  }
}

/** Completion of tags at the start of a line, and of reference types after `TY  - `. */
class RisCompletionProvider implements vscode.CompletionItemProvider {
  constructor(private readonly documents: RisDocuments) {}

  provideCompletionItems(document: vscode.TextDocument, position: vscode.Position): vscode.CompletionItem[] | undefined {
    const line = document.lineAt(position.line).text;
    const before = line.slice(0, position.character);
    const typeMatch = /^\s*TY {1,2}- ?(\S*)$/i.exec(before);
    if (typeMatch) {
      const start = position.translate(0, -typeMatch[1].length);
      const range = new vscode.Range(start, new vscode.Position(position.line, line.length));
      return typeCompletions().map((t, index) => {
        const item = new vscode.CompletionItem({ label: t.code, description: t.label }, vscode.CompletionItemKind.EnumMember);
        item.detail = t.detail;
        item.range = range;
        item.sortText = String(index).padStart(3, '0');
        return item;
      });
    }
    if (!/^[A-Za-z0-9]{0,2}$/.test(before)) return undefined;
    const record = recordAt(this.documents.get(document), document.offsetAt(position));
    const range = new vscode.Range(new vscode.Position(position.line, 0), position);
    // Replace an existing separator on the line instead of doubling it.
    const after = line.slice(position.character);
    const hasSeparator = /^\s*-/.test(after);
    return tagCompletions(record?.type).map((t, index) => {
      const item = new vscode.CompletionItem({ label: t.tag, description: t.label }, vscode.CompletionItemKind.Property);
      item.detail = t.detail;
      item.documentation = new vscode.MarkdownString(t.documentation);
      item.insertText = hasSeparator ? t.tag : `${t.tag}  - `;
      item.range = range;
      item.sortText = String(index).padStart(3, '0');
      return item;
    });
  }
}

/** Links every `DO` value to doi.org (URLs are linked by VS Code itself). */
class RisLinkProvider implements vscode.DocumentLinkProvider {
  constructor(private readonly documents: RisDocuments) {}

  async provideDocumentLinks(document: vscode.TextDocument): Promise<vscode.DocumentLink[]> {
    const links: vscode.DocumentLink[] = [];
    for (const record of (await this.documents.parsed(document)).records) {
      let kept = recordLinks.get(record);
      if (kept === undefined || kept.line !== record.startLine) {
        kept = { line: record.startLine, links: doiLinks(document, record) };
        recordLinks.set(record, kept);
      }
      for (const link of kept.links) links.push(link);
    }
    return links;
  }
}

/** Each record's DOI links, kept while its first line stays (see the outline's symbols). */
const recordLinks = new WeakMap<RisRecord, { line: number; links: readonly vscode.DocumentLink[] }>();

function doiLinks(document: vscode.TextDocument, record: RisRecord): vscode.DocumentLink[] {
  const links: vscode.DocumentLink[] = [];
  for (const field of record.fields) {
    if (field.tag !== 'DO' && field.tag !== 'DI') continue;
    const doi = normalizeDoi(field.lineValue);
    if (!doi) continue;
    const link = new vscode.DocumentLink(toRange(document, valueSpan(field)), vscode.Uri.parse(`https://doi.org/${encodeURI(doi)}`));
    link.tooltip = `Open ${doi} at doi.org`;
    links.push(link);
  }
  return links;
}

/** "Format Document": canonical `XX  - value` lines, every value and line ending kept. */
class RisFormattingProvider implements vscode.DocumentFormattingEditProvider {
  constructor(private readonly documents: RisDocuments) {}

  provideDocumentFormattingEdits(document: vscode.TextDocument): vscode.TextEdit[] {
    return formatRis(this.documents.get(document)).map(
      (edit) => new vscode.TextEdit(toRange(document, edit), edit.newText),
    );
  }
}

/** Registers hover, completion, links and formatting for RIS documents. */
export function registerLanguageProviders(documents: RisDocuments): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.languages.registerHoverProvider(RIS, new RisHoverProvider(documents)),
    vscode.languages.registerCompletionItemProvider(RIS, new RisCompletionProvider(documents), ' ', '-'),
    vscode.languages.registerDocumentLinkProvider(RIS, new RisLinkProvider(documents)),
    vscode.languages.registerDocumentFormattingEditProvider(RIS, new RisFormattingProvider(documents)),
  );
}
