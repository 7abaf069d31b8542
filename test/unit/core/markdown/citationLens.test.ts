import * as assert from 'node:assert/strict';
import { citationLensTitle, MAX_RECORDS_WITH_UNCITED_LENS } from '../../../../src/core/markdown/citationLens';

describe('citationLensTitle', () => {
  it('counts the citations of a record', () => {
    assert.equal(citationLensTitle(1, 12), 'cited once');
    assert.equal(citationLensTitle(3, 12), 'cited 3 times');
    assert.equal(citationLensTitle(2, 100_000), 'cited 2 times', 'a cited record of a large export keeps its lens');
  });

  it('says "not cited" only in a file of review size', () => {
    assert.equal(citationLensTitle(0, 12), 'not cited');
    assert.equal(citationLensTitle(0, MAX_RECORDS_WITH_UNCITED_LENS), 'not cited');
    assert.equal(citationLensTitle(0, MAX_RECORDS_WITH_UNCITED_LENS + 1), undefined);
    assert.equal(citationLensTitle(0, 10_000), undefined);
  });
});
