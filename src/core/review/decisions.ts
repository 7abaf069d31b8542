/**
 * Screening decisions as the tools reviewers use store them in RIS, read back from a record:
 * ASReview's `N1` labels (`ASReview_relevant`, `ASReview_irrelevant`, `ASReview_not_seen`, with
 * `ASReview_prior`), Rayyan's `N1` note parts (`RAYYAN-INCLUSION: {"Ann"=>"Included", …}`,
 * `RAYYAN-EXCLUSION-REASONS: a,b`, `RAYYAN-LABELS: …`, joined by ` | `), and Covidence, whose
 * decision is the export list a file came from (the manifest says which). Nothing here writes; see
 * `rayyanNote.ts` for writing a decision.
 */
import type { RisField, RisRecord } from '../ris/model';

/** A reviewer's vote or a record's decision at one stage. */
export type Vote = 'included' | 'excluded' | 'maybe';

/**
 * A record's decision at one stage: a vote, `conflict` (reviewers disagree), `unscreened` (no
 * decision yet), or `automatic` (left unseen by an automation tool that stopped screening early).
 */
export type Verdict = Vote | 'conflict' | 'unscreened' | 'automatic';

/** Every verdict, in the order the views list them. */
export const VERDICTS: readonly Verdict[] = ['included', 'maybe', 'conflict', 'excluded', 'unscreened', 'automatic'];

/** The tool whose notation a decision was read from. */
export type DecisionFormat = 'asreview' | 'rayyan' | 'covidence';

/** Covidence's export lists (one RIS file each). */
export const COVIDENCE_LISTS = ['screen', 'irrelevant', 'full-text', 'excluded', 'included'] as const;
/** One of Covidence's export lists. */
export type CovidenceList = (typeof COVIDENCE_LISTS)[number];

/** The screening stage a decision belongs to. */
export type Stage = 'screening' | 'fulltext';

/** One reviewer's vote (Rayyan). */
export interface ReviewerVote {
  readonly reviewer: string;
  readonly vote: Vote;
}

/** The decision read from one record. */
export interface RecordDecision {
  readonly verdict: Verdict;
  readonly format: DecisionFormat;
  /** Rayyan's votes per reviewer, in the note's order; empty for other formats. */
  readonly votes: readonly ReviewerVote[];
  /** Rayyan's exclusion reasons, as written. */
  readonly reasons: readonly string[];
  /** Rayyan's labels, as written. */
  readonly labels: readonly string[];
  /** ASReview: the record was a prior (training) record. */
  readonly prior: boolean;
  /** The `N1` field that carries the decision (undefined for Covidence). */
  readonly field: RisField | undefined;
}

const ASREVIEW_LABEL = /\bASReview_(relevant|irrelevant|not_seen)\b/;
const RAYYAN_VOTE = /"((?:[^"\\]|\\.)*)"\s*=>\s*"((?:[^"\\]|\\.)*)"/g;

/** One ` | `-separated part of a Rayyan note: its name (`RAYYAN-INCLUSION`) and value. */
export interface RayyanPart {
  readonly name: string;
  readonly value: string;
  /** Offsets of the part (name to end of value) inside the note text it was read from. */
  readonly start: number;
  readonly end: number;
}

/** The `RAYYAN-…`/`USER-NOTES` parts of a note (other text, such as an original note, is skipped). */
export function rayyanParts(note: string): RayyanPart[] {
  const parts: RayyanPart[] = [];
  const marker = /(?:^|\s\|\s)((RAYYAN-[A-Z-]+|USER-NOTES): ?)/g;
  const found: { name: string; start: number; valueStart: number }[] = [];
  for (let m = marker.exec(note); m !== null; m = marker.exec(note)) {
    const start = m.index + m[0].length - m[1]!.length;
    found.push({ name: m[2]!, start, valueStart: m.index + m[0].length });
  }
  found.forEach((f, i) => {
    const next = found[i + 1];
    // A part ends where the next one's ` | ` starts, or at the end of the note.
    const value = note.slice(f.valueStart, next === undefined ? note.length : next.start - 3).trimEnd();
    parts.push({ name: f.name, value, start: f.start, end: f.valueStart + value.length });
  });
  return parts;
}

/** The votes of a `RAYYAN-INCLUSION` value: `{"Ann"=>"Included", "Bob"=>"Excluded"}`. */
export function parseRayyanVotes(value: string): ReviewerVote[] {
  const votes: ReviewerVote[] = [];
  for (const m of value.matchAll(RAYYAN_VOTE)) {
    const vote = m[2]!.toLowerCase();
    if (vote === 'included' || vote === 'excluded' || vote === 'maybe') votes.push({ reviewer: unescapeRuby(m[1]!), vote });
  }
  return votes;
}

function unescapeRuby(text: string): string {
  return text.replace(/\\(.)/g, '$1');
}

/** The verdict of a set of votes: the shared vote, `conflict` when they differ, `unscreened` when none. */
export function verdictOfVotes(votes: readonly ReviewerVote[]): Verdict {
  if (votes.length === 0) return 'unscreened';
  const first = votes[0]!.vote;
  return votes.every((v) => v.vote === first) ? first : 'conflict';
}

/** A comma-separated Rayyan list (`wrong population,foreign language`), trimmed, empties dropped. */
export function splitRayyanList(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function rayyanDecision(field: RisField): RecordDecision | undefined {
  const parts = rayyanParts(field.value);
  const inclusion = parts.find((p) => p.name === 'RAYYAN-INCLUSION');
  if (inclusion === undefined) return undefined;
  const votes = parseRayyanVotes(inclusion.value);
  const reasons = parts.find((p) => p.name === 'RAYYAN-EXCLUSION-REASONS');
  const labels = parts.find((p) => p.name === 'RAYYAN-LABELS');
  return {
    verdict: verdictOfVotes(votes),
    format: 'rayyan',
    votes,
    reasons: reasons ? splitRayyanList(reasons.value) : [],
    labels: labels ? splitRayyanList(labels.value) : [],
    prior: false,
    field,
  };
}

/**
 * The decision a record carries in its notes: Rayyan's when it has a `RAYYAN-INCLUSION` note, else
 * ASReview's when an `N1` has an `ASReview_…` label (`not_seen` is `unscreened`, or `automatic` when
 * `stoppedEarly`: the tool's stopping rule left it unseen). Undefined when the record carries neither.
 */
export function decisionOf(record: RisRecord, stoppedEarly = false): RecordDecision | undefined {
  let asreview: RecordDecision | undefined;
  let prior = false;
  for (const field of record.fields) {
    if (field.tag !== 'N1') continue;
    const rayyan = rayyanDecision(field);
    if (rayyan) return rayyan;
    if (/\bASReview_prior\b/.test(field.value)) prior = true;
    const m = asreview === undefined ? ASREVIEW_LABEL.exec(field.value) : null;
    if (m) {
      const verdict: Verdict = m[1] === 'relevant' ? 'included' : m[1] === 'irrelevant' ? 'excluded' : stoppedEarly ? 'automatic' : 'unscreened';
      asreview = { verdict, format: 'asreview', votes: [], reasons: [], labels: [], prior: false, field };
    }
  }
  return asreview ? { ...asreview, prior } : undefined;
}

/**
 * The verdict of a record in a Covidence export list, at a stage: at title/abstract screening,
 * `irrelevant` is excluded, `screen` is not screened yet and the other lists passed; at full text,
 * `excluded` and `included` are the decisions, `full-text` is waiting and `screen`/`irrelevant`
 * records never reached the stage (undefined).
 */
export function covidenceVerdict(list: CovidenceList, stage: Stage): Verdict | undefined {
  if (stage === 'screening') return list === 'irrelevant' ? 'excluded' : list === 'screen' ? 'unscreened' : 'included';
  if (list === 'excluded' || list === 'included') return list;
  return list === 'full-text' ? 'unscreened' : undefined;
}

/** The decision of a record in a Covidence list (see {@link covidenceVerdict}). */
export function covidenceDecision(list: CovidenceList, stage: Stage): RecordDecision | undefined {
  const verdict = covidenceVerdict(list, stage);
  return verdict === undefined ? undefined : { verdict, format: 'covidence', votes: [], reasons: [], labels: [], prior: false, field: undefined };
}

/** Guesses the format of a file's decisions from its records: the first record that carries one decides. */
export function detectDecisionFormat(records: readonly RisRecord[]): DecisionFormat | undefined {
  for (const record of records) {
    const d = decisionOf(record);
    if (d) return d.format;
  }
  return undefined;
}

/** A one-line description of a decision for hovers and tooltips: "excluded (Ann: excluded, Bob: maybe) — wrong population". */
export function describeDecision(decision: RecordDecision): string {
  const votes = decision.votes.length > 1 ? ` (${decision.votes.map((v) => `${v.reviewer}: ${v.vote}`).join(', ')})` : decision.votes.length === 1 ? ` by ${decision.votes[0]!.reviewer}` : '';
  const reasons = decision.reasons.length > 0 ? ` — ${decision.reasons.join(', ')}` : '';
  const prior = decision.prior ? ' (prior)' : '';
  return `${decision.verdict}${votes}${prior}${reasons}`;
}
