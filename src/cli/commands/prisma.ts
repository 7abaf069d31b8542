/**
 * `ris-references prisma [--json | --csv | --svg] [--init] [MANIFEST]`: the PRISMA 2020 counts of a
 * review from its manifest (`review.yaml`; without one, from the folder names of the current folder)
 * and the files it names. Prints the counts as `key<TAB>n`, or the template's CSV with column `n`
 * filled (`--csv`), or JSON by the template's `data` keys (`--json`), or the flow diagram (`--svg`);
 * the manifest's problems and every identity that does not hold go to standard error as
 * `review.yaml:line:col severity code message`. `--init` writes a starter manifest instead.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MAX_DOCUMENT_BYTES } from '../../core/paths/pathPolicy';
import { defaultManifest, starterManifestYaml } from '../../core/review/defaults';
import { prismaFlowSvg } from '../../core/review/flowDiagram';
import { MANIFEST_FILE_NAME, parseManifest, type ParsedManifest } from '../../core/review/manifest';
import { computePrisma, type LoadedFile } from '../../core/review/prismaCounts';
import { formatNamedCounts, NUMBER_KEYS, LIST_KEYS, prismaCsv, prismaJson, type PrismaCounts } from '../../core/review/prismaTemplate';
import { LineIndex } from '../../core/text/lineIndex';
import { parseArgs, PathUsageError, UsageError } from '../args';
import { readRisFile, readTextFileSync } from '../files';
import type { CliIo } from '../io';
import { errorMessage } from '../io';

/** Every `.ris` file under `dir`, relative with `/` (dot folders and node_modules skipped). */
function workspaceFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (sub: string): void => {
    for (const entry of fs.readdirSync(path.join(dir, sub), { withFileTypes: true })) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const rel = sub === '' ? entry.name : `${sub}/${entry.name}`;
      if (entry.isDirectory()) walk(rel);
      else if (entry.isFile()) out.push(rel);
    }
  };
  walk('');
  return out.sort();
}

function textCounts(counts: PrismaCounts): string {
  const lines: string[] = [];
  for (const key of [...NUMBER_KEYS, ...LIST_KEYS]) {
    const v = counts[key];
    if (v === undefined) continue;
    lines.push(`${key}\t${typeof v === 'number' ? v : formatNamedCounts(v)}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Runs `prisma` with its arguments (after the command name). Exit 0 when the counts hold together,
 * 1 when the manifest or a file it names has a problem or an identity does not hold (the counts are
 * still printed), 2 for a usage error.
 */
export function prismaCommand(args: readonly string[], io: CliIo): number {
  const parsed = parseArgs(args, { '--json': {}, '--csv': {}, '--svg': {}, '--init': {}, '--force': {} });
  const formats = ['--json', '--csv', '--svg'].filter((f) => parsed.has(f));
  if (formats.length > 1) throw new UsageError(`prisma takes one of --json, --csv, --svg (given: ${formats.join(', ')})`);
  if (parsed.positional.length > 1) throw new UsageError('prisma takes at most one MANIFEST');
  const given = parsed.positional[0];
  const stat = given === undefined ? undefined : fs.statSync(given, { throwIfNoEntry: false });
  if (given !== undefined && !stat) throw new PathUsageError(`no such file or folder: ${given}`);
  const manifestFile = stat?.isDirectory() || given === undefined ? path.join(given ?? '.', MANIFEST_FILE_NAME) : given;
  const root = path.dirname(manifestFile);

  if (parsed.has('--init')) {
    if (fs.existsSync(manifestFile) && !parsed.has('--force')) throw new UsageError(`${manifestFile} exists (add --force to replace it)`);
    fs.writeFileSync(manifestFile, starterManifestYaml(workspaceFiles(root), path.basename(path.resolve(root))));
    io.err(`wrote ${manifestFile}\n`);
    return 0;
  }

  let manifest: ParsedManifest;
  let source = '';
  if (fs.existsSync(manifestFile)) {
    source = readTextFileSync(manifestFile, 1024 * 1024);
    manifest = parseManifest(source);
  } else {
    if (given !== undefined && !stat?.isDirectory()) throw new PathUsageError(`no such file: ${given}`);
    io.err(`${manifestFile} not found: counting from the folder names (searches/, screening/, …); write one with --init\n`);
    manifest = defaultManifest(workspaceFiles(root));
  }
  const read = (file: string): LoadedFile => {
    try {
      return { doc: readRisFile(path.resolve(root, file), MAX_DOCUMENT_BYTES).parsed };
    } catch (error) {
      return { error: errorMessage(error) };
    }
  };
  const result = computePrisma(manifest, read);
  if (parsed.has('--csv')) io.out(prismaCsv(result.counts));
  else if (parsed.has('--json')) io.out(`${JSON.stringify(prismaJson(result.counts), null, 2)}\n`);
  else if (parsed.has('--svg')) io.out(`${prismaFlowSvg(result.counts, manifest.manifest.title !== undefined ? { title: manifest.manifest.title } : {})}\n`);
  else io.out(textCounts(result.counts));

  const lines = new LineIndex(source);
  let failed = false;
  for (const p of result.problems) {
    const at = lines.positionAt(p.range.start);
    io.err(`${manifestFile}:${at.line + 1}:${at.character + 1} ${p.severity} ${p.code} ${p.message}\n`);
    if (p.severity !== 'info') failed = true;
  }
  return failed ? 1 : 0;
}
