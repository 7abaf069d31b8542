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
import { pieceTextOf, textAt, textLength, textSlice } from '../../../../src/core/ris/pieceText';
import { parseInTurns, parsePartsInTurns, readRisInTurns } from '../../../../src/core/ris/readInTurns';
import type { DecodedText, RisDocument } from '../../../../src/core/ris/model';
import { keyedRecordsOfFile } from '../../../../src/core/keys/pandocKeys';
import { Library, prepareLibraryFile } from '../../../../src/core/library/referenceLibrary';
import { DuplicateIndex, documentDuplicateRefs } from '../../../../src/core/validation/duplicateIndex';
import { LineIndex } from '../../../../src/core/text/lineIndex';
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

function decodedData(d: DecodedText): unknown {
  return { text: d.text, encoding: d.encoding, fallback: d.fallback, replacementCharacters: d.replacementCharacters };
}

/** The readers that take a document read in pieces from its pieces give what they give for the whole text. */
function piecewiseReadersAgree(pieces: RisDocument, whole: RisDocument, name: string): void {
  const keys = (doc: RisDocument): unknown => keyedRecordsOfFile('file:///a.ris', doc).map((k) => [k.key, k.baseKey, k.fromId, k.recordIndex]);
  assert.deepEqual(keys(pieces), keys(whole), `${name}: pandoc keys`);
  const refs = (doc: RisDocument): unknown => documentDuplicateRefs('file:///a.ris', doc).map((r) => [r.key, r.recordIndex, r.line, r.start, r.end]);
  assert.deepEqual(refs(pieces), refs(whole), `${name}: duplicate keys`);
  new DuplicateIndex().set('file:///a.ris', pieces);
  assert.equal(textLength(pieces), whole.text.length, name);
  const lines = new LineIndex(whole.text);
  const index = pieceTextOf(pieces)!;
  for (const r of whole.records) {
    for (const offset of [r.start, r.end, r.fields[r.fields.length - 1]?.valueStart ?? r.start]) {
      assert.deepEqual(index.positionAt(offset), lines.positionAt(offset), `${name}: position of ${offset}`);
      const at = textAt(pieces, offset);
      assert.equal(at.text.charCodeAt(offset - at.base), whole.text.charCodeAt(offset), `${name}: character at ${offset}`);
    }
    assert.equal(textSlice(pieces, r.start, r.end), whole.text.slice(r.start, r.end), `${name}: text of record ${r.index}`);
  }
  assert.deepEqual(index.positionAt(whole.text.length), lines.positionAt(whole.text.length), `${name}: position of the end`);
}

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

  it('parses a text read part by part (an editor’s lines) as parseRis does, and stops when the text changes', async () => {
    /** `text` in parts of `size` lines (the last with or without its line break), as an editor gives line ranges. */
    const partsOf = (text: string, size: number): (() => string | undefined) => {
      const lines = text.split(/(?<=\r\n|\n|\r(?!\n))/);
      let next = 0;
      return () => {
        if (next >= lines.length) return undefined;
        const part = lines.slice(next, next + size).join('');
        next += size;
        return part;
      };
    };
    const texts: [string, string][] = Object.entries(edgeTexts);
    for (const entry of corpusEntries()) texts.push([entry.file, decodeRisBytes(fs.readFileSync(entry.full)).text]);
    for (const [name, text] of texts) {
      const whole = documentData(parseRis(text));
      for (const size of [1, 7, 5000]) {
        const doc = await parsePartsInTurns(partsOf(text, size), pause, () => false, 200);
        assert.ok(doc !== undefined);
        assert.deepEqual(documentData(doc), whole, `${name}, parts of ${size} lines`);
        if (pieceTextOf(doc) !== undefined) piecewiseReadersAgree(doc, parseRis(text), name);
      }
    }
    // The text changed while it was read: no document.
    let asked = 0;
    const changed = await parsePartsInTurns(partsOf(edgeTexts['records, LF']!, 10), pause, () => ++asked > 3, 200);
    assert.equal(changed, undefined);
  });

  it('pauses between slices, and cuts only between records', async () => {
    pauses = 0;
    const text = edgeTexts['records, LF']!;
    const doc = await parseInTurns(text, pause, 1);
    assert.equal(doc.records.length, 30);
    assert.equal(pauses, 29);
  });

  it('reads bytes as decodeRisBytes and parseRis do, in chunks as small as one byte, without joining the text', async () => {
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
      const whole = documentData(parseRis(want.text));
      for (const chunk of [1, 2, 3, 7, 4096]) {
        if (chunk < 4 && bytes.length > 20_000) continue;
        const { decoded, parsed } = await readRisInTurns(bytes, pause, chunk, 1);
        assert.deepEqual(documentData(parsed), whole, `${name}, chunks of ${chunk}`);
        assert.deepEqual(decodedData(decoded), decodedData(want), `${name}, chunks of ${chunk}`);
        assert.equal(parsed.text, want.text, `${name}, chunks of ${chunk}`);
      }
    }
  });

  it('reads a file in pieces that join to its text, and gives its keys, lines and slices from the pieces', async () => {
    let files = 0;
    let multiPiece = 0;
    for (const entry of corpusEntries()) {
      const bytes = fs.readFileSync(entry.full);
      const text = decodeRisBytes(bytes).text;
      const whole = parseRis(text);
      const { parsed } = await readRisInTurns(bytes, pause, 4096, 1);
      // Chunks of 64 KB, of which 64 characters at first are joined to the records waiting from the last one.
      const { parsed: wide } = await readRisInTurns(bytes, pause, 65536, 4096, undefined, 64);
      assert.deepEqual(documentData(wide), documentData(whole), `${entry.file}, chunks of 64 KB`);
      assert.equal(wide.text, text, `${entry.file}, chunks of 64 KB`);
      const pieces = pieceTextOf(parsed);
      if (pieces !== undefined) {
        multiPiece++;
        assert.ok(pieces.count > 1, entry.file);
        piecewiseReadersAgree(parsed, whole, entry.file);
        assert.equal(pieces.isJoined, false, `${entry.file}: keys, duplicates or positions joined the text`);
        await prepareLibraryFile('file:///a.ris', parsed, pause);
        assert.equal(new Library([{ uri: 'file:///a.ris', doc: parsed }]).entries.length, new Library([{ uri: 'file:///a.ris', doc: whole }]).entries.length);
        assert.equal(pieces.isJoined, false, `${entry.file}: the library joined the text`);
      }
      assert.equal(parsed.text, text, entry.file);
      assert.deepEqual(documentData(parsed), documentData(whole), entry.file);
      files++;
    }
    assert.ok(files >= 10);
    assert.ok(multiPiece >= 5, `only ${multiPiece} corpus files were read in more than one piece`);
  });

  it('reads the edge cases in pieces as parseRis does, a text without any record boundary too', async () => {
    const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
    const noBoundary = Array.from({ length: 200 }, (_, i) => record(i).replace('ER  - \n', '')).join('');
    for (const [name, text] of Object.entries({ ...edgeTexts, 'no ER anywhere': noBoundary })) {
      // The last two: chunks larger than the first part of the next chunk joined to what waits from the
      // last one, which then grows until it holds a record boundary.
      for (const [chunk, slice, maxUncut, join] of [[16, 1, 100, 16384], [64, 40, 1_000_000, 16384], [1000, 1000, 50, 16384], [4096, 1, 1_000_000, 1], [4096, 300, 1_000_000, 16]] as const) {
        const { parsed } = await readRisInTurns(utf8(text), pause, chunk, slice, maxUncut, join);
        const whole = parseRis(decodeRisBytes(utf8(text)).text);
        assert.deepEqual(documentData(parsed), documentData(whole), `${name}, chunks of ${chunk}, slices of ${slice}`);
        if (pieceTextOf(parsed) !== undefined) piecewiseReadersAgree(parsed, whole, name);
        assert.equal(parsed.text, whole.text, name);
      }
    }
  });
});
