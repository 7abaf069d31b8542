import * as assert from 'node:assert/strict';
import { insertCitationEdit } from '../../../../src/core/markdown/citationInsert';
import { cursor } from '../../helpers/cursor';

/** Applies the edit of `insertCitationEdit` at the `|` of `text`. */
function inserted(text: string, keyList: string[], format: string = 'pandoc', braces?: (k: string) => boolean): string {
  const { text: md, offset } = cursor(text);
  const edit = insertCitationEdit(md, offset, keyList, format, braces);
  assert.equal(edit.start, edit.end, 'an insertion');
  return md.slice(0, edit.start) + edit.newText + md.slice(edit.end);
}

describe('insertCitationEdit', () => {
  it('writes a new citation in the chosen format', () => {
    assert.equal(inserted('As shown |.', ['a']), 'As shown [@a].');
    assert.equal(inserted('As shown |.', ['a', 'b']), 'As shown [@a; @b].');
    assert.equal(inserted('As |says', ['a', 'b'], 'pandoc-bare'), 'As @a; @bsays');
    assert.equal(inserted('word|', ['a'], 'pandoc-bare'), 'word @a', 'a space so that it is not an e-mail');
    assert.equal(inserted('x |', ['a', 'b'], '[@${keys}]'), 'x [@a; @b]');
    assert.equal(inserted('x |', ['a', 'b'], '\\cite{${key}}'), 'x \\cite{a}');
    assert.equal(inserted('x |', ['a'], 'plain'), 'x plain');
  });

  it('writes braces where a key needs them (default check or the one passed)', () => {
    assert.equal(inserted('x |', ['Doe_n.d.', 'Shannon_1948/07//', 'ok']), 'x [@{Doe_n.d.}; @{Shannon_1948/07//}; @ok]');
    assert.equal(inserted('x |', ['ok'], 'pandoc', () => true), 'x [@{ok}]');
    assert.equal(inserted('x |', ['Doe_n.d.'], '[@${keys}]'), 'x [@{Doe_n.d.}]');
  });

  it('adds to an existing group before its ] when the cursor is inside an entry', () => {
    assert.equal(inserted('x [@x|] y', ['a']), 'x [@x; @a] y');
    assert.equal(inserted('x [@x, p. 3|] y', ['a', 'b']), 'x [@x, p. 3; @a; @b] y');
    assert.equal(inserted('x [se|e @x, p. 3] y', ['a']), 'x [see @x, p. 3; @a] y');
    assert.equal(inserted('x [@x, p|. 3; @y] y', ['a']), 'x [@x, p. 3; @y; @a] y');
    assert.equal(inserted('x [@x  |  ] y', ['a']), 'x [@x; @a    ] y');
  });

  it('adds at the cursor when it is between entries, whatever the format', () => {
    assert.equal(inserted('x [@x; |@y]', ['a']), 'x [@x; @a; @y]');
    assert.equal(inserted('x [@x;| @y]', ['a']), 'x [@x; @a; @y]');
    assert.equal(inserted('x [@x;|@y]', ['a']), 'x [@x; @a; @y]');
    assert.equal(inserted('x [|@y]', ['a', 'b']), 'x [@a; @b; @y]');
    assert.equal(inserted('x [@x| ; @y]', ['a']), 'x [@x; @a ; @y]');
    assert.equal(inserted('x [@x; |@y]', ['a'], 'pandoc-bare'), 'x [@x; @a; @y]');
    assert.equal(inserted('x [@x; |@y]', ['a'], '<${key}>'), 'x [@x; @a; @y]');
  });

  it('treats a cursor just before or after a group as inside it', () => {
    assert.equal(inserted('x [@x]| y', ['a']), 'x [@x; @a] y');
    assert.equal(inserted('x |[@x] y', ['a']), 'x [@a; @x] y');
  });

  it('moves a cursor inside a key to the end of the citation', () => {
    assert.equal(inserted('x [@sm|ith] y', ['a']), 'x [@smith; @a] y');
    assert.equal(inserted('x @sm|ith y', ['a']), 'x @smith[@a] y');
  });

  it('completes an unfinished bracket', () => {
    assert.equal(inserted('x [@x; |', ['a']), 'x [@x; @a');
    assert.equal(inserted('x [@x;|', ['a']), 'x [@x; @a');
    assert.equal(inserted('x [|]', ['a', 'b']), 'x [@a; @b]');
    assert.equal(inserted('x [@x|', ['a']), 'x [@x; @a');
  });

  it('returns an empty insertion for no keys', () => {
    assert.deepEqual(insertCitationEdit('x', 1, [], 'pandoc'), { start: 1, end: 1, newText: '' });
  });
});
