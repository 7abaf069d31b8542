/**
 * Writing a screening decision into a record as Rayyan writes it, so that Rayyan-compatible tools
 * (and `decisions.ts`) read it back: the reviewer's vote in the `RAYYAN-INCLUSION` map of the
 * record's Rayyan note, and exclusion reasons in its `RAYYAN-EXCLUSION-REASONS` part. The result is
 * one minimal `TextEdit`: inside an existing note only the characters that change, else one new
 * `N1  - RAYYAN-INCLUSION: {…}` line before the record's `ER` (in the file's line ending). Every other
 * byte of the file stays as it is.
 */
import type { RisDocument, RisRecord } from '../ris/model';
import { textSlice } from '../ris/pieceText';
import type { TextEdit } from '../text/edits';
import { parseRayyanVotes, rayyanParts, splitRayyanList, type ReviewerVote, type Vote } from './decisions';

/** What to write: the reviewer, the vote, and the reasons of an exclusion (added to those already there). */
export interface RayyanDecisionInput {
  readonly reviewer: string;
  readonly vote: Vote;
  readonly reasons?: readonly string[];
}

const VOTE_WORD: Readonly<Record<Vote, string>> = { included: 'Included', excluded: 'Excluded', maybe: 'Maybe' };

function quoteRuby(text: string): string {
  return `"${text.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** A `RAYYAN-INCLUSION` map as Rayyan writes it: `{"Ann"=>"Included", "Bob"=>"Excluded"}`. */
export function formatRayyanVotes(votes: readonly ReviewerVote[]): string {
  return `{${votes.map((v) => `${quoteRuby(v.reviewer)}=>${quoteRuby(VOTE_WORD[v.vote])}`).join(', ')}}`;
}

function withVote(votes: readonly ReviewerVote[], input: RayyanDecisionInput): ReviewerVote[] {
  const out = votes.map((v) => (v.reviewer === input.reviewer ? { reviewer: v.reviewer, vote: input.vote } : v));
  if (!votes.some((v) => v.reviewer === input.reviewer)) out.push({ reviewer: input.reviewer, vote: input.vote });
  return out;
}

function mergedReasons(existing: readonly string[], added: readonly string[]): string[] {
  const out = [...existing];
  for (const r of added) {
    const clean = r.replace(/[,|\r\n]+/g, ' ').trim();
    if (clean !== '' && !out.includes(clean)) out.push(clean);
  }
  return out;
}

/** The smallest edit turning `oldText` (at `offset`) into `newText`: common prefix and suffix left out. */
function minimalEdit(offset: number, oldText: string, newText: string): TextEdit | undefined {
  if (oldText === newText) return undefined;
  let p = 0;
  while (p < oldText.length && p < newText.length && oldText[p] === newText[p]) p++;
  let s = 0;
  while (s < oldText.length - p && s < newText.length - p && oldText[oldText.length - 1 - s] === newText[newText.length - 1 - s]) s++;
  return { start: offset + p, end: offset + oldText.length - s, newText: newText.slice(p, newText.length - s) };
}

/**
 * The edit that records `input` on `record` of `doc` in Rayyan's notation, or undefined when the
 * record already says exactly that. The reviewer's vote replaces their earlier one; other reviewers'
 * votes, the note's other parts and any original note are kept.
 */
export function rayyanDecisionEdit(doc: RisDocument, record: RisRecord, input: RayyanDecisionInput): TextEdit | undefined {
  if (input.reviewer.trim() === '') throw new Error('A Rayyan decision needs a reviewer name');
  const reasons = input.vote === 'excluded' ? (input.reasons ?? []) : [];
  for (const field of record.fields) {
    if (field.tag !== 'N1') continue;
    // The note's text as written on its tag line and continuation lines.
    const raw = textSlice(doc, field.valueStart, field.end);
    const parts = rayyanParts(raw);
    const inclusion = parts.find((p) => p.name === 'RAYYAN-INCLUSION');
    if (inclusion === undefined) continue;
    const inclusionText = `RAYYAN-INCLUSION: ${formatRayyanVotes(withVote(parseRayyanVotes(inclusion.value), input))}`;
    let next = `${raw.slice(0, inclusion.start)}${inclusionText}${raw.slice(inclusion.end)}`;
    if (reasons.length > 0) {
      const old = parts.find((p) => p.name === 'RAYYAN-EXCLUSION-REASONS');
      if (old) {
        // Offsets after the inclusion part moved by the change of its length.
        const shift = old.start > inclusion.start ? inclusionText.length - (inclusion.end - inclusion.start) : 0;
        const value = `RAYYAN-EXCLUSION-REASONS: ${mergedReasons(splitRayyanList(old.value), reasons).join(',')}`;
        next = `${next.slice(0, old.start + shift)}${value}${next.slice(old.end + shift)}`;
      } else {
        const at = inclusion.start + inclusionText.length;
        next = `${next.slice(0, at)} | RAYYAN-EXCLUSION-REASONS: ${mergedReasons([], reasons).join(',')}${next.slice(at)}`;
      }
    }
    return minimalEdit(field.valueStart, raw, next);
  }
  const parts = [`RAYYAN-INCLUSION: ${formatRayyanVotes([{ reviewer: input.reviewer, vote: input.vote }])}`];
  if (reasons.length > 0) parts.push(`RAYYAN-EXCLUSION-REASONS: ${mergedReasons([], reasons).join(',')}`);
  const line = `N1  - ${parts.join(' | ')}`;
  if (record.endTag) return { start: record.endTag.lineStart, end: record.endTag.lineStart, newText: `${line}${doc.newline}` };
  // No ER: after the record's last line.
  return { start: record.end, end: record.end, newText: `${doc.newline}${line}` };
}
