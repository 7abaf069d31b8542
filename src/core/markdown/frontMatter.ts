/**
 * YAML metadata blocks of a pandoc Markdown document. Where a block starts and ends follows pandoc's
 * own rules (read here line by line); its content is read with the `yaml` package, which keeps the
 * source range of every node, so a `bibliography` path can be linked and diagnosed where it is
 * written, whatever YAML form it takes (plain, quoted, flow or block list, block scalar, anchor and
 * alias), and YAML that pandoc would reject is reported with its range.
 *
 * pandoc accepts metadata blocks anywhere in the document (`yaml_metadata_block`): one at the very
 * start, and others later, each preceded by a blank line; when several set `bibliography`, pandoc 3
 * takes the last one (checked with pandoc 3.10). `parseFrontMatter` reads the block at the start only;
 * `scanMarkdown(text).metadata` (citationScanner.ts) finds every block (it knows where code blocks
 * are), and `bibliographyOfBlocks` picks the one pandoc uses.
 *
 * Offsets are UTF-16 offsets into the text, as everywhere in the core.
 */
import type { OffsetRange } from '../text/edits';
import { isAlias, isMap, isScalar, isSeq, parseDocument, visit, type Document, type Scalar } from 'yaml';
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
   * `bibliography` field, when its value is neither a path nor a list of paths, or when the block is
   * not valid YAML (pandoc stops on it).
   */
  readonly bibliography: readonly BibliographyEntry[] | undefined;
  /** Range of the word `bibliography` of the field (the last, when repeated), when the block has one (understood or not). */
  readonly bibliographyKey: OffsetRange | undefined;
  /** What makes the block invalid YAML, with ranges into the text; empty when it is valid. */
  readonly yamlErrors: readonly YamlProblem[];
}

/** One YAML error of a metadata block: its message (one line) and the range it points at. */
export interface YamlProblem extends OffsetRange {
  readonly message: string;
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

/** Reads a block found by `metadataBlockAt` as YAML, and its `bibliography` field. */
export function parseMetadataBlock(text: string, bounds: MetadataBlockBounds): FrontMatter {
  const base = bounds.contentStart;
  // pandoc (HsYAML) takes the last of repeated keys and accepts tabs in indentation: so do we.
  const doc = parseDocument(text.slice(base, bounds.contentEnd), { prettyErrors: false, uniqueKeys: false });
  const end = bounds.contentEnd;
  const yamlErrors = doc.errors.filter((e) => e.code !== 'TAB_AS_INDENT').map((e) => {
    const at = Math.min(base + e.pos[0], end);
    return { start: at, end: Math.min(Math.max(base + e.pos[1], at), end), message: firstLine(e.message) };
  });
  visit(doc, {
    Alias(_key, alias) {
      if (alias.resolve(doc) === undefined && alias.range) {
        yamlErrors.push({ start: base + alias.range[0], end: base + alias.range[1], message: `Unresolved alias: no anchor &${alias.source} before it` });
      }
    },
  });
  let bibliography: BibliographyEntry[] | undefined;
  let bibliographyKey: OffsetRange | undefined;
  if (isMap(doc.contents)) {
    for (const pair of doc.contents.items) {
      if (!isScalar(pair.key) || pair.key.value !== 'bibliography' || !pair.key.range) continue;
      bibliographyKey = { start: base + pair.key.range[0], end: base + pair.key.range[1] };
      bibliography = yamlErrors.length > 0 ? undefined : readPaths(text, base, doc, pair.value);
    }
  }
  return {
    start: bounds.start,
    end: bounds.end,
    contentStart: bounds.contentStart,
    contentEnd: bounds.contentEnd,
    bibliography,
    bibliographyKey,
    yamlErrors,
  };
}

function firstLine(message: string): string {
  const cut = message.indexOf('\n');
  return cut < 0 ? message : message.slice(0, cut);
}

/** The value of `bibliography`: one path or a list of paths; undefined for any other form. */
function readPaths(text: string, base: number, doc: Document, value: unknown): BibliographyEntry[] | undefined {
  const node = isAlias(value) ? value.resolve(doc) : value;
  if (isSeq(node)) {
    const out: BibliographyEntry[] = [];
    for (const item of node.items) {
      const resolved = isAlias(item) ? item.resolve(doc) : item;
      if (resolved === null || (isScalar(resolved) && resolved.value === null)) continue;
      if (!isScalar(resolved)) return undefined; // a nested list or mapping
      const entry = pathOf(text, base, resolved);
      if (!entry) return undefined;
      out.push(entry);
    }
    return out;
  }
  if (!isScalar(node) || node.value === null) return undefined;
  const entry = pathOf(text, base, node);
  return entry ? [entry] : undefined;
}

/**
 * A scalar as a path, with the range of its characters as written: inside the quotes of a quoted
 * scalar, the text of a block scalar without its header and indentation, the plain scalar itself.
 * Numbers and booleans are paths too (pandoc reads `bibliography: 2024` as the file `2024`).
 */
function pathOf(text: string, base: number, node: Scalar): BibliographyEntry | undefined {
  const value = node.value;
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') return undefined;
  if (!node.range) return undefined;
  const path = typeof value === 'string' ? value.trim() : String(node.source ?? value);
  let start = base + node.range[0];
  let end = base + node.range[1];
  if (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') {
    start++;
    end--;
  } else if (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') {
    const header = text.indexOf('\n', start);
    start = header < 0 || header >= end ? end : header + 1;
    while (start < end && isSpace(text.charCodeAt(start))) start++;
    while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
  }
  return { path, start, end };
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
