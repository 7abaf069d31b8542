/**
 * Decoding and parsing a large file in turns: the same results as `decodeRisBytes` and `parseRis`,
 * computed a few milliseconds at a time with a `pause` between turns, so that a thread shared with
 * other work (VS Code's extension host) is never blocked for seconds by a 219 MB export. The bytes
 * are decoded chunk by chunk (a streaming decoder, so a character split between chunks is decoded
 * once) and parsed slice by slice, each slice cut where no record is open (before a `TY  -` line that
 * follows an `ER` line) and parsed with the file's line and record numbers; the line-break counts
 * of the slices add up to the whole text's. The decoded chunks are never joined: the document keeps
 * the pieces it was parsed from (`pieceText.ts`).
 */
import { ChunkDecoder, findRecordCut, findRecordCutAfter, IsUtf16, JOIN_CHARS, joinToFirstCut, NeedsWindows1252 } from '../validation/streamingText';
import { countReplacements, decodeRisBytes } from './decode';
import type { DecodedText, OutsideLine, RisDocument, RisRecord } from './model';
import { parseRisCounted } from './parser';
import { PieceText, withPieceText } from './pieceText';
import { makeDocument, moveDocument } from './parsedDocument';

/** Resolves when the thread may go on (after other tasks had their turn). */
export type Pause = () => Promise<void>;

/** Runs a stepped computation (a generator that yields between steps) to its end at once. */
export function finishSteps<T>(steps: Generator<void, T>): T {
  let step = steps.next();
  while (step.done !== true) step = steps.next();
  return step.value;
}

/** Runs a stepped computation to its end with `pause` between its steps. */
export async function finishStepsInTurns<T>(steps: Generator<void, T>, pause: Pause): Promise<T> {
  let step = steps.next();
  while (step.done !== true) {
    await pause();
    step = steps.next();
  }
  return step.value;
}

/** {@link parseRis} of the whole `text`, in slices of about `sliceChars` characters. */
export async function parseInTurns(text: string, pause: Pause, sliceChars = 256 * 1024): Promise<RisDocument> {
  const reader = new PieceReader(sliceChars, Infinity);
  await reader.add(text, true, pause);
  return reader.document();
}

/**
 * {@link parseRis} of a text read part by part: `nextPart()` gives the next part of the text
 * (undefined after the last), and each part is parsed up to its last record boundary in slices of
 * about `sliceChars` characters, with `pause` between them; the document keeps the pieces it was
 * parsed from. An editor's document read a few thousand lines at a time is never made one string
 * (VS Code's `getText()` of a 22 MB export takes 0.2–0.37 s by itself). Undefined when `stale()`
 * turns true between turns (the text changed: the parts would not fit together).
 */
export async function parsePartsInTurns(nextPart: () => string | undefined, pause: Pause, stale: () => boolean, sliceChars = 256 * 1024): Promise<RisDocument | undefined> {
  const reader = new PieceReader(sliceChars, MAX_UNCUT_CHARS);
  let part = nextPart() ?? '';
  for (;;) {
    const next = nextPart();
    await reader.add(part, next === undefined, pause);
    if (stale()) return undefined;
    if (next === undefined) return reader.document();
    part = next;
    await pause();
    if (stale()) return undefined;
  }
}

/**
 * Past this many characters without a record boundary, a {@link PieceReader} stops looking for one
 * and keeps the rest of the text to parse at the end in one go (a file with no `ER` lines has no
 * boundary at all; looking again after each chunk would copy its text once per chunk).
 */
const MAX_UNCUT_CHARS = 8 * 1024 * 1024;

/** A file's decoded text (see {@link DecodedText}) and its parse. */
export interface ReadDocument {
  readonly decoded: DecodedText;
  readonly parsed: RisDocument;
}

/**
 * {@link decodeRisBytes} and {@link parseRis} of a file's bytes, in turns, without ever making its
 * text one string: each decoded chunk is parsed up to its last record boundary as soon as it
 * arrives, in slices of about `sliceChars` characters, and the document keeps the pieces it was
 * parsed from (see `pieceText.ts`); its `text`, and the `decoded.text`, are joined only when read.
 * What waits at the end of a chunk for the next (the records after its last boundary) is joined to the
 * start of the next chunk alone, `joinChars` characters of it at first. The records, fields, outside
 * lines and line breaks equal those of a parse of the whole text.
 */
export async function readRisInTurns(
  bytes: Uint8Array,
  pause: Pause,
  chunkBytes = 1024 * 1024,
  sliceChars = 256 * 1024,
  maxUncutChars = MAX_UNCUT_CHARS,
  joinChars = JOIN_CHARS,
): Promise<ReadDocument> {
  const attempt = async (windows1252: boolean): Promise<ReadDocument> => {
    const decoder = new ChunkDecoder(windows1252);
    const reader = new PieceReader(sliceChars, maxUncutChars, joinChars);
    let replacementCharacters = 0;
    for (let at = 0; ; at += chunkBytes) {
      const last = at + chunkBytes >= bytes.length;
      const part = decoder.decode(bytes.subarray(at, at + chunkBytes), last);
      replacementCharacters += countReplacements(part);
      await reader.add(part, last, pause);
      if (last) break;
      await pause();
    }
    const parsed = reader.document();
    const encoding = decoder.encoding ?? 'utf-8';
    const decoded: DecodedText = {
      get text() {
        return parsed.text;
      },
      encoding,
      fallback: encoding === 'windows-1252',
      replacementCharacters,
    };
    return { decoded, parsed };
  };
  try {
    return await attempt(false);
  } catch (error) {
    if (error instanceof NeedsWindows1252) return attempt(true);
    if (error instanceof IsUtf16) {
      const decoded = decodeRisBytes(bytes);
      return { decoded, parsed: await parseInTurns(decoded.text, pause, sliceChars) };
    }
    throw error;
  }
}

/** Parses a text given chunk by chunk, each piece cut at a record boundary (see {@link readRisInTurns}). */
class PieceReader {
  private readonly records: RisRecord[] = [];
  private readonly outside: OutsideLine[] = [];
  private readonly bareCRs: number[] = [];
  private lf = 0;
  private crlf = 0;
  private cr = 0;
  private line = 0;
  private lineCount = 1;
  private missingFinalNewline = false;
  private bom = false;
  /** The pieces parsed so far, the document offset and line where each starts. */
  private readonly pieces: string[] = [];
  private readonly bases: number[] = [];
  private readonly lines: number[] = [];
  /** Text not parsed yet, from document offset `base` on. */
  private pending = '';
  private base = 0;
  /** No record boundary in `pending` before this offset (relative to `pending`). */
  private searchedTo = 0;
  /** Chunks kept for the end once no boundary was found for {@link MAX_UNCUT_CHARS}. */
  private parked: string[] | undefined;

  constructor(
    private readonly sliceChars: number,
    private readonly maxUncutChars: number,
    private readonly joinChars = JOIN_CHARS,
  ) {}

  async add(part: string, last: boolean, pause: Pause): Promise<void> {
    if (this.parked !== undefined) {
      this.parked.push(part);
      if (last) this.parseRest(this.parked.join(''));
      return;
    }
    const pending = this.pending.length === 0 ? part : this.joinPending(part);
    let start = 0;
    let nextCR = pending.indexOf('\r');
    for (;;) {
      const from = Math.max(start + this.sliceChars, this.searchedTo);
      let cut = from >= pending.length ? -1 : findRecordCutAfter(pending, from);
      // Too little left for another whole slice: end this one at the chunk's last record boundary,
      // so that what waits for the next chunk (and is joined to it) is at most a record or two.
      if (cut < 0 && !last) cut = findRecordCut(pending, Math.max(start + 1, this.searchedTo));
      if (cut < 0) {
        const rest = start === 0 ? pending : pending.slice(start);
        this.base += start;
        if (last) {
          this.parseRest(rest);
        } else if (rest.length > this.maxUncutChars) {
          this.parked = [rest];
          this.pending = '';
        } else {
          this.pending = rest;
          // `TY  - ` may be cut between this chunk and the next: look again from a little before the end.
          this.searchedTo = Math.max(0, rest.length - 8, from - start);
        }
        return;
      }
      if (nextCR >= 0 && nextCR < start) nextCR = pending.indexOf('\r', start);
      this.parse(pending, start, cut, nextCR);
      this.searchedTo = 0;
      start = cut;
      await pause();
    }
  }

  /**
   * What {@link add} goes on with when text from the last chunk waits (`this.pending`): the waiting
   * text is parsed with the start of `part` up to the first record boundary in `part`, joined into one
   * short string, and the rest of `part` is returned as a view of it (no copy). Joining the whole
   * chunk instead made a new string of a million characters or more per chunk (7 ms each here, 1.5 s
   * for a 219 MB export). With no boundary in all of `part`, returns the waiting text and `part` joined,
   * nothing parsed.
   */
  private joinPending(part: string): string {
    const waiting = this.pending;
    const { joined, cut } = joinToFirstCut(waiting, part, this.joinChars);
    if (cut < 0) return joined;
    this.parse(joined, 0, cut, joined.indexOf('\r'));
    this.base += cut;
    this.pending = '';
    this.searchedTo = 0;
    return part.slice(cut - waiting.length);
  }

  /** Parses `[start, end)` of `pending` (document offset `this.base + start` on). */
  private parse(pending: string, start: number, end: number, nextCR: number): void {
    if (start === 0) {
      this.pieces.push(pending);
      this.bases.push(this.base);
      this.lines.push(this.line);
    }
    const { doc, breaks } = parseRisCounted(pending, { start, end, line: this.line, records: this.records.length, nextCarriageReturn: nextCR });
    const moved = moveDocument(doc, this.base, 0);
    for (const r of moved.records) this.records.push(r);
    for (const o of moved.outside) this.outside.push(o);
    for (const offset of breaks.bareCRs) this.bareCRs.push(offset + this.base);
    this.lf += breaks.lf;
    this.crlf += breaks.crlf;
    this.cr += breaks.cr;
    if (this.base === 0 && start === 0) this.bom = doc.bom;
    this.lineCount = doc.lineCount;
    this.missingFinalNewline = doc.missingFinalNewline;
    // The slice ended with a line break: the next slice starts on the line after it.
    this.line = doc.lineCount - 1;
  }

  /** Parses the rest of the text, `rest` (document offset `this.base` on), in one go. */
  private parseRest(rest: string): void {
    this.pending = '';
    this.parse(rest, 0, rest.length, rest.indexOf('\r'));
  }

  /** The document of the whole text: holding its one piece as its text, or its pieces. */
  document(): RisDocument {
    const breaks = { lf: this.lf, crlf: this.crlf, cr: this.cr, bareCRs: this.bareCRs };
    const make = (text: string): RisDocument => makeDocument(text, this.records, this.outside, this.bom, breaks, this.lineCount, this.missingFinalNewline);
    if (this.pieces.length === 1) return make(this.pieces[0]!);
    const length = this.base + this.pieces[this.pieces.length - 1]!.length;
    return withPieceText(make(''), new PieceText(this.pieces, this.bases, this.lines, length));
  }
}
