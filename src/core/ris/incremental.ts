/**
 * The incremental re-parse: the document after an edit, from the document before it, re-parsing
 * only the lines the edit can have changed.
 *
 * Why a part of the text can be re-parsed alone: the parser's state at a `TY` line does not depend
 * on anything before it (the `TY` line closes whatever was open), and at the first line of a record
 * of orphan tags the state is "no record open". So the re-parse starts at the first line of the last
 * record whose first line the edit leaves whole, and stops at the first `TY` record that starts
 * after the edit: everything before is kept as it was, everything after is moved (records move
 * with two additions each, see `records.ts`). The region between is built from the old text and the
 * changed window, parsed on its own, and becomes a piece of the new document's text between pieces
 * of the old one (`pieceText.ts`): the whole new text is never made. The result is the same document
 * a full `parseRis` of the new text gives; `test/unit/core/ris/incremental.test.ts` checks that after
 * thousands of random edits.
 */

import type { OutsideLine, RisDocument, RisRecord } from './model';
import { parseRisCounted } from './parser';
import { lineBreaksOf, makeDocument, moveOutside, type LineBreakCounts } from './parsedDocument';
import type { ParsedRecord } from './records';
import { piecesOf, textLength, textSlice, withPieceText, type PieceText } from './pieceText';
import { changedWindow, windowAfter, type ChangedWindow, type TextEdit } from '../text/edits';

/** What one re-parse did, for tests and the benchmark. */
export interface UpdateStats {
  /** Characters re-parsed (of the new text). */
  readonly reparsedChars: number;
  /** Records kept before the edit, re-parsed, and moved after it. */
  readonly kept: number;
  readonly reparsed: number;
  readonly moved: number;
  /** True when the whole text was parsed again (no usable previous parse). */
  readonly full: boolean;
}

/** A document after an edit, with what the re-parse touched. */
export interface UpdateResult {
  readonly doc: RisDocument;
  /** Index (in the new document) of the first re-parsed record; records before it are the old ones. */
  readonly firstChanged: number;
  /** Index (in the new document) of the first moved record (`doc.records.length` when none). */
  readonly firstMoved: number;
  /** How many records the edit removed and added (`reparsed` of the new minus those of the old). */
  readonly removedRecords: number;
  readonly stats: UpdateStats;
}

/**
 * The document of `next` (the text after `edits`), re-parsing only what the edits can have changed
 * in `prev` (the document of the text before them). Equal to `parseRis(next)`. `next` is parsed only
 * when the edits cannot be replayed on `prev`: the new document holds its text as pieces of the old
 * one and of the re-parsed region (see `pieceText.ts`), whatever string `next` is.
 *
 * `prev` is used up: the records after the edit are moved to their new positions in place (and
 * are shared with the result), so `prev` no longer describes its own text afterwards.
 */
export function updateDocument(prev: RisDocument, next: string, edits: readonly TextEdit[]): RisDocument {
  return updateDocumentDetailed(prev, next, edits).doc;
}

/** {@link updateDocument} with what the re-parse touched. */
export function updateDocumentDetailed(prev: RisDocument, next: string, edits: readonly TextEdit[]): UpdateResult {
  // No edits: `prev` when `next` is its text (compared only then, which joins a text held in pieces).
  if (changedWindow(edits) === undefined && (textLength(prev) !== next.length || next !== prev.text)) return fullParse(next);
  const result = reparseAfterEdits(prev, edits);
  return result !== undefined && textLength(result.doc) === next.length ? result : fullParse(next);
}

/**
 * The document after `edits` (changes since `prev`'s text, each against the text the ones before it
 * left, as VS Code reports `contentChanges`), re-parsing only the records they can have changed and
 * never making the whole new text: the region re-parsed is built from `prev`'s text and the edits.
 * Undefined when the edits do not fit `prev`'s text, when `prev` was not made by the parser, or when
 * there are so many edits over so wide a window that parsing the whole text is cheaper (an editor,
 * which has the changed window's new text, calls {@link reparseWindow} instead).
 */
export function reparseAfterEdits(prev: RisDocument, edits: readonly TextEdit[]): UpdateResult | undefined {
  const breaks = lineBreaksOf(prev);
  // Only a document made by the parser has line-break counts, and only parser records can move.
  if (breaks === undefined) return undefined;
  const w = changedWindow(edits);
  if (w === undefined) {
    const n = prev.records.length;
    return { doc: prev, firstChanged: n, firstMoved: n, removedRecords: 0, stats: { reparsedChars: 0, kept: n, reparsed: 0, moved: 0, full: false } };
  }
  if (w.start < 0 || w.oldEnd > textLength(prev) || w.oldEnd < w.start) return undefined;
  const window = windowAfter(textSlice(prev, w.start, w.oldEnd), w, edits);
  return window === undefined ? undefined : reparseWindow(prev, w, window);
}

/**
 * The document after old text `[w.start, w.oldEnd)` of `prev` became `window` (new text
 * `[w.start, w.newEnd)`): {@link reparseAfterEdits} for a caller that has the changed window's new
 * text at hand (an editor gives it without joining its whole text). Undefined when the window does
 * not fit `prev`'s text or `prev` was not made by the parser.
 */
export function reparseWindow(prev: RisDocument, w: ChangedWindow, window: string): UpdateResult | undefined {
  const breaks = lineBreaksOf(prev);
  if (breaks === undefined) return undefined;
  const pieces = piecesOf(prev);
  if (w.start < 0 || w.oldEnd > pieces.length || w.oldEnd < w.start || window.length !== w.newEnd - w.start) return undefined;
  return reparse(prev, pieces, breaks, w, window);
}

function fullParse(next: string): UpdateResult {
  const doc = parseRisCounted(next).doc;
  const n = doc.records.length;
  return { doc, firstChanged: 0, firstMoved: n, removedRecords: 0, stats: { reparsedChars: next.length, kept: 0, reparsed: n, moved: 0, full: true } };
}

/** True when the line that starts at `offset` of `text` ends (has its line break, or the text its end) before `limit`. */
function lineEndsBefore(text: PieceText, offset: number, limit: number): boolean {
  const { text: piece, base } = text.at(offset);
  const end = Math.min(limit, text.length) - base;
  for (let i = offset - base; i < end && i < piece.length; i++) {
    const c = piece.charCodeAt(i);
    if (c === 10 || c === 13) return true;
  }
  return false;
}

/** Index of the first record with `start > offset` (records are in position order). */
function firstRecordAfter(records: readonly RisRecord[], offset: number): number {
  let lo = 0;
  let hi = records.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (records[mid]!.start > offset) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Index of the first outside line with `lineStart >= offset`. */
function firstOutsideFrom(outside: readonly OutsideLine[], offset: number): number {
  let lo = 0;
  let hi = outside.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (outside[mid]!.lineStart >= offset) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** The line breaks of `text` exactly as the parser counts them. */
function countBreaks(text: string): LineBreakCounts {
  const out: LineBreakCounts = { lf: 0, crlf: 0, cr: 0, bareCRs: [] };
  const end = text.length;
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) out.lf++;
    else if (c === 13) {
      if (i + 1 < end && text.charCodeAt(i + 1) === 10) {
        out.crlf++;
        i++;
      } else {
        out.cr++;
        out.bareCRs.push(i);
      }
    }
  }
  return out;
}

function reparse(prev: RisDocument, pieces: PieceText, breaks: LineBreakCounts, w: ChangedWindow, window: string): UpdateResult {
  const old = prev.records as readonly ParsedRecord[];
  const delta = w.newEnd - w.oldEnd;

  // ---- where to start: the first line of the last record whose first line the edit leaves whole
  // (the text before the edit is the old one: it tells whether that line ends before the edit)
  let j = firstRecordAfter(old, w.start - 1) - 1; // last record with start < w.start
  while (j >= 0 && !lineEndsBefore(pieces, old[j]!.start, w.start)) j--;
  const from0 = j >= 0 ? old[j]!.fields[0]!.lineStart : 0;
  if (from0 === 0) j = -1;
  const from = from0;
  const keep = j >= 0 ? j : 0;
  const fromLine = j >= 0 ? old[j]!.startLine : 0;

  // ---- where to stop: the first record started by TY after the edit, off the first line (whose
  // leading U+FEFF is a byte-order mark, and indentation anywhere else) before and after the edit
  let k = firstRecordAfter(old, w.oldEnd);
  while (k < old.length && (old[k]!.type === undefined || old[k]!.startLine === 0 || old[k]!.start + delta === 0)) k++;
  const stopOld = k < old.length ? old[k]!.start : pieces.length;
  const stopNew = stopOld + delta;

  // ---- the region's new text, parsed on its own and moved to `from` (a record reads its values from
  // the string it was parsed from, at the offsets it had there, wherever it is moved)
  const oldRegion = pieces.slice(from, stopOld);
  const regionText = oldRegion.slice(0, w.start - from) + window + oldRegion.slice(w.oldEnd - from);
  const part = parseRisCounted(regionText, { line: fromLine, records: keep, textStart: from === 0 });
  const region = part.doc.records as readonly ParsedRecord[];
  if (from !== 0) for (const r of region) r.moveBy(from, 0);
  const regionLines = part.doc.lineCount; // the line at `stopNew` is the region's last (empty) line

  // ---- records: kept, re-parsed, moved
  // One copy of the old array (a memcpy), the re-parsed records written over their old places.
  const records: ParsedRecord[] = region.length === k - keep ? old.slice() : old.slice(0, keep).concat(region, old.slice(k));
  if (region.length === k - keep) for (let t = 0; t < region.length; t++) records[keep + t] = region[t]!;
  const last = region[region.length - 1];
  let lineCount = regionLines;
  let missingFinalNewline = part.doc.missingFinalNewline;
  const firstMoved = keep + region.length;
  // Lines gained or lost before the first moved record (read before anything moves).
  const stopLine = k < old.length ? old[k]!.startLine : 0;
  const dLine = k < old.length ? regionLines - 1 - stopLine : 0;
  if (k < old.length) {
    if (last !== undefined && last.unterminated === 'end-of-file') last.unterminated = 'next-type';
    const dIndex = keep + region.length - k;
    // One pass: on a 100k-record file each record visited costs a cache miss or two, whatever is done to it.
    if (delta !== 0 || dLine !== 0 || dIndex !== 0) {
      for (let i = k; i < old.length; i++) {
        const r = old[i]!;
        r.moveBy(delta, dLine);
        r.index += dIndex;
      }
    }
    lineCount = prev.lineCount + dLine;
    missingFinalNewline = prev.missingFinalNewline;
  }

  // ---- outside lines
  const o0 = firstOutsideFrom(prev.outside, from);
  const o1 = firstOutsideFrom(prev.outside, stopOld);
  const outside: OutsideLine[] = prev.outside.slice(0, o0);
  for (const o of part.doc.outside) outside.push(from === 0 ? o : moveOutside(o, from, 0));
  if (o1 < prev.outside.length) {
    for (let i = o1; i < prev.outside.length; i++) outside.push(moveOutside(prev.outside[i]!, delta, dLine));
  }

  // ---- line breaks: the old counts, minus the old region's, plus the new region's
  const oldPart = countBreaks(oldRegion);
  const bareCRs: number[] = [];
  for (const c of breaks.bareCRs) if (c < from) bareCRs.push(c);
  for (const c of part.breaks.bareCRs) bareCRs.push(c + from);
  for (const c of breaks.bareCRs) if (c >= stopOld) bareCRs.push(c + delta);
  const counts: LineBreakCounts = {
    lf: breaks.lf - oldPart.lf + part.breaks.lf,
    crlf: breaks.crlf - oldPart.crlf + part.breaks.crlf,
    cr: breaks.cr - oldPart.cr + part.breaks.cr,
    bareCRs,
  };
  const text = pieces.splice(from, fromLine, stopOld, stopLine, regionText, delta, dLine);
  const bom = from === 0 ? part.doc.bom : prev.bom;
  const doc = withPieceText(makeDocument('', records, outside, bom, counts, lineCount, missingFinalNewline), text);
  const removed = k - keep;
  return {
    doc,
    firstChanged: keep,
    firstMoved,
    removedRecords: removed,
    stats: { reparsedChars: stopNew - from, kept: keep, reparsed: region.length, moved: old.length - k, full: false },
  };
}
