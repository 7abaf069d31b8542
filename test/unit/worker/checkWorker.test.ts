/**
 * The check worker validates files read from disk off the extension host's thread; what it reports
 * must be what the extension host would have reported for the same file: every corpus file checked
 * by the worker's handler gives the rows of `validateRis` on the whole text, duplicates across files
 * included, also through a real worker thread reading a path or given bytes. The client drops a
 * check that a newer one of the same file superseded.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { decodeRisBytes } from '../../../src/core/ris/decode';
import { parseRis } from '../../../src/core/ris/parser';
import { DuplicateIndex } from '../../../src/core/validation/duplicateIndex';
import { toRows } from '../../../src/core/validation/streamingRows';
import { validateRis } from '../../../src/core/validation/validate';
import { DiagnosticCode } from '../../../src/core/validation/codes';
import { CheckClient } from '../../../src/worker/checkClient';
import { runCheck, type CheckSource } from '../../../src/worker/checkHandler';
import { packedLength, packRefs, packRows, refBuffers, unpackRow, type CheckRequest, type CheckResponse, type PackedRows } from '../../../src/worker/checkProtocol';
import { nodeThreadStarter } from '../../../src/worker/nodeThread';
import type { WorkerEvents } from '../../../src/worker/protocol';
import { corpusEntries } from '../helpers/corpus';

const ALL_ON = Object.fromEntries(Object.values(DiagnosticCode).map((code) => [code, 'warning' as const]));

/** Packed rows as comparable strings. */
function shown(rows: PackedRows): string[] {
  return Array.from({ length: packedLength(rows) }, (_, i) => {
    const r = unpackRow(rows, i);
    return `${r.line}:${r.character}-${r.endLine}:${r.endCharacter} ${r.severity} ${r.code} ${r.message}`;
  });
}

/** What the extension host shows for `bytes` (validated whole, with `index` for duplicates). */
function expected(uri: string, bytes: Uint8Array, index: DuplicateIndex, severities = {}): string[] {
  const decoded = decodeRisBytes(bytes);
  const doc = parseRis(decoded.text);
  if (!index.has(uri)) index.set(uri, doc);
  const diagnostics = validateRis(doc, { uri, encoding: decoded, duplicates: index, severities });
  return shown(packRows(toRows(uri, doc.text, diagnostics)));
}

function source(bytes: Uint8Array, chunk = 4096): CheckSource {
  return {
    *chunks() {
      for (let at = 0; at < bytes.length; at += chunk) yield bytes.subarray(at, at + chunk);
    },
    all: () => bytes,
  };
}

function ok(response: CheckResponse): Extract<CheckResponse, { ok: true }> {
  if (!response.ok) assert.fail(response.error);
  return response;
}

describe('check worker', function () {
  this.timeout(300_000);
  const vetoes = { keepConferenceAbstractsApart: true, keepPreprintsApart: true };

  it('reports for every corpus file what validating the whole text reports (default and all-on severities)', () => {
    let files = 0;
    let rows = 0;
    for (const entry of corpusEntries()) {
      const bytes = fs.readFileSync(entry.full);
      for (const severities of [{}, ALL_ON]) {
        const uri = `file:///corpus/${entry.file}`;
        const want = expected(uri, bytes, new DuplicateIndex(), severities);
        const request: CheckRequest = { id: 1, uri, severities, vetoes, others: [] };
        const got = shown(ok(runCheck(request, source(bytes))).rows);
        assert.deepEqual(got, want, entry.file);
        rows += got.length;
      }
      files++;
    }
    assert.ok(files >= 10 && rows > 1000, `${files} files, ${rows} rows`);
  });

  it('finds duplicates in other files as the workspace index does, vetoes applied', () => {
    const entry = corpusEntries().find((e) => e.expected >= 50 && !e.file.startsWith('seed/'))!;
    const a = fs.readFileSync(entry.full);
    const text = decodeRisBytes(a).text;
    // The same export again, one record's year moved by ten years (the engine keeps those apart).
    const b = new TextEncoder().encode(text.replace(/^(PY|Y1) {2}- (\d{4})/m, (_, tag: string, year: string) => `${tag}  - ${Number(year) + 10}`));
    const index = new DuplicateIndex();
    index.set('file:///a.ris', parseRis(text));
    const want = expected('file:///b.ris', b, index);
    const crossFile = want.filter((row) => row.includes('ris.duplicate-record'));
    assert.ok(crossFile.length > 10, `${crossFile.length} duplicate findings`);
    const others = index.othersSharingKeys('file:///b.ris');
    assert.ok(others.length > 10 && others.every((r) => r.uri === 'file:///a.ris' && r.veto !== undefined));
    // Packed in two parts, as the extension packs them a turn at a time.
    const packed = [packRefs(others.slice(0, 7)), packRefs(others.slice(7))];
    const got = shown(ok(runCheck({ id: 1, uri: 'file:///b.ris', severities: {}, vetoes, others: packed }, source(b))).rows);
    assert.deepEqual(got, want);
    // Without the other file's records the findings across files are gone: the test would notice.
    const alone = shown(ok(runCheck({ id: 1, uri: 'file:///b.ris', severities: {}, vetoes, others: [] }, source(b))).rows);
    assert.notDeepEqual(alone, want);

    // Every record of the other files, a third one included (what a check that starts before the
    // index holds b.ris is given): the same rows as with only the records that share a key.
    const third = corpusEntries().find((e) => e.expected >= 20 && e.file !== entry.file && !e.file.startsWith('seed/'))!;
    const c = parseRis(decodeRisBytes(fs.readFileSync(third.full)).text);
    index.set('file:///c.ris', c);
    const all = [...index.refsOfOtherFiles('file:///b.ris')];
    assert.equal(index.recordCountExcept('file:///b.ris'), parseRis(text).records.length + c.records.length);
    assert.ok(all.length > others.length && all.some((r) => r.uri === 'file:///c.ris') && all.every((r) => r.uri !== 'file:///b.ris'));
    const wantNow = expected('file:///b.ris', b, index);
    const gotAll = shown(ok(runCheck({ id: 1, uri: 'file:///b.ris', severities: {}, vetoes, others: [packRefs(all)] }, source(b))).rows);
    assert.deepEqual(gotAll, wantNow);
  });

  it('checks a file in a real worker thread, from its path or from bytes, in slices', async () => {
    const entry = corpusEntries().find((e) => e.expected >= 50 && !e.file.startsWith('seed/'))!;
    const text = decodeRisBytes(fs.readFileSync(entry.full)).text;
    // Some 12 MB: more than one slice of the streaming engine.
    const big = new TextEncoder().encode(Array.from({ length: Math.ceil(12e6 / text.length) }, () => text.trimEnd() + '\n\n').join(''));
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ris-check-worker-'));
    const file = path.join(folder, 'big.ris');
    fs.writeFileSync(file, big);
    const client = new CheckClient(nodeThreadStarter<CheckRequest, CheckResponse>(path.join(__dirname, '../../../src/worker/checkWorker.js'), { maxOldGenerationSizeMb: 2048 }));
    try {
      const want = expected('file:///big.ris', big, new DuplicateIndex());
      const fromPath = await client.check({ uri: 'file:///big.ris', path: file, severities: {}, vetoes, others: [] });
      assert.ok(fromPath !== undefined);
      assert.equal(fromPath.records, parseRis(decodeRisBytes(big).text).records.length);
      assert.deepEqual(shown(fromPath.rows), want);
      const fromBytes = await client.check({ uri: 'file:///big.ris', bytes: big.slice(), severities: {}, vetoes, others: [] });
      assert.deepEqual(shown(fromBytes!.rows), want);
    } finally {
      client.dispose();
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });

  it('moves the packed refs of other files to a real worker thread, which finds the duplicates across files', async () => {
    const entry = corpusEntries().find((e) => e.expected >= 50 && !e.file.startsWith('seed/'))!;
    const bytes = fs.readFileSync(entry.full);
    const index = new DuplicateIndex();
    index.set('file:///a.ris', parseRis(decodeRisBytes(bytes).text));
    const want = expected('file:///b.ris', bytes, index);
    assert.ok(want.some((row) => row.includes('ris.duplicate-record')));
    const others = index.othersSharingKeys('file:///b.ris');
    assert.ok(others.length > 10);
    const packed = [packRefs(others.slice(0, 5)), packRefs(others.slice(5))];
    const client = new CheckClient(nodeThreadStarter<CheckRequest, CheckResponse>(path.join(__dirname, '../../../src/worker/checkWorker.js')));
    try {
      const got = await client.check({ uri: 'file:///b.ris', bytes: new Uint8Array(bytes), severities: {}, vetoes, others: packed });
      assert.deepEqual(shown(got!.rows), want);
      // Moved, not copied: the host's buffers are detached.
      assert.deepEqual(packed.map((p) => p.byteLength), [0, 0]);
    } finally {
      client.dispose();
    }
  });

  it('moves only buffers a request holds whole, each once', () => {
    const own = packRefs([]);
    const bytes = new Uint8Array(16);
    // A slice of Node's buffer pool shares its buffer with other data: copied, not moved.
    const pooled = Buffer.from('[]');
    assert.ok(pooled.buffer.byteLength > pooled.byteLength);
    const moved = refBuffers({ bytes, others: [own, pooled, own] });
    assert.equal(moved.length, 2);
    assert.ok(moved.includes(bytes.buffer) && moved.includes(own.buffer as ArrayBuffer));
    assert.deepEqual(refBuffers({ bytes: bytes.subarray(1), others: [] }), []);
  });

  describe('client', () => {
    /** A worker that answers only when told to, and records what happened to it. */
    function fakeWorkers() {
      const started: { requests: CheckRequest[]; terminated: boolean; events: WorkerEvents<CheckResponse> }[] = [];
      const start = (events: WorkerEvents<CheckResponse>) => {
        const worker = { requests: [] as CheckRequest[], terminated: false, events };
        started.push(worker);
        return { postMessage: (r: CheckRequest) => void worker.requests.push(r), terminate: () => void (worker.terminated = true) };
      };
      const answer = (w: (typeof started)[number], i = w.requests.length - 1) =>
        w.events.message({ id: w.requests[i]!.id, ok: true, rows: packRows([]), records: 0, encoding: 'utf-8', inexact: [] });
      return { started, start, answer };
    }
    const request = (uri: string) => ({ uri, path: `/x/${uri}`, severities: {}, vetoes, others: [] });

    it('drops a running check of a file that is checked again, stopping its worker', async () => {
      const { started, start, answer } = fakeWorkers();
      const client = new CheckClient(start);
      const first = client.check(request('a'));
      const second = client.check(request('a'));
      assert.equal(await first, undefined);
      assert.equal(started[0]!.terminated, true);
      assert.equal(started.length, 2);
      answer(started[1]!);
      assert.equal((await second)?.records, 0);
      assert.equal(client.busy, false);
    });

    it('checks files one at a time in order, replacing a queued check of the same file', async () => {
      const { started, start, answer } = fakeWorkers();
      const client = new CheckClient(start);
      const a = client.check(request('a'));
      const b1 = client.check(request('b'));
      const c = client.check(request('c'));
      const b2 = client.check(request('b'));
      assert.equal(await b1, undefined);
      const w = started[0]!;
      assert.deepEqual(w.requests.map((r) => r.uri), ['a']);
      answer(w);
      await a;
      assert.deepEqual(w.requests.map((r) => r.uri), ['a', 'c']);
      answer(w);
      await c;
      answer(w);
      assert.ok((await b2) !== undefined);
      assert.deepEqual(w.requests.map((r) => r.uri), ['a', 'c', 'b']);
      assert.equal(started.length, 1);
    });

    it('fails the check a worker dies on, and starts a new worker for the next', async () => {
      const { started, start, answer } = fakeWorkers();
      const client = new CheckClient(start);
      const a = client.check(request('a'));
      const b = client.check(request('b'));
      started[0]!.events.error(new Error('boom'), '4096 MB of memory');
      await assert.rejects(a, /more than the check worker's 4096 MB of memory/);
      assert.equal(started.length, 2);
      answer(started[1]!);
      assert.ok((await b) !== undefined);
      const c = client.check(request('c'));
      client.dispose();
      assert.equal(await c, undefined);
      assert.equal(started[1]!.terminated, true);
    });
  });
});
