/**
 * What reaches citeproc-js, bounded. citeproc-js parses inline markup in every string field
 * (`<i>`, `<b>`, `<sup>`, `<sub>`, `<sc>`, `<span class="nocase">`, small-caps spans, and quotes it
 * flips between outer and inner), recursively and with work that grows faster than the markup: a
 * title of 4,000 nested `<i>` overflows the stack, 40,000 grow the heap past 4 GB, and 8,000
 * `<i>a</i>` in a row take 7 s. The strings handed to it are therefore limited here: markup nested
 * deeper than a few levels, or beyond a budget of tags per field, is dropped (the text between the
 * tags is kept), quotes beyond a budget are made literal, and a field is cut at a length no real
 * title reaches. Ordinary references are never changed.
 *
 * This only affects the formatted text; the RIS records themselves are never modified.
 */
import type { CslItem } from './cslItems';

/** The bounds of what one string field may hold. */
export interface MarkupLimits {
  /** Tags nested deeper than this are dropped. */
  readonly depth: number;
  /** Tags kept per field (opening and closing tags counted each). */
  readonly tags: number;
  /** Quote characters per field that citeproc may pair; above it, all are printed as written. */
  readonly quotes: number;
  /** Characters kept per field (longer values are cut and end with `…`). */
  readonly fieldChars: number;
}

export const MARKUP_LIMITS: MarkupLimits = { depth: 4, tags: 100, quotes: 40, fieldChars: 10_000 };

/** citeproc-js's inline tags: `<i>`, `<b>`, `<sup>`, `<sub>`, `<sc>`, `<span …>`, and their closing tags. */
const TAG = /<(?:(i|b|sup|sub|sc)|(span)\s[^<>]*)>|<\/(i|b|sup|sub|sc|span)>/g;

/** A run of white space no real title holds (formatted output prints white space as one space anyway). */
const LONG_SPACE_RUN = /\s{32}/;
const LONG_SPACE_RUNS = /\s{32,}/g;

/** Quote characters citeproc-js may pair (straight, and the typographic ones locales use). */
const QUOTE = /["'\u2018\u2019\u201A\u201B\u201C\u201D\u201E\u201F\u00AB\u00BB\u2039\u203A]/g;
/** U+2060 WORD JOINER: invisible; placed before a quote, it keeps citeproc-js from opening a pair there. */
const WORD_JOINER = '\u2060';

/**
 * `text` with its inline markup bounded by `limits` (see the module comment). Returns `text`
 * itself when it is within them.
 */
export function limitInlineMarkup(text: string, limits: MarkupLimits = MARKUP_LIMITS): string {
  let out = text.includes('<') ? limitTags(text, limits) : text;
  // citeproc-js scans text with patterns such as /\s+'/g, which are quadratic on long runs of white
  // space (60,000 spaces in a title took 11-19 s); a run as long as LONG_SPACE_RUN prints as one space.
  if (LONG_SPACE_RUN.test(out)) out = out.replace(LONG_SPACE_RUNS, ' ');
  out = limitQuotes(out, limits);
  if (out.length > limits.fieldChars) {
    let cut = limits.fieldChars;
    const code = out.charCodeAt(cut - 1);
    if (code >= 0xd800 && code <= 0xdbff) cut--; // not between the halves of a surrogate pair
    out = `${out.slice(0, cut)}…`;
  }
  return out;
}

function limitTags(text: string, limits: MarkupLimits): string {
  /** Open tags, innermost last; `kept` false for those dropped (their closing tag is dropped too). */
  const open: { name: string; kept: boolean }[] = [];
  let kept = 0;
  let changed = false;
  let out = '';
  let last = 0;
  TAG.lastIndex = 0;
  for (let m = TAG.exec(text); m !== null; m = TAG.exec(text)) {
    const opening = m[1] ?? m[2];
    let keep: boolean;
    if (opening !== undefined) {
      keep = open.length < limits.depth && kept < limits.tags;
      open.push({ name: opening, kept: keep });
    } else {
      const top = open[open.length - 1];
      if (top !== undefined && top.name === m[3]) {
        open.pop();
        keep = top.kept;
      } else {
        // A closing tag that closes nothing here: citeproc-js prints it as text, which costs little.
        keep = kept < limits.tags;
      }
    }
    if (keep) {
      kept++;
      continue;
    }
    changed = true;
    out += text.slice(last, m.index);
    last = m.index + m[0].length;
  }
  return changed ? out + text.slice(last) : text;
}

function isWordChar(char: string | undefined): boolean {
  return char !== undefined && /[\p{L}\p{N}]/u.test(char);
}

function limitQuotes(text: string, limits: MarkupLimits): string {
  let count = 0;
  QUOTE.lastIndex = 0;
  for (let m = QUOTE.exec(text); m !== null; m = QUOTE.exec(text)) {
    if (!isApostrophe(text, m.index)) count++;
  }
  if (count <= limits.quotes) return text;
  // Too many to pair safely: every quote becomes a straight one that opens nothing (a closing
  // quote with no opening one, which citeproc-js prints as written).
  return text.replace(QUOTE, (quote: string, index: number) => {
    if (isApostrophe(text, index)) return quote;
    const straight = quote === "'" || quote === '\u2018' || quote === '\u2019' || quote === '\u201A' || quote === '\u201B' || quote === '\u2039' || quote === '\u203A' ? "'" : '"';
    return `${WORD_JOINER}${straight}`;
  });
}

/** A `'` or `’` between two letters or digits (`Alzheimer's`): citeproc-js never pairs it. */
function isApostrophe(text: string, index: number): boolean {
  const c = text[index];
  return (c === "'" || c === '\u2019') && isWordChar(text[index - 1]) && isWordChar(text[index + 1]);
}

/** Nesting kept when copying an item (CSL items are at most three levels deep: item, names, name). */
const MAX_VALUE_DEPTH = 5;

/**
 * A copy of `item` whose strings are bounded by `limitInlineMarkup` (the `id` is kept as is), and
 * whose values nested deeper than any CSL item has are left out. The item itself is not changed.
 */
export function limitCslItem(item: CslItem, limits: MarkupLimits = MARKUP_LIMITS): CslItem {
  const copy = limitValue(item, limits, 0) as CslItem;
  return { ...copy, id: item.id };
}

function limitValue(value: unknown, limits: MarkupLimits, depth: number): unknown {
  if (typeof value === 'string') return limitInlineMarkup(value, limits);
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= MAX_VALUE_DEPTH) return undefined;
  if (Array.isArray(value)) return value.map((v) => limitValue(v, limits, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    const limited = limitValue(v, limits, depth + 1);
    if (limited !== undefined) out[key] = limited;
  }
  return out;
}

/** `text` without inline tags (for plain fallbacks). */
export function stripInlineTags(text: string): string {
  return text.replace(TAG, '');
}
