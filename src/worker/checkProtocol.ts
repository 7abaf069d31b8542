/**
 * Messages between the extension and the check worker (`checkWorker.ts`), which validates RIS files
 * read from disk (files that are not open in an editor, or larger than VS Code gives extensions) off
 * the extension host's thread: a 100k-record export takes seconds to decode, parse and validate.
 * Rows come back packed (positions in one transferable Int32Array, codes and messages in tables) so
 * that receiving 70,000 of them costs the extension host a few milliseconds, not a long task.
 */
import type { Severity } from '../core/validation/codes';
import type { DiagnosticCode } from '../core/validation/codes';
import type { CheckRow } from '../core/validation/streamingRows';
import type { DuplicateRef } from '../core/validation/duplicateIndex';
import type { VetoOptions } from '../core/dedup/vetoFeatures';
import type { TextEncoding } from '../core/ris/model';

/** One file to check: read from `path` (a local file) or given as `bytes`. */
export interface CheckRequest {
  readonly id: number;
  /** The file's URI as a string: the name used in duplicate findings. */
  readonly uri: string;
  readonly path?: string;
  readonly bytes?: Uint8Array;
  readonly severities: Partial<Record<DiagnosticCode, Severity>>;
  readonly vetoes: VetoOptions;
  /**
   * Records of other files that share a duplicate key with this file, each with its veto features
   * (`ref.veto`), in the order the workspace's duplicate index lists them, packed (see {@link PackedRefs}).
   */
  readonly others: PackedRefs;
}

/**
 * Refs of other files as JSON arrays of a few hundred refs each, packed on the extension host a part
 * at a time ({@link packRefs}) and read in the worker ({@link unpackRefs}). Each part is UTF-8 in a
 * buffer of its own, which moves to the worker instead of being copied (see {@link refBuffers}):
 * 20,000 refs with their veto features as objects took the extension host's thread 46-91 ms to clone
 * in one `postMessage`, and as JSON strings (9 million characters, two bytes each) 10-22 ms, 40 ms in
 * a busy extension host.
 */
export type PackedRefs = readonly Uint8Array[];

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

/** One part of {@link PackedRefs}: `refs` as a JSON array, in UTF-8. */
export function packRefs(refs: readonly DuplicateRef[]): Uint8Array {
  return utf8.encode(JSON.stringify(refs));
}

/** The refs of every part, in order. */
export function unpackRefs(packed: PackedRefs): DuplicateRef[] {
  const out: DuplicateRef[] = [];
  for (const part of packed) for (const ref of JSON.parse(fromUtf8.decode(part)) as DuplicateRef[]) out.push(ref);
  return out;
}

/**
 * The buffers a request moves to the worker (its file's bytes, its packed refs), each once: a view
 * that shares its buffer with other data (a slice of Node's buffer pool) is not moved but copied.
 */
export function refBuffers(request: Pick<CheckRequest, 'bytes' | 'others'>): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  const views = request.bytes === undefined ? request.others : [request.bytes, ...request.others];
  for (const view of views) {
    const buffer = view.buffer;
    if (buffer instanceof ArrayBuffer && view.byteOffset === 0 && view.byteLength === buffer.byteLength) out.add(buffer);
  }
  return [...out];
}

/** The rows of a checked file, packed. */
export interface PackedRows {
  /** Per row: line, column, end line, end column (0-based), code index, severity index, message index. */
  readonly numbers: Int32Array;
  readonly codes: readonly string[];
  readonly severities: readonly string[];
  readonly messages: readonly string[];
}

export type CheckResponse =
  | { readonly id: number; readonly ok: true; readonly rows: PackedRows; readonly records: number; readonly encoding: TextEncoding; readonly inexact: readonly string[] }
  | { readonly id: number; readonly ok: false; readonly error: string };

/** Numbers per packed row. */
export const ROW_WIDTH = 7;

/** Packs rows (1-based lines and columns) for the trip to the extension host. */
export function packRows(rows: readonly CheckRow[]): PackedRows {
  const numbers = new Int32Array(rows.length * ROW_WIDTH);
  const tables = { codes: new Map<string, number>(), severities: new Map<string, number>(), messages: new Map<string, number>() };
  const indexIn = (table: Map<string, number>, value: string): number => {
    let i = table.get(value);
    if (i === undefined) table.set(value, (i = table.size));
    return i;
  };
  rows.forEach((row, i) => {
    const at = i * ROW_WIDTH;
    numbers[at] = row.line - 1;
    numbers[at + 1] = row.column - 1;
    numbers[at + 2] = row.endLine - 1;
    numbers[at + 3] = row.endColumn - 1;
    numbers[at + 4] = indexIn(tables.codes, row.code);
    numbers[at + 5] = indexIn(tables.severities, row.severity);
    numbers[at + 6] = indexIn(tables.messages, row.message);
  });
  return { numbers, codes: [...tables.codes.keys()], severities: [...tables.severities.keys()], messages: [...tables.messages.keys()] };
}

/** One unpacked row: 0-based positions. */
export interface UnpackedRow {
  readonly line: number;
  readonly character: number;
  readonly endLine: number;
  readonly endCharacter: number;
  readonly code: string;
  readonly severity: string;
  readonly message: string;
}

/** Number of rows in a packed set. */
export function packedLength(rows: PackedRows): number {
  return rows.numbers.length / ROW_WIDTH;
}

/** Row `i` of a packed set. */
export function unpackRow(rows: PackedRows, i: number): UnpackedRow {
  const n = rows.numbers;
  const at = i * ROW_WIDTH;
  return {
    line: n[at]!,
    character: n[at + 1]!,
    endLine: n[at + 2]!,
    endCharacter: n[at + 3]!,
    code: rows.codes[n[at + 4]!]!,
    severity: rows.severities[n[at + 5]!]!,
    message: rows.messages[n[at + 6]!]!,
  };
}
