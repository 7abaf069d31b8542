/**
 * `ris-references export --to csl-json|bibtex|ris [--cited-in DOC.md] [--out FILE [--force]] [PATH...]`:
 * the references of RIS files (read as one bibliography, in the order given; folders searched for
 * `*.ris` as `check` does) as CSL-JSON, BibTeX or normalised RIS, with pandoc's citation keys. With
 * `--cited-in` only the references the document cites; without PATH, the RIS files of its front
 * matter's `bibliography`.
 */
import * as fs from 'node:fs';
import { exportLibrary, selectCited, type ExportFormat } from '../core/library/export/exportLibrary';
import { MAX_DOCUMENT_BYTES } from '../core/paths/pathPolicy';
import { readTextFileSync } from './files';
import { frontMatterRisPaths, readLibrary } from './library';

/** Where the command writes (the CLI's `CliIo`). */
export interface ExportIo {
  out(text: string): void;
  err(text: string): void;
}

const FORMATS: readonly ExportFormat[] = ['csl-json', 'bibtex', 'ris'];

/**
 * Runs `export` with its arguments (after the command name). `usageError` makes the error the CLI
 * reports as a usage error (exit code 2); `collect` lists the RIS files of files and folders.
 * Returns 0, or 1 when a file could not be read or a cited key is in no record (what could be
 * exported is still written).
 */
export function exportCommand(
  args: readonly string[],
  io: ExportIo,
  usageError: (message: string) => Error,
  collect: (paths: readonly string[]) => string[],
): number {
  let format: ExportFormat | undefined;
  let citedIn: string | undefined;
  let out: string | undefined;
  let force = false;
  const paths: string[] = [];
  const value = (i: number, option: string): string => {
    const v = args[i];
    if (v === undefined || v === '') throw usageError(`${option} needs a value`);
    return v;
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const inline = eq > 0 ? arg.slice(eq + 1) : undefined;
    const take = (): string => inline ?? value(++i, name);
    if (name === '--to' || name === '-t') {
      const f = take();
      if (!(FORMATS as readonly string[]).includes(f)) throw usageError(`--to takes ${FORMATS.join(', ')}, not '${f}'`);
      format = f as ExportFormat;
    } else if (name === '--cited-in') citedIn = take();
    else if (name === '--out' || name === '-o') out = take();
    else if (name === '--force' || name === '-f') force = true;
    else if (arg.startsWith('-') && arg !== '-') throw usageError(`unknown option '${arg}'`);
    else paths.push(arg);
  }
  if (format === undefined) throw usageError(`export needs --to (${FORMATS.join(', ')})`);
  if (citedIn !== undefined && !fs.statSync(citedIn, { throwIfNoEntry: false })?.isFile()) throw usageError(`no such file: ${citedIn}`);
  if (paths.length === 0 && citedIn === undefined) {
    throw usageError('export needs RIS files or folders (in bibliography order), or --cited-in DOC.md with a bibliography in its front matter');
  }
  if (out !== undefined && fs.existsSync(out) && !force) throw usageError(`${out} exists: add --force to overwrite it`);

  let markdown: string | undefined;
  let refused = false;
  if (citedIn !== undefined) {
    try {
      markdown = readTextFileSync(citedIn, MAX_DOCUMENT_BYTES);
    } catch (error) {
      io.err(`ris-references: cannot read ${citedIn}: ${error instanceof Error ? error.message : String(error)}\n`);
      return 1;
    }
    if (paths.length === 0) {
      const ris = frontMatterRisPaths(markdown, citedIn);
      for (const problem of ris.refused) io.err(`ris-references: ${citedIn}: ${problem}\n`);
      refused = ris.refused.length > 0;
      if (ris.paths.length === 0) throw usageError(`${citedIn} names no .ris file in its front-matter bibliography; give the RIS files after the options`);
      for (const p of ris.paths) paths.push(p);
    }
  }

  const read = readLibrary(paths, collect, (text) => io.err(text));
  const { library } = read;
  const failed = read.failed || refused;

  let entries = library.entries;
  let unknown: string[] = [];
  if (markdown !== undefined) {
    const cited = selectCited(library, markdown);
    entries = cited.entries;
    unknown = cited.unknown;
  }

  const result = exportLibrary(entries, format);
  if (out === undefined) io.out(result.text);
  else {
    try {
      fs.writeFileSync(out, result.text, { encoding: 'utf8', flag: force ? 'w' : 'wx' });
    } catch (error) {
      io.err(`ris-references: cannot write ${out}: ${error instanceof Error ? error.message : String(error)}\n`);
      return 1;
    }
  }
  for (const problem of result.problems) io.err(`ris-references: ${problem}\n`);
  if (unknown.length > 0) {
    io.err(`ris-references: ${unknown.length} cited key(s) in no reference: ${unknown.map((k) => `@${k}`).join(', ')}\n`);
  }
  io.err(`Exported ${result.count} reference(s)${out === undefined ? '' : ` to ${out}`} from ${library.files.length} file(s)${citedIn === undefined ? '' : ` (cited in ${citedIn})`}\n`);
  return failed || unknown.length > 0 ? 1 : 0;
}
