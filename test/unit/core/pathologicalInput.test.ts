/**
 * Inputs crafted (or produced by a broken export) to make the core do super-linear work: a huge
 * type value, long runs of spaces against regular expressions, thousands of clashing keys. Each
 * case took seconds to minutes before its fix and takes milliseconds after; the bounds below are
 * generous (tens of times the time after the fix) so that only a return of the blow-up fails them.
 */

import * as assert from 'node:assert/strict';
import MarkdownIt from 'markdown-it';
import { bibliographySectionEdit } from '../../../src/core/markdown/bibliographySection';
import { expandPinPattern } from '../../../src/core/keys/pinning';
import { cleanEntry } from '../../../src/core/csl/citeproc';
import { classifyStandardNumber, doiOf } from '../../../src/core/csl/cslItems';
import { citationLayoutAttributes, documentStyleFields, isLocaleXml, localeLang, parseStyle, StyleError } from '../../../src/core/csl/cslStyleInfo';
import { DiagnosticCode } from '../../../src/core/validation/codes';
import { toBibtex } from '../../../src/core/library/export/bibtex';
import { toRis } from '../../../src/core/library/export/risExport';
import { parseFrontMatter } from '../../../src/core/markdown/frontMatter';
import { parseLocator } from '../../../src/core/markdown/locators';
import { citationsPlugin, type MarkdownItLike } from '../../../src/core/markdown/markdownItPlugin';
import { parseRis } from '../../../src/core/ris/parser';
import { nearestType, suggestTypes } from '../../../src/core/ris/spec';
import { typeHoverMarkdown } from '../../../src/core/ris/spec/hover';
import { validateRis } from '../../../src/core/validation/validate';

/** 20,000 words (about 100 KB), as a broken export can put into one line. */
function manyWords(count = 20_000): string {
  const words: string[] = [];
  for (let i = 0; i < count; i++) words.push(`word${i % 10}`);
  return words.join(' ');
}

describe('pathological input', () => {
  describe('a long TY value', function () {
    this.timeout(3000);

    it('suggests a type without comparing the whole value to every type', () => {
      assert.equal(nearestType(`JOUR ${manyWords()}`), 'JOUR');
      assert.deepEqual(suggestTypes(manyWords(), 3), []);
      assert.deepEqual(suggestTypes(`X${'Q'.repeat(100_000)}`, 3), []);
    });

    it('validates a record whose TY line runs on, and quotes only the start of the value', () => {
      const text = `TY  - JOUR ${manyWords()}\nTI  - A title\nER  - \n`;
      const diagnostics = validateRis(parseRis(text)).filter((d) => d.code === DiagnosticCode.UnknownType);
      assert.equal(diagnostics.length, 1);
      const [d] = diagnostics;
      assert.ok(d);
      assert.ok(d.message.length < 300, `message of ${d.message.length} characters`);
      assert.match(d.message, /^`JOUR word0 word1 word2 word3 word4 word…` is not a RIS reference type/);
      assert.equal(d.data?.suggestion, 'JOUR');
    });

    it('validates a TY value lengthened by untagged continuation lines', () => {
      const lines = ['TY  - JOUR'];
      for (let i = 0; i < 5000; i++) lines.push(`continued line ${i} of words`);
      lines.push('TI  - A title', 'ER  - ', '');
      const diagnostics = validateRis(parseRis(lines.join('\n'))).filter((d) => d.code === DiagnosticCode.UnknownType);
      for (const d of diagnostics) assert.ok(d.message.length < 300, `message of ${d.message.length} characters`);
    });

    it('hovers a long unknown type code without repeating it whole', () => {
      const md = typeHoverMarkdown(`JOURX${'Q'.repeat(100_000)}`);
      assert.ok(md.length < 300, `hover of ${md.length} characters`);
      assert.match(md, /^`JOURXQ+…`: not a known RIS type code/);
    });
  });

  describe('regular expressions on long runs of one character', function () {
    // Each input took 1 to 40 s before its expression was made linear, a few milliseconds after.
    this.timeout(3000);
    const spaces = (n: number): string => ' '.repeat(n);
    const CSL = 'xmlns="http://purl.org/net/xbiblio/csl"';
    const firstRecord = (text: string) => {
      const record = parseRis(text).records[0];
      assert.ok(record);
      return record;
    };

    it('front matter: a first line of 160,000 spaces after a word', () => {
      assert.equal(parseFrontMatter(`---\na${spaces(160_000)}\n---\n`), undefined);
      // YAML allows implicit keys of at most 1024 characters: pandoc rejects such a block, and so does the reader.
      const fm = parseFrontMatter(`---\ntitle${spaces(160_000)}: x\nbibliography: refs.ris\n---\n`);
      assert.ok(fm);
      assert.equal(fm.bibliography, undefined);
      assert.ok(fm.yamlErrors.length > 0);
      const short = parseFrontMatter(`---\ntitle${spaces(1000)}: x\nbibliography: refs.ris\n---\n`);
      assert.deepEqual(short?.bibliography?.map((b) => b.path), ['refs.ris']);
    });

    it('CSL style and locale files made of 50,000 unclosed tags', () => {
      const isStyleError = (e: unknown): boolean => e instanceof StyleError;
      assert.throws(() => parseStyle('<style'.repeat(50_000), 'a.csl'), isStyleError);
      assert.throws(() => parseStyle(`<style ${CSL}>${'<link'.repeat(50_000)}</style>`, 'b.csl'), isStyleError);
      const category = parseStyle(`<style ${CSL}><citation/>${'<category'.repeat(50_000)}</style>`, 'c.csl');
      assert.equal(category.citationFormat, undefined);
      const rights = parseStyle(`<style ${CSL}><citation/>${'<rights'.repeat(50_000)}</style>`, 'd.csl');
      assert.equal(rights.rights, undefined);
      assert.equal(isLocaleXml('<locale'.repeat(50_000)), false);
      assert.equal(localeLang('<locale'.repeat(50_000)), undefined);
    });

    it('CSL style: still reads the tags it looks for', () => {
      const style = parseStyle(
        `<style ${CSL} class="note" default-locale="de-DE"><info><title>T &amp; U</title><category citation-format="author-date"/><rights license="x">CC BY-SA</rights></info><citation/></style>\n`,
        'e.csl',
      );
      assert.deepEqual(
        [style.title, style.class, style.citationFormat, style.defaultLocale, style.rights],
        ['T & U', 'note', 'author-date', 'de-DE', 'CC BY-SA'],
      );
      assert.throws(
        () => parseStyle(`<style ${CSL}><link href="x" rel="self"/><link href="http://p" rel="independent-parent"/></style>`, 'f.csl'),
        (e: unknown) => e instanceof StyleError && /points to http:\/\/p\./.test(e.message),
      );
      assert.equal(isLocaleXml(`<?xml version="1.0"?>\n<locale ${CSL} xml:lang="fr-FR">`), true);
      assert.equal(localeLang(`<locale ${CSL} xml:lang="fr-FR">`), 'fr-FR');
    });

    it('front matter of a document: a csl value followed by 120,000 spaces', () => {
      assert.deepEqual(documentStyleFields(`---\ncsl: a${spaces(120_000)}b\n---\n`), { csl: `a${spaces(120_000)}b` });
      assert.deepEqual(documentStyleFields(`---\ncsl: apa${spaces(120_000)}\n---\n`), { csl: 'apa' });
    });

    it('RIS export: a value with 120,000 spaces and no line break', () => {
      const text = toRis([{ record: firstRecord(`TY  - JOUR\nTI  - a${spaces(120_000)}b\nN1  - c \n  d\nER  - \n`) }]);
      assert.ok(text.includes(`TI  - a${spaces(120_000)}b\n`));
      assert.ok(text.includes('N1  - c d\n'));
    });

    it('DOI: a value with 120,000 spaces', () => {
      assert.equal(doiOf(`10.1000/x${spaces(120_000)}x`), undefined);
      assert.equal(doiOf(`10.1000/x${spaces(120_000)}LK  - https://example.org`), '10.1000/x');
    });

    it('BibTeX export: pages with 120,000 spaces', () => {
      const text = toBibtex([{ id: 'k', type: 'article-journal', page: `1${spaces(120_000)}2 -  3` }]);
      assert.ok(text.includes('pages = {1 2--3}'), text.slice(0, 200));
    });

    it('pinned keys: a title word of 120,000 letters, and 120,000 unclosed `<`', () => {
      const word = 'a'.repeat(120_000);
      assert.equal(expandPinPattern(firstRecord(`TY  - JOUR\nTI  - ${word}\nER  - \n`), '{title}'), word);
      const tags = expandPinPattern(firstRecord(`TY  - JOUR\nTI  - <i>Deep</i> ${'<'.repeat(120_000)}x\nER  - \n`), '{title}');
      assert.equal(tags, 'deep');
    });

    it('bibliography section: a document with a run of 120,000 spaces', () => {
      const markdown = `# T\n\na${spaces(120_000)}b\n\n`;
      const edit = bibliographySectionEdit(markdown, 'S');
      assert.equal(edit.start, markdown.length - 2);
    });

    it('ISSN and ISBN: an SN value with 120,000 spaces, or 40,000 unclosed `(pbk`', () => {
      assert.deepEqual(classifyStandardNumber(`1234-5678${spaces(120_000)}x`), {});
      assert.deepEqual(classifyStandardNumber(`1234-5678${spaces(120_000)}978-0-262-03561-3 (pbk.)`), {
        ISSN: '1234-5678',
        ISBN: '978-0-262-03561-3',
      });
      assert.deepEqual(classifyStandardNumber('(pbk'.repeat(40_000)), {});
    });

    it('Markdown preview: a `:::{` line with 40,000 `#refs` and no `}`', () => {
      const md = new MarkdownIt();
      citationsPlugin(md as unknown as MarkdownItLike, {
        enabled: () => true,
        render: () => ({ citations: [], bibliography: [], unknown: [], layout: { hangingIndent: false, numbered: false, entrySpacing: 0, lineSpacing: 1 } }),
      });
      assert.ok(!md.render(`:::{${'#refs:'.repeat(40_000)}\n`).includes('id="refs"'));
    });

    it('front matter of a document: a csl line of 120,000 tabs and a bare CR', () => {
      assert.deepEqual(documentStyleFields(`---\ncsl:${'\t'.repeat(120_000)}\rx\n---\n`), {});
      assert.deepEqual(documentStyleFields(`---\ncsl:\t apa \t\nlang: de\n---\n`), { csl: 'apa', lang: 'de' });
    });

    it('locators: a word of 40,000 letters and digits after a comma', () => {
      const parsed = parseLocator(`1,A${'10'.repeat(20_000)}!`);
      assert.equal(parsed.label, 'page');
      assert.equal(parsed.locator, '1');
      assert.equal(parsed.suffix?.length, 40_003);
    });

    it('citation layout of a style: 60,000 unclosed `<layout`', () => {
      assert.equal(citationLayoutAttributes(`<citation>${'<layout'.repeat(60_000)}`), '');
      assert.equal(citationLayoutAttributes('<citation et-al-min="3"><layout prefix="(" suffix=")"></layout></citation>'), ' prefix="(" suffix=")"');
    });

    it('bibliography entries: 120,000 spaces inside an entry', () => {
      const entry = `<div class="csl-entry">a${spaces(120_000)}b</div>`;
      assert.equal(cleanEntry(entry, 'html').length, 120_002);
      assert.equal(cleanEntry(`a${spaces(120_000)}b\n`, 'text').length, 120_002);
    });
  });

  describe('many clashing keys', function () {
    // 20,000 keys that BibTeX cannot take, all renamed from one base: 19 s before each renaming
    // resumed at the base's next free suffix, 0.1 s after.
    this.timeout(3000);

    it('renames BibTeX keys in linear time, to the same keys as before', () => {
      const count = 20_000;
      const items = Array.from({ length: count }, () => ({ id: '', type: 'article-journal' }));
      const problems: string[] = [];
      const keys = [...toBibtex(items, problems).matchAll(/^@article\{([^,]*),$/gm)].map((m) => m[1]);
      assert.equal(keys.length, count);
      assert.equal(new Set(keys).size, count);
      assert.deepEqual(keys.slice(0, 4), ['ref', 'refa', 'refb', 'refc']);
      assert.equal(keys[27], 'refaa');
      assert.equal(problems.length, count);
    });

    it('skips the keys that other references already have', () => {
      const ids = ['refa', '', '', 'refc', '', '{', '|', '_'];
      const text = toBibtex(ids.map((id) => ({ id, type: 'article-journal' })));
      const keys = [...text.matchAll(/^@article\{([^,]*),$/gm)].map((m) => m[1]);
      assert.deepEqual(keys, ['refa', 'ref', 'refb', 'refc', 'refd', '_a', '_b', '_']);
    });
  });
});
