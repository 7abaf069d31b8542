/**
 * The command line's one argument parser: flags (`--json`), options with a value (`--to ris` or
 * `--to=ris`), repeatable options (`--rule A --rule B`), aliases (`-o`), and positional paths; an
 * unknown option is a usage error. Also the two usage errors the CLI reports with exit code 2.
 */

/** A mistake in the command line: reported with the usage text, exit code 2. */
export class UsageError extends Error {}

/**
 * A usage error about a path the command line names (no such file, not a regular file): reported
 * with a pointer to `--help` instead of the whole usage text, exit code 2.
 */
export class PathUsageError extends UsageError {}

/** How one option is written. */
export interface OptionSpec {
  /** Other spellings of the option (`-o` for `--out`). */
  readonly aliases?: readonly string[];
  /** True when the option takes a value: `--opt value` or `--opt=value`. */
  readonly value?: boolean;
  /** The message when the value is missing or empty (default: "--opt needs a value"). */
  readonly missingValue?: string;
}

/** The options of a command, by their `--long` name. */
export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

/** A parsed command line: the options given (by their `--long` name) and the positional arguments. */
export interface ParsedArgs {
  /** True when the flag or option was given at least once. */
  has(name: string): boolean;
  /** The last value given to an option, or undefined. */
  value(name: string): string | undefined;
  /** Every value given to a repeatable option, in order. */
  values(name: string): readonly string[];
  /** The arguments that are not options (paths), in order; a lone `-` is one of them. */
  readonly positional: readonly string[];
}

/**
 * Parses a command's arguments (after the command name) against its `specs`. A value is the next
 * argument whatever it looks like (`--rule -x`) or the text after `=`; an empty value, a missing
 * value, a value given to a flag and an unknown option are usage errors.
 */
export function parseArgs(args: readonly string[], specs: OptionSpecs): ParsedArgs {
  const byName = new Map<string, string>();
  for (const [name, spec] of Object.entries(specs)) {
    byName.set(name, name);
    for (const alias of spec.aliases ?? []) byName.set(alias, name);
  }
  const given = new Map<string, string[]>();
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith('-') || arg === '-') {
      positional.push(arg);
      continue;
    }
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const written = eq > 0 ? arg.slice(0, eq) : arg;
    const name = byName.get(written);
    if (name === undefined) throw new UsageError(`unknown option '${arg}'`);
    const spec = specs[name]!;
    let value = '';
    if (spec.value) {
      value = (eq > 0 ? arg.slice(eq + 1) : args[++i]) ?? '';
      if (value === '') throw new UsageError(spec.missingValue ?? `${written} needs a value`);
    } else if (eq > 0) throw new UsageError(`${written} takes no value`);
    const list = given.get(name);
    if (list === undefined) given.set(name, [value]);
    else list.push(value);
  }
  return {
    has: (name) => given.has(name),
    value: (name) => given.get(name)?.at(-1),
    values: (name) => given.get(name) ?? [],
    positional,
  };
}
