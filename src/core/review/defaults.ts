/**
 * The review manifest a workspace implies when it has none, from its folder names: `searches/` (one
 * database search per RIS file, the database guessed from the file name), `registers/`, `other/` or
 * `citations/` (citation searching), `library/` or a file named `*dedup*` (the deduplicated library),
 * `screening/`, `fulltext/` (or `full-text/`), `included/`. {@link starterManifestYaml} writes the same
 * as a commented `review.yaml` for the user to complete. Paths are workspace-relative with `/`.
 */
import { parseManifest, type ParsedManifest } from './manifest';

/** Database names recognised in export file names (lower-case pattern → name). */
const DATABASES: readonly (readonly [RegExp, string])[] = [
  [/scopus/, 'Scopus'],
  [/pubmed|medline/, 'PubMed'],
  [/embase/, 'Embase'],
  [/web.?of.?science|\bwos\b/, 'Web of Science'],
  [/psyc.?info/, 'PsycINFO'],
  [/cinahl/, 'CINAHL'],
  [/cochrane|central/, 'Cochrane CENTRAL'],
  [/eric/, 'ERIC'],
  [/lens/, 'Lens.org'],
  [/openalex/, 'OpenAlex'],
  [/google.?scholar/, 'Google Scholar'],
];

/** The database a search export's file name suggests (`scopus-export.ris` → Scopus), else the file name without extension. */
export function databaseFromFileName(file: string): string {
  const base = file.slice(file.lastIndexOf('/') + 1).replace(/\.[^.]*$/, '');
  const lower = base.toLowerCase();
  return DATABASES.find(([re]) => re.test(lower))?.[1] ?? base;
}

function isRis(file: string): boolean {
  return /\.ris$/i.test(file);
}

function inFolder(file: string, names: readonly string[]): boolean {
  const parts = file.split('/');
  return parts.slice(0, -1).some((p) => names.includes(p.toLowerCase()));
}

function quote(path: string): string {
  return /^[\w./-]+$/.test(path) && !/^[-?:]/.test(path) ? path : JSON.stringify(path);
}

/**
 * A starter `review.yaml` for the workspace's files (workspace-relative, `/`-separated): what the folder
 * names say, with comments on what to add.
 */
export function starterManifestYaml(files: readonly string[], title = 'Systematic review'): string {
  const ris = [...files].filter(isRis).sort();
  const searches = ris.filter((f) => inFolder(f, ['searches', 'search']));
  const registers = ris.filter((f) => inFolder(f, ['registers', 'register']));
  const others = ris.filter((f) => inFolder(f, ['other', 'citations', 'websites', 'organisations']));
  const library = ris.find((f) => inFolder(f, ['library', 'deduplicated'])) ?? ris.find((f) => /dedup/i.test(f));
  const screening = ris.filter((f) => inFolder(f, ['screening']));
  const fulltext = ris.filter((f) => inFolder(f, ['fulltext', 'full-text']));
  const included = ris.filter((f) => inFolder(f, ['included']));
  const lines = [
    '# The stages of the review, for the PRISMA 2020 counts (ris-references prisma) and the flow diagram.',
    '# Paths are relative to this file.',
    `title: ${JSON.stringify(title)}`,
    'searches:',
  ];
  if (searches.length + registers.length + others.length === 0) lines.push('  []  # - database: Scopus, date: 2024-03-01, files: searches/scopus.ris');
  for (const f of searches) lines.push(`  - database: ${quote(databaseFromFileName(f))}`, '    date: ""  # when the search was run', `    files: ${quote(f)}`);
  for (const f of registers) lines.push(`  - register: ${quote(databaseFromFileName(f))}`, `    files: ${quote(f)}`);
  for (const f of others) {
    const method = /website/i.test(f) ? 'websites' : /organi[sz]ation/i.test(f) ? 'organisations' : 'citations';
    lines.push(`  - other: ${method}`, `    files: ${quote(f)}`);
  }
  lines.push(library ? `library: ${quote(library)}  # the deduplicated library` : '# library: library/deduplicated.ris  # the output of ris-references dedupe');
  const list = (key: string, items: readonly string[], hint: string): void => {
    if (items.length === 0) lines.push(`# ${key}:  # ${hint}`);
    else lines.push(`${key}:`, ...items.map((f) => `  - ${quote(f)}`));
  };
  list('screening', screening, 'title/abstract decisions: ASReview or Rayyan exports, or Covidence lists');
  list('fulltext', fulltext, 'full-text decisions with exclusion reasons (Rayyan)');
  if (included.length === 0) lines.push('# included: included/studies.ris');
  else lines.push(`included:`, ...included.map((f) => `  - ${quote(f)}`));
  lines.push('counts:  # counts that no file holds', '  dbr_notretrieved_reports: 0', '');
  return lines.join('\n');
}

/** The manifest a workspace without `review.yaml` implies (see {@link starterManifestYaml}). */
export function defaultManifest(files: readonly string[]): ParsedManifest {
  return parseManifest(starterManifestYaml(files));
}
