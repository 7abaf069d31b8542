/**
 * `ris-references format [--style NAME|FILE.csl] [--locale LANG|FILE.xml] [--cited-in DOC.md]
 * [--output text|markdown|html] [PATH...]`: a bibliography formatted in a CSL style, of every
 * reference of the RIS files, or of those a Markdown document cites (in the style's order). With
 * `--cited-in` and no PATH, the document's front-matter `bibliography` (and `csl`, `lang`) is used,
 * as pandoc would.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CitationProcessor, type FailedItem, type OutputFormat, type RenderedEntry } from '../../core/csl/citeproc';
import { recordToCsl } from '../../core/csl/cslItems';
import { builtinLocale, builtinStyle, documentStyleFields, isLocaleXml, parseStyle, StyleError, type CslStyle } from '../../core/csl/cslStyles';
import { documentClusters } from '../../core/markdown/markdownItPlugin';
import { MAX_DOCUMENT_BYTES, MAX_STYLE_BYTES, metadataPathProblem } from '../../core/paths/pathPolicy';
import { collectRisFiles, readTextFileSync, UnreadableFileError } from '../files';
import { documentBibliography } from '../../core/markdown/markdownDocument';
import { frontMatterRisPaths, readLibrary } from '../library';
import { parseArgs, PathUsageError, UsageError } from '../args';
import type { CliIo } from '../io';

const OUTPUTS: readonly OutputFormat[] = ['text', 'markdown', 'html'];

/**
 * Runs `format` with its arguments (after the command name); throws a `UsageError` for a mistake in
 * them. Returns 0, or 1 when a file cannot be read, a cited key is in no reference, or a reference
 * could not be formatted (printed as its key and title); the others are still printed.
 */
export function formatCommand(args: readonly string[], io: CliIo): number {
  const parsed = parseArgs(args, {
    '--style': { aliases: ['-s'], value: true },
    '--locale': { aliases: ['-l'], value: true },
    '--cited-in': { value: true },
    '--output': { aliases: ['-o'], value: true },
  });
  const styleArg = parsed.value('--style');
  const localeArg = parsed.value('--locale');
  const citedIn = parsed.value('--cited-in');
  const outputArg = parsed.value('--output') ?? 'text';
  if (!(OUTPUTS as readonly string[]).includes(outputArg)) throw new UsageError(`--output takes ${OUTPUTS.join(', ')}, not '${outputArg}'`);
  const output = outputArg as OutputFormat;
  const paths = [...parsed.positional];

  let markdown: string | undefined;
  if (citedIn !== undefined) {
    if (!fs.statSync(citedIn, { throwIfNoEntry: false })) throw new PathUsageError(`no such file: ${citedIn}`);
    try {
      markdown = readTextFileSync(citedIn, MAX_DOCUMENT_BYTES);
    } catch (error) {
      if (error instanceof UnreadableFileError) throw new PathUsageError(error.message);
      throw error;
    }
  }
  const fields = markdown === undefined ? {} : documentStyleFields(markdown);
  const base = citedIn === undefined ? process.cwd() : path.dirname(path.resolve(citedIn));
  let refused = false;
  if (paths.length === 0) {
    if (markdown === undefined) throw new UsageError('format needs RIS files or folders, or --cited-in DOC.md with a bibliography in its front matter');
    const ris = frontMatterRisPaths(documentBibliography(markdown), citedIn ?? '');
    for (const problem of ris.refused) io.err(`ris-references: ${citedIn ?? ''}: ${problem}\n`);
    refused = ris.refused.length > 0;
    if (ris.paths.length === 0) throw new UsageError(`${citedIn ?? ''} names no .ris file in its front-matter bibliography; give the RIS files after the options`);
    for (const p of ris.paths) paths.push(p);
  }
  // A style or locale named by the document (not by an option) must be a local file.
  for (const value of [styleArg === undefined ? fields.csl : undefined, localeArg === undefined ? fields.lang : undefined]) {
    const problem = value === undefined ? undefined : metadataPathProblem(value);
    if (problem !== undefined) throw new UsageError(`${citedIn ?? ''}: ${problem}`);
  }

  const style = loadStyle(styleArg ?? fields.csl ?? 'apa', styleArg === undefined ? base : process.cwd());
  const locale = loadLocale(localeArg ?? fields.lang, localeArg === undefined ? base : process.cwd());

  const read = readLibrary(collectRisFiles(paths), (text) => io.err(text));
  const { library } = read;
  let failed = read.failed || refused;
  const processor = new CitationProcessor(style, {
    item: (key) => {
      const entry = library.byKey(key);
      return entry ? recordToCsl(entry.record, key) : undefined;
    },
    ...locale,
  });

  // Without a document, every reference pandoc would keep, numbered in library order.
  const rendering =
    markdown === undefined
      ? listAll(processor.bibliography(library.entries.filter((e) => e.hiddenBy === undefined).map((e) => e.key), output))
      : processor.render(documentClusters(markdown), output);
  if (output === 'html') {
    io.out(`<div class="csl-bib-body">\n${rendering.bibliography.map((e) => `  <div class="csl-entry" id="ref-${e.key}">${e.text}</div>\n`).join('')}</div>\n`);
  } else {
    io.out(rendering.bibliography.map((e) => `${e.text}\n`).join(output === 'markdown' ? '\n' : ''));
  }
  for (const problem of rendering.failed ?? []) {
    failed = true;
    io.err(`ris-references: could not format ${problem.key} in this style (${problem.error}); printed its key and title instead\n`);
  }
  if (rendering.unknown.length > 0) {
    failed = true;
    io.err(`ris-references: no reference has the key${rendering.unknown.length > 1 ? 's' : ''} ${rendering.unknown.join(', ')}\n`);
  }
  return failed ? 1 : 0;
}

function listAll(entries: ReturnType<CitationProcessor['bibliography']>): { bibliography: readonly RenderedEntry[]; unknown: readonly string[]; failed?: readonly FailedItem[] } {
  return { bibliography: entries, unknown: [], ...(entries.failed ? { failed: entries.failed } : {}) };
}

/** The built-in style `name`, or the `.csl` file `name` resolved against `base`; a usage error otherwise. */
function loadStyle(name: string, base: string): CslStyle {
  const builtin = builtinStyle(name);
  if (builtin) return builtin;
  const file = path.resolve(base, name);
  if (!fs.statSync(file, { throwIfNoEntry: false })) {
    throw new UsageError(`no style '${name}': use apa, vancouver, harvard or the path of a .csl file`);
  }
  try {
    return parseStyle(readTextFileSync(file, MAX_STYLE_BYTES), name);
  } catch (error) {
    if (error instanceof UnreadableFileError) throw new PathUsageError(error.message);
    if (error instanceof StyleError) throw new UsageError(error.message);
    throw error;
  }
}

/** The bundled locale `value`, or the locale `.xml` file `value` resolved against `base`; a usage error otherwise. */
function loadLocale(value: string | undefined, base: string): { lang?: string; localeXml?: string } {
  if (value === undefined || value === '') return {};
  if (/\.xml$/i.test(value)) {
    const file = path.resolve(base, value);
    let xml: string | undefined;
    try {
      xml = fs.statSync(file, { throwIfNoEntry: false }) ? readTextFileSync(file, MAX_STYLE_BYTES) : undefined;
    } catch (error) {
      if (error instanceof UnreadableFileError) throw new PathUsageError(error.message);
      throw error;
    }
    if (xml === undefined || !isLocaleXml(xml)) throw new UsageError(`${value} is not a CSL locale file`);
    const lang = /xml:lang=["']([^"']+)["']/.exec(xml)?.[1];
    return { localeXml: xml, ...(lang !== undefined ? { lang } : {}) };
  }
  if (builtinLocale(value) === undefined) throw new UsageError(`no bundled locale '${value}' (en-US, de-DE, fr-FR, es-ES, nl-NL); give a CSL locale .xml file`);
  return { lang: value };
}
