/**
 * `ris-references`: the extension's core on the command line.
 *
 *   ris-references check [--json] [--hints] [--rule CODE=SEVERITY]... PATH...
 *   ris-references fix [--pandoc] [--rule CODE]... [--check|--diff] PATH...
 *   ris-references parse --json FILE
 *   ris-references keys [--json] FILE...
 *   ris-references export --to csl-json|bibtex|ris [--cited-in DOC.md] [--out FILE [--force]] [PATH...]
 *   ris-references format [--style NAME|FILE.csl] [--locale L] [--cited-in DOC.md] [--output F] [PATH...]
 *
 * Exit codes: 0 success (check: no error-level diagnostic), 1 check found errors, fix --check would
 * change a file, or a file could not be read, 2 usage error. Only regular files are read (no device or
 * pipe), RIS and Markdown files up to 256 MB (check streams larger ones), styles and locales up to 5 MB.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { decodeRisBytes } from '../core/ris/decode';
import { parseRis } from '../core/ris/parser';
import { parseValidationSettings } from '../core/validation/codes';
import type { DecodedText, RisDocument } from '../core/ris/model';
import { MAX_DOCUMENT_BYTES } from '../core/paths/pathPolicy';
import { readRegularFileSync } from './files';
import { keysCommand } from './keys';
import { exportCommand } from './export';
import { formatCommand } from './format';
import { fixCommand, fixRulesHelp } from './fix';
import { classifyOutsideLine } from '../core/validation/tagLines';
import { lineEndAt } from '../core/text/lines';
import { checkFiles, writeJsonRows } from './stream';

/** Where the CLI writes; replaced in tests. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

const USAGE = `Usage:
  ris-references check [--json] [--hints] [--rule CODE=SEVERITY]... PATH...
      Validates RIS files (folders are searched recursively for *.ris). Prints
      file:line:col severity code message, or a JSON array with --json. Hints are
      listed only with --hints (--json always lists them).
      --rule sets a rule's severity (ignore|hint|info|warning|error), e.g.
      --rule pandoc-incompatible=error. Exit 0 when no error-level diagnostic, 1 otherwise.
  ris-references fix [--pandoc] [--rule CODE]... [--check | --diff] PATH...
      Applies the editor's file-wide fixes to RIS files in place (folders are searched
      recursively for *.ris) and lists the files it changed. Without --pandoc or --rule,
      every fix below; --pandoc only "RIS: Make File Readable by pandoc"; --rule CODE
      (repeatable) only the fix for CODE:
${fixRulesHelp('        ')}      --check changes nothing and lists the files that would change; --diff changes
      nothing and prints a unified diff. A file is replaced atomically and keeps its
      encoding, byte-order mark and line endings; a file that is not a regular file or
      does not decode cleanly (not UTF-8, invalid bytes) is left alone and reported.
      Exit 0 when done (or nothing would change), 1 when a file would change (--check,
      --diff) or could not be fixed.
  ris-references parse --json FILE
      Prints the records of a RIS file as JSON (type, fields with tag, value and line),
      and the non-blank lines outside records (outside: line, text, kind: header,
      numbering, link, tag, text or end-without-start).
  ris-references keys [--json] FILE...
      Prints the citation key pandoc gives each record (file:line<TAB>key<TAB>notes),
      reading the files as one bibliography in the order given (--bibliography order).
      Notes say when a key must be cited as @{key}, cannot be cited, or is hidden by a
      later record with the same key. --json prints [{key, file, line, type, citable,
      needsBraces, problem, baseKey, fromId, hiddenBy, mergedInto}].
  ris-references export --to csl-json|bibtex|ris [--cited-in DOC.md] [--out FILE [--force]] [PATH...]
      Writes the references of the RIS files (read as one bibliography in the order
      given; folders are searched recursively for *.ris) as CSL-JSON, BibTeX or
      normalised RIS, keeping pandoc's citation keys. --cited-in exports only the
      references DOC.md cites (without PATH, from the RIS files of its front-matter
      bibliography). Writes to stdout, or to FILE with --out (an existing
      FILE only with --force). Exit 1 when a file cannot be read or a cited key is in
      no reference (what can be exported is still written).
  ris-references format [--style NAME|FILE.csl] [--locale LANG|FILE.xml] [--cited-in DOC.md]
                        [--output text|markdown|html] [PATH...]
      Prints a bibliography in a CSL style: apa (default), vancouver, harvard, or a .csl
      file. Lists every reference of the RIS files, or with --cited-in only those DOC.md
      cites, in the style's order. With --cited-in and no PATH, the files, style (csl) and
      locale (lang) of DOC.md's front matter are used. Exit 1 when a file cannot be read,
      a cited key is in no reference, or a reference cannot be formatted (it is printed
      as its key and title).
  ris-references --help | --version
`;

class UsageError extends Error {}

/** Runs the CLI with `args` (without `node` and the script) and resolves to the exit code. */
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
    if (command === 'check') return check(rest, io);
    if (command === 'fix') return fixCommand(rest, io, (message) => new UsageError(message), collectRisFiles);
    if (command === 'parse') return parse(rest, io);
    if (command === 'keys') return keysCommand(rest, io, (message) => new UsageError(message));
    if (command === 'export') return exportCommand(rest, io, (message) => new UsageError(message), collectRisFiles);
    if (command === 'format') return formatCommand(rest, io, (message) => new UsageError(message), collectRisFiles);
    throw new UsageError(`unknown command '${command}'`);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`ris-references: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    io.err(`ris-references: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

/** Every `*.ris` file under the given files and folders (recursively, skipping dot folders and node_modules). */
export function collectRisFiles(paths: readonly string[]): string[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    const entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && entry.name.toLowerCase().endsWith('.ris')) files.push(full);
    }
  };
  for (const p of paths) {
    const stat = fs.statSync(p, { throwIfNoEntry: false });
    if (!stat) throw new UsageError(`no such file or folder: ${p}`);
    if (stat.isDirectory()) walk(p);
    else if (stat.isFile()) files.push(p);
    else throw new UsageError(`not a regular file: ${p} (devices, pipes and sockets are never read)`);
  }
  return files;
}

interface Loaded {
  readonly file: string;
  readonly decoded: DecodedText;
  readonly parsed: RisDocument;
}

function load(file: string): Loaded {
  const decoded = decodeRisBytes(readRegularFileSync(file, MAX_DOCUMENT_BYTES));
  return { file, decoded, parsed: parseRis(decoded.text) };
}

function check(args: readonly string[], io: CliIo): number {
  let json = false;
  let hints = false;
  const rules: Record<string, string> = {};
  const paths: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--json') json = true;
    else if (arg === '--hints') hints = true;
    else if (arg === '--rule') {
      const value = args[++i];
      const eq = value?.indexOf('=') ?? -1;
      if (!value || eq <= 0) throw new UsageError('--rule takes CODE=SEVERITY, e.g. --rule missing-end=warning');
      rules[value.slice(0, eq).replace(/^ris\./, '')] = value.slice(eq + 1);
    } else if (arg.startsWith('-')) throw new UsageError(`unknown option '${arg}'`);
    else paths.push(arg);
  }
  if (paths.length === 0) throw new UsageError('check needs at least one file or folder');
  const settings = parseValidationSettings(rules);
  if (settings.problems.length > 0) throw new UsageError(settings.problems.join('; '));

  const files = collectRisFiles(paths);
  // Files above RIS_STREAM_THRESHOLD_BYTES (default 64 MiB) are read and checked in slices (a 600 MB
  // export does not fit in one string); smaller ones in memory. The rows are the same either way.
  const result = checkFiles(files, settings.severities);
  for (const note of result.inexact) io.err(`ris-references: ${note}\n`);
  if (json) writeJsonRows(result.rows, io.out);
  else {
    let hidden = 0;
    for (const r of result.rows) {
      if (r.severity === 'hint' && !hints) hidden++;
      else io.out(`${r.file}:${r.line}:${r.column} ${r.severity} ${r.code} ${r.message}\n`);
    }
    const hiddenNote = hidden > 0 ? ` (${hidden} hint(s) hidden; --hints shows them)` : '';
    io.err(`${files.length} file(s), ${result.records} record(s): ${result.rows.length - hidden} diagnostic(s), ${result.errors} error(s)${hiddenNote}\n`);
  }
  return result.errors > 0 ? 1 : 0;
}

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

function parse(args: readonly string[], io: CliIo): number {
  const files = args.filter((a) => !a.startsWith('-'));
  const unknown = args.filter((a) => a.startsWith('-') && a !== '--json');
  if (unknown.length > 0) throw new UsageError(`unknown option '${unknown[0]}'`);
  if (!args.includes('--json')) throw new UsageError('parse prints JSON: add --json');
  if (files.length !== 1) throw new UsageError('parse takes exactly one FILE');
  if (!fs.existsSync(files[0])) throw new UsageError(`no such file: ${files[0]}`);
  if (!fs.statSync(files[0]).isFile()) throw new UsageError(`not a regular file: ${files[0]}`);
  const l = load(files[0]);
  const records = l.parsed.records.map((r) => ({
    type: r.type ?? null,
    line: r.startLine + 1,
    endLine: r.endLine + 1,
    closed: r.endTag !== undefined,
    fields: r.fields.map((f) => ({ tag: f.tag, value: f.value, line: f.line + 1 })),
  }));
  const text = l.parsed.text;
  const outside = l.parsed.outside.map((o) => ({
    line: o.line + 1,
    text: text.slice(o.lineStart, lineEndAt(text, o.lineStart)),
    kind: o.kind === 'end-without-start' ? o.kind : classifyOutsideLine(text, o),
  }));
  io.out(`${JSON.stringify({ file: l.file, encoding: l.decoded.encoding, records, outside }, null, 2)}\n`);
  return 0;
}
