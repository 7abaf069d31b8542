/**
 * Locators in pandoc citation suffixes: `[@a, pp. 33-35 and passim]` cites pages 33–35 of `a` with
 * the suffix "and passim". pandoc reads a locator term (`p.`, `chap.`, `sec.`, `§`…), then a value
 * made of numbers, roman numerals or `{braced text}` joined by `-`, `–` or `,`; a bare number is a
 * page. What follows the value stays the suffix. The CSL label names are the processor's.
 */

/** A suffix split into a CSL locator and the rest. */
export interface ParsedLocator {
  /** CSL locator label (`page`, `chapter`…), present with `locator`. */
  readonly label?: string;
  /** The locator value, as written (`33-35`). */
  readonly locator?: string;
  /** What remains of the suffix (with its leading space or comma), or undefined. */
  readonly suffix?: string;
}

/** Locator terms (lower-case, as written) and their CSL labels. */
const TERMS: ReadonlyArray<readonly [string, string]> = [
  ['pp.', 'page'], ['p.', 'page'], ['pages', 'page'], ['page', 'page'], ['pgs.', 'page'], ['pg.', 'page'],
  ['chaps.', 'chapter'], ['chap.', 'chapter'], ['chapters', 'chapter'], ['chapter', 'chapter'], ['ch.', 'chapter'],
  ['secs.', 'section'], ['sec.', 'section'], ['sections', 'section'], ['section', 'section'], ['§§', 'section'], ['§', 'section'],
  ['figs.', 'figure'], ['fig.', 'figure'], ['figures', 'figure'], ['figure', 'figure'],
  ['vols.', 'volume'], ['vol.', 'volume'], ['volumes', 'volume'], ['volume', 'volume'],
  ['nos.', 'issue'], ['no.', 'issue'], ['issues', 'issue'], ['issue', 'issue'],
  ['paras.', 'paragraph'], ['para.', 'paragraph'], ['paragraphs', 'paragraph'], ['paragraph', 'paragraph'], ['¶¶', 'paragraph'], ['¶', 'paragraph'],
  ['ll.', 'line'], ['l.', 'line'], ['lines', 'line'], ['line', 'line'],
  ['nn.', 'note'], ['n.', 'note'], ['notes', 'note'], ['note', 'note'],
  ['pts.', 'part'], ['pt.', 'part'], ['parts', 'part'], ['part', 'part'],
  ['cols.', 'column'], ['col.', 'column'], ['columns', 'column'], ['column', 'column'],
  ['bks.', 'book'], ['bk.', 'book'], ['books', 'book'], ['book', 'book'],
  ['fols.', 'folio'], ['fol.', 'folio'], ['folios', 'folio'], ['folio', 'folio'],
  ['opp.', 'opus'], ['op.', 'opus'], ['opera', 'opus'], ['opus', 'opus'],
  ['vv.', 'verse'], ['v.', 'verse'], ['verses', 'verse'], ['verse', 'verse'],
  ['s.vv.', 'sub-verbo'], ['s.v.', 'sub-verbo'], ['sub verbis', 'sub-verbo'], ['sub verbo', 'sub-verbo'],
  ['tables', 'table'], ['table', 'table'], ['tbl.', 'table'],
  ['apps.', 'appendix'], ['app.', 'appendix'], ['appendix', 'appendix'],
  ['eqs.', 'equation'], ['eq.', 'equation'], ['equations', 'equation'], ['equation', 'equation'],
];

/**
 * One piece of a locator value: a number-like word (letters and digits, then dots too, with a digit
 * before any dot), a roman numeral or `{braced text}`. The number-like word is written `\p{L}*\p{N}…`:
 * as `[\p{L}\p{N}]*\p{N}…` the engine would try every digit of a long word as "the" digit, from
 * every end, whenever what follows fails (quadratic).
 */
const PIECE = String.raw`(?:\{[^{}]*\}|\p{L}*\p{N}[\p{L}\p{N}.]*|[ivxlcdmIVXLCDM]+\b)`;
const VALUE = new RegExp(String.raw`^${PIECE}(?:\s*(?:[-–—]|,(?=\s*${PIECE}(?:\s*[-–—,;]|\s*$))|&)\s*${PIECE})*`, 'u');

/**
 * Splits the text after a key (`, pp. 33-35 and passim`) into label, locator and suffix. Text that
 * does not start with a locator is returned whole as the suffix.
 */
export function parseLocator(text: string | undefined): ParsedLocator {
  if (text === undefined || text.trim() === '') return {};
  const body = text.replace(/^\s*,?\s*/, '');
  const lower = body.toLowerCase();
  let label: string | undefined;
  let rest = body;
  for (const [term, csl] of TERMS) {
    if (!lower.startsWith(term)) continue;
    const after = body.slice(term.length);
    // A word term must end there (`page` but not `pages…` handled by order, not `pagination`).
    if (/^[\p{L}]/u.test(after) && /[\p{L}]$/u.test(term)) continue;
    label = csl;
    rest = after.replace(/^\s+/, '');
    break;
  }
  const value = VALUE.exec(rest);
  if (!value || (label === undefined && !/^\p{N}/u.test(rest))) return { suffix: text };
  const locator = value[0].replace(/[{}]/g, '').trim();
  const remainder = rest.slice(value[0].length);
  const out: { label: string; locator: string; suffix?: string } = { label: label ?? 'page', locator };
  if (remainder.trim() !== '') out.suffix = remainder;
  return out;
}
