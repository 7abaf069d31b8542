/**
 * CSL styles and locales: the three styles that `@citation-js/plugin-csl` ships (APA 7th edition,
 * NLM/Vancouver, Cite Them Right Harvard; CC BY-SA 3.0, from the Citation Style Language project),
 * its five locales, and `.csl` / locale files the user points to. The XML comes from the package at
 * build time (esbuild inlines the JSON), never from a copy in this repository.
 */
import bundledStyles from '@citation-js/plugin-csl/lib/styles.json';
import bundledLocales from '@citation-js/plugin-csl/lib/locales.json';
import { ALIASES, builtinLocaleTag, parseStyle, type CslStyle } from './cslStyleInfo';

export * from './cslStyleInfo';

const STYLES = bundledStyles as Readonly<Record<string, string>>;
const LOCALES = bundledLocales as Readonly<Record<string, string>>;

/** The built-in style called `name` (case-insensitive, aliases allowed), or undefined. */
export function builtinStyle(name: string): CslStyle | undefined {
  const key = ALIASES[name.trim().toLowerCase().replace(/\.csl$/, '')];
  const xml = key === undefined ? undefined : STYLES[key];
  if (xml === undefined) return undefined;
  const id = key === 'harvard1' ? 'harvard' : (key ?? name);
  return parseStyle(xml, id);
}

/** The shipped locale's XML for a language tag (`de`, `de-DE`, `en`), or undefined. */
export function builtinLocale(lang: string): string | undefined {
  const tag = builtinLocaleTag(lang);
  return tag === undefined ? undefined : LOCALES[tag];
}
