import * as assert from 'node:assert/strict';
import { closestKeys, editDistance } from '../../../../src/core/keys/keySuggestions';

describe('key suggestions', () => {
  it('measures edit distance with transpositions', () => {
    assert.equal(editDistance('liu2021', 'liu2021'), 0);
    assert.equal(editDistance('liu2021', 'liu2012'), 1, 'two swapped digits are one edit');
    assert.equal(editDistance('Shen_Wu_2017', 'Shen_Wu_Suk_2017'), 4);
    assert.equal(editDistance('abc', 'xyz'), 3);
    assert.equal(editDistance('short', 'a much longer key', 2), 3, 'stops past the limit');
  });

  it('offers the closest keys first, truncated keys before typos', () => {
    const keys = ['Shen_Wu_Suk_2017', 'Litjens_2017', 'Esteva_2017', 'Esteva_2019', 'Topol_2019'];
    assert.deepEqual(closestKeys('Esteva_2018', keys, 3), ['Esteva_2017', 'Esteva_2019']);
    assert.deepEqual(closestKeys('Shen_Wu', keys), ['Shen_Wu_Suk_2017']);
    assert.deepEqual(closestKeys('topol_2019', keys), ['Topol_2019'], 'case-insensitive');
    assert.deepEqual(closestKeys('Nobody_1900', keys), []);
  });
});
