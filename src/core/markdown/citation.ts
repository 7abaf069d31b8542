/**
 * The citations the scanner reports (`Citation`, `MarkdownScan`), the mutable form it builds them
 * in, and what closing a `[…]` makes of the citations inside: a citation group, or the locator of an
 * in-text citation.
 */
import type { FrontMatter } from './frontMatter';
import { collapse } from './markdownSyntax';
import type { OffsetRange } from '../text/edits';

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

/** A citation being built by the scanner. */
export interface MutableCitation {
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
export function newCitation(key: string, start: number, end: number, keyStart: number, keyEnd: number, braced: boolean, suppressAuthor: boolean): MutableCitation {
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
export interface Bracket {
  readonly pos: number;
  /** Citations found while this bracket was the innermost open one, in order. */
  readonly cits: MutableCitation[];
  /** Offsets of `;` directly inside this bracket. */
  readonly semis: number[];
  /** The in-text citation this bracket directly follows (`@a [p. 33]`). */
  readonly after: MutableCitation | undefined;
}

/**
 * What a `]` at `i` that closes `bracket` makes of the citations inside: a citation group when every
 * `;`-separated entry holds a citation (each citation gets its group, entry, prefix, suffix and
 * locator), or, for a bracket without citations right after an in-text citation (`@a [p. 33]`), that
 * citation's locator. Anything else stays text.
 */
export function closeCitationBracket(text: string, bracket: Bracket, i: number): void {
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
    return;
  }
  // A citation group when every `;`-separated entry holds a citation.
  const { cits, semis } = bracket;
  const entries = semis.length + 1;
  let c = 0;
  for (let e = 0; e < entries; e++) {
    const from = e === 0 ? bracket.pos + 1 : semis[e - 1] + 1;
    const to = e < semis.length ? semis[e] : i;
    while (c < cits.length && cits[c].start < from) c++;
    if (c >= cits.length || cits[c].end > to) return;
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
}
