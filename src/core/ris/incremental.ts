/**
 * The incremental re-parse: the document after an edit, from the document before it, re-parsing
 * only the lines the edit can have changed.
 *
 * Why a part of the text can be re-parsed alone: the parser's state at a `TY` line does not depend
 * on anything before it (the `TY` line closes whatever was open), and at the first line of a record
 * of orphan tags the state is "no record open". So the re-parse starts at the first line of the last
 * record whose first line the edit leaves whole, and stops at the first `TY` record that starts
 * after the edit: everything before is kept as it was, everything after is moved (records move
 * with two additions each, see `records.ts`). The result is the same document a full `parseRis` of
 * the new text gives; `test/unit/core/ris/incremental.test.ts` checks that after thousands of random
 * edits.
 */

import type { OutsideLine, RisDocument, RisRecord } from './model';
import { parseRisCounted } from './parser';
import { lineBreaksOf, makeDocument, moveOutside, type LineBreakCounts, type ParsedRecord } from './records';
import { changedWindow, type ChangedWindow, type TextEdit } from '../text/edits';

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
 * in `prev` (the document of the text before them). Equal to `parseRis(next)`.
 *
 * `prev` is used up: the records after the edit are moved to their new positions in place (and
 * are shared with the result), so `prev` no longer describes its own text afterwards.
 */
export function updateDocument(prev: RisDocument, next: string, edits: readonly TextEdit[]): RisDocument {
  return updateDocumentDetailed(prev, next, edits).doc;
}

/** {@link updateDocument} with what the re-parse touched. */
export function updateDocumentDetailed(prev: RisDocument, next: string, edits: readonly TextEdit[]): UpdateResult {
  const w = changedWindow(edits);
  const breaks = lineBreaksOf(prev);
  const delta = next.length - prev.text.length;
  if (w === undefined && delta === 0) return unchanged(prev, next);
  if (
    w === undefined ||
    // Only a document made by the parser has line-break counts, and only parser records can move.
    breaks === undefined ||
    w.start < 0 ||
    w.oldEnd > prev.text.length ||
    w.newEnd - w.oldEnd !== delta
  ) {
    return fullParse(next);
  }
  return reparse(prev, breaks, next, w);
}

function unchanged(prev: RisDocument, next: string): UpdateResult {
  if (next === prev.text) {
    const n = prev.records.length;
    return { doc: prev, firstChanged: n, firstMoved: n, removedRecords: 0, stats: { reparsedChars: 0, kept: n, reparsed: 0, moved: 0, full: false } };
  }
  return fullParse(next);
}

function fullParse(next: string): UpdateResult {
  const doc = parseRisCounted(next).doc;
  const n = doc.records.length;
  return { doc, firstChanged: 0, firstMoved: n, removedRecords: 0, stats: { reparsedChars: next.length, kept: 0, reparsed: n, moved: 0, full: true } };
}

/** End of the line that starts at or contains `offset` (the offset of its line break, or the text's end). */
function lineEnd(text: string, offset: number): number {
  let i = offset;
  const len = text.length;
  while (i < len) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return i;
    i++;
  }
  return len;
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

/** The line breaks of `[from, end)` exactly as the parser counts them there. */
function countBreaks(text: string, from: number, end: number): LineBreakCounts {
  const out: LineBreakCounts = { lf: 0, crlf: 0, cr: 0, bareCRs: [] };
  for (let i = from; i < end; i++) {
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

/**
 * The offset of the first `\r` at or after `from` in the new text (-1 for none), when the old text's
 * line-break counts tell it without searching the whole text: a text without CRLF has its `\r`s in
 * `bareCRs`, and the edit can add some only in `[w.start, w.newEnd)`. Undefined for a text with CRLF
 * (the parser finds the next `\r` on the next line anyway).
 */
function firstCarriageReturnFrom(breaks: LineBreakCounts, next: string, w: ChangedWindow, from: number): number | undefined {
  if (breaks.crlf > 0) return undefined;
  const crs = breaks.bareCRs;
  let lo = 0;
  let hi = crs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (crs[mid]! < from) lo = mid + 1;
    else hi = mid;
  }
  // Before the edit (unchanged offsets), then in the inserted text, then after it (moved).
  if (lo < crs.length && crs[lo]! < w.start) return crs[lo]!;
  for (let i = Math.max(from, w.start); i < w.newEnd; i++) if (next.charCodeAt(i) === 13) return i;
  while (lo < crs.length && crs[lo]! < w.oldEnd) lo++;
  return lo < crs.length ? crs[lo]! + (w.newEnd - w.oldEnd) : -1;
}

function reparse(prev: RisDocument, breaks: LineBreakCounts, next: string, w: ChangedWindow): UpdateResult {
  const old = prev.records as readonly ParsedRecord[];
  const delta = w.newEnd - w.oldEnd;

  // ---- where to start: the first line of the last record whose first line the edit leaves whole
  let j = firstRecordAfter(old, w.start - 1) - 1; // last record with start < w.start
  while (j >= 0 && lineEnd(next, old[j]!.start) >= w.start) j--;
  const from0 = j >= 0 ? old[j]!.fields[0]!.lineStart : 0;
  if (from0 === 0) j = -1;
  const from = from0;
  const keep = j >= 0 ? j : 0;
  const fromLine = j >= 0 ? old[j]!.startLine : 0;

  // ---- where to stop: the first record started by TY after the edit, off the first line (whose
  // leading U+FEFF is a byte-order mark, and indentation anywhere else) before and after the edit
  let k = firstRecordAfter(old, w.oldEnd);
  while (k < old.length && (old[k]!.type === undefined || old[k]!.startLine === 0 || old[k]!.start + delta === 0)) k++;
  const stopOld = k < old.length ? old[k]!.start : prev.text.length;
  const stopNew = k < old.length ? stopOld + delta : next.length;

  const nextCarriageReturn = firstCarriageReturnFrom(breaks, next, w, from);
  const part = parseRisCounted(next, { start: from, end: stopNew, line: fromLine, records: keep, nextCarriageReturn, edited: true });
  const region = part.doc.records as readonly ParsedRecord[];
  const regionLines = part.doc.lineCount; // the line at `stopNew` is the region's last (empty) line

  // ---- records: kept, re-parsed, moved
  // One copy of the old array (a memcpy), the re-parsed records written over their old places.
  const records: ParsedRecord[] = region.length === k - keep ? old.slice() : old.slice(0, keep).concat(region, old.slice(k));
  if (region.length === k - keep) for (let t = 0; t < region.length; t++) records[keep + t] = region[t]!;
  const last = region[region.length - 1];
  let lineCount = regionLines;
  let missingFinalNewline = part.doc.missingFinalNewline;
  const firstMoved = keep + region.length;
  // The kept records read their values not yet asked for from the new text, so the old one can go.
  for (let i = 0; i < keep; i++) old[i]!.rebase(next);
  // Lines gained or lost before the first moved record (read before anything moves).
  const dLine = k < old.length ? regionLines - 1 - old[k]!.startLine : 0;
  if (k < old.length) {
    if (last !== undefined && last.unterminated === 'end-of-file') last.unterminated = 'next-type';
    const dIndex = keep + region.length - k;
    // One pass: on a 100k-record file each record visited costs a cache miss or two, whatever is done to it.
    for (let i = k; i < old.length; i++) {
      const r = old[i]!;
      if (delta !== 0 || dLine !== 0) r.moveBy(delta, dLine);
      if (dIndex !== 0) r.index += dIndex;
      r.rebase(next);
    }
    lineCount = prev.lineCount + dLine;
    missingFinalNewline = prev.missingFinalNewline;
  }

  // ---- outside lines
  const o0 = firstOutsideFrom(prev.outside, from);
  const o1 = firstOutsideFrom(prev.outside, stopOld);
  const outside: OutsideLine[] = prev.outside.slice(0, o0);
  for (const o of part.doc.outside) outside.push(o);
  if (o1 < prev.outside.length) {
    for (let i = o1; i < prev.outside.length; i++) outside.push(moveOutside(prev.outside[i]!, delta, dLine));
  }

  // ---- line breaks: the old counts, minus the old region's, plus the new region's
  const oldPart = countBreaks(prev.text, from, stopOld);
  const bareCRs: number[] = [];
  for (const c of breaks.bareCRs) if (c < from) bareCRs.push(c);
  for (const c of part.breaks.bareCRs) bareCRs.push(c);
  for (const c of breaks.bareCRs) if (c >= stopOld) bareCRs.push(c + delta);
  const counts: LineBreakCounts = {
    lf: breaks.lf - oldPart.lf + part.breaks.lf,
    crlf: breaks.crlf - oldPart.crlf + part.breaks.crlf,
    cr: breaks.cr - oldPart.cr + part.breaks.cr,
    bareCRs,
  };
  const bom = next.length > 0 && next.charCodeAt(0) === 0xfeff;
  const doc = makeDocument(next, records, outside, bom, counts, lineCount, missingFinalNewline);
  const removed = k - keep;
  return {
    doc,
    firstChanged: keep,
    firstMoved,
    removedRecords: removed,
    stats: { reparsedChars: stopNew - from, kept: keep, reparsed: region.length, moved: old.length - k, full: false },
  };
}
