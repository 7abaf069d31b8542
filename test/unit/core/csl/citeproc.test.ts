import * as assert from 'node:assert/strict';
import MarkdownIt from 'markdown-it';
import { CitationProcessor, type CitationCluster } from '../../../../src/core/csl/citeproc';
import type { CslItem } from '../../../../src/core/csl/cslItems';
import { BUILTIN_LOCALES, BUILTIN_STYLE_NAMES, BUILTIN_STYLE_TITLES, builtinLocale, builtinLocaleTag, builtinStyle, builtinStyleId, documentStyleFields, parseStyle, StyleError, type CslStyle } from '../../../../src/core/csl/cslStyles';
import bundledLocales from '@citation-js/plugin-csl/lib/locales.json';
import { parseLocator } from '../../../../src/core/markdown/locators';
import { citationsPlugin, documentClusters, BIBLIOGRAPHY_START, BIBLIOGRAPHY_END, type MarkdownItLike } from '../../../../src/core/markdown/markdownItPlugin';
import { bibliographySectionEdit, bibliographySectionText, findBibliographySection } from '../../../../src/core/markdown/bibliographySection';
import { referenceCardMarkdown } from '../../../../src/core/library/referenceCard';
import { parseRis } from '../../../../src/core/ris/parser';

const ITEMS: Record<string, CslItem> = {
  liu2021: {
    id: 'liu2021',
    type: 'article-journal',
    author: [{ family: 'Liu', given: 'Xiaoqing' }, { family: 'Gao', given: 'Kai' }, { family: 'Xu', given: 'Bo' }],
    title: 'Advances in deep learning-based medical image analysis',
    'container-title': 'Health Data Science',
    issued: { 'date-parts': [[2021]] },
    volume: '2021',
    page: '8786793',
    DOI: '10.34133/2021/8786793',
  },
  litjens2017: {
    id: 'litjens2017',
    type: 'article-journal',
    author: [{ family: 'Litjens', given: 'Geert' }],
    title: 'A survey on deep learning in medical image analysis',
    'container-title': 'Medical Image Analysis',
    issued: { 'date-parts': [[2017, 12]] },
    volume: '42',
    page: '60-88',
  },
  goodfellow2016: {
    id: 'goodfellow2016',
    type: 'book',
    author: [{ family: 'Goodfellow', given: 'Ian' }, { family: 'Bengio', given: 'Yoshua' }],
    title: 'Deep learning',
    publisher: 'MIT Press',
    'publisher-place': 'Cambridge, MA',
    issued: { 'date-parts': [[2016]] },
  },
};

const processors = new Map<string, CitationProcessor>();

/** One processor per style for the whole file (APA takes most of a second to load), switched to the items. */
function processor(style: string, extra: Record<string, CslItem> = {}): CitationProcessor {
  let found = processors.get(style);
  if (!found) {
    const csl = builtinStyle(style);
    assert.ok(csl, style);
    found = new CitationProcessor(csl, { item: () => undefined });
    processors.set(style, found);
  }
  found.useItems((key) => extra[key] ?? ITEMS[key]);
  return found;
}

const cite = (key: string, more: Partial<{ prefix: string; suffix: string; suppressAuthor: boolean }> = {}): CitationCluster['items'][number] => ({ key, ...more });

describe('citeproc: styles and locales', () => {
  it('ships APA, Vancouver and Harvard under their names and aliases', () => {
    assert.deepEqual([...BUILTIN_STYLE_NAMES], ['apa', 'vancouver', 'harvard']);
    assert.match(builtinStyle('apa')?.title ?? '', /APA Style 7th edition/);
    assert.match(builtinStyle('Vancouver')?.title ?? '', /Vancouver/);
    assert.match(builtinStyle('nlm')?.title ?? '', /Vancouver/);
    assert.match(builtinStyle('harvard1.csl')?.title ?? '', /Cite Them Right/);
    assert.equal(builtinStyle('harvard')?.id, 'harvard');
    assert.equal(builtinStyle('chicago'), undefined);
  });

  it('knows the built-in titles and locales without loading their XML (checked against the XML)', () => {
    for (const name of BUILTIN_STYLE_NAMES) {
      assert.equal(builtinStyleId(name), name);
      assert.equal(BUILTIN_STYLE_TITLES[name], builtinStyle(name)?.title);
    }
    assert.equal(builtinStyleId('Harvard1.csl'), 'harvard');
    assert.equal(builtinStyleId('nature'), undefined);
    assert.deepEqual([...BUILTIN_LOCALES].sort(), Object.keys(bundledLocales).sort());
    assert.equal(builtinLocaleTag('fr'), 'fr-FR');
    assert.equal(builtinLocaleTag('pt-BR'), undefined);
  });

  it('reads style metadata: class, citation format, licence', () => {
    const apa = builtinStyle('apa') as CslStyle;
    assert.equal(apa.class, 'in-text');
    assert.equal(apa.citationFormat, 'author-date');
    assert.equal((builtinStyle('vancouver') as CslStyle).citationFormat, 'numeric');
    assert.match(apa.rights ?? '', /Creative Commons Attribution-ShareAlike 3\.0/);
  });

  it('rejects files that are not CSL styles, and dependent styles, with a reason', () => {
    assert.throws(() => parseStyle('<html></html>', 'x.csl'), (e: unknown) => e instanceof StyleError && /not a CSL style/.test(e.message));
    const dependent =
      '<?xml version="1.0"?><style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0"><info><title>Radiology</title>' +
      '<link href="http://www.zotero.org/styles/american-medical-association" rel="independent-parent"/></info></style>';
    assert.throws(() => parseStyle(dependent, 'radiology.csl'), (e: unknown) => e instanceof StyleError && /dependent style.*american-medical-association/.test(e.message));
    const apa = builtinStyle('apa') as CslStyle;
    assert.equal(parseStyle(`\uFEFF${apa.xml}`, 'copy.csl').title, apa.title);
  });

  it('finds bundled locales by tag or language', () => {
    assert.ok(builtinLocale('en-US'));
    assert.match(builtinLocale('de') ?? '', /xml:lang="de-DE"/);
    assert.equal(builtinLocale('ja-JP'), undefined);
  });

  it('reads csl and lang from the front matter', () => {
    assert.deepEqual(documentStyleFields('---\ntitle: x\ncsl: "styles/nature.csl"\nlang: de-DE\n---\n# x'), { csl: 'styles/nature.csl', lang: 'de-DE' });
    assert.deepEqual(documentStyleFields('---\r\ncsl: vancouver\r\n...\r\n'), { csl: 'vancouver' });
    assert.deepEqual(documentStyleFields('# no front matter\ncsl: apa\n'), {});
    assert.deepEqual(documentStyleFields('---\ncsl: |\n  <style/>\n---\n'), {});
  });
});

describe('citeproc: locators in suffixes', () => {
  const cases: [string, ReturnType<typeof parseLocator>][] = [
    [', pp. 62-65', { label: 'page', locator: '62-65' }],
    [', p. 33', { label: 'page', locator: '33' }],
    ['p. 33', { label: 'page', locator: '33' }],
    [', 33', { label: 'page', locator: '33' }],
    [', 33, 35', { label: 'page', locator: '33, 35' }],
    [', chap. 3, and elsewhere', { label: 'chapter', locator: '3', suffix: ', and elsewhere' }],
    [', 33-35 and *passim*', { label: 'page', locator: '33-35', suffix: ' and *passim*' }],
    [', §3.2', { label: 'section', locator: '3.2' }],
    [', fig. 2b', { label: 'figure', locator: '2b' }],
    [', vol. 2', { label: 'volume', locator: '2' }],
    [', para. 4', { label: 'paragraph', locator: '4' }],
    [', and elsewhere', { suffix: ', and elsewhere' }],
    [', pagination varies', { suffix: ', pagination varies' }],
    ['', {}],
  ];
  for (const [input, expected] of cases) {
    it(`reads ${JSON.stringify(input)}`, () => assert.deepEqual(parseLocator(input), expected));
  }
});

describe('citeproc: formatting', () => {
  it('formats pandoc citation forms in APA', () => {
    const result = processor('apa').render(
      [
        { inText: false, items: [cite('litjens2017')] },
        { inText: false, items: [cite('liu2021', { prefix: 'see', suffix: ', p. 33' }), cite('litjens2017')] },
        { inText: true, items: [cite('liu2021')] },
        { inText: false, items: [cite('liu2021', { suppressAuthor: true })] },
        { inText: true, items: [cite('liu2021', { suffix: ', p. 33' })] },
        { inText: false, items: [cite('goodfellow2016', { suffix: ', chap. 6' })] },
      ],
      'text',
    );
    assert.deepEqual(
      result.citations.map((c) => c.text),
      [
        '(Litjens, 2017)',
        '(Litjens, 2017; see Liu et al., 2021, p. 33)',
        'Liu et al. (2021)',
        '(2021)',
        'Liu et al. (2021, p. 33)',
        '(Goodfellow & Bengio, 2016, Chapter 6)',
      ],
    );
    assert.deepEqual(result.bibliography.map((e) => e.key), ['goodfellow2016', 'litjens2017', 'liu2021']);
    assert.equal(
      result.bibliography[2]?.text,
      'Liu, X., Gao, K., & Xu, B. (2021). Advances in deep learning-based medical image analysis. Health Data Science, 2021, 8786793. https://doi.org/10.34133/2021/8786793',
    );
    assert.equal(result.layout.hangingIndent, true);
    assert.equal(result.layout.numbered, false);
  });

  it('numbers Vancouver citations by first citation and prints in-text citations as the number', () => {
    const result = processor('vancouver').render(
      [
        { inText: false, items: [cite('litjens2017')] },
        { inText: true, items: [cite('liu2021')] },
        { inText: false, items: [cite('litjens2017')] },
      ],
      'text',
    );
    assert.deepEqual(result.citations.map((c) => c.text), ['(1)', '(2)', '(1)']);
    assert.deepEqual(result.bibliography.map((e) => e.key), ['litjens2017', 'liu2021']);
    assert.match(result.bibliography[0]?.text ?? '', /^1\. Litjens G\. A survey on deep learning in medical image analysis\. Medical Image Analysis\. 2017 Dec;42:60–88\.$/);
    assert.equal(result.layout.numbered, true);
  });

  it('starts every document afresh: numbering and the bibliography do not leak between renders', () => {
    const p = processor('vancouver');
    p.render([{ inText: false, items: [cite('litjens2017')] }, { inText: false, items: [cite('liu2021')] }], 'text');
    const second = p.render([{ inText: false, items: [cite('liu2021')] }], 'text');
    assert.deepEqual(second.citations.map((c) => c.text), ['(1)']);
    assert.deepEqual(second.bibliography.map((e) => e.key), ['liu2021']);
  });

  it('prints unknown keys as key? and keeps the known ones of a group', () => {
    const result = processor('apa').render(
      [
        { inText: false, items: [cite('nokey')] },
        { inText: false, items: [cite('litjens2017'), cite('other')] },
        { inText: true, items: [cite('nokey')] },
      ],
      'text',
    );
    // As pandoc prints them: inside the style's brackets, after the known items.
    assert.deepEqual(result.citations.map((c) => c.text), ['(nokey?)', '(Litjens, 2017; other?)', '(nokey?)']);
    assert.deepEqual(result.unknown, ['nokey', 'other']);
    assert.deepEqual(result.citations[1]?.unknown, ['other']);
    assert.deepEqual(result.bibliography.map((e) => e.key), ['litjens2017']);
  });

  it('writes HTML with italics and escapes, and Markdown with escaped markup', () => {
    const extra = { odd: { ...ITEMS['litjens2017'], id: 'odd', title: 'Stars *and* [brackets] by @someone <b>' } as CslItem };
    const html = processor('apa', extra).render([{ inText: false, items: [cite('odd')] }], 'html');
    assert.match(html.bibliography[0]?.text ?? '', /<i>Medical Image Analysis<\/i>/);
    assert.match(html.bibliography[0]?.text ?? '', /&#60;b&#62;|&lt;b&gt;/);
    const md = processor('apa', extra).render([{ inText: false, items: [cite('odd')] }], 'markdown');
    const text = md.bibliography[0]?.text ?? '';
    assert.match(text, /\*Medical Image Analysis\*/);
    assert.match(text, /Stars \\\*and\\\* \\\[brackets\\\] by \\@someone \\<b\\>/);
  });

  it('lists a bibliography without citations, numbered in the order given, unknown keys left out', () => {
    const vancouver = processor('vancouver').bibliography(['liu2021', 'nokey', 'litjens2017', 'liu2021'], 'text');
    assert.deepEqual(vancouver.map((e) => e.key), ['liu2021', 'litjens2017']);
    assert.match(vancouver[0]?.text ?? '', /^1\. Liu X/);
    assert.deepEqual(processor('apa').bibliography(['liu2021', 'litjens2017'], 'text').map((e) => e.key), ['litjens2017', 'liu2021']);
    assert.deepEqual(processor('apa').bibliography([], 'text'), []);
  });

  it('formats one reference alone without its number', () => {
    assert.match(processor('vancouver').reference('liu2021', 'text') ?? '', /^Liu X, Gao K, Xu B\. Advances/);
    assert.match(processor('vancouver').reference('liu2021', 'html') ?? '', /^Liu X, Gao K, Xu B\./);
    assert.equal(processor('apa').reference('nokey', 'text'), undefined);
  });

  it('uses another locale when asked', () => {
    const apa = builtinStyle('apa') as CslStyle;
    const german = new CitationProcessor(apa, { item: (k) => ITEMS[k], lang: 'de-DE' });
    const result = german.render([{ inText: false, items: [cite('liu2021', { suffix: ', p. 3' })] }], 'text');
    // APA keeps "et al." in every language; the locale gives the German page label.
    assert.equal(result.citations[0]?.text, '(Liu et al., 2021, S. 3)');
  });
});

describe('citeproc: citation clusters of a document', () => {
  it('groups bracketed citations and keeps in-text ones apart, in order', () => {
    const clusters = documentClusters('A [@a; see @b, p. 3]. @c [p. 4] says. @e says [p. 5]. And [-@d].\n\n`[@code]`');
    assert.deepEqual(clusters, [
      { inText: false, items: [{ key: 'a' }, { key: 'b', prefix: 'see', suffix: ', p. 3' }] },
      { inText: true, items: [{ key: 'c', suffix: ', p. 4' }] },
      { inText: true, items: [{ key: 'e' }] },
      { inText: false, items: [{ key: 'd', suppressAuthor: true }] },
    ]);
  });
});

describe('citeproc: the markdown-it plugin', () => {
  function render(markdown: string, style = 'apa', enabled = true): string {
    const md = new MarkdownIt();
    const p = processor(style);
    citationsPlugin(md as unknown as MarkdownItLike, {
      enabled: () => enabled,
      render: (clusters) => ({ ...p.render(clusters, 'html'), titles: new Map([['liu2021', 'Liu title']]) }),
    });
    return md.render(markdown);
  }

  it('renders bracketed, in-text and author-suppressed citations with links to the entries', () => {
    const html = render('A [@litjens2017]. B [see @liu2021, p. 33; @litjens2017]. C @liu2021 says. D [-@liu2021].\n');
    assert.match(html, /<span class="citation" data-cites="litjens2017" title=""><a href="#ref-litjens2017">\(Litjens, 2017\)<\/a><\/span>/);
    assert.match(html, /data-cites="liu2021 litjens2017" title="Liu title"><a href="#ref-liu2021">\(Litjens, 2017; see Liu et al\., 2021, p\. 33\)<\/a>/);
    assert.match(html, /C <span class="citation" data-cites="liu2021"[^>]*><a href="#ref-liu2021">Liu et al\. \(2021\)<\/a><\/span> says/);
    assert.match(html, /D <span[^>]*><a[^>]*>\(2021\)<\/a><\/span>/);
    assert.match(html, /<div id="refs" class="references csl-bib-body hanging-indent">\n<div id="ref-litjens2017" class="csl-entry">Litjens, G\. \(2017\)/);
    assert.ok(html.indexOf('id="ref-litjens2017"') < html.indexOf('id="ref-liu2021"'));
  });

  it('reads the locator bracket of an in-text citation after a line break, as pandoc does', () => {
    const html = render('Reviewed by @liu2021\n[p. 502] in particular.\n');
    assert.match(html, /<a href="#ref-liu2021">Liu et al\. \(2021, p\. 502\)<\/a><\/span> in particular/);
  });

  it('leaves code, e-mail addresses, links and escaped @ alone', () => {
    const html = render('Write `[@liu2021]` and mail me@liu2021.org, see [the @liu2021 page](https://x.org) or \\@liu2021.\n\n    [@liu2021] indented code\n');
    assert.ok(!/class="citation"[^>]*data-cites="liu2021"[^>]*><a href="#ref-liu2021">\(Liu/.test(html), html);
    assert.match(html, /<code>\[@liu2021\]<\/code>/);
    assert.match(html, /me@liu2021\.org/);
    assert.ok(!html.includes('id="refs"') || !/\(Liu et al\., 2021\)/.test(html));
  });

  it('shows unknown keys as such instead of dropping them', () => {
    const html = render('See [@nokey] and [@liu2021; @other].\n');
    assert.match(html, /class="citation ris-citation-unknown" data-cites="nokey" title="No reference has the key nokey">\(<span class="ris-unknown-citation">nokey\?<\/span>\)/);
    assert.match(html, /\(Liu et al\., 2021; <span class="ris-unknown-citation">other\?<\/span>\)/);
  });

  it('lets the host explain unknown keys (e.g. a .bib file it does not read)', () => {
    const md = new MarkdownIt();
    const p = processor('apa');
    citationsPlugin(md as unknown as MarkdownItLike, {
      enabled: () => true,
      render: (clusters) => ({ ...p.render(clusters, 'html'), unknownTitle: (k) => `${k} may be in refs.bib` }),
    });
    assert.match(md.render('See [@nokey].\n'), /title="nokey may be in refs\.bib"/);
  });

  it('shows the host’s notice (e.g. Restricted Mode) above the bibliography, escaped', () => {
    const md = new MarkdownIt();
    const p = processor('apa');
    citationsPlugin(md as unknown as MarkdownItLike, {
      enabled: () => true,
      render: (clusters) => ({ ...p.render(clusters, 'html'), notice: 'Restricted Mode: using APA; the style file <nature>.csl is not read.' }),
    });
    assert.match(md.render('See [@liu2021].\n'), /<p class="ris-citation-notice">Restricted Mode: using APA; the style file &lt;nature&gt;\.csl is not read\.<\/p>\n<div id="refs"/);
  });

  it('puts the bibliography in a ::: {#refs} div when there is one', () => {
    const html = render('# Text\n\nCited [@liu2021].\n\n# References\n\n::: {#refs}\n:::\n\n# Appendix\n\nMore.\n');
    const refs = html.indexOf('id="refs"');
    assert.ok(refs > html.indexOf('<h1>References</h1>') && refs < html.indexOf('<h1>Appendix</h1>'), html);
    assert.equal(html.split('id="refs"').length, 2);
    assert.ok(!html.includes(':::'));
  });

  it('adds no bibliography to a document that has an inserted one', () => {
    const html = render(`Cited [@liu2021].\n\n${BIBLIOGRAPHY_START} style="APA" -->\n\nLiu, X.\n\n${BIBLIOGRAPHY_END}\n`);
    assert.ok(!html.includes('id="refs"'));
    assert.match(html, /\(Liu et al\., 2021\)/);
  });

  it('numbers with Vancouver and keeps the number column', () => {
    const html = render('First [@litjens2017], then [@liu2021].\n', 'vancouver');
    assert.match(html, /\(1\)<\/a>.*\(2\)<\/a>/s);
    assert.match(html, /class="references csl-bib-body numbered entry-spacing"/);
    assert.match(html, /<div class="csl-left-margin">1\.<\/div><div class="csl-right-inline">Litjens G\./);
  });

  it('renders citations as written when turned off or before the library is loaded', () => {
    const off = render('A [@liu2021] and @liu2021.\n', 'apa', false);
    assert.match(off, /<p>A \[@liu2021\] and @liu2021\.<\/p>/);
    const md = new MarkdownIt();
    citationsPlugin(md as unknown as MarkdownItLike, { enabled: () => true, render: () => undefined });
    assert.match(md.render('A [@liu2021; @x].\n'), /<p>A \[@liu2021; @x\]\.<\/p>/);
  });

  it('keeps ordinary links, reference links and footnote-like brackets', () => {
    const html = render('[text](https://x.org) [ref][r] [plain] [@liu2021](https://y.org)\n\n[r]: https://r.org\n');
    assert.match(html, /<a href="https:\/\/x\.org">text<\/a>/);
    assert.match(html, /<a href="https:\/\/r\.org">ref<\/a>/);
    assert.match(html, /\[plain\]/);
  });
});

describe('citeproc: inserted bibliography section', () => {
  const rendering = processor('apa').render([{ inText: false, items: [cite('litjens2017'), cite('nokey')] }], 'markdown');

  it('writes entries between markers, with unknown keys noted', () => {
    const section = bibliographySectionText(rendering, 'APA Style 7th edition');
    assert.ok(section.startsWith(`${BIBLIOGRAPHY_START} style="APA Style 7th edition"`));
    assert.ok(section.endsWith(BIBLIOGRAPHY_END));
    assert.match(section, /\n\nLitjens, G\. \(2017\)\. A survey on deep learning in medical image analysis\. \*Medical Image Analysis\*, \*42\*, 60–88\.\n/);
    assert.match(section, /<!-- No reference has the key: nokey -->/);
  });

  it('escapes the numbers of numeric styles so Markdown does not renumber them', () => {
    const vancouver = processor('vancouver').render([{ inText: false, items: [cite('litjens2017')] }], 'markdown');
    assert.match(bibliographySectionText(vancouver, 'Vancouver'), /\n1\\\. Litjens G\./);
  });

  it('appends once, then replaces in place; other text is untouched', () => {
    const doc = '# Draft\n\nCited [@litjens2017].\n\n# References\n';
    const first = bibliographySectionEdit(doc, 'SECTION-1');
    const once = doc.slice(0, first.start) + first.text + doc.slice(first.end);
    assert.equal(once, '# Draft\n\nCited [@litjens2017].\n\n# References\n\nSECTION-1\n');
    const section = bibliographySectionText(rendering, 'APA');
    const withSection = once.replace('SECTION-1', section);
    const found = findBibliographySection(withSection);
    assert.ok(found);
    const second = bibliographySectionEdit(withSection + '\nAfter.\n', 'NEW');
    const twice = (withSection + '\nAfter.\n').slice(0, second.start) + second.text + (withSection + '\nAfter.\n').slice(second.end);
    assert.equal(twice, '# Draft\n\nCited [@litjens2017].\n\n# References\n\nNEW\n\nAfter.\n');
  });

  it('keeps CRLF line endings', () => {
    const edit = bibliographySectionEdit('Cited [@a].\r\n', 'S');
    assert.equal(edit.text, '\r\n\r\nS\r\n');
    assert.ok(!bibliographySectionText(rendering, 'APA', '\r\n').replace(/\r\n/g, '').includes('\n'));
  });
});

describe('citeproc: hover card with the formatted reference', () => {
  it('adds the formatted reference and the style name', () => {
    const doc = parseRis('TY  - JOUR\nAU  - Litjens, Geert\nTI  - A survey\nPY  - 2017\nER  - \n');
    const record = doc.records[0];
    assert.ok(record);
    const card = referenceCardMarkdown(record, { key: 'litjens2017', formatted: { style: 'APA Style 7th edition', markdown: 'Litjens, G. (2017). *A survey*.' } });
    assert.match(card, /\n\nLitjens, G\. \(2017\)\. \*A survey\*\. {2}\n— APA Style 7th edition\n\n`litjens2017`/);
  });

  it('adds a note on the style below its name (Restricted Mode)', () => {
    const record = parseRis('TY  - JOUR\nAU  - Litjens, Geert\nTI  - A survey\nPY  - 2017\nER  - \n').records[0];
    assert.ok(record);
    const card = referenceCardMarkdown(record, { formatted: { style: 'APA', markdown: 'Litjens, G. (2017).', note: 'Restricted Mode: the style file my_style.csl is not read.' } });
    assert.match(card, /— APA {2}\n\*Restricted Mode: the style file my\\_style\.csl is not read\.\*/);
  });
});
