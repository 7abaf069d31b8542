/**
 * A markdown-it plugin that renders pandoc citations: `[@a; see @b, p. 3]`, `[-@a]`, `@a`,
 * `@a [p. 3]`, `@{key}`, with the bibliography at the end of the document or in a `::: {#refs}`
 * div, as pandoc `--citeproc` places it. VS Code's Markdown preview loads it through
 * `markdown.markdownItPlugins`; it has no `vscode` dependency and is tested with markdown-it itself.
 *
 * Parsing (cached by the preview per document version) only marks citations; formatting happens at
 * render time through the host, so a changed library or style shows up without an edit. Citations
 * use the same scanner as the rest of the extension (`scanCitations`), so the preview, completion
 * and diagnostics agree on what is a citation.
 */
import type { CitationCluster, CiteRef, RenderedCitation, RenderedDocument } from '../csl/citeproc';
import { escapeHtml } from '../csl/citeproc';
import { scanCitations } from './citationScanner';
import { type Citation } from './citation';

/** The start marker of a bibliography written by "Insert Bibliography" (the preview then adds none). */
export const BIBLIOGRAPHY_START = '<!-- ris-references:bibliography';
export const BIBLIOGRAPHY_END = '<!-- /ris-references:bibliography -->';

/** What the plugin asks of its host at render time. */
export interface CitationPluginHost {
  /** False turns the plugin off: citations render as the text they are. */
  enabled(): boolean;
  /**
   * Formats a document's clusters (HTML). `source` is the Markdown text (for its front matter) and
   * `env` markdown-it's render environment (VS Code puts the document's URI in `currentDocument`).
   * Undefined when the library is not ready yet: citations then render as written.
   */
  render(clusters: readonly CitationCluster[], source: string, env: unknown): HostRendering | undefined;
  /**
   * The flow diagram of a ```` ```prisma ```` block naming a review manifest (a path relative to the
   * document): its SVG, or a message saying why there is none; undefined while it is computed.
   * Without this, the block renders as code.
   */
  prisma?(manifestPath: string, env: unknown): PrismaBlockResult | undefined;
}

/** What the host gives for a `prisma` block: the diagram, or why there is none. */
export type PrismaBlockResult = { readonly svg: string; readonly message?: undefined } | { readonly svg?: undefined; readonly message: string };

/** The manifest a ```` ```prisma ```` block names: its first non-blank line, else `review.yaml`. */
export function prismaBlockManifest(content: string): string {
  const line = content.split(/\r?\n/).map((l) => l.trim()).find((l) => l !== '');
  return line ?? 'review.yaml';
}

/** The HTML of a `prisma` block: the host's SVG, or its message (escaped), or a note while it is computed. */
export function prismaBlockHtml(manifestPath: string, result: PrismaBlockResult | undefined): string {
  if (result === undefined) return `<p class="ris-prisma ris-prisma-message">Computing the PRISMA flow diagram of ${escapeHtml(manifestPath)}…</p>\n`;
  if (result.svg !== undefined) return `<div class="ris-prisma" data-manifest="${escapeHtml(manifestPath)}">${result.svg}</div>\n`;
  return `<p class="ris-prisma ris-prisma-message">PRISMA flow diagram: ${escapeHtml(result.message)}</p>\n`;
}

/**
 * A document rendered by the host. A citation may be missing (while a new rendering is computed):
 * it then shows as written.
 */
export interface HostRendering extends Omit<RenderedDocument, 'citations'> {
  readonly citations: readonly (RenderedCitation | undefined)[];
  /** Plain-text references by key, for the citations' tooltips. */
  readonly titles?: ReadonlyMap<string, string>;
  /** The tooltip of an unknown key (default: "No reference has the key …"). */
  readonly unknownTitle?: (key: string) => string;
  /**
   * A note shown above the bibliography: why the configured style is not in use (Restricted Mode,
   * a style file that cannot be read), or bibliography files that are not read.
   */
  readonly notice?: string;
}

// Minimal structural types of markdown-it 14 (the preview brings its own markdown-it).
/** A markdown-it token. */
export interface MdToken {
  type: string;
  content: string;
  meta: unknown;
  children: MdToken[] | null;
  block: boolean;
  map: [number, number] | null;
  attrGet?(name: string): string | null;
  /** A fence's info string (```` ```prisma ```` → `prisma`). */
  info?: string;
}
interface InlineState {
  src: string;
  pos: number;
  posMax: number;
  push(type: string, tag: string, nesting: number): MdToken;
}
interface BlockState {
  src: string;
  bMarks: number[];
  eMarks: number[];
  tShift: number[];
  sCount: number[];
  blkIndent: number;
  line: number;
  lineMax: number;
  push(type: string, tag: string, nesting: number): MdToken;
}
interface CoreState {
  src: string;
  tokens: MdToken[];
  Token: new (type: string, tag: string, nesting: number) => MdToken;
}
type Rule<S> = (state: S, silent: boolean) => boolean;
type BlockRule = (state: BlockState, startLine: number, endLine: number, silent: boolean) => boolean;
type RenderRule = (tokens: MdToken[], idx: number, options: unknown, env: unknown, self: unknown) => string;
/** The part of a markdown-it instance the plugin uses. */
export interface MarkdownItLike {
  inline: { ruler: { before(name: string, rule: string, fn: Rule<InlineState>): void } };
  block: { ruler: { before(name: string, rule: string, fn: BlockRule, options?: { alt: string[] }): void } };
  core: { ruler: { push(rule: string, fn: (state: CoreState) => void): void } };
  renderer: { rules: Record<string, RenderRule | undefined>; render(tokens: MdToken[], options: unknown, env: unknown): string };
}

/** Token meta of one citation. */
interface CitationMeta {
  readonly cluster: CitationCluster;
  /** The Markdown it came from, rendered as is when the plugin is off or the library not ready. */
  readonly source: string;
}

/** Token meta of the bibliography's place. */
interface RefsMeta {
  /** The document's Markdown (for its front matter). */
  source: string;
  /** True when the place is the end of the document (no `::: {#refs}` div). */
  auto: boolean;
}

const CITATION = 'ris_citation';
const REFS = 'ris_bibliography';

/** A cluster from the scanner's citations of one group (or one in-text citation). */
export function clusterOf(citations: readonly Citation[]): CitationCluster {
  const items: CiteRef[] = citations.map((c) => ({
    key: c.key,
    ...(c.prefix !== undefined ? { prefix: c.prefix } : {}),
    ...(c.suffix !== undefined ? { suffix: c.bracketed ? c.suffix : `, ${c.suffix}` } : {}),
    ...(c.suppressAuthor ? { suppressAuthor: true } : {}),
  }));
  return { items, inText: citations.length === 1 && citations[0]?.bracketed === false };
}

/** Every citation cluster of a Markdown text in document order (for commands outside the preview). */
export function documentClusters(markdown: string): CitationCluster[] {
  const clusters: CitationCluster[] = [];
  let group: Citation[] = [];
  let groupStart = -1;
  for (const c of scanCitations(markdown)) {
    if (c.bracketed && c.group) {
      if (c.group.start === groupStart) {
        group.push(c);
        continue;
      }
      if (group.length > 0) clusters.push(clusterOf(group));
      group = [c];
      groupStart = c.group.start;
      continue;
    }
    if (group.length > 0) clusters.push(clusterOf(group));
    group = [];
    groupStart = -1;
    clusters.push(clusterOf([c]));
  }
  if (group.length > 0) clusters.push(clusterOf(group));
  return clusters;
}

/** Where the `]` closing the `[` at `open` is, or -1 (nested brackets and escapes respected). */
function closingBracket(src: string, open: number, max: number): number {
  let depth = 0;
  for (let i = open; i < max; i++) {
    const ch = src.charCodeAt(i);
    if (ch === 0x5c /* \ */) {
      i++;
      continue;
    }
    if (ch === 0x5b /* [ */) depth++;
    else if (ch === 0x5d /* ] */) {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

const WORD = /[\p{L}\p{N}_]/u;

/** `[@a; @b]` at the state's position. */
function groupRule(state: InlineState, silent: boolean): boolean {
  const { src, pos, posMax } = state;
  if (src.charCodeAt(pos) !== 0x5b) return false;
  const close = closingBracket(src, pos, posMax);
  if (close < 0) return false;
  const next = src.charAt(close + 1);
  if (next === '(' || next === '[' || next === '{') return false; // a link, reference link or span
  const text = src.slice(pos, close + 1);
  if (!text.includes('@')) return false;
  const found = scanCitations(text).filter((c) => c.bracketed && c.group?.start === 0 && c.group.end === text.length);
  if (found.length === 0) return false;
  if (!silent) {
    const token = state.push(CITATION, 'span', 0);
    token.meta = { cluster: clusterOf(found), source: text } satisfies CitationMeta;
    token.content = text;
  }
  state.pos = close + 1;
  return true;
}

/** `@key` and `@key [locator]` at the state's position. */
function inTextRule(state: InlineState, silent: boolean): boolean {
  const { src, pos, posMax } = state;
  if (src.charCodeAt(pos) !== 0x40 /* @ */) return false;
  const before = pos > 0 ? src.charAt(pos - 1) : '';
  if (before !== '' && (WORD.test(before) || before === '\\')) return false;
  // The bracket of `@key [p. 33]` may follow after spaces and one line break: read up to the next line's end.
  let end0 = src.indexOf('\n', pos);
  if (end0 >= 0 && end0 < posMax) end0 = src.indexOf('\n', end0 + 1);
  if (end0 < 0 || end0 > posMax) end0 = posMax;
  const text = src.slice(pos, end0);
  const first = scanCitations(text)[0];
  if (!first || first.start !== 0 || first.bracketed) return false;
  let end = first.end;
  const cluster = clusterOf([first]);
  if (first.suffix !== undefined) {
    const bracket = /^[ \t]*(?:\r?\n[ \t]*)?\[/.exec(text.slice(end));
    if (bracket) {
      const close = closingBracket(text, end + bracket[0].length - 1, text.length);
      if (close > 0) end = close + 1;
    }
  }
  if (!silent) {
    const token = state.push(CITATION, 'span', 0);
    token.meta = { cluster, source: text.slice(0, end) } satisfies CitationMeta;
    token.content = text.slice(0, end);
  }
  state.pos = pos + end;
  return true;
}

// The attributes are read whole, then searched for `#refs`: `\{[^}]*#refs\b[^}]*\}` would rescan the
// rest of the line from each `#refs` of a line without `}` (quadratic).
const REFS_OPEN = /^:{3,}\s*(?:\{([^}]*)\}|refs)\s*$/;
const FENCE_CLOSE = /^:{3,}\s*$/;

/** A `::: {#refs}` … `:::` div: the bibliography goes there. */
function refsDivRule(state: BlockState, startLine: number, endLine: number, silent: boolean): boolean {
  const line = (n: number): string => state.src.slice((state.bMarks[n] ?? 0) + (state.tShift[n] ?? 0), state.eMarks[n]);
  if ((state.sCount[startLine] ?? 0) - state.blkIndent >= 4) return false;
  const open = REFS_OPEN.exec(line(startLine));
  if (!open || (open[1] !== undefined && !/#refs\b/.test(open[1]))) return false;
  let last = startLine + 1;
  while (last < endLine && !FENCE_CLOSE.test(line(last))) last++;
  if (silent) return true;
  const token = state.push(REFS, 'div', 0);
  token.block = true;
  token.map = [startLine, Math.min(last + 1, endLine)];
  token.meta = { source: '', auto: false } satisfies RefsMeta;
  state.line = Math.min(last + 1, endLine);
  return true;
}

/** Adds the bibliography at the end when the document cites and has no refs div or written bibliography. */
function placeBibliography(state: CoreState): void {
  let refs: MdToken | undefined;
  let cites = false;
  for (const token of state.tokens) {
    if (token.type === REFS && !refs) refs = token;
    if (!cites && token.children) cites = token.children.some((t) => t.type === CITATION);
  }
  if (refs) {
    (refs.meta as RefsMeta).source = state.src;
    return;
  }
  if (!cites || state.src.includes(BIBLIOGRAPHY_START)) return;
  const token = new state.Token(REFS, 'div', 0);
  token.block = true;
  token.meta = { source: state.src, auto: true } satisfies RefsMeta;
  state.tokens.push(token);
}

/** The plugin. `md.use(citationsPlugin, host)`. */
export function citationsPlugin(md: MarkdownItLike, host: CitationPluginHost): void {
  md.inline.ruler.before('link', 'ris_citation_group', groupRule);
  md.inline.ruler.before('text', 'ris_citation_in_text', inTextRule);
  md.block.ruler.before('paragraph', 'ris_refs_div', refsDivRule, { alt: ['paragraph', 'reference', 'blockquote', 'list'] });
  md.core.ruler.push('ris_bibliography', placeBibliography);

  let current: { rendering: HostRendering | undefined; index: number } | undefined;
  const originalRender = md.renderer.render.bind(md.renderer);
  md.renderer.render = (tokens, options, env) => {
    const previous = current;
    current = { rendering: undefined, index: 0 };
    try {
      if (host.enabled()) {
        const clusters: CitationCluster[] = [];
        let source: string | undefined;
        for (const token of tokens) {
          if (token.type === REFS) source ??= (token.meta as RefsMeta).source;
          for (const child of token.children ?? []) if (child.type === CITATION) clusters.push((child.meta as CitationMeta).cluster);
        }
        if (clusters.length > 0 || source !== undefined) current.rendering = host.render(clusters, source ?? '', env);
      }
      return originalRender(tokens, options, env);
    } finally {
      current = previous;
    }
  };

  md.renderer.rules[CITATION] = (tokens, idx) => {
    const token = tokens[idx];
    const meta = token?.meta as CitationMeta | undefined;
    if (!token || !meta) return '';
    const rendering = current?.rendering;
    const index = current ? current.index++ : 0;
    const rendered = rendering?.citations[index];
    if (!rendering || !rendered) return escapeHtml(meta.source);
    return citationHtml(meta, rendered, rendering);
  };

  const fence = md.renderer.rules.fence;
  md.renderer.rules.fence = (tokens, idx, options, env, self) => {
    const token = tokens[idx];
    if (token && host.prisma && (token.info ?? '').trim().split(/\s+/)[0] === 'prisma') {
      const manifest = prismaBlockManifest(token.content);
      let result: PrismaBlockResult | undefined;
      try {
        result = host.prisma(manifest, env);
      } catch (error) {
        result = { message: error instanceof Error ? error.message : String(error) };
      }
      return prismaBlockHtml(manifest, result);
    }
    return fence ? fence(tokens, idx, options, env, self) : `<pre><code>${escapeHtml(token?.content ?? '')}</code></pre>\n`;
  };

  md.renderer.rules[REFS] = (tokens, idx) => {
    const token = tokens[idx];
    const rendering = current?.rendering;
    if (!token || !rendering) return '';
    return bibliographyHtml(rendering);
  };
}

function citationHtml(meta: CitationMeta, rendered: RenderedCitation, rendering: HostRendering): string {
  const keys = meta.cluster.items.map((i) => i.key);
  const titles = rendered.keys.map((k) => rendering.titles?.get(k)).filter((t): t is string => t !== undefined);
  const unknown = rendered.unknown.length > 0 ? ` ris-citation-unknown` : '';
  const unknownTitle = rendering.unknownTitle ?? ((k: string): string => `No reference has the key ${k}`);
  const title = [...titles, ...rendered.unknown.map(unknownTitle)].join('\n\n');
  const target = rendered.keys[0];
  const body = target === undefined ? rendered.text : `<a href="#ref-${escapeHtml(target)}">${rendered.text}</a>`;
  return `<span class="citation${unknown}" data-cites="${escapeHtml(keys.join(' '))}" title="${escapeHtml(title)}">${body}</span>`;
}

function bibliographyHtml(rendering: HostRendering): string {
  const classes = ['references', 'csl-bib-body'];
  if (rendering.layout.hangingIndent) classes.push('hanging-indent');
  if (rendering.layout.numbered) classes.push('numbered');
  if (rendering.layout.entrySpacing > 0) classes.push('entry-spacing');
  const entries = rendering.bibliography.map((e) => `<div id="ref-${escapeHtml(e.key)}" class="csl-entry">${e.text}</div>`);
  const notice = rendering.notice !== undefined && rendering.notice !== '' ? `<p class="ris-citation-notice">${escapeHtml(rendering.notice)}</p>\n` : '';
  return `${notice}<div id="refs" class="${classes.join(' ')}">\n${entries.join('\n')}\n</div>\n`;
}
