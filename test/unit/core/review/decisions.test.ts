/**
 * Screening decisions read from the corpus files that carry them: ASReview's `N1` labels
 * (`asreview/baseline_tag-notes_labels.ris`, whose titles say what each record is labelled), Rayyan's
 * notes (`citation-file-formatting/_baseline_rayyan.ris`), Covidence's lists (the four
 * `_baseline_covidence_*.ris` exports); and Rayyan notes of several reviewers, with conflicts.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { decodeRisBytes } from '../../../../src/core/ris/decode';
import type { RisDocument } from '../../../../src/core/ris/model';
import { parseRis } from '../../../../src/core/ris/parser';
import { titleOf } from '../../../../src/core/ris/recordSummary';
import {
  covidenceVerdict,
  decisionOf,
  describeDecision,
  detectDecisionFormat,
  parseRayyanVotes,
  rayyanParts,
  verdictOfVotes,
} from '../../../../src/core/review/decisions';
import { corpusDir } from '../../helpers/repo';

function corpusFile(file: string): RisDocument {
  return parseRis(decodeRisBytes(fs.readFileSync(path.join(corpusDir(), file))).text);
}

describe('review: screening decisions', () => {
  it('reads every ASReview label of baseline_tag-notes_labels.ris as its title says', () => {
    const doc = corpusFile('asreview/baseline_tag-notes_labels.ris');
    assert.equal(doc.records.length, 32);
    const seen = { included: 0, excluded: 0, unscreened: 0, none: 0 };
    for (const record of doc.records) {
      const title = titleOf(record) ?? '';
      const decision = decisionOf(record);
      if (title.includes('labeled "relevant"')) assert.equal(decision?.verdict, 'included', title);
      else if (title.includes('labeled "irrelevant"')) assert.equal(decision?.verdict, 'excluded', title);
      else if (title.includes('not been labeled')) assert.equal(decision?.verdict, 'unscreened', title);
      else assert.equal(decision, undefined, `${title}: no ASReview label`);
      seen[decision === undefined ? 'none' : (decision.verdict as 'included' | 'excluded' | 'unscreened')]++;
      if (decision) assert.equal(decision.format, 'asreview');
    }
    assert.deepEqual(seen, { included: 10, excluded: 10, unscreened: 10, none: 2 });
    assert.equal(decisionOf(doc.records[0]!)?.prior, true, 'ASReview_prior on the first record');
    assert.equal(decisionOf(doc.records[2]!)?.prior, false);
    assert.equal(decisionOf(doc.records[2]!, true)?.verdict, 'automatic', 'not_seen is automatic when screening stopped early');
    assert.equal(detectDecisionFormat(doc.records), 'asreview');
  });

  it('reads the Rayyan votes of _baseline_rayyan.ris (2 included, 2 maybe, 2 excluded, 4 undecided)', () => {
    const doc = corpusFile('citation-file-formatting/_baseline_rayyan.ris');
    assert.equal(doc.records.length, 10);
    const verdicts = doc.records.map((r) => decisionOf(r)?.verdict ?? 'none');
    assert.deepEqual(verdicts, ['included', 'included', 'maybe', 'maybe', 'excluded', 'excluded', 'none', 'none', 'none', 'none']);
    const first = decisionOf(doc.records[0]!)!;
    assert.equal(first.format, 'rayyan');
    assert.deepEqual(first.votes, [{ reviewer: 'Emily', vote: 'included' }]);
    assert.equal(first.field?.tag, 'N1');
    assert.equal(describeDecision(first), 'included by Emily');
    assert.equal(detectDecisionFormat(doc.records), 'rayyan');
  });

  it('takes a Covidence export list as the decision of its records, per stage', () => {
    for (const tool of ['endnote', 'mendeley', 'refworks', 'zotero']) {
      const doc = corpusFile(`citation-file-formatting/_baseline_covidence_${tool}.ris`);
      assert.equal(doc.records.length, 10, tool);
      assert.equal(detectDecisionFormat(doc.records), undefined, `${tool}: Covidence writes no decision into the records`);
    }
    assert.equal(covidenceVerdict('irrelevant', 'screening'), 'excluded');
    assert.equal(covidenceVerdict('screen', 'screening'), 'unscreened');
    assert.equal(covidenceVerdict('full-text', 'screening'), 'included');
    assert.equal(covidenceVerdict('excluded', 'screening'), 'included', 'excluded at full text: passed title/abstract screening');
    assert.equal(covidenceVerdict('excluded', 'fulltext'), 'excluded');
    assert.equal(covidenceVerdict('full-text', 'fulltext'), 'unscreened');
    assert.equal(covidenceVerdict('irrelevant', 'fulltext'), undefined);
  });

  it('shows the votes of several reviewers, a conflict when they differ, and exclusion reasons and labels', () => {
    const note = 'Original note | RAYYAN-INCLUSION: {"Ann"=>"Included", "Bob"=>"Excluded"} | RAYYAN-LABELS: rct,adults | RAYYAN-EXCLUSION-REASONS: wrong population,wrong outcome';
    const doc = parseRis(`TY  - JOUR\nTI  - A\nN1  - ${note}\nER  - \n`);
    const d = decisionOf(doc.records[0]!)!;
    assert.equal(d.verdict, 'conflict');
    assert.deepEqual(d.votes.map((v) => v.reviewer), ['Ann', 'Bob']);
    assert.deepEqual(d.reasons, ['wrong population', 'wrong outcome']);
    assert.deepEqual(d.labels, ['rct', 'adults']);
    assert.equal(describeDecision(d), 'conflict (Ann: included, Bob: excluded) — wrong population, wrong outcome');
    assert.deepEqual(rayyanParts(note).map((p) => p.name), ['RAYYAN-INCLUSION', 'RAYYAN-LABELS', 'RAYYAN-EXCLUSION-REASONS']);
    assert.equal(verdictOfVotes(parseRayyanVotes('{"Ann"=>"Maybe", "Bob"=>"Maybe"}')), 'maybe');
    assert.equal(verdictOfVotes(parseRayyanVotes('{}')), 'unscreened');
    assert.deepEqual(parseRayyanVotes('{"A \\"B\\""=>"Included"}'), [{ reviewer: 'A "B"', vote: 'included' }]);
  });
});
