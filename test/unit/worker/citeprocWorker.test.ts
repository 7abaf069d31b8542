import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CiteprocClient } from '../../../src/worker/client';
import { handle } from '../../../src/worker/handler';
import { nodeThreadStarter } from '../../../src/worker/nodeThread';
import { builtinStyle } from '../../../src/core/csl/cslStyles';
import type { CslItem } from '../../../src/core/csl/cslItems';
import type { WorkerRendering } from '../../../src/worker/protocol';

const doe: CslItem = { id: 'doe2020', type: 'article-journal', author: [{ family: 'Doe', given: 'Jane' }], title: 'A title', 'container-title': 'A Journal', issued: { 'date-parts': [[2020]] } };
/** The real worker thread (compiled beside this test's sources in out/). */
const realWorker = (): ReturnType<typeof nodeThreadStarter> => nodeThreadStarter(path.join(__dirname, '../../../src/worker/citeprocWorker.js'));
const roe: CslItem = { id: 'roe2019', type: 'book', author: [{ family: 'Roe', given: 'Rick' }], title: 'A book', publisher: 'Press', issued: { 'date-parts': [[2019]] } };

describe('citation worker', function () {
  this.timeout(60_000);
  let client: CiteprocClient;
  before(() => {
    client = new CiteprocClient(realWorker());
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

/** A stand-in worker: answers each reference request with the item's id, or misbehaves as the id says. */
const FAKE_WORKER = `
const { parentPort, resourceLimits } = require('node:worker_threads');
parentPort.on('message', (request) => {
  const key = request.item ? request.item.id : '';
  if (key === 'hang') for (;;) {}
  if (key === 'hoard') { const kept = []; for (;;) kept.push(new Array(100000).fill(kept.length)); }
  parentPort.postMessage({ id: request.id, ok: true, result: key === 'limits' ? JSON.stringify(resourceLimits) : key });
});
`;

describe('citation worker: no request can hold up the others', function () {
  this.timeout(60_000);
  let dir: string;
  let script: string;
  const item = (id: string): CslItem => ({ id, type: 'book' });
  const apa = { id: 'apa', builtin: 'apa' };
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ris-worker-'));
    script = path.join(dir, 'fake-worker.js');
    fs.writeFileSync(script, FAKE_WORKER);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('stops a request that runs too long, fails it with a clear error, and answers the ones queued behind it', async () => {
    const client = new CiteprocClient(nodeThreadStarter(script), { timeoutMs: 300 });
    try {
      const [hung, next, last] = await Promise.allSettled([client.reference(apa, item('hang'), 'text'), client.reference(apa, item('next'), 'text'), client.reference(apa, item('last'), 'text')]);
      assert.equal(hung.status, 'rejected');
      assert.match(String(hung.status === 'rejected' ? hung.reason : ''), /Formatting the reference hang \(apa\) took longer than 0\.3 s and was stopped/);
      assert.deepEqual([next, last], [{ status: 'fulfilled', value: 'next' }, { status: 'fulfilled', value: 'last' }]);
    } finally {
      client.dispose();
    }
  });

  it('starts the thread with a 512 MB heap limit', async () => {
    const client = new CiteprocClient(nodeThreadStarter(script));
    try {
      const limits = JSON.parse((await client.reference(apa, item('limits'), 'text')) ?? '{}') as { maxOldGenerationSizeMb?: number };
      assert.equal(limits.maxOldGenerationSizeMb, 512);
    } finally {
      client.dispose();
    }
  });

  it('fails a request that fills the heap, and answers the next one', async () => {
    const client = new CiteprocClient(nodeThreadStarter(script, { maxOldGenerationSizeMb: 24 }));
    try {
      const [hoard, next] = await Promise.allSettled([client.reference(apa, item('hoard'), 'text'), client.reference(apa, item('next'), 'text')]);
      assert.match(String(hoard.status === 'rejected' ? hoard.reason : ''), /Formatting the reference hoard \(apa\) needed more than the citation worker's 24 MB of memory and was stopped/);
      assert.deepEqual(next, { status: 'fulfilled', value: 'next' });
    } finally {
      client.dispose();
    }
  });

  it('fails the queued requests when stopped, and starts again on the next', async () => {
    const client = new CiteprocClient(nodeThreadStarter(script), { timeoutMs: 30_000 });
    const pending = [client.reference(apa, item('hang'), 'text'), client.reference(apa, item('queued'), 'text')];
    client.dispose();
    const settled = await Promise.allSettled(pending);
    assert.deepEqual(settled.map((s) => s.status), ['rejected', 'rejected']);
    assert.equal(await client.reference(apa, item('again'), 'text'), 'again');
    client.dispose();
  });

  it('formats a reference whose title holds 40,000 nested tags with the real worker (it overflowed or filled the heap)', async () => {
    const client = new CiteprocClient(realWorker());
    try {
      const title = `${'<i>'.repeat(40_000)}Deep${'</i>'.repeat(40_000)}`;
      const deep: CslItem = { ...doe, id: 'deep', title };
      const [rendering, alone] = await Promise.all([
        client.render(apa, [doe, deep, roe], [{ inText: false, items: [{ key: 'deep' }, { key: 'doe2020' }, { key: 'roe2019' }] }], 'text'),
        client.reference(apa, deep, 'text'),
      ]);
      assert.deepEqual(rendering.bibliography.map((e) => e.text), ['Doe, J. (2020a). A title. A Journal.', 'Doe, J. (2020b). Deep. A Journal.', 'Roe, R. (2019). A book. Press.']);
      assert.equal(alone, 'Doe, J. (2020). Deep. A Journal.');
    } finally {
      client.dispose();
    }
  });
});
