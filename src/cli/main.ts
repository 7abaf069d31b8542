/**
 * `ris-references`: the extension's core on the command line. This module dispatches to the
 * commands (`commands/*.ts`) and turns what they throw into messages and exit codes.
 *
 *   ris-references check [--json] [--hints] [--rule CODE=SEVERITY]... PATH...
 *   ris-references fix [--pandoc] [--rule CODE]... [--check|--diff] PATH...
 *   ris-references parse --json FILE
 *   ris-references keys [--json] FILE...
 *   ris-references export --to csl-json|bibtex|ris [--cited-in DOC.md] [--out FILE [--force]] [PATH...]
 *   ris-references format [--style NAME|FILE.csl] [--locale L] [--cited-in DOC.md] [--output F] [PATH...]
 *   ris-references duplicates [--json] [--possible] [--merge-conference-abstracts] [--merge-preprints] PATH...
 *   ris-references dedupe --out FILE [--force] [--merge-conference-abstracts] [--merge-preprints] PATH...
 *   ris-references prisma [--json|--csv|--svg] [--init [--force]] [MANIFEST]
 *
 * Exit codes: 0 success (check: no error-level diagnostic), 1 check found errors, fix --check would
 * change a file, or a file could not be read, 2 usage error. Only regular files are read (no device or
 * pipe), RIS and Markdown files up to 256 MB (check streams larger ones), styles and locales up to 5 MB.
 */
import { PathUsageError, UsageError } from './args';
import { checkCommand } from './commands/check';
import { dedupeCommand } from './commands/dedupe';
import { duplicatesCommand } from './commands/duplicates';
import { exportCommand } from './commands/export';
import { fixCommand } from './commands/fix';
import { formatCommand } from './commands/format';
import { keysCommand } from './commands/keys';
import { parseCommand } from './commands/parse';
import { prismaCommand } from './commands/prisma';
import { errorMessage, type CliIo } from './io';
import { USAGE } from './usage';

export type { CliIo } from './io';

const COMMANDS: Readonly<Record<string, (args: readonly string[], io: CliIo) => number>> = {
  check: checkCommand,
  fix: fixCommand,
  parse: parseCommand,
  keys: keysCommand,
  export: exportCommand,
  format: formatCommand,
  duplicates: duplicatesCommand,
  dedupe: dedupeCommand,
  prisma: prismaCommand,
};

/** Runs the CLI with `args` (without `node` and the script) and returns the exit code. */
export function runCli(args: readonly string[], io: CliIo, version = '0.0.0'): number {
  try {
    const [command, ...rest] = args;
    if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
      io.out(USAGE);
      return command === undefined ? 2 : 0;
    }
    if (command === '--version' || command === '-v') {
      io.out(`${version}\n`);
      return 0;
    }
    const run = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
    if (run === undefined) throw new UsageError(`unknown command '${command}'`);
    return run(rest, io);
  } catch (error) {
    if (error instanceof PathUsageError) {
      io.err(`ris-references: ${error.message}\nRun 'ris-references --help' for usage.\n`);
      return 2;
    }
    if (error instanceof UsageError) {
      io.err(`ris-references: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    io.err(`ris-references: ${errorMessage(error)}\n`);
    return 1;
  }
}
