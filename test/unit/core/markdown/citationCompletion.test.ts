import * as assert from 'node:assert/strict';
import { citationCompletionContext } from '../../../../src/core/markdown/citationCompletion';
import { cursor } from '../../helpers/cursor';

describe('citationCompletionContext', () => {
  function context(text: string) {
    const { text: md, offset } = cursor(text);
    return citationCompletionContext(md, offset);
  }

  it('triggers right after an @ that starts a citation', () => {
    for (const t of ['See @|', 'See [@|', 'See [@a; @|', 'See [-@|', '@|', '(@|', 'x\n@|']) {
      const c = context(t);
      assert.ok(c, t);
      assert.equal(c.prefix, '');
      assert.equal(c.replaceStart, t.indexOf('|'));
      assert.equal(c.replaceEnd, c.replaceStart);
      assert.equal(c.braced, false);
    }
    assert.equal(context('See [@a; @|')?.insideBrackets, true);
    assert.equal(context('See [@|')?.insideBrackets, true);
    assert.equal(context('See @|')?.insideBrackets, false);
  });

  it('gives the typed prefix and a range over the whole key', () => {
    const { text, offset } = cursor('See [@Do|e_2020, p. 3]');
    const c = citationCompletionContext(text, offset);
    assert.ok(c);
    assert.equal(c.prefix, 'Do');
    assert.equal(c.at, text.indexOf('@'));
    assert.equal(c.replaceStart, text.indexOf('@') + 1);
    assert.equal(text.slice(c.replaceStart, c.replaceEnd), 'Doe_2020');
    assert.equal(context('See @Doe_n.|')?.prefix, 'Doe_n.');
    assert.equal(context('See @Müll|')?.prefix, 'Müll');
  });

  it('handles braced keys, the range taking the closing brace', () => {
    const { text, offset } = cursor('See [@{Doe_n.|d.}]');
    const c = citationCompletionContext(text, offset);
    assert.ok(c);
    assert.equal(c.braced, true);
    assert.equal(c.prefix, 'Doe_n.');
    assert.equal(c.replaceStart, text.indexOf('{') + 1);
    assert.equal(text.slice(c.replaceStart, c.replaceEnd), 'Doe_n.d.}');
    const open = context('See @{|');
    assert.equal(open?.braced, true);
    assert.equal(open?.prefix, '');
  });

  it('does not trigger after a word character, in e-mails, code, math, comments, URLs or metadata', () => {
    for (const t of [
      'me@exam|',
      'me@|',
      'first.last@|',
      'See `@|`',
      'See ``x @|``',
      '```\n@|\n```\n',
      '    code\n\n    @|\n',
      '---\ntitle: @|\n---\n',
      'x $a @| b$',
      'x <!-- @| -->',
      'https://x.org/@|',
      'x \\@|',
      'x @a b|',
      'x @a, |',
      'x @a!|',
      '|',
    ]) {
      assert.equal(context(t), undefined, t);
    }
  });
});
