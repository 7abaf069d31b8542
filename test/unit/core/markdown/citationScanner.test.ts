import * as assert from 'node:assert/strict';
import { scanCitations } from '../../../../src/core/markdown/citationScanner';
import { type Citation } from '../../../../src/core/markdown/citation';
import { insertCitationEdit } from '../../../../src/core/markdown/citationInsert';
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
  // Hang guards, not timings: each scan takes tens of milliseconds; a quadratic one would take hours.
  it('scans a 5 MB draft, and pathological inputs, within a hang guard', function () {
    this.timeout(60_000);
    const para =
      'Deep learning changed imaging [see @Liu_2021, pp. 33-35; also -@Gao_2019]. As @Shannon_1948 [p. 3] showed, ' +
      'information is `code @x` measurable; write to me@example.com or see https://x.org/@user. ' +
      'The $x@y$ formula <!-- @hidden --> and @{Doe_n.d.} agree with [@Müller_2010; @_2001].\n\n';
    const doc = para.repeat(Math.ceil(5_000_000 / para.length));
    const citations = scanCitations(doc);
    assert.equal(citations.length, 6 * Math.ceil(5_000_000 / para.length));
    const cases: readonly [string, number][] = [
      ['@{'.repeat(200_000), 0],
      ['[a](('.repeat(100_000), 0],
      ['` '.repeat(200_000), 0],
      ['<!-- '.repeat(100_000), 0],
      ['[@a '.repeat(100_000), 100_000],
      ['```\n'.repeat(50_000), 0],
    ];
    for (const [s, expected] of cases) assert.equal(scanCitations(s).length, expected, s.slice(0, 8));
  });
});
