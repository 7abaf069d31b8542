/**
 * Turning the bytes of a RIS file into text.
 *
 * Order of decisions:
 * 1. `FF FE` → UTF-16 LE, `FE FF` → UTF-16 BE. The byte-order mark is not part of `text`.
 * 2. `EF BB BF` → UTF-8 with BOM (`encoding: 'utf-8-bom'`). The BOM is not part of `text`, exactly
 *    as in VS Code's text model (`document.getText()` never starts with U+FEFF), so offsets computed
 *    on a file read from disk are the offsets VS Code shows for the same file; a writer that wants
 *    the BOM back looks at `encoding`. Bytes that are invalid after a UTF-8 BOM are decoded as U+FFFD (the BOM says the file is UTF-8,
 *    as VS Code would read it) and counted in `replacementCharacters`.
 * 3. Otherwise valid UTF-8 → `utf-8`; invalid UTF-8 → Windows-1252 with `fallback: true`.
 */

import type { DecodedText, TextEncoding } from './model';

/** Windows-1252 code points for bytes 0x80–0x9F; the five undefined bytes map to the C1 control of the same value (as WHATWG does). */
const CP1252_HIGH: readonly number[] = [
  0x20ac, 0x0081, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008d,
  0x017d, 0x008f, 0x0090, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a,
  0x0153, 0x009d, 0x017e, 0x0178,
];

/** Decodes bytes as Windows-1252 (every byte maps to one UTF-16 code unit, so nothing can fail). */
export function decodeWindows1252(bytes: Uint8Array): string {
  const CHUNK = 0x8000;
  const parts: string[] = [];
  const buf = new Uint16Array(Math.min(CHUNK, bytes.length));
  for (let base = 0; base < bytes.length; base += CHUNK) {
    const n = Math.min(CHUNK, bytes.length - base);
    for (let i = 0; i < n; i++) {
      const b = bytes[base + i]!;
      buf[i] = b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80]! : b;
    }
    // `apply` accepts any array-like; a typed array avoids copying into a plain array.
    parts.push(String.fromCharCode.apply(null, buf.subarray(0, n) as unknown as number[]));
  }
  return parts.join('');
}

/** Number of U+FFFD replacement characters in `text`. */
export function countReplacements(text: string): number {
  let n = 0;
  let i = text.indexOf('\ufffd');
  while (i >= 0) {
    n++;
    i = text.indexOf('\ufffd', i + 1);
  }
  return n;
}

/**
 * Decodes the bytes of a RIS file: UTF-16 LE/BE when a byte-order mark says so (BOM removed), UTF-8
 * with a BOM (BOM removed, as VS Code does), plain UTF-8, and Windows-1252 when
 * the bytes are not valid UTF-8 (`fallback: true`). Never throws.
 */
export function decodeRisBytes(bytes: Uint8Array): DecodedText {
  const n = bytes.length;
  if (n >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    const text = new TextDecoder('utf-16le', { ignoreBOM: true }).decode(bytes.subarray(2));
    return { text, encoding: 'utf-16le', fallback: false, replacementCharacters: countReplacements(text) };
  }
  if (n >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    // Swap to little endian rather than rely on the runtime's ICU knowing 'utf-16be'.
    const body = bytes.subarray(2);
    const swapped = new Uint8Array(body.length);
    for (let i = 0; i + 1 < body.length; i += 2) {
      swapped[i] = body[i + 1]!;
      swapped[i + 1] = body[i]!;
    }
    if (body.length % 2 === 1) swapped[body.length - 1] = body[body.length - 1]!;
    const text = new TextDecoder('utf-16le', { ignoreBOM: true }).decode(swapped);
    return { text, encoding: 'utf-16be', fallback: false, replacementCharacters: countReplacements(text) };
  }
  const hasBom = n >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(hasBom ? bytes.subarray(3) : bytes);
    return {
      text,
      encoding: hasBom ? 'utf-8-bom' : 'utf-8',
      fallback: false,
      replacementCharacters: countReplacements(text),
    };
  } catch {
    if (hasBom) {
      const text = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true }).decode(bytes.subarray(3));
      return { text, encoding: 'utf-8-bom', fallback: false, replacementCharacters: countReplacements(text) };
    }
    const text = decodeWindows1252(bytes);
    return { text, encoding: 'windows-1252', fallback: true, replacementCharacters: countReplacements(text) };
  }
}

/** Windows-1252 byte for each code point that {@link CP1252_HIGH} maps from 0x80–0x9F. */
const CP1252_BYTE = new Map<number, number>(CP1252_HIGH.map((c, i) => [c, 0x80 + i]));

/**
 * Encodes text back into the bytes of a file in `encoding` (the inverse of {@link decodeRisBytes}:
 * the byte-order mark of `utf-8-bom` and UTF-16 is written again). Returns undefined when a
 * character cannot be written in that encoding (a lone surrogate, or a character Windows-1252
 * lacks).
 */
export function encodeRisText(text: string, encoding: TextEncoding): Uint8Array | undefined {
  if (encoding === 'windows-1252') {
    const out = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      const b = c < 0x80 || (c >= 0xa0 && c <= 0xff) ? c : CP1252_BYTE.get(c);
      if (b === undefined) return undefined;
      out[i] = b;
    }
    return out;
  }
  if (hasLoneSurrogate(text)) return undefined;
  if (encoding === 'utf-8' || encoding === 'utf-8-bom') {
    const body = new TextEncoder().encode(text);
    if (encoding === 'utf-8') return body;
    const out = new Uint8Array(body.length + 3);
    out.set([0xef, 0xbb, 0xbf]);
    out.set(body, 3);
    return out;
  }
  const out = new Uint8Array(2 + text.length * 2);
  const le = encoding === 'utf-16le';
  out[0] = le ? 0xff : 0xfe;
  out[1] = le ? 0xfe : 0xff;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out[2 + 2 * i + (le ? 0 : 1)] = c & 0xff;
    out[2 + 2 * i + (le ? 1 : 0)] = c >> 8;
  }
  return out;
}

/**
 * Why the bytes of a file cannot be rewritten safely after {@link decodeRisBytes} decoded them, or
 * undefined when they can: the text is a guess (not UTF-8, read as Windows-1252), or encoding it
 * again would not give back the same bytes (invalid UTF-8 after a BOM, an odd byte or a lone
 * surrogate in UTF-16).
 */
export function decodingProblem(bytes: Uint8Array, decoded: DecodedText): string | undefined {
  if (decoded.fallback) return 'it is not valid UTF-8 (it was read as Windows-1252, a guess); save it as UTF-8 first';
  const again = encodeRisText(decoded.text, decoded.encoding);
  if (again === undefined || !sameBytes(again, bytes)) {
    return `some bytes are not valid ${ENCODING_NAMES[decoded.encoding]}, so writing the text back would change them`;
  }
  return undefined;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function hasLoneSurrogate(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0xd800 || c > 0xdfff) continue;
    if (c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        i++;
        continue;
      }
    }
    return true;
  }
  return false;
}

const ENCODING_NAMES: Readonly<Record<TextEncoding, string>> = {
  'utf-8': 'UTF-8',
  'utf-8-bom': 'UTF-8',
  'utf-16le': 'UTF-16 LE',
  'utf-16be': 'UTF-16 BE',
  'windows-1252': 'Windows-1252',
};
