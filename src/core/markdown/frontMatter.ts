/**
 * YAML metadata blocks of a pandoc Markdown document, read only as far as citing needs: the
 * `bibliography` field (one path, a flow list or a block list) with the offsets of each path, so that
 * the host can link and diagnose them. This is a small, tolerant line reader for the forms people
 * write, not a YAML parser: any other form of `bibliography` (a block scalar, an anchor, a nested
 * mapping) leaves it undefined.
 *
 * pandoc accepts metadata blocks anywhere in the document (`yaml_metadata_block`): one at the very
 * start, and others later, each preceded by a blank line; when several set `bibliography`, pandoc 3
 * takes the last one (checked with pandoc 3.10). `parseFrontMatter` reads the block at the start only;
 * `scanMarkdown(text).metadata` in `markdownCitations.ts` finds every block (it knows where code blocks
 * are), and `bibliographyOfBlocks` picks the one pandoc uses.
 *
 * Offsets are UTF-16 offsets into the text, as everywhere in the core.
 */
import type { OffsetRange } from '../text/edits';
import { lineEndAt, nextLineStart } from '../text/lines';

/** One bibliography path as written, with the range of the path's characters (without quotes). */
export interface BibliographyEntry extends OffsetRange {
  /** The path, with quoting undone (`"b c.ris"` → `b c.ris`). */
  readonly path: string;
}

/** One YAML metadata block: `---` line, content, `---` or `...` line. */
export interface FrontMatter extends OffsetRange {
  /**
   * `start`: offset of the opening `---`; `end`: offset just past the closing `---`/`...` (before
   * its line break).
   */
  /** Offset of the first content line. */
  readonly contentStart: number;
  /** Offset of the start of the closing line (the content ends before it). */
  readonly contentEnd: number;
  /**
   * The bibliography paths in order; `[]` for `bibliography: []`; undefined when the block has no
   * `bibliography` field or its value has a form this reader does not understand.
   */
  readonly bibliography: readonly BibliographyEntry[] | undefined;
  /** Range of the word `bibliography` of the field, when the block has one (understood or not). */
  readonly bibliographyKey: OffsetRange | undefined;
}

/** Where a metadata block lies, before its content is read. */
export interface MetadataBlockBounds {
  readonly start: number;
  readonly end: number;
  readonly contentStart: number;
  readonly contentEnd: number;
  /** Offset of the line after the closing line (the text's length when there is none). */
  readonly next: number;
}

/** Remembers, across calls on one text, that no closing line exists from some offset on. */
export interface MetadataSearchCache {
  noCloserFrom?: number;
}

function isBlankRange(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}

/** The line `[start, end)` without trailing spaces and tabs equals `marker`. */
function lineIs(text: string, start: number, end: number, marker: string): boolean {
  let e = end;
  while (e > start && (text.charCodeAt(e - 1) === 32 || text.charCodeAt(e - 1) === 9)) e--;
  return e - start === marker.length && text.startsWith(marker, start);
}

/**
 * A YAML mapping key at the start of a line: `key:` followed by a space or the end of the line.
 * Linear: spaces before the colon are part of the lazy run of an unquoted key (a separate `[ \t]*`
 * there would rescan every run of spaces from each of its positions: quadratic on a long line).
 */
const MAPPING_LINE = /^(?:[^\s#\-?:,[\]{}&*!|>'"%@`][^\n\r]*?|"[^"\n\r]*"[ \t]*|'[^'\n\r]*'[ \t]*):(?:[ \t]|$)/;

/**
 * The metadata block whose opening `---` line starts at `lineStart`, or undefined. The rules are
 * pandoc's: the opening line is `---` (trailing spaces allowed) at column 0, the line after it is not
 * blank, and a later line is `---` or `...`. So that a horizontal rule followed by text is not taken
 * for metadata, the first content line (comments and blank lines aside) must look like `key: value`.
 * The caller checks the other condition, that the block starts the document or follows a blank line.
 */
export function metadataBlockAt(text: string, lineStart: number, cache?: MetadataSearchCache): MetadataBlockBounds | undefined {
  const n = text.length;
  const openEnd = lineEndAt(text, lineStart);
  if (!lineIs(text, lineStart, openEnd, '---')) return undefined;
  const contentStart = nextLineStart(text, openEnd);
  if (contentStart >= n) return undefined;
  const firstEnd = lineEndAt(text, contentStart);
  if (isBlankRange(text, contentStart, firstEnd)) return undefined;
  if (cache?.noCloserFrom !== undefined && contentStart >= cache.noCloserFrom) return undefined;
  let sawMapping = false;
  let p = contentStart;
  while (p < n) {
    const le = lineEndAt(text, p);
    if (lineIs(text, p, le, '---') || lineIs(text, p, le, '...')) {
      if (p === contentStart || !sawMapping) return undefined;
      return { start: lineStart, end: le, contentStart, contentEnd: p, next: nextLineStart(text, le) };
    }
    if (!sawMapping) {
      const line = text.slice(p, le);
      const trimmed = line.trim();
      if (trimmed.length > 0 && !trimmed.startsWith('#')) {
        if (!MAPPING_LINE.test(line)) return undefined;
        sawMapping = true;
      }
    }
    p = nextLineStart(text, le);
  }
  if (cache) cache.noCloserFrom = contentStart;
  return undefined;
}

/**
 * The YAML front matter: the metadata block at the very start of the document (after an optional
 * byte-order mark), with its `bibliography`; undefined when the document does not start with one.
 * Tolerates CRLF line ends, comments, and quoted, flow-list and block-list values.
 */
export function parseFrontMatter(markdown: string): FrontMatter | undefined {
  const start = markdown.charCodeAt(0) === 0xfeff ? 1 : 0;
  const bounds = metadataBlockAt(markdown, start);
  return bounds ? parseMetadataBlock(markdown, bounds) : undefined;
}

/** Reads the `bibliography` field of a block found by `metadataBlockAt`. */
export function parseMetadataBlock(text: string, bounds: MetadataBlockBounds): FrontMatter {
  let bibliography: BibliographyEntry[] | undefined;
  let bibliographyKey: OffsetRange | undefined;
  let p = bounds.contentStart;
  while (p < bounds.contentEnd) {
    const le = lineEndAt(text, p);
    if (text.startsWith('bibliography', p)) {
      let i = p + 'bibliography'.length;
      while (i < le && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
      if (text.charCodeAt(i) === 58 /* : */ && (i + 1 >= le || isSpace(text.charCodeAt(i + 1)))) {
        bibliographyKey = { start: p, end: p + 'bibliography'.length };
        bibliography = readValue(text, i + 1, le, bounds.contentEnd);
        break;
      }
    }
    p = nextLineStart(text, le);
  }
  return {
    start: bounds.start,
    end: bounds.end,
    contentStart: bounds.contentStart,
    contentEnd: bounds.contentEnd,
    bibliography,
    bibliographyKey,
  };
}

/**
 * The bibliography to use when a document has several metadata blocks (in document order): the
 * `bibliography` of the last block that sets it, as pandoc 3 does; undefined when none sets it.
 */
export function bibliographyOfBlocks(blocks: readonly FrontMatter[]): readonly BibliographyEntry[] | undefined {
  for (let i = blocks.length - 1; i >= 0; i--) {
    if (blocks[i].bibliographyKey) return blocks[i].bibliography;
  }
  return undefined;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

function skipSpaces(text: string, i: number, end: number): number {
  while (i < end && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
  return i;
}

/** True when `[i, end)` holds nothing but whitespace and an optional comment. */
function onlyCommentAfter(text: string, i: number, end: number): boolean {
  const j = skipSpaces(text, i, end);
  return j >= end || text.charCodeAt(j) === 35 /* # */;
}

/** The value of `bibliography:`, starting right after the colon of the line ending at `le`. */
function readValue(text: string, from: number, le: number, contentEnd: number): BibliographyEntry[] | undefined {
  const i = skipSpaces(text, from, le);
  if (i < le && text.charCodeAt(i) !== 35) {
    const c = text[i];
    if (c === '[') return readFlowList(text, i + 1, contentEnd);
    const scalar = readScalar(text, i, le, false);
    if (!scalar || !onlyCommentAfter(text, scalar.next, le)) return undefined;
    if (scalar.value === null) return undefined;
    return [scalar.value];
  }
  // Nothing after the colon: a block list (`- path` lines, any indentation) or an indented scalar.
  const items: BibliographyEntry[] = [];
  let p = nextLineStart(text, le);
  while (p < contentEnd) {
    const e = lineEndAt(text, p);
    const j = skipSpaces(text, p, e);
    if (j >= e || text.charCodeAt(j) === 35) {
      p = nextLineStart(text, e);
      continue;
    }
    const dash = text.charCodeAt(j) === 45 /* - */ && (j + 1 >= e || isSpace(text.charCodeAt(j + 1)));
    if (dash) {
      const k = skipSpaces(text, j + 1, e);
      if (k < e && text.charCodeAt(k) !== 35) {
        if (text[k] === '[' || text[k] === '-') return undefined; // a nested list
        const scalar = readScalar(text, k, e, false);
        if (!scalar || !onlyCommentAfter(text, scalar.next, e)) return undefined;
        if (scalar.value) items.push(scalar.value);
      }
      p = nextLineStart(text, e);
      continue;
    }
    if (j === p) break; // the next top-level key
    if (items.length > 0) return undefined; // something indented that is not a list item
    // `bibliography:` with the value alone on the next, indented line.
    if (text[j] === '[') return readFlowList(text, j + 1, contentEnd);
    const scalar = readScalar(text, j, e, false);
    if (!scalar || scalar.value === null || !onlyCommentAfter(text, scalar.next, e)) return undefined;
    return [scalar.value];
  }
  return items.length > 0 ? items : undefined;
}

/** A flow list `[a.ris, "b c.ris"]`, from just after the `[`; it may continue over several lines. */
function readFlowList(text: string, from: number, contentEnd: number): BibliographyEntry[] | undefined {
  const items: BibliographyEntry[] = [];
  let i = from;
  let expectItem = true;
  while (i < contentEnd) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13) {
      i++;
      continue;
    }
    if (c === 35 /* # */ && isSpace(text.charCodeAt(i - 1))) {
      i = lineEndAt(text, i);
      continue;
    }
    if (c === 93 /* ] */) {
      const le = lineEndAt(text, i);
      return onlyCommentAfter(text, i + 1, le) ? items : undefined;
    }
    if (c === 44 /* , */) {
      if (expectItem) return undefined;
      expectItem = true;
      i++;
      continue;
    }
    if (!expectItem) return undefined;
    const scalar = readScalar(text, i, lineEndAt(text, i), true);
    if (!scalar) return undefined;
    if (scalar.value) items.push(scalar.value);
    expectItem = false;
    i = scalar.next;
  }
  return undefined;
}

interface Scalar {
  /** The entry, or null for an empty plain value. */
  readonly value: BibliographyEntry | null;
  /** Offset just past the scalar (after a closing quote). */
  readonly next: number;
}

const PLAIN_START_FORBIDDEN = new Set(['[', ']', '{', '}', '&', '*', '!', '|', '>', '%', '@', '`', ',']);

/** A quoted or plain scalar on one line, starting at `i`; undefined for forms not supported here. */
function readScalar(text: string, i: number, le: number, flow: boolean): Scalar | undefined {
  const c = text[i];
  if (c === '"') {
    let value = '';
    let j = i + 1;
    while (j < le) {
      const ch = text[j];
      if (ch === '"') return { value: { path: value, start: i + 1, end: j }, next: j + 1 };
      if (ch === '\\') {
        const decoded = decodeEscape(text, j + 1, le);
        if (!decoded) return undefined;
        value += decoded.char;
        j = decoded.next;
        continue;
      }
      value += ch;
      j++;
    }
    return undefined; // not closed on this line: multi-line strings are not supported
  }
  if (c === "'") {
    let value = '';
    let j = i + 1;
    while (j < le) {
      if (text[j] === "'") {
        if (text[j + 1] === "'") {
          value += "'";
          j += 2;
          continue;
        }
        return { value: { path: value, start: i + 1, end: j }, next: j + 1 };
      }
      value += text[j];
      j++;
    }
    return undefined;
  }
  if (PLAIN_START_FORBIDDEN.has(c)) return undefined;
  let j = i;
  while (j < le) {
    const ch = text.charCodeAt(j);
    if (ch === 35 /* # */ && j > i && (text.charCodeAt(j - 1) === 32 || text.charCodeAt(j - 1) === 9)) break;
    if (flow && (ch === 44 /* , */ || ch === 93 /* ] */)) break;
    if (ch === 58 /* : */ && (j + 1 >= le || isSpace(text.charCodeAt(j + 1)))) return undefined; // a mapping
    j++;
  }
  let e = j;
  while (e > i && (text.charCodeAt(e - 1) === 32 || text.charCodeAt(e - 1) === 9)) e--;
  if (e === i) return { value: null, next: j };
  return { value: { path: text.slice(i, e), start: i, end: e }, next: j };
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '"': '"', '\\': '\\', '/': '/', ' ': ' ', t: '\t', n: '\n', r: '\r', '0': '\0', b: '\b', f: '\f', e: '\x1b', N: '\u0085', _: '\u00a0',
};

function decodeEscape(text: string, j: number, le: number): { char: string; next: number } | undefined {
  if (j >= le) return undefined;
  const e = text[j];
  const simple = SIMPLE_ESCAPES[e];
  if (simple !== undefined) return { char: simple, next: j + 1 };
  const width = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
  if (width === 0 || j + 1 + width > le) return undefined;
  const hex = text.slice(j + 1, j + 1 + width);
  if (!/^[0-9a-fA-F]+$/.test(hex)) return undefined;
  const code = parseInt(hex, 16);
  if (code > 0x10ffff) return undefined;
  return { char: String.fromCodePoint(code), next: j + 1 + width };
}

/**
 * The candidate locations of each bibliography path, in the order to try them: relative to the
 * document's folder, then relative to the workspace folder (pandoc resolves paths against its working
 * directory, which is usually one of the two). An absolute path (`/…`, `C:\…`, `\\server\…`) has one
 * candidate. Paths are joined in the style of `docPath`: pass `uri.path` (forward slashes, as VS
 * Code's URIs have) or a native file-system path. `~` is not expanded (pandoc does not expand it in
 * metadata either). Returns one array per entry, in the order of `entries`.
 */
export function resolveBibliographyPaths(
  docPath: string,
  entries: readonly (string | BibliographyEntry)[],
  workspaceFolder?: string,
): string[][] {
  const windowsStyle = !docPath.includes('/') && docPath.includes('\\');
  const sep = windowsStyle ? '\\' : '/';
  const docDir = dirname(docPath);
  return entries.map((entry) => {
    const raw = typeof entry === 'string' ? entry : entry.path;
    const path = windowsStyle ? raw.replace(/\//g, '\\') : raw;
    if (isAbsolute(path)) return [normalize(path, !path.includes('/') && path.includes('\\') ? '\\' : sep)];
    const candidates = [normalize(joinPath(docDir, path, sep), sep)];
    if (workspaceFolder !== undefined && workspaceFolder !== '') {
      const fromRoot = normalize(joinPath(workspaceFolder, path, sep), sep);
      if (!candidates.includes(fromRoot)) candidates.push(fromRoot);
    }
    return candidates;
  });
}

function isAbsolute(path: string): boolean {
  return path.startsWith('/') || path.startsWith('\\') || /^[A-Za-z]:[\\/]/.test(path);
}

function dirname(path: string): string {
  const cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  if (cut < 0) return '';
  if (cut === 0) return path.slice(0, 1);
  return path.slice(0, cut);
}

function joinPath(dir: string, rel: string, sep: string): string {
  if (dir === '') return rel;
  return dir.endsWith('/') || dir.endsWith('\\') ? dir + rel : dir + sep + rel;
}

/** Removes `.` segments, resolves `..` segments and collapses repeated separators. */
function normalize(path: string, sep: string): string {
  const unc = path.startsWith('\\\\') || path.startsWith('//');
  const absolute = path.startsWith('/') || path.startsWith('\\');
  const parts = path.split(/[\\/]+/);
  const out: string[] = [];
  for (const part of parts) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..' && !/^[A-Za-z]:$/.test(out[out.length - 1])) out.pop();
      else if (!absolute && (out.length === 0 || out[out.length - 1] === '..')) out.push('..');
      continue;
    }
    out.push(part);
  }
  const body = out.join(sep);
  if (unc) return sep + sep + body;
  if (absolute) return sep + body;
  return body === '' ? '.' : body;
}
