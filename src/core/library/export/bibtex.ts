/**
 * The BibTeX export: one entry per CSL item, readable by BibTeX, biber and pandoc (`-f bibtex`);
 * see {@link toBibtex}. Checked against pandoc 3.10 (pandoc-wasm) in the tests. Also the pieces it
 * is made of: keys, entry types, escaping, title protection, names and language ids.
 */
import type { CslDate, CslItem, CslName } from '../../csl/cslItems';

/** A CSL item with what BibTeX has a field for and CSL items of `recordToCsl` do not carry. */
export interface BibtexItem extends CslItem {
  /** The kind of thesis or report (`Masters thesis`, `Technical report`): BibTeX's `type` field. */
  genre?: string;
}

/**
 * The characters pandoc's BibTeX reader accepts in a key (pandoc 3.10, checked character by
 * character with pandoc-wasm): letters and numbers of any script and `!$&'()*+-./:;=?@[]_` and the
 * backquote. Everything BibTeX forbids (`,{}%#~\"`, whitespace) is outside this set, and so are `^<>|`
 * and non-alphanumeric Unicode (dashes, `·`, combining accents, emoji).
 */
const BIBTEX_KEY = /^[\p{L}\p{N}!$&'()*+\-./:;=?@[\]_`]+$/u;
const BIBTEX_KEY_BAD_RUN = /[^\p{L}\p{N}!$&'()*+\-./:;=?@[\]_`]+/gu;

/** True when `key` can be written as a BibTeX key that BibTeX, biber and pandoc read back unchanged. */
export function isBibtexKey(key: string): boolean {
  return BIBTEX_KEY.test(key);
}

/** The BibTeX entry type of a CSL type. */
export function bibtexType(item: Pick<BibtexItem, 'type' | 'genre'>): string {
  switch (item.type) {
    case 'article-journal':
    case 'article-magazine':
    case 'article-newspaper':
    case 'review':
    case 'review-book':
      return 'article';
    case 'book':
    case 'classic':
      return 'book';
    case 'chapter':
    case 'entry':
    case 'entry-dictionary':
    case 'entry-encyclopedia':
      return 'incollection';
    case 'paper-conference':
      return 'inproceedings';
    case 'thesis':
      return isMasters(item.genre) ? 'mastersthesis' : 'phdthesis';
    case 'report':
      return 'techreport';
    case 'webpage':
    case 'post-weblog':
    case 'post':
      return 'online';
    case 'dataset':
      return 'dataset';
    case 'patent':
      return 'patent';
    case 'software':
      return 'software';
    case 'manuscript':
      return 'unpublished';
    case 'pamphlet':
      return 'booklet';
    default:
      return 'misc';
  }
}

function isMasters(genre: string | undefined): boolean {
  return genre !== undefined && /master|magister|\bm\.?\s?(?:sc|a|phil|res|eng)\b\.?/i.test(genre);
}

/**
 * Escapes LaTeX's special characters in a value; line breaks, tabs and runs of spaces become one space
 * (no-break and other Unicode spaces are kept).
 */
export function escapeBibtex(text: string): string {
  return text
    .replace(/[ \t\n\r\f\v\u2028\u2029]+/g, ' ')
    .trim()
    .replace(/[\\{}&%$#_~^]/g, (c) => LATEX_ESCAPES[c] ?? c)
    .replace(/-(?=-)/g, '-{}'); // `--` would be read as a dash
}

const LATEX_ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\textbackslash{}',
  '{': '\\{',
  '}': '\\}',
  '&': '\\&',
  '%': '\\%',
  $: '\\$',
  '#': '\\#',
  _: '\\_',
  '~': '\\textasciitilde{}',
  '^': '\\textasciicircum{}',
};

const UPPER = /[\p{Lu}\p{Lt}]/u;
/** Words that stay in lower case in a title written in title case, so they tell nothing about it. */
const TITLE_CASE_SMALL_WORDS = new Set(['with', 'from', 'into', 'onto', 'upon', 'over', 'than', 'that', 'this', 'versus', 'within', 'without', 'about', 'after', 'under', 'between', 'through', 'towards', 'among', 'during', 'against']);
const LETTER = /\p{L}/u;

/**
 * True for a word whose capitals say it is a name or an acronym: a capital after the first letter of
 * one of its hyphenated parts (`MRI`, `mRNA`, `nnU-Net`, `COVID-19`, `iPhone`), or a one-letter
 * capital part joined to a capitalised part (`U-Net`, `X-Ray`). `Meta-Analysis` and `Non-Hodgkin`
 * are not: they are capitalised as any word of a title in title case.
 */
function hasInnerCapitals(word: string): boolean {
  const parts = word.split(/[-‐‑–—]/).map((part) => part.replace(/^[^\p{L}\p{N}]+/u, ''));
  if (parts.some((part) => UPPER.test([...part].slice(1).join('')))) return true;
  const capitalised = (part: string): boolean => UPPER.test([...part][0] ?? '');
  return parts.length > 1 && parts.some((p) => /^\p{Lu}$/u.test(p)) && parts.filter(capitalised).length > 1;
}

/**
 * A title as a BibTeX value that keeps its capitalisation where it matters. Styles (and pandoc,
 * which stores titles in sentence case) lower-case the words of a title, so some words are wrapped
 * in braces, which protects them:
 * - a word with capitals inside ({@link hasInnerCapitals}: `MRI`, `CT`, `U-Net`, `mRNA`,
 *   `COVID-19`), always;
 * - in a title written in sentence case, a word with a capital that is not the first letter of the
 *   title or of a sentence (after `:`, `.`, `?`, `!`): a proper noun (`Parkinson`, `England`,
 *   `Non-Hodgkin`, `post-Triassic`).
 *   A title is in title case when its words of four letters or more after the first (short function
 *   words such as `with` and `from` aside) are capitalised, at most one in eight excepted; its
 *   capitalised words are not protected, so sentence-case styles can lower-case them.
 * pandoc also capitalises the first word after a colon; that is its rule for subtitles and is left
 * alone. Values are escaped with {@link escapeBibtex}.
 */
export function protectTitle(title: string): string {
  const tokens = title.split(/[ \t\n\r\f\v\u2028\u2029]+/).filter((t) => t !== '');
  const info = tokens.map((token, i) => {
    const first = token.search(LETTER);
    return {
      token,
      start: i === 0 || /[:.?!]$/.test(tokens[i - 1]!),
      capitalised: first >= 0 && UPPER.test(token[first]!),
      anyCapital: UPPER.test(first < 0 ? '' : token.slice(first + 1)) || (first >= 0 && UPPER.test(token[first]!)),
      inner: hasInnerCapitals(token),
      letters: (token.match(/\p{L}/gu) ?? []).length,
    };
  });
  let capitalised = 0;
  let lower = 0;
  for (const w of info) {
    if (w.start || w.inner || w.letters < 4 || TITLE_CASE_SMALL_WORDS.has(w.token.toLowerCase())) continue;
    if (w.capitalised) capitalised++;
    else lower++;
  }
  const titleCase = capitalised > 0 && capitalised >= 8 * lower;
  return info
    .map((w) => {
      const escaped = escapeBibtex(w.token);
      const protect = w.inner || (!titleCase && (w.start ? UPPER.test(w.token.slice(w.token.search(LETTER) + 1)) : w.anyCapital));
      if (!protect) return escaped;
      // `{\…}` is a "special character" to BibTeX, whose letters it still changes: brace twice.
      return escaped.startsWith('\\') ? `{{${escaped}}}` : `{${escaped}}`;
    })
    .join(' ');
}

/** Verbatim fields (`url`, `doi`): only braces, backslashes and whitespace are percent-encoded. */
function verbatim(text: string): string {
  return text.trim().replace(/[{}\\\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** True when every `}` closes an earlier `{` and every `{` is closed. */
function bracesBalance(text: string): boolean {
  let depth = 0;
  for (const c of text) {
    if (c === '{') depth++;
    else if (c === '}' && --depth < 0) return false;
  }
  return depth === 0;
}

/** A name part that contains the word `and` is braced, or BibTeX would split the name list there. */
function namePart(text: string): string {
  const escaped = escapeBibtex(text);
  return /(^|\s)and(\s|$)/i.test(text) ? `{${escaped}}` : escaped;
}

/** A CSL name in BibTeX's `Family, Given` (or `Family, Suffix, Given`) form; organisations braced. */
export function bibtexName(name: CslName): string {
  const family = name.family?.trim();
  if (!family) return `{${escapeBibtex(name.literal ?? [name.given, name.suffix].filter(Boolean).join(' '))}}`;
  const given = name.given?.trim();
  const suffix = name.suffix?.trim();
  // A family name of several words with nothing after it would be read as given + family.
  if (!given && !suffix) return /\s/.test(family) ? `{${escapeBibtex(family)}}` : namePart(family);
  const parts = [namePart(family)];
  if (suffix) parts.push(namePart(suffix));
  parts.push(given ? namePart(given) : '');
  return parts.join(', ');
}

const MONTH_MACROS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function isoDate(date: CslDate | undefined): string | undefined {
  const parts = date?.['date-parts']?.[0];
  if (!parts || parts.length === 0) return undefined;
  return parts.map((p, i) => (i === 0 ? String(p).padStart(4, '0') : String(p).padStart(2, '0'))).join('-');
}

/** Language names and codes (as RIS `LA` writes them) and the `langid` biblatex and pandoc know. */
const LANGIDS: Readonly<Record<string, string>> = {
  en: 'english', eng: 'english', english: 'english',
  de: 'german', ger: 'german', deu: 'german', german: 'german', deutsch: 'german',
  fr: 'french', fre: 'french', fra: 'french', french: 'french', français: 'french', francais: 'french',
  es: 'spanish', spa: 'spanish', spanish: 'spanish', español: 'spanish', espanol: 'spanish',
  it: 'italian', ita: 'italian', italian: 'italian', italiano: 'italian',
  pt: 'portuguese', por: 'portuguese', portuguese: 'portuguese', português: 'portuguese',
  nl: 'dutch', dut: 'dutch', nld: 'dutch', dutch: 'dutch', nederlands: 'dutch',
  sv: 'swedish', swe: 'swedish', swedish: 'swedish',
  da: 'danish', dan: 'danish', danish: 'danish',
  pl: 'polish', pol: 'polish', polish: 'polish',
  ru: 'russian', rus: 'russian', russian: 'russian',
};

/** The biblatex `langid` of a language value (`German`, `ger`, `de-DE`), or undefined. */
export function langidOf(language: string | undefined): string | undefined {
  if (language === undefined) return undefined;
  const t = language.trim().toLowerCase();
  return LANGIDS[t] ?? LANGIDS[t.split(/[-_]/)[0]!];
}

/**
 * BibTeX (also read by biber/biblatex and `pandoc -f bibtex`): one `@type{key,` entry per item, in
 * order, separated by blank lines.
 * - Keys are kept exactly when pandoc's BibTeX reader reads them back unchanged ({@link isBibtexKey}:
 *   `Doe_n.d.`, `10.1000/xyz`, `Müller_2010` are fine). A key that cannot be written (whitespace,
 *   `,{}%#~\"^<>|`, other symbols, the empty key) is replaced by a key with each run of such
 *   characters made `_` (`ref` when nothing is left), unique in the file, and reported in `problems`:
 *   citations of the old key will not find it.
 * - Types: see {@link bibtexType} (article, book, incollection, inproceedings, phdthesis,
 *   mastersthesis, techreport, online, dataset, patent, software, unpublished, booklet, misc).
 * - Names `Family, Given and …` (organisations and several-word family names without given names in
 *   braces); title, booktitle and series protected by {@link protectTitle}; pages with `--`;
 *   `month` as a macro (`jun`); `urldate`, `langid` for biblatex; `url` and `doi` verbatim.
 * - Values are escaped ({@link escapeBibtex}): `& % $ # _ { } ~ ^ \` and `--` survive; Unicode is
 *   written as UTF-8 (biber, pandoc and modern LaTeX read it); line breaks become spaces. pandoc reads
 *   straight quotes `'` as typographic ones (’), as LaTeX prints them.
 */
export function toBibtex(items: readonly BibtexItem[], problems: string[] = []): string {
  const taken = new Set(items.map((i) => i.id).filter(isBibtexKey));
  // For each base, the first suffix not yet tried: every key before it is taken, and stays taken,
  // so a search resumes there rather than at `a` (which made many clashing keys quadratic).
  const nextSuffix = new Map<string, number>();
  const seen = new Set<string>();
  const entries: string[] = [];
  for (const item of items) {
    let key = item.id;
    if (!isBibtexKey(key)) {
      const base = key.normalize('NFC').replace(BIBTEX_KEY_BAD_RUN, '_') || 'ref';
      let n = nextSuffix.get(base) ?? -1;
      let candidate = n < 0 ? base : base + suffixLetters(n);
      while (taken.has(candidate)) candidate = base + suffixLetters(++n);
      nextSuffix.set(base, n + 1);
      taken.add(candidate);
      problems.push(`${JSON.stringify(key)}: this key cannot be written in BibTeX; written as ${candidate} (cite it as @${candidate})`);
      key = candidate;
    }
    if (seen.has(key)) problems.push(`${key}: two references have this key; readers keep only one`);
    seen.add(key);
    entries.push(bibtexEntry(item, key, problems));
  }
  return entries.join('\n');
}

/** `a`, `b`, … `z`, `aa`, `ab`… */
function suffixLetters(n: number): string {
  let s = '';
  for (let m = n + 1; m > 0; m = Math.floor((m - 1) / 26)) s = String.fromCharCode(97 + ((m - 1) % 26)) + s;
  return s;
}

/**
 * The parts of a page range split at each run of dashes, without the whitespace next to the dashes
 * (`12 – 19` → `12`, `19`). Trimming the parts is linear; a separator `\s*[-–]+\s*` would rescan
 * a long run of spaces from each of its positions.
 */
function splitPages(page: string): string[] {
  const parts = page.split(/[-‐‑–—]+/);
  return parts.map((part, i) => {
    const start = i > 0 ? part.trimStart() : part;
    return i < parts.length - 1 ? start.trimEnd() : start;
  });
}

function bibtexEntry(item: BibtexItem, key: string, problems: string[]): string {
  const type = bibtexType(item);
  const fields: [string, string][] = [];
  const add = (name: string, value: string | undefined, write: (v: string) => string = escapeBibtex): void => {
    if (value === undefined || value.trim() === '') return;
    if (write !== verbatim && !bracesBalance(value)) {
      problems.push(`${key}: the ${name} has unbalanced braces; pandoc reads it, BibTeX and biber may not`);
    }
    fields.push([name, `{${write(value)}}`]);
  };
  const names = (name: string, list: readonly CslName[] | undefined): void => {
    if (list && list.length > 0) fields.push([name, `{${list.map(bibtexName).join(' and ')}}`]);
  };

  names('author', item.author);
  names('editor', item.editor);
  names('translator', item.translator);
  add('title', item.title, protectTitle);
  const container = item['container-title'];
  if (type === 'article') {
    add('journal', container);
    add('shortjournal', item['container-title-short']);
  } else if (type === 'incollection' || type === 'inproceedings') {
    add('booktitle', container, protectTitle);
  } else {
    add('howpublished', container);
  }
  add('series', item['collection-title'], protectTitle);
  add('edition', item.edition);
  add('volume', item.volume);
  add('number', type === 'article' ? (item.issue ?? item.number) : (item.number ?? item.issue));
  if (item.page !== undefined && item.page.trim() !== '') {
    fields.push(['pages', `{${splitPages(item.page).map(escapeBibtex).join('--')}}`]);
  }
  const parts = item.issued?.['date-parts']?.[0];
  if (parts && parts.length > 0) {
    fields.push(['year', `{${parts[0]}}`]);
    const month = parts[1];
    if (month !== undefined && month >= 1 && month <= 12) fields.push(['month', MONTH_MACROS[month - 1]!]);
  } else if (item.issued?.literal) {
    const year = /\b(\d{4})\b/.exec(item.issued.literal)?.[1];
    add('year', year ?? item.issued.literal);
  }
  if (type === 'phdthesis' || type === 'mastersthesis') add('school', item.publisher);
  else if (type === 'techreport') add('institution', item.publisher);
  else add('publisher', item.publisher);
  add('address', item['publisher-place']);
  if (type === 'phdthesis' || type === 'mastersthesis' || type === 'techreport') add('type', item.genre);
  add('doi', item.DOI, verbatim);
  add('issn', item.ISSN);
  add('isbn', item.ISBN);
  add('url', item.URL, verbatim);
  const accessed = isoDate(item.accessed);
  if (accessed) fields.push(['urldate', `{${accessed}}`]);
  add('langid', langidOf(item.language));
  add('keywords', item.keyword);
  add('abstract', item.abstract);
  add('note', item.note);

  const body = fields.map(([name, value]) => `  ${name} = ${value}`).join(',\n');
  return `@${type}{${key},\n${body}${body === '' ? '' : '\n'}}\n`;
}
