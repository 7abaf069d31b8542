import * as vscode from 'vscode';
import { reparseWindow } from '../core/ris/incremental';
import { parseRis } from '../core/ris/parser';
import { parsePartsInTurns } from '../core/ris/readInTurns';
import { turnPause } from './turns';
import type { RisDocument, RisRecord } from '../core/ris/model';
import { changedWindow, type OffsetRange, type TextEdit } from '../core/text/edits';
import { pieceTextOf, textLength } from '../core/ris/pieceText';
import { LineIndex, type LinePosition } from '../core/text/lineIndex';

const lineIndexes = new WeakMap<RisDocument, LineIndex>();

/** Turns offsets of a parsed text into line positions. */
export interface PositionIndex {
  positionAt(offset: number): LinePosition;
}

/**
 * The line index of a parsed text, built once per parse (positions of files that are not open); for
 * a file read in pieces, the line tables of the pieces asked about, so that its text is never joined.
 */
export function lineIndexOf(doc: RisDocument): PositionIndex {
  const pieces = pieceTextOf(doc);
  if (pieces !== undefined) return pieces;
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
  /** The edits since `version`, in order, and the version they lead to (undefined: unknown, parse in full). */
  edits: TextEdit[];
  editsVersion: number | undefined;
}

/** More edits than this between two parses: parse in full rather than keep them. */
const MAX_PENDING_EDITS = 2000;

/**
 * Documents of at least this many characters are parsed in turns when first asked for with
 * {@link RisDocuments.parsed} (a 22 MB export took 0.3 s to read with `getText()` and as much to
 * parse, at once, on the extension host); a 1 MB file takes some 20 ms.
 */
export const IN_TURNS_CHARS = 1_000_000;

/** Lines read from an editor's document at a time when it is parsed in turns (about 1 MB of an export). */
const LINES_PER_PART = 20_000;

/** The number of characters of `document`, without reading its text. */
export function documentLength(document: vscode.TextDocument): number {
  return document.offsetAt(document.lineAt(document.lineCount - 1).range.end);
}

/**
 * Parses open RIS documents on demand and keeps the result per document version, so that the
 * diagnostics, hovers, symbols, folding and code actions of one version share one parse. After an
 * edit, only the records around the changed lines are parsed again (`updateDocument`); the parse
 * of the previous version is used up by that (its later records move to their new positions).
 */
export class RisDocuments implements vscode.Disposable {
  private readonly cache = new Map<string, Entry>();
  /** Parses in turns under way, by document URI, with the version each reads. */
  private readonly inTurns = new Map<string, { readonly version: number; readonly parsed: Promise<RisDocument> }>();
  private readonly subscriptions: vscode.Disposable[];

  constructor() {
    this.subscriptions = [
      vscode.workspace.onDidCloseTextDocument((document) => this.cache.delete(document.uri.toString())),
      vscode.workspace.onDidChangeTextDocument((e) => this.noteChanges(e)),
    ];
  }

  /** Keeps the edits of a change, so that the next parse re-parses only what they touched. */
  private noteChanges(e: vscode.TextDocumentChangeEvent): void {
    const entry = this.cache.get(e.document.uri.toString());
    // Already parsed at this version (someone asked before this listener ran): nothing to keep.
    if (entry === undefined || e.document.version <= entry.version) return;
    if (e.contentChanges.length === 0) {
      // A new version without changes to replay (its line endings changed): parse it in full.
      if (e.document.version > (entry.editsVersion ?? entry.version)) {
        entry.edits = [];
        entry.editsVersion = undefined;
      }
      return;
    }
    const inOrder = entry.editsVersion !== undefined && entry.edits.length + e.contentChanges.length <= MAX_PENDING_EDITS;
    if (inOrder) {
      for (const c of e.contentChanges) entry.edits.push({ start: c.rangeOffset, end: c.rangeOffset + c.rangeLength, newText: c.text });
      entry.editsVersion = e.document.version;
    } else {
      entry.edits = [];
      entry.editsVersion = undefined;
    }
  }

  /** The parse of this version of the document. */
  get(document: vscode.TextDocument): RisDocument {
    const key = document.uri.toString();
    const entry = this.cache.get(key);
    if (entry && entry.version === document.version) return entry.parsed;
    let parsed: RisDocument | undefined;
    if (entry !== undefined && entry.editsVersion === document.version && entry.edits.length > 0) parsed = reparsed(document, entry.parsed, entry.edits);
    parsed ??= parseRis(document.getText());
    this.cache.set(key, { version: document.version, parsed, edits: [], editsVersion: document.version });
    return parsed;
  }

  /**
   * The parse of this version of the document, as {@link get} gives it; a large document not parsed
   * yet (at least {@link IN_TURNS_CHARS}, opened) is read a few thousand lines at a time and parsed
   * in turns, so that the extension host other extensions share is never blocked for long. Every
   * caller of one version shares one parse; {@link get} meanwhile parses at once.
   */
  parsed(document: vscode.TextDocument): Promise<RisDocument> {
    const key = document.uri.toString();
    const entry = this.cache.get(key);
    const cached = entry !== undefined && (entry.version === document.version || (entry.editsVersion === document.version && entry.edits.length > 0));
    if (cached || documentLength(document) < IN_TURNS_CHARS) return Promise.resolve(this.get(document));
    const running = this.inTurns.get(key);
    if (running !== undefined && running.version === document.version) return running.parsed;
    const version = document.version;
    const parsed = this.parseInTurns(document).finally(() => {
      if (this.inTurns.get(key)?.parsed === parsed) this.inTurns.delete(key);
    });
    this.inTurns.set(key, { version, parsed });
    return parsed;
  }

  /** Parses `document` in turns; when it changes meanwhile, the version it has then (see {@link parsed}). */
  private async parseInTurns(document: vscode.TextDocument): Promise<RisDocument> {
    const version = document.version;
    const lines = document.lineCount;
    let next = 0;
    const part = (): string | undefined => {
      if (next >= lines) return undefined;
      const to = Math.min(lines, next + LINES_PER_PART);
      const end = to < lines ? new vscode.Position(to, 0) : document.lineAt(lines - 1).range.end;
      const text = document.getText(new vscode.Range(new vscode.Position(next, 0), end));
      next = to;
      return text;
    };
    const parsed = await parsePartsInTurns(part, turnPause(), () => document.isClosed || document.version !== version);
    if (parsed === undefined) return document.isClosed ? parseRis('') : this.parsed(document);
    const key = document.uri.toString();
    // Someone asked for this version at once meanwhile: theirs is the parse every caller shares.
    const entry = this.cache.get(key);
    if (entry !== undefined && entry.version === version) return entry.parsed;
    this.cache.set(key, { version, parsed, edits: [], editsVersion: version });
    return parsed;
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.cache.clear();
    this.inTurns.clear();
  }
}

/**
 * The parse of `document` from `previous` (the parse of an earlier version) and `edits` (its
 * changes since), re-parsing only the records they touched, with the changed window's text from the
 * document and the rest from `previous`: `getText()` joins every line of the document (0.2–0.37 s
 * for a 22 MB export in the extension host's profiles), and a new text of that size costs
 * 120–130 ms to make however it is made. Undefined when the edits do not fit `previous` (its length
 * and theirs must add up to the document's), so that the caller parses the document in full.
 */
function reparsed(document: vscode.TextDocument, previous: RisDocument, edits: readonly TextEdit[]): RisDocument | undefined {
  const w = changedWindow(edits);
  if (w === undefined) return undefined;
  if (documentLength(document) !== textLength(previous) + w.newEnd - w.oldEnd) return undefined;
  const window = document.getText(new vscode.Range(document.positionAt(w.start), document.positionAt(w.newEnd)));
  return reparseWindow(previous, w, window)?.doc;
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
