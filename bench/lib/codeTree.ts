/**
 * Loads the code the isolated benchmark measures from a built tree: this checkout or another one
 * (for example a worktree of an older commit), from its `out/src` (tsc's CommonJS output). The core
 * was re-laid by domain after 2b524e1, so each module is looked up under its current path first and
 * under its path before the re-layout second; both trees are then measured through the same harness.
 * Only what exists in both layouts is loaded here, typed by the current tree's declarations.
 */

import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';

type Parser = typeof import('../../src/core/ris/parser');
type Validate = typeof import('../../src/core/validation/validate');
type Duplicates = typeof import('../../src/core/validation/duplicateIndex');
type Codes = typeof import('../../src/core/validation/codes');
type LibraryModule = typeof import('../../src/core/library/referenceLibrary');
type Card = typeof import('../../src/core/library/referenceCard');
type MarkdownDocument = typeof import('../../src/core/markdown/markdownDocument');
type Citeproc = typeof import('../../src/core/csl/citeproc');
type Styles = typeof import('../../src/core/csl/cslStyles');
type Items = typeof import('../../src/core/csl/cslItems');
type Plugin = typeof import('../../src/core/markdown/markdownItPlugin');

/** The measured functions and classes of one tree. */
export interface CodeTree {
  /** The tree's root directory. */
  readonly root: string;
  readonly parseRis: Parser['parseRis'];
  readonly validateRis: Validate['validateRis'];
  readonly DuplicateIndex: Duplicates['DuplicateIndex'];
  readonly DEFAULT_SEVERITIES: Codes['DEFAULT_SEVERITIES'];
  readonly Library: LibraryModule['Library'];
  readonly referenceCardMarkdown: Card['referenceCardMarkdown'];
  readonly citationAt: MarkdownDocument['citationAt'];
  readonly CitationProcessor: Citeproc['CitationProcessor'];
  readonly builtinStyle: Styles['builtinStyle'];
  readonly recordToCsl: Items['recordToCsl'];
  readonly citationsPlugin: Plugin['citationsPlugin'];
  readonly documentClusters: Plugin['documentClusters'];
  /** `require` from the tree's root (its node_modules: markdown-it, citation-js). */
  readonly require: NodeRequire;
  /** The tree's bundled CLI. */
  readonly cli: string;
}

/** Current path (under src/) → path before the re-layout of the core by domain. */
const LAYOUTS: Readonly<Record<string, string>> = {
  'core/ris/parser': 'core/parser',
  'core/validation/validate': 'core/validate',
  'core/validation/duplicateIndex': 'core/duplicates',
  'core/validation/codes': 'core/diagnostics',
  'core/library/referenceLibrary': 'core/library',
  'core/library/referenceCard': 'core/referenceCard',
  'core/markdown/markdownDocument': 'core/markdownCitations',
  'core/csl/citeproc': 'core/citeproc',
  'core/csl/cslStyles': 'core/cslStyles',
  'core/csl/cslItems': 'core/csl',
  'core/markdown/markdownItPlugin': 'core/markdownItCitations',
};

/** Loads the measured code of the tree at `root` (which must have been built with `tsc`). */
export function loadCodeTree(root: string): CodeTree {
  const out = path.join(root, 'out/src');
  const requireFile = createRequire(__filename);
  const load = <T>(current: string): T => {
    for (const candidate of [current, LAYOUTS[current]]) {
      if (candidate === undefined) continue;
      const file = path.join(out, `${candidate}.js`);
      if (fs.existsSync(file)) return requireFile(file) as T;
    }
    throw new Error(`${root}: neither out/src/${current}.js nor its pre-layout path exists (build the tree with npx tsc -p tsconfig.json)`);
  };
  const plugin = load<Plugin>('core/markdown/markdownItPlugin');
  return {
    root,
    parseRis: load<Parser>('core/ris/parser').parseRis,
    validateRis: load<Validate>('core/validation/validate').validateRis,
    DuplicateIndex: load<Duplicates>('core/validation/duplicateIndex').DuplicateIndex,
    DEFAULT_SEVERITIES: load<Codes>('core/validation/codes').DEFAULT_SEVERITIES,
    Library: load<LibraryModule>('core/library/referenceLibrary').Library,
    referenceCardMarkdown: load<Card>('core/library/referenceCard').referenceCardMarkdown,
    citationAt: load<MarkdownDocument>('core/markdown/markdownDocument').citationAt,
    CitationProcessor: load<Citeproc>('core/csl/citeproc').CitationProcessor,
    builtinStyle: load<Styles>('core/csl/cslStyles').builtinStyle,
    recordToCsl: load<Items>('core/csl/cslItems').recordToCsl,
    citationsPlugin: plugin.citationsPlugin,
    documentClusters: plugin.documentClusters,
    require: createRequire(path.join(root, 'package.json')),
    cli: path.join(root, 'dist/cli.js'),
  };
}
