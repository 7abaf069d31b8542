/**
 * `ris-references check` on Markdown files: every citation whose key is in no reference of the
 * document's bibliography (`ris.unknown-citation`), and YAML metadata pandoc cannot read
 * (`ris.invalid-metadata`), the rules the editor runs. The bibliography is the RIS files of the
 * front matter's `bibliography`, or else the RIS files of the same `check`.
 */
import { citationDiagnostics } from '../core/markdown/citationDiagnostics';
import { scanMarkdown } from '../core/markdown/citationScanner';
import { metadataDiagnostics, type MarkdownDiagnostic } from '../core/markdown/metadataDiagnostics';
import { bibliographyOfBlocks } from '../core/markdown/frontMatter';
import { MAX_DOCUMENT_BYTES } from '../core/paths/pathPolicy';
import { LineIndex } from '../core/text/lineIndex';
import { DiagnosticCode, type Severity } from '../core/validation/codes';
import type { CheckRow } from '../core/validation/streamingRows';
import { readTextFileSync } from './files';
import { errorMessage } from './io';
import { frontMatterRisPaths, readLibrary } from './library';

/** The file names `check` reads as Markdown. */
export const MARKDOWN_FILE = /\.(md|markdown)$/i;

/** What checking Markdown files found: the rows, and notes for standard error. */
export interface MarkdownCheckResult {
  readonly rows: CheckRow[];
  readonly errors: number;
  readonly notes: string[];
  /** True when a file (or a RIS file its front matter names) could not be read. */
  readonly failed: boolean;
}

/**
 * Checks the metadata blocks of each Markdown file, and its citations against its bibliography: its
 * front matter's RIS files, or `risFiles` (the RIS files given to the same `check`) when it names
 * none. `severities` are the configured severities of the codes.
 */
export function checkMarkdownFiles(markdownFiles: readonly string[], risFiles: readonly string[], severities: Readonly<Record<DiagnosticCode, Severity>>): MarkdownCheckResult {
  const rows: CheckRow[] = [];
  const notes: string[] = [];
  let errors = 0;
  let failed = false;
  const libraries = new Map<string, ReturnType<typeof readLibrary>>();
  const libraryOf = (files: readonly string[]): ReturnType<typeof readLibrary> => {
    const key = files.join('\n');
    let lib = libraries.get(key);
    if (lib === undefined) {
      lib = readLibrary(files, (text) => notes.push(text.replace(/^ris-references: /, '').trimEnd()));
      libraries.set(key, lib);
    }
    return lib;
  };
  for (const file of markdownFiles) {
    let text: string;
    try {
      text = readTextFileSync(file, MAX_DOCUMENT_BYTES);
    } catch (error) {
      notes.push(`cannot read ${file}: ${errorMessage(error)}`);
      failed = true;
      continue;
    }
    const scan = scanMarkdown(text);
    const found: MarkdownDiagnostic[] = metadataDiagnostics(scan.metadata, severities[DiagnosticCode.InvalidMetadata]);
    const named = bibliographyOfBlocks(scan.metadata);
    if (named?.some((entry) => !/\.ris$/i.test(entry.path))) {
      notes.push(`${file}: its bibliography names files other than RIS; their keys are not read, so its citations are not checked`);
    } else {
      const front = frontMatterRisPaths(named, file);
      for (const problem of front.refused) notes.push(`${file}: ${problem}`);
      const fromDocument = named !== undefined && named.length > 0;
      const lib = libraryOf(fromDocument ? front.paths : risFiles);
      failed ||= lib.failed;
      if (!fromDocument && lib.library.entries.length === 0) {
        notes.push(`${file}: no bibliography in its front matter and no RIS file given; its citations are not checked`);
      } else {
        const bibliography = { has: (key: string) => lib.library.byKey(key) !== undefined, source: fromDocument ? 'document' : 'library' } as const;
        found.push(...citationDiagnostics(scan.citations, bibliography, severities[DiagnosticCode.UnknownCitation]));
      }
    }
    const index = new LineIndex(text);
    for (const d of found) {
      const start = index.positionAt(d.start);
      const end = index.positionAt(d.end);
      rows.push({ file, line: start.line + 1, column: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1, severity: d.severity, code: d.code, message: d.message });
      if (d.severity === 'error') errors++;
    }
  }
  return { rows, errors, notes, failed };
}
