/**
 * `ris-references keys [--json] FILE...`: the citation key pandoc gives each record when the files
 * are the bibliography (`pandoc --citeproc --bibliography A.ris --bibliography B.ris`), in that order.
 */
import * as fs from 'node:fs';
import { assignPandocKeys } from '../../core/keys/pandocKeys';
import type { RisDocument } from '../../core/ris/model';
import { readRisFile } from '../files';
import { parseArgs, PathUsageError, UsageError } from '../args';
import type { CliIo } from '../io';
import { citationKeyProblem, needsBraces, type CitationKeyProblem } from '../../core/keys/keySyntax';

/** One row of `keys --json`. Lines are 1-based. */
export interface KeyRow {
  /** The key pandoc gives the record. */
  key: string;
  file: string;
  /** 1-based line of the record's first line. */
  line: number;
  /** The `TY` value, or null when the record has none. */
  type: string | null;
  /** False when the key cannot be written in Markdown (see `problem`). */
  citable: boolean;
  /** True when the key must be cited as `@{key}`. */
  needsBraces: boolean;
  /** Why the key cannot be cited (`empty`, `whitespace`, `unbalanced-braces`), or null. */
  problem: CitationKeyProblem | null;
  /** The key before pandoc renamed a duplicate (`a`, `b`, … appended). */
  baseKey: string;
  /** True when the key comes from the record's `ID` line. */
  fromId: boolean;
  /** The later record with the same key that pandoc keeps instead of this one, or null. */
  hiddenBy: { file: string; line: number } | null;
  /** 1-based line of the record this one is read together with (its `ER` is missing), or null. */
  mergedInto: number | null;
}

/**
 * Runs `keys` with its arguments (after the command name); throws a `UsageError` for a mistake in
 * them. Returns the exit code: 0, or throws.
 */
export function keysCommand(args: readonly string[], io: CliIo): number {
  const parsed = parseArgs(args, { '--json': {} });
  const json = parsed.has('--json');
  const files = parsed.positional;
  if (files.length === 0) throw new UsageError('keys needs at least one FILE (in bibliography order)');
  for (const file of files) {
    const stat = fs.statSync(file, { throwIfNoEntry: false });
    if (!stat) throw new PathUsageError(`no such file: ${file}`);
    if (!stat.isFile()) throw new PathUsageError(`not a file: ${file} (keys takes files, in bibliography order)`);
  }

  const docs: { uri: string; doc: RisDocument }[] = files.map((file) => ({ uri: file, doc: readRisFile(file).parsed }));
  // A file given twice is read twice, as pandoc does; both copies are the same document.
  const byUri = new Map<string, RisDocument>(docs.map((d) => [d.uri, d.doc]));
  const rows: KeyRow[] = [];
  for (const k of assignPandocKeys(docs)) {
    const doc = byUri.get(k.uri)!;
    const record = doc.records[k.recordIndex]!;
    const problem = citationKeyProblem(k.key);
    const hidden = k.shadowedBy;
    rows.push({
      key: k.key,
      file: k.uri,
      line: record.startLine + 1,
      type: record.type ?? null,
      citable: problem === undefined,
      needsBraces: needsBraces(k.key),
      problem: problem ?? null,
      baseKey: k.baseKey,
      fromId: k.fromId,
      hiddenBy: hidden ? { file: hidden.uri, line: hidden.line + 1 } : null,
      mergedInto: k.mergedInto === undefined ? null : doc.records[k.mergedInto]!.startLine + 1,
    });
  }

  if (json) {
    io.out(`${JSON.stringify(rows, null, 2)}\n`);
    return 0;
  }
  let uncitable = 0;
  let braced = 0;
  let hiddenCount = 0;
  for (const r of rows) {
    const notes: string[] = [];
    if (r.problem !== null) {
      uncitable++;
      notes.push(`cannot be cited: ${PROBLEM_TEXT[r.problem]}`);
    } else if (r.needsBraces) {
      braced++;
      notes.push(`cite as @{${r.key}}`);
    }
    if (r.mergedInto !== null) notes.push(`read by pandoc as part of the record at line ${r.mergedInto} (missing ER)`);
    if (r.hiddenBy !== null) {
      hiddenCount++;
      notes.push(`hidden by the record at ${r.hiddenBy.file}:${r.hiddenBy.line}, which has the same key`);
    }
    const shown = r.problem === null ? r.key : JSON.stringify(r.key);
    io.out(`${r.file}:${r.line}\t${shown}${notes.length > 0 ? `\t${notes.join('; ')}` : ''}\n`);
  }
  io.err(
    `${files.length} file(s), ${rows.length} record(s): ${uncitable} cannot be cited, ${braced} need braces, ` +
      `${hiddenCount} hidden by a duplicate key\n`,
  );
  return 0;
}

const PROBLEM_TEXT: Readonly<Record<CitationKeyProblem, string>> = {
  empty: 'the key is empty (no ID, author or year)',
  whitespace: 'the key contains whitespace',
  'unbalanced-braces': 'the key has unbalanced braces',
};
