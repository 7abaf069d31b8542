import * as assert from 'node:assert/strict';
import { globMatcher, globToRegExp } from '../../../../src/core/paths/glob';

describe('glob', () => {
  const cases: [string, string, boolean][] = [
    ['**/*.ris', 'refs.ris', true],
    ['**/*.ris', 'a/b/refs.ris', true],
    ['**/*.ris', 'a/b/refs.RIS', false],
    ['**/*.{ris,RIS}', 'a/refs.RIS', true],
    ['refs/*.ris', 'refs/a.ris', true],
    ['refs/*.ris', 'refs/sub/a.ris', false],
    ['**/archive/**', 'x/archive/y/z.ris', true],
    ['**/archive/**', 'x/archived/z.ris', false],
    ['a?.ris', 'ab.ris', true],
    ['a?.ris', 'a/.ris', false],
    ['[ab].ris', 'b.ris', true],
    ['[!ab].ris', 'b.ris', false],
    ['file (1).ris', 'file (1).ris', true],
  ];
  for (const [glob, path, expected] of cases) {
    it(`${glob} ${expected ? 'matches' : 'does not match'} ${path}`, () => {
      assert.equal(globToRegExp(glob).test(path), expected);
    });
  }

  it('combines include and exclude lists', () => {
    const match = globMatcher(['**/*.ris'], ['**/node_modules/**', 'old/**']);
    assert.equal(match('refs/a.ris'), true);
    assert.equal(match('old/a.ris'), false);
    assert.equal(match('x/node_modules/p/a.ris'), false);
    assert.equal(match('refs/a.bib'), false);
  });
});
