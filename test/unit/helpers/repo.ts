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

/** The real-export corpus: RIS_CORPUS_DIR, or `../shared/ris-corpus`. */
export function corpusDir(): string {
  return process.env.RIS_CORPUS_DIR ?? path.join(sharedDir(), 'ris-corpus');
}
