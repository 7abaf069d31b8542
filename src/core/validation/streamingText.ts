/**
 * Text-level pieces of the streaming check: decoding a file's bytes chunk by chunk as
 * `decodeRisBytes` decodes the whole file, and finding where a slice may be cut (a record boundary
 * no rule looks across, or a line break when there is none).
 */
import { decodeWindows1252 } from '../ris/decode';
import type { TextEncoding } from '../ris/model';
import { isRisWhitespace } from '../ris/parser';

/** Thrown by {@link ChunkDecoder} when a file without BOM is not valid UTF-8: read it again as Windows-1252. */
export class NeedsWindows1252 extends Error {}
/** Thrown by {@link ChunkDecoder} when a file starts with a UTF-16 byte-order mark: check it in memory. */
export class IsUtf16 extends Error {}

/** Decodes chunks of a file the way `decodeRisBytes` decodes the whole file. */
export class ChunkDecoder {
  /** The file's encoding, once the first bytes are known. */
  encoding: TextEncoding | undefined;
  private head: Uint8Array | undefined;
  private decoder: InstanceType<typeof TextDecoder> | undefined;

  constructor(private readonly windows1252: boolean) {
    if (windows1252) this.encoding = 'windows-1252';
  }

  /** The text of the next chunk (`final`: the last one; an empty chunk may end the file). */
  decode(chunk: Uint8Array, final: boolean): string {
    if (this.encoding === undefined) {
      // Wait for three bytes to tell a BOM (or for the end of the file).
      const bytes = this.head === undefined ? chunk : concatBytes(this.head, chunk);
      if (bytes.length < 3 && !final) {
        this.head = bytes.slice();
        return '';
      }
      this.head = undefined;
      if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) throw new IsUtf16();
      const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
      this.encoding = bom ? 'utf-8-bom' : 'utf-8';
      // After a BOM, invalid bytes become U+FFFD (decodeRisBytes does the same); without one they mean Windows-1252.
      this.decoder = new TextDecoder('utf-8', { fatal: !bom, ignoreBOM: true });
      return this.run(bom ? bytes.subarray(3) : bytes, final);
    }
    if (this.windows1252) return decodeWindows1252(chunk);
    return this.run(chunk, final);
  }

  private run(bytes: Uint8Array, final: boolean): string {
    try {
      return this.decoder!.decode(bytes, { stream: !final });
    } catch {
      throw new NeedsWindows1252();
    }
  }
}

function concatBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Finding where to cut

export const TY_LINE = 'TY  -';

/** True when `[ls, le)` of `text` holds only whitespace (as the parser reads blank lines). */
function isBlankRange(text: string, ls: number, le: number): boolean {
  for (let i = ls; i < le; i++) if (!isRisWhitespace(text.charCodeAt(i))) return false;
  return true;
}

/**
 * True when the non-blank line before offset `p` (a line start) is an `ER` line written `ER  -` at
 * column 0, so that the parser has no open record at `p`.
 */
function previousNonBlankIsEnd(text: string, p: number): boolean {
  let lineStart = p;
  for (let guard = 0; guard < 10_000 && lineStart > 0; guard++) {
    // The line before `lineStart`: its break ends at lineStart - 1.
    let le = lineStart - 1;
    if (text.charCodeAt(le) === 10 && le > 0 && text.charCodeAt(le - 1) === 13) le--;
    let ls = le;
    while (ls > 0) {
      const c = text.charCodeAt(ls - 1);
      if (c === 10 || c === 13) break;
      ls--;
    }
    if (!isBlankRange(text, ls, le)) return text.startsWith('ER  -', ls) && !(ls === 0 && text.charCodeAt(0) === 0xfeff);
    lineStart = ls;
  }
  return false;
}

/**
 * The last offset in `[from, text.length)` where a slice may end: the start of a `TY  -` line (at
 * column 0) after an `ER` line. -1 when there is none.
 */
export function findRecordCut(text: string, from: number): number {
  let p = text.lastIndexOf(TY_LINE);
  while (p > 0 && p >= from) {
    const before = text.charCodeAt(p - 1);
    if ((before === 10 || before === 13) && previousNonBlankIsEnd(text, p)) return p;
    p = text.lastIndexOf(TY_LINE, p - 1);
  }
  return -1;
}

/**
 * The first offset at or after `from` where a text may be cut into two parts that parse as the whole
 * does: the start of a `TY  -` line (at column 0) after an `ER` line. -1 when there is none.
 */
export function findRecordCutAfter(text: string, from: number): number {
  let p = text.indexOf(TY_LINE, Math.max(1, from));
  while (p > 0) {
    const before = text.charCodeAt(p - 1);
    if ((before === 10 || before === 13) && previousNonBlankIsEnd(text, p)) return p;
    p = text.indexOf(TY_LINE, p + 1);
  }
  return -1;
}

/** How many characters of the next chunk {@link joinToFirstCut} first joins to the waiting text, unless told otherwise. */
export const JOIN_CHARS = 16 * 1024;

/**
 * The first record boundary (see {@link findRecordCutAfter}) at or after the end of `waiting` in
 * `waiting + next`, without making that whole string when a boundary comes early in `next`: `waiting`
 * is joined to the first `joinChars` characters of `next`, then to four times as many, and so on.
 * Gives the string joined so far and the boundary in it, or -1 with `waiting + next` whole when there
 * is none. A `waiting` longer than `next` (no boundary for a while: a file without `ER` lines) is
 * joined to the whole of `next` at once, so that it is not copied once per try.
 */
export function joinToFirstCut(waiting: string, next: string, joinChars = JOIN_CHARS): { joined: string; cut: number } {
  const from = Math.max(1, waiting.length);
  let k = waiting.length > next.length ? next.length : Math.min(next.length, Math.max(1, joinChars));
  for (;;) {
    const joined = waiting + next.slice(0, k);
    const cut = findRecordCutAfter(joined, from);
    if (cut >= 0 || k === next.length) return { joined, cut };
    k = Math.min(next.length, k * 4);
  }
}

/** The start of the last complete line that leaves a non-empty rest (a forced cut), or -1. */
export function findLineCut(text: string): number {
  for (let i = text.length - 2; i > 0; i--) {
    const c = text.charCodeAt(i);
    if (c === 10) return i + 1;
    if (c === 13 && text.charCodeAt(i + 1) !== 10) return i + 1;
  }
  return -1;
}

/** The text of the file's first line (without its break): where the file-level diagnostics go. */
export function firstLineOf(s: string): string {
  const bom = s.charCodeAt(0) === 0xfeff ? 1 : 0;
  let e = bom;
  while (e < s.length) {
    const c = s.charCodeAt(e);
    if (c === 10 || c === 13) break;
    e++;
  }
  return s.slice(0, e);
}
