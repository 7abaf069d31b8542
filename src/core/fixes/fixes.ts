/**
 * Quick fixes and file-wide fixes, as pure functions from a parsed document to text edits.
 *
 * Rules every fix follows:
 * - Every byte the fix is not about stays as it was; edits never overlap (composed fixes reject a
 *   group of edits that would collide with another, rather than apply half of it).
 * - No data is lost: text outside records moves into a note (`N1  - `) of the nearest record, a
 *   tag that cannot stay becomes a labelled note (`N1  - PMID: 123`), continuation lines are joined
 *   into their value (or, for list tags, become their own tag lines) and never into another field.
 *   The only deletions are of whitespace, of a bare `ER` line that closes nothing (text after such
 *   an `ER` stays), of an empty tag line, of what a fix replaces (a type, a DOI's `https://doi.org/`)
 *   and — as a separate, explicitly named fix — of vendor header lines (`Provider:`, `Database:`,
 *   `Content:`, numbering).
 * - New lines use the document's own line ending (`doc.newline`).
 */

import { assignPandocKeys, type KeyedRecord } from '../keys/pandocKeys';
import { DEFAULT_PIN_PATTERN, makePinnedKey, pinKeysEdits } from '../keys/pinning';
import { DiagnosticCode } from '../validation/codes';
import type { OutsideLine, RisDocument, RisField, RisRecord } from '../ris/model';
import { parseTagLine } from '../ris/parser';
import { isTypeName } from '../ris/spec';
import {
  LIST_TAGS,
  classifyOutsideLine,
  gluedTagLineInType,
  lineEndAt,
  lineStartAt,
  nextLineStart,
  pandocMergingCarriageReturns,
  pandocSeparatorProblem,
  recordBlankLineSpans,
  type DiagnosticData,
  type RisDiagnostic,
} from '../validation/validate';

/** Replace `[start, end)` of the text with `newText`. Offsets are into the text the fix was computed on. */
export interface TextEdit {
  readonly start: number;
  readonly end: number;
  readonly newText: string;
}

/** A fix: a title for the light-bulb menu, its kind, and the edits to apply together. */
export interface RisFix {
  readonly title: string;
  readonly kind: 'quickfix' | 'source.fixAll';
  readonly isPreferred?: boolean;
  readonly edits: TextEdit[];
}

/** Options for {@link fixesForDiagnostic}. */
export interface FixOptions {
  /** Type written by "Add TY" (default `JOUR`). */
  defaultType?: string;
  /**
   * Whether to append the file-wide fixes that apply (default true). They cost a pass over the
   * whole file (cached per document object); an adapter that resolves code actions lazily can ask
   * for them separately with {@link fileFixes}.
   */
  fileWide?: boolean;
  /**
   * The pattern of the keys the "Pin citation key" fixes write (see `expandPinPattern`; default
   * {@link DEFAULT_PIN_PATTERN}, `liu2021advances`). An adapter passes `ris.citationKey.pattern`.
   */
  pinPattern?: string;
  /**
   * Called when computing the fixes throws (a bug): the light bulb then offers nothing for the
   * diagnostic instead of failing. An adapter can log the error; tests use it to see the error.
   */
  onError?: (error: unknown) => void;
}

// ---------------------------------------------------------------------------------------------
// Applying and composing edits

/**
 * Applies non-overlapping edits to a text and returns the result. Edits may come in any order;
 * insertions at the same offset are applied in the order given.
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = edits
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.start - b.e.start || a.e.end - b.e.end || a.i - b.i);
  const parts: string[] = [];
  let pos = 0;
  for (const { e } of sorted) {
    if (e.start < pos) throw new Error(`Overlapping edits at ${e.start}`);
    parts.push(text.slice(pos, e.start), e.newText);
    pos = e.end;
  }
  parts.push(text.slice(pos));
  return parts.join('');
}

interface RankedEdit extends TextEdit {
  /** Order among insertions at the same offset: lower first. */
  readonly rank: number;
  readonly seq: number;
}

/**
 * Collects edits in atomic groups. A group whose edits would overlap an accepted edit is rejected
 * as a whole, so a composed fix never applies half of a move. `finish()` returns the edits sorted
 * and merged where they touch, with no-op edits removed.
 */
class EditBuilder {
  private readonly accepted: RankedEdit[] = [];
  private seq = 0;

  constructor(private readonly text: string) {}

  /** True when nothing has been accepted. */
  get isEmpty(): boolean {
    return this.accepted.length === 0;
  }

  /** Adds a group of edits; returns false (and adds nothing) when one would overlap an accepted edit. */
  addGroup(edits: readonly TextEdit[], rank = 0): boolean {
    const real = edits.filter((e) => !(e.start === e.end && e.newText.length === 0) && this.text.slice(e.start, e.end) !== e.newText);
    if (real.length === 0) return true;
    // Check against accepted edits, and within the group: in start order, an edit overlaps an
    // earlier one exactly when it starts before the largest end so far (linear, as a group can
    // hold hundreds of thousands of edits).
    for (const e of real) if (this.collides(e)) return false;
    const inOrder = real.length === 1 ? real : real.slice().sort((x, y) => x.start - y.start || x.end - y.end);
    let maxEnd = -1;
    for (const e of inOrder) {
      if (e.start < maxEnd) return false;
      if (e.end > maxEnd) maxEnd = e.end;
    }
    for (const e of real) this.insert({ start: e.start, end: e.end, newText: e.newText, rank, seq: this.seq++ });
    return true;
  }

  private lowerBound(start: number): number {
    let lo = 0;
    let hi = this.accepted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.accepted[mid]!.start < start) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private collides(e: TextEdit): boolean {
    const a = this.accepted;
    // Accepted edits are disjoint and sorted by start: only those starting before e.end can overlap,
    // and among those starting before e.start only the last one (the one with the largest end).
    let i = this.lowerBound(e.start);
    if (i > 0 && overlaps(a[i - 1]!, e)) return true;
    for (; i < a.length && a[i]!.start < e.end; i++) if (overlaps(a[i]!, e)) return true;
    return false;
  }

  private insert(e: RankedEdit): void {
    const a = this.accepted;
    let i = a.length;
    // Usually appended at the end; otherwise keep the array sorted by start, then end: an insertion
    // goes before a replacement that starts at the same offset, so that the last edit starting
    // before an offset is the one that ends last (what `collides` relies on).
    while (i > 0 && (a[i - 1]!.start > e.start || (a[i - 1]!.start === e.start && a[i - 1]!.end > e.end))) i--;
    a.splice(i, 0, e);
  }

  /** The accepted edits, sorted, with touching edits merged into one. */
  finish(): TextEdit[] {
    const sorted = this.accepted
      .slice()
      .sort((x, y) => x.start - y.start || x.end - y.end || x.rank - y.rank || x.seq - y.seq);
    const out: TextEdit[] = [];
    for (const e of sorted) {
      const prev = out[out.length - 1];
      if (prev !== undefined && prev.end === e.start) {
        out[out.length - 1] = { start: prev.start, end: e.end, newText: prev.newText + e.newText };
      } else {
        out.push({ start: e.start, end: e.end, newText: e.newText });
      }
    }
    return out;
  }
}

function overlaps(a: TextEdit, b: TextEdit): boolean {
  return a.start < b.end && b.start < a.end;
}

// ---------------------------------------------------------------------------------------------
// Edit generators (each returns the edits of one atomic change)

/** Offset where a tag line's rewrite starts: the line start, after a BOM at offset 0. */
function prefixStart(doc: RisDocument, f: RisField): number {
  return doc.bom && f.lineStart === 0 ? 1 : f.lineStart;
}

/** The canonical prefix of a field's tag line; a long tag (`PMID`) becomes a labelled note. */
function canonicalPrefix(f: RisField): string {
  if (f.tag.length !== 2) return `N1  - ${f.tag}: `;
  return `${f.tag}  - `;
}

/**
 * Rewrites a tag line's tag and separator into `XX  - ` (upper case, no indentation). A long tag
 * (`PMID  - 123`) becomes `N1  - PMID: 123`, keeping the value. An empty value keeps the canonical
 * trailing space (`SP  - `).
 */
export function editsNormaliseTagLine(doc: RisDocument, f: RisField, valueFollows = false): TextEdit[] {
  const start = prefixStart(doc, f);
  const prefix = f.tag.length !== 2 && f.lineValue.length === 0 && !valueFollows ? `N1  - ${f.tag}` : canonicalPrefix(f);
  return [{ start, end: f.valueStart, newText: prefix }];
}

/**
 * Edits that turn a field's continuation lines into part of its value (`join`: each line joined
 * with one space, a paragraph break too) or into repeated tag lines (`split`: `KW  - article`,
 * `KW  - biostratigraphy`). `auto` splits list tags (KW, authors, SN, UR, L1–L4, AD) and joins the
 * rest. When the tag line's own value is empty, the first continuation becomes its value.
 */
export function editsContinuations(doc: RisDocument, f: RisField, mode: 'auto' | 'join' | 'split' = 'auto'): TextEdit[] {
  const conts = f.continuations;
  if (conts.length === 0) return [];
  const split = mode === 'split' || (mode === 'auto' && LIST_TAGS.has(f.tag) && f.tag.length === 2);
  const edits: TextEdit[] = [];
  let prevEnd = f.valueEnd;
  let k = 0;
  if (f.lineValue.length === 0) {
    // The first continuation becomes the tag line's value: `KW  -` + `article` → `KW  - article`.
    const c = conts[0]!;
    edits.push(...editsNormaliseTagLine(doc, f, true));
    edits.push({ start: f.valueEnd, end: c.start, newText: '' });
    prevEnd = c.end;
    k = 1;
  }
  for (; k < conts.length; k++) {
    const c = conts[k]!;
    if (split) {
      // Replace the line break, any blank lines and the indentation with a line break and the tag
      // (the file's own line break: a bare CR there would be deleted by pandoc).
      edits.push({ start: prevEnd, end: c.start, newText: `${doc.newline}${f.tag}  - ` });
    } else {
      edits.push({ start: prevEnd, end: c.start, newText: ' ' });
    }
    prevEnd = c.end;
  }
  return edits;
}

/** Inserts `ER  - ` after a record's last line (and a final line break when the file ends there). */
export function editsAddEnd(doc: RisDocument, r: RisRecord): TextEdit[] {
  const nl = doc.newline;
  const atEof = r.end === doc.text.length;
  return [{ start: r.end, end: r.end, newText: `${nl}ER  - ${atEof ? nl : ''}` }];
}

/**
 * Inserts `TY  - <type>` as the first line of a record that has none, fills an empty TY, or replaces
 * the type. Only the type goes: a tag line glued to it (`TY  - BOOKAU  - Colman, J.`) moves onto its
 * own line, and other words beside it (`BOOK by Colman`, not a type's name) stay in a note.
 */
export function editsSetType(doc: RisDocument, r: RisRecord, type: string): TextEdit[] {
  const t = type.trim().toUpperCase() || 'JOUR';
  if (r.type === undefined) return [{ start: r.start, end: r.start, newText: `TY  - ${t}${doc.newline}` }];
  const ty = r.fields[0]!;
  if (ty.lineValue.length === 0) return [{ start: prefixStart(doc, ty), end: ty.valueEnd, newText: `TY  - ${t}` }];
  const glued = gluedTagLineInType(ty.lineValue);
  if (glued !== undefined) return [{ start: ty.valueStart, end: ty.valueStart + glued, newText: t + doc.newline }];
  const edits: TextEdit[] = [{ start: ty.valueStart, end: ty.valueEnd, newText: t }];
  if (/\s/.test(ty.lineValue) && !isTypeName(ty.lineValue)) {
    edits.push({ start: ty.end, end: ty.end, newText: `${doc.newline}N1  - TY: ${ty.lineValue}` });
  }
  return edits;
}

/** The offset range of the whole lines `[first, last]` (by their line starts), including the last line's break. */
function wholeLines(doc: RisDocument, firstLineStart: number, lastLineStart: number): [number, number] {
  const start = doc.bom && firstLineStart === 0 ? 1 : firstLineStart;
  const end = nextLineStart(doc.text, lineEndAt(doc.text, lastLineStart));
  return [start, end];
}

/** Deletes the whole lines `[first, last]` (see {@link crBeforeLine} for what should go with it). */
function deleteWholeLines(doc: RisDocument, firstLineStart: number, lastLineStart: number): TextEdit {
  const [start, end] = wholeLines(doc, firstLineStart, lastLineStart);
  return { start, end, newText: '' };
}

/**
 * When lines starting at `lineStart` are deleted and the line above ends with a bare CR: that CR
 * as the document's line break. It would otherwise come to stand before the line after the deleted
 * ones, and pandoc, which deletes every CR, would merge the two (`  \r` + `TY  - JOUR` → an
 * indented TY). Nothing in a file whose lines all end with bare CRs (they all become CRLF).
 */
function crBeforeLine(doc: RisDocument, lineStart: number): TextEdit[] {
  if (lineStart > 0 && doc.text.charCodeAt(lineStart - 1) === 13 && doc.newline !== '\r') {
    return [{ start: lineStart - 1, end: lineStart, newText: doc.newline }];
  }
  return [];
}

/** The tag lines that outside lines `[i, j]` become when moved into a record (notes or tag lines). */
function outsideAsLines(doc: RisDocument, i: number, j: number): string[] {
  const text = doc.text;
  const lines: string[] = [];
  let lastWasTag = false;
  for (let k = i; k <= j; k++) {
    const o: OutsideLine = doc.outside[k]!;
    const content = text.slice(o.start, o.end);
    if (o.kind === 'tag') {
      const info = parseTagLine(content);
      if (info !== undefined) {
        lines.push(info.tag.length === 2 ? `${info.tag}  - ${info.value}` : `N1  - ${info.tag}: ${info.value}`);
        lastWasTag = true;
        continue;
      }
    }
    if (o.kind === 'text' && lastWasTag && k > i && doc.outside[k - 1]!.line === o.line - 1) {
      // A continuation of the orphan tag line above: keep it with its value.
      lines[lines.length - 1] += ` ${content}`;
      continue;
    }
    lines.push(`N1  - ${content}`);
    lastWasTag = false;
  }
  return lines;
}

/** Where lines moved into a record go: after its last field (before `ER`). */
function recordInsertionPoint(r: RisRecord): number {
  const last = r.fields[r.fields.length - 1];
  return last !== undefined ? last.end : r.end;
}

/**
 * Moves outside lines `[i, j]` into record `target`: each becomes an `N1  - ` note (a tag line
 * after ER, like Ovid's `NL  - `, moves as that tag line), inserted after the record's last field;
 * the lines themselves are deleted. Returns the deletion, the insertion and the line break that
 * replaces a bare CR above the lines (see {@link crBeforeLine}) separately, so that a composed fix
 * can delete a larger region.
 */
export function editsMoveOutside(
  doc: RisDocument,
  i: number,
  j: number,
  target: number,
): { remove: TextEdit; insert: TextEdit; crAbove: TextEdit[] } {
  const r = doc.records[target]!;
  const nl = doc.newline;
  const at = recordInsertionPoint(r);
  const lines = outsideAsLines(doc, i, j);
  const ls = doc.outside[i]!.lineStart;
  return {
    remove: deleteWholeLines(doc, ls, doc.outside[j]!.lineStart),
    insert: { start: at, end: at, newText: lines.map((l) => nl + l).join('') },
    crAbove: crBeforeLine(doc, ls),
  };
}

/** Deletes whole outside lines `[i, j]` (used for vendor headers and for an ER that closes nothing). */
export function editsDeleteOutside(doc: RisDocument, i: number, j: number): TextEdit[] {
  const ls = doc.outside[i]!.lineStart;
  return [deleteWholeLines(doc, ls, doc.outside[j]!.lineStart), ...crBeforeLine(doc, ls)];
}

/**
 * The text after an `ER` that closes nothing (`ER  - TI  - Important` → `TI  - Important`, which
 * two glued lines leave behind), with its offset; undefined for a bare `ER  - `.
 */
function strayEndValue(doc: RisDocument, o: OutsideLine): { value: string; start: number } | undefined {
  const info = parseTagLine(doc.text.slice(o.start, o.end));
  if (info === undefined || info.value.length === 0) return undefined;
  return { value: info.value, start: o.start + info.valueStart };
}

/**
 * Deletes outside line `i`, an `ER` that closes nothing. Text after the `ER` stays, on its own line:
 * only `ER  - ` goes.
 */
export function editsDeleteExtraEnd(doc: RisDocument, i: number): TextEdit[] {
  const o = doc.outside[i]!;
  const kept = strayEndValue(doc, o);
  if (kept === undefined) return editsDeleteOutside(doc, i, i);
  return [{ start: doc.bom && o.lineStart === 0 ? 1 : o.lineStart, end: kept.start, newText: '' }];
}

/**
 * The line that text found outside a record becomes inside one: a tag line stays one (a long tag
 * becomes a labelled note), anything else — `TY` and `ER` lines included, which would split or
 * close the record — becomes a note.
 */
function lineForRecord(content: string): string {
  const info = parseTagLine(content);
  if (info === undefined || info.tag === 'TY' || info.tag === 'ER') return `N1  - ${content}`;
  return info.tag.length === 2 ? `${info.tag}  - ${info.value}` : `N1  - ${info.tag}: ${info.value}`;
}

/**
 * Removes a record's blank lines. A continuation line that follows a blank line (a paragraph) is
 * joined to the line above (or becomes its own tag line for a list tag), so no text moves out of
 * its field; the blank lines in between go with the join. When joining to a continuation line would
 * make a tag line of it (`PY` + blank line + `- Pain score` → `PY - Pain score`, a new PY field),
 * every continuation line of that field is joined into its value instead.
 */
export function editsRemoveBlankLines(doc: RisDocument, r: RisRecord): TextEdit[] {
  const text = doc.text;
  const edits: TextEdit[] = [];
  // Spans the joins replace, in file order: the blank lines inside them need no edit of their own.
  const covered: [number, number][] = [];
  for (const f of r.fields) {
    const conts = f.continuations;
    if (conts.length === 0) continue;
    const list = LIST_TAGS.has(f.tag);
    const fieldEdits: TextEdit[] = [];
    const fieldCovered: [number, number][] = [];
    let prevEnd = f.valueEnd;
    // The start of the untagged line the previous continuation ends up on, while it is short
    // enough to turn into a tag line (undefined on a tag line or a long line).
    let head: string | undefined;
    let safe = true;
    for (let k = 0; k < conts.length && safe; k++) {
      const c = conts[k]!;
      const content = text.slice(c.start, Math.min(c.end, c.start + 16));
      if (!c.afterBlank) {
        head = c.end - c.start <= 16 ? content : undefined;
      } else if (k === 0 && f.lineValue.length === 0) {
        for (const e of editsNormaliseTagLine(doc, f, true)) fieldEdits.push(e);
        fieldEdits.push({ start: f.valueEnd, end: c.start, newText: '' });
        fieldCovered.push([f.valueEnd, c.start]);
      } else if (list) {
        fieldEdits.push({ start: prevEnd, end: c.start, newText: `${doc.newline}${f.tag}  - ` });
        fieldCovered.push([prevEnd, c.start]);
        head = undefined;
      } else {
        if (head !== undefined) {
          // Joined, `PY` + `- Pain score` is `PY - Pain score`: a PY field.
          if (parseTagLine(`${head} ${content}`) !== undefined) safe = false;
          head = head.length + 1 + (c.end - c.start) <= 16 ? `${head} ${content}` : undefined;
        }
        fieldEdits.push({ start: prevEnd, end: c.start, newText: ' ' });
        fieldCovered.push([prevEnd, c.start]);
      }
      prevEnd = c.end;
    }
    if (!safe) {
      for (const e of editsContinuations(doc, f, 'join')) edits.push(e);
      covered.push([f.valueEnd, f.end]);
    } else {
      for (const e of fieldEdits) edits.push(e);
      for (const span of fieldCovered) covered.push(span);
    }
  }
  let ci = 0;
  for (const run of blankLineRuns(doc, r, false)) {
    while (ci < covered.length && covered[ci]![1] <= run.start) ci++;
    if (ci < covered.length && covered[ci]![0] <= run.start) continue;
    edits.push(editRemoveBlankLine(doc, run.start, run.end));
  }
  return edits;
}

/**
 * A record's blank lines as runs of consecutive lines, `[start of the first, end of the last)`,
 * each removed by one edit: removed one by one, a blank line of spaces that follows a bare CR
 * (`A\r \r \nB`) would need an edit that overlaps its neighbour's. A run holds at least one blank
 * line pandoc sees; the empty lines of `\r\r\n` ("phantoms") join a run next to them and are
 * skipped alone, except in a file whose lines end with bare CRs (`crFile`), where every one counts.
 */
function blankLineRuns(doc: RisDocument, r: RisRecord, crFile: boolean): { start: number; end: number }[] {
  const runs: { start: number; end: number }[] = [];
  const spans = recordBlankLineSpans(doc.text, r);
  let k = 0;
  while (k < spans.length) {
    let m = k;
    while (m + 1 < spans.length && spans[m + 1]!.line === spans[m]!.line + 1) m++;
    let real = crFile;
    for (let q = k; q <= m && !real; q++) if (!spans[q]!.phantom) real = true;
    if (real) runs.push({ start: spans[k]!.start, end: spans[m]!.end });
    k = m + 1;
  }
  return runs;
}

/**
 * Deletes one blank line `[start, end)` with its line break. When the line above ends in a bare CR,
 * that CR becomes a normal line break, so that the two lines around do not merge for pandoc.
 */
function editRemoveBlankLine(doc: RisDocument, start: number, end: number): TextEdit {
  const next = nextLineStart(doc.text, end);
  if (start > 0 && doc.text.charCodeAt(start - 1) === 13 && doc.newline !== '\r') {
    return { start: start - 1, end: next, newText: doc.newline };
  }
  return { start, end: next, newText: '' };
}

/** Deletes the blank lines before the first line with content (pandoc rejects them). */
export function editsRemoveLeadingBlankLines(doc: RisDocument): TextEdit[] {
  const text = doc.text;
  const from = doc.bom ? 1 : 0;
  let p = from;
  while (p < text.length) {
    const c = text.charCodeAt(p);
    if (c === 10 || c === 13 || c === 32 || c === 9 || c === 0xa0 || c === 0xfeff || c === 11 || c === 12) p++;
    else break;
  }
  if (p >= text.length) return [];
  const ls = lineStartAt(text, p);
  return ls > from ? [{ start: from, end: ls, newText: '' }] : [];
}

/** Replaces a bare CR (a line break pandoc deletes) with the document's line ending. */
export function editsStrayCr(doc: RisDocument, offset: number): TextEdit[] {
  return [{ start: offset, end: offset + 1, newText: doc.newline === '\r' ? '\n' : doc.newline }];
}

/** Appends the document's line ending when the file does not end with one. */
export function editsFinalNewline(doc: RisDocument): TextEdit[] {
  return doc.missingFinalNewline ? [{ start: doc.text.length, end: doc.text.length, newText: doc.newline }] : [];
}

/** True for what pandoc skips at the end of a file (Haskell `isSpace`, and CR, which pandoc deletes). */
function isTrailingSpace(c: number): boolean {
  if (c <= 0x377) return c === 32 || (c >= 9 && c <= 13) || c === 0xa0;
  return c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x202f || c === 0x205f || c === 0x3000;
}

/**
 * True when no line feed follows the last character with content: `pandoc --bibliography` then
 * stops on the last (`ER`) line with "unexpected end of input". False for a text of whitespace only.
 */
function lacksFinalLineFeed(text: string): boolean {
  let q = text.length;
  while (q > 0 && isTrailingSpace(text.charCodeAt(q - 1))) q--;
  return q > 0 && text.indexOf('\n', q) < 0;
}

/**
 * Ends the file with a line break after its last line, as `pandoc --citeproc --bibliography` needs
 * after the last `ER` (a bare CR does not count: pandoc deletes it). Appends the document's line
 * ending, or turns a final bare CR into it (CRLF in a file whose lines end with bare CRs). Nothing
 * when a line feed already follows the last line with content.
 */
export function editsPandocFinalLineBreak(doc: RisDocument): TextEdit[] {
  const text = doc.text;
  if (!lacksFinalLineFeed(text)) return [];
  const nl = doc.newline === '\r' ? '\r\n' : doc.newline;
  const len = text.length;
  if (text.charCodeAt(len - 1) === 13) return [{ start: len - 1, end: len, newText: nl }];
  return [{ start: len, end: len, newText: nl }];
}

/** Offsets of the CRs not followed by a LF (line breaks of classic Mac files, or stray ones). */
function bareCarriageReturns(text: string): number[] {
  const out: number[] = [];
  for (let i = text.indexOf('\r'); i >= 0; i = text.indexOf('\r', i + 1)) if (text.charCodeAt(i + 1) !== 10) out.push(i);
  return out;
}

/** Turns every bare CR line break into CRLF (for a file with classic Mac line endings, which pandoc reads as one line). */
export function editsCrLineEndings(doc: RisDocument): TextEdit[] {
  return bareCarriageReturns(doc.text).map((i) => ({ start: i, end: i + 1, newText: '\r\n' }));
}

/** Deletes a whole field line (with its continuation lines). */
function editsDeleteField(doc: RisDocument, f: RisField): TextEdit[] {
  return [deleteWholeLines(doc, f.lineStart, lineStartAt(doc.text, f.end)), ...crBeforeLine(doc, f.lineStart)];
}

/** Rewrites a field into a labelled note: `XY  - value` → `N1  - XY: value`. */
function editsFieldToNote(doc: RisDocument, f: RisField): TextEdit[] {
  return [{ start: prefixStart(doc, f), end: f.valueStart, newText: `N1  - ${f.tag}: ` }];
}

// ---------------------------------------------------------------------------------------------
// Fixes

function fix(title: string, edits: TextEdit[], isPreferred = false, kind: RisFix['kind'] = 'quickfix'): RisFix {
  return isPreferred ? { title, kind, isPreferred, edits } : { title, kind, edits };
}

/** Normalises edits through an {@link EditBuilder}: drops no-ops and merges touching edits. */
function clean(doc: RisDocument, edits: TextEdit[]): TextEdit[] | undefined {
  const b = new EditBuilder(doc.text);
  if (!b.addGroup(edits)) return undefined;
  return b.finish();
}

function recordAt(doc: RisDocument, data: DiagnosticData | undefined): RisRecord | undefined {
  const i = data?.recordIndex;
  return i !== undefined ? doc.records[i] : undefined;
}

function fieldAt(doc: RisDocument, data: DiagnosticData | undefined): RisField | undefined {
  const r = recordAt(doc, data);
  if (r === undefined || data === undefined) return undefined;
  if (data.endTag) return r.endTag;
  return data.fieldIndex !== undefined ? r.fields[data.fieldIndex] : undefined;
}

/** The title of the fix for an `ER` that closes nothing (outside line `i`). */
function extraEndTitle(doc: RisDocument, i: number): string {
  const o = doc.outside[i];
  return o !== undefined && strayEndValue(doc, o) !== undefined ? 'Delete the extra `ER  - `, keeping the text after it on its own line' : 'Delete the extra ER line';
}

function quote(s: string, max = 30): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/**
 * What {@link fixesForDiagnostic} needs from a diagnostic: its code and data, and preferably its
 * range (offsets into the current text), which guards against a stale diagnostic whose indices
 * no longer point at the same record or line.
 */
export type FixableDiagnostic = Pick<RisDiagnostic, 'code' | 'data'> & Partial<Pick<RisDiagnostic, 'start' | 'end'>>;

/**
 * False when the diagnostic's range no longer lies on what its data points at (the document
 * changed since validation); true when it does, or when the range is not given.
 */
function stillApplies(doc: RisDocument, d: FixableDiagnostic): boolean {
  const { start, end } = d;
  if (start === undefined || end === undefined) return true;
  const data = d.data;
  if (data === undefined) return true;
  const within = (from: number, to: number): boolean => from <= start && end <= to;
  if (data.offset !== undefined) return doc.text.charCodeAt(data.offset) === 13;
  if (data.outsideStart !== undefined) {
    const o = doc.outside[data.outsideStart];
    return o !== undefined && o.start === start;
  }
  if (data.recordIndex !== undefined) {
    const r = doc.records[data.recordIndex];
    if (r === undefined) return false;
    const f = data.endTag ? r.endTag : data.fieldIndex !== undefined ? r.fields[data.fieldIndex] : undefined;
    if ((data.endTag || data.fieldIndex !== undefined) && f === undefined) return false;
    if (f !== undefined) return within(f.lineStart, f.end);
    return within(lineStartAt(doc.text, r.start), Math.max(r.end, nextLineStart(doc.text, r.end)));
  }
  return true;
}

/**
 * The quick fixes for one diagnostic (computed by `validateRis` on this same document), best
 * first; empty when there is none or when the diagnostic no longer matches the document. File-wide
 * fixes that apply are appended (kind `source.fixAll`) unless `options.fileWide` is false.
 */
export function fixesForDiagnostic(
  doc: RisDocument,
  diagnostic: FixableDiagnostic,
  options: FixOptions = {},
): RisFix[] {
  try {
    if (!stillApplies(doc, diagnostic)) return [];
    return computeFixes(doc, diagnostic, options).filter((f) => f.edits.length > 0);
  } catch (error) {
    // A fix must never break the light bulb; a stale diagnostic simply gets no fix.
    options.onError?.(error);
    return [];
  }
}

function computeFixes(doc: RisDocument, diagnostic: FixableDiagnostic, options: FixOptions): RisFix[] {
  const data = diagnostic.data;
  const wide = options.fileWide !== false;
  const out: RisFix[] = [];
  const push = (title: string, edits: TextEdit[] | undefined, preferred = false): void => {
    const e = edits === undefined ? undefined : clean(doc, edits);
    if (e !== undefined && e.length > 0) out.push(fix(title, e, preferred));
  };
  const r = recordAt(doc, data);
  const f = fieldAt(doc, data);
  switch (diagnostic.code) {
    case DiagnosticCode.MissingType: {
      if (r === undefined) break;
      const type = (options.defaultType ?? 'JOUR').toUpperCase();
      const verb = r.type === undefined ? 'Add' : 'Set';
      push(`${verb} \`TY  - ${type}\``, editsSetType(doc, r, type), true);
      if (type !== 'GEN') push(`${verb} \`TY  - GEN\` (generic)`, editsSetType(doc, r, 'GEN'));
      break;
    }
    case DiagnosticCode.MissingEnd:
      if (r !== undefined) push('Add `ER  - ` after the last field', editsAddEnd(doc, r), true);
      if (wide) out.push(...fileFixAll(doc, 'missing-end'));
      break;
    case DiagnosticCode.EndWithoutStart:
      if (data?.outsideStart !== undefined) push(extraEndTitle(doc, data.outsideStart), editsDeleteExtraEnd(doc, data.outsideStart), true);
      break;
    case DiagnosticCode.TextOutsideRecord:
      out.push(...outsideFixes(doc, data));
      break;
    case DiagnosticCode.MalformedTagLine:
      if (f !== undefined) {
        push(
          f.tag.length === 2 ? `Rewrite as \`${f.tag}  - \`` : `Move ${f.tag} into a note (\`N1  - ${f.tag}: …\`)`,
          editsNormaliseTagLine(doc, f),
          true,
        );
      }
      if (wide) out.push(...fileFixAll(doc, 'tag-lines'));
      break;
    case DiagnosticCode.UnknownTag:
      if (f !== undefined) push(`Move the value into a note (\`N1  - ${f.tag}: …\`)`, editsFieldToNote(doc, f));
      break;
    case DiagnosticCode.UnknownType:
      if (r !== undefined && data?.suggestion !== undefined) {
        const ty = r.fields[0];
        const glued = ty?.tag === 'TY' ? gluedTagLineInType(ty.lineValue) : undefined;
        const moved = glued !== undefined ? ` (\`${ty!.lineValue.slice(glued, glued + 2)}  - …\` goes on its own line)` : '';
        push(`Change the type to \`${data.suggestion}\`${moved}`, editsSetType(doc, r, data.suggestion), true);
      }
      break;
    case DiagnosticCode.RepeatedTag:
      if (f !== undefined) push(`Move this ${f.tag} into a note (\`N1  - ${f.tag}: …\`)`, editsFieldToNote(doc, f));
      break;
    case DiagnosticCode.EmptyValue:
      if (f !== undefined && f.continuations.length === 0) push(`Delete the empty ${f.tag} line`, editsDeleteField(doc, f));
      break;
    case DiagnosticCode.InvalidDoi:
      if (f !== undefined && data?.suggestion !== undefined && f.continuations.length === 0) {
        push(`Write the bare DOI \`${quote(data.suggestion)}\``, [{ start: f.valueStart, end: f.valueEnd, newText: data.suggestion }], true);
      }
      break;
    case DiagnosticCode.InvalidPages:
      if (f !== undefined && data?.suggestion !== undefined && f.continuations.length === 0) {
        push(`Write the full end page \`${data.suggestion}\``, [{ start: f.valueStart, end: f.valueEnd, newText: data.suggestion }], true);
      }
      break;
    case DiagnosticCode.PandocIncompatible:
      out.push(...pandocFixes(doc, data, wide));
      break;
    case DiagnosticCode.UncitableKey:
    case DiagnosticCode.UnpinnedKey:
      out.push(...keyFixes(doc, diagnostic.code, data, wide, options.pinPattern ?? DEFAULT_PIN_PATTERN));
      break;
    default:
      break;
  }
  return out;
}

/** The `ID  - key` line for a record, inserted where `pinKeysEdits` puts it: right after TY (first when there is none). */
function editsInsertIdLine(doc: RisDocument, r: RisRecord, key: string): TextEdit[] {
  const line = `ID  - ${key}`;
  const ty = r.fields[0]?.tag === 'TY' ? r.fields[0] : undefined;
  if (ty === undefined) return [{ start: r.start, end: r.start, newText: line + doc.newline }];
  const after = nextLineStart(doc.text, ty.end);
  if (after === ty.end) return [{ start: ty.end, end: ty.end, newText: doc.newline + line }];
  return [{ start: after, end: after, newText: line + doc.newline }];
}

/**
 * "Pin citation key `liu2021advances`" for an uncitable or unpinned key: an `ID  - key` line after
 * TY (keys from `pattern`, by default {@link DEFAULT_PIN_PATTERN}; unique against the file's other
 * keys). When the uncitable key is the record's ID (`ID  - my key`), the new ID line comes first
 * and the old one becomes a note (`N1  - ID: my key`), so nothing is lost. Unpinned keys also get
 * "Pin the keys of all N records without an ID" (a quickfix, not a source.fixAll: pinning changes
 * keys, which should never happen on save).
 */
function keyFixes(doc: RisDocument, code: DiagnosticCode, data: DiagnosticData | undefined, wide: boolean, pattern: string): RisFix[] {
  const out: RisFix[] = [];
  const ri = data?.recordIndex;
  const r = ri !== undefined ? doc.records[ri] : undefined;
  if (ri === undefined || r === undefined) return out;
  const keyed = keysOf(doc);
  const own = keyed.find((k) => k.recordIndex === ri);
  // Stale (the key changed since validation) or read by pandoc as part of an earlier record.
  if (own === undefined || own.mergedInto !== undefined || (data?.key !== undefined && data.key !== own.key)) return out;
  const taken = new Set<string>();
  for (const k of keyed) {
    if (k.recordIndex === ri) continue;
    taken.add(k.key);
    taken.add(k.baseKey);
  }
  if (!own.fromId) {
    const [pin] = pinKeysEdits(doc, [own], pattern, taken);
    if (pin !== undefined) {
      const e = clean(doc, [{ start: pin.start, end: pin.end, newText: pin.newText }]);
      if (e !== undefined) out.push(fix(`Pin citation key \`${pin.key}\``, e, true));
    }
  } else if (code === DiagnosticCode.UncitableKey) {
    const id = r.fields.find((f) => f.tag === 'ID');
    if (id !== undefined) {
      const key = makePinnedKey(r, pattern, taken, own.key);
      const e = clean(doc, [...editsInsertIdLine(doc, r, key), ...editsFieldToNote(doc, id)]);
      if (e !== undefined) out.push(fix(`Pin citation key \`${key}\` (the old ID becomes a note)`, e, true));
    }
  }
  if (code === DiagnosticCode.UnpinnedKey && wide) out.push(...pinAllFix(doc, pattern));
  return out;
}

/** pandoc's keys for the document alone, cached per document object. */
const keysCache = new WeakMap<RisDocument, readonly KeyedRecord[]>();

function keysOf(doc: RisDocument): readonly KeyedRecord[] {
  let k = keysCache.get(doc);
  if (k === undefined) {
    k = assignPandocKeys([{ uri: '', doc }]);
    keysCache.set(doc, k);
  }
  return k;
}

/**
 * "Pin the keys of all N records without an ID": an `ID  - key` line in every record whose key is
 * generated (see `pinKeysEdits`, keys from `pattern`), unique against each other and the IDs already
 * in the file. Undefined for fewer than two records (one is the quick fix itself). Cached per document.
 */
export function pinAllKeysFix(doc: RisDocument, pattern: string = DEFAULT_PIN_PATTERN): RisFix | undefined {
  return pinAllFix(doc, pattern)[0];
}

function pinAllFix(doc: RisDocument, pattern: string): RisFix[] {
  return cached(doc, `pin-all:${pattern}`, () => {
    const keyed = keysOf(doc);
    const taken = new Set<string>();
    for (const k of keyed) if (k.fromId) taken.add(k.key);
    const pins = pinKeysEdits(doc, keyed, pattern, taken);
    if (pins.length < 2) return [];
    const e = clean(
      doc,
      pins.map((p) => ({ start: p.start, end: p.end, newText: p.newText })),
    );
    return e === undefined ? [] : [fix(`Pin the keys of all ${pins.length} records without an ID`, e)];
  });
}

function outsideFixes(doc: RisDocument, data: DiagnosticData | undefined): RisFix[] {
  const out: RisFix[] = [];
  if (data?.outsideStart === undefined || data.outsideEnd === undefined) return out;
  const i = data.outsideStart;
  const j = data.outsideEnd;
  const n = j - i + 1;
  if (data.targetRecord !== undefined && doc.records[data.targetRecord] !== undefined) {
    const { remove, insert, crAbove } = editsMoveOutside(doc, i, j, data.targetRecord);
    let allTags = true;
    for (let k = i; k <= j; k++) if (doc.outside[k]!.kind !== 'tag') allTags = false;
    const side = data.placement === 'following' ? 'next' : 'previous';
    const title = allTags
      ? `Move ${n === 1 ? 'this tag line' : 'these tag lines'} into the ${side} record`
      : `Move ${n === 1 ? 'this line' : `these ${n} lines`} into a note (N1) of the ${side} record`;
    const e = clean(doc, [remove, insert, ...crAbove]);
    if (e !== undefined) out.push(fix(title, e, true));
  }
  if (data.header) {
    const e = clean(doc, editsDeleteOutside(doc, i, j));
    if (e !== undefined) out.push(fix(`Delete ${n === 1 ? 'this vendor header line' : `these ${n} vendor header lines`}`, e));
  }
  return out;
}

function pandocFixes(doc: RisDocument, data: DiagnosticData | undefined, wide: boolean): RisFix[] {
  const out: RisFix[] = [];
  const r = recordAt(doc, data);
  const f = fieldAt(doc, data);
  const push = (title: string, edits: TextEdit[] | undefined, preferred = false): void => {
    const e = edits === undefined ? undefined : clean(doc, edits);
    if (e !== undefined && e.length > 0) out.push(fix(title, e, preferred));
  };
  switch (data?.pandoc) {
    case 'continuation':
      if (f !== undefined) {
        if (LIST_TAGS.has(f.tag)) {
          push(`Put each line on its own \`${f.tag}  - \` line`, editsContinuations(doc, f, 'split'), true);
          push(`Join the lines into one ${f.tag} value`, editsContinuations(doc, f, 'join'));
        } else {
          push(`Join the continuation ${f.continuations.length === 1 ? 'line' : 'lines'} into the ${f.tag} value`, editsContinuations(doc, f, 'join'), true);
        }
      }
      if (wide) out.push(...fileFixAll(doc, 'continuations'));
      break;
    case 'blank-lines':
      if (r !== undefined) push('Remove the blank lines inside this record', editsRemoveBlankLines(doc, r), true);
      break;
    case 'missing-final-end':
    case 'merged-records':
      if (r !== undefined) push('Add `ER  - ` after the last field', editsAddEnd(doc, r), true);
      break;
    case 'tag-line':
      if (f !== undefined) {
        push(
          f.tag.length === 2 ? `Rewrite as \`${f.tag}  - \`` : `Move ${f.tag} into a note (\`N1  - ${f.tag}: …\`)`,
          editsNormaliseTagLine(doc, f),
          true,
        );
      }
      break;
    case 'outside':
      out.push(...outsideFixes(doc, data));
      break;
    case 'end-without-start':
      if (data?.outsideStart !== undefined) push(extraEndTitle(doc, data.outsideStart), editsDeleteExtraEnd(doc, data.outsideStart), true);
      break;
    case 'leading-blank-lines':
      push('Delete the blank lines at the start of the file', editsRemoveLeadingBlankLines(doc), true);
      break;
    case 'stray-cr':
      if (data?.offset !== undefined) push('Replace the bare CR with a line break', editsStrayCr(doc, data.offset), true);
      break;
    case 'final-newline':
      push('Add a line break at the end of the file', editsPandocFinalLineBreak(doc), true);
      break;
    case 'separator':
      if (f !== undefined) push(`Rewrite as \`${f.tag}  - \``, editsNormaliseTagLine(doc, f), true);
      break;
    case 'cr-line-endings':
      push('Convert the line endings to CRLF', editsCrLineEndings(doc), true);
      break;
    default:
      break;
  }
  if (wide) {
    const all = makeReadableByPandocFix(doc);
    if (all !== undefined) out.push(all);
  }
  return out;
}

/** The file-wide fixes that apply to this document (each only when it has something to do). */
export function fileFixes(doc: RisDocument): RisFix[] {
  const out: RisFix[] = [];
  out.push(...fileFixAll(doc, 'missing-end'), ...fileFixAll(doc, 'tag-lines'), ...fileFixAll(doc, 'continuations'));
  const pandoc = makeReadableByPandocFix(doc);
  if (pandoc !== undefined) out.push(pandoc);
  return out;
}

/** File-wide fixes per document object: a light bulb asks for them once per diagnostic in range. */
const fileFixCache = new WeakMap<RisDocument, Map<string, RisFix[]>>();

function cached(doc: RisDocument, key: string, compute: () => RisFix[]): RisFix[] {
  let m = fileFixCache.get(doc);
  if (m === undefined) {
    m = new Map();
    fileFixCache.set(doc, m);
  }
  let v = m.get(key);
  if (v === undefined) {
    v = compute();
    m.set(key, v);
  }
  return v;
}

function fileFixAll(doc: RisDocument, which: FileFixAllKind): RisFix[] {
  return cached(doc, which, () => computeFileFixAll(doc, which));
}

/** The file-wide fixes {@link fileFixAllEdits} computes (the `fileFixes` fix-alls besides the pandoc one). */
export type FileFixAllKind = 'missing-end' | 'tag-lines' | 'continuations';

/**
 * The edits of one file-wide fix-all (every missing ER, every malformed tag line, or every field's
 * continuation lines), and how many places they fix — also when that is a single place, for which
 * {@link fileFixes} offers no fix-all (the quick fix is the same). Edits are empty when there is
 * nothing to do.
 */
export function fileFixAllEdits(doc: RisDocument, which: FileFixAllKind): { edits: TextEdit[]; count: number } {
  const b = new EditBuilder(doc.text);
  let n = 0;
  for (const r of doc.records) {
    if (which === 'missing-end') {
      if (r.unterminated !== undefined && b.addGroup(editsAddEnd(doc, r), 1)) n++;
    } else if (which === 'tag-lines') {
      for (const f of r.fields) if (f.issues.length > 0 && b.addGroup(editsNormaliseTagLine(doc, f))) n++;
      if (r.endTag !== undefined && r.endTag.issues.length > 0 && b.addGroup(editsNormaliseTagLine(doc, r.endTag))) n++;
    } else {
      for (const f of r.fields) if (f.continuations.length > 0 && b.addGroup(editsContinuations(doc, f, 'auto'))) n++;
    }
  }
  return { edits: b.finish(), count: n };
}

function computeFileFixAll(doc: RisDocument, which: FileFixAllKind): RisFix[] {
  const { edits, count: n } = fileFixAllEdits(doc, which);
  if (n < 2) return []; // a single one is the quick fix itself
  const title =
    which === 'missing-end'
      ? `Add the ${n} missing ER lines in this file`
      : which === 'tag-lines'
        ? `Rewrite the ${n} malformed tag lines in this file as \`XX  - \``
        : `Join the continuation lines of ${n} fields in this file (list tags get one line each)`;
  return [fix(title, edits, false, 'source.fixAll')];
}

/** Options for {@link makeReadableByPandocFix}. */
export interface PandocFixOptions {
  /** What to do with vendor header lines outside records: move them into notes (default) or delete them. */
  headers?: 'note' | 'delete';
}

/**
 * "Make this file readable by pandoc": one file-wide fix that applies every pandoc-incompatibility
 * fix together, with non-overlapping edits — joins continuation lines (list tags get one line each),
 * removes blank lines inside records, rewrites tag lines pandoc rejects (lower case, indented, no
 * space after the hyphen, long tags → notes), adds missing ER lines, moves text outside records into
 * notes of the nearest record (so does text after an ER that closes nothing), deletes leading blank
 * lines and bare ER lines that close nothing, rewrites separators that hold a no-break or other
 * non-ASCII space, replaces bare CRs that pandoc would merge (every bare CR, as CRLF, in a file with
 * classic Mac line endings), and ends the file with a line break after its last line (`pandoc
 * --bibliography` rejects a file that ends with `ER  - `). Complete in one pass: applied to its own
 * result, it finds nothing to do. Returns undefined when there is nothing to do. A non-UTF-8 file
 * must still be saved as UTF-8 (not a text edit).
 */
export function makeReadableByPandocFix(doc: RisDocument, options: PandocFixOptions = {}): RisFix | undefined {
  const headers = options.headers ?? 'note';
  return cached(doc, `pandoc:${headers}`, () => {
    const fix = computePandocFix(doc, headers);
    return fix === undefined ? [] : [fix];
  })[0];
}

function computePandocFix(doc: RisDocument, headers: 'note' | 'delete'): RisFix | undefined {
  const text = doc.text;
  const b = new EditBuilder(text);
  const records = doc.records;

  // In a file whose lines end with bare CRs, step 4 turns every bare CR into CRLF, so an empty line
  // after one (a "phantom" blank line elsewhere, see `recordBlankLineSpans`) becomes a real one.
  const crFile = doc.newline === '\r';

  // 1. Inside records.
  for (const r of records) {
    for (const f of r.fields) {
      const group: TextEdit[] = [];
      const badPrefix =
        f.issues.some((i) => i === 'no-space-after-hyphen' || i === 'lowercase-tag' || i === 'indented' || i === 'long-tag') ||
        pandocSeparatorProblem(text, f) !== undefined;
      // Appended one by one: a field can have hundreds of thousands of continuation lines, too
      // many to spread into the arguments of a call.
      if (f.continuations.length > 0) {
        for (const e of editsContinuations(doc, f, 'auto')) group.push(e);
        if (badPrefix && f.lineValue.length > 0) for (const e of editsNormaliseTagLine(doc, f)) group.push(e);
      } else if (badPrefix) {
        for (const e of editsNormaliseTagLine(doc, f)) group.push(e);
      }
      if (group.length > 0) b.addGroup(group);
    }
    const et = r.endTag;
    if (et !== undefined && et.issues.some((i) => i === 'lowercase-tag' || i === 'indented')) b.addGroup(editsNormaliseTagLine(doc, et));
    // Blank lines not already removed by a continuation join.
    for (const run of blankLineRuns(doc, r, crFile)) b.addGroup([editRemoveBlankLine(doc, run.start, run.end)]);
    if (r.unterminated !== undefined) b.addGroup(editsAddEnd(doc, r), 2);
  }

  // 2. Outside lines: bare ER lines that close nothing are deleted; everything else (text after such
  //    an ER included) moves into a record.
  //    Lines before the first record are only copied here: step 3 deletes that whole region (with
  //    its blank lines, which pandoc also rejects), unless a copy could not be placed.
  const outside = doc.outside;
  const firstRecord = records[0];
  if (firstRecord === undefined) {
    // No record: the blank lines and bare ER lines the file starts with go together (deleted one at
    // a time, an ER would leave the blank lines after it at the start).
    let k = 0;
    while (k < outside.length && outside[k]!.kind === 'end-without-start' && strayEndValue(doc, outside[k]!) === undefined) k++;
    const from = doc.bom ? 1 : 0;
    const to = k < outside.length ? outside[k]!.lineStart : k > 0 ? text.length : from;
    if (to > from) b.addGroup([{ start: from, end: to, newText: '' }]);
  }
  let beforeFirstCopied = true;
  // Deletes outside lines `[i, j]` together with `with` (their copy); a bare CR that ends the line
  // above becomes a line break, unless that line goes too (its own deletion holds the CR).
  const deleteLines = (i: number, j: number, with_: TextEdit[]): void => {
    const ls = outside[i]!.lineStart;
    if (b.addGroup([deleteWholeLines(doc, ls, outside[j]!.lineStart), ...with_], 0)) b.addGroup(crBeforeLine(doc, ls));
  };
  let i = 0;
  while (i < outside.length) {
    const o = outside[i]!;
    const before = firstRecord !== undefined && o.start < firstRecord.start;
    if (o.kind === 'end-without-start') {
      const kept = strayEndValue(doc, o);
      if (kept === undefined) {
        if (!before) deleteLines(i, i, []);
      } else {
        // Text after the ER (`ER  - TI  - Important`) moves into a record, like other outside lines.
        const target = targetFor(doc, i, i);
        if (target !== undefined) {
          const at = recordInsertionPoint(records[target]!);
          const insert: TextEdit = { start: at, end: at, newText: doc.newline + lineForRecord(kept.value) };
          if (before) {
            if (!b.addGroup([insert], 0)) beforeFirstCopied = false;
          } else {
            deleteLines(i, i, [insert]);
          }
        }
      }
      i++;
      continue;
    }
    let j = i;
    while (j + 1 < outside.length && outside[j + 1]!.kind !== 'end-without-start' && outside[j + 1]!.line === outside[j]!.line + 1) j++;
    const target = targetFor(doc, i, j);
    if (target !== undefined) {
      let header = true;
      for (let k = i; k <= j; k++) {
        const look = classifyOutsideLine(text, outside[k]!);
        if (look !== 'header' && look !== 'numbering') header = false;
      }
      if (header && headers === 'delete') {
        if (!before) deleteLines(i, j, []);
      } else if (before) {
        if (!b.addGroup([editsMoveOutside(doc, i, j, target).insert], 0)) beforeFirstCopied = false;
      } else {
        deleteLines(i, j, [editsMoveOutside(doc, i, j, target).insert]);
      }
    }
    i = j + 1;
  }

  // 3. Everything before the first record (blank lines, copied lines) goes.
  if (firstRecord !== undefined) {
    const from = doc.bom ? 1 : 0;
    const to = lineStartAt(text, firstRecord.start);
    if (to > from && beforeFirstCopied) b.addGroup([{ start: from, end: to, newText: '' }]);
  }

  // 4. Bare CRs that pandoc would merge (the ones validation reports); in a file whose lines end with
  //    bare CRs, every one of them becomes CRLF, including those of the lines the steps above write.
  if (crFile) {
    for (const e of editsCrLineEndings(doc)) b.addGroup([e], 4);
  } else {
    for (const m of pandocMergingCarriageReturns(doc)) b.addGroup(editsStrayCr(doc, m.offset));
  }
  const finish = (): TextEdit[] => {
    const edits = b.finish();
    return crFile ? edits.map((e) => ({ start: e.start, end: e.end, newText: e.newText.replace(/\r(?!\n)/g, '\r\n') })) : edits;
  };

  // 5. A line feed after the last line (pandoc --bibliography rejects a file that ends with `ER  - `).
  let edits = finish();
  if (lacksFinalLineFeed(edits.length > 0 ? applyEdits(text, edits) : text)) {
    const nl = crFile ? '\r\n' : doc.newline;
    const len = text.length;
    const replacedCr = text.charCodeAt(len - 1) === 13 && b.addGroup([{ start: len - 1, end: len, newText: nl }], 5);
    if (!replacedCr) b.addGroup([{ start: len, end: len, newText: nl }], 5);
    edits = finish();
  }

  // 6. The edits above can leave more bare CR line breaks than others (joining LF lines among Web of
  //    Science's harmless `C3  - …\rC3  - …`): the result would then count as a file of classic Mac
  //    line endings, which pandoc reads as one line. Then every bare CR left goes: one before another
  //    line break is deleted (pandoc deletes it anyway), the others become the file's line break.
  if (!crFile && doc.strayCarriageReturns.length > 0 && mostlyBareCarriageReturns(applyEdits(text, edits))) {
    for (const cr of doc.strayCarriageReturns) {
      b.addGroup([{ start: cr, end: cr + 1, newText: text.charCodeAt(cr + 1) === 13 ? '' : doc.newline }], 4);
    }
    edits = finish();
  }

  if (edits.length === 0) return undefined;
  return fix('Make this file readable by pandoc', edits, false, 'source.fixAll');
}

/** True when bare CRs are the most frequent line break of `text` (the parser then takes them for its line ending). */
function mostlyBareCarriageReturns(text: string): boolean {
  let lf = 0;
  let crlf = 0;
  let cr = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) lf++;
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) {
        crlf++;
        i++;
      } else cr++;
    }
  }
  return cr > lf && cr > crlf;
}

/** The record that outside lines `[i, j]` belong with (same rule as validation). */
function targetFor(doc: RisDocument, i: number, j: number): number | undefined {
  const records = doc.records;
  const o = doc.outside[i]!;
  let rec = 0;
  // Binary search: first record starting after the run.
  let lo = 0;
  let hi = records.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (records[mid]!.start < o.start) lo = mid + 1;
    else hi = mid;
  }
  rec = lo;
  const hasPrev = rec > 0;
  const hasNext = rec < records.length;
  if (!hasPrev && !hasNext) return undefined;
  if (!hasPrev) return rec;
  if (!hasNext) return rec - 1;
  let header = true;
  for (let k = i; k <= j; k++) {
    const look = classifyOutsideLine(doc.text, doc.outside[k]!);
    if (look !== 'header' && look !== 'numbering') header = false;
  }
  return header ? rec : rec - 1;
}
