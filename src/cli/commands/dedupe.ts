/**
 * `ris-references dedupe --out FILE [--force] PATH...`: one RIS file with one record per group of
 * duplicates (merged, nothing lost, with a provenance note per source record; see
 * core/dedup/merge.ts) and every other record as it was, in the order of the files given. Prints
 * the counts a PRISMA flow diagram needs: records in, duplicates removed, records out.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { mergeLibrary } from '../../core/dedup/mergeLibrary';
import { UsageError } from '../args';
import { dedupOptionsFrom, parseDedupArgs, runDedup } from '../dedupInput';
import { errorMessage, type CliIo } from '../io';

/**
 * Runs `dedupe` with its arguments (after the command name); throws a `UsageError` for a mistake in
 * them. Returns 0, or 1 when a file could not be read or the output could not be written.
 */
export function dedupeCommand(args: readonly string[], io: CliIo): number {
  const parsed = parseDedupArgs('dedupe', args, { '--out': { value: true, aliases: ['-o'] }, '--force': { aliases: ['-f'] } });
  const out = parsed.value('--out');
  if (out === undefined) throw new UsageError('dedupe needs --out FILE (the raw exports are never changed)');
  const force = parsed.has('--force');
  if (fs.existsSync(out) && !force) throw new UsageError(`${out} exists: add --force to overwrite it`);
  const outResolved = path.resolve(out);
  const { records, result, failed, files } = runDedup(
    parsed.positional.filter((p) => path.resolve(p) !== outResolved),
    dedupOptionsFrom(parsed),
    io,
  );
  const merged = mergeLibrary(records.map((r) => ({ record: r.record, file: path.basename(r.file) })), result);
  try {
    fs.writeFileSync(out, merged.text, { encoding: 'utf8', flag: force ? 'w' : 'wx' });
  } catch (error) {
    io.err(`ris-references: cannot write ${out}: ${errorMessage(error)}\n`);
    return 1;
  }
  io.err(
    `${files} file(s): ${merged.recordsIn} record(s) in, ${merged.duplicatesRemoved} duplicate(s) removed, ${merged.recordsOut} record(s) out, written to ${out}\n`,
  );
  return failed ? 1 : 0;
}
