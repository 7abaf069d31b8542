/**
 * `ris-references dedupe --out FILE [--force] PATH...`: one RIS file with one record per group of
 * duplicates (merged, nothing lost, with a provenance note per source record; see
 * core/dedup/merge.ts) and every other record as it was, in the order of the files given. Prints
 * the counts a PRISMA flow diagram needs: records in, duplicates removed, records out.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { mergeGroup, recordFields, writeRisRecords, type MergedField } from '../../core/dedup/merge';
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
  // Each record's group (its members) when it is in a duplicate group.
  const groupOf = new Map<number, readonly number[]>();
  for (const g of result.groups) if (g.decision === 'duplicate') for (const m of g.members) groupOf.set(m, g.members);
  const written: MergedField[][] = [];
  for (let i = 0; i < records.length; i++) {
    const members = groupOf.get(i);
    if (members === undefined) written.push(recordFields(records[i]!.record));
    else if (members[0] === i) written.push(mergeGroup(members.map((m) => ({ record: records[m]!.record, file: path.basename(records[m]!.file) }))));
  }
  try {
    fs.writeFileSync(out, writeRisRecords(written), { encoding: 'utf8', flag: force ? 'w' : 'wx' });
  } catch (error) {
    io.err(`ris-references: cannot write ${out}: ${errorMessage(error)}\n`);
    return 1;
  }
  io.err(
    `${files} file(s): ${result.records} record(s) in, ${result.removable} duplicate(s) removed, ${written.length} record(s) out, written to ${out}\n`,
  );
  return failed ? 1 : 0;
}
