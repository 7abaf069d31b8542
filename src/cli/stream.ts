/**
 * The CLI's side of the streaming check (the engine is `core/validation/streaming.ts`): which files
 * are large enough to stream (`RIS_STREAM_THRESHOLD_BYTES`), reading them in chunks (synchronously
 * for the CLI, or from `fs.createReadStream`), and `checkFiles`, which checks a list of files like
 * `ris-references check` does (duplicates across all of them), streaming the large ones.
 */
import * as fs from 'node:fs';
import { DuplicateIndex } from '../core/validation/duplicateIndex';
import { DiagnosticCode, type Severity } from '../core/validation/codes';
import { validateRis } from '../core/validation/validate';
import {
  engineResult,
  severityOf,
  SliceEngine,
  withEncodingRetry,
  type FileDuplicateRefs,
  type StreamCheckOptions,
  type StreamCheckResult,
} from '../core/validation/streaming';
import { CombinedDuplicates } from '../core/validation/streamingDocs';
import { toRows, type CheckRow } from '../core/validation/streamingRows';
import { assertReadableFile, readRisFile, type LoadedRis } from './files';

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
// Drivers

// The files read here are regular files (no device or pipe) of any size: they are read in slices.
/** Feeds `file` to `engine` with synchronous reads of `chunkBytes`. */
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

/** Feeds `file` to `engine` from `fs.createReadStream`. */
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

/** The rows of one file checked in memory (`loaded`), with `duplicates` (the file's own records by default). */
function checkLoaded(l: LoadedRis, options: StreamCheckOptions): StreamCheckResult {
  const uri = options.uri ?? l.file;
  let duplicates = options.duplicates;
  if (duplicates === undefined) {
    const own = new DuplicateIndex();
    own.set(uri, l.parsed);
    duplicates = own;
  }
  const diagnostics = validateRis(l.parsed, { severities: options.severities, uri, encoding: l.decoded, duplicates });
  const rows = toRows(l.file, l.parsed.text, diagnostics);
  let errors = 0;
  for (const r of rows) if (r.severity === 'error') errors++;
  return { file: l.file, rows, records: l.parsed.records.length, errors, encoding: l.decoded.encoding, streamed: false, slices: 1, inexact: [] };
}

/** Rows of one file checked in memory, exactly as `ris-references check` does. */
export function checkInMemory(file: string, options: StreamCheckOptions = {}): StreamCheckResult {
  return checkLoaded(readRisFile(file, Infinity), options);
}

function useMemory(file: string, options: StreamCheckOptions): boolean {
  const threshold = options.thresholdBytes ?? streamThresholdBytes();
  return !shouldStream(file, threshold);
}

function chunkBytesOf(options: StreamCheckOptions): number {
  return Math.max(1, options.chunkBytes ?? 8 * 1024 * 1024);
}

/**
 * Checks one file from a stream (`fs.createReadStream`), slice by slice; small files (below the
 * threshold) and UTF-16 files are checked in memory. The rows equal those of the in-memory check.
 */
export async function checkStream(file: string, options: StreamCheckOptions = {}): Promise<StreamCheckResult> {
  if (useMemory(file, options)) return checkInMemory(file, options);
  const uri = options.uri ?? file;
  return withEncodingRetry(
    async (windows1252) => {
      const engine = new SliceEngine(file, uri, options, 'check', windows1252);
      await readAsync(file, engine, chunkBytesOf(options));
      return engineResult(engine);
    },
    async () => checkInMemory(file, options),
  );
}

/** {@link checkStream} with synchronous reads (for the CLI, whose `check` is synchronous). */
export function checkStreamSync(file: string, options: StreamCheckOptions = {}): StreamCheckResult {
  if (useMemory(file, options)) return checkInMemory(file, options);
  const uri = options.uri ?? file;
  return withEncodingRetry(
    (windows1252) => {
      const engine = new SliceEngine(file, uri, options, 'check', windows1252);
      readSync(file, engine, chunkBytesOf(options));
      return engineResult(engine);
    },
    () => checkInMemory(file, options),
  );
}

/** The duplicate keys of a large file, read in slices (for the duplicate checks of other files). */
export function collectDuplicateRefs(file: string, options: StreamCheckOptions = {}): FileDuplicateRefs {
  const uri = options.uri ?? file;
  return withEncodingRetry((windows1252) => {
    const engine = new SliceEngine(file, uri, { ...options, ownRefs: undefined }, 'refs', windows1252);
    readSync(file, engine, chunkBytesOf(options));
    return engine.ownRefs;
  });
}

/** What {@link checkFiles} returns: the rows of every file, in order, and their totals. */
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
  const loaded = new Map<string, LoadedRis>();
  const index = new DuplicateIndex();
  files.forEach((file, i) => {
    if (large[i]) return;
    const l = readRisFile(file, Infinity);
    loaded.set(file, l);
    index.set(file, l.parsed);
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
      result = checkLoaded(loaded.get(file)!, { severities, uri: file, duplicates: lookup });
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
