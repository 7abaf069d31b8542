import * as assert from 'node:assert/strict';
import { bibliographyOfBlocks, parseFrontMatter, resolveBibliographyPaths, type FrontMatter } from '../../../../src/core/markdown/frontMatter';
import { scanMarkdown } from '../../../../src/core/markdown/citationScanner';
import { documentBibliography } from '../../../../src/core/markdown/markdownDocument';

/** The paths, and a check that each range covers the characters of the path as written. */
function paths(markdown: string, front: FrontMatter | undefined): string[] | undefined {
  const entries = front?.bibliography;
  if (!entries) return undefined;
  return entries.map((e) => {
    assert.ok(e.start <= e.end && e.end <= markdown.length, `range of ${e.path}`);
    return e.path;
  });
}

describe('parseFrontMatter', () => {
  it('reads a single path and its exact range', () => {
    const md = '---\ntitle: Review\nbibliography: refs.ris\n---\n\nText';
    const front = parseFrontMatter(md);
    assert.ok(front);
    assert.deepEqual(paths(md, front), ['refs.ris']);
    const entry = front.bibliography![0];
    assert.equal(md.slice(entry.start, entry.end), 'refs.ris');
    assert.equal(front.start, 0);
    assert.equal(md.slice(front.start, front.end), md.slice(0, md.indexOf('---\n\nText') + 3));
    assert.equal(md.slice(front.bibliographyKey!.start, front.bibliographyKey!.end), 'bibliography');
    assert.equal(md.slice(front.contentStart, front.contentEnd), 'title: Review\nbibliography: refs.ris\n');
  });

  it('reads double- and single-quoted paths, with the range inside the quotes', () => {
    const md = '---\nbibliography: "my refs.ris"\n---\n';
    const front = parseFrontMatter(md);
    assert.deepEqual(paths(md, front), ['my refs.ris']);
    const e = front!.bibliography![0];
    assert.equal(md.slice(e.start, e.end), 'my refs.ris');

    const single = "---\nbibliography: 'it''s.ris' # the file\n---\n";
    const f2 = parseFrontMatter(single);
    assert.deepEqual(paths(single, f2), ["it's.ris"]);
    assert.equal(single.slice(f2!.bibliography![0].start, f2!.bibliography![0].end), "it''s.ris");

    const escaped = '---\nbibliography: "a\\"b\\u00e9.ris"\n---\n';
    assert.deepEqual(paths(escaped, parseFrontMatter(escaped)), ['a"bé.ris']);
  });

  it('reads a flow list, quoted items included, also over several lines', () => {
    const md = '---\nbibliography: [a.ris, "b c.ris", \'d.ris\']\n---\n';
    const front = parseFrontMatter(md);
    assert.deepEqual(paths(md, front), ['a.ris', 'b c.ris', 'd.ris']);
    for (const e of front!.bibliography!) assert.equal(md.slice(e.start, e.end), e.path);

    const multi = '---\nbibliography: [\n  a.ris,  # first\n  b.ris\n]\ntitle: x\n---\n';
    assert.deepEqual(paths(multi, parseFrontMatter(multi)), ['a.ris', 'b.ris']);
    const empty = '---\nbibliography: []\n---\n';
    assert.deepEqual(parseFrontMatter(empty)?.bibliography, []);
  });

  it('reads a block list, skipping comments and blank lines', () => {
    const md = [
      '---',
      'title: "Review"',
      'bibliography:',
      '  - a.ris',
      '  -   "b c.ris"   # a comment',
      '',
      '  # a comment line',
      '  - sub/d.ris',
      'csl: apa.csl',
      '---',
      '',
    ].join('\n');
    const front = parseFrontMatter(md);
    assert.deepEqual(paths(md, front), ['a.ris', 'b c.ris', 'sub/d.ris']);
    for (const e of front!.bibliography!) assert.equal(md.slice(e.start, e.end), e.path);
    assert.deepEqual(front!.yamlErrors, []);
  });

  it('accepts a tab in indentation and takes the last of repeated keys, as pandoc does', () => {
    const tab = '---\nbibliography:\n\t- a.ris\n---\n';
    assert.deepEqual(paths(tab, parseFrontMatter(tab)), ['a.ris']);
    assert.deepEqual(parseFrontMatter(tab)!.yamlErrors, []);
    const repeated = '---\nbibliography: a.ris\ntitle: T\nbibliography: b.ris\n---\n';
    const front = parseFrontMatter(repeated)!;
    assert.deepEqual(paths(repeated, front), ['b.ris']);
    assert.equal(front.bibliographyKey!.start, repeated.lastIndexOf('bibliography'));
  });

  it('reads block scalars, with the range of the path inside them', () => {
    for (const [value, expected] of [['|\n  refs.ris', 'refs.ris'], ['>-\n  my refs.ris\n', 'my refs.ris'], ['|+\n    a/b.ris\n\n', 'a/b.ris']] as const) {
      const md = `---\nbibliography: ${value}\ntitle: x\n---\n`;
      const front = parseFrontMatter(md);
      assert.deepEqual(paths(md, front), [expected], value);
      const e = front!.bibliography![0];
      assert.equal(md.slice(e.start, e.end), expected, value);
    }
  });

  it('reads anchors and aliases, pointing an alias at the anchored value', () => {
    const anchored = '---\nbibliography: &refs refs.ris\n---\n';
    const a = parseFrontMatter(anchored)!.bibliography!;
    assert.deepEqual(a.map((e) => anchored.slice(e.start, e.end)), ['refs.ris']);
    const aliased = '---\nfiles: &lib [a.ris, b.ris]\nbibliography: *lib\n---\n';
    const b = parseFrontMatter(aliased)!.bibliography!;
    assert.deepEqual(b.map((e) => e.path), ['a.ris', 'b.ris']);
    assert.deepEqual(b.map((e) => aliased.slice(e.start, e.end)), ['a.ris', 'b.ris']);
    assert.ok(b[0].start < aliased.indexOf('bibliography'), 'the range is where the value is written');
    const itemAlias = '---\nmain: &m main.ris\nbibliography:\n  - *m\n  - extra.ris\n---\n';
    assert.deepEqual(paths(itemAlias, parseFrontMatter(itemAlias)), ['main.ris', 'extra.ris']);
  });

  it('reads the bibliography beside nested mappings and multi-line values of other fields', () => {
    const md = [
      '---',
      'title: |',
      '  A review',
      '  bibliography: not-this.ris',
      'author:',
      '  - name: A. Author',
      '    affiliation:',
      '      - University',
      '  - name: B. Author',
      'bibliography: refs.ris',
      'nocite: |',
      '  @*',
      '---',
      '',
    ].join('\n');
    const front = parseFrontMatter(md);
    assert.deepEqual(paths(md, front), ['refs.ris']);
    assert.equal(md.slice(front!.bibliographyKey!.start, front!.bibliographyKey!.end), 'bibliography');
    assert.ok(front!.bibliographyKey!.start > md.indexOf('not-this'));
  });

  it('reports invalid YAML with a one-line message and a range in the block', () => {
    for (const value of ['"unclosed', '[a.ris', '*undefined-alias', 'a: b', '"x" y']) {
      const md = `---\ntitle: T\nbibliography: ${value}\n---\n`;
      const front = parseFrontMatter(md);
      assert.ok(front, value);
      assert.equal(front.bibliography, undefined, value);
      assert.ok(front.yamlErrors.length > 0, value);
      for (const e of front.yamlErrors) {
        assert.ok(!e.message.includes('\n'), e.message);
        assert.ok(front.contentStart <= e.start && e.start <= e.end && e.end <= front.contentEnd, `${value}: ${e.message}`);
      }
    }
  });

  it('reads a value alone on the next, indented line', () => {
    const md = '---\nbibliography:\n  refs.ris\n---\n';
    assert.deepEqual(paths(md, parseFrontMatter(md)), ['refs.ris']);
  });

  it('ignores a trailing comment after a plain value, but keeps a # inside the path', () => {
    const md = '---\nbibliography: refs#1.ris   # main file\n---\n';
    assert.deepEqual(paths(md, parseFrontMatter(md)), ['refs#1.ris']);
  });

  it('tolerates a byte-order mark, CRLF line ends, trailing spaces and the ... closer', () => {
    const md = '\uFEFF---   \r\nbibliography:\r\n  - a.ris\r\n  - "b.ris"\r\n...\r\n\r\n# Title\r\n';
    const front = parseFrontMatter(md);
    assert.ok(front);
    assert.equal(front.start, 1);
    assert.deepEqual(paths(md, front), ['a.ris', 'b.ris']);
    for (const e of front.bibliography!) assert.equal(md.slice(e.start, e.end), e.path);
    assert.equal(md.slice(front.end - 3, front.end), '...');
  });

  it('leaves bibliography undefined when the field is missing or neither a path nor a list of paths', () => {
    assert.equal(parseFrontMatter('---\ntitle: x\n---\n')?.bibliography, undefined);
    for (const value of ['{a: b}', '\n  nested:\n    - a.ris', '\n  - [a.ris]', '\n  - {a: b}']) {
      const md = `---\nbibliography: ${value}\n---\n`;
      const front = parseFrontMatter(md);
      assert.ok(front, value);
      assert.equal(front.bibliography, undefined, value);
      assert.ok(front.bibliographyKey, value);
    }
    assert.equal(parseFrontMatter('---\nbibliography:\ntitle: x\n---\n')?.bibliography, undefined);
  });

  it('does not take an indented or nested bibliography key', () => {
    assert.equal(parseFrontMatter('---\nmeta:\n  bibliography: a.ris\n---\n')?.bibliography, undefined);
    assert.equal(parseFrontMatter('---\nbibliographyx: a.ris\n---\n')?.bibliography, undefined);
  });

  it('finds no front matter when the document does not start with a metadata block', () => {
    assert.equal(parseFrontMatter('Text\n---\nbibliography: a.ris\n---\n'), undefined);
    assert.equal(parseFrontMatter('---\n\nbibliography: a.ris\n---\n'), undefined, 'a blank line after ---');
    assert.equal(parseFrontMatter('---\nbibliography: a.ris\n'), undefined, 'no closing line');
    assert.equal(parseFrontMatter('  ---\nbibliography: a.ris\n---\n'), undefined, 'indented');
    assert.equal(parseFrontMatter('---\nJust a paragraph between rules.\n---\n'), undefined, 'not a mapping');
    assert.equal(parseFrontMatter('---\nbibliography: a.ris\n----\n'), undefined, 'four dashes do not close');
    assert.equal(parseFrontMatter(''), undefined);
  });
});

describe('metadata blocks later in the document', () => {
  it('finds every block outside code, and the last bibliography wins (as in pandoc 3)', () => {
    const md = [
      '---',
      'bibliography: first.ris',
      '---',
      '',
      'Intro @a.',
      '',
      '```yaml',
      '---',
      'bibliography: in-code.ris',
      '---',
      '```',
      '',
      '---',
      'bibliography: [later.ris]',
      'title: T',
      '...',
      '',
      'Text @b.',
    ].join('\n');
    const scan = scanMarkdown(md);
    assert.equal(scan.metadata.length, 2);
    assert.deepEqual(scan.metadata.map((b) => b.bibliography?.map((e) => e.path)), [['first.ris'], ['later.ris']]);
    assert.deepEqual(bibliographyOfBlocks(scan.metadata)?.map((e) => e.path), ['later.ris']);
    assert.deepEqual(documentBibliography(md)?.map((e) => e.path), ['later.ris']);
    assert.deepEqual(scan.citations.map((c) => c.key), ['a', 'b']);
    assert.deepEqual(parseFrontMatter(md)?.bibliography?.map((e) => e.path), ['first.ris']);
  });

  it('needs a blank line before a later block', () => {
    const md = 'Intro\n---\nbibliography: a.ris\n---\n';
    assert.equal(scanMarkdown(md).metadata.length, 0);
    assert.equal(documentBibliography(md), undefined);
  });

  it('keeps the front matter bibliography when a later block does not set one', () => {
    const md = '---\nbibliography: a.ris\n---\n\nText\n\n---\ntitle: x\n---\n';
    assert.deepEqual(documentBibliography(md)?.map((e) => e.path), ['a.ris']);
  });
});

describe('resolveBibliographyPaths', () => {
  it('gives the document folder first, then the workspace folder', () => {
    assert.deepEqual(resolveBibliographyPaths('/ws/docs/review.md', ['refs.ris'], '/ws'), [['/ws/docs/refs.ris', '/ws/refs.ris']]);
    assert.deepEqual(resolveBibliographyPaths('/ws/docs/review.md', ['../data/refs.ris', './a/./b.ris'], '/ws'), [
      ['/ws/data/refs.ris', '/data/refs.ris'],
      ['/ws/docs/a/b.ris', '/ws/a/b.ris'],
    ]);
  });

  it('accepts entries as parsed, drops duplicates, and works without a workspace', () => {
    const md = '---\nbibliography: [refs.ris]\n---\n';
    const entries = parseFrontMatter(md)!.bibliography!;
    assert.deepEqual(resolveBibliographyPaths('/ws/review.md', entries, '/ws'), [['/ws/refs.ris']]);
    assert.deepEqual(resolveBibliographyPaths('/ws/review.md', ['refs.ris']), [['/ws/refs.ris']]);
  });

  it('keeps absolute paths as they are', () => {
    assert.deepEqual(resolveBibliographyPaths('/ws/review.md', ['/lib/refs.ris', 'C:\\lib\\refs.ris'], '/ws'), [
      ['/lib/refs.ris'],
      ['C:\\lib\\refs.ris'],
    ]);
  });

  it('joins in the style of the document path (URI paths and Windows paths)', () => {
    assert.deepEqual(resolveBibliographyPaths('/c:/Users/me/review.md', ['refs.ris'], '/c:/Users'), [['/c:/Users/me/refs.ris', '/c:/Users/refs.ris']]);
    assert.deepEqual(resolveBibliographyPaths('C:\\Users\\me\\review.md', ['sub/refs.ris'], 'C:\\Users'), [
      ['C:\\Users\\me\\sub\\refs.ris', 'C:\\Users\\sub\\refs.ris'],
    ]);
    assert.deepEqual(resolveBibliographyPaths('review.md', ['refs.ris']), [['refs.ris']]);
  });
});
