/**
 * The deduplication engine's vetoes, for callers outside the engine: `ris.duplicate-record` asks
 * them about every pair its fast keys (same DOI, or same title, year and first author) match, so
 * the diagnostic never calls two records one reference when the Duplicates view keeps them apart
 * (different DOIs or pages, an erratum and its article, a year apart…).
 *
 * {@link vetoFeatures} are a record's {@link RecordFeatures} as far as the vetoes read them: the
 * title and authors are kept only for a record that may be a paginated meeting abstract (the one
 * veto exception that compares them), so a large file checked in slices can keep them for every
 * earlier record at a few dozen bytes each. The vetoes give the same answer on them as on the full
 * features (a unit test compares both on the labelled sets).
 */
import type { RisRecord } from '../ris/model';
import { RecordMemo } from '../ris/recordMemo';
import { hardVeto, mayBePaginatedAbstract, type VetoOptions } from './decide';
import { recordFeaturesWithAuthorsIf, type RecordFeatures } from './features';
import { DEFAULT_DEDUP_OPTIONS } from './options';

export type { VetoOptions } from './decide';

/** The options the vetoes use when the caller gives none: the engine's defaults. */
export const DEFAULT_VETO_OPTIONS: VetoOptions = {
  keepConferenceAbstractsApart: DEFAULT_DEDUP_OPTIONS.keepConferenceAbstractsApart,
  keepPreprintsApart: DEFAULT_DEDUP_OPTIONS.keepPreprintsApart,
};

/** A record object always stands for the same text, so its features never go stale. */
const featuresMemo = new RecordMemo<RecordFeatures>();

const NO_AUTHORS: RecordFeatures['authors'] = Object.freeze([]);

/** `f` without what the vetoes cannot read for it (title and authors, unless it may be a paginated abstract). */
export function compactVetoFeatures(f: RecordFeatures): RecordFeatures {
  if (mayBePaginatedAbstract(f)) return f;
  // The kind (erratum, reply…) was read from the title already; the vetoes need no more of it.
  return { ...f, title: '', titleKey: '', authors: NO_AUTHORS };
}

/** The features of `record` that the vetoes read, computed once per record object. */
export function vetoFeatures(record: RisRecord): RecordFeatures {
  let f = featuresMemo.get(record);
  if (f === undefined) {
    f = compactVetoFeatures(recordFeaturesWithAuthorsIf(record, mayBePaginatedAbstract));
    featuresMemo.set(record, f);
  }
  return f;
}

/**
 * Gives `record` the features of another record it stands in for (a record of an earlier slice of
 * a file checked in slices, rebuilt from its keys alone).
 */
export function standInFor(record: RisRecord, features: RecordFeatures): void {
  featuresMemo.set(record, features);
}

/** Why the engine keeps the two records apart, or undefined when nothing vetoes the pair. */
export function vetoBetween(a: RecordFeatures, b: RecordFeatures, options: VetoOptions = DEFAULT_VETO_OPTIONS): string | undefined {
  return hardVeto(a, b, options);
}
