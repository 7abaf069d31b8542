/**
 * The streaming check: `ris-references check` for files too large to hold as one string. Node cannot make a string of more
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
 * - Each slice is parsed with `parseRis` and validated with `validateRis`. The slice is parsed with
 *   the file's line numbers (the parser takes a base line), so messages that name a line ("record at line 12")
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
 * This module holds the engine ({@link SliceEngine}: bytes in, rows out), without any file access;
 * `streamingText.ts` decodes and cuts, `streamingDocs.ts` builds the context, `streamingRows.ts` makes
 * rows. Reading the file (`fs` streams, the threshold) is the CLI's (`src/cli/stream.ts`).
 */
import { pandocReferences } from '../keys/pandocKeys';
import type { DecodedText, RisDocument, RisField, TextEncoding } from '../ris/model';
import { parseRis } from '../ris/parser';
import { moveDocument } from '../ris/parsedDocument';
import { LineIndex } from '../text/lineIndex';
import { DEFAULT_SEVERITIES, DiagnosticCode, type Severity } from './codes';
import type { DuplicateLookup } from './duplicateIndex';
import { recordDuplicateKeys } from './duplicateKeys';
import { validateRis, type RisDiagnostic } from './validate';
import { addRef, buildContextPrefix, detach, detachFeatures, firstEarlierMatch, firstIdField, joinDocuments, type DupContext, type FileDuplicateRefs } from './streamingDocs';
import { DEFAULT_VETO_OPTIONS, vetoFeatures, type VetoOptions } from '../dedup/vetoFeatures';
import type { JournalKey } from '../dedup/journals';
import { sortRows, type CheckRow, type PendingRow } from './streamingRows';
import { ChunkDecoder, findLineCut, findRecordCut, firstLineOf, IsUtf16, JOIN_CHARS, joinToFirstCut, NeedsWindows1252, TY_LINE } from './streamingText';
import { citationKeyProblem } from '../keys/keySyntax';

export type { CheckRow } from './streamingRows';
export type { FileDuplicateRefs } from './streamingDocs';

// ---------------------------------------------------------------------------------------------
// Options and results

/** How {@link SliceEngine} (and the CLI's streaming check) checks a file. */
export interface StreamCheckOptions {
  /** Severity per code, as `parseValidationSettings` gives them (missing codes use their default). */
  readonly severities?: Partial<Record<DiagnosticCode, Severity>>;
  /** The name used in rows and related locations; the path by default. */
  readonly uri?: string;
  /** Other files' records, for `ris.duplicate-record` across files (this file's own records are excluded by uri). */
  readonly duplicates?: DuplicateLookup;
  /** Bytes per read (default 8 MiB: a chunk of about a slice, which is then sliced without a copy). */
  readonly chunkBytes?: number;
  /** A slice is cut once this many characters are pending (default 8 Mi). */
  readonly sliceChars?: number;
  /** With no record boundary in this many characters, cut at a line break (default 64 Mi). */
  readonly maxSliceChars?: number;
  /** How many characters of a new chunk are first joined to the text waiting from the earlier ones (default 16 Ki; grown while they hold no record boundary). */
  readonly joinChars?: number;
  /** Files up to this size are checked in memory (default {@link streamThresholdBytes}); 0 streams everything but UTF-16. */
  readonly thresholdBytes?: number;
  /**
   * The duplicate keys of this very file, collected beforehand by {@link collectDuplicateRefs}
   * (when other files need them too). Without it they are collected while checking.
   */
  readonly ownRefs?: FileDuplicateRefs;
  /** Which vetoes of the deduplication engine `ris.duplicate-record` applies (the engine's defaults otherwise). */
  readonly vetoes?: VetoOptions;
}

/** The rows of one file, and how it was checked. */
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

// ---------------------------------------------------------------------------------------------
// The engine

const MAX_REPLACEMENT_DIAGNOSTICS = 100;

type Mode = 'check' | 'refs';

/** The severity a rule gets from `severities` (or its default). */
export function severityOf(severities: Partial<Record<DiagnosticCode, Severity>>, code: DiagnosticCode): Severity {
  return severities[code] ?? DEFAULT_SEVERITIES[code];
}

/**
 * Checks one file's bytes slice by slice: `push` each chunk, then `finish`; `result()` gives the rows.
 * Throws {@link NeedsWindows1252} (start again with `windows1252`) or {@link IsUtf16} (check in
 * memory) while decoding. In `refs` mode it only collects the file's duplicate keys (`ownRefs`).
 */
export class SliceEngine {
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
  private readonly joinChars: number;
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
    this.joinChars = Math.max(1, options.joinChars ?? JOIN_CHARS);
    this.precollected = options.ownRefs !== undefined;
    this.ownRefs = options.ownRefs ?? new Map();
    this.otherDuplicates = options.duplicates;
    this.vetoOptions = options.vetoes ?? DEFAULT_VETO_OPTIONS;
  }

  private readonly otherDuplicates: DuplicateLookup | undefined;
  private readonly vetoOptions: VetoOptions;
  /** One copy of each journal's key among the veto features kept for earlier slices. */
  private readonly journals = new Map<string, JournalKey>();

  /** The file's encoding (UTF-8 until the first bytes are known). */
  get encoding(): TextEncoding {
    return this.decoder.encoding ?? 'utf-8';
  }

  /** Takes the next chunk of the file's bytes. */
  push(chunk: Uint8Array): void {
    this.take(this.decoder.decode(chunk, false));
  }

  /** Ends the file: checks the last slice and the file-level diagnostics. */
  finish(): void {
    this.take(this.decoder.decode(new Uint8Array(0), true));
    this.slice(this.pending, true);
    this.pending = '';
    if (this.mode === 'check') this.finishFile();
  }

  private take(text: string): void {
    if (text.length === 0) return;
    // A chunk's own text (or the rest of it) is sliced up to its last record boundary from half a
    // slice on: the slice is a view of the chunk, and only what follows the boundary waits for the next.
    const half = Math.max(1, this.sliceChars >> 1);
    let threshold = this.sliceChars;
    if (this.pending.length === 0) {
      this.pending = text;
      threshold = half;
    } else if (text.length < half && this.pending.length + text.length < this.sliceChars) {
      this.pending += text;
    } else if (this.sliceWaiting(text)) {
      threshold = half;
    }
    while (this.pending.length >= threshold) {
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

  /**
   * Slices what waits from the earlier chunks with the start of `text`, up to the first record
   * boundary in `text`, and keeps the rest of `text` (a view of it) as what waits now. Only that
   * much is joined: joining the waiting text to the whole chunk made one new string of the whole
   * file over the check, every character copied once more (1.3 s of a 10 s check of a 219 MB
   * export). With no boundary in `text`, the waiting text and `text` joined wait, nothing sliced.
   * Returns true when it sliced.
   */
  private sliceWaiting(text: string): boolean {
    const waiting = this.pending;
    const { joined, cut } = joinToFirstCut(waiting, text, this.joinChars);
    if (cut < 0) {
      this.pending = joined;
      return false;
    }
    this.pending = '';
    this.searchedTo = 0;
    this.slice(joined.slice(0, cut), false);
    this.pending = text.slice(cut - waiting.length);
    return true;
  }

  /** Parses and validates one slice (`final`: the rest of the file). */
  private slice(s: string, final: boolean): void {
    const k = this.slices++;
    const lineBase = this.lines;
    const recordBase = this.records;
    const charBase = this.chars;
    // Line numbers are file lines from the start; offsets stay offsets into the slice.
    const doc = parseRis(s, { line: lineBase });
    const records = doc.records;

    // ---- what this slice has (before any shifting)
    const keysOf: string[][] = [];
    if (this.dupRecordOn || this.mode === 'refs') for (const r of records) keysOf.push(recordDuplicateKeys(r));
    const ids: (RisField | undefined)[] = [];
    if (this.dupIdOn && this.mode === 'check') for (const r of records) ids.push(firstIdField(r));
    const keysNeeded = this.mode === 'check' && (this.uncitableOn || this.unpinnedOn || this.dupIdOn);
    const refs = keysNeeded ? pandocReferences([{ uri: this.uri, doc }]) : [];

    if (this.mode === 'refs') {
      this.addOwnRefs(doc, keysOf, recordBase, charBase);
      this.advance(doc, s);
      return;
    }

    // ---- context from earlier slices
    // Duplicate keys whose first record is in an earlier slice, grouped by that record.
    const dupContexts = new Map<number, DupContext>();
    if (this.dupRecordOn) {
      for (let ri = 0; ri < keysOf.length; ri++) {
        for (const key of keysOf[ri]!) {
          // The first earlier record with the key that the engine does not keep apart from this one.
          const first = firstEarlierMatch(this.ownRefs, key, recordBase, records[ri]!, this.vetoOptions);
          if (first === undefined) continue;
          let ctx = dupContexts.get(first.recordIndex);
          if (ctx === undefined) {
            ctx = { recordIndex: first.recordIndex, line: first.line, keys: [], veto: first.veto };
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
      const prefix = buildContextPrefix(
        { file: this.file, uri: this.uri, inexact: this.inexact, nextSerial: () => this.contextSerial++ },
        keyContexts,
        idContexts, [...dupContexts.values()].sort((a, b) => a.recordIndex - b.recordIndex));
      prefixLength = prefix.text.length;
      // Keep the facts of the slice before its numbers change.
      this.remember(doc, keysOf, ids, refs, recordBase, charBase);
      validated = joinDocuments(prefix, moveDocument(doc, prefixLength, 0), lineBase);
    } else {
      this.remember(doc, keysOf, ids, refs, recordBase, charBase);
    }

    const diagnostics = validateRis(validated, { severities: this.severities, uri: this.uri, duplicates: this.otherDuplicates, vetoes: this.vetoOptions });
    this.collectRows(s, diagnostics, prefixLength, lineBase, k, final);
    this.tallyLineEndings(doc, s, lineBase);
    if (k === 0) this.firstLine = firstLineOf(s);
    this.advance(doc, s);
  }

  private advance(doc: RisDocument, s: string): void {
    this.records += doc.records.length;
    this.lines = doc.lineCount - 1; // the slice was parsed with the file's line numbers
    this.chars += s.length;
  }

  /** Records this slice's keys, IDs and pandoc base keys for the slices after it. */
  private remember(
    doc: RisDocument,
    keysOf: readonly string[][],
    ids: readonly (RisField | undefined)[],
    refs: readonly { readonly baseKey: string }[],
    recordBase: number,
    charBase: number,
  ): void {
    if (this.dupRecordOn && !this.precollected) this.addOwnRefs(doc, keysOf, recordBase, charBase);
    for (const f of ids) if (f !== undefined && !this.idFirstLine.has(f.value)) this.idFirstLine.set(detach(f.value), f.line);
    for (const ref of refs) {
      const n = this.baseKeyCount.get(ref.baseKey);
      this.baseKeyCount.set(n === undefined ? detach(ref.baseKey) : ref.baseKey, (n ?? 0) + 1);
    }
  }

  private addOwnRefs(doc: RisDocument, keysOf: readonly string[][], recordBase: number, charBase: number): void {
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
      // What the engine's vetoes need of the record, kept with its keys for the slices after it.
      const veto = detachFeatures(vetoFeatures(r), this.journals);
      for (const key of keys) {
        addRef(this.ownRefs, { uri: this.uri, recordIndex: recordBase + ri, line: r.startLine, start: charBase + r.start, end: charBase + end, key: detach(key), veto });
      }
    }
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

  private tallyLineEndings(doc: RisDocument, s: string, lineBase: number): void {
    const breaks = doc.lineCount - 1 - lineBase;
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

  /** The rows of every slice, in file order. */
  rows(): CheckRow[] {
    const rows: CheckRow[] = [];
    for (const slice of this.rowsBySlice) for (const p of slice) rows.push(p.row);
    return rows;
  }
}

/** The result of an engine that has read its whole file. */
export function engineResult(engine: SliceEngine): StreamCheckResult {
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

/**
 * Runs `attempt` as UTF-8 and, when the file turns out not to be (no BOM, invalid bytes), again as
 * Windows-1252; a UTF-16 file goes to `utf16` (rethrown without it). Works for a synchronous
 * `attempt` and for one that returns a promise.
 */
export function withEncodingRetry<T>(attempt: (windows1252: boolean) => T, utf16?: () => T, windows1252 = false): T {
  const recover = (error: unknown): T => {
    if (error instanceof NeedsWindows1252 && !windows1252) return withEncodingRetry(attempt, utf16, true);
    if (error instanceof IsUtf16 && utf16 !== undefined) return utf16();
    throw error;
  };
  try {
    const result = attempt(windows1252);
    return result instanceof Promise ? (result.catch(recover) as T) : result;
  } catch (error) {
    return recover(error);
  }
}
