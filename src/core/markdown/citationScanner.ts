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
import {
  metadataBlockAt,
  nextLineStart,
  parseMetadataBlock,
  bibliographyOfBlocks,
  type BibliographyEntry,
  type FrontMatter,
  type MetadataSearchCache,
  type OffsetRange,
} from './frontMatter';
import { bareKeyEnd, isKeyAlnum, isKeyChar, isKeyPunctuation, needsBraces } from '../keys/keySyntax';

/** One citation of a key. */
export interface Citation {
  /** The key as pandoc reads it (without `@`, `-` and braces). */
  readonly key: string;
  /** Offset of the `@` (a `-` before it, for `-@key`, is not included). */
  readonly start: number;
  /** Offset just past the key (past the closing `}` of a braced key). */
  readonly end: number;
  /** Offset of the key's first character. */
  readonly keyStart: number;
  /** Offset just past the key's last character (before `}` of a braced key). */
  readonly keyEnd: number;
  /** True for `@{key}`. */
  readonly braced: boolean;
  /** True when the citation is an entry of a `[…]` citation group (a normal citation). */
  readonly bracketed: boolean;
  /** True for `-@key` (pandoc prints only the year). */
  readonly suppressAuthor: boolean;
  /** The whole `[…]` group, brackets included, for a bracketed citation. */
  readonly group?: OffsetRange;
  /**
   * The citation's entry in its group: from just after the `[` or `;` before it to the `;` or `]`
   * after it (whitespace included). Only for bracketed citations.
   */
  readonly entry?: OffsetRange;
  /** Text before the key in its entry (`see` in `[see @a]`), whitespace collapsed; absent when empty. */
  readonly prefix?: string;
  /**
   * Text after the key in its entry (`, pp. 33-35`), or the content of the bracket after an in-text
   * citation (`p. 33` in `@a [p. 33]`), whitespace collapsed; absent when empty.
   */
  readonly suffix?: string;
  /** The suffix without a leading comma (`pp. 33-35`); absent when empty. */
  readonly locator?: string;
}

/** Everything one scan of a Markdown text finds. */
export interface MarkdownScan {
  /** Citations in document order. */
  readonly citations: readonly Citation[];
  /** YAML metadata blocks in document order: the front matter and any later block. */
  readonly metadata: readonly FrontMatter[];
}

interface MutableCitation {
  key: string;
  start: number;
  end: number;
  keyStart: number;
  keyEnd: number;
  braced: boolean;
  bracketed: boolean;
  suppressAuthor: boolean;
  group: OffsetRange | undefined;
  entry: OffsetRange | undefined;
  prefix: string | undefined;
  suffix: string | undefined;
  locator: string | undefined;
}

/** A citation with every field present, so that all citation objects share one shape. */
function newCitation(key: string, start: number, end: number, keyStart: number, keyEnd: number, braced: boolean, suppressAuthor: boolean): MutableCitation {
  return {
    key,
    start,
    end,
    keyStart,
    keyEnd,
    braced,
    bracketed: false,
    suppressAuthor,
    group: undefined,
    entry: undefined,
    prefix: undefined,
    suffix: undefined,
    locator: undefined,
  };
}

/** An open `[` in the current paragraph. */
interface Bracket {
  readonly pos: number;
  /** Citations found while this bracket was the innermost open one, in order. */
  readonly cits: MutableCitation[];
  /** Offsets of `;` directly inside this bracket. */
  readonly semis: number[];
  /** The in-text citation this bracket directly follows (`@a [p. 33]`). */
  readonly after: MutableCitation | undefined;
}

interface ScanOptions {
  /** Stop at this offset and report whether it lies in plain text, and the open brackets there. */
  readonly probeAt?: number;
  /** Stop at the end of the paragraph that contains this offset (citations before it are final). */
  readonly until?: number;
}

interface Probe {
  /** False when the offset lies in code, math, a comment, metadata, a URL or an escape. */
  readonly plain: boolean;
  /** Offsets of the `[` still open at the offset, outermost first. */
  readonly openBrackets: readonly number[];
}

// ---- character classes -------------------------------------------------------------------------

/** The code point at `i` (NaN past the end). */
function cpAt(text: string, i: number): number {
  const c = text.codePointAt(i);
  return c === undefined ? NaN : c;
}

/** The code point that ends just before `i` (NaN at the start). */
function cpBefore(text: string, i: number): number {
  if (i <= 0) return NaN;
  const low = text.charCodeAt(i - 1);
  if (low >= 0xdc00 && low <= 0xdfff && i >= 2) {
    const high = text.charCodeAt(i - 2);
    if (high >= 0xd800 && high <= 0xdbff) return (high - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000;
  }
  return low;
}

function cpLength(cp: number): number {
  return cp > 0xffff ? 2 : 1;
}

function isWhite(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 11;
}

function isAsciiPunct(c: number): boolean {
  return (c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126);
}

/** Longest braced key the scanner accepts (a bound that keeps scanning linear on odd input). */
const MAX_BRACED_KEY = 1000;
/** Longest link destination or attribute block looked for after `]`. */
const MAX_DESTINATION = 4000;

// Characters the inline loop must look at; every other ASCII character is skipped at once.
const SPECIAL = new Uint8Array(128);
for (const ch of '\\`<$@[];:wW') SPECIAL[ch.charCodeAt(0)] = 1;

// ---- the scanner -------------------------------------------------------------------------------

class Scanner {
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
        if (this.isClosingFence(ls, le, fence.char, fence.len)) fence = undefined;
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
        const len = this.fenceOpening(fs, le, first);
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

  /** Length of the fence run at `fs` (0 when the line does not open a fence). */
  private fenceOpening(fs: number, le: number, ch: number): number {
    const text = this.text;
    let k = fs;
    while (k < le && text.charCodeAt(k) === ch) k++;
    const len = k - fs;
    if (len < 3) return 0;
    if (ch === 96 && text.slice(k, le).includes('`')) return 0;
    return len;
  }

  /** True when a later line closes a fence of `len` × `ch` (pandoc reads an unclosed fence as text). */
  private hasClosingFence(from: number, ch: number, len: number): boolean {
    if (len >= this.fenceFailMin[ch]) return false;
    let p = from;
    while (p < this.n) {
      const le = this.lineEnd(p);
      if (this.isClosingFence(p, le, ch, len)) return true;
      p = nextLineStart(this.text, le);
    }
    this.fenceFailMin[ch] = len;
    return false;
  }

  private isClosingFence(ls: number, le: number, ch: number, len: number): boolean {
    const text = this.text;
    let k = ls;
    // Block-quote markers and indentation.
    while (k < le) {
      const c = text.charCodeAt(k);
      if (c === 32 || c === 9 || c === 62) k++;
      else break;
    }
    const start = k;
    while (k < le && text.charCodeAt(k) === ch) k++;
    if (k - start < len) return false;
    while (k < le) {
      const c = text.charCodeAt(k);
      if (c !== 32 && c !== 9) return false;
      k++;
    }
    return true;
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
      if ((c === 96 || c === 126) && this.fenceOpening(k, le, c) > 0) break;
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
            next = this.url(i, le);
            if (next > i + 1 && this.skip(i, next)) return n;
            break;
          }
          case 119 /* w */:
          case 87 /* W */: {
            next = this.www(i, le);
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

  /** `<!-- … -->` (may span paragraphs), an autolink `<scheme:…>` or `<name@host>`; else `i + 1`. */
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
    const first = text.charCodeAt(i + 1);
    const letter = (first >= 65 && first <= 90) || (first >= 97 && first <= 122);
    let k = i + 1;
    let colon = -1;
    let at = -1;
    while (k < le) {
      const c = text.charCodeAt(k);
      if (c === 62 /* > */) break;
      if (c === 60 || c === 32 || c === 9) return letter ? this.htmlTagEnd(i) : i + 1;
      if (c === 58 && colon < 0) colon = k;
      if (c === 64 && at < 0) at = k;
      k++;
    }
    if (k >= le) return i + 1;
    const inner = text.slice(i + 1, k);
    if (colon > 0 && /^[A-Za-z][A-Za-z0-9+.-]{1,31}:/.test(inner)) return k + 1;
    if (at > i + 1 && /^[^\s@<>]+@[^\s@<>]+$/.test(inner)) return k + 1;
    return letter ? this.htmlTagEnd(i) : i + 1;
  }

  /**
   * An opening HTML tag `<name attr="…">` at `i` (its attribute values may hold an `@`): the offset
   * past its `>`; else `i + 1`. Attributes may continue over lines of the paragraph.
   */
  private htmlTagEnd(i: number): number {
    const text = this.text;
    const end = Math.min(this.paragraphEnd(i), i + MAX_DESTINATION);
    let k = i + 1;
    while (k < end && isTagNameChar(text.charCodeAt(k))) k++;
    for (;;) {
      const beforeSpace = k;
      while (k < end && isWhite(text.charCodeAt(k))) k++;
      if (k >= end) return i + 1;
      const c = text.charCodeAt(k);
      if (c === 62) return k + 1;
      if (c === 47) return text.charCodeAt(k + 1) === 62 ? k + 2 : i + 1;
      if (k === beforeSpace) return i + 1; // an attribute must follow whitespace
      // Attribute name.
      const nameStart = k;
      while (k < end && isAttributeNameChar(text.charCodeAt(k))) k++;
      if (k === nameStart) return i + 1;
      let v = k;
      while (v < end && isWhite(text.charCodeAt(v))) v++;
      if (text.charCodeAt(v) !== 61 /* = */) continue;
      v++;
      while (v < end && isWhite(text.charCodeAt(v))) v++;
      const q = text.charCodeAt(v);
      if (q === 34 || q === 39) {
        const close = text.indexOf(q === 34 ? '"' : "'", v + 1);
        if (close < 0 || close >= end) return i + 1;
        k = close + 1;
      } else {
        const valueStart = v;
        while (v < end && !isWhite(text.charCodeAt(v)) && !'"\'=<>`'.includes(text[v])) v++;
        if (v === valueStart) return i + 1;
        k = v;
      }
    }
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

  /** A bare URL `scheme://…` whose `:` is at `i`: skipped to its end; else `i + 1`. */
  private url(i: number, le: number): number {
    const text = this.text;
    if (text.charCodeAt(i + 1) !== 47 || text.charCodeAt(i + 2) !== 47) return i + 1;
    let k = i - 1;
    const floor = Math.max(0, i - 32);
    while (k >= floor) {
      const c = text.charCodeAt(k);
      const schemeChar = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46;
      if (!schemeChar) break;
      k--;
    }
    const schemeStart = k + 1;
    if (i - schemeStart < 2) return i + 1;
    const s = text.charCodeAt(schemeStart);
    if (!((s >= 65 && s <= 90) || (s >= 97 && s <= 122))) return i + 1;
    return urlEnd(text, i + 3, le);
  }

  /** A bare `www.…` address starting at `i`: skipped to its end; else `i + 1`. */
  private www(i: number, le: number): number {
    const text = this.text;
    if (i + 4 > le || text.charCodeAt(i + 3) !== 46) return i + 1;
    const w1 = text.charCodeAt(i + 1);
    const w2 = text.charCodeAt(i + 2);
    if ((w1 !== 119 && w1 !== 87) || (w2 !== 119 && w2 !== 87)) return i + 1;
    const before = cpBefore(text, i);
    if (!Number.isNaN(before) && (isKeyAlnum(before) || before === 46 || before === 47 || before === 64 || before === 95)) return i + 1;
    return urlEnd(text, i + 4, le);
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
    } else if (following === 91 /* [ */ && this.isReferenceLabel(i + 1)) {
      return i + 1; // a reference link `[text][label]`
    }
    if (bracket.cits.length === 0) {
      // `@a [p. 33]`: the locator of an in-text citation.
      const citation = bracket.after;
      if (citation && bracket.semis.length === 0 && !citation.bracketed) {
        const suffix = collapse(text.slice(bracket.pos + 1, i));
        if (suffix) {
          citation.suffix = suffix;
          citation.locator = suffix;
        }
      }
      return i + 1;
    }
    // A citation group when every `;`-separated entry holds a citation.
    const { cits, semis } = bracket;
    const entries = semis.length + 1;
    let c = 0;
    for (let e = 0; e < entries; e++) {
      const from = e === 0 ? bracket.pos + 1 : semis[e - 1] + 1;
      const to = e < semis.length ? semis[e] : i;
      while (c < cits.length && cits[c].start < from) c++;
      if (c >= cits.length || cits[c].end > to) return i + 1;
    }
    const group = { start: bracket.pos, end: i + 1 };
    c = 0;
    for (let e = 0; e < entries; e++) {
      const from = e === 0 ? bracket.pos + 1 : semis[e - 1] + 1;
      const to = e < semis.length ? semis[e] : i;
      while (cits[c].start < from) c++;
      const citation = cits[c];
      citation.bracketed = true;
      citation.group = group;
      citation.entry = { start: from, end: to };
      const prefixEnd = citation.suppressAuthor ? citation.start - 1 : citation.start;
      if (prefixEnd > from) citation.prefix = collapse(text.slice(from, prefixEnd)) || undefined;
      if (to > citation.end) {
        const suffix = collapse(text.slice(citation.end, to));
        if (suffix) {
          citation.suffix = suffix;
          citation.locator = (suffix.charCodeAt(0) === 44 ? suffix.slice(1).trimStart() : suffix) || undefined;
        }
      }
    }
    return i + 1;
  }

  /** True when a reference label `[label]` (no unescaped brackets inside) starts at `open`. */
  private isReferenceLabel(open: number): boolean {
    const text = this.text;
    const end = Math.min(this.paragraphEnd(open), open + 1000);
    for (let k = open + 1; k < end; k++) {
      const c = text.charCodeAt(k);
      if (c === 92) k++;
      else if (c === 93) return true;
      else if (c === 91) return false;
    }
    return false;
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

function isTagNameChar(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45;
}

function isAttributeNameChar(c: number): boolean {
  return isTagNameChar(c) || c === 95 || c === 58 || c === 46;
}

/** The end of a bare URL's run of characters. */
function urlEnd(text: string, from: number, le: number): number {
  let k = from;
  while (k < le) {
    const c = text.charCodeAt(k);
    if (c <= 32 || c === 60 || c === 62 || c === 34 || c === 96 || c === 93 || c === 91) break;
    k++;
  }
  return k;
}

function lineStartBefore(text: string, i: number): number {
  let k = i;
  while (k > 0) {
    const c = text.charCodeAt(k - 1);
    if (c === 10 || c === 13) break;
    k--;
  }
  return k;
}

/** Width of a list marker and the spaces after it (`- `, `1. `, `a) `, `#. `, `(@) `), or 0. */
function listMarkerWidth(text: string, fs: number, le: number): number {
  let k = fs;
  const c = text.charCodeAt(k);
  if (c === 45 || c === 42 || c === 43) {
    k++;
  } else if (c === 40 /* ( */ && text.charCodeAt(k + 1) === 64 /* @ */) {
    k += 2;
    while (k < le && (isKeyAlnum(text.charCodeAt(k)) || text.charCodeAt(k) === 95 || text.charCodeAt(k) === 45)) k++;
    if (text.charCodeAt(k) !== 41) return 0;
    k++;
  } else {
    let d = k;
    while (d < le && d - k < 9 && text.charCodeAt(d) >= 48 && text.charCodeAt(d) <= 57) d++;
    if (d === k) {
      const letter = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 35;
      if (!letter) return 0;
      d = k + 1;
    }
    const p = text.charCodeAt(d);
    if (p !== 46 && p !== 41) return 0;
    k = d + 1;
  }
  if (k >= le) return k - fs + 1;
  const s = text.charCodeAt(k);
  if (s !== 32 && s !== 9) return 0;
  let spaces = 0;
  while (k < le && text.charCodeAt(k) === 32 && spaces < 5) {
    k++;
    spaces++;
  }
  const markerWidth = k - fs - spaces;
  return spaces >= 5 ? markerWidth + 1 : markerWidth + Math.max(spaces, 1);
}

/** Collapses whitespace runs (line breaks included) to one space and trims. */
function collapse(text: string): string {
  const trimmed = text.trim();
  return /\s\s|[\t\n\r\f\v]/.test(trimmed) ? trimmed.replace(/\s+/g, ' ') : trimmed;
}

function runScanner(markdown: string, options: ScanOptions): Scanner {
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

/**
 * The bibliography pandoc would use for this document: the `bibliography` of the last metadata block
 * that sets one (front matter or later block); undefined when none sets it or its form is not
 * understood. See `parseFrontMatter` for the front matter alone.
 */
export function documentBibliography(markdown: string): readonly BibliographyEntry[] | undefined {
  return bibliographyOfBlocks(runScanner(markdown, {}).metadata);
}

/**
 * The citation whose `@key` (from the `@` to the end of the key or its closing brace) contains
 * `offset`, the end included so that a cursor just after the key still finds it; undefined when there
 * is none. Scans only up to the end of the paragraph that holds the offset.
 */
export function citationAt(markdown: string, offset: number): Citation | undefined {
  const citations = runScanner(markdown, { until: offset }).citations;
  let lo = 0;
  let hi = citations.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const c = citations[mid];
    if (offset < c.start) hi = mid - 1;
    else if (offset > c.end) lo = mid + 1;
    else {
      // `@a@b`: with the cursor between them, prefer the citation that starts there.
      const following = citations[mid + 1];
      return following && following.start === offset ? following : c;
    }
  }
  return undefined;
}

/** Where a completion of a citation key applies. */
export interface CitationCompletionContext {
  /**
   * Start of the range the chosen key replaces: just after `@`, or after `@{` for a braced key.
   * Insert the key as it must be written there: `{key}` when a bare key needs braces.
   */
  readonly replaceStart: number;
  /**
   * End of that range: the end of the key characters that follow the cursor; for a braced key, past
   * the closing `}` when there is one (so insert `key}`).
   */
  readonly replaceEnd: number;
  /** What has been typed of the key so far (from `replaceStart` to the cursor). */
  readonly prefix: string;
  /** True when the `@` lies inside `[…]` (an open or closed bracket of the paragraph). */
  readonly insideBrackets: boolean;
  /** True after `@{`. */
  readonly braced: boolean;
  /** Offset of the `@`. */
  readonly at: number;
}

/**
 * The completion context when the cursor follows an `@` that starts a citation, possibly with part of
 * a key typed (`@`, `[@Do`, `[@a; @`, `-@`, `@{Doe_n.`); undefined when the `@` follows a letter,
 * digit or `.` (`me@exam`), is escaped, or lies in code, math, a comment, a URL or a metadata block.
 */
export function citationCompletionContext(markdown: string, offset: number): CitationCompletionContext | undefined {
  const text = markdown;
  if (offset < 1 || offset > text.length) return undefined;
  // Find the `@` on this line, before the cursor.
  let at = -1;
  for (let k = offset - 1; k >= 0 && offset - k <= MAX_BRACED_KEY; k--) {
    const c = text.charCodeAt(k);
    if (c === 64) {
      at = k;
      break;
    }
    if (isWhite(c)) return undefined;
  }
  if (at < 0) return undefined;
  const typed = text.slice(at + 1, offset);
  const braced = typed.startsWith('{');
  if (braced) {
    if (/[{}]/.test(typed.slice(1))) return undefined;
  } else if (typed.length > 0 && !isTypedBareKey(typed)) {
    return undefined;
  }
  // The `@` itself: not after a letter, digit or `.`, nor an e-mail's `name_`, nor escaped.
  const prev = cpBefore(text, at);
  if (!Number.isNaN(prev)) {
    if (isKeyAlnum(prev) || prev === 46) return undefined;
    if (prev === 95 || prev === 43 || prev === 37) {
      const before = cpBefore(text, at - 1);
      if (!Number.isNaN(before) && isKeyAlnum(before)) return undefined;
    }
  }
  const probe = runScanner(text, { probeAt: at }).probe;
  if (probe && !probe.plain) return undefined;
  const replaceStart = at + 1 + (braced ? 1 : 0);
  let replaceEnd = offset;
  if (braced) {
    while (replaceEnd < text.length) {
      const c = text.charCodeAt(replaceEnd);
      if (isWhite(c) || c === 123 || c === 125) break;
      replaceEnd++;
    }
    if (text.charCodeAt(replaceEnd) === 125) replaceEnd++;
  } else {
    while (replaceEnd < text.length) {
      const cp = cpAt(text, replaceEnd);
      if (!isKeyChar(cp) && !isKeyPunctuation(cp)) break;
      replaceEnd += cpLength(cp);
    }
  }
  return {
    replaceStart,
    replaceEnd,
    prefix: text.slice(replaceStart, offset),
    insideBrackets: (probe?.openBrackets.length ?? 0) > 0,
    braced,
    at,
  };
}

/** Part of a bare key as typed: it starts like a key and holds only key characters. */
function isTypedBareKey(typed: string): boolean {
  let j = 0;
  const first = cpAt(typed, 0);
  if (!isKeyChar(first)) return false;
  while (j < typed.length) {
    const cp = cpAt(typed, j);
    if (!isKeyChar(cp) && !isKeyPunctuation(cp)) return false;
    j += cpLength(cp);
  }
  return true;
}

/** The citation format of the Insert Citation command. */
export type CitationFormat = 'pandoc' | 'pandoc-bare' | (string & {});

/** A text edit as offsets: replace `[start, end)` with `newText`. */
export interface OffsetEdit {
  readonly start: number;
  readonly end: number;
  readonly newText: string;
}

/**
 * The edit that inserts citations of `keys` at `offset` (an insertion: `start === end`).
 *
 * - Inside an existing citation group `[@…]` (including just before its `[` or just after its `]`),
 *   whatever the format, the keys are added as entries: at the cursor when it is between entries
 *   (at the start of an entry: `@k; ` is inserted; at the end of an entry: `; @k`), otherwise after
 *   the group's last entry, just before the `]`.
 * - Inside an unfinished bracket right after `[` or `;` (`[@a; |`), the keys are written bare there.
 * - Otherwise, by `format`: `'pandoc'` writes `[@a; @b]`; `'pandoc-bare'` writes `@a; @b` (with a
 *   space before it when it would follow a letter, digit or `.`, which would make it an e-mail); any
 *   other string is a template in which `${keys}` becomes the keys joined with `; @` (so `[@${keys}]`
 *   gives `[@a; @b]`) and `${key}` the first key.
 *
 * A cursor inside a key is first moved to the end of that citation. `braces` decides which keys are
 * written `{key}` (by default pandoc's rule, {@link needsBraces}).
 */
export function insertCitationEdit(
  markdown: string,
  offset: number,
  keys: readonly string[],
  format: CitationFormat,
  braces: (key: string) => boolean = needsBraces,
): OffsetEdit {
  const text = markdown;
  let at = Math.max(0, Math.min(Math.floor(offset) || 0, text.length));
  if (keys.length === 0) return { start: at, end: at, newText: '' };
  const written = keys.map((k) => (braces(k) ? `{${k}}` : k));
  const cited = written.map((k) => `@${k}`).join('; ');
  const insert = (pos: number, newText: string): OffsetEdit => ({ start: pos, end: pos, newText });

  const citations = runScanner(text, { until: at }).citations;
  const inside = citations.find((c) => c.start < at && at < c.end);
  if (inside) at = inside.end;

  // 1. An existing group.
  const grouped = citations.filter((c) => c.group && c.group.start <= at && at <= c.group.end);
  if (grouped.length > 0) {
    // The innermost group holding the cursor.
    let groupStart = -1;
    for (const c of grouped) groupStart = Math.max(groupStart, c.group!.start);
    const members = grouped.filter((c) => c.group!.start === groupStart);
    const group = members[0].group!;
    const last = members[members.length - 1].entry!;
    if (at === group.start) at = group.start + 1;
    if (at < group.end) {
      const entry = members.find((c) => c.entry!.start <= at && at <= c.entry!.end)?.entry;
      if (entry && text.slice(entry.start, at).trim() === '') {
        const lead = text.charCodeAt(at - 1) === 59 ? ' ' : '';
        const trail = isWhite(text.charCodeAt(at)) ? ';' : '; ';
        return insert(at, `${lead}${cited}${trail}`);
      }
      if (entry && text.slice(at, entry.end).trim() === '') {
        return insert(trimBack(text, at, entry.start), `; ${cited}`);
      }
    }
    return insert(trimBack(text, last.end, last.start), `; ${cited}`);
  }

  // 2. An unfinished bracket: `[|`, `[@a; |`, `[@a|`.
  const probe = runScanner(text, { probeAt: at }).probe;
  if (probe?.plain && probe.openBrackets.length > 0) {
    const open = probe.openBrackets[probe.openBrackets.length - 1];
    const before = text.slice(open + 1, at);
    const prevChar = trimBack(text, at, open + 1) - 1;
    const hasCitation = citations.some((c) => c.start > open && c.end <= at);
    if (before.trim() === '' || (hasCitation && text.charCodeAt(prevChar) === 59)) {
      const lead = text.charCodeAt(at - 1) === 59 ? ' ' : '';
      return insert(at, `${lead}${cited}`);
    }
    if (hasCitation && citations.some((c) => c.end === trimBack(text, at, open + 1))) {
      return insert(trimBack(text, at, open + 1), `; ${cited}`);
    }
  }

  // 3. A new citation.
  if (format === 'pandoc') return insert(at, `[${cited}]`);
  if (format === 'pandoc-bare') {
    const prev = cpBefore(text, at);
    const space = !Number.isNaN(prev) && (isKeyAlnum(prev) || prev === 46 || prev === 95);
    return insert(at, `${space ? ' ' : ''}${cited}`);
  }
  const newText = format.replace(/\$\{keys\}/g, () => written.join('; @')).replace(/\$\{key\}/g, () => written[0]);
  return insert(at, newText);
}

/** `pos` moved back over whitespace, not before `floor`. */
function trimBack(text: string, pos: number, floor: number): number {
  let p = pos;
  while (p > floor && isWhite(text.charCodeAt(p - 1))) p--;
  return p;
}
