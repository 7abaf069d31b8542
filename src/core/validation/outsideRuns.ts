/**
 * The lines outside any record (`doc.outside`), grouped the way validation reports them: each `ER`
 * that closes nothing on its own, and the other lines in runs of consecutive lines, each with where
 * it is, what it holds and which record a fix would move it into. Shared by the structure rule
 * (`ris.text-outside-record`, `ris.end-without-start`) and the pandoc rule.
 */

import type { DiagnosticData } from './diagnostic';
import { classifyOutsideLine, type OutsideLook } from './tagLines';
import { plural } from './wording';
import type { RisDocument } from '../ris/model';
import { textAt } from '../ris/pieceText';

/** An `ER` line that closes no record: `doc.outside[index]`. */
export interface StrayEnd {
  readonly kind: 'end-without-start';
  readonly index: number;
}

/** A run of consecutive outside lines, `doc.outside[first..last]`, described for the messages. */
export interface OutsideRun {
  readonly kind: 'run';
  readonly first: number;
  readonly last: number;
  /** The diagnostic data (run, header flag, target record and placement). */
  readonly data: DiagnosticData;
  /** `A line between records (text).` and so on: the start of the text-outside-record message. */
  readonly summary: string;
  /** What to do about it (move into a record, or export as RIS). */
  readonly move: string;
}

/** Describes the run `doc.outside[i..j]`; `rec` is the index of the first record after it. */
function describeRun(doc: RisDocument, i: number, j: number, rec: number): OutsideRun {
  const { outside, records } = doc;
  const o = outside[i]!;
  let header = true;
  let tagLines = 0;
  const looks = new Set<OutsideLook>();
  for (let k = i; k <= j; k++) {
    const line = outside[k]!;
    const { text, base } = textAt(doc, line.start, line.end);
    const look = classifyOutsideLine(text, line, base);
    looks.add(look);
    if (look !== 'header' && look !== 'numbering') header = false;
    if (look === 'tag') tagLines++;
  }
  // Target: text before the first record, vendor headers and numbering go to the following
  // record; tag lines after ER (Ovid NL) and other text go to the preceding one.
  const hasPrev = rec > 0;
  const hasNext = rec < records.length;
  let placement: 'following' | 'preceding' | undefined;
  if (!hasPrev && hasNext) placement = 'following';
  else if (hasPrev && !hasNext) placement = 'preceding';
  else if (hasPrev && hasNext) placement = header ? 'following' : 'preceding';
  const targetRecord = placement === 'following' ? rec : placement === 'preceding' ? rec - 1 : undefined;
  const n = j - i + 1;
  const what: string[] = [];
  if (looks.has('header')) what.push('a vendor header such as `Provider:`/`Database:`');
  if (looks.has('numbering')) what.push('record numbering');
  if (looks.has('link')) what.push("an Ovid 'Link to…' line");
  if (looks.has('tag')) {
    what.push(
      tagLines === n && o.beforeFirstRecord === false && hasPrev
        ? `${plural(tagLines, 'a tag line', 'tag lines')} after ER`
        : `${plural(tagLines, 'a tag line', 'tag lines')} that belong to no record`,
    );
  }
  if (looks.has('text')) what.push('text');
  const where =
    records.length === 0 ? 'outside any record' : o.beforeFirstRecord ? 'before the first record' : hasNext ? 'between records' : 'after the last record';
  const move =
    targetRecord === undefined
      ? 'This file has no RIS record (TY … ER) at all: is it another format, such as PubMed MEDLINE (.nbib, `PMID- `) or Web of Science plain text (`PT J`)? Export it as RIS instead.'
      : `Move ${plural(n, 'it', 'them')} into ${looks.has('tag') && tagLines === n ? '' : 'a note (N1) of '}the ${placement === 'following' ? 'next' : 'previous'} record${header ? `, or delete ${plural(n, 'it', 'them')}` : ''}.`;
  const data: DiagnosticData = { outsideStart: i, outsideEnd: j, header };
  if (targetRecord !== undefined) {
    data.targetRecord = targetRecord;
    data.placement = placement;
  }
  const summary = `${n === 1 ? 'A line' : `${n} lines`} ${where} (${what.join(', ')}).`;
  return { kind: 'run', first: i, last: j, data, summary, move };
}

/**
 * The outside lines of a document in order: each stray `ER` on its own, the others in runs of
 * consecutive lines (without any record, the whole file is one run).
 */
export function outsideRuns(doc: RisDocument): (StrayEnd | OutsideRun)[] {
  const { outside, records } = doc;
  const out: (StrayEnd | OutsideRun)[] = [];
  let rec = 0; // index of the first record that starts after the current run
  let i = 0;
  while (i < outside.length) {
    const o = outside[i]!;
    if (o.kind === 'end-without-start') {
      out.push({ kind: 'end-without-start', index: i });
      i++;
      continue;
    }
    let j = i;
    while (
      j + 1 < outside.length &&
      outside[j + 1]!.kind !== 'end-without-start' &&
      // Without any record, the whole file is one run (a MEDLINE or WoS plain-text file, not RIS).
      (records.length === 0 || outside[j + 1]!.line === outside[j]!.line + 1)
    ) {
      j++;
    }
    while (rec < records.length && records[rec]!.start < o.start) rec++;
    out.push(describeRun(doc, i, j, rec));
    i = j + 1;
  }
  return out;
}
