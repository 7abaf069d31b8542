/**
 * What the CLI's `duplicates` and `dedupe` share: the RIS files given (folders searched for
 * `*.ris`), read and parsed, their records handed to the deduplication engine in file order, each
 * with its file, line, `ID` and pandoc citation key, and the settings of what counts as a duplicate.
 */
import { findDuplicates, type DedupResult } from '../core/dedup/engine';
import { assignPandocKeys } from '../core/keys/pandocKeys';
import type { RisDocument, RisRecord } from '../core/ris/model';
import { parseArgs, UsageError, type ParsedArgs } from './args';
import { collectRisFiles, readRisFile } from './files';
import { errorMessage, type CliIo } from './io';

/** One record of the run, in the order the engine saw it. */
export interface CliRecord {
  readonly file: string;
  /** 1-based line of the record's first line. */
  readonly line: number;
  /** The record's first `ID` value, or null. */
  readonly id: string | null;
  /** The citation key pandoc gives it (the files read as one bibliography, in the order given). */
  readonly key: string;
  readonly record: RisRecord;
}

/** The options both commands take besides their own. */
export const DEDUP_OPTION_SPECS = {
  '--merge-conference-abstracts': {},
  '--merge-preprints': {},
} as const;

/** The engine's options from the command line: conference abstracts and preprints are kept apart unless `--merge-…` is given. */
export function dedupOptionsFrom(parsed: ParsedArgs): { keepConferenceAbstractsApart: boolean; keepPreprintsApart: boolean } {
  return {
    keepConferenceAbstractsApart: !parsed.has('--merge-conference-abstracts'),
    keepPreprintsApart: !parsed.has('--merge-preprints'),
  };
}

/**
 * Reads the files and runs the engine. A file that cannot be read is reported on `io.err` and sets
 * `failed`; the others are still deduplicated.
 */
export function runDedup(paths: readonly string[], options: object, io: CliIo): { records: CliRecord[]; result: DedupResult; failed: boolean; files: number } {
  const files = collectRisFiles(paths);
  const docs: { uri: string; doc: RisDocument }[] = [];
  let failed = false;
  for (const file of files) {
    try {
      docs.push({ uri: file, doc: readRisFile(file).parsed });
    } catch (error) {
      failed = true;
      io.err(`ris-references: cannot read ${file}: ${errorMessage(error)}\n`);
    }
  }
  const keys = new Map<string, string>();
  for (const k of assignPandocKeys(docs)) keys.set(`${k.recordIndex}\u0000${k.uri}`, k.key);
  const records: CliRecord[] = [];
  for (const { uri, doc } of docs) {
    for (const record of doc.records) {
      const id = record.fields.find((f) => f.tag === 'ID' && f.value.length > 0)?.value ?? null;
      records.push({ file: uri, line: record.startLine + 1, id, key: keys.get(`${record.index}\u0000${uri}`) ?? '', record });
    }
  }
  const result = findDuplicates(
    records.map((r, i) => ({ ref: String(i), record: r.record })),
    options,
  );
  return { records, result, failed, files: docs.length };
}

/** Parses a command's arguments with the shared options added; throws a `UsageError` when no path is given. */
export function parseDedupArgs(command: string, args: readonly string[], own: Record<string, { value?: boolean; aliases?: readonly string[] }>): ParsedArgs {
  const parsed = parseArgs(args, { ...DEDUP_OPTION_SPECS, ...own });
  if (parsed.positional.length === 0) throw new UsageError(`${command} needs at least one RIS file or folder`);
  return parsed;
}
