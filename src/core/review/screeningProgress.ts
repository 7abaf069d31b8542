/**
 * What is left to screen in a screening file: the records without a decision (no Rayyan or
 * ASReview note, or one that says not screened yet), their count, and the next one after a place
 * in the file (for the status bar's "next unscreened record").
 */
import type { RisDocument, RisRecord } from '../ris/model';
import { decisionOf } from './decisions';

/** True when the record carries no decision yet (no note, or ASReview's `not_seen`, or a Rayyan note without votes). */
export function isUnscreened(record: RisRecord): boolean {
  const decision = decisionOf(record);
  return decision === undefined || decision.verdict === 'unscreened';
}

/** The records of `doc` left to screen, in file order. */
export function unscreenedRecords(doc: RisDocument): RisRecord[] {
  return doc.records.filter(isUnscreened);
}

/**
 * The first record left to screen that starts after `offset`, else (wrapping around) the first in
 * the file; undefined when none is left.
 */
export function nextUnscreened(doc: RisDocument, offset: number): RisRecord | undefined {
  const left = unscreenedRecords(doc);
  return left.find((r) => r.start > offset) ?? left[0];
}
