/**
 * The structure rules: records without a type (`ris.missing-type`) or without an `ER`
 * (`ris.missing-end`), an `ER` that closes nothing (`ris.end-without-start`), text outside any
 * record (`ris.text-outside-record`) and tag lines not written `XX  - value`
 * (`ris.malformed-tag-line`, with one diagnostic for a file written throughout in one such style).
 */

import { DiagnosticCode, capSeverity } from '../codes';
import { outsideRuns } from '../outsideRuns';
import { issueRange } from '../tagLines';
import { plural } from '../wording';
import { defineRecordRule, type RuleContext, type TagLineTotals } from './rule';
import type { RisField, RisRecord, TagLineIssue } from '../../ris/model';
import { lineEndIn, lineStartIn, type TextAt } from '../../ris/pieceText';

/** The written form of a tag line's prefix (tag and separator), for messages. */
function writtenPrefix(t: TextAt, f: RisField): string {
  return t.text.slice(f.tagStart - t.base, f.valueStart - t.base).replace(/\t/g, '\\t');
}

/** The message of a malformed tag line; `t` holds the line (`textAt`). */
function issueMessage(t: TextAt, f: RisField, issue: TagLineIssue, isEnd: boolean): string {
  const tag = f.tag;
  const canon = `${tag}  - `;
  const written = writtenPrefix(t, f);
  const text = t.text;
  const base = t.base;
  switch (issue) {
    case 'separator-spacing':
      return `The separator after ${tag} is \`${written}\` but RIS needs exactly two spaces, a hyphen and a space: \`${canon}\`. rispy, citation-js and biblatex-csl-converter do not see this line as a tag.`;
    case 'separator-tab':
      return `The separator after ${tag} contains a tab (\`${written}\`); write \`${canon}\` with spaces. rispy, citation-js and biblatex-csl-converter do not see this line as a tag.`;
    case 'no-space-after-hyphen':
      return `There is no space after the hyphen (\`${text.slice(f.tagStart - base, Math.min(f.valueEnd, f.valueStart + 12) - base)}\`); write \`${canon}${f.lineValue.slice(0, 12)}\`. ${isEnd ? 'Some readers do not see this line as ER.' : 'rispy drops the first character of the value and pandoc rejects the file.'}`;
    case 'lowercase-tag':
      return `The tag \`${text.slice(f.tagStart - base, f.tagEnd - base)}\` is in lower case; tags are upper case: \`${canon}\`. Most readers (pandoc, rispy, Zotero) do not see this line as a tag.`;
    case 'indented':
      return `This tag line is indented: the tag must start at the beginning of the line (\`${canon}…\`). pandoc rejects the file and several readers do not see this line as a tag.`;
    case 'long-tag':
      return `\`${tag}\` is not a RIS tag: tags have exactly two characters (\`XX  - \`). Readers drop this line and pandoc rejects the file. Keep the value in a note: \`N1  - ${tag}: ${f.lineValue.slice(0, 20)}\`.`;
  }
}

/** Stray `ER` lines and runs of text outside records. */
function checkOutside(ctx: RuleContext): void {
  const { doc } = ctx;
  const sEndWithout = ctx.severity(DiagnosticCode.EndWithoutStart);
  const sOutside = ctx.severity(DiagnosticCode.TextOutsideRecord);
  for (const run of outsideRuns(doc)) {
    if (run.kind === 'end-without-start') {
      const o = doc.outside[run.index]!;
      ctx.emit(
        DiagnosticCode.EndWithoutStart,
        sEndWithout,
        'This ER line closes no record: the record before it has already ended (a doubled ER), or the TY line that should start this record is missing. Delete the extra ER, or add the missing start.',
        o.start,
        o.end,
        { outsideStart: run.index, outsideEnd: run.index },
      );
      continue;
    }
    const n = run.last - run.first + 1;
    ctx.emit(
      DiagnosticCode.TextOutsideRecord,
      sOutside,
      `${run.summary} Readers skip ${plural(n, 'it', 'them')}: ${plural(n, 'its', 'their')} content is not imported. ${run.move}`,
      doc.outside[run.first]!.start,
      doc.outside[run.last]!.end,
      run.data,
    );
  }
}

/** A record without a type, or with an empty `TY` line. */
function checkType(ctx: RuleContext, r: RisRecord, ri: number): void {
  const sMissingType = ctx.severity(DiagnosticCode.MissingType);
  if (r.type === undefined) {
    ctx.emit(
      DiagnosticCode.MissingType,
      sMissingType,
      'This record has no TY line, so readers cannot tell what kind of reference it is (citation-js fails on it, rispy skips it). Add `TY  - JOUR` (or the right type) as its first line.',
      r.start,
      lineEndIn(ctx.at(r.start), r.start),
      { recordIndex: ri },
    );
  } else if (r.type.length === 0) {
    const ty = r.fields[0]!;
    ctx.emit(
      DiagnosticCode.MissingType,
      sMissingType,
      'The TY line of this record is empty, so readers cannot tell what kind of reference it is. Write the type, e.g. `TY  - JOUR`.',
      ty.tagStart,
      ty.end,
      { recordIndex: ri, fieldIndex: 0 },
    );
  }
}

/** A record without `ER`: the next record's `TY` or the end of the file comes first. */
function checkEnd(ctx: RuleContext, r: RisRecord, ri: number): void {
  if (r.unterminated === undefined) return;
  const sMissingEnd = ctx.severity(DiagnosticCode.MissingEnd);
  const lastLineStart = lineStartIn(ctx.at(r.start), r.end);
  if (r.unterminated === 'next-type') {
    const next = ctx.doc.records[ri + 1];
    ctx.emit(
      DiagnosticCode.MissingEnd,
      sMissingEnd,
      `This record has no ER line, so the next record's TY${next ? ` (line ${next.startLine + 1})` : ''} starts a new one while this one is still open; rispy, JabRef and pandoc merge the two records. Add \`ER  - \` after the last field.`,
      lastLineStart,
      r.end,
      { recordIndex: ri, reason: 'next-type' },
    );
  } else {
    ctx.emit(
      DiagnosticCode.MissingEnd,
      sMissingEnd,
      'This record has no ER line: the file ends first. rispy drops this record and pandoc rejects the file. Add `ER  - ` after the last field.',
      lastLineStart,
      r.end,
      { recordIndex: ri, reason: 'end-of-file' },
    );
  }
}

/**
 * A file written throughout in one malformed style (EndNote's `TY - JOUR`) gets one diagnostic at
 * the configured level on the first such line, naming the count, and hints on the others: the same
 * finding on every line of a 10,000-record export is noise, not information.
 */
interface HouseStyle {
  /** How many tag lines have the `separator-spacing` issue. */
  readonly count: number;
  /** True when they are at least 5 and half of the tag lines. */
  readonly on: boolean;
  /** The record with the first of them. */
  readonly first: RisRecord | undefined;
}

/** The house style of a file from its tag-line sums. */
function houseStyle(totals: TagLineTotals): HouseStyle {
  const count = totals.separatorSpacing;
  return { count, on: count >= 5 && count * 2 >= totals.tagLines, first: totals.firstSeparatorSpacing };
}

/** The malformed tag lines of record `ri` (its fields, then its `ER` line). */
function checkTagLines(ctx: RuleContext, r: RisRecord, ri: number, house: HouseStyle): void {
  // Only the first line of the house style carries the count; it is in `house.first`.
  const text = ctx.at(r.start);
  const style = { count: house.count, on: house.on, reported: r !== house.first };
  const sMalformed = ctx.severity(DiagnosticCode.MalformedTagLine);
  const fields = r.fields;
  for (let fi = 0; fi < fields.length; fi++) {
    const f = fields[fi]!;
    // An index loop: an iterator per tag line was a tenth of what a first validation allocated.
    const issues = f.issues;
    for (let ii = 0; ii < issues.length; ii++) {
      const issue = issues[ii]!;
      const [s, e] = issueRange(f, issue);
      let level = sMalformed;
      let message = issueMessage(text, f, issue, false);
      if (style.on && issue === 'separator-spacing') {
        if (style.reported) level = capSeverity(sMalformed, 'hint');
        else message += ` The file writes ${style.count} tag lines this way: "Rewrite the malformed tag lines" fixes them all.`;
        style.reported = true;
      }
      ctx.emit(DiagnosticCode.MalformedTagLine, level, message, s, e, { recordIndex: ri, fieldIndex: fi, issue });
    }
  }
  const et = r.endTag;
  if (et !== undefined) {
    // An index loop: an iterator per tag line was a tenth of what a first validation allocated.
    const issues = et.issues;
    for (let ii = 0; ii < issues.length; ii++) {
      const issue = issues[ii]!;
      const [s, e] = issueRange(et, issue);
      ctx.emit(DiagnosticCode.MalformedTagLine, sMalformed, issueMessage(text, et, issue, true), s, e, { recordIndex: ri, endTag: true, issue });
    }
  }
}

/** Records without type or end, stray `ER` lines, outside text and malformed tag lines. */
export const structureRule = defineRecordRule<HouseStyle | undefined>(
  'structure',
  [DiagnosticCode.MissingType, DiagnosticCode.MissingEnd, DiagnosticCode.EndWithoutStart, DiagnosticCode.TextOutsideRecord, DiagnosticCode.MalformedTagLine],
  {
    lineDependent: false,
    document: checkOutside,
    prepare: (ctx, totals) => (ctx.severity(DiagnosticCode.MalformedTagLine) !== 'ignore' ? houseStyle(totals()) : undefined),
    record(ctx, r, ri, style) {
      checkType(ctx, r, ri);
      checkEnd(ctx, r, ri);
      if (style !== undefined) checkTagLines(ctx, r, ri, style);
    },
    // The next record's line (in the missing-end message) and the record's place in the house style.
    signature(ctx, r, ri, style, tally) {
      const next = r.unterminated === 'next-type' ? `n${ctx.doc.records[ri + 1]?.startLine ?? -1}` : '';
      if (style === undefined || !style.on || tally().separatorSpacing === 0) return next;
      return `${next}${r === style.first ? `f${style.count}` : 'r'}`;
    },
    signatureBasis: (style) => (style === undefined ? [] : [style.on, style.count, style.first]),
  },
);
