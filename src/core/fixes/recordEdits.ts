/**
 * The edit generators: each returns the edits of one atomic change to a record or to the text
 * around records (normalise a tag line, join continuations, add ER, set the type, move outside
 * text into a note, remove blank lines, line endings).
 *
 * What a fix of one record or line reads of the text around it, it reads from the piece that holds
 * it (`DocumentText`, `textAt`): an edited document held in pieces is never joined for a light bulb.
 */
import type { OutsideLine, RisDocument, RisField, RisRecord } from '../ris/model';
import { parseTagLine } from '../ris/parser';
import { NAME_TAGS, medlineToCommaForm } from '../ris/names';
import { isTypeName } from '../ris/spec';
import { type TextEdit } from '../text/edits';
import { DocumentText, textAt, textLength, textSlice } from '../ris/pieceText';
import { recordBlankLineSpans } from '../validation/pandocReading';
import { LIST_TAGS, gluedTagLineInType } from '../validation/tagLines';

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
  const atEof = r.end === textLength(doc);
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
  const text = new DocumentText(doc);
  const end = text.nextLineStart(text.lineEndAt(lastLineStart));
  return [start, end];
}

/** Deletes the whole lines `[first, last]` (see {@link crBeforeLine} for what should go with it). */
export function deleteWholeLines(doc: RisDocument, firstLineStart: number, lastLineStart: number): TextEdit {
  const [start, end] = wholeLines(doc, firstLineStart, lastLineStart);
  return { start, end, newText: '' };
}

/**
 * When lines starting at `lineStart` are deleted and the line above ends with a bare CR: that CR
 * as the document's line break. It would otherwise come to stand before the line after the deleted
 * ones, and pandoc, which deletes every CR, would merge the two (`  \r` + `TY  - JOUR` → an
 * indented TY). Nothing in a file whose lines all end with bare CRs (they all become CRLF).
 */
export function crBeforeLine(doc: RisDocument, lineStart: number): TextEdit[] {
  if (lineStart > 0 && new DocumentText(doc).charCodeAt(lineStart - 1) === 13 && doc.newline !== '\r') {
    return [{ start: lineStart - 1, end: lineStart, newText: doc.newline }];
  }
  return [];
}

/** The tag lines that outside lines `[i, j]` become when moved into a record (notes or tag lines). */
function outsideAsLines(doc: RisDocument, i: number, j: number): string[] {
  const lines: string[] = [];
  let lastWasTag = false;
  for (let k = i; k <= j; k++) {
    const o: OutsideLine = doc.outside[k]!;
    const content = textSlice(doc, o.start, o.end);
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
export function recordInsertionPoint(r: RisRecord): number {
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
export function strayEndValue(doc: RisDocument, o: OutsideLine): { value: string; start: number } | undefined {
  const info = parseTagLine(textSlice(doc, o.start, o.end));
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
export function lineForRecord(content: string): string {
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
  const text = new DocumentText(doc);
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
export function blankLineRuns(doc: RisDocument, r: RisRecord, crFile: boolean): { start: number; end: number }[] {
  const runs: { start: number; end: number }[] = [];
  const { text, base } = textAt(doc, r.start);
  const spans = recordBlankLineSpans(text, r, base);
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
export function editRemoveBlankLine(doc: RisDocument, start: number, end: number): TextEdit {
  const text = new DocumentText(doc);
  const next = text.nextLineStart(end);
  if (start > 0 && text.charCodeAt(start - 1) === 13 && doc.newline !== '\r') {
    return { start: start - 1, end: next, newText: doc.newline };
  }
  return { start, end: next, newText: '' };
}

/** Deletes the blank lines before the first line with content (pandoc rejects them). */
export function editsRemoveLeadingBlankLines(doc: RisDocument): TextEdit[] {
  const text = new DocumentText(doc);
  const from = doc.bom ? 1 : 0;
  let p = from;
  while (p < text.length) {
    const c = text.charCodeAt(p);
    if (c === 10 || c === 13 || c === 32 || c === 9 || c === 0xa0 || c === 0xfeff || c === 11 || c === 12) p++;
    else break;
  }
  if (p >= text.length) return [];
  const ls = text.lineStartAt(p);
  return ls > from ? [{ start: from, end: ls, newText: '' }] : [];
}

/** Replaces a bare CR (a line break pandoc deletes) with the document's line ending. */
export function editsStrayCr(doc: RisDocument, offset: number): TextEdit[] {
  return [{ start: offset, end: offset + 1, newText: doc.newline === '\r' ? '\n' : doc.newline }];
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
export function lacksFinalLineFeed(text: string | DocumentText): boolean {
  let q = text.length;
  while (q > 0 && isTrailingSpace(text.charCodeAt(q - 1))) q--;
  return q > 0 && text.slice(q, text.length).indexOf('\n') < 0;
}

/**
 * Ends the file with a line break after its last line, as `pandoc --citeproc --bibliography` needs
 * after the last `ER` (a bare CR does not count: pandoc deletes it). Appends the document's line
 * ending, or turns a final bare CR into it (CRLF in a file whose lines end with bare CRs). Nothing
 * when a line feed already follows the last line with content.
 */
export function editsPandocFinalLineBreak(doc: RisDocument): TextEdit[] {
  const text = new DocumentText(doc);
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
export function editsDeleteField(doc: RisDocument, f: RisField): TextEdit[] {
  return [deleteWholeLines(doc, f.lineStart, new DocumentText(doc).lineStartAt(f.end)), ...crBeforeLine(doc, f.lineStart)];
}

/** Rewrites a field into a labelled note: `XY  - value` → `N1  - XY: value`. */
export function editsFieldToNote(doc: RisDocument, f: RisField): TextEdit[] {
  return [{ start: prefixStart(doc, f), end: f.valueStart, newText: `N1  - ${f.tag}: ` }];
}

/**
 * Rewrites a name in MEDLINE form as pandoc reads it right (`Griffin DK` → `Griffin, D. K.`): one
 * edit over the value, every other byte kept; undefined when the field is no name tag, has
 * continuation lines or is not in MEDLINE form.
 */
export function editsMedlineName(f: RisField): TextEdit[] | undefined {
  if (!NAME_TAGS.has(f.tag) || f.continuations.length > 0) return undefined;
  const rewrite = medlineToCommaForm(f.value);
  return rewrite === undefined ? undefined : [{ start: f.valueStart, end: f.valueEnd, newText: rewrite }];
}
