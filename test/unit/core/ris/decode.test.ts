import * as assert from 'node:assert/strict';
import { decodeRisBytes, decodeWindows1252, decodingProblem, encodeRisText } from '../../../../src/core/ris/decode';

const bytes = (...b: number[]): Uint8Array => Uint8Array.from(b);
const utf8 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'utf8'));

describe('decodeRisBytes', () => {
  it('decodes plain UTF-8', () => {
    const d = decodeRisBytes(utf8('TY  - JOUR\nAU  - Müller, Zoë\n'));
    assert.equal(d.text, 'TY  - JOUR\nAU  - Müller, Zoë\n');
    assert.equal(d.encoding, 'utf-8');
    assert.equal(d.fallback, false);
    assert.equal(d.replacementCharacters, 0);
  });

  it('leaves the BOM of UTF-8 text out, as VS Code does, and says it was there', () => {
    const d = decodeRisBytes(utf8('\ufeffTY  - JOUR\n'));
    assert.equal(d.text, 'TY  - JOUR\n');
    assert.equal(d.encoding, 'utf-8-bom');
    assert.equal(d.fallback, false);
  });

  it('keeps a BOM that is not at byte 0 as a character (JabRef: a space, then a BOM)', () => {
    const d = decodeRisBytes(utf8(' \ufeff\nTY  - BOOK\n'));
    assert.equal(d.text, ' \ufeff\nTY  - BOOK\n');
    assert.equal(d.encoding, 'utf-8');
  });

  it('decodes UTF-16 LE and BE with a BOM, leaving the BOM out', () => {
    const s = 'TY  - JOUR\r\nTI  - Ωmega 𝄞\r\n';
    const le = Buffer.from(s, 'utf16le');
    const d1 = decodeRisBytes(new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), le])));
    assert.equal(d1.text, s);
    assert.equal(d1.encoding, 'utf-16le');
    const be = Buffer.from(le);
    be.swap16();
    const d2 = decodeRisBytes(new Uint8Array(Buffer.concat([Buffer.from([0xfe, 0xff]), be])));
    assert.equal(d2.text, s);
    assert.equal(d2.encoding, 'utf-16be');
    assert.equal(d2.fallback, false);
  });

  it('reports a dangling odd byte in UTF-16 as a replacement character', () => {
    const d = decodeRisBytes(bytes(0xff, 0xfe, 0x41, 0x00, 0x42));
    assert.equal(d.text, 'A\ufffd');
    assert.equal(d.replacementCharacters, 1);
    const be = decodeRisBytes(bytes(0xfe, 0xff, 0x00, 0x41, 0x42));
    assert.equal(be.text, 'A\ufffd');
  });

  it('falls back to Windows-1252 when the bytes are not UTF-8', () => {
    // "Müller – €5 Ÿ" in cp1252, plus the undefined byte 0x81.
    const d = decodeRisBytes(bytes(0x4d, 0xfc, 0x6c, 0x6c, 0x65, 0x72, 0x20, 0x96, 0x20, 0x80, 0x35, 0x20, 0x9f, 0x81));
    assert.equal(d.text, 'Müller – €5 Ÿ\u0081');
    assert.equal(d.encoding, 'windows-1252');
    assert.equal(d.fallback, true);
    assert.equal(d.replacementCharacters, 0);
  });

  it('maps every byte 0x80–0x9F as Windows-1252 does', () => {
    const all = new Uint8Array(256).map((_, i) => i);
    const text = decodeWindows1252(all);
    assert.equal(text.length, 256);
    const expected = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';
    assert.equal(text.slice(0x80, 0xa0), expected);
    for (let i = 0; i < 0x80; i++) assert.equal(text.charCodeAt(i), i);
    for (let i = 0xa0; i < 0x100; i++) assert.equal(text.charCodeAt(i), i);
  });

  it('decodes a large Windows-1252 input in chunks', () => {
    const big = new Uint8Array(100_001).fill(0xe9);
    big[50_000] = 0x80;
    const d = decodeRisBytes(big);
    assert.equal(d.encoding, 'windows-1252');
    assert.equal(d.text.length, 100_001);
    assert.equal(d.text[50_000], '€');
    assert.equal(d.text[100_000], 'é');
  });

  it('reads invalid bytes after a UTF-8 BOM as U+FFFD and counts them', () => {
    const d = decodeRisBytes(bytes(0xef, 0xbb, 0xbf, 0x41, 0xff, 0x42));
    assert.equal(d.text, 'A\ufffdB');
    assert.equal(d.encoding, 'utf-8-bom');
    assert.equal(d.replacementCharacters, 1);
  });

  it('handles empty input and never throws on random bytes', () => {
    assert.deepEqual(decodeRisBytes(new Uint8Array(0)), {
      text: '',
      encoding: 'utf-8',
      fallback: false,
      replacementCharacters: 0,
    });
    let s = 99;
    for (let i = 0; i < 500; i++) {
      const n = (i * 7) % 64;
      const b = new Uint8Array(n);
      for (let k = 0; k < n; k++) {
        s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
        b[k] = s >>> 24;
      }
      const d = decodeRisBytes(b);
      assert.equal(typeof d.text, 'string');
    }
  });
});

describe('encodeRisText', () => {
  const roundTrip = (b: Uint8Array): void => {
    const d = decodeRisBytes(b);
    assert.deepEqual(encodeRisText(d.text, d.encoding), b, d.encoding);
    if (!d.fallback) assert.equal(decodingProblem(b, d), undefined);
  };

  it('gives back the bytes decodeRisBytes read, byte-order mark included', () => {
    roundTrip(utf8('TY  - JOUR\r\nAU  - Müller, Zoë 𝄞\r\n'));
    roundTrip(utf8('\ufeffTY  - JOUR\nTI  - Ωmega\n'));
    roundTrip(new Uint8Array(Buffer.from('\ufeffTY  - JOUR\r\nTI  - Ωmega 𝄞\r\n', 'utf16le')));
    roundTrip(Uint8Array.from([0xfe, 0xff, 0x00, 0x54, 0x00, 0x59, 0xd8, 0x34, 0xdd, 0x1e, 0x00, 0x0a]));
    roundTrip(Uint8Array.from([0x41, 0xfc, 0x80, 0x9f, 0x81, 0xa0, 0xff, 0x0a]));
  });

  it('returns undefined for what the encoding cannot hold', () => {
    assert.equal(encodeRisText('A\ud800B', 'utf-8'), undefined, 'a lone surrogate');
    assert.equal(encodeRisText('A\udc00', 'utf-16le'), undefined);
    assert.equal(encodeRisText('Ω', 'windows-1252'), undefined);
    assert.deepEqual(encodeRisText('€é', 'windows-1252'), bytes(0x80, 0xe9));
  });
});

describe('decodingProblem', () => {
  it('says nothing for bytes that read back exactly, U+FFFD in the file included', () => {
    const b = utf8('TY  - JOUR\nTI  - lost \ufffd\n');
    assert.equal(decodingProblem(b, decodeRisBytes(b)), undefined);
  });

  it('refuses a Windows-1252 guess, invalid bytes after a BOM, and an odd byte in UTF-16', () => {
    const latin = bytes(0x41, 0xfc, 0x0a);
    assert.match(decodingProblem(latin, decodeRisBytes(latin)) ?? '', /not valid UTF-8/);
    const afterBom = bytes(0xef, 0xbb, 0xbf, 0x41, 0xff, 0x42);
    assert.match(decodingProblem(afterBom, decodeRisBytes(afterBom)) ?? '', /not valid UTF-8/);
    const odd = bytes(0xff, 0xfe, 0x41, 0x00, 0x42);
    assert.match(decodingProblem(odd, decodeRisBytes(odd)) ?? '', /UTF-16 LE/);
    const lone = bytes(0xff, 0xfe, 0x00, 0xd8, 0x41, 0x00);
    assert.match(decodingProblem(lone, decodeRisBytes(lone)) ?? '', /UTF-16 LE/);
  });
});
