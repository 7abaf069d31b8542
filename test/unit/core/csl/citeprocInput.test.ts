/**
 * No reference can make citeproc-js hang, overflow its stack or fill the heap: the markup it parses
 * is bounded, and a reference it fails on costs only that reference its formatting.
 */
import * as assert from 'node:assert/strict';
import { CitationProcessor } from '../../../../src/core/csl/citeproc';
import { limitCslItem, limitInlineMarkup, MARKUP_LIMITS } from '../../../../src/core/csl/citeprocInput';
import type { CslItem } from '../../../../src/core/csl/cslItems';
import { builtinStyle } from '../../../../src/core/csl/cslStyles';

const nested = (depth: number, tag = 'i', inner = 'deep'): string => `<${tag}>`.repeat(depth) + inner + `</${tag}>`.repeat(depth);
const count = (text: string, pattern: RegExp): number => text.match(pattern)?.length ?? 0;

const doe: CslItem = { id: 'doe2020', type: 'article-journal', author: [{ family: 'Doe', given: 'Jane' }], title: 'A title', 'container-title': 'A Journal', issued: { 'date-parts': [[2020]] } };
const zed: CslItem = { id: 'zed2019', type: 'book', author: [{ family: 'Zed', given: 'Zoe' }], title: 'Another', publisher: 'Press', issued: { 'date-parts': [[2019]] } };
const withTitle = (id: string, title: string): CslItem => ({ id, type: 'article-journal', author: [{ family: 'Roe', given: 'Rick' }], title, issued: { 'date-parts': [[2021]] } });

describe('citeproc input: bounded inline markup', () => {
  it('leaves ordinary markup and quotes as they are', () => {
    for (const text of ['<i>Drosophila</i> in Ca<sup>2+</sup> and H<sub>2</sub>O', 'The "so-called" <span class="nocase">iPhone</span> and Alzheimer\'s', '<b><i>Bold</i> italic</b> ‘inner’ “outer”']) {
      assert.equal(limitInlineMarkup(text), text);
    }
    const item = limitCslItem(doe);
    assert.deepEqual(item, doe);
    assert.notEqual(item, doe);
  });

  it('drops tags nested deeper than four levels, keeping their text', () => {
    assert.equal(limitInlineMarkup(nested(10)), nested(4));
    assert.equal(limitInlineMarkup(nested(40_000)), nested(4));
    assert.equal(limitInlineMarkup('<i><b><sup><sub><span class="nocase">x</span></sub></sup></b></i>'), '<i><b><sup><sub>x</sub></sup></b></i>');
  });

  it('keeps at most 100 tags in a field, and all of its text', () => {
    const out = limitInlineMarkup('<i>a</i> '.repeat(8000), { ...MARKUP_LIMITS, fieldChars: 1e9 });
    assert.equal(count(out, /<\/?i>/g), MARKUP_LIMITS.tags);
    assert.equal(count(out, /a/g), 8000);
  });

  it('prints quotes as written when a field has too many to pair', () => {
    const text = `${'"\''.repeat(3000)}x${'\'"'.repeat(3000)}`;
    const out = limitInlineMarkup(text, { ...MARKUP_LIMITS, fieldChars: 1e9 });
    assert.equal(out.replace(/\u2060/g, ''), text);
    assert.equal(count(out, /(?<!\u2060)["']/g), 0);
  });

  it('cuts a field at 10,000 characters', () => {
    const out = limitInlineMarkup('word '.repeat(100_000));
    assert.equal(out.length, MARKUP_LIMITS.fieldChars + 1);
    assert.ok(out.endsWith('…'));
  });

  it('bounds names and other nested strings, and keeps the id', () => {
    const id = nested(50);
    const item = limitCslItem({ ...doe, id, author: [{ family: nested(5000), given: 'J' }] });
    assert.equal(item.id, id);
    assert.equal(item.author?.[0]?.family, nested(4));
  });
});

describe('citeproc: one bad reference costs only its own formatting', function () {
  this.timeout(60_000);
  let processor: CitationProcessor;
  let items: Record<string, CslItem> = {};
  before(() => {
    const apa = builtinStyle('apa');
    assert.ok(apa);
    processor = new CitationProcessor(apa, { item: (key) => items[key] });
  });
  const use = (...list: CslItem[]): void => {
    items = Object.fromEntries(list.map((i) => [i.id, i]));
    processor.useItems((key) => items[key]);
  };

  it('formats a title of 8,000 nested <i> (citeproc-js overflowed its stack)', () => {
    use(doe, withTitle('deep', nested(8000)), zed);
    const entries = processor.bibliography(['doe2020', 'deep', 'zed2019'], 'text');
    assert.deepEqual(entries.map((e) => e.key), ['doe2020', 'deep', 'zed2019']);
    assert.equal(entries[1]?.text, 'Roe, R. (2021). deep.');
    const html = processor.render([{ inText: false, items: [{ key: 'deep' }, { key: 'doe2020' }] }], 'html');
    assert.equal(html.failed, undefined);
    assert.ok(count(html.bibliography.map((e) => e.text).join(''), /<i>/g) < 10);
  });

  it('formats nested quotes and 20,000 tags in a row quickly (they took 45 s)', function () {
    this.timeout(10_000);
    use(withTitle('quotes', `${'"\''.repeat(4000)}x${'\'"'.repeat(4000)}`), withTitle('row', '<i>a</i> '.repeat(20_000)));
    const rendering = processor.render([{ inText: false, items: [{ key: 'quotes' }, { key: 'row' }] }], 'html');
    assert.deepEqual(rendering.bibliography.map((e) => e.key).sort(), ['quotes', 'row']);
    const row = rendering.bibliography.find((e) => e.key === 'row')?.text ?? '';
    assert.ok(count(row, /<i>/g) <= MARKUP_LIMITS.tags, 'at most the kept tags reach the output');
  });

  it('formats a title with 60,000 spaces quickly (citeproc-js took 11-19 s on it)', function () {
    this.timeout(5_000);
    use(withTitle('spaces', `Deep${' '.repeat(60_000)}'learning' here`));
    const entries = processor.bibliography(['spaces'], 'text');
    assert.equal(entries[0]?.text, 'Roe, R. (2021). Deep “learning” here.');
  });

  it('bounds the markup of citation prefixes and suffixes from the document', () => {
    use(doe);
    const rendering = processor.render([{ inText: false, items: [{ key: 'doe2020', prefix: nested(8000, 'i', 'see'), suffix: `, ${nested(8000, 'b', 'note')}` }] }], 'text');
    assert.equal(rendering.citations[0]?.text, '(see Doe, 2020, note)');
  });

  it('prints a reference citeproc-js fails on as its key and title, and formats the others', () => {
    const broken = { id: 'broken', type: 'article-journal', title: 'A <i>broken</i> record', author: [null] } as unknown as CslItem;
    use(doe, broken, zed);
    const rendering = processor.render([{ inText: false, items: [{ key: 'doe2020' }, { key: 'broken' }] }, { inText: true, items: [{ key: 'zed2019' }] }], 'text');
    assert.deepEqual(rendering.bibliography.map((e) => e.text), [
      'Doe, J. (2020). A title. A Journal.',
      'Zed, Z. (2019). Another. Press.',
      'broken: A broken record [not formatted: citeproc-js failed on this reference]',
    ]);
    assert.deepEqual(rendering.citations.map((c) => c.text), ['(Doe, 2020; broken)', 'Zed (2019)']);
    assert.deepEqual(rendering.citations[0]?.failed, ['broken']);
    assert.deepEqual(rendering.failed?.map((f) => f.key), ['broken']);
    assert.match(rendering.failed?.[0]?.error ?? '', /null/);

    const html = processor.render([{ inText: false, items: [{ key: 'broken' }] }], 'html');
    assert.match(html.bibliography[0]?.text ?? '', /^<span class="ris-unformatted" title="[^"]*null[^"]*">broken: A broken record<\/span> \[not formatted/);
    assert.match(html.citations[0]?.text ?? '', /<span class="ris-unformatted-citation"[^>]*>broken<\/span>/);

    const list = processor.bibliography(['doe2020', 'broken', 'zed2019'], 'markdown');
    assert.deepEqual(list.map((e) => e.key), ['doe2020', 'zed2019', 'broken']);
    assert.equal(list[2]?.text, 'broken: A broken record \\[not formatted: citeproc-js failed on this reference\\]');
    assert.deepEqual(list.failed?.map((f) => f.key), ['broken']);

    assert.equal(processor.reference('broken', 'text'), 'broken: A broken record [not formatted: citeproc-js failed on this reference]');
    assert.equal(processor.reference('doe2020', 'text'), 'Doe, J. (2020). A title. A Journal.');
  });
});
