/**
 * Citation keys in Markdown: which keys pandoc's bare `@key` syntax reads whole, which need
 * `@{key}`, which cannot be cited at all, and the text of a citation.
 */
import * as assert from 'node:assert/strict';
import {
  bareKeyEnd,
  citationKeyProblem,
  citationText,
  formatCitationKey,
  needsBraces,
} from '../../../../src/core/keys/keySyntax';

describe('citation keys: Markdown', () => {
  const BARE = ['Smith_2020', '_2001', 'Müller_2010', '王_2020', '𝔄bc', 'x²', 'Ⅻx', '٣٤', '2023-15354-001', '3515', 'a:b', 'a_', 'a#1',
    'http://x.org/y', 'a:/b', 'a//b', '*abc', 'Mueller_Loomis_2008/08', 'a_b.c-d+e?f<g>h~i%j&k$l', 'A._B._C._2017_Mar'];
  const BRACED = ['Doe_n.d.', 'Shannon_1948/07//', 'Mueller_Loomis_2008/08//', 'a::b', 'a--b', 'a.-b', '-ab', 'a.', 'a/', 'a;b', 'a,b',
    'a[b]', 'a]b', 'a@b', 'a"b', 'a\\b', 'a`b`', 'a{b}c', 'Mu\u0308ller_2010', 'x\u200by', 'x\u2028y', 'Van\ufeffDer_2020'];
  const UNCITABLE: readonly [string, string][] = [
    ['', 'empty'],
    ['my key', 'whitespace'],
    ['A._B._C._2017_Mar. 2017', 'whitespace'],
    ['x\u00a0y', 'whitespace'],
    ['x\ty', 'whitespace'],
    ['x\u3000y', 'whitespace'],
    ['a}b', 'unbalanced-braces'],
    ['a{b', 'unbalanced-braces'],
    ['}{', 'unbalanced-braces'],
  ];

  for (const key of BARE) {
    it(`@${key} is a bare key`, () => {
      assert.equal(needsBraces(key), false);
      assert.equal(citationKeyProblem(key), undefined);
      assert.equal(formatCitationKey(key), `@${key}`);
    });
  }
  for (const key of BRACED) {
    it(`${JSON.stringify(key)} needs braces`, () => {
      assert.equal(needsBraces(key), true);
      assert.equal(citationKeyProblem(key), undefined);
      assert.equal(formatCitationKey(key), `@{${key}}`);
    });
  }
  for (const [key, problem] of UNCITABLE) {
    it(`${JSON.stringify(key)} cannot be cited: ${problem}`, () => {
      assert.equal(citationKeyProblem(key), problem);
      assert.equal(needsBraces(key), true);
    });
  }

  it('citationText: bracketed and bare', () => {
    assert.equal(citationText(['Smith_2020', 'Doe_n.d.'], 'bracketed'), '[@Smith_2020; @{Doe_n.d.}]');
    assert.equal(citationText(['Smith_2020', 'Doe_n.d.'], 'bare'), '@Smith_2020; @{Doe_n.d.}');
    assert.equal(citationText(['a'], 'bracketed'), '[@a]');
    assert.equal(citationText([], 'bare'), '');
  });
});

describe('citation keys: the bare-key grammar (bareKeyEnd)', () => {
  it('a key may start with `*` (pandoc: `@*x` is the key `*x`; `@*` alone is the nocite wildcard)', () => {
    for (const key of ['*x', '*', '*_x', '*.x', '*1']) assert.equal(needsBraces(key), false, key);
    for (const key of ['**x', 'x*y', '*x*', '*-', '*.']) assert.equal(needsBraces(key), true, key);
    assert.equal(bareKeyEnd('**x', 0), 1);
    assert.equal(bareKeyEnd('x*y', 0), 1);
  });

  it('reads from an offset up to a limit, and -1 when no key starts there', () => {
    assert.equal(bareKeyEnd('See @Doe_2020.', 5), 13);
    assert.equal(bareKeyEnd('@a:b', 1), 4);
    assert.equal(bareKeyEnd('@a:b', 1, 3), 2, 'the `:` needs a key character before the limit');
    assert.equal(bareKeyEnd('@a://b', 1), 6);
    assert.equal(bareKeyEnd('@ a', 1), -1);
    assert.equal(bareKeyEnd('@-a', 1), -1);
    assert.equal(bareKeyEnd('@a', 2), -1);
    assert.equal(bareKeyEnd('@𝔄𝔅.𝔇', 1), 8, 'astral letters count as two UTF-16 units');
  });
});
