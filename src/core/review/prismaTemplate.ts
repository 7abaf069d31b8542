/**
 * The PRISMA 2020 data template of the PRISMA2020 R package and Shiny app
 * (prisma-flowdiagram/PRISMA2020, `inst/extdata/PRISMA.csv`, MIT, © Neal R Haddaway; a copy with its
 * provenance is in `test/corpus/prisma/`, and a unit test checks this table against it): its rows and
 * columns `data,node,box,description,boxtext,tooltips,url,n`. {@link prismaCsv} fills column `n` from
 * counts, leaving every other cell as the template has it, so that the R package's `PRISMA_data()` and
 * the app read the file directly; {@link prismaJson} names the same counts by their `data` keys.
 */

/** The template's columns, in order. */
export const TEMPLATE_COLUMNS = ['data', 'node', 'box', 'description', 'boxtext', 'tooltips', 'url', 'n'] as const;

/** One template row: every column but `n`. */
type TemplateRow = readonly [data: string, node: string, box: string, description: string, boxtext: string, tooltips: string, url: string];

/** The template's rows, in order (column `n` is filled by {@link prismaCsv}). */
export const TEMPLATE_ROWS: readonly TemplateRow[] = [
  ["NA", "node4", "prevstud", "Grey title box; Previous studies", "Previous studies", "Grey title box; Previous studies", "prevstud.html"],
  ["previous_studies", "node5", "box1", "Studies included in previous version of review", "Studies included in previous version of review", "Studies included in previous version of review", "previous_studies.html"],
  ["previous_reports", "NA", "box1", "Reports of studies included in previous version of review", "Reports of studies included in previous version of review", "NA", "previous_reports.html"],
  ["NA", "node6", "newstud", "Yellow title box; Identification of new studies via databases and registers", "Identification of new studies via databases and registers", "Yellow title box; Identification of new studies via databases and registers", "newstud.html"],
  ["database_results", "node7", "box2", "Records identified from: Databases", "Databases", "Records identified from: Databases and Registers", "database_results.html"],
  ["database_specific_results", "NA", "box2", "Records identified from: specific databases", "Specific Databases", "NA", "database_results.html"],
  ["register_results", "NA", "box2", "Records identified from: Registers", "Registers", "NA", "NA"],
  ["register_specific_results", "NA", "box2", "Records identified from: specific registers", "Specific Registers", "NA", "database_results.html"],
  ["NA", "node16", "othstud", "Grey title box; Identification of new studies via other methods", "Identification of new studies via other methods", "Grey title box; Identification of new studies via other methods", "othstud.html"],
  ["website_results", "node17", "box11", "Records identified from: Websites", "Websites", "Records identified from: Websites, Organisations and Citation Searching", "website_results.html"],
  ["organisation_results", "", "box11", "Records identified from: Organisations", "Organisations", "NA", "NA"],
  ["citations_results", "NA", "box11", "Records identified from: Citation searching", "Citation searching", "NA", "NA"],
  ["duplicates", "node8", "box3", "Duplicate records", "Duplicate records", "Duplicate records", "duplicates.html"],
  ["excluded_automatic", "NA", "box3", "Records marked as ineligible by automation tools", "Records marked as ineligible by automation tools", "NA", "NA"],
  ["excluded_other", "NA", "box3", "Records removed for other reasons", "Records removed for other reasons", "NA", "NA"],
  ["records_screened", "node9", "box4", "Records screened (databases and registers)", "Records screened", "Records screened (databases and registers)", "records_screened.html"],
  ["records_excluded", "node10", "box5", "Records excluded (databases and registers)", "Records excluded", "Records excluded (databases and registers)", "records_excluded.html"],
  ["dbr_sought_reports", "node11", "box6", "Reports sought for retrieval (databases and registers)", "Reports sought for retrieval", "Reports sought for retrieval (databases and registers)", "dbr_sought_reports.html"],
  ["dbr_notretrieved_reports", "node12", "box7", "Reports not retrieved (databases and registers)", "Reports not retrieved", "Reports not retrieved (databases and registers)", "dbr_notretrieved_reports.html"],
  ["other_sought_reports", "node18", "box12", "Reports sought for retrieval (other)", "Reports sought for retrieval", "Reports sought for retrieval (other)", "other_sought_reports.html"],
  ["other_notretrieved_reports", "node19", "box13", "Reports not retrieved (other)", "Reports not retrieved", "Reports not retrieved (other)", "other_notretrieved_reports.html"],
  ["dbr_assessed", "node13", "box8", "Reports assessed for eligibility (databases and registers)", "Reports assessed for eligibility", "Reports assessed for eligibility (databases and registers)", "dbr_assessed.html"],
  ["dbr_excluded", "node14", "box9", "Reports excluded (databases and registers): [separate reasons and numbers using ; e.g. Reason1, xxx; Reason2, xxx; Reason3, xxx]", "Reports excluded", "Reports excluded (databases and registers)", "dbrexcludedrecords.html"],
  ["other_assessed", "node20", "box14", "Reports assessed for eligibility (other)", "Reports assessed for eligibility", "Reports assessed for eligibility (other)", "other_assessed.html"],
  ["other_excluded", "node21", "box15", "Reports excluded (other): [separate reasons and numbers using ; e.g. Reason1, xxx; Reason2, xxx; Reason3, xxx]", "Reports excluded", "Reports excluded (other)", "other_excluded.html"],
  ["new_studies", "node15", "box10", "New studies included in review", "New studies included in review", "New studies included in review", "new_studies.html"],
  ["new_reports", "NA", "box10", "Reports of new included studies", "Reports of new included studies", "NA", "NA"],
  ["total_studies", "node22", "box16", "Total studies included in review", "Total studies included in review", "Total studies included in review", "total_studies.html"],
  ["total_reports", "NA", "box16", "Reports of total included studies", "Reports of total included studies", "NA", "NA"],
  ["identification", "node1", "identification", "Blue identification box", "Identification", "Blue identification box", "identification.html"],
  ["screening", "node2", "screening", "Blue screening box", "Screening", "Blue screening box", "screening.html"],
  ["included", "node3", "included", "Blue included box", "Included", "Blue included box", "included.html"],
  ["total_studies_ma", "node23", "box17", "Total studies included in meta-analysis", "Total studies included in meta-analysis", "Total studies included in meta-analysis", "total_studies_meta_analysis.html"],
  ["total_reports_ma", "NA", "box17", "Reports of total included studies in meta-analysis", "Reports of total included studies in meta-analysis", "NA", "NA"],];

/** The template's counts that are one number. */
export const NUMBER_KEYS = [
  'previous_studies', 'previous_reports', 'database_results', 'register_results', 'website_results', 'organisation_results',
  'citations_results', 'duplicates', 'excluded_automatic', 'excluded_other', 'records_screened', 'records_excluded',
  'dbr_sought_reports', 'dbr_notretrieved_reports', 'other_sought_reports', 'other_notretrieved_reports', 'dbr_assessed',
  'other_assessed', 'new_studies', 'new_reports', 'total_studies', 'total_reports', 'total_studies_ma', 'total_reports_ma',
] as const;
/** The template's counts that are a list of named numbers (`"Scopus, 255; PubMed, 176"`). */
export const LIST_KEYS = ['database_specific_results', 'register_specific_results', 'dbr_excluded', 'other_excluded'] as const;

/** A count that is one number. */
export type NumberKey = (typeof NUMBER_KEYS)[number];
/** A count that is a list of named numbers. */
export type ListKey = (typeof LIST_KEYS)[number];
/** Any count of the template. */
export type CountKey = NumberKey | ListKey;

/** One named number of a list count: a database and its records, a reason and its reports. */
export interface NamedCount {
  readonly name: string;
  readonly n: number;
}

/** PRISMA 2020 counts by the template's `data` keys; a missing key is a count nothing gave. */
export type PrismaCounts = { [K in NumberKey]?: number } & { [K in ListKey]?: readonly NamedCount[] };

/** True when `key` is a list count. */
export function isListKey(key: string): key is ListKey {
  return (LIST_KEYS as readonly string[]).includes(key);
}

/** A list count as the template writes it: `Scopus, 255; PubMed, 176` (commas and semicolons in names become spaces). */
export function formatNamedCounts(list: readonly NamedCount[]): string {
  return list.map((c) => `${c.name.replace(/[,;]+/g, ' ').trim()}, ${c.n}`).join('; ');
}

function csvCell(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Column `n` of a row: the count, or the template's own value (0) for rows that are no count or counts nothing gave. */
function cellN(data: string, counts: PrismaCounts): string {
  if (isListKey(data)) return formatNamedCounts(counts[data] ?? []);
  const value = (NUMBER_KEYS as readonly string[]).includes(data) ? counts[data as NumberKey] : undefined;
  return String(value ?? 0);
}

/** The template with column `n` filled from `counts`, CRLF line endings as the template has them. */
export function prismaCsv(counts: PrismaCounts): string {
  const lines = [TEMPLATE_COLUMNS.join(',')];
  for (const row of TEMPLATE_ROWS) lines.push([...row, cellN(row[0], counts)].map(csvCell).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/** The counts as JSON by the template's `data` keys: numbers, lists as `[{name, n}]`, null for a count nothing gave. */
export function prismaJson(counts: PrismaCounts): Record<CountKey, number | readonly NamedCount[] | null> {
  const out = {} as Record<CountKey, number | readonly NamedCount[] | null>;
  for (const row of TEMPLATE_ROWS) {
    const key = row[0];
    if (isListKey(key)) out[key] = counts[key] ?? null;
    else if ((NUMBER_KEYS as readonly string[]).includes(key)) out[key as NumberKey] = counts[key as NumberKey] ?? null;
  }
  return out;
}
