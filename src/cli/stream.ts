/**
 * `ris-references check` for files too large to hold as one string. Node cannot make a string of more
 * than 536,870,888 characters, and a 600 MB export is more than that; well below the limit, the text,
 * its parse and its diagnostics of a whole file also cost several times the file's size in memory.
 * So a large file is read in chunks and checked slice by slice, with output identical to the
 * in-memory check of the same file.
 *
 * How:
 * - Bytes are decoded as they arrive (a streaming `TextDecoder`, so a character split across two
 *   chunks is decoded once; a UTF-8 BOM is removed as `decodeRisBytes` does). Bytes that are not
 *   valid UTF-8 (and no BOM) mean Windows-1252, as in `decodeRisBytes`: the file is read again from
 *   the start in that encoding. UTF-16 files, and files below the threshold, take the in-memory path.
 * - The text is cut into slices at record boundaries that no rule looks across: just before a
 *   `TY  - ` line whose previous non-blank line is an `ER` line. (When there is no such boundary in
 *   `maxSliceChars` characters, the slice is cut at a line break and the result says it may differ.)
 * - Each slice is parsed with `parseRis` and validated with `validateRis`. Line numbers are shifted
 *   into the file's numbering before validation, so messages that name a line ("record at line 12")
 *   name the file's line; offsets stay the slice's and become 1-based line/column rows with the
 *   slice's own `LineIndex` plus the slice's first line.
 * - What a rule needs from earlier slices is given to it as a small synthetic prefix of records
 *   ("context") parsed in front of the slice and dropped from the output: one record per earlier
 *   first occurrence of a duplicate key found again in this slice (at the line of the original, so
 *   `ris.duplicate-record` says "also appears at line N of this file"), one per earlier `ID` value
 *   used again (`ris.duplicate-id`), and as many references per pandoc base key as earlier slices
 *   had, where a key-based message depends on pandoc's `a`, `b`… suffix. Every synthetic record is
 *   checked after parsing (its keys, its ID, its pandoc key); a mismatch is reported as inexact.
 * - Diagnostics about the file as a whole come from the first or the last slice only (leading blank
 *   lines, CR line endings, the final line break); the encoding diagnostics are computed at the end,
 *   when the number of U+FFFD characters in the whole file is known.
 *
 * `checkStream` (async, `fs.createReadStream`) and `checkStreamSync` (the CLI, which is synchronous)
 * share one engine and give the same rows. `checkFiles` checks a list of files like the CLI does
 * (duplicates across all of them), streaming the large ones.
 */

import * as fs from 'node:fs';
import { TextDecoder } from 'node:util';
import { decodeRisBytes, decodeWindows1252 } from '../core/ris/decode';
import { isRisWhitespace, parseRis } from '../core/ris/parser';
import { LineIndex } from '../core/text/lineIndex';
import { validateRis, type RisDiagnostic } from '../core/validation/validate';
import { DuplicateIndex, recordDuplicateKeys, type DuplicateLookup, type DuplicateRef } from '../core/validation/duplicateIndex';
import { pandocReferences } from '../core/keys/pandocKeys';
import { citationKeyProblem } from '../core/keys/keySyntax';
import { DEFAULT_SEVERITIES, DiagnosticCode, type Severity } from '../core/validation/codes';
import type { ContinuationLine, DecodedText, OutsideLine, RisDocument, RisField, RisRecord, TextEncoding } from '../core/ris/model';
import { assertReadableFile, readRegularFileSync } from './files';
import type { CheckRow } from './main';

/**
 * Files larger than this are checked from a stream (see {@link streamThresholdBytes}). In memory, a
 * check peaks at about 8× the file's size (the text is UTF-16 once a name has an accent, then its
 * parse); from a stream at about 2.5× for a 220 MB file, and it is not slower.
 */
export const DEFAULT_STREAM_THRESHOLD_BYTES = 64 * 1024 * 1024;

/** The threshold: `RIS_STREAM_THRESHOLD_BYTES` when set to a number, else the default. */
export function streamThresholdBytes(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env['RIS_STREAM_THRESHOLD_BYTES'];
  if (raw !== undefined && raw.trim() !== '') {
    const n = Number(raw);
    if (Number.isFinite(n) && n >= 0) return n;
  }
  return DEFAULT_STREAM_THRESHOLD_BYTES;
}

/** True when a file starts with a UTF-16 byte-order mark (those files are always read in memory). */
function isUtf16File(file: string): boolean {
  const fd = fs.openSync(file, 'r');
  try {
    const head = Buffer.alloc(2);
    const n = fs.readSync(fd, head, 0, 2, 0);
    return n === 2 && ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff));
  } finally {
    fs.closeSync(fd);
  }
}

/** True when `file` is larger than `threshold` bytes and not UTF-16: `check` reads it from a stream. */
export function shouldStream(file: string, threshold = streamThresholdBytes()): boolean {
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  if (!stat || !stat.isFile() || stat.size <= threshold) return false;
  return !isUtf16File(file);
}

// ---------------------------------------------------------------------------------------------
// Options and results

export interface StreamCheckOptions {
  /** Severity per code, as `parseValidationSettings` gives them (missing codes use their default). */
  readonly severities?: Partial<Record<DiagnosticCode, Severity>>;
  /** The name used in rows and related locations; the path by default. */
  readonly uri?: string;
  /** Other files' records, for `ris.duplicate-record` across files (this file's own records are excluded by uri). */
  readonly duplicates?: DuplicateLookup;
  /** Bytes per read (default 1 MiB). */
  readonly chunkBytes?: number;
  /** A slice is cut once this many characters are pending (default 8 Mi). */
  readonly sliceChars?: number;
  /** With no record boundary in this many characters, cut at a line break (default 64 Mi). */
  readonly maxSliceChars?: number;
  /** Files up to this size are checked in memory (default {@link streamThresholdBytes}); 0 streams everything but UTF-16. */
  readonly thresholdBytes?: number;
  /**
   * The duplicate keys of this very file, collected beforehand by {@link collectDuplicateRefs}
   * (when other files need them too). Without it they are collected while checking.
   */
  readonly ownRefs?: FileDuplicateRefs;
}

export interface StreamCheckResult {
  readonly file: string;
  readonly rows: CheckRow[];
  readonly records: number;
  readonly errors: number;
  readonly encoding: TextEncoding;
  /** True when the file was checked in slices; false when it took the in-memory path. */
  readonly streamed: boolean;
  readonly slices: number;
  /** Why the rows may differ from the in-memory check; empty when they are the same by construction. */
  readonly inexact: readonly string[];
}

/** The duplicate keys of one file: key → the records with it (in record order), with file-wide lines. */
export type FileDuplicateRefs = Map<string, DuplicateRef | DuplicateRef[]>;

/**
 * A copy of `s` that shares no memory with the text it came from. A value cut out of a slice (a DOI
 * in a duplicate key, a tag in a message) is a view of the whole slice in V8, so keeping it would
 * keep every slice's text alive until the end of the file.
 */
function detach(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}

function addRef(map: FileDuplicateRefs, ref: DuplicateRef): void {
  const cur = map.get(ref.key);
  if (cur === undefined) map.set(ref.key, ref);
  else if (Array.isArray(cur)) cur.push(ref);
  else map.set(ref.key, [cur, ref]);
}

function firstRef(map: FileDuplicateRefs, key: string): DuplicateRef | undefined {
  const cur = map.get(key);
  return cur === undefined ? undefined : Array.isArray(cur) ? cur[0] : cur;
}

// ---------------------------------------------------------------------------------------------
// Decoding a byte stream

class NeedsWindows1252 extends Error {}
class IsUtf16 extends Error {}

/** Decodes chunks of a file the way `decodeRisBytes` decodes the whole file. */
class ChunkDecoder {
  encoding: TextEncoding | undefined;
  private head: Uint8Array | undefined;
  private decoder: TextDecoder | undefined;

  constructor(private readonly windows1252: boolean) {
    if (windows1252) this.encoding = 'windows-1252';
  }

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
// Shifting parsed documents

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function shiftField(f: RisField, dOffset: number, dLine: number): void {
  const m = f as Mutable<RisField>;
  if (dOffset !== 0) {
    m.lineStart += dOffset;
    m.tagStart += dOffset;
    m.tagEnd += dOffset;
    m.valueStart += dOffset;
    m.valueEnd += dOffset;
    m.end += dOffset;
  }
  m.line += dLine;
  m.endLine += dLine;
  for (const c of f.continuations) {
    const mc = c as Mutable<ContinuationLine>;
    if (dOffset !== 0) {
      mc.start += dOffset;
      mc.end += dOffset;
      mc.lineStart += dOffset;
    }
    mc.line += dLine;
  }
}

/** Adds `dOffset` to every offset and `dLine` to every line number of a parsed document, in place. */
function shiftDocument(doc: RisDocument, dOffset: number, dLine: number): void {
  if (dOffset === 0 && dLine === 0) return;
  for (const r of doc.records) {
    const m = r as Mutable<RisRecord>;
    if (dOffset !== 0) {
      m.start += dOffset;
      m.end += dOffset;
    }
    m.startLine += dLine;
    m.endLine += dLine;
    const blanks = r.blankLines as number[];
    if (dLine !== 0) for (let i = 0; i < blanks.length; i++) blanks[i] += dLine;
    for (const f of r.fields) shiftField(f, dOffset, dLine);
    if (r.endTag !== undefined) shiftField(r.endTag, dOffset, dLine);
  }
  for (const o of doc.outside) {
    const m = o as Mutable<OutsideLine>;
    if (dOffset !== 0) {
      m.start += dOffset;
      m.end += dOffset;
      m.lineStart += dOffset;
    }
    m.line += dLine;
  }
  if (dOffset !== 0) {
    const crs = doc.strayCarriageReturns as number[];
    for (let i = 0; i < crs.length; i++) crs[i] += dOffset;
  }
}

/** Sets every line number of a record (fields, ER line) to `line`. */
function setRecordLines(r: RisRecord, line: number): void {
  const m = r as Mutable<RisRecord>;
  m.startLine = line;
  m.endLine = line;
  for (const f of r.fields) {
    (f as Mutable<RisField>).line = line;
    (f as Mutable<RisField>).endLine = line;
  }
  if (r.endTag !== undefined) {
    (r.endTag as Mutable<RisField>).line = line;
    (r.endTag as Mutable<RisField>).endLine = line;
  }
}

/** `prefix` (already shifted) followed by `slice` (already shifted by the prefix's length): one document. */
function joinDocuments(prefix: RisDocument, slice: RisDocument): RisDocument {
  const records = [...prefix.records, ...slice.records];
  for (let i = 0; i < records.length; i++) (records[i] as Mutable<RisRecord>).index = i;
  return {
    text: prefix.text + slice.text,
    records,
    outside: [...prefix.outside, ...slice.outside],
    bom: prefix.bom,
    lineEnding: slice.lineEnding,
    newline: slice.newline,
    lineCount: prefix.lineCount - 1 + slice.lineCount,
    missingFinalNewline: slice.missingFinalNewline,
    strayCarriageReturns: slice.strayCarriageReturns,
  };
}

// ---------------------------------------------------------------------------------------------
// Finding where to cut

const TY_LINE = 'TY  -';

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
function findRecordCut(text: string, from: number): number {
  let p = text.lastIndexOf(TY_LINE);
  while (p > 0 && p >= from) {
    const before = text.charCodeAt(p - 1);
    if ((before === 10 || before === 13) && previousNonBlankIsEnd(text, p)) return p;
    p = text.lastIndexOf(TY_LINE, p - 1);
  }
  return -1;
}

/** The start of the last complete line that leaves a non-empty rest (a forced cut), or -1. */
function findLineCut(text: string): number {
  for (let i = text.length - 2; i > 0; i--) {
    const c = text.charCodeAt(i);
    if (c === 10) return i + 1;
    if (c === 13 && text.charCodeAt(i + 1) !== 10) return i + 1;
  }
  return -1;
}

// ---------------------------------------------------------------------------------------------
// The engine

const MAX_REPLACEMENT_DIAGNOSTICS = 100;
const CONTEXT_ID = '\u0001ris-stream-context-';
/** Line numbers of the synthetic prefix (negative, so they never meet the file's lines; small integers stay fast). */
const PREFIX_LINE_BASE = -1_000_000_000;

interface PendingRow {
  readonly start: number;
  readonly end: number;
  /** Tie order at equal ranges, as validateRis emits them: 0 file encoding, 1 U+FFFD, 2 pandoc encoding, 3 the rest. */
  readonly rank: number;
  readonly row: CheckRow;
}

interface DupContext {
  readonly recordIndex: number;
  readonly line: number;
  readonly keys: string[];
}

type Mode = 'check' | 'refs';

/** The severity a rule gets from `severities` (or its default). */
function severityOf(severities: Partial<Record<DiagnosticCode, Severity>>, code: DiagnosticCode): Severity {
  return severities[code] ?? DEFAULT_SEVERITIES[code];
}

/** The first non-empty `ID` field of a record (the one `ris.duplicate-id` looks at). */
function firstIdField(r: RisRecord): RisField | undefined {
  for (const f of r.fields) if (f.tag === 'ID' && f.value.length > 0) return f;
  return undefined;
}

class SliceEngine {
  readonly rowsBySlice: PendingRow[][] = [];
  readonly inexact = new Set<string>();
  records = 0;
  slices = 0;
  /** Duplicate keys of this file: collected here, or given (all of them) in `ownRefs`. */
  readonly ownRefs: FileDuplicateRefs;
  private readonly precollected: boolean;

  private readonly decoder: ChunkDecoder;
  private pending = '';
  private searchedTo = 0;
  private lines = 0;
  private chars = 0;

  private readonly severities: Partial<Record<DiagnosticCode, Severity>>;
  private readonly dupRecordOn: boolean;
  private readonly dupIdOn: boolean;
  private readonly uncitableOn: boolean;
  private readonly unpinnedOn: boolean;
  private readonly encodingOn: boolean;
  private readonly sliceChars: number;
  private readonly maxSliceChars: number;
  /** ID value → file line of its first `ID` field. */
  private readonly idFirstLine = new Map<string, number>();
  /** pandoc base key → number of references with it so far. */
  private readonly baseKeyCount = new Map<string, number>();
  private contextSerial = 0;

  // Whole-file facts for the end.
  private replacementCount = 0;
  private readonly replacementRows: CheckRow[] = [];
  private firstLine: string | undefined;
  private nLF = 0;
  private nCRLF = 0;
  private nCR = 0;
  private readonly sliceIsCR: boolean[] = [];

  constructor(
    readonly file: string,
    private readonly uri: string,
    options: StreamCheckOptions,
    private readonly mode: Mode,
    windows1252: boolean,
  ) {
    this.decoder = new ChunkDecoder(windows1252);
    this.severities = options.severities ?? {};
    this.dupRecordOn = severityOf(this.severities, DiagnosticCode.DuplicateRecord) !== 'ignore';
    this.dupIdOn = severityOf(this.severities, DiagnosticCode.DuplicateId) !== 'ignore';
    this.uncitableOn = severityOf(this.severities, DiagnosticCode.UncitableKey) !== 'ignore';
    this.unpinnedOn = severityOf(this.severities, DiagnosticCode.UnpinnedKey) !== 'ignore';
    this.encodingOn = severityOf(this.severities, DiagnosticCode.Encoding) !== 'ignore';
    this.sliceChars = Math.max(1, options.sliceChars ?? 8 * 1024 * 1024);
    this.maxSliceChars = Math.max(this.sliceChars, options.maxSliceChars ?? 64 * 1024 * 1024);
    this.precollected = options.ownRefs !== undefined;
    this.ownRefs = options.ownRefs ?? new Map();
    this.otherDuplicates = options.duplicates;
  }

  private readonly otherDuplicates: DuplicateLookup | undefined;

  get encoding(): TextEncoding {
    return this.decoder.encoding ?? 'utf-8';
  }

  push(chunk: Uint8Array): void {
    this.take(this.decoder.decode(chunk, false));
  }

  finish(): void {
    this.take(this.decoder.decode(new Uint8Array(0), true));
    this.slice(this.pending, true);
    this.pending = '';
    if (this.mode === 'check') this.finishFile();
  }

  private take(text: string): void {
    if (text.length === 0) return;
    this.pending = this.pending.length === 0 ? text : this.pending + text;
    while (this.pending.length >= this.sliceChars) {
      const pending = this.pending;
      let cut = findRecordCut(pending, Math.max(0, this.searchedTo - TY_LINE.length - 1));
      if (cut < 0) {
        this.searchedTo = pending.length;
        if (pending.length < this.maxSliceChars) return;
        cut = findLineCut(pending);
        if (cut < 0) return;
        this.inexact.add(
          `${this.file}: no record boundary (an ER line followed by TY) within ${this.maxSliceChars} characters, so the file was cut between two lines; diagnostics next to the cut may differ from a check in memory.`,
        );
      }
      this.searchedTo = 0;
      this.pending = pending.slice(cut);
      this.slice(pending.slice(0, cut), false);
    }
  }

  /** Parses and validates one slice (`final`: the rest of the file). */
  private slice(s: string, final: boolean): void {
    const k = this.slices++;
    const lineBase = this.lines;
    const recordBase = this.records;
    const charBase = this.chars;
    const doc = parseRis(s);
    const records = doc.records;

    // ---- what this slice has (before any shifting)
    const keysOf: string[][] = [];
    if (this.dupRecordOn || this.mode === 'refs') for (const r of records) keysOf.push(recordDuplicateKeys(r));
    const ids: (RisField | undefined)[] = [];
    if (this.dupIdOn && this.mode === 'check') for (const r of records) ids.push(firstIdField(r));
    const keysNeeded = this.mode === 'check' && (this.uncitableOn || this.unpinnedOn || this.dupIdOn);
    const refs = keysNeeded ? pandocReferences([{ uri: this.uri, doc }]) : [];

    if (this.mode === 'refs') {
      this.addOwnRefs(doc, keysOf, recordBase, lineBase, charBase);
      this.advance(doc, s);
      return;
    }

    // ---- context from earlier slices
    // Duplicate keys whose first record is in an earlier slice, grouped by that record.
    const dupContexts = new Map<number, DupContext>();
    if (this.dupRecordOn) {
      for (const keys of keysOf) {
        for (const key of keys) {
          const first = firstRef(this.ownRefs, key);
          if (first === undefined || first.recordIndex >= recordBase) continue;
          let ctx = dupContexts.get(first.recordIndex);
          if (ctx === undefined) {
            ctx = { recordIndex: first.recordIndex, line: first.line, keys: [] };
            dupContexts.set(first.recordIndex, ctx);
          }
          if (!ctx.keys.includes(key)) ctx.keys.push(key);
        }
      }
    }
    // IDs first used in an earlier slice; and which IDs repeat at all (earlier or in this slice).
    const idContexts = new Map<string, number>();
    const repeatedId = new Set<number>(); // record indexes whose first ID repeats an earlier one
    if (this.dupIdOn) {
      const seenHere = new Set<string>();
      for (let ri = 0; ri < ids.length; ri++) {
        const f = ids[ri];
        if (f === undefined) continue;
        const earlier = this.idFirstLine.get(f.value);
        if (earlier !== undefined) {
          idContexts.set(f.value, earlier);
          repeatedId.add(ri);
        } else if (seenHere.has(f.value)) repeatedId.add(ri);
        seenHere.add(f.value);
      }
    }
    // pandoc base keys seen in earlier slices, where a message shows the suffixed key.
    const keyContexts = new Map<string, number>();
    if (keysNeeded) {
      const occurrences = new Map<string, number>();
      for (const ref of refs) {
        const base = ref.baseKey;
        const before = this.baseKeyCount.get(base) ?? 0;
        const here = occurrences.get(base) ?? 0;
        occurrences.set(base, here + 1);
        if (before === 0 || keyContexts.has(base)) continue;
        const head = ref.records[0];
        const relevant =
          (this.unpinnedOn && !ref.fromId) ||
          (this.uncitableOn && (citationKeyProblem(base) !== undefined || before + here >= 25)) ||
          (this.dupIdOn && head !== undefined && repeatedId.has(head));
        if (relevant) keyContexts.set(base, before);
      }
    }

    // ---- the document to validate: the slice, or the context prefix followed by the slice
    let validated: RisDocument = doc;
    let prefixLength = 0;
    const contextCount = dupContexts.size + idContexts.size + keyContexts.size;
    if (contextCount > 0) {
      const prefix = this.buildPrefix(keyContexts, idContexts, [...dupContexts.values()].sort((a, b) => a.recordIndex - b.recordIndex));
      prefixLength = prefix.text.length;
      // Keep the facts of the slice before its numbers change.
      this.remember(doc, keysOf, ids, refs, recordBase, lineBase, charBase);
      shiftDocument(doc, prefixLength, lineBase);
      validated = joinDocuments(prefix, doc);
    } else {
      this.remember(doc, keysOf, ids, refs, recordBase, lineBase, charBase);
      shiftDocument(doc, 0, lineBase);
    }

    const diagnostics = validateRis(validated, { severities: this.severities, uri: this.uri, duplicates: this.otherDuplicates });
    this.collectRows(s, diagnostics, prefixLength, lineBase, k, final);
    this.tallyLineEndings(doc, s);
    if (k === 0) this.firstLine = firstLineOf(s);
    this.advance(doc, s);
  }

  private advance(doc: RisDocument, s: string): void {
    this.records += doc.records.length;
    this.lines += doc.lineCount - 1;
    this.chars += s.length;
  }

  /** Records this slice's keys, IDs and pandoc base keys for the slices after it. */
  private remember(
    doc: RisDocument,
    keysOf: readonly string[][],
    ids: readonly (RisField | undefined)[],
    refs: readonly { readonly baseKey: string }[],
    recordBase: number,
    lineBase: number,
    charBase: number,
  ): void {
    if (this.dupRecordOn && !this.precollected) this.addOwnRefs(doc, keysOf, recordBase, lineBase, charBase);
    for (const f of ids) if (f !== undefined && !this.idFirstLine.has(f.value)) this.idFirstLine.set(detach(f.value), lineBase + f.line);
    for (const ref of refs) {
      const n = this.baseKeyCount.get(ref.baseKey);
      this.baseKeyCount.set(n === undefined ? detach(ref.baseKey) : ref.baseKey, (n ?? 0) + 1);
    }
  }

  private addOwnRefs(doc: RisDocument, keysOf: readonly string[][], recordBase: number, lineBase: number, charBase: number): void {
    const text = doc.text;
    for (let ri = 0; ri < doc.records.length; ri++) {
      const keys = keysOf[ri]!;
      if (keys.length === 0) continue;
      const r = doc.records[ri]!;
      let end = r.start;
      while (end < text.length) {
        const c = text.charCodeAt(end);
        if (c === 10 || c === 13) break;
        end++;
      }
      for (const key of keys) {
        addRef(this.ownRefs, { uri: this.uri, recordIndex: recordBase + ri, line: lineBase + r.startLine, start: charBase + r.start, end: charBase + end, key: detach(key) });
      }
    }
  }

  /**
   * The synthetic records in front of a slice, parsed and numbered: pandoc-key references, then
   * records carrying an earlier ID, then records carrying earlier duplicate keys (at their lines).
   */
  private buildPrefix(keyContexts: ReadonlyMap<string, number>, idContexts: ReadonlyMap<string, number>, dupContexts: readonly DupContext[]): RisDocument {
    const lines: string[] = [];
    const expectedBase: string[] = [];
    const unique = (): string => {
      const id = `${CONTEXT_ID}${this.contextSerial++}`;
      lines.push(`ID  - ${id}`);
      expectedBase.push(id);
      return id;
    };
    for (const [base, count] of keyContexts) {
      for (let i = 0; i < count; i++) {
        // An ID line before TY is outside the record for the parser (and validation), but pandoc
        // reads it as the record's first ID: the record gets this key without having an ID field.
        if (base.length > 0) lines.push(`ID  - ${base}`);
        expectedBase.push(base);
        lines.push('TY  - GEN', 'ER  - ');
      }
    }
    const idRecords: [string, number][] = [];
    for (const [value, line] of idContexts) {
      unique();
      lines.push('TY  - GEN', `ID  - ${value}`, 'ER  - ');
      idRecords.push([value, line]);
    }
    for (const ctx of dupContexts) {
      unique();
      lines.push('TY  - GEN');
      for (const key of ctx.keys) {
        if (key.startsWith('doi:')) lines.push(`DO  - ${key.slice(4)}`);
        else if (key.startsWith('tya:')) {
          const [title, year, surname] = key.slice(4).split('|');
          lines.push(`TI  - ${title ?? ''}`, `AU  - ${surname ?? ''}`, `PY  - ${year ?? ''}`);
        }
      }
      lines.push('ER  - ');
    }
    const prefix = parseRis(`${lines.join('\n')}\n`);

    // Check that each synthetic record says what it should, then number it.
    const keyCount = expectedBase.length - idRecords.length - dupContexts.length;
    const expectedRecords = keyCount + idRecords.length + dupContexts.length;
    const ok = prefix.records.length === expectedRecords;
    if (!ok) this.inexact.add(`${this.file}: the context of an earlier slice could not be rebuilt; some diagnostics may differ from a check in memory.`);
    const keyed = pandocReferences([{ uri: this.uri, doc: prefix }]);
    for (let i = 0; i < keyed.length && i < expectedBase.length; i++) {
      if (keyed[i]!.baseKey !== expectedBase[i]) {
        this.inexact.add(`${this.file}: a pandoc citation key of an earlier slice could not be rebuilt (${JSON.stringify(expectedBase[i])}); its uncitable-key or unpinned-key diagnostics may differ from a check in memory.`);
      }
    }
    shiftDocument(prefix, 0, PREFIX_LINE_BASE);
    if (ok) {
      for (let i = 0; i < idRecords.length; i++) {
        const [value, line] = idRecords[i]!;
        const f = firstIdField(prefix.records[keyCount + i]!);
        if (f === undefined || f.value !== value) {
          this.inexact.add(`${this.file}: an ID of an earlier slice could not be rebuilt (${JSON.stringify(value)}); its duplicate-id diagnostics may differ from a check in memory.`);
        } else (f as Mutable<RisField>).line = line;
      }
      const outsideByLine = new Map<number, OutsideLine>();
      for (const o of prefix.outside) outsideByLine.set(o.line, o);
      for (let i = 0; i < dupContexts.length; i++) {
        const ctx = dupContexts[i]!;
        const r = prefix.records[keyCount + idRecords.length + i]!;
        const keys = recordDuplicateKeys(r);
        if (keys.length !== ctx.keys.length || keys.some((key) => !ctx.keys.includes(key))) {
          this.inexact.add(`${this.file}: a duplicate key of an earlier slice could not be rebuilt; its duplicate-record diagnostics may differ from a check in memory.`);
        }
        // The record's own ID line (outside, just above) must stay between the previous record and this one.
        const idLine = outsideByLine.get(r.startLine - 1);
        setRecordLines(r, ctx.line);
        if (idLine !== undefined) (idLine as Mutable<OutsideLine>).line = ctx.line - 1;
      }
    }
    return prefix;
  }

  /** Turns the slice's diagnostics into rows (file lines, 1-based), dropping the context's and the file-level ones that belong elsewhere. */
  private collectRows(s: string, diagnostics: readonly RisDiagnostic[], prefixLength: number, lineBase: number, k: number, final: boolean): void {
    const index = new LineIndex(s);
    const out: PendingRow[] = [];
    const make = (start: number, end: number, severity: string, code: string, message: string): CheckRow => {
      const a = index.positionAt(start);
      const b = index.positionAt(end);
      return {
        file: this.file,
        line: lineBase + a.line + 1,
        column: a.character + 1,
        endLine: lineBase + b.line + 1,
        endColumn: b.character + 1,
        severity,
        code,
        message: detach(message),
      };
    };
    for (const d of diagnostics) {
      if (d.start < prefixLength) continue;
      const pandoc = d.data?.pandoc;
      if (pandoc !== undefined) {
        // The file's first line and its end are each in one slice only.
        if (k > 0 && (pandoc === 'leading-blank-lines' || pandoc === 'cr-line-endings' || pandoc === 'encoding')) continue;
        if (!final && (pandoc === 'final-newline' || pandoc === 'missing-final-end')) continue;
      }
      const start = d.start - prefixLength;
      const end = d.end - prefixLength;
      out.push({ start, end, rank: 3, row: make(start, end, d.severity, d.code, d.message) });
    }
    // U+FFFD characters: validateRis lists the first 100 of the file; their messages are set at the end.
    if (this.encodingOn) {
      const found: PendingRow[] = [];
      let i = s.indexOf('\ufffd');
      while (i >= 0) {
        if (this.replacementCount < MAX_REPLACEMENT_DIAGNOSTICS) {
          const row = make(i, i + 1, 'warning', DiagnosticCode.Encoding, '');
          this.replacementRows.push(row);
          found.push({ start: i, end: i + 1, rank: 1, row });
        }
        this.replacementCount++;
        i = s.indexOf('\ufffd', i + 1);
      }
      if (found.length > 0) out.push(...found);
      if (found.length > 0) sortRows(out);
    } else {
      let i = s.indexOf('\ufffd');
      while (i >= 0) {
        this.replacementCount++;
        i = s.indexOf('\ufffd', i + 1);
      }
    }
    this.rowsBySlice.push(out);
  }

  private tallyLineEndings(doc: RisDocument, s: string): void {
    const breaks = doc.lineCount - 1;
    switch (doc.lineEnding) {
      case '\n':
        this.nLF += breaks;
        break;
      case '\r\n':
        this.nCRLF += breaks;
        break;
      case '\r':
        this.nCR += breaks;
        break;
      case 'mixed': {
        let crlf = 0;
        let cr = 0;
        let i = s.indexOf('\r');
        while (i >= 0) {
          if (s.charCodeAt(i + 1) === 10) crlf++;
          else cr++;
          i = s.indexOf('\r', i + 1);
        }
        this.nCRLF += crlf;
        this.nCR += cr;
        this.nLF += breaks - crlf - cr;
        break;
      }
      default:
        break;
    }
    this.sliceIsCR.push(doc.newline === '\r');
  }

  /** The file-level encoding diagnostics and the U+FFFD messages, once the whole file is known. */
  private finishFile(): void {
    const encoding = this.encoding;
    const decoded: Pick<DecodedText, 'encoding' | 'fallback' | 'replacementCharacters'> = {
      encoding,
      fallback: encoding === 'windows-1252',
      replacementCharacters: this.replacementCount,
    };
    // U+FFFD messages: the n-th of the file, as validateRis words it for this total.
    if (this.replacementRows.length > 0) {
      const sample = parseRis('\ufffd'.repeat(this.replacementRows.length));
      const messages = validateRis(sample, {
        severities: this.severities,
        encoding: { encoding: 'utf-8', fallback: false, replacementCharacters: this.replacementCount },
      }).filter((d) => d.code === DiagnosticCode.Encoding);
      for (let i = 0; i < this.replacementRows.length; i++) {
        const row = this.replacementRows[i]!;
        const d = messages[i];
        if (d === undefined) {
          this.inexact.add(`${this.file}: could not word the U+FFFD diagnostics.`);
          continue;
        }
        row.message = d.message;
        row.severity = d.severity;
      }
    }
    // Diagnostics about the encoding of the whole file, on its first line.
    const first = this.firstLine ?? '';
    const line0 = parseRis(first.replace(/\ufffd/g, ' '));
    const fileLevel = validateRis(line0, { severities: this.severities, encoding: decoded }).filter(
      (d) => d.code === DiagnosticCode.Encoding || (d.code === DiagnosticCode.PandocIncompatible && d.data?.pandoc === 'encoding'),
    );
    if (fileLevel.length > 0 && this.rowsBySlice.length > 0) {
      const index = new LineIndex(first);
      const rows0 = this.rowsBySlice[0]!;
      for (const d of fileLevel) {
        const a = index.positionAt(d.start);
        const b = index.positionAt(d.end);
        rows0.push({
          start: d.start,
          end: d.end,
          rank: d.code === DiagnosticCode.Encoding ? 0 : 2,
          row: { file: this.file, line: a.line + 1, column: a.character + 1, endLine: b.line + 1, endColumn: b.character + 1, severity: d.severity, code: d.code, message: d.message },
        });
      }
      sortRows(rows0);
    }
    // Bare CRs: validateRis decides from the whole text whether the file's lines end with CR.
    if (this.nCR > 0) {
      let best = this.nLF;
      if (this.nCRLF > best) best = this.nCRLF;
      const fileIsCR = this.nCR > best;
      if (this.sliceIsCR.some((isCR) => isCR !== fileIsCR)) {
        this.inexact.add(
          `${this.file}: the file mixes bare-CR line endings with LF or CRLF in different proportions in different parts; the stray-CR and CR-line-ending diagnostics may differ from a check in memory.`,
        );
      }
    }
  }

  rows(): CheckRow[] {
    const rows: CheckRow[] = [];
    for (const slice of this.rowsBySlice) for (const p of slice) rows.push(p.row);
    return rows;
  }
}

/** Sorts rows as validateRis sorts diagnostics (by start, then end), keeping emission order (rank, then position) for ties. */
function sortRows(rows: PendingRow[]): void {
  rows.sort((a, b) => a.start - b.start || a.end - b.end || a.rank - b.rank);
}

/** The text of the file's first line (without its break): where the file-level diagnostics go. */
function firstLineOf(s: string): string {
  const bom = s.charCodeAt(0) === 0xfeff ? 1 : 0;
  let e = bom;
  while (e < s.length) {
    const c = s.charCodeAt(e);
    if (c === 10 || c === 13) break;
    e++;
  }
  return s.slice(0, e);
}

// ---------------------------------------------------------------------------------------------
// Drivers

// The files read here are regular files (no device or pipe) of any size: they are read in slices.
function readSync(file: string, engine: SliceEngine, chunkBytes: number): void {
  assertReadableFile(file);
  const fd = fs.openSync(file, 'r');
  try {
    const buffer = Buffer.allocUnsafe(chunkBytes);
    for (;;) {
      const n = fs.readSync(fd, buffer, 0, chunkBytes, null);
      if (n <= 0) break;
      engine.push(buffer.subarray(0, n));
    }
    engine.finish();
  } finally {
    fs.closeSync(fd);
  }
}

async function readAsync(file: string, engine: SliceEngine, chunkBytes: number): Promise<void> {
  assertReadableFile(file);
  const stream = fs.createReadStream(file, { highWaterMark: chunkBytes });
  try {
    for await (const chunk of stream) engine.push(chunk as Buffer);
    engine.finish();
  } finally {
    stream.destroy();
  }
}

function resultOf(engine: SliceEngine): StreamCheckResult {
  const rows = engine.rows();
  let errors = 0;
  for (const r of rows) if (r.severity === 'error') errors++;
  return {
    file: engine.file,
    rows,
    records: engine.records,
    errors,
    encoding: engine.encoding,
    streamed: true,
    slices: engine.slices,
    inexact: [...engine.inexact],
  };
}

/** Rows of one file checked in memory, exactly as `ris-references check` does. */
export function checkInMemory(file: string, options: StreamCheckOptions = {}): StreamCheckResult {
  const decoded = decodeRisBytes(readRegularFileSync(file, Infinity));
  const parsed = parseRis(decoded.text);
  const uri = options.uri ?? file;
  let duplicates = options.duplicates;
  if (duplicates === undefined) {
    const own = new DuplicateIndex();
    own.set(uri, parsed);
    duplicates = own;
  }
  const diagnostics = validateRis(parsed, { severities: options.severities, uri, encoding: decoded, duplicates });
  const rows = toRows(file, parsed.text, diagnostics);
  let errors = 0;
  for (const r of rows) if (r.severity === 'error') errors++;
  return { file, rows, records: parsed.records.length, errors, encoding: decoded.encoding, streamed: false, slices: 1, inexact: [] };
}

function toRows(file: string, text: string, diagnostics: readonly RisDiagnostic[]): CheckRow[] {
  const index = new LineIndex(text);
  return diagnostics.map((d) => {
    const start = index.positionAt(d.start);
    const end = index.positionAt(d.end);
    return {
      file,
      line: start.line + 1,
      column: start.character + 1,
      endLine: end.line + 1,
      endColumn: end.character + 1,
      severity: d.severity,
      code: d.code,
      message: d.message,
    };
  });
}

function useMemory(file: string, options: StreamCheckOptions): boolean {
  const threshold = options.thresholdBytes ?? streamThresholdBytes();
  return !shouldStream(file, threshold);
}

/**
 * Checks one file from a stream (`fs.createReadStream`), slice by slice; small files (below the
 * threshold) and UTF-16 files are checked in memory. The rows equal those of the in-memory check.
 */
export async function checkStream(file: string, options: StreamCheckOptions = {}): Promise<StreamCheckResult> {
  if (useMemory(file, options)) return checkInMemory(file, options);
  const chunkBytes = Math.max(1, options.chunkBytes ?? 1024 * 1024);
  const uri = options.uri ?? file;
  for (const windows1252 of [false, true]) {
    const engine = new SliceEngine(file, uri, options, 'check', windows1252);
    try {
      await readAsync(file, engine, chunkBytes);
      return resultOf(engine);
    } catch (error) {
      if (error instanceof NeedsWindows1252 && !windows1252) continue;
      if (error instanceof IsUtf16) return checkInMemory(file, options);
      throw error;
    }
  }
  throw new Error('unreachable');
}

/** {@link checkStream} with synchronous reads (for the CLI, whose `check` is synchronous). */
export function checkStreamSync(file: string, options: StreamCheckOptions = {}): StreamCheckResult {
  if (useMemory(file, options)) return checkInMemory(file, options);
  const chunkBytes = Math.max(1, options.chunkBytes ?? 1024 * 1024);
  const uri = options.uri ?? file;
  for (const windows1252 of [false, true]) {
    const engine = new SliceEngine(file, uri, options, 'check', windows1252);
    try {
      readSync(file, engine, chunkBytes);
      return resultOf(engine);
    } catch (error) {
      if (error instanceof NeedsWindows1252 && !windows1252) continue;
      if (error instanceof IsUtf16) return checkInMemory(file, options);
      throw error;
    }
  }
  throw new Error('unreachable');
}

/** The duplicate keys of a large file, read in slices (for the duplicate checks of other files). */
export function collectDuplicateRefs(file: string, options: StreamCheckOptions = {}): FileDuplicateRefs {
  const chunkBytes = Math.max(1, options.chunkBytes ?? 1024 * 1024);
  const uri = options.uri ?? file;
  for (const windows1252 of [false, true]) {
    const engine = new SliceEngine(file, uri, { ...options, ownRefs: undefined }, 'refs', windows1252);
    try {
      readSync(file, engine, chunkBytes);
      return engine.ownRefs;
    } catch (error) {
      if (error instanceof NeedsWindows1252 && !windows1252) continue;
      throw error;
    }
  }
  throw new Error('unreachable');
}

/**
 * A duplicate lookup over several files in bibliography order: files held in a DuplicateIndex, and
 * large files known only by their keys. Answers in file order, then record order, as one
 * DuplicateIndex over all the files would.
 */
class CombinedDuplicates implements DuplicateLookup {
  private readonly order = new Map<string, number>();

  constructor(
    files: readonly string[],
    private readonly index: DuplicateIndex,
    private readonly large: ReadonlyMap<string, FileDuplicateRefs>,
  ) {
    files.forEach((f, i) => this.order.set(f, i));
  }

  recordsWithKey(key: string, excludeUri?: string): readonly DuplicateRef[] {
    let out: DuplicateRef[] | undefined;
    let sources = 0;
    const fromIndex = this.index.recordsWithKey(key, excludeUri);
    if (fromIndex.length > 0) {
      out = fromIndex.slice();
      sources++;
    }
    for (const [uri, refs] of this.large) {
      if (uri === excludeUri) continue;
      const cur = refs.get(key);
      if (cur === undefined) continue;
      out ??= [];
      if (Array.isArray(cur)) for (const ref of cur) out.push(ref);
      else out.push(cur);
      sources++;
    }
    if (out === undefined) return NO_REFS;
    if (sources > 1) out.sort((a, b) => this.order.get(a.uri)! - this.order.get(b.uri)! || a.recordIndex - b.recordIndex);
    return out;
  }
}

const NO_REFS: readonly DuplicateRef[] = Object.freeze([]);

export interface CheckFilesResult {
  readonly rows: CheckRow[];
  readonly records: number;
  readonly errors: number;
  readonly inexact: readonly string[];
}

/**
 * Checks files as `ris-references check` does (one bibliography: duplicates across all files), reading
 * the files above the threshold in slices. The rows equal those of the in-memory check.
 */
export function checkFiles(
  files: readonly string[],
  severities: Partial<Record<DiagnosticCode, Severity>>,
  options: Omit<StreamCheckOptions, 'severities' | 'uri' | 'duplicates' | 'ownRefs'> = {},
): CheckFilesResult {
  const threshold = options.thresholdBytes ?? streamThresholdBytes();
  const large = files.map((f) => shouldStream(f, threshold));
  const loaded = new Map<string, { decoded: DecodedText; parsed: RisDocument }>();
  const index = new DuplicateIndex();
  files.forEach((file, i) => {
    if (large[i]) return;
    const decoded = decodeRisBytes(readRegularFileSync(file, Infinity));
    const parsed = parseRis(decoded.text);
    loaded.set(file, { decoded, parsed });
    index.set(file, parsed);
  });
  // Other files need the keys of each large file before it is checked; a file alone does not.
  const largeRefs = new Map<string, FileDuplicateRefs>();
  const dupOn = severityOf(severities, DiagnosticCode.DuplicateRecord) !== 'ignore';
  if (files.length > 1 && dupOn) {
    files.forEach((file, i) => {
      if (large[i]) largeRefs.set(file, collectDuplicateRefs(file, { ...options, severities }));
    });
  }
  const lookup = new CombinedDuplicates(files, index, largeRefs);

  const rows: CheckRow[] = [];
  const inexact: string[] = [];
  let records = 0;
  let errors = 0;
  files.forEach((file, i) => {
    let result: StreamCheckResult;
    if (large[i]) {
      result = checkStreamSync(file, { ...options, thresholdBytes: threshold, severities, uri: file, duplicates: lookup, ownRefs: largeRefs.get(file) });
    } else {
      const l = loaded.get(file)!;
      const diagnostics = validateRis(l.parsed, { severities, uri: file, encoding: l.decoded, duplicates: lookup });
      const fileRows = toRows(file, l.parsed.text, diagnostics);
      let fileErrors = 0;
      for (const r of fileRows) if (r.severity === 'error') fileErrors++;
      result = { file, rows: fileRows, records: l.parsed.records.length, errors: fileErrors, encoding: l.decoded.encoding, streamed: false, slices: 1, inexact: [] };
    }
    for (const r of result.rows) rows.push(r);
    records += result.records;
    errors += result.errors;
    for (const x of result.inexact) inexact.push(x);
  });
  return { rows, records, errors, inexact };
}

/**
 * Writes rows as `JSON.stringify(rows, null, 2)` would, one row at a time (the rows of a large file
 * may not fit in one string).
 */
export function writeJsonRows(rows: readonly CheckRow[], out: (text: string) => void): void {
  if (rows.length === 0) {
    out('[]\n');
    return;
  }
  out('[\n');
  for (let i = 0; i < rows.length; i++) {
    out(`  ${JSON.stringify(rows[i], null, 2).replace(/\n/g, '\n  ')}${i + 1 < rows.length ? ',' : ''}\n`);
  }
  out(']\n');
}
