/**
 * `ris-references check [--json] [--hints] [--rule CODE=SEVERITY]... PATH...`: validates RIS files
 * (folders searched for `*.ris`) as one bibliography, and the citations of the Markdown files given
 * (`*.md`) against theirs, and prints the diagnostics as `file:line:col severity code message`
 * lines or as JSON. Large files are checked in slices.
 */
import { parseValidationSettings } from '../../core/validation/codes';
import { parseArgs, UsageError } from '../args';
import { collectRisFiles } from '../files';
import type { CliIo } from '../io';
import { checkMarkdownFiles, MARKDOWN_FILE } from '../markdownCheck';
import { checkFiles, writeJsonRows } from '../stream';

/**
 * Runs `check` with its arguments (after the command name); throws a `UsageError` for a mistake in
 * them. Returns 0 when no error-level diagnostic was found, 1 otherwise.
 */
export function checkCommand(args: readonly string[], io: CliIo): number {
  const parsed = parseArgs(args, {
    '--json': {},
    '--hints': {},
    '--rule': { value: true, missingValue: '--rule takes CODE=SEVERITY, e.g. --rule missing-end=warning' },
  });
  const rules: Record<string, string> = {};
  for (const value of parsed.values('--rule')) {
    const eq = value.indexOf('=');
    if (eq <= 0) throw new UsageError('--rule takes CODE=SEVERITY, e.g. --rule missing-end=warning');
    rules[value.slice(0, eq).replace(/^ris\./, '')] = value.slice(eq + 1);
  }
  const paths = parsed.positional;
  if (paths.length === 0) throw new UsageError('check needs at least one file or folder');
  const settings = parseValidationSettings(rules);
  if (settings.problems.length > 0) throw new UsageError(settings.problems.join('; '));

  const markdownFiles = paths.filter((p) => MARKDOWN_FILE.test(p));
  const files = collectRisFiles(paths.filter((p) => !MARKDOWN_FILE.test(p)));
  // Files above RIS_STREAM_THRESHOLD_BYTES (default 64 MiB) are read and checked in slices (a 600 MB
  // export does not fit in one string); smaller ones in memory. The rows are the same either way.
  const ris = checkFiles(files, settings.severities);
  const markdown = checkMarkdownFiles(markdownFiles, files, settings.severities);
  const result = { ...ris, rows: [...ris.rows, ...markdown.rows], errors: ris.errors + markdown.errors };
  for (const note of result.inexact) io.err(`ris-references: ${note}\n`);
  for (const note of markdown.notes) io.err(`ris-references: ${note}\n`);
  if (parsed.has('--json')) writeJsonRows(result.rows, io.out);
  else {
    const hints = parsed.has('--hints');
    let hidden = 0;
    for (const r of result.rows) {
      if (r.severity === 'hint' && !hints) hidden++;
      else io.out(`${r.file}:${r.line}:${r.column} ${r.severity} ${r.code} ${r.message}\n`);
    }
    const hiddenNote = hidden > 0 ? ` (${hidden} hint(s) hidden; --hints shows them)` : '';
    const markdownNote = markdownFiles.length > 0 ? ` and ${markdownFiles.length} Markdown file(s)` : '';
    io.err(`${files.length} file(s)${markdownNote}, ${result.records} record(s): ${result.rows.length - hidden} diagnostic(s), ${result.errors} error(s)${hiddenNote}\n`);
  }
  return result.errors > 0 || markdown.failed ? 1 : 0;
}
