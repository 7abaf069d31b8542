/**
 * What the extension needs to know of CSL styles and locales without their XML: the names and
 * titles of the built-in styles, the bundled locales, reading a user's `.csl` file, and the
 * front-matter fields. The XML itself (`cslStyles.ts`) is only loaded where formatting happens
 * (the citation worker and the command line), so the extension's bundle does not carry it.
 */

/** A CSL style ready for the processor, with what the extension needs to know about it. */
export interface CslStyle {
  /** The built-in name (`apa`, `vancouver`, `harvard`), or the file path it was read from. */
  readonly id: string;
  readonly xml: string;
  /** The style's `<title>`. */
  readonly title: string;
  /** `in-text` or `note`. */
  readonly class: string;
  /** `numeric`, `author-date`, `author`, `label` or `note` (from `<category citation-format>`). */
  readonly citationFormat: string | undefined;
  /** The style's `default-locale`, if it names one. */
  readonly defaultLocale: string | undefined;
  /** The style's licence (`<rights>`), shown in the README and hovers. */
  readonly rights: string | undefined;
}

/** Built-in style names, with the names users also type for them. */
export const ALIASES: Readonly<Record<string, string>> = {
  apa: 'apa',
  'apa-7': 'apa',
  apa7: 'apa',
  'american-psychological-association': 'apa',
  vancouver: 'vancouver',
  nlm: 'vancouver',
  'nlm-vancouver': 'vancouver',
  harvard: 'harvard1',
  harvard1: 'harvard1',
  'harvard-cite-them-right': 'harvard1',
};

/** The names `ris.citation.style` accepts without a file. */
export const BUILTIN_STYLE_NAMES: readonly string[] = ['apa', 'vancouver', 'harvard'];

/** The titles of the built-in styles (a unit test checks them against the styles' XML). */
export const BUILTIN_STYLE_TITLES: Readonly<Record<string, string>> = {
  apa: 'APA Style 7th edition',
  vancouver: 'NLM/Vancouver: Citing Medicine 2nd edition (citation-sequence)',
  harvard: 'Cite Them Right 12th edition (author-date/Harvard)',
};

/** The locales shipped with the extension (a unit test checks them against the bundled ones). */
export const BUILTIN_LOCALES: readonly string[] = ['en-US', 'nl-NL', 'fr-FR', 'de-DE', 'es-ES'];

/** The built-in style a name stands for (`apa`, `vancouver`, `harvard`; aliases and `.csl` allowed). */
export function builtinStyleId(name: string): string | undefined {
  const key = ALIASES[name.trim().toLowerCase().replace(/\.csl$/, '')];
  return key === undefined ? undefined : key === 'harvard1' ? 'harvard' : key;
}

/** The bundled locale matching a language tag (`de`, `de-DE`, `en`), or undefined. */
export function builtinLocaleTag(lang: string): string | undefined {
  if (BUILTIN_LOCALES.includes(lang)) return lang;
  const primary = lang.split(/[-_]/)[0]?.toLowerCase();
  return BUILTIN_LOCALES.find((k) => k.split('-')[0]?.toLowerCase() === primary);
}

/** Thrown when a `.csl` file cannot be used; the message says why, in the user's terms. */
export class StyleError extends Error {}

/** One start tag `<name …>` of an XML text: its attribute text, and where the tag ends. */
interface StartTag {
  readonly start: number;
  /** The text between `<name` and the first `>` after it (to the end of the text when none). */
  readonly attrs: string;
  /** Offset just after its `>`, or -1 when no `>` follows (the tag runs to the end of the text). */
  readonly end: number;
}

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/**
 * The start tags `<name …>` of `text` from offset `from` on (`name` followed by a non-word character), in order, each
 * running to the first `>` after it. A `<name` inside the text of an earlier one is not a tag of its
 * own: its attributes are the end of the earlier one's, so a test that only looks for something
 * among the attributes finds it in the earlier tag first. This is what a regular expression such as
 * `<name\b[^>]*…` finds, in linear time: that expression rescans the text up to the next `>` from
 * every `<name`, which is quadratic on a crafted file of `<name<name<name…`.
 */
function* startTags(text: string, name: string, from = 0): Generator<StartTag> {
  const open = `<${name}`;
  for (;;) {
    const start = text.indexOf(open, from);
    if (start < 0) return;
    const after = start + open.length;
    if (after < text.length && isWordChar(text.charCodeAt(after))) {
      from = after;
      continue;
    }
    const gt = text.indexOf('>', after);
    if (gt < 0) {
      yield { start, attrs: text.slice(after), end: -1 };
      return;
    }
    yield { start, attrs: text.slice(after, gt), end: gt + 1 };
    from = gt + 1;
  }
}

/** The first start tag `<name …>` whose attributes pass `test`; with `closed`, only one ending in `>`. */
function findStartTag(
  text: string,
  name: string,
  closed: boolean,
  test: (attrs: string) => boolean = () => true,
  from = 0,
): StartTag | undefined {
  for (const tag of startTags(text, name, from)) {
    if ((!closed || tag.end >= 0) && test(tag.attrs)) return tag;
  }
  return undefined;
}

/** The text of the first `<name …>text</name>` (no markup inside), or undefined. */
function simpleElementText(text: string, name: string): string | undefined {
  for (const tag of startTags(text, name)) {
    if (tag.end < 0) return undefined;
    const lt = text.indexOf('<', tag.end);
    if (lt >= 0 && text.startsWith(`</${name}>`, lt)) return text.slice(tag.end, lt);
  }
  return undefined;
}

const CSL_NAMESPACE = /xmlns\s*=\s*["']http:\/\/purl\.org\/net\/xbiblio\/csl["']/;

/**
 * Reads a style from its XML. Throws a StyleError for text that is not a CSL style, and for a
 * dependent style (one that only points to a parent style), which cannot format anything alone.
 * Linear in the size of the XML, however it is crafted.
 */
export function parseStyle(xml: string, id: string): CslStyle {
  const text = xml.replace(/^\uFEFF/, '');
  const root = findStartTag(text, 'style', true);
  if (!root || !/<\/style>\s*$/.test(text) || !CSL_NAMESPACE.test(root.attrs)) {
    throw new StyleError(`${id} is not a CSL style (no <style xmlns="http://purl.org/net/xbiblio/csl"> root element).`);
  }
  const attrs = root.attrs;
  const hasCitation = /<citation\b/.test(text);
  const parent = findStartTag(text, 'link', true, (a) => /rel=["']independent-parent["']/.test(a));
  if (parent && !hasCitation) {
    const href = /href=["']([^"']+)["']/.exec(text.slice(parent.start, parent.end))?.[1];
    throw new StyleError(
      `${id} is a dependent style: it only points to ${href ?? 'another style'}. Download that parent style's .csl file and use it instead.`,
    );
  }
  if (!hasCitation) throw new StyleError(`${id} has no <citation> element, so it cannot format citations.`);
  // The last `citation-format` of the tag, as `<category\b[^>]*citation-format=…` finds (linear on
  // one tag's attributes: each occurrence is tried once, from the end).
  const formatPattern = /^[^]*citation-format=["']([^"']+)["']/;
  const category = findStartTag(text, 'category', false, (a) => formatPattern.test(a));
  return {
    id,
    xml: text,
    title: decodeXml(/<title>([^<]*)<\/title>/.exec(text)?.[1] ?? id),
    class: /\bclass=["']([^"']+)["']/.exec(attrs)?.[1] ?? 'in-text',
    citationFormat: category && formatPattern.exec(category.attrs)?.[1],
    defaultLocale: /\bdefault-locale=["']([^"']+)["']/.exec(attrs)?.[1],
    rights: decodeXml(simpleElementText(text, 'rights') ?? '') || undefined,
  };
}

/**
 * The attribute text of the first `<layout …>` after the style's first `<citation>` (where the
 * citation's prefix, suffix and delimiter are), or '' when there is none.
 */
export function citationLayoutAttributes(xml: string): string {
  const citation = /<citation(?=[\s>])/.exec(xml);
  if (!citation) return '';
  return findStartTag(xml, 'layout', true, undefined, citation.index + citation[0].length)?.attrs ?? '';
}

/** True when `xml` looks like a CSL locale file. */
export function isLocaleXml(xml: string): boolean {
  return findStartTag(xml, 'locale', false, (a) => CSL_NAMESPACE.test(a)) !== undefined;
}

/** The language of a locale file (`xml:lang`). */
export function localeLang(xml: string): string | undefined {
  const langPattern = /^[^]*xml:lang=["']([^"']+)["']/;
  const tag = findStartTag(xml, 'locale', false, (a) => langPattern.test(a));
  return tag && langPattern.exec(tag.attrs)?.[1];
}

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Text of an XML attribute or element with its character and entity references decoded. */
export function decodeXmlEntities(text: string): string {
  return text.replace(/&(?:#(\d+)|#x([\da-f]+)|(amp|lt|gt|quot|apos));/gi, (m, dec?: string, hex?: string, name?: string) => {
    if (dec !== undefined) return String.fromCodePoint(Number(dec));
    if (hex !== undefined) return String.fromCodePoint(parseInt(hex, 16));
    return ENTITIES[(name ?? '').toLowerCase()] ?? m;
  });
}

function decodeXml(text: string): string {
  return decodeXmlEntities(text).trim();
}

/** `text` without the spaces and tabs at its start and end. */
function trimSpacesAndTabs(text: string): string {
  const blank = (c: number): boolean => c === 32 || c === 9;
  let start = 0;
  let end = text.length;
  while (start < end && blank(text.charCodeAt(start))) start++;
  while (end > start && blank(text.charCodeAt(end - 1))) end--;
  return text.slice(start, end);
}

/**
 * The `csl` and `lang` fields of a Markdown document's front matter (the style and locale pandoc
 * uses for it), when they are plain scalars. They take precedence over the settings.
 */
export function documentStyleFields(markdown: string): { csl?: string; lang?: string } {
  const head = /^(?:\uFEFF)?---[ \t]*\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/.exec(markdown);
  if (!head) return {};
  const out: { csl?: string; lang?: string } = {};
  for (const line of (head[1] ?? '').split(/\r?\n/)) {
    // `(.*)` then trimming, not `[ \t]*(.*?)[ \t]*$`: that rescans a run of spaces from each of its positions.
    const m = /^(csl|lang):(.*)$/.exec(line);
    const raw = m?.[2] === undefined ? '' : trimSpacesAndTabs(m[2]);
    if (!m || raw === '' || raw.startsWith('#')) continue;
    const value = raw.replace(/^(["'])(.*)\1$/, '$2').trim();
    if (value !== '' && !/^[|>[{]/.test(value)) out[m[1] as 'csl' | 'lang'] = value;
  }
  return out;
}
