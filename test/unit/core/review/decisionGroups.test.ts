/**
 * Screening decisions in the References view, hovers and cards: the four decision groups with
 * their counts, the exclusion-reason level (the example review's Rayyan export: 13 included, 4
 * excluded, 1 maybe), the `decision:`/`reason:` filter words, and the one-line text of a decision.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseRis } from '../../../../src/core/ris/parser';
import { decisionOf, type RecordDecision } from '../../../../src/core/review/decisions';
import {
  decisionDetails,
  decisionGroupOf,
  decisionSummary,
  exclusionReasonsOf,
  groupByDecision,
  groupByDecisionSteps,
  hasDecisionFilter,
  matchesDecisionFilter,
  NO_REASON,
  parseDecisionFilter,
  UNSEEN_REASON,
} from '../../../../src/core/review/decisionGroups';

function decision(partial: Partial<RecordDecision> & Pick<RecordDecision, 'verdict'>): RecordDecision {
  return { format: 'rayyan', votes: [], reasons: [], labels: [], prior: false, field: undefined, ...partial };
}

const EXAMPLE = path.resolve(__dirname, '../../../../../examples/review/screening/rayyan-export.ris');

describe('core/review/decisionGroups', () => {
  it('puts each verdict in its group', () => {
    assert.equal(decisionGroupOf('included'), 'included');
    assert.equal(decisionGroupOf('excluded'), 'excluded');
    assert.equal(decisionGroupOf('automatic'), 'excluded');
    assert.equal(decisionGroupOf('maybe'), 'undecided');
    assert.equal(decisionGroupOf('conflict'), 'undecided');
    assert.equal(decisionGroupOf('unscreened'), 'unscreened');
    assert.equal(decisionGroupOf(undefined), 'unscreened');
  });

  it('groups the example review’s Rayyan export: 13 included, 4 excluded by reason, 1 maybe', () => {
    const doc = parseRis(fs.readFileSync(EXAMPLE, 'utf8'));
    const groups = groupByDecision(doc.records, (r) => decisionOf(r));
    assert.deepEqual(groups.map((g) => g.label), ['Included (13)', 'Excluded (4)', 'Maybe or conflict (1)']);
    const excluded = groups.find((g) => g.key === 'excluded')!;
    assert.deepEqual(excluded.reasons.map((r) => r.label), ['wrong publication type (3)', 'wrong population (1)']);
    assert.deepEqual(groups.find((g) => g.key === 'included')!.reasons, []);
  });

  it('lists a record under each of its reasons, “no reason given” and the tool’s exclusions last', () => {
    const items: RecordDecision[] = [
      decision({ verdict: 'excluded', reasons: ['wrong population', 'Wrong Outcome'] }),
      decision({ verdict: 'excluded' }),
      decision({ verdict: 'automatic', format: 'asreview' }),
      decision({ verdict: 'excluded', reasons: ['wrong outcome', 'wrong outcome'] }),
      decision({ verdict: 'conflict' }),
    ];
    const groups = groupByDecision([...items, undefined], (d) => d);
    assert.deepEqual(groups.map((g) => g.label), ['Excluded (4)', 'Maybe or conflict (1)', 'Not screened (1)']);
    assert.deepEqual(groups[0]!.reasons.map((r) => r.label), ['Wrong Outcome (2)', 'wrong population (1)', `${NO_REASON} (1)`, `${UNSEEN_REASON} (1)`]);
    assert.deepEqual(exclusionReasonsOf(items[3]), ['wrong outcome']);
    assert.deepEqual(exclusionReasonsOf(decision({ verdict: 'included', reasons: ['stale'] })), []);
  });

  it('groups in steps exactly as at once', () => {
    const verdicts = ['excluded', 'included', 'maybe', 'conflict', 'automatic', 'unscreened'] as const;
    const reasons = ['wrong population', 'Wrong Outcome', 'wrong outcome', 'duplicate'];
    const items = Array.from({ length: 1000 }, (_, i) =>
      i % 17 === 0 ? undefined : decision({ verdict: verdicts[i % verdicts.length]!, reasons: i % 3 === 0 ? [reasons[i % 4]!] : [] }),
    );
    const plain = (groups: ReturnType<typeof groupByDecision<RecordDecision | undefined>>): unknown =>
      groups.map((g) => [g.label, g.items.map((d) => items.indexOf(d)), g.reasons.map((r) => [r.label, r.items.map((d) => items.indexOf(d))])]);
    const steps = groupByDecisionSteps(items, (d) => d, 64);
    let yields = 0;
    let step = steps.next();
    for (; step.done !== true; step = steps.next()) yields++;
    assert.equal(yields, Math.ceil(items.length / 64) - 1);
    assert.deepEqual(plain(step.value), plain(groupByDecision(items, (d) => d)));
  });

  it('reads decision: and reason: words out of a filter and keeps the rest for the search', () => {
    const f = parseDecisionFilter('liu decision:excluded reason:"wrong population" 2021');
    assert.deepEqual([...f.verdicts!], ['excluded', 'automatic']);
    assert.deepEqual(f.reasons, ['wrong population']);
    assert.equal(f.text, 'liu 2021');
    assert.deepEqual(f.problems, []);
    assert.ok(hasDecisionFilter(f));

    assert.deepEqual([...parseDecisionFilter('Decision:"not screened"').verdicts!], ['unscreened', 'none']);
    assert.deepEqual([...parseDecisionFilter('decision:maybe decision:conflict').verdicts!], ['maybe', 'conflict']);
    const plain = parseDecisionFilter('deep learning');
    assert.equal(plain.verdicts, undefined);
    assert.equal(plain.text, 'deep learning');
    assert.ok(!hasDecisionFilter(plain));
    const bad = parseDecisionFilter('decision:rejected');
    assert.equal(bad.problems.length, 1);
    assert.match(bad.problems[0]!, /rejected/);
  });

  it('matches records against the decision part of a filter', () => {
    const excluded = decision({ verdict: 'excluded', reasons: ['wrong population'] });
    const included = decision({ verdict: 'included' });
    const byDecision = parseDecisionFilter('decision:excluded');
    assert.ok(matchesDecisionFilter(byDecision, excluded));
    assert.ok(!matchesDecisionFilter(byDecision, included));
    assert.ok(!matchesDecisionFilter(byDecision, undefined));
    assert.ok(matchesDecisionFilter(parseDecisionFilter('decision:unscreened'), undefined));
    assert.ok(matchesDecisionFilter(parseDecisionFilter('decision:unscreened'), decision({ verdict: 'unscreened' })));
    const byReason = parseDecisionFilter('reason:population');
    assert.ok(matchesDecisionFilter(byReason, excluded));
    assert.ok(!matchesDecisionFilter(byReason, decision({ verdict: 'excluded', reasons: ['wrong outcome'] })));
    assert.ok(!matchesDecisionFilter(byReason, included));
    assert.ok(matchesDecisionFilter(parseDecisionFilter('reason:"no reason"'), decision({ verdict: 'excluded' })));
  });

  it('says what was decided in a few words, with the votes in the details', () => {
    const votes = [
      { reviewer: 'Ann', vote: 'excluded' as const },
      { reviewer: 'Ben', vote: 'excluded' as const },
    ];
    assert.equal(decisionSummary(decision({ verdict: 'included' })), 'Included');
    assert.equal(decisionSummary(decision({ verdict: 'excluded', votes, reasons: ['wrong population'] })), 'Excluded: wrong population');
    assert.equal(decisionSummary(decision({ verdict: 'excluded' })), 'Excluded');
    assert.equal(decisionSummary(decision({ verdict: 'conflict', votes: [{ reviewer: 'Ann', vote: 'included' }, { reviewer: 'Ben', vote: 'excluded' }] })), 'Conflict: Ann included, Ben excluded');
    assert.equal(decisionSummary(decision({ verdict: 'maybe' })), 'Maybe');
    assert.equal(decisionSummary(decision({ verdict: 'included', format: 'asreview', prior: true })), 'Included (prior)');
    assert.match(decisionSummary(decision({ verdict: 'automatic', format: 'asreview' })), /^Excluded by the screening tool/);
    assert.equal(decisionSummary(undefined), 'Not screened');
    assert.equal(decisionDetails(decision({ verdict: 'excluded', votes, reasons: ['wrong population'] })), 'Excluded: wrong population — Ann excluded, Ben excluded');
    assert.equal(decisionDetails(decision({ verdict: 'included', format: 'asreview' })), 'Included');
  });
});
