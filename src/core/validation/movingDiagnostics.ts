/**
 * Findings that move with the records they are about, for the incremental re-validation
 * (`incrementalValidation.ts`). An edit moves every record after it (the incremental re-parse
 * shifts them in place, see `ris/incremental.ts`); a finding kept from an earlier run must then
 * report the record's new offsets. An {@link AnchoredDiagnostic} reads them from its record, so
 * the tens of thousands of findings after an edit cost nothing to move. A duplicate finding's related
 * locations read theirs from the records they point into ({@link anchoredWithRelated}); another
 * finding with related locations is copied at its new place ({@link shifted}).
 */

import type { DiagnosticCode } from './codes';
import type { DiagnosticData, RelatedInformation, RisDiagnostic } from './diagnostic';
import type { RisRecord } from '../ris/model';

/** A finding inside one record, at offsets relative to the record's start. */
class AnchoredDiagnostic implements RisDiagnostic {
  /** None here (see {@link AnchoredWithRelated}). */
  get related(): RelatedInformation[] | undefined {
    return undefined;
  }

  constructor(
    private readonly record: RisRecord,
    private readonly relStart: number,
    private readonly relEnd: number,
    readonly code: DiagnosticCode,
    readonly severity: RisDiagnostic['severity'],
    readonly message: string,
    readonly data: DiagnosticData | undefined,
  ) {}

  get start(): number {
    return this.record.start + this.relStart;
  }

  get end(): number {
    return this.record.start + this.relEnd;
  }

  get recordLine(): number {
    return this.record.startLine;
  }

  /** The plain object `validateRis` gives for this finding (its properties in the same order). */
  toJSON(): RisDiagnostic {
    return plainAt(this, 0, this.related, this.data);
  }
}

/** A related location, and the record of the file it points into (undefined: it does not move). */
interface RelatedPart {
  readonly info: RelatedInformation;
  readonly record: RisRecord | undefined;
  /** The location's offsets relative to the record's start. */
  readonly relStart: number;
  readonly relEnd: number;
}

/** The related location of `p` where its record is now. */
function relatedNow(p: RelatedPart): RelatedInformation {
  if (p.record === undefined) return p.info;
  const at = p.record.start;
  return { message: p.info.message, location: { uri: p.info.location.uri, start: at + p.relStart, end: at + p.relEnd } };
}

/**
 * An {@link AnchoredDiagnostic} with related locations, each in the file following the record it
 * points into (the duplicate findings: a record's twin earlier in the file).
 */
class AnchoredWithRelated extends AnchoredDiagnostic {
  constructor(
    record: RisRecord,
    relStart: number,
    relEnd: number,
    code: DiagnosticCode,
    severity: RisDiagnostic['severity'],
    message: string,
    data: DiagnosticData | undefined,
    private readonly parts: readonly RelatedPart[],
  ) {
    super(record, relStart, relEnd, code, severity, message, data);
  }

  override get related(): RelatedInformation[] {
    return this.parts.map(relatedNow);
  }
}

/**
 * The first line of the record an anchored finding is about (undefined for any other finding): while
 * it stays the same, so do the finding's line and column, however far the record's offsets moved
 * (an adapter can keep what it made of the finding).
 */
export function anchorLine(d: RisDiagnostic): number | undefined {
  return d instanceof AnchoredDiagnostic ? d.recordLine : undefined;
}

/** True when `d` follows its record by itself. */
export function isAnchored(d: RisDiagnostic): boolean {
  return d instanceof AnchoredDiagnostic;
}

/** `d`'s data for record `index`. */
function dataFor(data: DiagnosticData | undefined, index: number): DiagnosticData | undefined {
  return data !== undefined && data.recordIndex !== undefined && data.recordIndex !== index ? { ...data, recordIndex: index } : data;
}

/**
 * Finding `d` about record `r` (number `index`), whose offsets are `dOffset` characters behind the
 * record's current place, as a finding that follows the record from now on; one with a related
 * location in the file is copied at its place instead (what it points at may not move with `r`).
 */
export function anchoredTo(d: RisDiagnostic, r: RisRecord, dOffset: number, index: number): RisDiagnostic {
  if (d.related !== undefined) return shifted(d, dOffset, index);
  const at = r.start;
  return new AnchoredDiagnostic(r, d.start + dOffset - at, d.end + dOffset - at, d.code, d.severity, d.message, dataFor(d.data, index));
}

/**
 * Finding `d` about record `r` (number `index`), made at the records' current places, as a finding
 * that follows `r` from now on, each of its related locations following the record it points into
 * (`records[i]` for location `i`; undefined for one that does not move, such as another file's).
 */
export function anchoredWithRelated(d: RisDiagnostic, r: RisRecord, index: number, records: readonly (RisRecord | undefined)[]): RisDiagnostic {
  const at = r.start;
  const parts = (d.related ?? []).map((info, i): RelatedPart => {
    const record = records[i];
    const l = info.location;
    if (record === undefined || !('start' in l)) return { info, record: undefined, relStart: 0, relEnd: 0 };
    return { info, record, relStart: l.start - record.start, relEnd: l.end - record.start };
  });
  return new AnchoredWithRelated(r, d.start - at, d.end - at, d.code, d.severity, d.message, dataFor(d.data, index), parts);
}

/** A plain finding: `d`'s code, severity and message, its offsets moved by `dOffset`, with `related` and `data`. */
function plainAt(d: RisDiagnostic, dOffset: number, related: RelatedInformation[] | undefined, data: DiagnosticData | undefined): RisDiagnostic {
  // The properties in the order `validateRis` writes them, so that both serialise alike.
  const out: { -readonly [K in keyof RisDiagnostic]: RisDiagnostic[K] } = { code: d.code, severity: d.severity, message: d.message, start: d.start + dOffset, end: d.end + dOffset };
  if (related !== undefined) out.related = related;
  if (data !== undefined) out.data = data;
  return out;
}

/** `related` with each location in a file moved by `move(i)` characters (`i`: its place in the list). */
function movedRelated(related: RelatedInformation[], move: (i: number) => number): RelatedInformation[] {
  return related.map((r, i): RelatedInformation => {
    const l = r.location;
    const by = 'start' in l ? move(i) : 0;
    return by === 0 || !('start' in l) ? r : { message: r.message, location: { uri: l.uri, start: l.start + by, end: l.end + by } };
  });
}

/** `d` moved by `dOffset` characters (its related locations in the file too), for record `index`. */
export function shifted(d: RisDiagnostic, dOffset: number, index: number): RisDiagnostic {
  return plainAt(d, dOffset, d.related === undefined ? undefined : movedRelated(d.related, () => dOffset), dataFor(d.data, index));
}

/** The last of `records` (in position order) that starts at or before `offset`, if any. */
export function recordAt(records: readonly RisRecord[], offset: number): RisRecord | undefined {
  let lo = 0;
  let hi = records.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (records[mid]!.start <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 ? records[lo - 1] : undefined;
}
