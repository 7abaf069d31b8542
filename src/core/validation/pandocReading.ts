/**
 * How pandoc's RIS reader sees a file, where it differs from the parser: what it says about a line
 * it expected to be a tag line, separators it does not read as spaces, the blank lines inside a
 * record, the final `ER` line without a line break, and the bare CRs it deletes. Used by the pandoc
 * rules and by the fixes that make a file readable by pandoc.
 */

import type { RisDocument, RisField, RisRecord, TagLineIssue } from '../ris/model';
import { parseTagLine } from '../ris/parser';
import { lineEndIn, textAt, textLength } from '../ris/pieceText';
import { isDigitCode } from '../text/chars';
import { lineEndAt, lineStartAt, nextLineStart } from '../text/lines';

/** Tags pandoc's RIS reader uses (Text/Pandoc/Readers/RIS.hs); every other tag is ignored by it. */
const PANDOC_READ_TAGS: ReadonlySet<string> = new Set(
  'TY ID VL KW PB PP DO SP EP AU A1 ED A2 TI T1 CT BT JO JF T2 ET NV AB PY Y1 IS SN LA UR LK'.split(' '),
);

/** A blank line inside a record, as offsets: `[start, end)` is the line without its break. */
export interface BlankLineSpan {
  readonly line: number;
  readonly start: number;
  readonly end: number;
  /**
   * True for the empty "line" a bare CR before a line break creates (`\r\r\n`, Citavi): VS Code and
   * the parser see a blank line, but pandoc (which deletes every CR) and most readers do not.
   */
  readonly phantom: boolean;
}

/**
 * The offsets of a record's blank lines (`record.blankLines`), found by walking the record's lines.
 * Character `i` of the document is `text[i - base]` (`textAt`).
 */
export function recordBlankLineSpans(text: string, record: RisRecord, base = 0): BlankLineSpan[] {
  const out: BlankLineSpan[] = [];
  const wanted = record.blankLines;
  if (wanted.length === 0) return out;
  let line = record.startLine;
  let ls = lineStartAt(text, record.start - base);
  let k = 0;
  while (k < wanted.length && ls <= text.length) {
    const le = lineEndAt(text, ls);
    if (line === wanted[k]) {
      const phantom =
        ls > 0 && text.charCodeAt(ls - 1) === 13 && le === ls && ls < text.length; // empty, after a bare CR
      out.push({ line, start: ls + base, end: le + base, phantom });
      k++;
    }
    const next = nextLineStart(text, le);
    if (next === le) break;
    ls = next;
    line++;
  }
  return out;
}

/** Haskell's `show` of a character, as pandoc prints it in "unexpected '…'". */
function showChar(c: number): string {
  if (Number.isNaN(c)) return 'end of input';
  if (c === 10 || c === 13) return "'\\n'";
  if (c === 9) return "'\\t'";
  if (c === 39) return "'\\''";
  if (c >= 32 && c < 127) return `'${String.fromCharCode(c)}'`;
  return `'\\${c}'`;
}

/**
 * What pandoc's RIS reader would say about the line starting at `ls` if it expected a tag line
 * there: `unexpected 'm'`. Follows `risLine`: two `[A-Z0-9]`, spaces or tabs, `-`, then a space, a
 * tab or the end of the line. Returns undefined when pandoc would accept the line. CRs are skipped,
 * as pandoc deletes them before parsing. Character `i` of the document is `text[i - base]`.
 */
export function pandocUnexpected(text: string, ls: number, base = 0): string | undefined {
  let p = ls - base;
  const at = (): number => {
    while (text.charCodeAt(p) === 13 && text.charCodeAt(p + 1) !== 10 && p < text.length) p++;
    return p < text.length ? text.charCodeAt(p) : NaN;
  };
  for (let i = 0; i < 2; i++) {
    const c = at();
    if (!((c >= 65 && c <= 90) || isDigitCode(c))) return `unexpected ${showChar(c)}`;
    p++;
  }
  let c = at();
  if (c !== 32 && c !== 9) return `unexpected ${showChar(c)}`;
  while (c === 32 || c === 9) {
    p++;
    c = at();
  }
  if (c !== 45) return `unexpected ${showChar(c)}`;
  p++;
  c = at();
  if (c === 32 || c === 9 || c === 10 || c === 13 || Number.isNaN(c)) return undefined;
  return `unexpected ${showChar(c)}`;
}

/** A character in a tag line's separator that pandoc does not read as a space, and what pandoc says. */
export interface PandocSeparatorProblem {
  /** The UTF-16 code of the first such character (U+00A0, U+2003…). */
  readonly char: number;
  /** pandoc's complaint, e.g. `unexpected '\160'`. */
  readonly unexpected: string;
}

/**
 * Whether pandoc rejects a field's separator (`[tagEnd, valueStart)`) although the parser reads the
 * line as a tag line: pandoc's `risLine` allows only spaces and tabs around the hyphen, so a no-break
 * space or an em space after `AU  -` (which the parser trims like any whitespace) stops it. Cheap for
 * a clean line (a scan of the separator's few characters). Not for `ER` lines, which pandoc reads by a
 * laxer rule (anything may follow their hyphen).
 */
export function pandocSeparatorProblem(text: string, f: RisField, base = 0): PandocSeparatorProblem | undefined {
  for (let i = f.tagEnd - base; i < f.valueStart - base; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 45) {
      const unexpected = pandocUnexpected(text, f.tagStart, base);
      return unexpected === undefined ? undefined : { char: c, unexpected };
    }
  }
  return undefined;
}

/** A name for a space-like character in a message: `a no-break space (U+00A0)`. */
export function describeSpace(c: number): string {
  const hex = `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
  const names: Readonly<Record<number, string>> = {
    0xa0: 'a no-break space',
    0x2002: 'an en space',
    0x2003: 'an em space',
    0x2009: 'a thin space',
    0x202f: 'a narrow no-break space',
    0x3000: 'an ideographic space',
    0xfeff: 'a zero-width no-break space',
    11: 'a vertical tab',
    12: 'a form feed',
  };
  const name = names[c];
  return name !== undefined ? `${name} (${hex})` : `the character ${hex}`;
}

/** The last `ER` line of a file, as offsets. */
export interface FinalEndLine {
  /** Start of the physical line. */
  readonly lineStart: number;
  /** The `ER` tag's offset and the end of the line (before any line break). */
  readonly start: number;
  readonly end: number;
  /** Index into `doc.records` when the line closes a record; undefined for an `ER` that closes nothing. */
  readonly recordIndex: number | undefined;
}

/**
 * The file's last line with content when it is an `ER` line with no line feed after it — which
 * `pandoc --citeproc --bibliography` rejects ("unexpected end of input": pandoc reads the rest of an
 * `ER` line up to a line feed; `pandoc -f ris` adds a final line break itself and accepts the file).
 * A bare CR after the `ER` line does not count, as pandoc deletes every CR. Undefined otherwise.
 */
export function pandocFinalEndWithoutLineBreak(doc: RisDocument): FinalEndLine | undefined {
  const { records, outside } = doc;
  const r = records[records.length - 1];
  const o = outside[outside.length - 1];
  let last: FinalEndLine | undefined;
  if (o !== undefined && (r === undefined || o.start > r.start)) {
    if (o.kind !== 'end-without-start') return undefined;
    last = { lineStart: o.lineStart, start: o.start, end: o.end, recordIndex: undefined };
  } else if (r !== undefined && r.endTag !== undefined) {
    const et = r.endTag;
    last = { lineStart: et.lineStart, start: et.tagStart, end: et.end, recordIndex: records.length - 1 };
  }
  if (last === undefined) return undefined;
  // The last piece of a text held in pieces holds the last line, and nothing after the text's end.
  const { text, base } = textAt(doc, last.lineStart);
  return text.indexOf('\n', last.lineStart - base) >= 0 ? undefined : last;
}

/** Whether pandoc rejects a tag line with this issue (`ER` lines are read by a laxer rule). */
export function pandocRejectsIssue(issue: TagLineIssue, isEnd: boolean): boolean {
  switch (issue) {
    case 'no-space-after-hyphen':
      return !isEnd;
    case 'lowercase-tag':
    case 'indented':
    case 'long-tag':
      return true;
    default:
      return false;
  }
}

/** A bare CR that pandoc deletes, merging two lines in a way that changes what pandoc reads. */
export interface MergingCarriageReturn {
  /** Offset of the CR. */
  readonly offset: number;
  /** End of the line after it. */
  readonly nextLineEnd: number;
  /** The tags of the line before and the line after, when they are tag lines. */
  readonly prevTag: string | undefined;
  readonly nextTag: string | undefined;
}

/**
 * The bare CRs (`doc.strayCarriageReturns`) that matter to pandoc, which deletes every CR: those
 * whose merge swallows a tag line pandoc reads (or `ER`), or glues a tag line onto a value pandoc
 * reads (the line before the CR may be a continuation line of that value). A CR followed by another
 * line break (`\r\r\n`), a CR that ends an empty line (`\n\rTY  - …`: the next line keeps its start)
 * and a CR between two tags pandoc ignores (WoS `WE …\rAN …`, `AD …\rAD …`) are harmless and left out.
 */
export function pandocMergingCarriageReturns(doc: RisDocument): MergingCarriageReturn[] {
  const length = textLength(doc);
  const out: MergingCarriageReturn[] = [];
  const records = doc.records;
  // The field a line before a CR belongs to, found by walking records and fields in step with the CRs.
  let ri = 0;
  let fi = 0;
  const fieldEndingAt = (cr: number): RisField | undefined => {
    while (ri < records.length && records[ri]!.end < cr) {
      ri++;
      fi = 0;
    }
    const r = records[ri];
    if (r === undefined || r.start > cr) return undefined;
    while (fi + 1 < r.fields.length && r.fields[fi + 1]!.lineStart <= cr) fi++;
    const f = r.fields[fi];
    return f !== undefined && f.lineStart <= cr && cr <= f.end ? f : undefined;
  };
  for (const cr of doc.strayCarriageReturns) {
    if (cr + 1 >= length) continue;
    // The line after the CR, and the one it ends, each lie whole in one piece of a text held in pieces.
    const next = textAt(doc, cr + 1);
    const after = next.text.charCodeAt(cr + 1 - next.base);
    if (after === 10 || after === 13) continue;
    // An empty line ended by a bare CR (after a LF, or first): merged, the next line keeps its start.
    if (cr === 0) continue;
    const own = textAt(doc, cr - 1);
    if (own.text.charCodeAt(cr - 1 - own.base) === 10) continue;
    const nextLineEnd = lineEndIn(next, cr + 1);
    const nextTag = parseTagLine(next.text.slice(cr + 1 - next.base, nextLineEnd - next.base))?.tag;
    // A continuation line is part of its field's value: the merge glues the next line onto that value.
    const prevTag = parseTagLine(own.text.slice(lineStartAt(own.text, cr - own.base), cr - own.base))?.tag ?? fieldEndingAt(cr)?.tag;
    const harmful =
      (nextTag !== undefined && (PANDOC_READ_TAGS.has(nextTag) || nextTag === 'ER')) ||
      (prevTag !== undefined && PANDOC_READ_TAGS.has(prevTag) && nextTag !== undefined);
    if (harmful) out.push({ offset: cr, nextLineEnd, prevTag, nextTag });
  }
  return out;
}
