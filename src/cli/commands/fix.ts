/**
 * `ris-references fix [--pandoc] [--rule CODE]... [--check|--diff] PATH...`: applies the file-wide
 * fixes (`core/fixFile.ts`) in place, like `eslint --fix` or `prettier --write`.
 *
 * A file is rewritten only when it reads back cleanly: a regular file whose bytes decode without a
 * guess and encode back to the same bytes (so the encoding, a byte-order mark and every byte the
 * fixes do not touch stay as they were; the fixes keep the line endings). It is written to a
 * temporary file in the same folder, with the file's mode, then renamed over the file, so a crash
 * leaves either the old or the new file.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { decodeRisBytes, decodingProblem, encodeRisText } from '../../core/ris/decode';
import { unifiedDiff } from '../../core/text/diff';
import { FILE_FIX_RULES, fileFixRule, fixText, type FileFixRule } from '../../core/fixes/fixFile';
import type { TextEncoding } from '../../core/ris/model';
import { MAX_DOCUMENT_BYTES } from '../../core/paths/pathPolicy';
import { collectRisFiles, readRegularFileSync } from '../files';
import { parseArgs, UsageError } from '../args';
import { errorMessage, type CliIo } from '../io';

/** The `--help` lines of `--rule`: each code `fix` knows and what it does. */
export function fixRulesHelp(indent: string): string {
  return FILE_FIX_RULES.map((r) => `${indent}${r.code}: ${r.description}\n`).join('');
}

/**
 * Runs `fix` with its arguments (after the command name); throws a `UsageError` for a mistake in
 * them. Returns 0 done (or nothing would change), 1 a file would change (--check, --diff) or could
 * not be fixed.
 */
export function fixCommand(args: readonly string[], io: CliIo): number {
  const parsed = parseArgs(args, {
    '--check': {},
    '--diff': {},
    '--pandoc': {},
    '--rule': { value: true, missingValue: `--rule needs a CODE; the codes are:\n${fixRulesHelp('  ')}` },
  });
  const pandoc = fileFixRule('pandoc-incompatible')!;
  const rules = new Set<FileFixRule>();
  if (parsed.has('--pandoc')) rules.add(pandoc);
  for (const code of parsed.values('--rule')) {
    const rule = fileFixRule(code);
    if (rule === undefined) throw new UsageError(`fix has no rule '${code}'; the codes are:\n${fixRulesHelp('  ')}`);
    rules.add(rule);
  }
  const check = parsed.has('--check');
  const diff = parsed.has('--diff');
  const paths = parsed.positional;
  if (paths.length === 0) throw new UsageError('fix needs at least one file or folder');
  const chosen = rules.size > 0 ? [...rules] : FILE_FIX_RULES;
  const dryRun = check || diff;

  const files = collectRisFiles(paths);
  let changed = 0;
  let failed = 0;
  for (const file of files) {
    try {
      const outcome = fixFile(file, chosen, dryRun);
      if (outcome.encoding.startsWith('utf-16') && chosen.includes(pandoc)) {
        io.err(`ris-references: ${file} stays UTF-16, which pandoc cannot read: save it as UTF-8\n`);
      }
      if (outcome.after === outcome.before) continue;
      changed++;
      if (diff) io.out(unifiedDiff(outcome.before, outcome.after, diffName('a', file), diffName('b', file)));
      else io.out(`${file}\n`);
    } catch (error) {
      failed++;
      io.err(`ris-references: cannot fix ${file}: ${errorMessage(error)}\n`);
    }
  }
  const notFixed = failed > 0 ? `; ${failed} could not be read or written` : '';
  io.err(dryRun ? `${changed} of ${files.length} file(s) would change${notFixed}\n` : `fixed ${changed} of ${files.length} file(s)${notFixed}\n`);
  return failed > 0 || (dryRun && changed > 0) ? 1 : 0;
}

/** A path in a diff header: `a/refs/x.ris` (forward slashes, without a leading `./` or `/`, as git writes them). */
function diffName(side: 'a' | 'b', file: string): string {
  return `${side}/${file.split(path.sep).join('/').replace(/^(\.?\/)+/, '')}`;
}

/**
 * Fixes one file (with `dryRun`, only computes the fix): the texts before and after (the same when
 * nothing changes) and the file's encoding. Throws, leaving the file as it was, when it cannot be
 * read cleanly or written.
 */
function fixFile(file: string, rules: readonly FileFixRule[], dryRun: boolean): { before: string; after: string; encoding: TextEncoding } {
  const bytes = readRegularFileSync(file, MAX_DOCUMENT_BYTES);
  const stat = fs.statSync(file);
  const decoded = decodeRisBytes(bytes);
  const problem = decodingProblem(bytes, decoded);
  if (problem !== undefined) throw new Error(problem);
  const { text } = fixText(decoded.text, rules);
  if (!dryRun && text !== decoded.text) {
    const encoded = encodeRisText(text, decoded.encoding);
    if (encoded === undefined) throw new Error(`the fixed text cannot be written as ${decoded.encoding}`);
    writeAtomically(file, encoded, stat);
  }
  // A UTF-8 BOM is part of the first line for `diff` and `patch`.
  const bom = decoded.encoding === 'utf-8-bom' ? '\ufeff' : '';
  return { before: bom + decoded.text, after: bom + text, encoding: decoded.encoding };
}

/**
 * Replaces a file's content: writes a temporary file next to it (same folder, so the rename stays
 * on one file system) with the file's permission bits, then renames it over the file (through a
 * symbolic link, the file it points to). Refuses when the file changed since `before` was taken.
 */
function writeAtomically(file: string, bytes: Uint8Array, before: fs.Stats): void {
  const target = fs.realpathSync(file);
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  const mode = before.mode & 0o7777;
  try {
    const fd = fs.openSync(tmp, 'wx', mode);
    try {
      fs.writeFileSync(fd, bytes);
      fs.fchmodSync(fd, mode); // the umask may have cleared bits at creation
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    const now = fs.statSync(target);
    if (now.mtimeMs !== before.mtimeMs || now.size !== before.size) throw new Error('it changed while it was being fixed');
    fs.renameSync(tmp, target);
  } catch (error) {
    fs.rmSync(tmp, { force: true });
    throw error;
  }
}
