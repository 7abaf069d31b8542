/**
 * Decoding and parsing a large file in turns: the same results as `decodeRisBytes` and `parseRis`,
 * computed a few milliseconds at a time with a `pause` between turns, so that a thread shared with
 * other work (VS Code's extension host) is never blocked for seconds by a 219 MB export. The text is
 * decoded chunk by chunk (a streaming decoder, so a character split between chunks is decoded once)
 * and parsed slice by slice, each slice cut where no record is open (before a `TY  -` line that follows an
 * `ER` line) and parsed with the file's offsets, lines and record numbers, so the slices' records
 * need no shifting; the line-break counts of the slices add up to the whole text's.
 */
import { ChunkDecoder, findRecordCutAfter, IsUtf16, NeedsWindows1252 } from '../validation/streamingText';
import { countReplacements, decodeRisBytes } from './decode';
import type { DecodedText, OutsideLine, RisDocument, RisRecord } from './model';
import { parseRisCounted } from './parser';
import { makeDocument } from './records';

/** Resolves when the thread may go on (after other tasks had their turn). */
export type Pause = () => Promise<void>;

/** {@link decodeRisBytes}, `chunkBytes` at a time. */
export async function decodeInTurns(bytes: Uint8Array, pause: Pause, chunkBytes = 1024 * 1024): Promise<DecodedText> {
  const attempt = async (windows1252: boolean): Promise<DecodedText> => {
    const decoder = new ChunkDecoder(windows1252);
    const parts: string[] = [];
    let replacementCharacters = 0;
    for (let at = 0; at < bytes.length || at === 0; at += chunkBytes) {
      const last = at + chunkBytes >= bytes.length;
      const part = decoder.decode(bytes.subarray(at, at + chunkBytes), last);
      replacementCharacters += countReplacements(part);
      parts.push(part);
      if (last) break;
      await pause();
    }
    const encoding = decoder.encoding ?? 'utf-8';
    return { text: parts.join(''), encoding, fallback: encoding === 'windows-1252', replacementCharacters };
  };
  try {
    return await attempt(false);
  } catch (error) {
    if (error instanceof NeedsWindows1252) return attempt(true);
    if (error instanceof IsUtf16) return decodeRisBytes(bytes);
    throw error;
  }
}

/** {@link parseRis} of the whole `text`, in slices of about `sliceChars` characters. */
export async function parseInTurns(text: string, pause: Pause, sliceChars = 256 * 1024): Promise<RisDocument> {
  const records: RisRecord[] = [];
  const outside: OutsideLine[] = [];
  const bareCRs: number[] = [];
  let lf = 0;
  let crlf = 0;
  let cr = 0;
  let start = 0;
  let line = 0;
  // The next \r, searched once per stretch (a search per slice would run to the end of an LF text).
  let nextCR = text.indexOf('\r');
  for (;;) {
    const cut = start + sliceChars >= text.length ? -1 : findRecordCutAfter(text, start + sliceChars);
    const end = cut < 0 ? text.length : cut;
    if (nextCR >= 0 && nextCR < start) nextCR = text.indexOf('\r', start);
    const { doc, breaks } = parseRisCounted(text, { start, end, line, records: records.length, nextCarriageReturn: nextCR });
    for (const r of doc.records) records.push(r);
    for (const o of doc.outside) outside.push(o);
    for (const offset of breaks.bareCRs) bareCRs.push(offset);
    lf += breaks.lf;
    crlf += breaks.crlf;
    cr += breaks.cr;
    if (cut < 0) {
      // One slice: the whole text, as parsed at once.
      if (start === 0) return doc;
      return makeDocument(text, records, outside, text.charCodeAt(0) === 0xfeff, { lf, crlf, cr, bareCRs }, doc.lineCount, doc.missingFinalNewline);
    }
    // The slice ended with a line break: the next slice starts on the line after it.
    line = doc.lineCount - 1;
    start = end;
    await pause();
  }
}

/** Calls `each` on every item (with its index), `perTurn` items at a time. */
export async function eachInTurns<T>(items: readonly T[], each: (item: T, index: number) => void, pause: Pause, perTurn = 2000): Promise<void> {
  for (let i = 0; i < items.length; i++) {
    each(items[i]!, i);
    if ((i + 1) % perTurn === 0 && i + 1 < items.length) await pause();
  }
}
