/**
 * `ris-references export --to csl-json|bibtex|ris [--cited-in DOC.md] [--out FILE [--force]] [PATH...]`:
 * the references of RIS files (read as one bibliography, in the order given; folders searched for
 * `*.ris` as `check` does) as CSL-JSON, BibTeX or normalised RIS, with pandoc's citation keys. With
 * `--cited-in` only the references the document cites; without PATH, the RIS files of its front
 * matter's `bibliography`.
 */
import * as fs from 'node:fs';
import { exportLibrary, selectCited, type ExportFormat } from '../../core/library/export/exportLibrary';
import { MAX_DOCUMENT_BYTES } from '../../core/paths/pathPolicy';
import { collectRisFiles, readTextFileSync } from '../files';
import { documentBibliography } from '../../core/markdown/markdownDocument';
import { frontMatterRisPaths, readLibrary } from '../library';
import { parseArgs, PathUsageError, UsageError } from '../args';
import { errorMessage, type CliIo } from '../io';


const FORMATS: readonly ExportFormat[] = ['csl-json', 'bibtex', 'ris'];

/**
 * Runs `export` with its arguments (after the command name); throws a `UsageError` for a mistake in
 * them. Returns 0, or 1 when a file could not be read or a cited key is in no record (what could be
 * exported is still written).
 */
export function exportCommand(args: readonly string[], io: CliIo): number {
  const parsed = parseArgs(args, {
    '--to': { aliases: ['-t'], value: true },
    '--cited-in': { value: true },
    '--out': { aliases: ['-o'], value: true },
    '--force': { aliases: ['-f'] },
  });
  const to = parsed.value('--to');
  const citedIn = parsed.value('--cited-in');
  const out = parsed.value('--out');
  const force = parsed.has('--force');
  const paths = [...parsed.positional];
  if (to !== undefined && !(FORMATS as readonly string[]).includes(to)) throw new UsageError(`--to takes ${FORMATS.join(', ')}, not '${to}'`);
  const format = to as ExportFormat | undefined;
  if (format === undefined) throw new UsageError(`export needs --to (${FORMATS.join(', ')})`);
  if (citedIn !== undefined && !fs.statSync(citedIn, { throwIfNoEntry: false })?.isFile()) throw new PathUsageError(`no such file: ${citedIn}`);
  if (paths.length === 0 && citedIn === undefined) {
    throw new UsageError('export needs RIS files or folders (in bibliography order), or --cited-in DOC.md with a bibliography in its front matter');
  }
  if (out !== undefined && fs.existsSync(out) && !force) throw new UsageError(`${out} exists: add --force to overwrite it`);

  let markdown: string | undefined;
  let refused = false;
  if (citedIn !== undefined) {
    try {
      markdown = readTextFileSync(citedIn, MAX_DOCUMENT_BYTES);
    } catch (error) {
      io.err(`ris-references: cannot read ${citedIn}: ${errorMessage(error)}\n`);
      return 1;
    }
    if (paths.length === 0) {
      const ris = frontMatterRisPaths(documentBibliography(markdown), citedIn);
      for (const problem of ris.refused) io.err(`ris-references: ${citedIn}: ${problem}\n`);
      refused = ris.refused.length > 0;
      if (ris.paths.length === 0) throw new UsageError(`${citedIn} names no .ris file in its front-matter bibliography; give the RIS files after the options`);
      for (const p of ris.paths) paths.push(p);
    }
  }

  const read = readLibrary(collectRisFiles(paths), (text) => io.err(text));
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
      io.err(`ris-references: cannot write ${out}: ${errorMessage(error)}\n`);
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
