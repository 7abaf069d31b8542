/**
 * The manuscript against the screening: which screening record a cited reference is, and so what
 * was decided about it. A library record is matched to a screening record by its place when the
 * screening file is itself in the library (same file, same record), else by DOI, else by
 * normalised title. From that: `ris.excluded-citation` on a citation of an excluded record, and the
 * included records the draft never cites.
 */
import type { Citation } from '../markdown/citation';
import type { CitationDiagnostic } from '../markdown/citationDiagnostics';
import { doiKey } from '../ris/doi';
import type { RisDocument, RisRecord } from '../ris/model';
import { firstValue, recordLabel, titleOf } from '../ris/recordSummary';
import { normaliseTitle } from '../dedup/normaliseText';
import { DiagnosticCode, type Severity } from '../validation/codes';
import { covidenceDecision, decisionOf, describeDecision, type CovidenceList, type RecordDecision } from './decisions';

/** A screening file: its URI (as the library names files), parse, and Covidence list if it is one. */
export interface ScreeningFile {
  readonly uri: string;
  /** How to name the file in messages (its path in the manifest). */
  readonly label: string;
  readonly doc: RisDocument;
  readonly list?: CovidenceList | undefined;
  readonly stoppedEarly?: boolean;
}

/** A screening record and its decision. */
export interface ScreenedRecord {
  readonly file: ScreeningFile;
  readonly recordIndex: number;
  readonly record: RisRecord;
  readonly decision: RecordDecision | undefined;
}

/** What the lookup needs of a library record (a `LibraryEntry` fits). */
export interface CitedRecord {
  readonly uri: string;
  readonly recordIndex: number;
  readonly record: RisRecord;
}

function doiOf(record: RisRecord): string | undefined {
  const value = firstValue(record, ['DO']);
  return value === undefined ? undefined : doiKey(value);
}

function titleKey(record: RisRecord): string | undefined {
  const title = titleOf(record);
  const key = title === undefined ? '' : normaliseTitle(title);
  return key.length >= 12 ? key : undefined; // too short a title matches too much
}

/** Finds the screening record of a library record. */
export class ScreeningLookup {
  private readonly byPlace = new Map<string, ScreenedRecord>();
  private readonly byDoi = new Map<string, ScreenedRecord>();
  private readonly byTitle = new Map<string, ScreenedRecord>();
  /** Every screening record, in file order. */
  readonly records: readonly ScreenedRecord[];

  constructor(files: readonly ScreeningFile[]) {
    const records: ScreenedRecord[] = [];
    for (const file of files) {
      file.doc.records.forEach((record, recordIndex) => {
        const decision = file.list !== undefined ? covidenceDecision(file.list, 'screening') : decisionOf(record, file.stoppedEarly ?? false);
        const screened: ScreenedRecord = { file, recordIndex, record, decision };
        records.push(screened);
        this.byPlace.set(`${file.uri}#${recordIndex}`, screened);
        const doi = doiOf(record);
        if (doi !== undefined && !this.byDoi.has(doi)) this.byDoi.set(doi, screened);
        const title = titleKey(record);
        if (title !== undefined && !this.byTitle.has(title)) this.byTitle.set(title, screened);
      });
    }
    this.records = records;
  }

  /** The screening record of a library record: the same one, or the one with its DOI, or with its title. */
  find(cited: CitedRecord): ScreenedRecord | undefined {
    const same = this.byPlace.get(`${cited.uri}#${cited.recordIndex}`);
    if (same) return same;
    const doi = doiOf(cited.record);
    if (doi !== undefined) {
      const byDoi = this.byDoi.get(doi);
      if (byDoi) return byDoi;
    }
    const title = titleKey(cited.record);
    return title === undefined ? undefined : this.byTitle.get(title);
  }
}

/**
 * `ris.excluded-citation` on each citation whose record (`recordOf` its key, from the document's
 * library) was excluded at screening, or excluded by an automation tool's stopping rule; none when
 * `severity` is `ignore`.
 */
export function excludedCitationDiagnostics(
  citations: readonly Citation[],
  recordOf: (key: string) => CitedRecord | undefined,
  lookup: ScreeningLookup,
  severity: Severity,
): CitationDiagnostic[] {
  if (severity === 'ignore') return [];
  const out: CitationDiagnostic[] = [];
  for (const c of citations) {
    const cited = recordOf(c.key);
    const screened = cited ? lookup.find(cited) : undefined;
    const decision = screened?.decision;
    if (!screened || !decision || (decision.verdict !== 'excluded' && decision.verdict !== 'automatic')) continue;
    const how = decision.verdict === 'automatic' ? 'left unseen when screening stopped early (excluded by the tool)' : `excluded at screening: ${describeDecision(decision)}`;
    out.push({ start: c.start, end: c.end, code: DiagnosticCode.ExcludedCitation, severity, message: `\`${c.key}\` was ${how} (${screened.file.label}).`, key: c.key });
  }
  return out;
}

/** An included record the draft does not cite, with the key it is cited by (when the library has it). */
export interface UncitedStudy {
  readonly screened: ScreenedRecord;
  readonly label: string;
  readonly key: string | undefined;
}

/**
 * The records included at screening that no citation of `citedKeys` points at (through `recordOf`
 * and the lookup), in file order, each with the key of a library record that is it (from `entries`),
 * if one is.
 */
export function includedNotCited(
  lookup: ScreeningLookup,
  citedKeys: Iterable<string>,
  recordOf: (key: string) => CitedRecord | undefined,
  entries: readonly (CitedRecord & { readonly key: string })[],
): UncitedStudy[] {
  const cited = new Set<ScreenedRecord>();
  for (const key of citedKeys) {
    const record = recordOf(key);
    const screened = record ? lookup.find(record) : undefined;
    if (screened) cited.add(screened);
  }
  const keyOf = new Map<ScreenedRecord, string>();
  for (const entry of entries) {
    const screened = lookup.find(entry);
    if (screened && !keyOf.has(screened)) keyOf.set(screened, entry.key);
  }
  return lookup.records
    .filter((s) => s.decision?.verdict === 'included' && !cited.has(s))
    .map((screened) => ({ screened, label: recordLabel(screened.record), key: keyOf.get(screened) }));
}
