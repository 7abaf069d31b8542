/**
 * The `ris.pandoc-incompatible` rules: what makes `pandoc --citeproc --bibliography file.ris` reject
 * the file or read it differently from other tools. {@link pandocRule} reports the leading blank
 * lines, outside lines, records without `ER`, blank lines inside records and tag lines pandoc cannot
 * read; {@link pandocFileEndRule}, run after the record rules, the bare CRs that merge lines, bare-CR
 * line endings and a final `ER` line without a line break. (The non-UTF-8 check is in `encoding.ts`.)
 */

import { DiagnosticCode } from '../codes';
import { outsideRuns } from '../outsideRuns';
import {
  describeSpace,
  pandocFinalEndWithoutLineBreak,
  pandocMergingCarriageReturns,
  pandocRejectsIssue,
  pandocSeparatorProblem,
  pandocUnexpected,
  recordBlankLineSpans,
} from '../pandocReading';
import { LIST_TAGS, issueRange } from '../tagLines';
import { plural } from '../wording';
import { defineRecordRule, defineRule, type RuleContext } from './rule';
import type { RisField, RisRecord } from '../../ris/model';
import { lineEndIn, lineStartIn, textLength } from '../../ris/pieceText';
import { isInlineSpace } from '../../text/chars';
import { lineStartAt, nextLineStart } from '../../text/lines';

/** The diagnostic every check of this module reports, at the configured severity. */
function report(ctx: RuleContext, message: string, start: number, end: number, data: Parameters<RuleContext['emit']>[5]): void {
  ctx.emit(DiagnosticCode.PandocIncompatible, ctx.severity(DiagnosticCode.PandocIncompatible), message, start, end, data);
}

/** Blank lines before the first line with content: pandoc stops at the first record. */
function checkLeadingBlankLines(ctx: RuleContext): void {
  const { bomEnd } = ctx;
  // The first piece of a text held in pieces ends at a record's first line: it holds the first
  // non-blank character, or the text has none before that record's.
  const { text, base } = ctx.at(bomEnd);
  let p = bomEnd - base;
  while (p < text.length) {
    const c = text.charCodeAt(p);
    if (c === 10 || c === 13 || isInlineSpace(c)) p++;
    else break;
  }
  if (p >= text.length) {
    if (ctx.doc.records.length === 0) return;
    p = ctx.doc.records[0]!.start - base;
  }
  const firstLineStart = lineStartAt(text, p) + base;
  if (firstLineStart > bomEnd) {
    report(
      ctx,
      'pandoc rejects the whole bibliography: the file starts with blank lines (it stops with "unexpected … expecting end of input" at the first record). Delete the blank lines before the first line.',
      bomEnd,
      firstLineStart,
      { pandoc: 'leading-blank-lines' },
    );
  }
}

/** Stray `ER` lines (an extra empty reference) and runs of outside lines (rejected). */
function checkOutside(ctx: RuleContext): void {
  const { doc } = ctx;
  for (const run of outsideRuns(doc)) {
    if (run.kind === 'end-without-start') {
      const o = doc.outside[run.index]!;
      report(ctx, 'pandoc adds an empty reference to the bibliography for this ER line, which closes no record. Delete it.', o.start, o.end, {
        pandoc: 'end-without-start',
        outsideStart: run.index,
        outsideEnd: run.index,
      });
      continue;
    }
    const o = doc.outside[run.first]!;
    const n = run.last - run.first + 1;
    // pandoc reads a few characters of the line (and skips bare CRs): 64 more are plenty.
    const { text, base } = ctx.at(o.lineStart, Math.min(o.end + 64, textLength(doc)));
    const unexpected = pandocUnexpected(text, o.lineStart, base) ?? 'a parse error';
    report(
      ctx,
      `pandoc rejects the whole bibliography: ${n === 1 ? 'a line' : `${n} lines`} outside any record (it stops with "${unexpected}"). ${run.move}`,
      o.start,
      doc.outside[run.last]!.end,
      { ...run.data, pandoc: 'outside' },
    );
  }
}

/** A record without `ER`: merged with the next one, or (at the end of the file) rejected. */
function checkEnd(ctx: RuleContext, r: RisRecord, ri: number): void {
  if (r.unterminated === undefined) return;
  const lastLineStart = lineStartIn(ctx.at(r.start), r.end);
  if (r.unterminated === 'next-type') {
    report(
      ctx,
      `pandoc merges this record with the next one: it has no ER line, so pandoc reads on into the next record (one reference with both sets of authors and years). Add \`ER  - \` after the last field.`,
      lastLineStart,
      r.end,
      { recordIndex: ri, reason: 'next-type', pandoc: 'merged-records' },
    );
  } else {
    report(
      ctx,
      'pandoc rejects the whole bibliography: the last record has no ER line (it stops at the end of the file). Add `ER  - ` after the last field.',
      lastLineStart,
      r.end,
      { recordIndex: ri, reason: 'end-of-file', pandoc: 'missing-final-end' },
    );
  }
}

/** Runs of blank lines inside a record (the phantom ones of `\r\r\n` aside). */
function checkBlankLines(ctx: RuleContext, r: RisRecord, ri: number): void {
  if (r.blankLines.length === 0) return;
  const { text, base } = ctx.at(r.start);
  const spans = recordBlankLineSpans(text, r, base);
  let k = 0;
  while (k < spans.length) {
    if (spans[k]!.phantom) {
      k++;
      continue;
    }
    let m = k;
    while (m + 1 < spans.length && !spans[m + 1]!.phantom && spans[m + 1]!.line === spans[m]!.line + 1) m++;
    const first = spans[k]!;
    const count = m - k + 1;
    const lines: number[] = [];
    for (let q = k; q <= m; q++) lines.push(spans[q]!.line);
    report(
      ctx,
      `pandoc rejects the whole bibliography: ${count === 1 ? 'a blank line' : `${count} blank lines`} inside a record (it stops with "${pandocUnexpected(text, first.start, base) ?? 'a parse error'}"). Blank lines may only come after ER. Remove ${plural(count, 'it', 'them')} (a paragraph that follows is joined to the value above).`,
      first.start,
      nextLineStart(text, spans[m]!.end - base) + base,
      { recordIndex: ri, pandoc: 'blank-lines', lines },
    );
    k = m + 1;
  }
}

/** What pandoc says about a field's tag line: rejected issues, an odd separator, continuation lines. */
function checkField(ctx: RuleContext, f: RisField, ri: number, fi: number, text: string, base: number): void {
  const tag = f.tag;
  // An index loop: an iterator per tag line was a tenth of what a first validation allocated.
  const issues = f.issues;
  for (let ii = 0; ii < issues.length; ii++) {
    const issue = issues[ii]!;
    if (!pandocRejectsIssue(issue, false)) continue;
    const [s, e] = issueRange(f, issue);
    report(
      ctx,
      `pandoc rejects the whole bibliography: ${issue === 'lowercase-tag' ? 'a lower-case tag' : issue === 'indented' ? 'an indented tag line' : issue === 'long-tag' ? `\`${tag}\` is not a two-character tag` : 'no space after the hyphen'} (it stops with "${pandocUnexpected(text, f.lineStart, base) ?? 'a parse error'}"). ${issue === 'long-tag' ? `Move the value into a note: \`N1  - ${tag}: …\`.` : `Write \`${tag}  - \`.`}`,
      s,
      e,
      { recordIndex: ri, fieldIndex: fi, issue, pandoc: 'tag-line' },
    );
  }
  // A separator pandoc cannot read (`AU  -\u00a0Doe`); lines with a rejected issue are reported above.
  const sp = pandocSeparatorProblem(text, f, base);
  if (sp !== undefined && !f.issues.some((issue) => pandocRejectsIssue(issue, false))) {
    report(
      ctx,
      `pandoc rejects the whole bibliography: the separator after ${tag} contains ${describeSpace(sp.char)}, which pandoc does not read as a space (it stops with "${sp.unexpected}"). Write \`${tag}  - \` with ordinary spaces.`,
      f.tagEnd,
      Math.max(f.valueStart, f.tagEnd + 1),
      { recordIndex: ri, fieldIndex: fi, pandoc: 'separator' },
    );
  }
  if (f.continuations.length > 0) {
    const c0 = f.continuations[0]!;
    const cl = f.continuations[f.continuations.length - 1]!;
    const n = f.continuations.length;
    report(
      ctx,
      `pandoc rejects the whole bibliography: ${n === 1 ? 'an untagged continuation line' : `${n} untagged continuation lines`} under ${tag} (it stops with "${pandocUnexpected(text, c0.lineStart, base) ?? 'a parse error'}"). ${LIST_TAGS.has(tag) ? `Put each on its own \`${tag}  - \` line.` : `Join ${plural(n, 'it', 'them')} to the ${tag} value.`}`,
      c0.start,
      cl.end,
      { recordIndex: ri, fieldIndex: fi, pandoc: 'continuation' },
    );
  }
}

/** A lower-case or indented `ER` line. */
function checkEndLine(ctx: RuleContext, r: RisRecord, ri: number, text: string, base: number): void {
  const et = r.endTag;
  if (et === undefined) return;
  // An index loop: an iterator per tag line was a tenth of what a first validation allocated.
  const issues = et.issues;
  for (let ii = 0; ii < issues.length; ii++) {
    const issue = issues[ii]!;
    if (!pandocRejectsIssue(issue, true)) continue;
    const [s, e] = issueRange(et, issue);
    report(
      ctx,
      `pandoc rejects the whole bibliography: ${issue === 'lowercase-tag' ? 'a lower-case ER' : 'an indented ER line'} (it stops with "${pandocUnexpected(text, et.lineStart, base) ?? 'a parse error'}"). Write \`ER  - \` at the start of the line.`,
      s,
      e,
      { recordIndex: ri, endTag: true, issue, pandoc: 'tag-line' },
    );
  }
}

/** What pandoc rejects or misreads at the start of the file, outside records and inside them. */
export const pandocRule = defineRecordRule('pandoc', [DiagnosticCode.PandocIncompatible], {
  // The blank lines of a record are in the data as line numbers.
  lineDependent: (d) => d.data?.lines !== undefined,
  document(ctx) {
    checkLeadingBlankLines(ctx);
    checkOutside(ctx);
  },
  record(ctx, r, ri) {
    checkEnd(ctx, r, ri);
    checkBlankLines(ctx, r, ri);
    const { text, base } = ctx.at(r.start);
    for (let fi = 0; fi < r.fields.length; fi++) checkField(ctx, r.fields[fi]!, ri, fi, text, base);
    checkEndLine(ctx, r, ri, text, base);
  },
});

/** Bare CRs that merge two lines pandoc reads, bare-CR line endings, and a final `ER` without a line break. */
export const pandocFileEndRule = defineRule('pandoc-file-end', [DiagnosticCode.PandocIncompatible], 'document', (ctx) => {
  const { doc, bomEnd } = ctx;
  if (doc.strayCarriageReturns.length > 0) {
    for (const m of pandocMergingCarriageReturns(doc)) {
      report(
        ctx,
        `pandoc joins this line to the one above: they are separated by a bare CR, which pandoc deletes, so ${m.nextTag !== undefined ? `\`${m.nextTag}  - …\` becomes part of the ${m.prevTag ?? 'previous'} value` : 'the two lines become one'}. Replace the bare CR with a normal line break.`,
        m.offset + 1,
        m.nextLineEnd,
        { pandoc: 'stray-cr', offset: m.offset },
      );
    }
  }
  if (doc.records.length === 0) return;
  if (doc.newline === '\r') {
    report(
      ctx,
      'pandoc rejects the whole bibliography: the lines of this file end with a bare CR (classic Mac line endings). pandoc deletes every CR, so it reads the file as one long line. Convert the line endings to CRLF or LF.',
      bomEnd,
      Math.max(lineEndIn(ctx.at(bomEnd), bomEnd), bomEnd + 1),
      { pandoc: 'cr-line-endings' },
    );
    return;
  }
  const fin = pandocFinalEndWithoutLineBreak(doc);
  if (fin === undefined) return;
  const last = ctx.at(fin.end);
  const bareCr = last.text.indexOf('\r', fin.end - last.base) >= 0;
  report(
    ctx,
    `pandoc rejects the whole bibliography: the file ends with this ER line and no line break after it${bareCr ? ' (the bare CR that follows does not count: pandoc deletes it)' : ''}. \`pandoc --citeproc --bibliography\` stops with "unexpected end of input" (only \`pandoc -f ris\` adds the missing line break). Add a line break at the end of the file.`,
    fin.start,
    Math.max(fin.end, fin.start + 1),
    { pandoc: 'final-newline' },
  );
});
