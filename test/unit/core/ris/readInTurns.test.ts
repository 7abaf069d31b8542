/**
 * Decoding and parsing in turns must give exactly what decoding and parsing at once gives: every
 * corpus file, and texts built to catch the edges (a character split between chunks, a file that is
 * not UTF-8, UTF-16, a BOM with bad bytes, bare CRs, records without ER, lines outside records), cut
 * into the smallest slices the cutting allows.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { decodeRisBytes } from '../../../../src/core/ris/decode';
import { parseRis } from '../../../../src/core/ris/parser';
import { decodeInTurns, eachInTurns, parseInTurns } from '../../../../src/core/ris/readInTurns';
import { corpusEntries } from '../../helpers/corpus';
import { documentData } from '../../helpers/risSnapshot';

let pauses = 0;
const pause = (): Promise<void> => {
  pauses++;
  return Promise.resolve();
};

const record = (i: number, nl = '\n'): string => [`TY  - JOUR`, `TI  - Title ${i} Übersicht`, `AU  - Doe, J.`, `PY  - 2020`, `ER  - `, ''].join(nl) + nl;

const edgeTexts: Record<string, string> = {
  'records, LF': Array.from({ length: 30 }, (_, i) => record(i)).join(''),
  'records, CRLF, no final break': Array.from({ length: 30 }, (_, i) => record(i, '\r\n')).join('').trimEnd(),
  'bare CRs in LF text': Array.from({ length: 30 }, (_, i) => record(i)).join('').replace(/Title 1(\d)/g, 'Title\r1$1'),
  'CR only': Array.from({ length: 30 }, (_, i) => record(i, '\r')).join(''),
  'records without ER, stray lines': ['Provider: X', '', ...Array.from({ length: 20 }, (_, i) => (i % 3 === 0 ? record(i).replace('ER  - \n', '') : record(i)) + (i % 4 === 0 ? 'stray text\n' : ''))].join('\n'),
  'a BOM inside': '\ufeff' + Array.from({ length: 10 }, (_, i) => record(i)).join(''),
  empty: '',
};

describe('reading in turns', function () {
  this.timeout(300_000);

  it('parses every corpus file as parseRis does, in slices as small as the cuts allow', async () => {
    let files = 0;
    for (const entry of corpusEntries()) {
      const text = decodeRisBytes(fs.readFileSync(entry.full)).text;
      const whole = documentData(parseRis(text));
      for (const slice of [1, 5000]) {
        const doc = await parseInTurns(text, pause, slice);
        assert.equal(doc.text, text);
        assert.deepEqual(documentData(doc), whole, `${entry.file}, slices of ${slice}`);
      }
      files++;
    }
    assert.ok(files >= 10);
  });

  it('parses the edge cases as parseRis does', async () => {
    for (const [name, text] of Object.entries(edgeTexts)) {
      for (const slice of [1, 40, 1000]) {
        assert.deepEqual(documentData(await parseInTurns(text, pause, slice)), documentData(parseRis(text)), `${name}, slices of ${slice}`);
      }
    }
  });

  it('pauses between slices, and cuts only between records', async () => {
    pauses = 0;
    const text = edgeTexts['records, LF']!;
    const doc = await parseInTurns(text, pause, 1);
    assert.equal(doc.records.length, 30);
    assert.equal(pauses, 29);
  });

  it('decodes as decodeRisBytes does, in chunks as small as one byte', async () => {
    const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
    const samples: Record<string, Uint8Array> = {
      'UTF-8, multi-byte characters': utf8(edgeTexts['records, LF']! + '😀 ü'),
      'UTF-8 with BOM': new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('TY  - JOUR\nTI  - Ärzte\nER  - \n')]),
      'BOM then invalid bytes': new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('TI  - a'), 0xff, 0xfe, ...utf8('b\n')]),
      'Windows-1252': new Uint8Array([...utf8('TY  - JOUR\nTI  - caf'), 0xe9, 0x20, 0x80, ...utf8('\nER  - \n')]),
      'UTF-16 LE': new Uint8Array([0xff, 0xfe, ...Array.from(utf8('TY  - JOUR\n')).flatMap((b) => [b, 0])]),
      'two bytes': utf8('TY'),
      empty: new Uint8Array(0),
    };
    for (const entry of corpusEntries().slice(0, 8)) samples[entry.file] = fs.readFileSync(entry.full);
    for (const [name, bytes] of Object.entries(samples)) {
      const want = decodeRisBytes(bytes);
      for (const chunk of [1, 2, 3, 7, 4096]) {
        if (chunk < 4 && bytes.length > 20_000) continue;
        assert.deepEqual(await decodeInTurns(bytes, pause, chunk), want, `${name}, chunks of ${chunk}`);
      }
    }
  });

  it('visits every item in turns', async () => {
    pauses = 0;
    const seen: number[] = [];
    await eachInTurns([1, 2, 3, 4, 5], (n) => seen.push(n), pause, 2);
    assert.deepEqual(seen, [1, 2, 3, 4, 5]);
    assert.equal(pauses, 2);
  });
});
