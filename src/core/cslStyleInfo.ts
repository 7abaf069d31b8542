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

/**
 * Reads a style from its XML. Throws a StyleError for text that is not a CSL style, and for a
 * dependent style (one that only points to a parent style), which cannot format anything alone.
 */
export function parseStyle(xml: string, id: string): CslStyle {
  const text = xml.replace(/^\uFEFF/, '');
  const root = /<style\b([^>]*)>/.exec(text);
  if (!root || !/<\/style>\s*$/.test(text) || !/xmlns\s*=\s*["']http:\/\/purl\.org\/net\/xbiblio\/csl["']/.test(root[1] ?? '')) {
    throw new StyleError(`${id} is not a CSL style (no <style xmlns="http://purl.org/net/xbiblio/csl"> root element).`);
  }
  const attrs = root[1] ?? '';
  const parent = /<link\b[^>]*rel=["']independent-parent["'][^>]*>/.exec(text);
  if (parent && !/<citation\b/.test(text)) {
    const href = /href=["']([^"']+)["']/.exec(parent[0])?.[1];
    throw new StyleError(
      `${id} is a dependent style: it only points to ${href ?? 'another style'}. Download that parent style's .csl file and use it instead.`,
    );
  }
  if (!/<citation\b/.test(text)) throw new StyleError(`${id} has no <citation> element, so it cannot format citations.`);
  return {
    id,
    xml: text,
    title: decodeXml(/<title>([^<]*)<\/title>/.exec(text)?.[1] ?? id),
    class: /\bclass=["']([^"']+)["']/.exec(attrs)?.[1] ?? 'in-text',
    citationFormat: /<category\b[^>]*citation-format=["']([^"']+)["']/.exec(text)?.[1],
    defaultLocale: /\bdefault-locale=["']([^"']+)["']/.exec(attrs)?.[1],
    rights: decodeXml(/<rights\b[^>]*>([^<]*)<\/rights>/.exec(text)?.[1] ?? '') || undefined,
  };
}

/** True when `xml` looks like a CSL locale file. */
export function isLocaleXml(xml: string): boolean {
  return /<locale\b[^>]*xmlns\s*=\s*["']http:\/\/purl\.org\/net\/xbiblio\/csl["']/.test(xml);
}

/** The language of a locale file (`xml:lang`). */
export function localeLang(xml: string): string | undefined {
  return /<locale\b[^>]*xml:lang=["']([^"']+)["']/.exec(xml)?.[1];
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

/**
 * The `csl` and `lang` fields of a Markdown document's front matter (the style and locale pandoc
 * uses for it), when they are plain scalars. They take precedence over the settings.
 */
export function documentStyleFields(markdown: string): { csl?: string; lang?: string } {
  const head = /^(?:\uFEFF)?---[ \t]*\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/.exec(markdown);
  if (!head) return {};
  const out: { csl?: string; lang?: string } = {};
  for (const line of (head[1] ?? '').split(/\r?\n/)) {
    const m = /^(csl|lang):[ \t]*(.*?)[ \t]*$/.exec(line);
    if (!m || m[2] === undefined || m[2] === '' || m[2].startsWith('#')) continue;
    const value = m[2].replace(/^(["'])(.*)\1$/, '$2').trim();
    if (value !== '' && !/^[|>[{]/.test(value)) out[m[1] as 'csl' | 'lang'] = value;
  }
  return out;
}
