/**
 * What the CLI's `export` and `format` share: RIS files read as one bibliography, and the RIS files
 * a Markdown document's front matter names.
 */
import * as path from 'node:path';
import { Library, type LibraryFile } from '../core/library/referenceLibrary';
import { metadataPathProblem } from '../core/paths/pathPolicy';
import { readRisFile } from './files';
import { errorMessage } from './io';
import type { BibliographyEntry } from '../core/markdown/frontMatter';

/**
 * The RIS files of a document's `bibliography` (`documentBibliography`), resolved against its folder
 * (as pandoc run from there). URLs and network paths are never opened: they are in `refused`, each
 * with the reason.
 */
export function frontMatterRisPaths(bibliography: readonly BibliographyEntry[] | undefined, documentPath: string): { paths: string[]; refused: string[] } {
  const folder = path.dirname(path.resolve(documentPath));
  const paths: string[] = [];
  const refused: string[] = [];
  for (const entry of bibliography ?? []) {
    if (!/\.ris$/i.test(entry.path)) continue;
    const problem = metadataPathProblem(entry.path);
    if (problem !== undefined) refused.push(problem);
    else paths.push(path.resolve(folder, entry.path));
  }
  return { paths, refused };
}

/**
 * The RIS files `ris` (as `collectRisFiles` lists them) as one library, in that order.
 * A file that cannot be read is reported on `err` and sets `failed`; the others are still read.
 */
export function readLibrary(
  ris: readonly string[],
  err: (text: string) => void,
): { library: Library; failed: boolean } {
  let failed = false;
  const files: LibraryFile[] = [];
  for (const file of ris) {
    try {
      files.push({ uri: file, doc: readRisFile(file).parsed });
    } catch (error) {
      failed = true;
      err(`ris-references: cannot read ${file}: ${errorMessage(error)}\n`);
    }
  }
  return { library: new Library(files), failed };
}
