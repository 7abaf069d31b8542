/**
 * The duplicate rules: two records with the same `ID` (`ris.duplicate-id`: pandoc renames one of
 * them, so citations may reach the wrong record) and the same reference twice
 * (`ris.duplicate-record`: same DOI, or same title, year and first author), within the file and,
 * through `options.duplicates`, across the files of the workspace. A pair the fast keys match is
 * dropped when the deduplication engine vetoes it, so the diagnostic agrees with the Duplicates view.
 */

import { DiagnosticCode } from '../codes';
import type { RelatedInformation } from '../diagnostic';
import type { DuplicateLookup, DuplicateRef } from '../duplicateIndex';
import { recordDuplicateKeys } from '../duplicateKeys';
import { baseName } from '../wording';
import { defineRule, type RuleContext } from './rule';
import type { RisField, RisRecord } from '../../ris/model';
import { lineEndIn } from '../../ris/pieceText';
import { formatCitationKey } from '../../keys/keySyntax';
import { DEFAULT_VETO_OPTIONS, vetoBetween, vetoFeatures, type VetoOptions } from '../../dedup/vetoFeatures';
import type { KeyedRecord } from '../../keys/pandocKeys';

/** The index of a record's first non-empty `ID` field (pandoc uses a record's first ID only), or -1. */
export function firstIdFieldIndex(r: RisRecord): number {
  return r.fields.findIndex((f) => f.tag === 'ID' && f.value.length > 0);
}

/**
 * Reports field `fi` of record `ri` (`r`), an `ID` whose value `prev` (a field of an earlier record)
 * already has; `own` is the record's entry of `assignPandocKeys` for this file.
 */
export function reportDuplicateId(ctx: RuleContext, r: RisRecord, ri: number, fi: number, prev: RisField, own: KeyedRecord | undefined): void {
  const f = r.fields[fi]!;
  const value = f.value;
  const renamed =
    own !== undefined && own.recordIndex === ri && own.mergedInto === undefined && own.key !== value
      ? `renames this one \`${own.key}\``
      : `renames the later ones \`${value}a\`, \`${value}b\`…`;
  ctx.emit(
    DiagnosticCode.DuplicateId,
    ctx.severity(DiagnosticCode.DuplicateId),
    `Another record (line ${prev.line + 1}) already has ID \`${value}\`. Within one file pandoc keeps the first as \`${value}\` and ${renamed}, so \`${formatCitationKey(value)}\` cites the other record, and this one's key changes whenever a record with this ID is added or removed. (Across the files of one bibliography pandoc renames nothing: the record of the later file hides the earlier one.) Give this record its own ID.`,
    f.valueStart,
    f.valueEnd,
    { recordIndex: ri, fieldIndex: fi },
    [{ message: `First record with ID ${value}`, location: { uri: ctx.uri, start: prev.valueStart, end: prev.valueEnd } }],
  );
}

/** A record whose first non-empty `ID` repeats the ID of an earlier record. */
export const duplicateIdRule = defineRule('duplicate-id', [DiagnosticCode.DuplicateId], 'cross-record', (ctx) => {
  // ID value → the first ID field with it (a field of an earlier record starts before this record).
  const firstIdField = new Map<string, RisField>();
  const records = ctx.doc.records;
  for (let ri = 0; ri < records.length; ri++) {
    const r = records[ri]!;
    const fi = firstIdFieldIndex(r);
    if (fi < 0) continue;
    const f = r.fields[fi]!;
    const prev = firstIdField.get(f.value);
    if (prev === undefined) {
      firstIdField.set(f.value, f);
      continue;
    }
    if (prev.lineStart >= r.start) continue;
    reportDuplicateId(ctx, r, ri, fi, prev, ctx.keyed()[ri]);
  }
});

/** One record found with the same key as the record being validated. */
export interface DuplicateHit {
  readonly key: string;
  readonly uri: string;
  readonly recordIndex: number;
  readonly line: number;
  /** True for a record of this file (found by validation itself), false for one from the lookup. */
  readonly within: boolean;
}

/** Reports record `ri` as a duplicate of the records in `found` (each once, in their order). */
export function reportDuplicateRecord(ctx: RuleContext, ri: number, r: RisRecord, found: DuplicateHit[]): void {
  const { uri } = ctx;
  const related: RelatedInformation[] = [];
  const dups: { uri: string; recordIndex: number; line: number }[] = [];
  const seen = new Set<string>();
  let why = '';
  for (const hit of found) {
    const id = `${hit.uri}\u0000${hit.recordIndex}`;
    if (seen.has(id)) continue;
    seen.add(id);
    const reason = hit.key.startsWith('doi:') ? 'DOI' : 'title, year and first author';
    if (!why) why = reason;
    dups.push({ uri: hit.uri, recordIndex: hit.recordIndex, line: hit.line });
    if (hit.within) {
      const other = ctx.doc.records[hit.recordIndex]!;
      related.push({
        message: `Same ${reason}: record at line ${hit.line + 1}`,
        location: { uri, start: other.start, end: lineEndIn(ctx.at(other.start), other.start) },
      });
    } else {
      related.push({ message: `Same ${reason}: ${baseName(hit.uri)}, line ${hit.line + 1}`, location: { uri: hit.uri, line: hit.line } });
    }
  }
  const inFile = dups.filter((d) => d.uri === uri);
  const elsewhere = dups.filter((d) => d.uri !== uri);
  const where: string[] = [];
  if (inFile.length > 0) where.push(`at line ${inFile.map((d) => d.line + 1).join(', ')} of this file`);
  if (elsewhere.length > 0) {
    where.push(
      `in ${elsewhere.length === 1 ? 'another file' : `${elsewhere.length} other places`} (${elsewhere
        .slice(0, 3)
        .map((d) => `${baseName(d.uri)}:${d.line + 1}`)
        .join(', ')}${elsewhere.length > 3 ? ', …' : ''})`,
    );
  }
  ctx.emit(
    DiagnosticCode.DuplicateRecord,
    ctx.severity(DiagnosticCode.DuplicateRecord),
    `This reference also appears ${where.join(' and ')} (same ${why}). Keep one copy, or deduplicate the exports before screening.`,
    r.start,
    lineEndIn(ctx.at(r.start), r.start),
    { recordIndex: ri, duplicates: dups.slice(0, 50) },
    related.slice(0, 20),
  );
}

/**
 * Appends to `found` (made when needed) the records of files other than `uri` that have `key`,
 * except those the deduplication engine keeps apart from record `r`.
 */
export function otherFileHits(lookup: DuplicateLookup, key: string, uri: string, found: DuplicateHit[] | undefined, r: RisRecord, vetoes: VetoOptions): DuplicateHit[] | undefined {
  return hitsElsewhere(lookup, lookup.recordsWithKey(key, uri), key, uri, found, r, vetoes);
}

/** {@link otherFileHits} among `refs` (the records with `key`, of any file: those of `uri` are passed over). */
function hitsElsewhere(lookup: DuplicateLookup, refs: readonly DuplicateRef[], key: string, uri: string, found: DuplicateHit[] | undefined, r: RisRecord, vetoes: VetoOptions): DuplicateHit[] | undefined {
  for (let o = 0; o < refs.length; o++) {
    const other = refs[o]!;
    if (other.uri === uri) continue;
    const theirs = lookup.vetoFeaturesOf?.(other);
    if (theirs !== undefined && vetoBetween(vetoFeatures(r), theirs, vetoes) !== undefined) continue;
    (found ??= []).push({ key, uri: other.uri, recordIndex: other.recordIndex, line: other.line, within: false });
  }
  return found;
}

/**
 * Records with the same DOI, or the same title, year and first author, as an earlier one or another
 * file's, unless the deduplication engine vetoes the pair (different DOIs or pages, an erratum and
 * its article, a year apart…): a record is reported against the first earlier record with a key
 * that the engine does not keep apart from it. Only records that share a key are compared, so a file
 * without duplicates costs nothing more. When the lookup holds this very document (a duplicate index
 * that has read it), one question per key gives both the earlier records of the file and the other
 * files' (a key held by one record is the record's own: nothing more to ask); else the earlier
 * records come from a map of the file's keys made as the records are visited.
 */
export const duplicateRecordRule = defineRule('duplicate-record', [DiagnosticCode.DuplicateRecord], 'cross-record', (ctx) => {
  const { uri, options } = ctx;
  const records = ctx.doc.records;
  const vetoOptions = options.vetoes ?? DEFAULT_VETO_OPTIONS;
  const lookup = options.duplicates;
  const hits = lookup?.holds?.(uri, ctx.doc) === true && lookup.refsWithKey !== undefined
    ? hitsFromLookup(lookup, lookup.refsWithKey.bind(lookup), uri, records, vetoOptions)
    : hitsFromOwnMap(lookup, uri, records, vetoOptions);
  for (let ri = 0; ri < records.length; ri++) {
    const r = records[ri]!;
    const keys = recordDuplicateKeys(r);
    // Common case: no duplicate. Nothing is allocated beyond the keys (and, without the lookup
    // holding the file, one map entry each).
    let found: DuplicateHit[] | undefined;
    for (let k = 0; k < keys.length; k++) found = hits(keys[k]!, ri, r, found);
    if (found !== undefined) reportDuplicateRecord(ctx, ri, r, found);
  }
});

/**
 * For each key of each record in turn (records in order): appends to `found` (made when needed) the
 * first earlier record of the file with that key that the engine does not keep apart from record
 * `ri` (`r`), then the records of the other files with it that the engine does not keep apart.
 */
type KeyHits = (key: string, ri: number, r: RisRecord, found: DuplicateHit[] | undefined) => DuplicateHit[] | undefined;

/** The file's duplicate hit of a key: record `match`, or none. */
function withinFile(found: DuplicateHit[] | undefined, key: string, uri: string, match: number | undefined, records: readonly RisRecord[]): DuplicateHit[] | undefined {
  if (match !== undefined) (found ??= []).push({ key, uri, recordIndex: match, line: records[match]!.startLine, within: true });
  return found;
}

/** {@link KeyHits} from a map of the file's keys, made as the records are visited, and the other files' from the lookup. */
function hitsFromOwnMap(lookup: DuplicateLookup | undefined, uri: string, records: readonly RisRecord[], vetoOptions: VetoOptions): KeyHits {
  // Duplicate key → the earlier record(s) with it, in order.
  const withKey = new Map<string, number | number[]>();
  return (key, ri, r, found) => {
    const prev = withKey.get(key);
    if (prev === undefined) withKey.set(key, ri);
    else {
      found = withinFile(found, key, uri, firstNotVetoed(r, records, prev, vetoOptions), records);
      if (typeof prev === 'number') withKey.set(key, [prev, ri]);
      else prev.push(ri);
    }
    return lookup === undefined ? found : otherFileHits(lookup, key, uri, found, r, vetoOptions);
  };
}

/**
 * {@link KeyHits} from a lookup that holds the file itself: its refs of a key list the file's records
 * with it in their order, and the other files' records with it, so one question per key answers
 * both (and the file's keys are not put in a map of their own again).
 */
function hitsFromLookup(lookup: DuplicateLookup, refsWithKey: NonNullable<DuplicateLookup['refsWithKey']>, uri: string, records: readonly RisRecord[], vetoOptions: VetoOptions): KeyHits {
  return (key, ri, r, found) => {
    const refs = refsWithKey(key);
    // One ref: this record's own.
    if (refs === undefined || !Array.isArray(refs)) return found;
    const list = refs as readonly DuplicateRef[];
    found = withinFile(found, key, uri, firstEarlierInFile(list, uri, ri, r, records, vetoOptions), records);
    return hitsElsewhere(lookup, list, key, uri, found, r, vetoOptions);
  };
}

/** The first record of `uri` among `refs` before record `ri` (`r`) that the engine does not keep apart from it. */
function firstEarlierInFile(refs: readonly DuplicateRef[], uri: string, ri: number, r: RisRecord, records: readonly RisRecord[], vetoOptions: VetoOptions): number | undefined {
  for (const ref of refs) {
    if (ref.uri !== uri || ref.recordIndex >= ri) continue;
    if (vetoBetween(vetoFeatures(r), vetoFeatures(records[ref.recordIndex]!), vetoOptions) === undefined) return ref.recordIndex;
  }
  return undefined;
}

/** The first of the earlier records `earlier` that the engine does not keep apart from `r`. */
export function firstNotVetoed(r: RisRecord, records: readonly RisRecord[], earlier: number | readonly number[], options: VetoOptions): number | undefined {
  const mine = vetoFeatures(r);
  if (typeof earlier === 'number') return vetoBetween(mine, vetoFeatures(records[earlier]!), options) === undefined ? earlier : undefined;
  for (const p of earlier) if (vetoBetween(mine, vetoFeatures(records[p]!), options) === undefined) return p;
  return undefined;
}
