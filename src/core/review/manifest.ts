/**
 * The review manifest: `review.yaml` at the workspace root names the files of each stage of a
 * systematic review, from which the PRISMA 2020 counts are computed (`prismaCounts.ts`):
 *
 * ```yaml
 * title: Deep learning in medical image analysis
 * searches:                        # one entry per search export
 *   - database: Scopus             # or `register: ClinicalTrials.gov`, or `other: citations`
 *     date: 2024-03-01             #   (websites | organisations | citations)
 *     files: searches/scopus.ris   # one path or a list, relative to the manifest
 * library: library/deduplicated.ris  # the deduplicated library (`ris-references dedupe`)
 * screening:                       # title/abstract decisions: ASReview or Rayyan exports …
 *   - screening/rayyan-export.ris
 *   - files: screening/covidence-irrelevant.ris   # … or Covidence lists, one file each
 *     format: covidence            # asreview | rayyan | covidence (default: read from the notes)
 *     list: irrelevant             # screen | irrelevant | full-text | excluded | included
 *     stopped_early: false         # ASReview: records left unseen count as excluded by automation
 * fulltext:                        # full-text decisions with reasons (same form as screening)
 *   - fulltext/rayyan-fulltext.ris
 * included: included/studies.ris   # the included studies (one path or a list)
 * counts:                          # counts no file holds (any `data` key of the PRISMA template)
 *   dbr_notretrieved_reports: 2
 *   previous_studies: 0
 * ```
 *
 * The YAML is parsed with the `yaml` package, which keeps every node's source range, and checked
 * with a zod schema; each problem (YAML syntax, an unknown key, a wrong value) is a
 * {@link ManifestProblem} with the offsets of the node it is about, so a host shows it on the right line.
 */
import { isMap, isScalar, isSeq, parseDocument, type Document } from 'yaml';
import * as z from 'zod/mini';
import type { OffsetRange } from '../text/edits';
import { COVIDENCE_LISTS, type CovidenceList, type DecisionFormat } from './decisions';
import { LIST_KEYS, NUMBER_KEYS, type PrismaCounts } from './prismaTemplate';

/** The file name the hosts look for at the workspace root. */
export const MANIFEST_FILE_NAME = 'review.yaml';

/** How serious a problem of the manifest or of the counts is. */
export type ProblemSeverity = 'error' | 'warning' | 'info';

/** A problem of the manifest or of the counts, at a range of the manifest's text. */
export interface ManifestProblem {
  readonly severity: ProblemSeverity;
  /** `prisma.manifest` (the manifest itself), `prisma.file` (a file it names), `prisma.identity` (counts disagree), `prisma.progress` (screening not finished). */
  readonly code: 'prisma.manifest' | 'prisma.file' | 'prisma.identity' | 'prisma.progress';
  readonly message: string;
  readonly range: OffsetRange;
}

/** A path into the manifest's YAML: keys and list indexes. */
export type ManifestPath = readonly (string | number)[];

/** Other methods of identification (PRISMA's right-hand column). */
export const OTHER_METHODS = ['websites', 'organisations', 'citations'] as const;
/** One of {@link OTHER_METHODS}. */
export type OtherMethod = (typeof OTHER_METHODS)[number];

/** One search export (or several files of one search). */
export interface SearchEntry {
  readonly kind: 'database' | 'register' | 'other';
  /** The database or register name; for other methods the method (or the given `name`). */
  readonly name: string;
  readonly method: OtherMethod | undefined;
  readonly date: string | undefined;
  readonly files: readonly string[];
  /** Where the entry is in the manifest. */
  readonly path: ManifestPath;
}

/** One source of decisions: files and how to read them. */
export interface DecisionEntry {
  readonly files: readonly string[];
  /** The notation; undefined: read from the records' notes. */
  readonly format: DecisionFormat | undefined;
  /** The Covidence list the files are exports of. */
  readonly list: CovidenceList | undefined;
  /** ASReview stopped screening early: records left unseen were excluded by the tool. */
  readonly stoppedEarly: boolean;
  readonly path: ManifestPath;
}

/** A review manifest, read. Paths are as written (relative to the manifest's folder). */
export interface ReviewManifest {
  readonly title: string | undefined;
  readonly searches: readonly SearchEntry[];
  readonly library: string | undefined;
  readonly screening: readonly DecisionEntry[];
  readonly fulltext: readonly DecisionEntry[];
  readonly included: readonly string[];
  /** Counts given by hand. */
  readonly counts: PrismaCounts;
}

/** A manifest read from text: the manifest (as far as it is valid), its problems, and ranges of its nodes. */
export interface ParsedManifest {
  readonly manifest: ReviewManifest;
  readonly problems: readonly ManifestProblem[];
  /** The range of the node at `path` (the nearest existing ancestor when it does not exist). */
  rangeOf(path: ManifestPath): OffsetRange;
}

const files = z.union([z.string(), z.array(z.string())]);
const text = z.union([z.string(), z.number()]);
const searchSchema = z.strictObject({
  database: z.optional(z.string()),
  register: z.optional(z.string()),
  other: z.optional(z.enum(OTHER_METHODS)),
  name: z.optional(z.string()),
  date: z.optional(text),
  query: z.optional(z.string()),
  files,
});
const decisionSchema = z.union([
  z.string(),
  z.strictObject({
    files,
    format: z.optional(z.enum(['asreview', 'rayyan', 'covidence'])),
    list: z.optional(z.enum(COVIDENCE_LISTS)),
    stopped_early: z.optional(z.boolean()),
  }),
]);
const count = z.int().check(z.nonnegative());
const countsShape: Record<string, z.ZodMiniType> = {};
for (const key of NUMBER_KEYS) countsShape[key] = z.optional(count);
for (const key of LIST_KEYS) countsShape[key] = z.optional(z.record(z.string(), count));
const manifestSchema = z.strictObject({
  title: z.optional(z.string()),
  searches: z.optional(z.array(searchSchema)),
  library: z.optional(z.string()),
  screening: z.optional(z.array(decisionSchema)),
  fulltext: z.optional(z.array(decisionSchema)),
  included: z.optional(files),
  counts: z.optional(z.strictObject(countsShape)),
});
type RawManifest = z.infer<typeof manifestSchema>;
type RawSearch = z.infer<typeof searchSchema>;
type RawDecision = z.infer<typeof decisionSchema>;

function fileList(value: string | readonly string[] | undefined): string[] {
  return value === undefined ? [] : typeof value === 'string' ? [value] : [...value];
}

/** The range of the node at `path` in `doc` (its value; the key when the value is empty), or the nearest ancestor's. */
function nodeRange(doc: Document, source: string, path: ManifestPath, keyOnly = false): OffsetRange {
  let node: unknown = doc.contents;
  let range: OffsetRange = { start: 0, end: 0 };
  const take = (n: unknown): void => {
    const r = (n as { range?: [number, number, number] } | null)?.range;
    if (!r) return;
    let end = r[1];
    // Block nodes end after their line break: keep the range on the node's text.
    while (end > r[0] && /\s/.test(source.charAt(end - 1))) end--;
    range = { start: r[0], end };
  };
  take(node);
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
      if (!pair) break;
      take(pair.key);
      node = pair.value;
      if (keyOnly && segment === path[path.length - 1]) break;
      take(node);
    } else if (isSeq(node) && typeof segment === 'number' && node.items[segment] !== undefined) {
      node = node.items[segment];
      take(node);
    } else break;
  }
  return range;
}

function searchEntry(raw: RawSearch, index: number, problem: (path: ManifestPath, message: string) => void): SearchEntry {
  const path = ['searches', index];
  const kinds = [raw.database !== undefined, raw.register !== undefined, raw.other !== undefined].filter(Boolean).length;
  if (kinds !== 1) problem(path, 'a search names exactly one of `database`, `register` or `other` (websites, organisations, citations)');
  const kind = raw.database !== undefined ? 'database' : raw.register !== undefined ? 'register' : 'other';
  const name = raw.database ?? raw.register ?? raw.name ?? raw.other ?? 'unnamed search';
  return { kind, name, method: raw.other, date: raw.date === undefined ? undefined : String(raw.date), files: fileList(raw.files), path };
}

function decisionEntry(raw: RawDecision, path: ManifestPath, problem: (path: ManifestPath, message: string) => void): DecisionEntry {
  if (typeof raw === 'string') return { files: [raw], format: undefined, list: undefined, stoppedEarly: false, path };
  if (raw.format === 'covidence' && raw.list === undefined) problem(path, 'a Covidence export needs `list:` (screen, irrelevant, full-text, excluded or included)');
  const format = raw.format ?? (raw.list !== undefined ? 'covidence' : undefined);
  return { files: fileList(raw.files), format, list: raw.list, stoppedEarly: raw.stopped_early ?? false, path };
}

function countsOf(raw: RawManifest['counts']): PrismaCounts {
  const counts: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw ?? {})) {
    if (value === undefined) continue;
    counts[key] = typeof value === 'number' ? value : Object.entries(value as Record<string, number>).map(([name, n]) => ({ name, n }));
  }
  return counts as PrismaCounts;
}

/** A zod issue in words (zod/mini carries no messages of its own). */
function issueMessage(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.expected === 'int' ? 'expected a whole number' : `expected ${issue.expected === 'array' ? 'a list' : issue.expected === 'object' ? 'a mapping (key: value)' : `a ${issue.expected}`}`;
    case 'invalid_value':
      return `expected one of ${issue.values.map((v) => String(v)).join(', ')}`;
    case 'too_small':
      return 'a count is 0 or more';
    case 'invalid_union':
      return 'expected a path (or a list of paths), or a mapping with `files:`';
    default:
      return issue.message;
  }
}

/** An empty manifest (no stages). */
export const EMPTY_MANIFEST: ReviewManifest = { title: undefined, searches: [], library: undefined, screening: [], fulltext: [], included: [], counts: {} };

/**
 * Reads a manifest's YAML text. Never throws: YAML errors and schema problems are errors at their
 * node, and the parts that are valid are still read (an invalid top-level key leaves the others).
 */
export function parseManifest(source: string): ParsedManifest {
  const doc = parseDocument(source, { prettyErrors: false, uniqueKeys: true });
  const problems: ManifestProblem[] = [];
  const rangeOf = (path: ManifestPath): OffsetRange => nodeRange(doc, source, path);
  const problem = (path: ManifestPath, message: string, keyOnly = false): void => {
    problems.push({ severity: 'error', code: 'prisma.manifest', message, range: nodeRange(doc, source, path, keyOnly) });
  };
  for (const error of doc.errors) {
    problems.push({ severity: 'error', code: 'prisma.manifest', message: `YAML: ${error.message.split('\n')[0]}`, range: { start: error.pos[0], end: Math.max(error.pos[1], error.pos[0]) } });
  }
  if (doc.errors.length > 0) return { manifest: EMPTY_MANIFEST, problems, rangeOf };
  let data: unknown = doc.toJS();
  if (data === null || data === undefined) data = {};
  const parsed = manifestSchema.safeParse(data);
  let raw: RawManifest;
  if (parsed.success) raw = parsed.data;
  else {
    for (const issue of parsed.error.issues) {
      const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
      const label = path.length > 0 ? `\`${path.join('.')}\`: ` : '';
      if (issue.code !== 'unrecognized_keys') problem(path, `${label}${issueMessage(issue)}`);
      else for (const key of issue.keys) problem([...path, key], `unknown key \`${key}\`${path.length > 0 ? ` in \`${path.join('.')}\`` : ''}`, true);
    }
    // Keep the top-level keys that are valid on their own.
    raw = {};
    if (typeof data === 'object' && data !== null && !Array.isArray(data)) {
      for (const [key, value] of Object.entries(data)) {
        const shape = manifestSchema.def.shape as Record<string, z.ZodMiniType | undefined>;
        const one = shape[key]?.safeParse(value);
        if (one?.success) (raw as Record<string, unknown>)[key] = one.data;
      }
    }
  }
  const manifest: ReviewManifest = {
    title: raw.title,
    searches: (raw.searches ?? []).map((s, i) => searchEntry(s, i, problem)),
    library: raw.library,
    screening: (raw.screening ?? []).map((d, i) => decisionEntry(d, ['screening', i], problem)),
    fulltext: (raw.fulltext ?? []).map((d, i) => decisionEntry(d, ['fulltext', i], problem)),
    included: fileList(raw.included),
    counts: countsOf(raw.counts),
  };
  return { manifest, problems, rangeOf };
}
