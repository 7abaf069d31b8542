/**
 * Findings that move with the records they are about, for the incremental re-validation
 * (`incrementalValidation.ts`). An edit moves every record after it (the incremental re-parse
 * shifts them in place, see `ris/incremental.ts`); a finding kept from an earlier run must then
 * report the record's new offsets. An {@link AnchoredDiagnostic} reads them from its record, so
 * the tens of thousands of findings after an edit cost nothing to move; the few findings that point
 * into the file elsewhere (related locations) are copied at their new place ({@link shifted},
 * {@link shiftedWithAnchors}).
 */

import type { DiagnosticCode } from './codes';
import type { DiagnosticData, RelatedInformation, RisDiagnostic } from './diagnostic';
import type { RisRecord } from '../ris/model';

/** A finding inside one record, at offsets relative to the record's start. */
class AnchoredDiagnostic implements RisDiagnostic {
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
    const out: { -readonly [K in keyof RisDiagnostic]: RisDiagnostic[K] } = { code: this.code, severity: this.severity, message: this.message, start: this.start, end: this.end };
    if (this.data !== undefined) out.data = this.data;
    return out;
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
  if (d.related !== undefined && d.related.some((rel) => 'start' in rel.location)) return shifted(d, dOffset, index);
  if (d.related !== undefined) {
    const out: { -readonly [K in keyof RisDiagnostic]: RisDiagnostic[K] } = { code: d.code, severity: d.severity, message: d.message, start: d.start + dOffset, end: d.end + dOffset, related: d.related };
    const data = dataFor(d.data, index);
    if (data !== undefined) out.data = data;
    return out;
  }
  const at = r.start;
  return new AnchoredDiagnostic(r, d.start + dOffset - at, d.end + dOffset - at, d.code, d.severity, d.message, dataFor(d.data, index));
}

/** `d` moved by `dOffset` characters (its related locations in the file too), for record `index`. */
export function shifted(d: RisDiagnostic, dOffset: number, index: number): RisDiagnostic {
  const out: { -readonly [K in keyof RisDiagnostic]: RisDiagnostic[K] } = {
    code: d.code,
    severity: d.severity,
    message: d.message,
    start: d.start + dOffset,
    end: d.end + dOffset,
  };
  if (d.related !== undefined) {
    out.related = d.related.map((r): RelatedInformation => {
      const l = r.location;
      return 'start' in l ? { message: r.message, location: { uri: l.uri, start: l.start + dOffset, end: l.end + dOffset } } : r;
    });
  }
  const data = dataFor(d.data, index);
  if (data !== undefined) out.data = data;
  return out;
}

/** A record a finding's related location points into, and where that record started then. */
export interface Anchor {
  readonly record: RisRecord;
  readonly start: number;
}

/** `d` moved by `dOffset`, each of its related locations by the move of the record it points into (`anchors`, per location). */
export function shiftedWithAnchors(d: RisDiagnostic, dOffset: number, anchors: readonly (Anchor | undefined)[] | undefined): RisDiagnostic {
  const out: { -readonly [K in keyof RisDiagnostic]: RisDiagnostic[K] } = {
    code: d.code,
    severity: d.severity,
    message: d.message,
    start: d.start + dOffset,
    end: d.end + dOffset,
  };
  if (d.related !== undefined) {
    out.related =
      anchors === undefined
        ? d.related
        : d.related.map((r, i): RelatedInformation => {
            const a = anchors[i];
            const l = r.location;
            if (a === undefined || !('start' in l)) return r;
            const move = a.record.start - a.start;
            return move === 0 ? r : { message: r.message, location: { uri: l.uri, start: l.start + move, end: l.end + move } };
          });
  }
  if (d.data !== undefined) out.data = d.data;
  return out;
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
