/**
 * `ris-references duplicates [--json] [--possible] PATH...`: the groups of duplicate records across
 * all the RIS files given (folders searched for `*.ris`), with the reasons, as text or as
 * `{"groups":[{"decision","reasons","members":[{"file","line","id","key"}]}]}`.
 */
import { dedupOptionsFrom, parseDedupArgs, runDedup } from '../dedupInput';
import type { CliIo } from '../io';

/** One member of a group in `duplicates --json`. */
interface MemberRow {
  file: string;
  line: number;
  id: string | null;
  key: string;
}

/**
 * Runs `duplicates` with its arguments (after the command name); throws a `UsageError` for a mistake
 * in them. Returns 0, or 1 when a file could not be read (as `check`).
 */
export function duplicatesCommand(args: readonly string[], io: CliIo): number {
  const parsed = parseDedupArgs('duplicates', args, { '--json': {}, '--possible': {} });
  const { records, result, failed, files } = runDedup(parsed.positional, dedupOptionsFrom(parsed), io);
  const withPossible = parsed.has('--possible');
  const groups = result.groups
    .filter((g) => g.decision === 'duplicate' || withPossible)
    .map((g) => ({
      decision: g.decision,
      reasons: [...g.reasons],
      members: g.members.map((m): MemberRow => {
        const r = records[m]!;
        return { file: r.file, line: r.line, id: r.id, key: r.key };
      }),
    }));
  if (parsed.has('--json')) io.out(`${JSON.stringify({ groups }, null, 2)}\n`);
  else {
    for (const g of groups) {
      io.out(`${g.decision === 'duplicate' ? 'Duplicates' : 'Possible duplicates'} (${g.reasons.join(', ')}):\n`);
      for (const m of g.members) io.out(`  ${m.file}:${m.line}\t${m.key}${m.id !== null && m.id !== m.key ? `\tID ${m.id}` : ''}\n`);
    }
  }
  const possible = result.groups.length - result.groups.filter((g) => g.decision === 'duplicate').length;
  const dupGroups = result.groups.length - possible;
  io.err(
    `${files} file(s), ${result.records} record(s): ${dupGroups} group(s) of duplicates, ${result.removable} duplicate record(s) to remove, ` +
      `${result.records - result.removable} record(s) after deduplication; ${possible} possible pair(s)${withPossible ? '' : ' (--possible lists them)'}\n`,
  );
  return failed ? 1 : 0;
}
