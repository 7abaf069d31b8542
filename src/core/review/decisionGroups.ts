/**
 * Screening decisions as the References view, hovers and the record card show them: the four groups
 * of the view grouped by decision (Included, Excluded, Maybe or conflict, Not screened), the
 * exclusion-reason level under Excluded, the `decision:`/`reason:` words of the view's filter, and
 * the one-line text of a decision ("Excluded: wrong population", "Conflict: Ann included, Ben
 * excluded"). The decision of a record is found by the host (a {@link DecisionSource}, usually the
 * review's screening files through `ScreeningLookup`); nothing here reads files.
 */
import { finishSteps } from '../ris/readInTurns';
import type { RecordDecision, Verdict } from './decisions';
import type { CitedRecord } from './screeningLookup';

/** Where the decisions of library records come from. */
export interface DecisionSource {
  /** True when the workspace has a review with screening files (so decisions mean something). */
  readonly available: boolean;
  /** The decision on a library record, undefined when no screening record is it. */
  decisionOf(record: CitedRecord): RecordDecision | undefined;
  /** Resolves once the decisions are read (ask {@link available} after it). */
  ready(): Promise<void>;
}

/** The first level of the view grouped by decision. */
export type DecisionGroupKey = 'included' | 'excluded' | 'undecided' | 'unscreened';

/** The groups in the order the view lists them. */
export const DECISION_GROUPS: readonly DecisionGroupKey[] = ['included', 'excluded', 'undecided', 'unscreened'];

/** The name of each group, without its count. */
export const DECISION_GROUP_NAMES: Readonly<Record<DecisionGroupKey, string>> = {
  included: 'Included',
  excluded: 'Excluded',
  undecided: 'Maybe or conflict',
  unscreened: 'Not screened',
};

/** The reason group of an exclusion without a reason. */
export const NO_REASON = 'no reason given';
/** The reason group of a record an automation tool left unseen when screening stopped early. */
export const UNSEEN_REASON = 'left unseen when screening stopped early';

/** The group of a verdict (no decision at all is "not screened"; the tool's automatic exclusion is excluded). */
export function decisionGroupOf(verdict: Verdict | undefined): DecisionGroupKey {
  switch (verdict) {
    case 'included':
      return 'included';
    case 'excluded':
    case 'automatic':
      return 'excluded';
    case 'maybe':
    case 'conflict':
      return 'undecided';
    default:
      return 'unscreened';
  }
}

/**
 * The reason groups an excluded record belongs to: each of its reasons (as first written, a reason
 * repeated with other capitals counts once), {@link NO_REASON} when it has none, {@link UNSEEN_REASON}
 * for the tool's automatic exclusion. Empty for a record that was not excluded.
 */
export function exclusionReasonsOf(decision: RecordDecision | undefined): string[] {
  if (!decision || decisionGroupOf(decision.verdict) !== 'excluded') return [];
  if (decision.verdict === 'automatic') return [UNSEEN_REASON];
  const seen = new Set<string>();
  const out: string[] = [];
  for (const reason of decision.reasons) {
    const key = reason.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(reason);
  }
  return out.length > 0 ? out : [NO_REASON];
}

/** A group of items of one exclusion reason. */
export interface ReasonGroup<T> {
  readonly reason: string;
  /** "wrong population (3)" */
  readonly label: string;
  readonly items: readonly T[];
}

/** A first-level group of the view grouped by decision. */
export interface DecisionGroup<T> {
  readonly key: DecisionGroupKey;
  /** "Excluded (4)" */
  readonly label: string;
  readonly items: readonly T[];
  /** Under Excluded only: one group per reason (a record with two reasons is in both), largest first. */
  readonly reasons: readonly ReasonGroup<T>[];
}

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

/**
 * Groups `items` by the decision `decisionOf` gives each, in the order of {@link DECISION_GROUPS},
 * empty groups left out; items keep their order inside a group. Under Excluded, the reason groups:
 * the largest first, then by name, with "no reason given" and the tool's exclusions last.
 */
export function groupByDecision<T>(items: readonly T[], decisionOf: (item: T) => RecordDecision | undefined): DecisionGroup<T>[] {
  return finishSteps(groupByDecisionSteps(items, decisionOf, Infinity));
}

/** {@link groupByDecision}, yielding after every `perStep` items (a host grouping 100,000 references in turns). */
export function* groupByDecisionSteps<T>(items: readonly T[], decisionOf: (item: T) => RecordDecision | undefined, perStep: number): Generator<void, DecisionGroup<T>[]> {
  const byGroup = new Map<DecisionGroupKey, T[]>(DECISION_GROUPS.map((k) => [k, []]));
  const byReason = new Map<string, { reason: string; items: T[] }>();
  for (let n = 0; n < items.length; n++) {
    if (n > 0 && n % perStep === 0) yield;
    const item = items[n]!;
    const decision = decisionOf(item);
    byGroup.get(decisionGroupOf(decision?.verdict))!.push(item);
    for (const reason of exclusionReasonsOf(decision)) {
      const key = reason.toLowerCase();
      const group = byReason.get(key);
      if (group) group.items.push(item);
      else byReason.set(key, { reason, items: [item] });
    }
  }
  const last = (r: string): number => (r === NO_REASON ? 1 : r === UNSEEN_REASON ? 2 : 0);
  const reasons: ReasonGroup<T>[] = [...byReason.values()]
    .sort((a, b) => last(a.reason) - last(b.reason) || b.items.length - a.items.length || collator.compare(a.reason, b.reason))
    .map((g) => ({ reason: g.reason, label: `${g.reason} (${g.items.length})`, items: g.items }));
  return DECISION_GROUPS.flatMap((key) => {
    const list = byGroup.get(key)!;
    if (list.length === 0) return [];
    return [{ key, label: `${DECISION_GROUP_NAMES[key]} (${list.length})`, items: list, reasons: key === 'excluded' ? reasons : [] }];
  });
}

/** What `decision:` accepts, and the verdicts each word stands for. */
const DECISION_WORDS: Readonly<Record<string, readonly (Verdict | 'none')[]>> = {
  included: ['included'],
  include: ['included'],
  excluded: ['excluded', 'automatic'],
  exclude: ['excluded', 'automatic'],
  maybe: ['maybe'],
  conflict: ['conflict'],
  conflicts: ['conflict'],
  undecided: ['maybe', 'conflict'],
  unscreened: ['unscreened', 'none'],
  'not-screened': ['unscreened', 'none'],
  'not screened': ['unscreened', 'none'],
  none: ['unscreened', 'none'],
};

/** The `decision:` words, for messages and completion. */
export const DECISION_FILTER_WORDS: readonly string[] = ['included', 'excluded', 'maybe', 'conflict', 'undecided', 'unscreened'];

/** The filter word of each group (`decision:<word>`), for the quick pick that sets it. */
export const DECISION_GROUP_FILTER: Readonly<Record<DecisionGroupKey, string>> = {
  included: 'included',
  excluded: 'excluded',
  undecided: 'undecided',
  unscreened: 'unscreened',
};

/** The decision part of a filter text, and the text left for the ordinary search. */
export interface DecisionFilter {
  /** The verdicts asked for (`none`: no decision at all); undefined when the text has no `decision:`. */
  readonly verdicts: ReadonlySet<Verdict | 'none'> | undefined;
  /** `reason:` words, lower case: an excluded record with a reason containing any of them matches. */
  readonly reasons: readonly string[];
  /** The rest of the text, for the search. */
  readonly text: string;
  /** Words that were not understood (`decision:foo`), for the view's message. */
  readonly problems: readonly string[];
}

const FILTER_WORD = /(?:^|\s)(decision|reason):(?:"([^"]*)"?|(\S*))/gi;

/**
 * Reads `decision:excluded`, `decision:"not screened"`, `reason:population` and `reason:"wrong
 * population"` out of a filter text (several `decision:` words: any of them; several `reason:`
 * words: any of them). The rest of the text is returned for the search.
 */
export function parseDecisionFilter(input: string): DecisionFilter {
  let verdicts: Set<Verdict | 'none'> | undefined;
  const reasons: string[] = [];
  const problems: string[] = [];
  const text = input.replace(FILTER_WORD, (_all, name: string, quoted: string | undefined, bare: string | undefined) => {
    const value = (quoted ?? bare ?? '').trim().toLowerCase();
    if (name.toLowerCase() === 'reason') {
      if (value !== '') reasons.push(value);
      return ' ';
    }
    const meant = DECISION_WORDS[value];
    if (meant) {
      verdicts ??= new Set();
      for (const v of meant) verdicts.add(v);
    } else {
      problems.push(`unknown decision “${value}” (use ${DECISION_FILTER_WORDS.join(', ')})`);
    }
    return ' ';
  });
  return { verdicts, reasons, text: text.replace(/\s+/g, ' ').trim(), problems };
}

/** True when the filter has `decision:` or `reason:` words. */
export function hasDecisionFilter(filter: DecisionFilter): boolean {
  return filter.verdicts !== undefined || filter.reasons.length > 0 || filter.problems.length > 0;
}

/** True when a record with `decision` passes the decision part of `filter`. */
export function matchesDecisionFilter(filter: DecisionFilter, decision: RecordDecision | undefined): boolean {
  if (filter.verdicts !== undefined && !filter.verdicts.has(decision ? decision.verdict : 'none')) return false;
  if (filter.reasons.length > 0) {
    const reasons = exclusionReasonsOf(decision).map((r) => r.toLowerCase());
    if (!filter.reasons.some((wanted) => reasons.some((r) => r.includes(wanted)))) return false;
  }
  return true;
}

function listVotes(decision: RecordDecision): string {
  return decision.votes.map((v) => `${v.reviewer} ${v.vote}`).join(', ');
}

/**
 * The decision in a few words, for hovers and cards: "Included", "Excluded: wrong population",
 * "Conflict: Ann included, Ben excluded", "Maybe", "Not screened", "Excluded by the screening tool
 * (left unseen when screening stopped early)"; "(prior)" after an ASReview prior record.
 */
export function decisionSummary(decision: RecordDecision | undefined): string {
  const prior = decision?.prior ? ' (prior)' : '';
  switch (decision?.verdict) {
    case 'included':
      return `Included${prior}`;
    case 'excluded':
      return decision.reasons.length > 0 ? `Excluded: ${exclusionReasonsOf(decision).join(', ')}${prior}` : `Excluded${prior}`;
    case 'automatic':
      return `Excluded by the screening tool (${UNSEEN_REASON})`;
    case 'maybe':
      return `Maybe${prior}`;
    case 'conflict':
      return `Conflict: ${listVotes(decision)}`;
    default:
      return 'Not screened';
  }
}

/**
 * The decision with the votes behind it, for tooltips and the record card: the summary, then each
 * reviewer's vote when the summary does not already list them ("Excluded: wrong population — Ann
 * excluded, Ben excluded").
 */
export function decisionDetails(decision: RecordDecision | undefined): string {
  const summary = decisionSummary(decision);
  if (!decision || decision.verdict === 'conflict' || decision.votes.length === 0) return summary;
  return `${summary} — ${listVotes(decision)}`;
}
