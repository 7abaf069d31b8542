/**
 * Formatted citations and bibliographies with citeproc-js (npm `citeproc`), the CSL processor
 * Zotero and Mendeley use. pandoc's citation forms map onto it as pandoc's own citeproc reads them:
 * `[@a; @b]` is one citation cluster, `-@a` suppresses the author, a bare `@a` is an author-in-text
 * citation ("Liu et al. (2021)"; with a numeric style just the number, as pandoc prints it), and
 * locators come from the suffix (`[@a, pp. 3-5]`).
 *
 * Keys missing from the library never reach the processor (it cannot format them); they come back
 * in `unknown` and are printed as `key?` at the end of their cluster, the way pandoc prints them.
 */
import type CSL from 'citeproc';
import type { CslItem } from './cslItems';
import { limitCslItem, limitInlineMarkup, stripInlineTags } from './citeprocInput';
import { builtinLocale, citationLayoutAttributes, decodeXmlEntities, type CslStyle } from './cslStyles';
import { parseLocator } from '../markdown/locators';

/** One cited key of a cluster, as written in Markdown. */
export interface CiteRef {
  readonly key: string;
  /** Text before the key (`see`), Markdown inline. */
  readonly prefix?: string;
  /** Text after the key (`, pp. 33-35`), from which the locator is read. */
  readonly suffix?: string;
  /** `-@key`: print without the author. */
  readonly suppressAuthor?: boolean;
}

/** One citation: a bracketed group, or an author-in-text citation (`@key`, `@key [p. 3]`). */
export interface CitationCluster {
  readonly items: readonly CiteRef[];
  /** True for a bare `@key` (the author is part of the sentence). */
  readonly inText: boolean;
}

/** Output formats: HTML for the preview, plain text for hovers and the CLI, Markdown for documents. */
export type OutputFormat = 'html' | 'text' | 'markdown';

/** A cluster formatted. */
export interface RenderedCitation {
  /** The formatted citation, including the unknown keys printed as `key?`. */
  readonly text: string;
  /** Keys of this cluster that the library does not have. */
  readonly unknown: readonly string[];
  /** The keys of this cluster that were formatted, in order. */
  readonly keys: readonly string[];
  /** Keys of this cluster whose reference citeproc-js failed on (printed as the key). */
  readonly failed?: readonly string[];
}

/** A reference citeproc-js failed on: it is printed plainly (its key and title, marked). */
export interface FailedItem {
  readonly key: string;
  /** What citeproc-js reported. */
  readonly error: string;
}

/** One formatted bibliography entry. */
export interface RenderedEntry {
  readonly key: string;
  /** The entry's text in the output format (HTML entries without the outer `csl-entry` div). */
  readonly text: string;
}

/** A document's citations and bibliography. */
export interface RenderedDocument {
  readonly citations: readonly RenderedCitation[];
  /** Cited references in the style's order (citation order for numeric styles). */
  readonly bibliography: readonly RenderedEntry[];
  /** Keys the library does not have, in order of first use. */
  readonly unknown: readonly string[];
  /**
   * References citeproc-js failed on, in order of first use; each is in `bibliography` as a plain
   * fallback entry, after the formatted ones. Absent when there is none.
   */
  readonly failed?: readonly FailedItem[];
  /** The style's layout hints: hanging indent, and a number column (`second-field-align`). */
  readonly layout: { readonly hangingIndent: boolean; readonly numbered: boolean; readonly entrySpacing: number; readonly lineSpacing: number };
}

/** Where the processor finds items and locales. */
export interface ProcessorOptions {
  /** The CSL item for a key, or undefined when the library has none. */
  readonly item: (key: string) => CslItem | undefined;
  /** The locale to format in (`en-US`, `de-DE`); the style's default, else en-US, when absent. */
  readonly lang?: string;
  /** A user locale file's XML (takes precedence over the shipped locales for its language). */
  readonly localeXml?: string;
}

let loaded: typeof CSL | undefined;

/**
 * citeproc-js, loaded on first use: evaluating it takes about 17 ms, which activation (and the
 * CLI's other commands) should not pay.
 */
function citeproc(): typeof CSL {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded ??= require('citeproc') as typeof CSL;
  return loaded;
}

let formatsRegistered = false;

/** Markdown output: emphasis as `*…*`, characters that Markdown or pandoc would read escaped. */
function registerMarkdownFormat(): void {
  if (formatsRegistered) return;
  formatsRegistered = true;
  const formats = citeproc().Output.Formats;
  const text = formats['text'] ?? {};
  formats['markdown'] = {
    ...text,
    text_escape: (value: string | undefined): string => escapeMarkdown(value ?? ''),
    '@font-style/italic': '*%%STRING%%*',
    '@font-style/oblique': '*%%STRING%%*',
    '@font-weight/bold': '**%%STRING%%**',
    '@vertical-align/sup': '^%%STRING%%^',
    '@vertical-align/sub': '~%%STRING%%~',
    '@font-variant/small-caps': '[%%STRING%%]{.smallcaps}',
  };
}

/**
 * A citeproc engine for one style, locale and library. Every call starts from a clean state, so
 * one processor can format many documents (numbering restarts for each).
 */
export class CitationProcessor {
  private readonly engine: CSL.Engine;
  private readonly items = new Map<string, CslItem | undefined>();
  private itemSource: (key: string) => CslItem | undefined;

  /**
   * Creating a processor parses the style: about 0.7 s for APA, 30 ms for Vancouver. Keep one per
   * style and locale, and switch libraries with `useItems`.
   */
  constructor(
    readonly style: CslStyle,
    options: ProcessorOptions,
  ) {
    this.itemSource = options.item;
    registerMarkdownFormat();
    const lang = options.lang ?? style.defaultLocale ?? 'en-US';
    const userLang = options.localeXml === undefined ? undefined : (/xml:lang=["']([^"']+)["']/.exec(options.localeXml)?.[1] ?? lang);
    const sys = {
      retrieveLocale: (requested: string): string | undefined => {
        if (options.localeXml !== undefined && userLang !== undefined && sameLanguage(requested, userLang)) return options.localeXml;
        return builtinLocale(requested) ?? builtinLocale('en-US');
      },
      retrieveItem: (id: string): unknown => this.lookup(id),
    };
    // forceLang: the user's locale wins over the style's default-locale, as with pandoc's `lang`.
    this.engine = new (citeproc().Engine)(sys, style.xml, lang, options.lang !== undefined);
  }

  /** True for styles that number references ("[1]", "(1)"). */
  get numeric(): boolean {
    return this.style.citationFormat === 'numeric';
  }

  /** Formats references from another library from now on (forgets the items read so far). */
  useItems(item: (key: string) => CslItem | undefined): void {
    if (item === this.itemSource) return;
    this.itemSource = item;
    this.items.clear();
  }

  /** The item of a key as citeproc-js gets it: with its markup bounded (see `citeprocInput.ts`). */
  private lookup(key: string): CslItem | undefined {
    if (!this.items.has(key)) {
      const item = this.itemSource(key);
      this.items.set(key, item === undefined ? undefined : limitCslItem(item));
    }
    return this.items.get(key);
  }

  /**
   * Runs `attempt` with no reference excluded; if citeproc-js throws, finds the references it fails
   * on alone and runs `attempt` again without them, and if it still throws, without any: one bad
   * reference costs only that reference its formatting.
   */
  private withFallback<T>(keys: readonly string[], format: OutputFormat, attempt: (failed: ReadonlyMap<string, string>) => T): T {
    const failed = new Map<string, string>();
    try {
      return attempt(failed);
    } catch (error) {
      for (const key of new Set(keys)) {
        const problem = this.probe(key, format);
        if (problem !== undefined) failed.set(key, problem);
      }
      if (failed.size > 0) {
        try {
          return attempt(failed);
        } catch {
          // Not one reference alone but a combination: format none of them.
        }
      }
      for (const key of new Set(keys)) if (!failed.has(key) && this.lookup(key) !== undefined) failed.set(key, errorText(error));
      return attempt(failed);
    }
  }

  /** What citeproc-js throws when citing and listing `key` alone, or undefined when it does not. */
  private probe(key: string, format: OutputFormat): string | undefined {
    if (this.lookup(key) === undefined) return undefined;
    try {
      this.engine.updateItems([]);
      this.engine.setOutputFormat(format);
      this.engine.rebuildProcessorState([{ citationID: 'probe', citationItems: [{ id: key }], properties: { noteIndex: 0 } }], format, []);
      this.engine.makeBibliography();
      return undefined;
    } catch (error) {
      return errorText(error);
    }
  }

  /** Formats the citations of a document, in order, and the bibliography of the cited references. */
  render(clusters: readonly CitationCluster[], format: OutputFormat): RenderedDocument {
    const keys = clusters.flatMap((c) => c.items.map((r) => r.key));
    return this.withFallback(keys, format, (failed) => this.renderExcept(clusters, format, failed));
  }

  private renderExcept(clusters: readonly CitationCluster[], format: OutputFormat, failedKeys: ReadonlyMap<string, string>): RenderedDocument {
    const unknown: string[] = [];
    const unknownSet = new Set<string>();
    const citations: CSL.CiteprocCitation[] = [];
    const known: string[][] = [];
    const missing: string[][] = [];
    const failing: string[][] = [];
    const failed: FailedItem[] = [];
    clusters.forEach((cluster, index) => {
      const items: CSL.CiteprocCitationItem[] = [];
      const keys: string[] = [];
      const absent: string[] = [];
      const unformatted: string[] = [];
      for (const ref of cluster.items) {
        const problem = failedKeys.get(ref.key);
        if (problem !== undefined) {
          unformatted.push(ref.key);
          if (!failed.some((f) => f.key === ref.key)) failed.push({ key: ref.key, error: problem });
          continue;
        }
        if (this.lookup(ref.key) === undefined) {
          absent.push(ref.key);
          if (!unknownSet.has(ref.key)) {
            unknownSet.add(ref.key);
            unknown.push(ref.key);
          }
          continue;
        }
        keys.push(ref.key);
        items.push(citationItem(ref, format));
      }
      known.push(keys);
      missing.push(absent);
      failing.push(unformatted);
      if (items.length === 0) return;
      const citation: CSL.CiteprocCitation = { citationID: `c${index}`, citationItems: items, properties: { noteIndex: 0 } };
      if (cluster.inText && !cluster.items.some((r) => r.suppressAuthor)) citation.properties.mode = 'composite';
      citations.push(citation);
    });

    this.engine.updateItems([]);
    this.engine.setOutputFormat(format);
    const byId = new Map<string, string>();
    const processed = citations.length === 0 ? [] : this.engine.rebuildProcessorState(citations, format, []);
    for (const [id, , text] of processed) byId.set(id, cleanCitation(text));

    const rendered: RenderedCitation[] = clusters.map((cluster, index) => {
      const keys = known[index] ?? [];
      const absent = missing[index] ?? [];
      const unformatted = failing[index] ?? [];
      const formatted = byId.get(`c${index}`) ?? '';
      const marks = cluster.items.flatMap((r) =>
        absent.includes(r.key) ? [{ ref: r, mark: unknownMark(r.key, format) }] : unformatted.includes(r.key) ? [{ ref: r, mark: failedMark(r.key, format) }] : [],
      );
      const text = withMarks(formatted, marks, citationLayout(this.style), format);
      return { text, unknown: absent, keys, ...(unformatted.length > 0 ? { failed: unformatted } : {}) };
    });
    const bibliography = citations.length === 0 ? undefined : this.engine.makeBibliography();
    const entries: RenderedEntry[] = [];
    let layout = { hangingIndent: false, numbered: this.numeric, entrySpacing: 0, lineSpacing: 1 };
    if (bibliography) {
      const [params, texts] = bibliography;
      layout = {
        hangingIndent: params.hangingindent === true,
        numbered: params['second-field-align'] !== false || this.numeric,
        entrySpacing: params.entryspacing,
        lineSpacing: params.linespacing,
      };
      for (const entry of entriesOf(params, texts, format)) entries.push(entry);
    }
    entries.push(...failed.map((f) => this.fallbackEntry(f, format)));
    return { citations: rendered, bibliography: entries, unknown, layout, ...(failed.length > 0 ? { failed } : {}) };
  }

  /** The plain entry of a reference citeproc-js failed on: its key and title, marked. */
  private fallbackEntry(failed: FailedItem, format: OutputFormat): RenderedEntry {
    return { key: failed.key, text: fallbackText(failed, this.lookup(failed.key), format) };
  }

  /**
   * The bibliography of `keys` without citations (every reference listed, numbered in the order
   * given): what `ris-references format` prints for whole files. Unknown keys are left out.
   */
  bibliography(keys: readonly string[], format: OutputFormat): RenderedEntry[] & { failed?: readonly FailedItem[] } {
    const known = [...new Set(keys)].filter((key) => this.lookup(key) !== undefined);
    return this.withFallback(known, format, (failedKeys) => {
      const formattable = known.filter((key) => !failedKeys.has(key));
      this.engine.updateItems([]);
      this.engine.updateItems(formattable);
      this.engine.setOutputFormat(format);
      const made = formattable.length === 0 ? false : this.engine.makeBibliography();
      const entries: RenderedEntry[] & { failed?: readonly FailedItem[] } = made ? entriesOf(made[0], made[1], format) : [];
      const failed = known.flatMap((key) => {
        const error = failedKeys.get(key);
        return error === undefined ? [] : [{ key, error }];
      });
      entries.push(...failed.map((f) => this.fallbackEntry(f, format)));
      if (failed.length > 0) entries.failed = failed;
      return entries;
    });
  }

  /**
   * One reference formatted as its bibliography entry would be, without a citation number; for
   * hovers and tooltips. Undefined when the library has no such key.
   */
  reference(key: string, format: OutputFormat): string | undefined {
    const item = this.lookup(key);
    if (item === undefined) return undefined;
    try {
      this.engine.updateItems([key]);
      this.engine.setOutputFormat(format);
      const bibliography = this.engine.makeBibliography();
      const text = bibliography ? bibliography[1][0] : undefined;
      return text === undefined ? undefined : stripNumber(cleanEntry(text, format), format);
    } catch (error) {
      return fallbackText({ key, error: errorText(error) }, item, format);
    }
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A fallback entry: `key: Title [not formatted]`, the title without markup and at most 300 characters. */
function fallbackText(failed: FailedItem, item: CslItem | undefined, format: OutputFormat): string {
  const rawTitle = typeof item?.title === 'string' ? stripInlineTags(limitInlineMarkup(item.title)).replace(/\s+/g, ' ').trim() : '';
  const title = rawTitle.length > 300 ? `${rawTitle.slice(0, 299)}…` : rawTitle;
  const plain = title === '' ? failed.key : `${failed.key}: ${title}`;
  const mark = '[not formatted: citeproc-js failed on this reference]';
  if (format === 'html') return `<span class="ris-unformatted" title="${escapeHtml(failed.error)}">${escapeHtml(plain)}</span> ${escapeHtml(mark)}`;
  if (format === 'markdown') return `${escapeMarkdown(plain)} ${escapeMarkdown(mark)}`;
  return `${plain} ${mark}`;
}

function sameLanguage(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase() || a.split('-')[0]?.toLowerCase() === b.split('-')[0]?.toLowerCase();
}

/** A Markdown inline fragment (prefix or suffix) in the processor's markup: emphasis as `<i>`/`<b>`. */
function affix(text: string, format: OutputFormat): string {
  let out = limitInlineMarkup(text).replace(/\s+/g, ' ');
  out = out.replace(/\*\*([^*]+)\*\*|__([^_]+)__/g, (_, a?: string, b?: string) => `<b>${a ?? b ?? ''}</b>`);
  out = out.replace(/\*([^*]+)\*|(?<![\p{L}\p{N}])_([^_]+)_(?![\p{L}\p{N}])/gu, (_, a?: string, b?: string) => `<i>${a ?? b ?? ''}</i>`);
  if (format !== 'html') out = out.replace(/\\([\\`*_{}[\]()#+\-.!@])/g, '$1');
  return out;
}

function citationItem(ref: CiteRef, format: OutputFormat): CSL.CiteprocCitationItem {
  const item: CSL.CiteprocCitationItem = { id: ref.key };
  const parsed = parseLocator(ref.suffix);
  if (parsed.locator !== undefined) {
    item.locator = parsed.locator;
    if (parsed.label !== undefined) item.label = parsed.label;
  }
  if (parsed.suffix !== undefined) {
    const suffix = affix(parsed.suffix, format);
    item.suffix = /^[\s,.;:]/.test(suffix) ? suffix.replace(/^\s+/, ' ') : ` ${suffix}`;
  }
  if (ref.prefix !== undefined && ref.prefix.trim() !== '') item.prefix = `${affix(ref.prefix.trim(), format)} `;
  if (ref.suppressAuthor === true) item['suppress-author'] = true;
  return item;
}

/** citeproc-js marks a composite citation's missing author part; numeric styles print only the number. */
function cleanCitation(text: string): string {
  return text.replace(/\[NO_PRINTED_FORM\]\s*/g, '').trim();
}

/** The affixes and delimiter of a style's citation `<layout>`, as written (entities decoded). */
interface CitationLayout {
  readonly prefix: string;
  readonly suffix: string;
  readonly delimiter: string;
}

const layouts = new WeakMap<CslStyle, CitationLayout>();

function citationLayout(style: CslStyle): CitationLayout {
  let layout = layouts.get(style);
  if (!layout) {
    const attrs = citationLayoutAttributes(style.xml);
    const attr = (name: string): string => decodeXmlEntities(new RegExp(`(?:^|\\s)${name}\\s*=\\s*(["'])([\\s\\S]*?)\\1`).exec(attrs)?.[2] ?? '');
    layout = { prefix: attr('prefix'), suffix: attr('suffix'), delimiter: attr('delimiter') };
    layouts.set(style, layout);
  }
  return layout;
}

/**
 * A cluster's text with its unknown keys as pandoc 3 prints them: `key?` (after the key's prefix)
 * at the end of the cluster, joined by the citation layout's delimiter, inside its prefix and
 * suffix: `(Liu et al., 2021; nokey?)`, `(1,nokey?)`, `(see nokey?)`, and `(nokey?)` for an
 * in-text `@nokey` too. Locators and suffixes of unknown keys are dropped, as pandoc drops them.
 * Keys whose reference citeproc-js failed on are added the same way, with their own mark.
 */
function withMarks(formatted: string, unknown: readonly { ref: CiteRef; mark: string }[], layout: CitationLayout, format: OutputFormat): string {
  if (unknown.length === 0) return formatted;
  const literal = (text: string): string => (format === 'html' ? escapeHtml(text) : format === 'markdown' ? escapeMarkdown(text) : text);
  const marks = unknown
    .map(({ ref, mark }) => {
      const prefix = ref.prefix?.replace(/\s+/g, ' ').trim() ?? '';
      return `${prefix === '' ? '' : `${format === 'html' ? escapeHtml(prefix) : prefix} `}${mark}`;
    })
    .join(literal(layout.delimiter));
  const suffix = literal(layout.suffix);
  if (formatted === '') return `${literal(layout.prefix)}${marks}${suffix}`;
  if (suffix !== '' && formatted.endsWith(suffix)) return `${formatted.slice(0, -suffix.length)}${literal(layout.delimiter)}${marks}${suffix}`;
  return `${formatted}${literal(layout.delimiter)}${marks}`;
}

/** A key whose reference citeproc-js failed on, in a citation: the key, marked in HTML. */
function failedMark(key: string, format: OutputFormat): string {
  if (format === 'html') return `<span class="ris-unformatted-citation" title="This reference could not be formatted">${escapeHtml(key)}</span>`;
  if (format === 'markdown') return escapeMarkdown(key);
  return key;
}

function unknownMark(key: string, format: OutputFormat): string {
  if (format === 'html') return `<span class="ris-unknown-citation">${escapeHtml(key)}?</span>`;
  if (format === 'markdown') return `**${escapeMarkdown(key)}?**`;
  return `${key}?`;
}

/** The entries of a `makeBibliography` result, each with its key. */
function entriesOf(params: CSL.CiteprocBibliographyParams, texts: readonly string[], format: OutputFormat): RenderedEntry[] {
  const entries: RenderedEntry[] = [];
  params.entry_ids.forEach((ids, i) => {
    const key = ids[0];
    const text = texts[i];
    if (key !== undefined && text !== undefined) entries.push({ key, text: cleanEntry(text, format) });
  });
  return entries;
}

/**
 * An entry without the processor's wrapper and trailing line break; HTML keeps its inner divs.
 * Exported for tests.
 */
export function cleanEntry(text: string, format: OutputFormat): string {
  if (format === 'html') {
    return text
      .trim()
      .replace(/^<div class="csl-entry">\s*/, '')
      // `(?<!\s)`: only from where a run of whitespace starts, not again from each of its positions.
      .replace(/(?<!\s)\s*<\/div>$/, '')
      .replace(/>\s+</g, '><')
      .trim();
  }
  return text.replace(/(?<!\s)\s*\n\s*/g, ' ').trim();
}

/** Drops the number column of a numeric entry (`1. `, `[1] `) for a reference shown alone. */
function stripNumber(text: string, format: OutputFormat): string {
  if (format === 'html') {
    return text.replace(/<div class="csl-left-margin">[^<]*<\/div>/, '').replace(/^<div class="csl-right-inline">([\s\S]*)<\/div>$/, '$1').trim();
  }
  return text.replace(/^(?:\[\d+\]|\\?\[\d+\\?\]|\d+\\?\.|\(\d+\))\s+/, '');
}

/** Escapes what Markdown (or pandoc, for `@` and `#`) would read as markup in running text. */
function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>@#]/g, '\\$&');
}

/** Escapes text for HTML. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
