import * as assert from 'node:assert/strict';
import { scanCitations } from '../../../../src/core/markdown/citationScanner';
import { type Citation } from '../../../../src/core/markdown/citation';
import { citationCompletionContext } from '../../../../src/core/markdown/citationCompletion';
import { insertCitationEdit } from '../../../../src/core/markdown/citationInsert';
import { citationAt } from '../../../../src/core/markdown/markdownDocument';
import { needsBraces } from '../../../../src/core/keys/keySyntax';

/** Keys in order. */
function keys(markdown: string): string[] {
  return scanCitations(markdown).map((c) => c.key);
}

/** `N` bracketed, `S` suppress-author, `T` in-text: what pandoc's JSON calls the citation mode. */
function modes(markdown: string): string[] {
  return scanCitations(markdown).map((c) => `${c.suppressAuthor ? 'S' : c.bracketed ? 'N' : 'T'}:${c.key}`);
}

/** Checks that every range of a citation covers what it says. */
function checkRanges(markdown: string, c: Citation): void {
  assert.equal(markdown[c.start], '@', `start of ${c.key}`);
  assert.equal(markdown.slice(c.keyStart, c.keyEnd), c.key);
  assert.equal(c.keyStart, c.start + (c.braced ? 2 : 1));
  assert.equal(c.end, c.keyEnd + (c.braced ? 1 : 0));
  if (c.braced) assert.equal(markdown[c.end - 1], '}');
  if (c.group) {
    assert.equal(markdown[c.group.start], '[');
    assert.equal(markdown[c.group.end - 1], ']');
    assert.ok(c.entry && c.group.start < c.entry.start && c.entry.end < c.group.end);
    assert.ok(c.entry.start <= c.start && c.end <= c.entry.end);
  }
}

function only(markdown: string): Citation {
  const all = scanCitations(markdown);
  assert.equal(all.length, 1, `one citation in ${JSON.stringify(markdown)}: ${all.map((c) => c.key).join(', ')}`);
  checkRanges(markdown, all[0]);
  return all[0];
}

/** Splits `text` at the `|` cursor marker. */
function cursor(text: string): { text: string; offset: number } {
  const offset = text.indexOf('|');
  assert.ok(offset >= 0, 'cursor marker');
  return { text: text.slice(0, offset) + text.slice(offset + 1), offset };
}

/** Applies the edit of `insertCitationEdit` at the `|` of `text`. */
function inserted(text: string, keyList: string[], format: string = 'pandoc', braces?: (k: string) => boolean): string {
  const { text: md, offset } = cursor(text);
  const edit = insertCitationEdit(md, offset, keyList, format, braces);
  assert.equal(edit.start, edit.end, 'an insertion');
  return md.slice(0, edit.start) + edit.newText + md.slice(edit.end);
}

describe('scanCitations: syntax', () => {
  it('reads a bracketed group with locators, prefixes and exact positions', () => {
    const md = 'As shown [see @a, pp. 33-35; also @b, chap. 1].';
    const [a, b] = scanCitations(md);
    checkRanges(md, a);
    checkRanges(md, b);
    assert.deepEqual(
      [a, b].map((c) => [c.key, c.start, c.end, c.bracketed, c.prefix, c.suffix, c.locator]),
      [
        ['a', md.indexOf('@a'), md.indexOf('@a') + 2, true, 'see', ', pp. 33-35', 'pp. 33-35'],
        ['b', md.indexOf('@b'), md.indexOf('@b') + 2, true, 'also', ', chap. 1', 'chap. 1'],
      ],
    );
    assert.deepEqual(a.group, { start: md.indexOf('['), end: md.indexOf(']') + 1 });
    assert.deepEqual(b.group, a.group);
    assert.deepEqual(a.entry, { start: md.indexOf('[') + 1, end: md.indexOf(';') });
    assert.deepEqual(b.entry, { start: md.indexOf(';') + 1, end: md.indexOf(']') });
  });

  it('reads [@a; @b, p. 3] and [@a;@b] without prefixes', () => {
    const md = '[@a; @b, p. 3]';
    const [a, b] = scanCitations(md);
    assert.equal(a.prefix, undefined);
    assert.equal(a.suffix, undefined);
    assert.equal(b.locator, 'p. 3');
    assert.deepEqual(modes('x [@a;@b]'), ['N:a', 'N:b']);
    assert.deepEqual(modes('x [ @a ]'), ['N:a']);
  });

  it('reads suppress-author citations, with start at the @', () => {
    const md = 'Smith says [-@smith04, p. 3].';
    const c = only(md);
    assert.equal(c.suppressAuthor, true);
    assert.equal(c.bracketed, true);
    assert.equal(c.start, md.indexOf('@'));
    assert.equal(c.prefix, undefined);
    assert.equal(c.locator, 'p. 3');
    assert.deepEqual(modes('x [see -@a; -@b]'), ['S:a', 'S:b']);
    assert.equal(only('[see -@a]').prefix, 'see');
    assert.deepEqual(modes('x -@a'), ['S:a'], 'pandoc also reads a bare -@a');
    assert.deepEqual(modes('x p.3-@a'), ['T:a'], 'after a letter or digit the - is text');
  });

  it('reads in-text citations and their bracketed locator', () => {
    const md = '@smith04 says so, and @doe99 [p. 33] agrees.';
    const [a, b] = scanCitations(md);
    assert.deepEqual([a.key, a.bracketed, a.suffix], ['smith04', false, undefined]);
    assert.deepEqual([b.key, b.bracketed, b.suffix, b.locator], ['doe99', false, 'p. 33', 'p. 33']);
    assert.equal(b.end, md.indexOf(' [p. 33]'));
    assert.equal(only('x @a[p. 3]').locator, 'p. 3');
    assert.equal(only('x @a\n[p. 3]').locator, 'p. 3');
    assert.equal(only('x @a [see p. 3; also here]').suffix, undefined, 'a ; is not a locator');
    assert.equal(only('x @a []').suffix, undefined);
    assert.equal(only('x @a [p. 3](http://x.org)').suffix, undefined, 'a link, not a locator');
    assert.deepEqual(modes('x @a [@b]'), ['T:a', 'N:b']);
  });

  it('reads braced keys', () => {
    const md = 'See @{Doe_n.d.} and [@{Shannon_1948/07//}, p. 3].';
    const [a, b] = scanCitations(md);
    checkRanges(md, a);
    checkRanges(md, b);
    assert.deepEqual([a.key, a.braced, a.bracketed], ['Doe_n.d.', true, false]);
    assert.deepEqual([b.key, b.braced, b.bracketed, b.locator], ['Shannon_1948/07//', true, true, 'p. 3']);
    assert.equal(md.slice(a.start, a.end), '@{Doe_n.d.}');
    assert.deepEqual(keys('x @{a{b}c} @{a}b @{a\\}b}'), ['a{b}c', 'a', 'a\\']);
    assert.deepEqual(keys('x @{my key} @{unclosed @{} [@{}]'), [], 'no whitespace, no empty key');
  });

  it('ends a bare key before trailing punctuation (pandoc citeKey)', () => {
    const cases: [string, string][] = [
      ['@Doe_2020.', 'Doe_2020'],
      ['@Doe_2020:', 'Doe_2020'],
      ['@Doe_n.d.', 'Doe_n.d'],
      ['@Shannon_1948/07//', 'Shannon_1948/07/'],
      ['@a.b.c', 'a.b.c'],
      ['@a:b.', 'a:b'],
      ['@a--b', 'a'],
      ['@a..b', 'a'],
      ['@a::b', 'a'],
      ['@a.-b', 'a'],
      ['@a-', 'a'],
      ['@a_', 'a_'],
      ['@a__b', 'a__b'],
      ['@a://b', 'a://b'],
      ['@a//b', 'a//b'],
      ["@a's", 'a'],
      ['@a’s', 'a'],
      ['@a!b', 'a'],
      ['@a(b)', 'a'],
      ['@a]b', 'a'],
      ['@123', '123'],
      ['@_2001', '_2001'],
      ['@_', '_'],
    ];
    for (const [md, key] of cases) assert.deepEqual(keys(`x ${md}`), [key], md);
    for (const p of ['#', '$', '%', '&', '+', '?', '<', '>', '~', '/', ':', '.', '-']) {
      assert.deepEqual(keys(`x @a${p}b`), [`a${p}b`], `internal ${p}`);
    }
    assert.deepEqual(keys('x @-a @ a @ @*'), [], 'no key');
  });

  it('reads Unicode letters and numbers in keys, but not combining marks or other symbols', () => {
    assert.deepEqual(keys('x @Müller_2010 @日本 @ȧb @a٣ @ＡＢ'), ['Müller_2010', '日本', 'ȧb', 'a٣', 'ＡＢ']);
    const astral = 'x @𝔘ber_2020 end';
    const c = only(astral);
    assert.equal(c.key, '𝔘ber_2020');
    assert.equal(c.end, astral.indexOf(' end'));
    assert.deepEqual(keys('x @a\u0301b @a·b @a‐b'), ['a', 'a', 'a']);
  });

  it('reads what the group holds when it is not a valid group', () => {
    assert.deepEqual(modes('x [@a; see]'), ['T:a'], 'an entry without a citation');
    assert.deepEqual(modes('x [foo; @a]'), ['T:a']);
    assert.deepEqual(modes('x [@a;; @b]'), ['T:a', 'T:b']);
    assert.deepEqual(modes('x [@a; @b;]'), ['T:a', 'T:b']);
    assert.deepEqual(modes('x [@a](http://x.org)'), ['T:a'], 'link text');
    assert.deepEqual(modes('x [@a]{.class}'), ['T:a'], 'a span');
    assert.deepEqual(modes('x [@a][]'), ['T:a'], 'a reference link');
    assert.deepEqual(modes('x [@a][x@[@b]'), ['N:a', 'N:b'], 'not a reference label');
    assert.deepEqual(modes('x \\[@a]'), ['T:a'], 'escaped bracket');
    assert.deepEqual(modes('x [@a\\]'), ['T:a']);
    assert.deepEqual(modes('[@a\n\nb]'), ['T:a'], 'a group does not cross a blank line');
    assert.deepEqual(modes('- a [@x\n- b @y]'), ['T:x', 'T:y'], 'nor a list item');
  });

  it('reads nested brackets and extra keys in an entry as pandoc does', () => {
    assert.deepEqual(modes('x [see [@a]]'), ['N:a']);
    assert.deepEqual(modes('x [[@a]]'), ['N:a']);
    assert.deepEqual(modes('x [see [here] @a]'), ['N:a']);
    assert.equal(only('x [see [here] @a]').prefix, 'see [here]');
    assert.equal(only('x [@a, [p. 3]]').suffix, ', [p. 3]');
    assert.deepEqual(modes('x [see @a and @b]'), ['N:a', 'T:b'], 'the second key is in the suffix');
    assert.deepEqual(modes('x [@a\\;b]'), ['N:a']);
    assert.deepEqual(modes('x [@a `x]` ]'), ['N:a'], 'a ] in code does not close');
  });

  it('reads groups across lines and collapses whitespace in prefixes and suffixes', () => {
    const md = 'x [see\n@a,\n   p. 3;\nalso @b]';
    const [a, b] = scanCitations(md);
    assert.deepEqual([a.prefix, a.suffix, b.prefix], ['see', ', p. 3', 'also']);
    assert.deepEqual(modes('> quote [@a;\n> @b]'), ['N:a', 'N:b']);
  });

  it('keeps positions exact with CRLF line ends', () => {
    const md = 'a [@x;\r\n@y] `@z`\r\n\r\n```\r\n@w\r\n```\r\n@v\r\n';
    const all = scanCitations(md);
    assert.deepEqual(all.map((c) => `${c.bracketed ? 'N' : 'T'}:${c.key}`), ['N:x', 'N:y', 'T:v']);
    for (const c of all) checkRanges(md, c);
    assert.equal(all[2].start, md.lastIndexOf('@v'));
  });
});

describe('scanCitations: what is not a citation', () => {
  it('skips e-mail addresses', () => {
    assert.deepEqual(keys('Write to me@example.com or first.last@uni.edu, or <me@example.com>.'), []);
    assert.deepEqual(keys('x john_@example.com a+b@x.org 1@a é@a x.@a'), []);
    assert.deepEqual(keys('x (@a) "@b" *@c* _@d ,@e'), ['a', 'b', 'c', 'd', 'e']);
  });

  it('skips code spans with backtick runs of any length', () => {
    assert.deepEqual(keys('x `@a` ``@b ` @c`` ```@d``` @e'), ['e']);
    assert.deepEqual(keys('x `code\nover @a lines` @b'), ['b']);
    assert.deepEqual(keys('x ` @a'), ['a'], 'an unclosed backtick is text');
    assert.deepEqual(keys('x ``@f` @b'), ['b'], 'pandoc retries a run without a closer with one backtick fewer');
    assert.deepEqual(keys('x `code\n\nmore` @a'), ['a'], 'a code span does not cross a blank line');
  });

  it('skips fenced code blocks (``` and ~~~, info strings, up to 3 spaces of indentation)', () => {
    assert.deepEqual(keys('```\n@a\n```\n@b'), ['b']);
    assert.deepEqual(keys('~~~~ {.python}\n@a\n~~~~\n@b'), ['b']);
    assert.deepEqual(keys('   ```js\n   @a\n   ```\n@b'), ['b']);
    assert.deepEqual(keys('```` md\n```\n@a\n````\n@b'), ['b'], 'a shorter fence does not close');
    assert.deepEqual(keys('text\n```\n@a\n```\n@b'), ['b'], 'a fence interrupts a paragraph');
    assert.deepEqual(keys('> ```\n> @a\n> ```\n\n@b'), ['b'], 'in a block quote');
    assert.deepEqual(keys('- item\n\n  ```\n  @a\n  ```\n'), [], 'in a list item');
    assert.deepEqual(keys('```\n@a'), ['a'], 'pandoc reads an unclosed fence as text');
  });

  it('skips indented code blocks after a blank line, but not list paragraphs or continuation lines', () => {
    assert.deepEqual(keys('text\n\n    @a\n\n@b'), ['b']);
    assert.deepEqual(keys('text\n\n\t@a\n'), []);
    assert.deepEqual(keys('    @a\n'), [], 'at the start of the document');
    assert.deepEqual(keys('text\n    @a'), ['a'], 'a continuation line');
    assert.deepEqual(keys('- item\n\n    @a'), ['a'], 'a list paragraph');
    assert.deepEqual(keys('- item\n\n        @a'), [], 'code inside a list item');
    assert.deepEqual(keys('1. item\n\n    @a continuation\n\nx'), ['a']);
    assert.deepEqual(keys('> text\n>\n>     @a'), [], 'code in a block quote');
  });

  it('skips the YAML front matter', () => {
    const md = '---\ntitle: "@notakey"\nauthor: me@x.org\nnocite: "@a"\n---\n\nText @b.';
    const c = only(md);
    assert.equal(c.key, 'b');
  });

  it('skips HTML comments, also over several paragraphs', () => {
    assert.deepEqual(keys('x <!-- @a --> @b'), ['b']);
    assert.deepEqual(keys('x <!-- @a\n\n@b\n\n--> @c'), ['c']);
    assert.deepEqual(keys('<!--\n@a\n-->\n\n@b'), ['b']);
    assert.deepEqual(keys('x <!-- unclosed @a'), ['a']);
  });

  it('skips escaped \\@', () => {
    assert.deepEqual(keys('x \\@a and @b'), ['b']);
    assert.deepEqual(keys('a\\@b @c'), ['c']);
  });

  it('skips URLs, autolinks, link destinations and HTML attributes', () => {
    assert.deepEqual(keys('See https://x.org/@user and http://mastodon.social/@me/1 @a'), ['a']);
    assert.deepEqual(keys('See www.x.org/@user @a'), ['a']);
    assert.deepEqual(keys('See <https://x.org/@user> <mailto:me@x.org> @a'), ['a']);
    assert.deepEqual(keys('See [the page](/users/@bob "@title") @a'), ['a']);
    assert.deepEqual(keys('x <span title="@a">@b</span>'), ['b']);
    assert.deepEqual(keys('x [see https://x.org/@u; @a]'), ['a']);
  });

  it('skips TeX math', () => {
    assert.deepEqual(keys('x $@a$ $$@b$$ $ @c $'), ['c'], 'no math when a space follows the opening $');
    assert.deepEqual(keys('x $5 and @a and $6'), ['a'], 'prices are not math');
    assert.deepEqual(keys('x $a\n@b$ @c'), ['c']);
  });
});

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

describe('scanCitations: the bare-key grammar is the one of keySyntax', () => {
  it('reads a bare @key whole exactly when needsBraces is false', () => {
    const samples = ['Shannon_1948', 'Müller_2010', '_2001', '2023-15354-001', 'a:b', 'a://b', 'Smith_Doe_2020', '*x', '*_x', '*.x',
      'Doe_n.d.', 'Shannon_1948/07//', '-a', 'a..b', 'a.', '**x', 'x*y', '𝔄bc', 'a#1'];
    for (const k of samples) {
      const read = keys(`See @${k}`);
      if (needsBraces(k)) assert.notDeepEqual(read, [k], k);
      else assert.deepEqual(read, [k], k);
    }
  });

  it('reads @*x as the key *x, as pandoc does, but not the nocite wildcard @*', () => {
    assert.deepEqual(keys('[@*x] and @*y'), ['*x', '*y']);
    assert.deepEqual(keys('[@*] and @**bold**'), []);
    assert.equal(insertCitationEdit('x ', 2, ['*x'], 'pandoc').newText, '[@*x]');
  });
});

describe('scanCitations: speed', () => {
  it('scans a 5 MB draft in linear time (and pathological inputs too)', () => {
    const para =
      'Deep learning changed imaging [see @Liu_2021, pp. 33-35; also -@Gao_2019]. As @Shannon_1948 [p. 3] showed, ' +
      'information is `code @x` measurable; write to me@example.com or see https://x.org/@user. ' +
      'The $x@y$ formula <!-- @hidden --> and @{Doe_n.d.} agree with [@Müller_2010; @_2001].\n\n';
    const doc = para.repeat(Math.ceil(5_000_000 / para.length));
    const started = Date.now();
    const citations = scanCitations(doc);
    const elapsed = Date.now() - started;
    assert.equal(citations.length, 6 * Math.ceil(5_000_000 / para.length));
    // A generous bound for slow CI machines; the scan takes tens of milliseconds.
    assert.ok(elapsed < 3000, `${elapsed} ms`);
    for (const s of ['@{'.repeat(200_000), '[a](('.repeat(100_000), '` '.repeat(200_000), '<!-- '.repeat(100_000), '[@a '.repeat(100_000), '```\n'.repeat(50_000)]) {
      const t = Date.now();
      scanCitations(s);
      assert.ok(Date.now() - t < 3000, s.slice(0, 8));
    }
  });
});
