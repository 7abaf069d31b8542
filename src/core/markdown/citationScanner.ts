/**
 * pandoc citations in Markdown (`pandoc --citeproc`, MANUAL §Citations): finding them, the citation
 * under the cursor, the completion context after `@`, and the edit that inserts a citation.
 *
 * The scanner is one forward pass over the text, line by line for the block structure (YAML metadata
 * blocks, fenced and indented code blocks, block quotes, list indentation) and character by character
 * inside paragraphs (code spans, HTML comments, TeX math, autolinks, bare URLs, link destinations,
 * backslash escapes, brackets). Brackets are matched with a stack; when a `]` closes, the bracket
 * becomes a citation group if every `;`-separated entry holds a citation, which is pandoc's rule. It
 * runs in linear time: every search ahead (closing backticks, `$`, `-->`, fences) is bounded by the
 * paragraph or remembered when it fails.
 *
 * The syntax of a bare key is pandoc's `citeKey`, implemented once in `keys/keySyntax.ts`
 * (`bareKeyEnd`): trailing punctuation is not part of the key (`@Doe_2020.` → `Doe_2020`), and `@*x`
 * is the key `*x`. A braced key `@{…}` holds anything but whitespace, with balanced braces.
 *
 * Checked against pandoc 3.10 (pandoc-wasm) on a few hundred snippets, random ones included. The
 * deliberate differences are all on the side of not reporting a citation: an `@` inside a bare URL
 * (`https://x.org/@user`), right after `name.`, `name_`, `name+` or `name%` (e-mail shapes), or right
 * after another citation's key (`@a@b`) is not a citation; `@*` (the `nocite` wildcard) and the
 * empty key `@{}` are not reported; a citation inside emphasis inside brackets (`[**@a**]`) counts
 * as an entry of the group. Every offset is a UTF-16 offset into the text.
 */
import { closeCitationBracket, newCitation, type Bracket, type Citation, type MarkdownScan, type MutableCitation } from './citation';
import { metadataBlockAt, parseMetadataBlock, type FrontMatter, type MetadataSearchCache } from './frontMatter';
import { MAX_BRACED_KEY, MAX_DESTINATION, autolinkEnd, bareUrlEnd, cpBefore, fenceOpening, htmlTagEnd, isAsciiPunct, isClosingFence, isReferenceLabel, isWhite, lineStartBefore, listMarkerWidth, wwwEnd } from './markdownSyntax';
import { bareKeyEnd, isKeyAlnum } from '../keys/keySyntax';
import { nextLineStart } from '../text/lines';

/** What a scan is for: the whole text, or a stop at an offset. */
export interface ScanOptions {
  /** Stop at this offset and report whether it lies in plain text, and the open brackets there. */
  readonly probeAt?: number;
  /** Stop at the end of the paragraph that contains this offset (citations before it are final). */
  readonly until?: number;
}

/** What a scan stopped at `probeAt` found there. */
export interface Probe {
  /** False when the offset lies in code, math, a comment, metadata, a URL or an escape. */
  readonly plain: boolean;
  /** Offsets of the `[` still open at the offset, outermost first. */
  readonly openBrackets: readonly number[];
}

// Characters the inline loop must look at; every other ASCII character is skipped at once.
const SPECIAL = new Uint8Array(128);
for (const ch of '\\`<$@[];:wW') SPECIAL[ch.charCodeAt(0)] = 1;

// ---- the scanner -------------------------------------------------------------------------------

/** The scanner's one forward pass and its state; see the top of this file. */
export class Scanner {
  readonly n: number;
  readonly citations: MutableCitation[] = [];
  readonly metadata: FrontMatter[] = [];
  probe: Probe | undefined;
  private done = false;
  private readonly probeAt: number;
  private readonly until: number;

  // Paragraph state.
  private stack: Bracket[] = [];
  private paraEnd = -1;
  private tickFail = new Set<number>();
  private dollarFail = false;
  private displayFail = false;
  private lastCitation: MutableCitation | undefined;
  private braceFailUntil = -1;
  /** Offset of the next `\r` at or after the last line-end search (-1: none left). */
  private nextCR = -2;
  private parenFailUntil = -1;

  // Document-wide memory of failed searches.
  private commentFail = false;
  private readonly fenceFailMin: Record<number, number> = { 96: Infinity, 126: Infinity };
  private readonly metaCache: MetadataSearchCache = {};

  constructor(
    readonly text: string,
    options: ScanOptions,
  ) {
    this.n = text.length;
    this.probeAt = options.probeAt ?? -1;
    this.until = options.until ?? Infinity;
  }

  run(): void {
    const text = this.text;
    const n = this.n;
    let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
    let prevBlank = true; // a blank line (or the document's start) came before
    let prevCode = false; // the previous non-blank line was an indented code line
    let inParagraph = false;
    let listActive = false;
    let listIndent = 0;
    let fence: { char: number; len: number } | undefined;

    while (pos < n && !this.done) {
      const ls = pos;
      const le = this.lineEnd(ls);
      const nx = nextLineStart(text, le);

      if (fence) {
        if (isClosingFence(this.text, ls, le, fence.char, fence.len)) fence = undefined;
        if (this.skip(ls, nx)) return;
        pos = nx;
        continue;
      }

      // Block-quote markers, then indentation (in columns, a tab stopping at multiples of 4).
      let c = ls;
      let quoted = false;
      for (;;) {
        let k = c;
        let spaces = 0;
        while (k < le && text.charCodeAt(k) === 32 && spaces < 3) {
          k++;
          spaces++;
        }
        if (k < le && text.charCodeAt(k) === 62 /* > */) {
          c = k + 1;
          if (c < le && (text.charCodeAt(c) === 32 || text.charCodeAt(c) === 9)) c++;
          quoted = true;
          continue;
        }
        break;
      }
      let fs = c;
      let indent = 0;
      while (fs < le) {
        const ch = text.charCodeAt(fs);
        if (ch === 32) indent++;
        else if (ch === 9) indent += 4 - (indent % 4);
        else break;
        fs++;
      }

      if (fs >= le) {
        // A blank line ends the paragraph; open brackets stay text.
        if (ls > this.until) return;
        prevBlank = true;
        if (inParagraph) this.endParagraph();
        inParagraph = false;
        pos = nx;
        continue;
      }

      const extra = listActive ? listIndent : 0;
      const first = text.charCodeAt(fs);

      // A fence opens a code block, even in the middle of a paragraph (pandoc reads it so).
      if ((first === 96 || first === 126) && indent <= 3 + extra) {
        const len = fenceOpening(text, fs, le, first);
        if (len > 0 && this.hasClosingFence(nx, first, len)) {
          if (ls > this.until) return;
          if (inParagraph) this.endParagraph();
          inParagraph = false;
          fence = { char: first, len };
          prevBlank = false;
          prevCode = false;
          if (this.skip(ls, nx)) return;
          pos = nx;
          continue;
        }
      }

      if (!inParagraph) {
        if (ls > this.until) return;
        // Indented code: after a blank line (or more code), indented 4 columns past any list item.
        if (indent >= 4 + extra && (prevBlank || prevCode)) {
          prevCode = true;
          prevBlank = false;
          if (this.skip(ls, nx)) return;
          pos = nx;
          continue;
        }
        // A YAML metadata block at the start or after a blank line.
        if (!quoted && fs === ls && first === 45 /* - */ && prevBlank) {
          const bounds = metadataBlockAt(text, ls, this.metaCache);
          if (bounds) {
            this.metadata.push(parseMetadataBlock(text, bounds));
            if (this.skip(ls, bounds.next)) return;
            pos = bounds.next;
            prevBlank = true;
            prevCode = false;
            continue;
          }
        }
        // List tracking, for telling list paragraphs from indented code.
        const marker = listMarkerWidth(text, fs, le);
        if (marker > 0 && indent <= 3 + extra) {
          listActive = true;
          listIndent = indent + marker;
        } else if (indent === 0) {
          listActive = false;
        }
        inParagraph = true;
      } else {
        // A new list item ends the previous item's paragraph.
        const marker = listMarkerWidth(text, fs, le);
        if (marker > 0 && listActive && indent <= 3 + extra) {
          listIndent = indent + marker;
          this.endParagraph();
        }
      }
      prevBlank = false;
      prevCode = false;
      pos = this.inline(c, le);
    }
  }

  /** Offset of the line break (or the text's end) that ends the line containing `pos`. */
  private lineEnd(pos: number): number {
    let nl = this.text.indexOf('\n', pos);
    if (nl < 0) nl = this.n;
    if (this.nextCR !== -1 && this.nextCR < pos) this.nextCR = this.text.indexOf('\r', pos);
    const cr = this.nextCR;
    return cr >= 0 && cr < nl ? cr : nl;
  }

  /** Marks `[from, to)` as skipped; returns true when the scan must stop (the probe falls inside). */
  private skip(from: number, to: number): boolean {
    if (this.probeAt >= 0 && this.probeAt >= from && this.probeAt < to) {
      this.probe = { plain: false, openBrackets: [] };
      this.done = true;
      return true;
    }
    return false;
  }

  private endParagraph(): void {
    this.stack = [];
    this.paraEnd = -1;
    this.tickFail.clear();
    this.dollarFail = false;
    this.displayFail = false;
    this.lastCitation = undefined;
  }

  /** True when a later line closes a fence of `len` × `ch` (pandoc reads an unclosed fence as text). */
  private hasClosingFence(from: number, ch: number, len: number): boolean {
    if (len >= this.fenceFailMin[ch]) return false;
    let p = from;
    while (p < this.n) {
      const le = this.lineEnd(p);
      if (isClosingFence(this.text, p, le, ch, len)) return true;
      p = nextLineStart(this.text, le);
    }
    this.fenceFailMin[ch] = len;
    return false;
  }

  /** The end of the current paragraph: the start of the next blank line or fence line. */
  private paragraphEnd(from: number): number {
    if (this.paraEnd >= from) return this.paraEnd;
    const text = this.text;
    let p = nextLineStart(text, this.lineEnd(from));
    while (p < this.n) {
      const le = this.lineEnd(p);
      let k = p;
      while (k < le) {
        const c = text.charCodeAt(k);
        if (c === 32 || c === 9 || c === 62) k++;
        else break;
      }
      if (k >= le) break;
      const c = text.charCodeAt(k);
      if ((c === 96 || c === 126) && fenceOpening(text, k, le, c) > 0) break;
      p = nextLineStart(text, le);
    }
    this.paraEnd = Math.min(p, this.n);
    return this.paraEnd;
  }

  /**
   * Scans a paragraph line from `i` to its end `le`. Constructs that span lines (code spans,
   * comments, math) may carry the scan into a later line, which is then finished too. Returns the
   * offset of the next line to classify.
   */
  private inline(i: number, le: number): number {
    const text = this.text;
    const n = this.n;
    const stopAt = this.probeAt >= 0 ? this.probeAt : Infinity;
    for (;;) {
      while (i < le) {
        if (i >= stopAt) {
          this.probe = { plain: true, openBrackets: this.stack.map((b) => b.pos) };
          this.done = true;
          return n;
        }
        const ch = text.charCodeAt(i);
        if (ch < 128 && SPECIAL[ch] === 0) {
          i++;
          continue;
        }
        let next = i + 1;
        switch (ch) {
          case 92 /* \ */: {
            if (i + 1 < le && isAsciiPunct(text.charCodeAt(i + 1))) {
              next = i + 2;
              if (this.skip(i + 1, next)) return n;
            }
            break;
          }
          case 96 /* ` */: {
            let k = i + 1;
            while (k < n && text.charCodeAt(k) === 96) k++;
            // A run without a closing run of the same length: pandoc reads its first backtick as
            // text and tries again with the rest of the run.
            next = k;
            for (let start = i, len = k - i; len > 0; start++, len--) {
              if (this.tickFail.has(len)) continue;
              const close = this.findBackticks(k, len);
              if (close >= 0) {
                next = close + len;
                if (this.skip(start, next)) return n;
                break;
              }
              this.tickFail.add(len);
            }
            break;
          }
          case 60 /* < */: {
            next = this.lessThan(i, le);
            if (next > i + 1 && this.skip(i, next)) return n;
            break;
          }
          case 36 /* $ */: {
            next = this.dollar(i);
            if (next > i + 1 && this.skip(i, next)) return n;
            break;
          }
          case 64 /* @ */:
            next = this.at(i, le);
            break;
          case 91 /* [ */:
            this.open(i);
            break;
          case 93 /* ] */: {
            next = this.close(i);
            break;
          }
          case 59 /* ; */:
            if (this.stack.length > 0) this.stack[this.stack.length - 1].semis.push(i);
            break;
          case 58 /* : */: {
            next = bareUrlEnd(text, i, le);
            if (next > i + 1 && this.skip(i, next)) return n;
            break;
          }
          case 119 /* w */:
          case 87 /* W */: {
            next = wwwEnd(text, i, le);
            if (next > i + 1 && this.skip(i, next)) return n;
            break;
          }
          default: {
            // A non-ASCII character: skip the whole code point.
            if (ch >= 0xd800 && ch <= 0xdbff) next = i + 2;
          }
        }
        i = next;
      }
      if (i >= stopAt && stopAt <= le) {
        // The probe is at the end of this line (or of the text).
        this.probe = { plain: true, openBrackets: this.stack.map((b) => b.pos) };
        this.done = true;
        return n;
      }
      if (i <= le) return nextLineStart(text, le);
      // A construct ended in a later line: finish that line.
      if (i >= n) return n;
      const lineStart = lineStartBefore(text, i);
      le = this.lineEnd(lineStart);
      if (i > le) return nextLineStart(text, le);
      if (this.paraEnd >= 0 && i >= this.paraEnd) this.paraEnd = -1;
    }
  }

  /** Offset of a run of exactly `len` backticks at or after `from` in this paragraph, or -1. */
  private findBackticks(from: number, len: number): number {
    const text = this.text;
    const end = this.paragraphEnd(from);
    let k = text.indexOf('`', from);
    while (k >= 0 && k < end) {
      let r = k + 1;
      while (r < end && text.charCodeAt(r) === 96) r++;
      if (r - k === len) return k;
      k = text.indexOf('`', r);
    }
    return -1;
  }

  /** `<!-- … -->` (may span paragraphs), an autolink `<scheme:…>` or `<name@host>`, an HTML tag; else `i + 1`. */
  private lessThan(i: number, le: number): number {
    const text = this.text;
    if (text.startsWith('<!--', i)) {
      if (this.commentFail) return i + 1;
      const close = text.indexOf('-->', i + 4);
      if (close < 0) {
        this.commentFail = true;
        return i + 1;
      }
      return close + 3;
    }
    const end = autolinkEnd(text, i, le);
    if (end !== 0) return end > 0 ? end : i + 1;
    return htmlTagEnd(text, i, Math.min(this.paragraphEnd(i), i + MAX_DESTINATION));
  }

  /** TeX math `$…$` or `$$…$$` (pandoc's `tex_math_dollars` rules); else `i + 1`. */
  private dollar(i: number): number {
    const text = this.text;
    if (text.charCodeAt(i + 1) === 36) {
      if (this.displayFail) return i + 2;
      const end = this.paragraphEnd(i);
      let k = text.indexOf('$$', i + 2);
      while (k >= 0 && k < end && text.charCodeAt(k - 1) === 92) k = text.indexOf('$$', k + 1);
      if (k >= 0 && k < end) return k + 2;
      this.displayFail = true;
      return i + 2;
    }
    const after = text.charCodeAt(i + 1);
    if (Number.isNaN(after) || isWhite(after) || this.dollarFail) return i + 1;
    const end = this.paragraphEnd(i);
    let k = text.indexOf('$', i + 1);
    while (k >= 0 && k < end) {
      const before = text.charCodeAt(k - 1);
      const following = text.charCodeAt(k + 1);
      if (!isWhite(before) && before !== 92 && !(following >= 48 && following <= 57)) return k + 1;
      k = text.indexOf('$', k + 1);
    }
    this.dollarFail = true;
    return i + 1;
  }

  /** An `@` at `i`: a citation when a key follows and nothing before it makes it an e-mail address. */
  private at(i: number, le: number): number {
    const text = this.text;
    const prev = cpBefore(text, i);
    let suppress = false;
    if (!Number.isNaN(prev)) {
      if (isKeyAlnum(prev) || prev === 46 /* . */) return i + 1;
      if (prev === 95 || prev === 43 || prev === 37) {
        // `name_@host`, `name+@host`: the shape of an e-mail address.
        const before = cpBefore(text, i - 1);
        if (!Number.isNaN(before) && isKeyAlnum(before)) return i + 1;
      }
      if (prev === 45) {
        // `-@key` suppresses the author (`[see -@a]`), except after a letter or digit: pandoc reads
        // `p.3-@a` as an ordinary citation.
        const before = cpBefore(text, i - 1);
        suppress = (Number.isNaN(before) || !isKeyAlnum(before)) && !text.startsWith('<!--', i - 4);
      }
    }
    let citation: MutableCitation;
    if (text.charCodeAt(i + 1) === 123 /* { */) {
      // An `@{` inside the span of an unclosed one is not read again (keeps the scan linear).
      if (i < this.braceFailUntil) return i + 1;
      let depth = 1;
      let k = i + 2;
      const limit = Math.min(le, i + 2 + MAX_BRACED_KEY);
      while (k < limit) {
        const c = text.charCodeAt(k);
        if (isWhite(c)) break;
        if (c === 123) depth++;
        else if (c === 125 && --depth === 0) break;
        k++;
      }
      if (k >= limit || text.charCodeAt(k) !== 125) {
        this.braceFailUntil = k;
        return i + 1;
      }
      if (k === i + 2) return k + 1; // `@{}`
      citation = newCitation(text.slice(i + 2, k), i, k + 1, i + 2, k, true, suppress);
    } else {
      const end = bareKeyEnd(text, i + 1, le);
      if (end < 0 || (end === i + 2 && text.charCodeAt(i + 1) === 42)) return i + 1; // `@*`: the nocite wildcard
      citation = newCitation(text.slice(i + 1, end), i, end, i + 1, end, false, suppress);
    }
    this.citations.push(citation);
    this.lastCitation = citation;
    if (this.stack.length > 0) this.stack[this.stack.length - 1].cits.push(citation);
    return citation.end;
  }

  private open(i: number): void {
    // Does this bracket follow an in-text citation, with at most spaces and one line break between?
    let after: MutableCitation | undefined;
    const last = this.lastCitation;
    if (last && i - last.end <= 64) {
      let breaks = 0;
      let ok = true;
      for (let k = last.end; k < i; k++) {
        const c = this.text.charCodeAt(k);
        if (c === 10) breaks++;
        else if (c !== 32 && c !== 9 && c !== 13) {
          ok = false;
          break;
        }
      }
      if (ok && breaks <= 1) after = last;
    }
    this.stack.push({ pos: i, cits: [], semis: [], after });
  }

  private close(i: number): number {
    const text = this.text;
    const bracket = this.stack.pop();
    if (!bracket) return i + 1;
    const following = text.charCodeAt(i + 1);
    if (following === 40 /* ( */ && i + 1 >= this.parenFailUntil) {
      const end = this.destinationEnd(i + 1);
      if (end > 0) {
        if (this.skip(i + 1, end)) return this.n;
        return end; // a link: its text's citations stay in-text
      }
    } else if (following === 123 /* { */) {
      const end = text.indexOf('}', i + 2);
      if (end > 0 && end - i <= MAX_DESTINATION && !text.slice(i + 2, end).includes('\n')) return end + 1; // a span
    } else if (following === 91 /* [ */ && isReferenceLabel(text, i + 1, Math.min(this.paragraphEnd(i + 1), i + 1001))) {
      return i + 1; // a reference link `[text][label]`
    }
    closeCitationBracket(text, bracket, i);
    return i + 1;
  }

  /** The end (past `)`) of a link destination whose `(` is at `open`, or -1. */
  private destinationEnd(open: number): number {
    const text = this.text;
    const end = Math.min(this.paragraphEnd(open), open + MAX_DESTINATION);
    let depth = 0;
    for (let k = open; k < end; k++) {
      const c = text.charCodeAt(k);
      if (c === 92) k++;
      else if (c === 40) depth++;
      else if (c === 41 && --depth === 0) return k + 1;
    }
    // A `](` inside the span of an unclosed destination is not tried again (keeps the scan linear).
    this.parenFailUntil = end;
    return -1;
  }
}

/**
 * Runs the scanner over `markdown`: the whole text, or up to `options.probeAt` / `options.until`.
 * For the modules of this folder; the others use {@link scanCitations} and {@link scanMarkdown}.
 */
export function runScanner(markdown: string, options: ScanOptions): Scanner {
  const scanner = new Scanner(markdown, options);
  scanner.run();
  return scanner;
}

// ---- public API --------------------------------------------------------------------------------

/**
 * Every pandoc citation in a Markdown text, in document order: the entries of bracketed groups
 * (`[see @a, p. 3; -@b]`), in-text citations (`@a`, `@a [p. 33]`) and braced keys (`@{Doe_n.d.}`).
 * Code, math, comments, metadata blocks, URLs, e-mail addresses and escaped `\@` are skipped.
 */
export function scanCitations(markdown: string): Citation[] {
  return runScanner(markdown, {}).citations;
}

/**
 * One pass over a Markdown text: its citations and its YAML metadata blocks (the front matter and
 * later blocks, which pandoc also reads), in document order.
 */
export function scanMarkdown(markdown: string): MarkdownScan {
  const scanner = runScanner(markdown, {});
  return { citations: scanner.citations, metadata: scanner.metadata };
}
