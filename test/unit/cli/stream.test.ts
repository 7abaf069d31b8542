/**
 * The streaming check (src/cli/stream.ts) must give exactly the rows of the in-memory check. Files are
 * forced through the streaming path with tiny slices and read sizes, so that records, duplicates,
 * IDs, citation keys and U+FFFD characters fall on both sides of many cuts.
 */

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../../src/cli/main';
import type { CheckRow } from '../../../src/core/validation/streamingRows';
import { checkFiles, checkInMemory, checkStream, checkStreamSync, writeJsonRows } from '../../../src/cli/stream';
import type { StreamCheckOptions } from '../../../src/core/validation/streaming';
import { DEFAULT_SEVERITIES, type Severity } from '../../../src/core/validation/codes';
import { writeRisFile } from '../../../bench/lib/generate';
import { corpusDir, corpusKind } from '../helpers/repo';

/** Every rule on: the defaults, with the rules that are off by default turned on as info. */
const ALL_ON: Record<string, Severity> = Object.fromEntries(
  Object.entries(DEFAULT_SEVERITIES).map(([code, s]) => [code, s === 'ignore' ? 'info' : s]),
) as Record<string, Severity>;

// A threshold below zero streams even an empty file.
const SMALL: StreamCheckOptions = { thresholdBytes: -1, sliceChars: 3000, chunkBytes: 517 };

let dir = '';

function write(name: string, content: string | Buffer): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

function rowsText(rows: readonly CheckRow[]): string[] {
  return rows.map((r) => JSON.stringify(r));
}

/** Asserts that the streamed check of `file` equals the in-memory one, and returns the streamed result. */
function assertSame(file: string, severities: Record<string, Severity>, options: StreamCheckOptions = SMALL): ReturnType<typeof checkStreamSync> {
  const memory = checkInMemory(file, { severities });
  const streamed = checkStreamSync(file, { ...options, severities });
  assert.ok(streamed.streamed, 'took the streaming path');
  assert.deepEqual(streamed.inexact, []);
  assert.equal(streamed.records, memory.records, 'record count');
  assert.equal(streamed.encoding, memory.encoding, 'encoding');
  assert.deepEqual(rowsText(streamed.rows), rowsText(memory.rows));
  return streamed;
}

function record(lines: readonly string[], eol = '\n'): string {
  return `${['TY  - JOUR', ...lines, 'ER  - '].join(eol)}${eol}${eol}`;
}

describe('check from a stream (src/cli/stream.ts)', function () {
  this.timeout(120_000);

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ris-stream-'));
    for (const variant of ['clean', 'hostile'] as const) writeRisFile(path.join(dir, `generated-${variant}.ris`), { records: 3000, variant });
  });
  after(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  for (const variant of ['clean', 'hostile'] as const) {
    it(`gives the in-memory rows for a generated ${variant} export (3000 records, many slices)`, () => {
      const file = path.join(dir, `generated-${variant}.ris`);
      const def = assertSame(file, DEFAULT_SEVERITIES, { thresholdBytes: 0, sliceChars: 60_000, chunkBytes: 4096 });
      assert.ok(def.slices > 50, `${def.slices} slices`);
      assert.ok(def.rows.some((r) => r.code === 'ris.duplicate-record' && / at line \d+ of this file/.test(r.message)));
      assertSame(file, ALL_ON, { thresholdBytes: 0, sliceChars: 20_000, chunkBytes: 1000 });
      // Chunks larger than a slice, of which at first only 1 or 64 characters are joined to the records
      // waiting from the chunk before (grown while they hold no record boundary): slices cut at the
      // boundaries inside each chunk, none made by joining the whole chunk.
      const wide = assertSame(file, ALL_ON, { thresholdBytes: 0, sliceChars: 20_000, chunkBytes: 65_536, joinChars: 1 });
      assert.ok(wide.slices > 50, `${wide.slices} slices`);
      assertSame(file, DEFAULT_SEVERITIES, { thresholdBytes: 0, sliceChars: 4_000, chunkBytes: 30_000, joinChars: 64 });
    });
  }

  it('finds duplicates, repeated IDs and pandoc key suffixes across slices', () => {
    let text = '';
    for (let i = 0; i < 60; i++) {
      const fields: string[] = [];
      if (i % 10 === 3) fields.push('ID  - same-id'); // a repeated ID, far apart
      if (i % 7 === 0) fields.push('ID  - has space'); // an uncitable key, repeated (suffixes)
      if (i % 5 !== 4) fields.push(`AU  - Common, Name`, 'PY  - 2020'); // the same generated key: suffixes beyond z
      if (i % 9 === 8) fields.push('TI  - The very same title, again', 'AU  - Repeat, Author', 'PY  - 1999'); // a duplicate by title
      if (i % 11 === 5) fields.push('DO  - 10.1234/same.doi'); // a duplicate by DOI
      if (i % 13 === 0) fields.length = 0; // no ID, no author, no year: an empty key
      fields.push(`N1  - record ${i}`);
      text += record(fields);
      if (i % 17 === 16) text += 'ER  - \n\n'; // a stray ER: pandoc's empty reference
    }
    const file = write('cross.ris', text);
    for (const sliceChars of [1, 200, 700]) {
      assertSame(file, ALL_ON, { thresholdBytes: 0, sliceChars, chunkBytes: 64 });
      assertSame(file, DEFAULT_SEVERITIES, { thresholdBytes: 0, sliceChars, chunkBytes: 3 });
    }
  });

  it("applies the deduplication engine's vetoes across slices as in memory", () => {
    // Same title, year and first author: a notice printed later in the volume (other pages: vetoed
    // against the article), the article, the article again from another database (a duplicate of the
    // article, not of the notice), errata (vetoed against everything) and the title again in 2013.
    const cite = (pages: string, author: string, year: string, extra: string[] = []): string =>
      record(['TI  - Anti-factor H autoantibodies in a fifth renal transplant recipient', `AU  - ${author}`, `PY  - ${year}`, 'T2  - American Journal of Transplantation', 'VL  - 9', `SP  - ${pages}`, ...extra]);
    let text = '';
    for (let i = 0; i < 12; i++) {
      text += cite(i % 3 === 0 ? '2205' : '1223-1229', i % 2 === 0 ? 'Le Quintrec, M.' : 'Le Quintrec M', '2009', [`N1  - record ${i}`]);
      if (i % 4 === 1) text += record(['TI  - Erratum: Anti-factor H autoantibodies in a fifth renal transplant recipient', 'AU  - Le Quintrec, M.', 'PY  - 2009', `DO  - 10.1111/erratum.${i}`]);
      if (i % 5 === 2) text += cite('1223-1229', 'Le Quintrec, M.', '2013');
      text += record([`TI  - Filler record number ${i} about something else`, `AU  - Filler${i}, A.`, 'PY  - 2001']);
    }
    const file = write('vetoes.ris', text);
    const lines = text.split('\n');
    const lineOf = (needle: string, nth = 0): number => lines.map((l, i) => (l === needle ? i : -1)).filter((i) => i >= 0)[nth]! + 1;
    const memory = checkInMemory(file, { severities: DEFAULT_SEVERITIES });
    const dups = memory.rows.filter((r) => r.code === 'ris.duplicate-record');
    // Notices 3, 6, 9 → the first notice; articles 2, 4, 5, 7, 8, 10, 11 → the first article (record 1); the second 2013 record → the first.
    const firstNotice = lineOf('N1  - record 0') - 7;
    const firstArticle = lineOf('N1  - record 1') - 7;
    const first2013 = lineOf('PY  - 2013') - 3;
    const targets = dups.map((r) => Number(/at line (\d+) of this file/.exec(r.message)?.[1]));
    assert.deepEqual(targets.filter((t) => t === firstNotice).length, 3);
    assert.deepEqual(targets.filter((t) => t === firstArticle).length, 7);
    assert.deepEqual(targets.filter((t) => t === first2013).length, 1);
    assert.equal(dups.length, 11);
    for (const sliceChars of [1, 300, 900]) assertSame(file, DEFAULT_SEVERITIES, { thresholdBytes: 0, sliceChars, chunkBytes: 97 });
  });

  it('words the U+FFFD diagnostics for the whole file (more than 100 of them)', () => {
    let text = '';
    for (let i = 0; i < 40; i++) text += record([`TI  - Lost \ufffd characters \ufffd here \ufffd and \ufffd`, `AU  - X${i}, Y`, 'PY  - 2001']);
    assertSame(write('fffd.ris', text), DEFAULT_SEVERITIES);
    // After a BOM, invalid bytes are U+FFFD too, and pandoc rejects the file (a diagnostic on line 1).
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8'), Buffer.from('TY  - JOUR\nTI  - bad \xff byte\nER  - \n', 'latin1')]);
    const streamed = assertSame(write('bom-invalid.ris', bytes), DEFAULT_SEVERITIES);
    assert.equal(streamed.encoding, 'utf-8-bom');
  });

  it('reads a file that is not UTF-8 as Windows-1252, even when the bad byte comes late', () => {
    let text = '';
    for (let i = 0; i < 50; i++) text += record([`TI  - Title ${i}`, `AU  - Müller${i}, Ann`, 'PY  - 2010']);
    const bytes = Buffer.concat([Buffer.from(text, 'utf8'), Buffer.from('TY  - JOUR\nTI  - Caf\xe9 \x93quoted\x94\nER  - \n', 'latin1')]);
    const streamed = assertSame(write('cp1252.ris', bytes), DEFAULT_SEVERITIES);
    assert.equal(streamed.encoding, 'windows-1252');
  });

  it('handles CRLF, bare-CR files, leading blank lines, headers and a missing final line break', () => {
    const body = (eol: string): string => {
      let t = '';
      for (let i = 0; i < 30; i++) t += record([`TI  - Title ${i}`, `AU  - Doe${i}, J`, i % 6 === 5 ? 'PY  - 20x1' : 'PY  - 2011'], eol);
      return t;
    };
    assertSame(write('crlf.ris', `\n\nProvider: Test\r\n${body('\r\n')}`), DEFAULT_SEVERITIES);
    assertSame(write('cr.ris', body('\r')), DEFAULT_SEVERITIES);
    assertSame(write('no-final-newline.ris', body('\n').replace(/\n+$/, '')), DEFAULT_SEVERITIES);
    assertSame(write('missing-end.ris', `${body('\n')}TY  - JOUR\nTI  - open\nTY  - JOUR\nTI  - last`), ALL_ON);
    assertSame(write('empty.ris', ''), DEFAULT_SEVERITIES);
  });

  it('says when it had to cut a file without record boundaries', () => {
    const lines: string[] = [];
    for (let i = 0; i < 2000; i++) lines.push(`TY  - JOUR`, `TI  - t${i}`);
    const file = write('no-er.ris', lines.join('\n'));
    const streamed = checkStreamSync(file, { thresholdBytes: 0, sliceChars: 1000, maxSliceChars: 4000, chunkBytes: 256 });
    assert.equal(streamed.records, 2000);
    assert.equal(streamed.inexact.length, 1);
  });

  it('gives the same rows through the asynchronous reader', async () => {
    const file = path.join(dir, 'generated-clean.ris');
    const a = checkStreamSync(file, { ...SMALL, severities: DEFAULT_SEVERITIES, sliceChars: 30_000 });
    const b = await checkStream(file, { ...SMALL, severities: DEFAULT_SEVERITIES, sliceChars: 30_000 });
    assert.deepEqual(rowsText(b.rows), rowsText(a.rows));
    assert.equal(b.records, a.records);
  });

  it('checks several files as one bibliography when some are streamed', () => {
    const shared = record(['TI  - Shared across files', 'AU  - Same, Person', 'PY  - 2005', 'DO  - 10.5555/shared']);
    const a = write('a.ris', record(['TI  - only a', 'AU  - A, A', 'PY  - 2000']) + shared);
    const b = write('b.ris', fs.readFileSync(path.join(dir, 'generated-hostile.ris'), 'utf8') + shared);
    const c = write('c.ris', shared + record(['TI  - only c', 'AU  - C, C', 'PY  - 2002']));
    const files = [a, b, c];
    const memory = (() => {
      let out = '';
      const previous = process.env['RIS_STREAM_THRESHOLD_BYTES'];
      process.env['RIS_STREAM_THRESHOLD_BYTES'] = String(Number.MAX_SAFE_INTEGER);
      try {
        runCli(['check', '--json', ...files], { out: (t) => (out += t), err: () => undefined });
      } finally {
        if (previous === undefined) delete process.env['RIS_STREAM_THRESHOLD_BYTES'];
        else process.env['RIS_STREAM_THRESHOLD_BYTES'] = previous;
      }
      return JSON.parse(out) as CheckRow[];
    })();
    const streamed = checkFiles(files, DEFAULT_SEVERITIES, { thresholdBytes: 100_000, sliceChars: 50_000, chunkBytes: 8192 });
    assert.deepEqual(streamed.inexact, []);
    assert.deepEqual(rowsText(streamed.rows), rowsText(memory));
    assert.ok(memory.some((r) => r.file === b && r.code === 'ris.duplicate-record' && r.message.includes('a.ris:') && r.message.includes('c.ris:')));
    assert.ok(memory.some((r) => r.file === a && r.code === 'ris.duplicate-record' && r.message.includes('b.ris:')));
  });

  it('is what `check` uses above RIS_STREAM_THRESHOLD_BYTES, with the same output', () => {
    const file = path.join(dir, 'generated-hostile.ris');
    const run = (threshold: string): { code: number; out: string; err: string } => {
      let out = '';
      let err = '';
      const previous = process.env['RIS_STREAM_THRESHOLD_BYTES'];
      process.env['RIS_STREAM_THRESHOLD_BYTES'] = threshold;
      try {
        const code = runCli(['check', '--json', file], { out: (t) => (out += t), err: (t) => (err += t) });
        return { code, out, err };
      } finally {
        if (previous === undefined) delete process.env['RIS_STREAM_THRESHOLD_BYTES'];
        else process.env['RIS_STREAM_THRESHOLD_BYTES'] = previous;
      }
    };
    const memory = run(String(Number.MAX_SAFE_INTEGER));
    const streamed = run('0');
    assert.equal(streamed.code, memory.code);
    assert.equal(streamed.out, memory.out);
    assert.equal(streamed.err, memory.err);
  });

  it('writes JSON rows exactly as JSON.stringify(rows, null, 2)', () => {
    const rows = checkInMemory(path.join(dir, 'generated-hostile.ris'), { severities: ALL_ON }).rows.slice(0, 5);
    for (const list of [rows, rows.slice(0, 1), []]) {
      let out = '';
      writeJsonRows(list, (t) => (out += t));
      assert.equal(out, `${JSON.stringify(list, null, 2)}\n`);
    }
  });

  describe(`real exports (${corpusKind()} corpus)`, () => {
    const corpus = corpusDir();
    // Bundled in the repository: Lens (CRLF+LF, continuations), Citavi (\r\r\n), Cochrane headers, Embase.
    const bundled = ['citation-file-formatting/_baseline.ris', 'citation-file-formatting/_baseline_citavi.ris', 'citation-file-formatting/_baseline_cochrane_endnote.ris', 'asreview/embase.ris'];
    // GPL-licensed, read by path from the extended corpus only.
    const extended = ['citesource/test_1.ris', 'asysd/zotero_export.ris', 'citesource/WoS_early.ris', 'revtools/restoration_scopus.ris'];
    const picks = corpusKind() === 'extended' ? [...bundled, ...extended] : bundled;
    for (const name of picks) {
      const file = path.join(corpus, name);
      it(`gives the in-memory rows for ${name}`, function () {
        assert.ok(fs.existsSync(file), `corpus file not found: ${file}`);
        assertSame(file, ALL_ON, { thresholdBytes: 0, sliceChars: 20_000, chunkBytes: 4093 });
        assertSame(file, DEFAULT_SEVERITIES, { thresholdBytes: 0, sliceChars: 200_000, chunkBytes: 65_536 });
      });
    }
  });
});
