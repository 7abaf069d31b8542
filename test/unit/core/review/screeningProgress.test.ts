/**
 * What is left to screen: records without a decision, ASReview's not-seen ones, and the next one
 * after a place in the file, wrapping around.
 */
import * as assert from 'node:assert/strict';
import { parseRis } from '../../../../src/core/ris/parser';
import { isUnscreened, nextUnscreened, unscreenedRecords } from '../../../../src/core/review/screeningProgress';

const text = [
  'TY  - JOUR', 'TI  - One', 'N1  - RAYYAN-INCLUSION: {"Ann"=>"Included"}', 'ER  - ',
  'TY  - JOUR', 'TI  - Two', 'ER  - ',
  'TY  - JOUR', 'TI  - Three', 'N1  - ASReview_not_seen', 'ER  - ',
  'TY  - JOUR', 'TI  - Four', 'N1  - ASReview_irrelevant', 'ER  - ',
  'TY  - JOUR', 'TI  - Five', 'N1  - RAYYAN-INCLUSION: {"Ann"=>"Excluded", "Ben"=>"Included"}', 'ER  - ',
  '',
].join('\n');

describe('core/review/screeningProgress', () => {
  const doc = parseRis(text);
  const title = (r: (typeof doc.records)[number] | undefined): string | undefined => r?.fields.find((f) => f.tag === 'TI')?.value;

  it('finds the records left to screen (a conflict is screened)', () => {
    assert.deepEqual(unscreenedRecords(doc).map(title), ['Two', 'Three']);
    assert.equal(isUnscreened(doc.records[0]!), false);
    assert.equal(isUnscreened(doc.records[4]!), false);
  });

  it('finds the next one after an offset, wrapping around', () => {
    assert.equal(title(nextUnscreened(doc, 0)), 'Two');
    assert.equal(title(nextUnscreened(doc, doc.records[1]!.start)), 'Three');
    assert.equal(title(nextUnscreened(doc, doc.records[3]!.start)), 'Two');
  });

  it('finds none when everything is screened', () => {
    assert.equal(nextUnscreened(parseRis('TY  - JOUR\nN1  - ASReview_relevant\nER  - \n'), 0), undefined);
  });
});
