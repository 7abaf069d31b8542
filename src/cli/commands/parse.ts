/**
 * `ris-references parse --json FILE`: the records of a RIS file as JSON (type, fields with tag,
 * value and line) and the non-blank lines outside records, each with its kind.
 */
import * as fs from 'node:fs';
import { classifyOutsideLine } from '../../core/validation/tagLines';
import { lineEndAt } from '../../core/text/lines';
import { parseArgs, PathUsageError, UsageError } from '../args';
import { readRisFile } from '../files';
import type { CliIo } from '../io';

/**
 * Runs `parse` with its arguments (after the command name); throws a `UsageError` for a mistake in
 * them. Returns 0.
 */
export function parseCommand(args: readonly string[], io: CliIo): number {
  const parsed = parseArgs(args, { '--json': {} });
  if (!parsed.has('--json')) throw new UsageError('parse prints JSON: add --json');
  const files = parsed.positional;
  if (files.length !== 1) throw new UsageError('parse takes exactly one FILE');
  const file = files[0]!;
  if (!fs.existsSync(file)) throw new PathUsageError(`no such file: ${file}`);
  if (!fs.statSync(file).isFile()) throw new PathUsageError(`not a regular file: ${file}`);
  const l = readRisFile(file);
  const records = l.parsed.records.map((r) => ({
    type: r.type ?? null,
    line: r.startLine + 1,
    endLine: r.endLine + 1,
    closed: r.endTag !== undefined,
    fields: r.fields.map((f) => ({ tag: f.tag, value: f.value, line: f.line + 1 })),
  }));
  const text = l.parsed.text;
  const outside = l.parsed.outside.map((o) => ({
    line: o.line + 1,
    text: text.slice(o.lineStart, lineEndAt(text, o.lineStart)),
    kind: o.kind === 'end-without-start' ? o.kind : classifyOutsideLine(text, o),
  }));
  io.out(`${JSON.stringify({ file: l.file, encoding: l.decoded.encoding, records, outside }, null, 2)}\n`);
  return 0;
}
