/**
 * PRISMA 2020 counts from a review manifest and the files it names (docs/systematic-review.md has
 * the rules): records per database, register and other method from the search exports; duplicates
 * from the deduplicated library (`duplicatesRemoved.ts`); screened, excluded, automatically excluded
 * from the title/abstract decisions; assessed and excluded-with-reasons from the full-text decisions;
 * included studies from the included file(s). Counts given by hand in `counts:` take precedence
 * (with a warning when the files say otherwise). Then every identity of the guide is checked
 * (`prismaIdentities.ts`) and each mismatch becomes a problem at the manifest's line.
 *
 * The core reads no file: the host passes a function that returns a path's parsed RIS document.
 */
import type { RisDocument } from '../ris/model';
import { covidenceDecision, decisionOf, detectDecisionFormat, type RecordDecision, type Stage, type Verdict } from './decisions';
import { countDuplicatesRemoved } from './duplicatesRemoved';
import type { DecisionEntry, ManifestPath, ManifestProblem, ParsedManifest, SearchEntry } from './manifest';
import { checkIdentities, formatCount, type CountOrigins } from './prismaIdentities';
import { type CountKey, type NamedCount, type NumberKey, type PrismaCounts } from './prismaTemplate';

/** A file the manifest names, as the host read it: its parsed document, or why it could not be read. */
export type LoadedFile = { readonly doc: RisDocument; readonly error?: undefined } | { readonly doc?: undefined; readonly error: string };

/** Reads a path as written in the manifest (relative to its folder). */
export type ReadRisFile = (path: string) => LoadedFile;

/** What the decisions of one stage add up to. */
export interface StageTally {
  /** Records in the stage's files (those a Covidence list does not bring to the stage left out). */
  readonly total: number;
  readonly byVerdict: Readonly<Record<Verdict, number>>;
  /** Exclusions by their first reason (`Reason not recorded` when none). */
  readonly reasons: readonly NamedCount[];
}

/** The counts, their problems, and the stage tallies behind them. */
export interface PrismaResult {
  readonly counts: PrismaCounts;
  readonly problems: readonly ManifestProblem[];
  readonly screening: StageTally | undefined;
  readonly fulltext: StageTally | undefined;
}

/** The reason under which an exclusion without a reason is counted. */
export const NO_REASON = 'Reason not recorded';

const emptyVerdicts = (): Record<Verdict, number> => ({ included: 0, excluded: 0, maybe: 0, conflict: 0, unscreened: 0, automatic: 0 });

/** Reads each path once and reports unreadable ones at the manifest entry that names them. */
class FileReader {
  private readonly cache = new Map<string, LoadedFile>();
  constructor(
    private readonly read: ReadRisFile,
    private readonly problem: (path: ManifestPath, message: string, severity?: ManifestProblem['severity'], code?: ManifestProblem['code']) => void,
  ) {}

  doc(file: string, at: ManifestPath): RisDocument | undefined {
    let loaded = this.cache.get(file);
    if (loaded === undefined) {
      try {
        loaded = this.read(file);
      } catch (error) {
        loaded = { error: error instanceof Error ? error.message : String(error) };
      }
      this.cache.set(file, loaded);
      if (loaded.error !== undefined) this.problem(at, `${file}: ${loaded.error}`, 'error', 'prisma.file');
    }
    return loaded.doc;
  }
}

/** The decision of one record of an entry at a stage; undefined when the record does not reach the stage. */
function recordDecision(entry: DecisionEntry, format: RecordDecision['format'] | undefined, doc: RisDocument, index: number, stage: Stage): RecordDecision | 'none' | undefined {
  if (format === 'covidence') return covidenceDecision(entry.list ?? 'screen', stage);
  return decisionOf(doc.records[index]!, entry.stoppedEarly) ?? 'none';
}

/** Adds up the decisions of a stage's entries. */
function tallyStage(entries: readonly DecisionEntry[], stage: Stage, files: FileReader, problem: (path: ManifestPath, message: string, severity?: ManifestProblem['severity']) => void): StageTally | undefined {
  if (entries.length === 0) return undefined;
  const byVerdict = emptyVerdicts();
  const reasons = new Map<string, number>();
  let total = 0;
  for (const entry of entries) {
    for (const file of entry.files) {
      const doc = files.doc(file, entry.path);
      if (doc === undefined) continue;
      const format = entry.format ?? detectDecisionFormat(doc.records);
      if (format === undefined && doc.records.length > 0) {
        problem(entry.path, `${file}: no record carries a decision (an ASReview label or a Rayyan note); add \`format: covidence\` and \`list:\` for a Covidence export`, 'warning');
      }
      for (let i = 0; i < doc.records.length; i++) {
        const decision = recordDecision(entry, format, doc, i, stage);
        if (decision === undefined) continue;
        total++;
        const verdict = decision === 'none' ? 'unscreened' : decision.verdict;
        byVerdict[verdict]++;
        if (verdict === 'excluded') {
          const reason = decision === 'none' ? undefined : decision.reasons[0];
          reasons.set(reason ?? NO_REASON, (reasons.get(reason ?? NO_REASON) ?? 0) + 1);
        }
      }
    }
  }
  const sorted = [...reasons].map(([name, n]) => ({ name, n })).sort((a, b) => b.n - a.n || a.name.localeCompare(b.name));
  return { total, byVerdict, reasons: sorted };
}

function recordsOf(entries: readonly SearchEntry[], files: FileReader): { total: number; byName: NamedCount[]; docs: RisDocument[] } {
  const byName = new Map<string, number>();
  const docs: RisDocument[] = [];
  for (const entry of entries) {
    let n = 0;
    for (const file of entry.files) {
      const doc = files.doc(file, entry.path);
      if (doc === undefined) continue;
      docs.push(doc);
      n += doc.records.length;
    }
    byName.set(entry.name, (byName.get(entry.name) ?? 0) + n);
  }
  const byNameList = [...byName].map(([name, n]) => ({ name, n }));
  return { total: byNameList.reduce((s, c) => s + c.n, 0), byName: byNameList, docs };
}

/** Sets computed counts and where they come from. */
class CountBuilder {
  readonly counts: Record<string, number | readonly NamedCount[]> = {};
  readonly origins: CountOrigins = new Map();
  /** Records in the deduplicated library, and in the screening files (decided or not). */
  readonly sizes: { library?: number; screening?: number } = {};
  set(key: CountKey, value: number | readonly NamedCount[] | undefined, at: ManifestPath): void {
    if (value === undefined) return;
    this.counts[key] = value;
    this.origins.set(key, at);
  }
  num(key: NumberKey): number | undefined {
    const v = this.counts[key];
    return typeof v === 'number' ? v : undefined;
  }
}

function sumOf(list: readonly NamedCount[]): number {
  return list.reduce((s, c) => s + c.n, 0);
}

function identification(parsed: ParsedManifest, files: FileReader, b: CountBuilder): RisDocument[] {
  const { searches } = parsed.manifest;
  const databases = recordsOf(searches.filter((s) => s.kind === 'database'), files);
  const registers = recordsOf(searches.filter((s) => s.kind === 'register'), files);
  if (searches.some((s) => s.kind === 'database')) {
    b.set('database_results', databases.total, ['searches']);
    b.set('database_specific_results', databases.byName, ['searches']);
  }
  if (searches.some((s) => s.kind === 'register')) {
    b.set('register_results', registers.total, ['searches']);
    b.set('register_specific_results', registers.byName, ['searches']);
  }
  const others = searches.filter((s) => s.kind === 'other');
  for (const [method, key] of [['websites', 'website_results'], ['organisations', 'organisation_results'], ['citations', 'citations_results']] as const) {
    const entries = others.filter((s) => s.method === method);
    if (entries.length > 0) b.set(key, recordsOf(entries, files).total, ['searches']);
  }
  return [...databases.docs, ...registers.docs];
}

/** Applies the `counts:` given by hand, warning where the files gave another figure. */
function applyOverrides(parsed: ParsedManifest, b: CountBuilder, problem: (path: ManifestPath, message: string, severity?: ManifestProblem['severity'], code?: ManifestProblem['code']) => void): void {
  for (const [key, value] of Object.entries(parsed.manifest.counts) as [CountKey, number | readonly NamedCount[]][]) {
    const computed = b.counts[key];
    const at = ['counts', key];
    if (computed !== undefined) {
      const a = typeof value === 'number' ? value : sumOf(value);
      const c = typeof computed === 'number' ? computed : sumOf(computed);
      if (a !== c) problem(at, `${key} ${formatCount(a)} given here ≠ ${formatCount(c)} from the files`, 'warning', 'prisma.identity');
    }
    b.set(key, value, at);
  }
}

function progress(tally: StageTally | undefined, at: ManifestPath, what: string, problem: (path: ManifestPath, message: string, severity?: ManifestProblem['severity'], code?: ManifestProblem['code']) => void): void {
  if (tally === undefined) return;
  const { unscreened, conflict, maybe } = tally.byVerdict;
  if (unscreened > 0) problem(at, `${formatCount(unscreened)} of ${formatCount(tally.total)} records not ${what} yet`, 'info', 'prisma.progress');
  if (conflict > 0) problem(at, `${formatCount(conflict)} records with conflicting votes to resolve`, 'warning', 'prisma.progress');
  if (maybe > 0 && what === 'assessed') problem(at, `${formatCount(maybe)} records marked maybe at full text`, 'info', 'prisma.progress');
}

/** Counts from the title/abstract stage onwards. */
function screeningAndBeyond(parsed: ParsedManifest, files: FileReader, b: CountBuilder, searchDocs: readonly RisDocument[], problem: Parameters<typeof progress>[3]): { screening: StageTally | undefined; fulltext: StageTally | undefined } {
  const m = parsed.manifest;
  if (m.library !== undefined) {
    const library = files.doc(m.library, ['library']);
    if (library) {
      b.set('duplicates', countDuplicatesRemoved({ searches: searchDocs, library }), ['library']);
      b.sizes.library = library.records.length;
    }
  }
  const screening = tallyStage(m.screening, 'screening', files, problem);
  if (screening) {
    b.set('excluded_automatic', screening.byVerdict.automatic, ['screening']);
    b.set('records_screened', screening.total - screening.byVerdict.unscreened - screening.byVerdict.automatic, ['screening']);
    b.set('records_excluded', screening.byVerdict.excluded, ['screening']);
    b.sizes.screening = screening.total;
  }
  const fulltext = tallyStage(m.fulltext, 'fulltext', files, problem);
  if (fulltext) {
    b.set('dbr_assessed', fulltext.total - fulltext.byVerdict.unscreened, ['fulltext']);
    b.set('dbr_excluded', fulltext.reasons, ['fulltext']);
    b.set('new_studies', fulltext.byVerdict.included, ['fulltext']);
  }
  if (m.included.length > 0) {
    let n = 0;
    for (const file of m.included) n += files.doc(file, ['included'])?.records.length ?? 0;
    b.set('new_studies', n, ['included']);
  }
  progress(screening, ['screening'], 'screened', problem);
  progress(fulltext, ['fulltext'], 'assessed', problem);
  return { screening, fulltext };
}

/** Fills the counts that follow from others when nothing gave them (so that the diagram is complete). */
function derive(b: CountBuilder): void {
  const n = (k: NumberKey): number => b.num(k) ?? 0;
  const derived = (key: NumberKey, value: number, from: NumberKey): void => {
    if (b.num(key) === undefined) b.set(key, Math.max(0, value), b.origins.get(from) ?? []);
  };
  derived('excluded_automatic', 0, 'excluded_automatic');
  derived('excluded_other', 0, 'excluded_other');
  derived('dbr_notretrieved_reports', 0, 'dbr_notretrieved_reports');
  if (b.num('database_results') !== undefined || b.num('register_results') !== undefined) {
    derived('records_screened', n('database_results') + n('register_results') - n('duplicates') - n('excluded_automatic') - n('excluded_other'), 'duplicates');
  }
  if (b.num('records_screened') !== undefined) derived('dbr_sought_reports', n('records_screened') - n('records_excluded'), 'records_excluded');
  if (b.num('dbr_sought_reports') !== undefined) derived('dbr_assessed', n('dbr_sought_reports') - n('dbr_notretrieved_reports'), 'dbr_sought_reports');
  const other = n('website_results') + n('organisation_results') + n('citations_results');
  if (other > 0) {
    derived('other_sought_reports', other, 'website_results');
    derived('other_notretrieved_reports', 0, 'other_sought_reports');
    derived('other_assessed', n('other_sought_reports') - n('other_notretrieved_reports'), 'other_sought_reports');
  }
  const list = (k: 'dbr_excluded' | 'other_excluded'): number => {
    const v = b.counts[k];
    return Array.isArray(v) ? sumOf(v) : 0;
  };
  if (b.num('dbr_assessed') !== undefined) derived('new_studies', n('dbr_assessed') - list('dbr_excluded') + n('other_assessed') - list('other_excluded'), 'dbr_assessed');
  if (b.num('new_studies') !== undefined) {
    derived('new_reports', n('new_studies'), 'new_studies');
    derived('total_studies', n('previous_studies') + n('new_studies'), 'new_studies');
    derived('total_reports', n('previous_reports') + n('new_reports'), 'new_reports');
  }
}

/**
 * The PRISMA 2020 counts of a parsed manifest, reading its files through `read`; problems of the
 * manifest itself are included. Never throws for bad files: each is a problem at its entry.
 */
export function computePrisma(parsed: ParsedManifest, read: ReadRisFile): PrismaResult {
  const problems: ManifestProblem[] = [...parsed.problems];
  const problem = (path: ManifestPath, message: string, severity: ManifestProblem['severity'] = 'warning', code: ManifestProblem['code'] = 'prisma.manifest'): void => {
    problems.push({ severity, code, message, range: parsed.rangeOf(path) });
  };
  const files = new FileReader(read, problem);
  const b = new CountBuilder();
  const searchDocs = identification(parsed, files, b);
  const stages = screeningAndBeyond(parsed, files, b, searchDocs, problem);
  applyOverrides(parsed, b, problem);
  derive(b);
  const counts = b.counts as PrismaCounts;
  for (const mismatch of checkIdentities(counts, b.origins, { ...b.sizes, unscreened: stages.screening?.byVerdict.unscreened ?? 0 })) {
    problem(mismatch.at, mismatch.message, 'warning', 'prisma.identity');
  }
  return { counts, problems, ...stages };
}
