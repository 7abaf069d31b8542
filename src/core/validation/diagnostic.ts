/**
 * What validation produces: {@link RisDiagnostic} with its {@link DiagnosticData} (what the quick
 * fixes need), related locations, the pandoc problems a `ris.pandoc-incompatible` diagnostic can be
 * about, and the {@link ValidateOptions}. Types only, plus {@link pandocRejects}; the rules, the
 * fixes and the adapters import them from here.
 */

import type { DiagnosticCode, Severity } from './codes';
import type { DuplicateLookup } from './duplicateIndex';
import type { VetoOptions } from '../dedup/vetoFeatures';
import type { DecodedText, TagLineIssue } from '../ris/model';

/** Where related information points: a range of offsets in a file, or a whole line of another file. */
export type RelatedLocation =
  | { readonly uri: string; readonly start: number; readonly end: number }
  | { readonly uri: string; readonly line: number };

/** A secondary location shown with a diagnostic (the first record with the same ID, …). */
export interface RelatedInformation {
  readonly message: string;
  readonly location: RelatedLocation;
}

/** What pandoc-incompatible diagnostics are about (the `pandoc` field of their data). */
export type PandocProblem =
  | 'leading-blank-lines'
  | 'outside'
  | 'end-without-start'
  | 'continuation'
  | 'blank-lines'
  | 'missing-final-end'
  | 'merged-records'
  | 'tag-line'
  | 'encoding'
  | 'stray-cr'
  /** The file ends right after its last `ER` line, with no line break (pandoc `--bibliography` rejects it). */
  | 'final-newline'
  /** A tag line whose separator holds a character pandoc does not read as a space (NBSP, em space…). */
  | 'separator'
  /** The file's lines end with bare CRs (classic Mac), which pandoc deletes: it reads one long line. */
  | 'cr-line-endings';

/** The pandoc problems after which pandoc rejects the whole bibliography (the others make it misread records). */
const PANDOC_REJECTING: ReadonlySet<PandocProblem> = new Set<PandocProblem>([
  'leading-blank-lines',
  'outside',
  'continuation',
  'blank-lines',
  'missing-final-end',
  'tag-line',
  'encoding',
  'final-newline',
  'separator',
  'cr-line-endings',
]);

/**
 * True when a pandoc problem makes `pandoc --citeproc --bibliography file.ris` reject the whole
 * bibliography (it stops with an error). The others — `merged-records`, `end-without-start`,
 * `stray-cr` — are accepted, but pandoc reads the records differently from other tools (two records
 * as one reference, an extra empty reference, two lines joined into one).
 */
export function pandocRejects(problem: PandocProblem): boolean {
  return PANDOC_REJECTING.has(problem);
}

/**
 * The JSON-serialisable payload a quick fix needs. Which members are set depends on the code; all
 * indices refer to the document the diagnostic was computed on.
 */
export interface DiagnosticData {
  /** Index into `doc.records`. */
  recordIndex?: number;
  /** Index into the record's `fields`; absent for the ER line (see `endTag`). */
  fieldIndex?: number;
  /** True when the diagnostic is about the record's `ER` line. */
  endTag?: boolean;
  /** The tag-line issue (malformed-tag-line, pandoc-incompatible tag lines). */
  issue?: TagLineIssue;
  /** First and last index into `doc.outside` of a run of outside lines. */
  outsideStart?: number;
  outsideEnd?: number;
  /** The record that outside text would be moved into, and on which side of it the text is. */
  targetRecord?: number;
  placement?: 'following' | 'preceding';
  /** True when every line of an outside run is a vendor header (Provider:, Database:, numbering…). */
  header?: boolean;
  /** A replacement value the fix can write (nearest type, full end page, bare DOI…). */
  suggestion?: string;
  /** Why a record has no ER. */
  reason?: 'next-type' | 'end-of-file';
  /** Which pandoc problem this is. */
  pandoc?: PandocProblem;
  /** 0-based line numbers (blank lines of a run). */
  lines?: number[];
  /** Offset of a bare CR. */
  offset?: number;
  /** Field index of the first occurrence (repeated-tag). */
  firstFieldIndex?: number;
  /** What a missing-field diagnostic lacks. */
  missing?: string[];
  /** Other records with the same key (duplicate-record). */
  duplicates?: { uri: string; recordIndex: number; line: number }[];
  /** The record's pandoc citation key in this file (uncitable-key, unpinned-key). */
  key?: string;
}

/** One finding. Offsets are into `doc.text`; `severity` is never `ignore`. */
export interface RisDiagnostic {
  readonly code: DiagnosticCode;
  readonly severity: Exclude<Severity, 'ignore'>;
  readonly message: string;
  readonly start: number;
  readonly end: number;
  readonly related?: RelatedInformation[];
  readonly data?: DiagnosticData;
}

/** How to validate. Every member is optional. */
export interface ValidateOptions {
  /** Severity per code (from `parseValidationSettings`); missing codes use their default. */
  severities?: Partial<Record<DiagnosticCode, Severity>>;
  /** How the file's bytes were decoded; enables `ris.encoding` and the non-UTF-8 pandoc check. */
  encoding?: Pick<DecodedText, 'encoding' | 'fallback' | 'replacementCharacters'>;
  /** Other files' records, for cross-file `ris.duplicate-record` (records of `uri` itself are skipped). */
  duplicates?: DuplicateLookup;
  /** This document's URI: used in related locations and to skip itself in `duplicates`. */
  uri?: string;
  /** Which vetoes of the deduplication engine `ris.duplicate-record` applies (the `ris.duplicates.*` settings); the engine's defaults otherwise. */
  vetoes?: VetoOptions;
}
