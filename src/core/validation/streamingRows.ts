/**
 * The rows `ris-references check` prints (file, 1-based line and column, severity, code, message)
 * and how diagnostics become rows: all at once for a text held in memory, or slice by slice
 * (`PendingRow`, ordered as `validateRis` orders diagnostics) for the streaming check.
 */
import { LineIndex } from '../text/lineIndex';
import type { RisDiagnostic } from './validate';

/** One row of `check` output. Lines and columns are 1-based. */
export interface CheckRow {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: string;
  code: string;
  message: string;
}

export interface PendingRow {
  readonly start: number;
  readonly end: number;
  /** Tie order at equal ranges, as validateRis emits them: 0 file encoding, 1 U+FFFD, 2 pandoc encoding, 3 the rest. */
  readonly rank: number;
  readonly row: CheckRow;
}

/** Sorts rows as validateRis sorts diagnostics (by start, then end), keeping emission order (rank, then position) for ties. */
export function sortRows(rows: PendingRow[]): void {
  rows.sort((a, b) => a.start - b.start || a.end - b.end || a.rank - b.rank);
}

/** The rows of `diagnostics` of `text` (a whole file), named `file`. */
export function toRows(file: string, text: string, diagnostics: readonly RisDiagnostic[]): CheckRow[] {
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
