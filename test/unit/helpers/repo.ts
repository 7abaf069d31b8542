import * as fs from 'node:fs';
import * as path from 'node:path';

/** The repository root: the nearest folder above the compiled test that holds package.json. */
export function findRepoRoot(start: string = __dirname): string {
  let dir = start;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${start}`);
    dir = parent;
  }
  return dir;
}

/** The shared folder beside the repository (`../shared`), or the path in RIS_SHARED_DIR. */
export function sharedDir(): string {
  return process.env.RIS_SHARED_DIR ?? path.resolve(findRepoRoot(), '../shared');
}

/** The corpus carried in the repository: the permissively licensed real exports and the seed. */
export function bundledCorpusDir(): string {
  return path.join(findRepoRoot(), 'test', 'corpus');
}

/**
 * The extended corpus, when there is one: RIS_CORPUS_DIR (which must then exist: asking for a corpus
 * that is not there is an error the corpus tests report), else `../shared/ris-corpus` when present.
 * It is a superset of the bundled corpus (the same files, byte for byte, plus the GPL-licensed ones).
 */
export function extendedCorpusDir(): string | undefined {
  const asked = process.env['RIS_CORPUS_DIR'];
  if (asked !== undefined && asked !== '') return path.resolve(asked);
  const shared = path.join(sharedDir(), 'ris-corpus');
  return fs.existsSync(path.join(shared, 'INDEX.tsv')) ? shared : undefined;
}

/** The real-export corpus the tests read: the extended one when present, else the bundled one. */
export function corpusDir(): string {
  return extendedCorpusDir() ?? bundledCorpusDir();
}

/** Which corpus the tests read: `bundled` (test/corpus) or `extended` (every file of the research corpus). */
export function corpusKind(): 'bundled' | 'extended' {
  return path.resolve(corpusDir()) === path.resolve(bundledCorpusDir()) ? 'bundled' : 'extended';
}

/**
 * Picks the figure a corpus test expects for the corpus that runs: each was observed on that corpus
 * (the extended one has the GPL-licensed exports on top of the bundled ones).
 */
export function forCorpus<T>(figures: { bundled: T; extended: T }): T {
  return figures[corpusKind()];
}
