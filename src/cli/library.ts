/**
 * What the CLI's `export` and `format` share: RIS files read as one bibliography, and the RIS files
 * a Markdown document's front matter names.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { decodeRisBytes } from '../core/decode';
import { Library, type LibraryFile } from '../core/library';
import { documentBibliography } from '../core/markdownCitations';
import { parseRis } from '../core/parser';

/** The RIS files of `markdown`'s front-matter `bibliography`, resolved against the document's folder (as pandoc run from there). */
export function frontMatterRisPaths(markdown: string, documentPath: string): string[] {
  const folder = path.dirname(path.resolve(documentPath));
  return (documentBibliography(markdown) ?? [])
    .map((e) => e.path)
    .filter((p) => /\.ris$/i.test(p))
    .map((p) => path.resolve(folder, p));
}

/**
 * The RIS files under `paths` (files and folders, via `collect`) as one library, in that order.
 * A file that cannot be read is reported on `err` and sets `failed`; the others are still read.
 */
export function readLibrary(
  paths: readonly string[],
  collect: (paths: readonly string[]) => string[],
  err: (text: string) => void,
): { library: Library; failed: boolean } {
  let failed = false;
  const files: LibraryFile[] = [];
  for (const file of collect(paths)) {
    try {
      files.push({ uri: file, doc: parseRis(decodeRisBytes(fs.readFileSync(file)).text) });
    } catch (error) {
      failed = true;
      err(`ris-references: cannot read ${file}: ${error instanceof Error ? error.message : String(error)}\n`);
    }
  }
  return { library: new Library(files), failed };
}
