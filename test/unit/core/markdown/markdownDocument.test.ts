import * as assert from 'node:assert/strict';
import { citationAt } from '../../../../src/core/markdown/markdownDocument';

describe('citationAt', () => {
  const md = 'Intro [see @smith04, p. 3; -@doe99] and @{Doe_n.d.} end.';

  it('finds the citation whose @key holds the offset, its end included', () => {
    const at = md.indexOf('@smith04');
    assert.equal(citationAt(md, at)?.key, 'smith04');
    assert.equal(citationAt(md, at + 3)?.key, 'smith04');
    assert.equal(citationAt(md, at + '@smith04'.length)?.key, 'smith04');
    assert.equal(citationAt(md, md.indexOf('doe99'))?.key, 'doe99');
    assert.equal(citationAt(md, md.indexOf('Doe_n.d.}') + 2)?.key, 'Doe_n.d.');
    assert.equal(citationAt(md, md.indexOf('Doe_n.d.}') + 9)?.key, 'Doe_n.d.', 'just after the brace');
  });

  it('finds nothing outside a key', () => {
    assert.equal(citationAt(md, 0), undefined);
    assert.equal(citationAt(md, md.indexOf(', p. 3') + 2), undefined);
    assert.equal(citationAt(md, md.indexOf('-@doe99')), undefined);
    assert.equal(citationAt('`@code`', 2), undefined);
    assert.equal(citationAt('', 0), undefined);
  });

  it('finds a citation in a later paragraph', () => {
    const text = 'First @a.\n\n```\n@x\n```\n\nSecond [@b].';
    assert.equal(citationAt(text, text.indexOf('@b') + 1)?.bracketed, true);
  });
});
