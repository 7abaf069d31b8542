import * as assert from 'node:assert/strict';
import { CiteprocClient } from '../../src/worker/client';
import { handle } from '../../src/worker/citeprocWorker';
import { builtinStyle } from '../../src/core/cslStyles';
import type { CslItem } from '../../src/core/csl';
import type { WorkerRendering } from '../../src/worker/protocol';

const doe: CslItem = { id: 'doe2020', type: 'article-journal', author: [{ family: 'Doe', given: 'Jane' }], title: 'A title', 'container-title': 'A Journal', issued: { 'date-parts': [[2020]] } };
const roe: CslItem = { id: 'roe2019', type: 'book', author: [{ family: 'Roe', given: 'Rick' }], title: 'A book', publisher: 'Press', issued: { 'date-parts': [[2019]] } };

describe('citation worker', function () {
  this.timeout(60_000);
  let client: CiteprocClient;
  before(() => {
    client = new CiteprocClient();
  });
  after(() => client.dispose());

  it('formats citations and the bibliography in a worker thread', async () => {
    const result = await client.render({ id: 'apa', builtin: 'apa' }, [doe, roe], [{ inText: false, items: [{ key: 'doe2020' }, { key: 'roe2019' }] }, { inText: true, items: [{ key: 'nokey' }] }], 'text', true);
    assert.deepEqual(result.citations.map((c) => c.text), ['(Doe, 2020; Roe, 2019)', '(nokey?)']);
    assert.deepEqual(result.bibliography.map((e) => e.key), ['doe2020', 'roe2019']);
    assert.deepEqual(result.unknown, ['nokey']);
    assert.deepEqual(result.titles, [['doe2020', 'Doe, J. (2020). A title. A Journal.'], ['roe2019', 'Roe, R. (2019). A book. Press.']]);
  });

  it('answers concurrent requests each with its own result, in any style', async () => {
    const vancouverXml = builtinStyle('vancouver')?.xml ?? '';
    const [a, b, c] = await Promise.all([
      client.render({ id: 'vancouver', builtin: 'vancouver' }, [doe, roe], [{ inText: false, items: [{ key: 'roe2019' }] }, { inText: false, items: [{ key: 'doe2020' }] }], 'text'),
      client.reference({ id: 'apa', builtin: 'apa' }, roe, 'markdown'),
      client.render({ id: 'my.csl', xml: vancouverXml }, [doe], [{ inText: false, items: [{ key: 'doe2020' }] }], 'html'),
    ]);
    assert.deepEqual(a.citations.map((x) => x.text), ['(1)', '(2)']);
    assert.equal(b, 'Roe, R. (2019). *A book*. Press.');
    assert.match(c.bibliography[0]?.text ?? '', /^<div class="csl-left-margin">1\.<\/div><div class="csl-right-inline">Doe J\. A title\./);
  });

  it('reports a style it cannot use as an error, and keeps working', async () => {
    await assert.rejects(client.render({ id: 'bad.csl', xml: '<html/>' }, [doe], [{ inText: false, items: [{ key: 'doe2020' }] }], 'text'), /not a CSL style/);
    const after = await client.reference({ id: 'apa', builtin: 'apa' }, doe, 'text');
    assert.equal(after, 'Doe, J. (2020). A title. A Journal.');
  });

  it('restarts the thread after it was stopped', async () => {
    client.dispose();
    const again = await client.reference({ id: 'harvard', builtin: 'harvard' }, doe, 'text');
    assert.match(again ?? '', /^Doe, J\. \(2020\)/);
  });

  it('handles requests in the calling thread too (the same code the thread runs)', () => {
    const response = handle({ id: 7, kind: 'render', style: { id: 'apa', builtin: 'apa' }, items: [doe], clusters: [{ inText: false, items: [{ key: 'doe2020', suppressAuthor: true }] }], format: 'text' });
    assert.equal(response.id, 7);
    assert.ok(response.ok);
    assert.equal((response.result as WorkerRendering).citations[0]?.text, '(2020)');
  });
});
