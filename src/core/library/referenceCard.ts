/**
 * The metadata card of a reference, as plain Markdown (no HTML): shown in hovers over citations, in
 * the documentation of key completions and in tooltips of the References view.
 *
 * ```
 * Liu, Xiaoqing; Gao, Yang; … et al. (2021)
 * **Advances in Deep Learning-Based Medical Image Analysis**
 * *Health Data Science*, 2021(1):8786793
 * [10.34133/2021/8786793](https://doi.org/10.34133/2021/8786793) · [example.org/x](https://example.org/x)
 * Journal Article
 *
 * **Screening:** Included — Ann included, Ben included   (when the workspace has a review)
 *
 * Deep learning has become the main approach to …
 *
 * `Liu_Gao_2021` · from `refs.ris`:12
 * ```
 */
import type { RisRecord } from '../ris/model';
import { allValues, authorsOf, containerOf, firstValue, titleOf, truncate, yearOf } from '../ris/recordSummary';
import { normalizeDoi } from '../ris/doi';
import { getTypeInfo } from '../ris/spec/index';

/** What the card shows besides the record itself. */
export interface ReferenceCardOptions {
  /** The citation key, shown in code. */
  readonly key?: string;
  /** How to name the record's file (e.g. a workspace-relative path). */
  readonly fileLabel?: string;
  /** The record's line, 1-based, shown after the file. */
  readonly line?: number;
  /** The file's URI: when given (and no `openLink`), the file label links to `fileUri#Lline`. */
  readonly fileUri?: string;
  /** A link target for the file label, e.g. a `command:` URI that opens the record. */
  readonly openLink?: string;
  /** How many lines (of about 100 characters) of the abstract to show; 0 hides it. Default 3. */
  readonly abstractLines?: number;
  /**
   * The reference formatted in the citation style (Markdown, already escaped), the style's name, and
   * a note on the style (why the configured one is not in use), shown in italics below.
   */
  readonly formatted?: { readonly style: string; readonly markdown: string; readonly note?: string };
  /** The record's screening decision in a few words ("Excluded: wrong population — Ann excluded"), shown below the type. */
  readonly screening?: string;
}

/** Authors listed before "et al.". */
const MAX_AUTHORS = 6;
/** Characters of abstract per requested line. */
const ABSTRACT_CHARS_PER_LINE = 100;
/** Longest URL shown as link text. */
const MAX_URL_TEXT = 60;

/** Markdown for a hard line break inside a paragraph. */
const BR = '  \n';

/**
 * The card of `record` as Markdown: authors (the first six, then "et al."; editors marked as such)
 * and year, the title in bold, the container in italics with volume(issue):pages, the DOI as a
 * doi.org link and the URL, the type's name, the start of the abstract (`AB`, else `N2`), the key in
 * code, and "from `file`:line". Every value is escaped, so nothing in a record renders as markup.
 */
export function referenceCardMarkdown(record: RisRecord, options: ReferenceCardOptions = {}): string {
  const blocks: string[] = [];

  const head: string[] = [];
  const byline = bylineOf(record);
  if (byline) head.push(byline);
  const title = titleOf(record);
  head.push(title ? `**${escapeInline(title)}**` : `**(untitled)**`);
  const source = sourceOf(record);
  if (source) head.push(source);
  const links = linksOf(record);
  if (links) head.push(links);
  const typeName = typeNameOf(record.type);
  if (typeName) head.push(escapeLine(typeName));
  blocks.push(head.join(BR));

  if (options.screening !== undefined && options.screening !== '') blocks.push(`**Screening:** ${escapeInline(options.screening)}`);

  const lines = options.abstractLines ?? 3;
  const abstract = firstValue(record, ['AB', 'N2']);
  if (abstract && lines > 0) {
    blocks.push(escapeLine(truncate(abstract, Math.max(40, Math.round(lines * ABSTRACT_CHARS_PER_LINE)))));
  }

  if (options.formatted && options.formatted.markdown !== '') {
    const note = options.formatted.note !== undefined && options.formatted.note !== '' ? `${BR}*${escapeInline(options.formatted.note)}*` : '';
    blocks.push(`${options.formatted.markdown}${BR}— ${escapeInline(options.formatted.style)}${note}`);
  }

  const foot: string[] = [];
  if (options.key !== undefined && options.key !== '') foot.push(codeSpan(options.key));
  if (options.fileLabel !== undefined && options.fileLabel !== '') {
    const where = options.line !== undefined ? `${codeSpan(options.fileLabel)}:${options.line}` : codeSpan(options.fileLabel);
    const target =
      options.openLink ?? (options.fileUri !== undefined ? `${options.fileUri}${options.line !== undefined ? `#L${options.line}` : ''}` : undefined);
    foot.push(target ? `from [${where}](${linkDestination(target)})` : `from ${where}`);
  }
  if (foot.length > 0) blocks.push(foot.join(' · '));

  return blocks.join('\n\n');
}

/** "Doe, J.; Roe, R. (2020)", with "et al." after six names and "(ed.)" for editors. */
function bylineOf(record: RisRecord): string | undefined {
  const authors = authorsOf(record);
  const year = yearOf(record);
  const parts: string[] = [];
  if (authors.length > 0) {
    const shown = authors.slice(0, MAX_AUTHORS).map(clean);
    let names = shown.join('; ');
    if (authors.length > MAX_AUTHORS) names += ' et al.';
    const editors = !record.fields.some((f) => (f.tag === 'AU' || f.tag === 'A1') && f.value.length > 0);
    if (editors) names += authors.length > 1 ? ' (eds.)' : ' (ed.)';
    parts.push(escapeLine(names));
  }
  if (year) parts.push(`(${year})`);
  return parts.length > 0 ? parts.join(' ') : undefined;
}

/** "*Journal*, 12(3):45–67", or the parts of it the record has. */
function sourceOf(record: RisRecord): string | undefined {
  const container = containerOf(record);
  const volume = firstValue(record, ['VL']);
  const issue = firstValue(record, ['IS']);
  const pages = pagesOf(record);
  let numbers = '';
  if (volume) numbers = escapeInline(clean(volume));
  if (issue) numbers += `(${escapeInline(clean(issue))})`;
  if (pages) {
    if (numbers) numbers += `:${escapeInline(pages)}`;
    else numbers = `${/[-–]/.test(pages) ? 'pp.' : 'p.'} ${escapeInline(pages)}`;
  }
  const parts: string[] = [];
  if (container) parts.push(`*${escapeInline(clean(container))}*`);
  if (numbers) parts.push(numbers);
  return parts.length > 0 ? parts.join(', ') : undefined;
}

/** Pages from SP and EP: "45–67", or SP alone when it already holds a range. */
function pagesOf(record: RisRecord): string | undefined {
  const start = firstValue(record, ['SP']);
  const end = firstValue(record, ['EP']);
  const sp = start ? clean(start) : '';
  const ep = end ? clean(end) : '';
  if (sp && /[-–—]/.test(sp)) return sp;
  if (sp && ep && ep !== sp) return `${sp}–${ep}`;
  return sp || ep || undefined;
}

/** The DOI as a doi.org link, and the first URL that is not the same DOI link. */
function linksOf(record: RisRecord): string | undefined {
  const parts: string[] = [];
  const rawDoi = firstValue(record, ['DO']);
  const doi = rawDoi ? normalizeDoi(rawDoi) : undefined;
  if (doi) parts.push(`[${escapeInline(doi)}](${linkDestination(`https://doi.org/${encodeDoi(doi)}`)})`);
  else if (rawDoi) parts.push(`DOI ${escapeInline(clean(rawDoi))}`);
  const url = allValues(record, 'UR')
    .flatMap((v) => v.split(/\s*;\s*(?=https?:)|\s+/i))
    .find((u) => /^https?:\/\/\S+$/i.test(u) && !(doi && normalizeDoi(u) === doi));
  if (url) {
    const text = truncateMiddle(url.replace(/^https?:\/\//i, ''), MAX_URL_TEXT);
    parts.push(`[${escapeInline(text)}](${linkDestination(url)})`);
  }
  return parts.length > 0 ? parts.join(' · ') : undefined;
}

function typeNameOf(type: string | undefined): string | undefined {
  if (!type) return undefined;
  return getTypeInfo(type)?.name ?? type;
}

/** Collapses whitespace (line breaks included) to single spaces. */
function clean(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Escapes the characters Markdown reads as markup inside a line. */
export function escapeInline(text: string): string {
  return clean(text).replace(/[\\`*_{}[\]<>#|~&$!^]/g, (c) => `\\${c}`);
}

/** Escapes a value that starts a line: also what would start a list, a heading rule or a quote. */
function escapeLine(text: string): string {
  const escaped = escapeInline(text);
  return escaped.replace(/^([-+=]|\d+(?=[.)]))/, (m) => (/\d/.test(m) ? `${m}\\` : `\\${m}`));
}

/** An inline code span that shows `text` exactly, whatever backticks it holds. */
function codeSpan(text: string): string {
  const value = clean(text);
  let longest = 0;
  for (const run of value.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const fence = '`'.repeat(longest + 1);
  const pad = value.startsWith('`') || value.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${value}${pad}${fence}`;
}

/** A link destination that cannot end the link early: spaces, parentheses and angle brackets encoded. */
function linkDestination(url: string): string {
  return url.replace(/[ ()<>\\]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** A DOI for the path of a doi.org URL: percent-encoded, slashes kept. */
function encodeDoi(doi: string): string {
  return encodeURIComponent(doi).replace(/%2F/gi, '/').replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function truncateMiddle(text: string, max: number): string {
  if (text.length <= max) return text;
  const keep = max - 1;
  return `${text.slice(0, Math.ceil(keep * 0.6))}…${text.slice(text.length - Math.floor(keep * 0.4))}`;
}
