/**
 * "RIS: Make File Readable by pandoc": every edit that pandoc's RIS reader needs, composed into
 * one fix that leaves nothing for a second pass.
 */
import type { RisDocument } from '../ris/model';
import { applyEdits, type TextEdit } from '../text/edits';
import { lineStartAt } from '../text/lines';
import { pandocMergingCarriageReturns, pandocSeparatorProblem } from '../validation/pandocReading';
import { classifyOutsideLine } from '../validation/tagLines';
import { RisFix, fix, cached } from './fixTypes';
import { EditBuilder } from './editBuilder';
import { blankLineRuns, crBeforeLine, deleteWholeLines, editRemoveBlankLine, editsAddEnd, editsContinuations, editsCrLineEndings, editsMoveOutside, editsNormaliseTagLine, editsStrayCr, lacksFinalLineFeed, lineForRecord, recordInsertionPoint, strayEndValue } from './recordEdits';

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
