/**
 * The duplicate decisions a person made, kept in a small JSON file in the workspace
 * (`ris-duplicates.json` at the root of a workspace folder), so that they survive re-running the
 * engine and can be reviewed in git:
 *
 *     {
 *       "version": 1,
 *       "decisions": [
 *         { "a": "searches/embase.ris#id=L617388111", "b": "searches/scopus.ris#doi=10.1016/j.media.2017.07.005", "duplicate": true }
 *       ]
 *     }
 *
 * A record is named by its file (relative to the workspace folder, `/`-separated) and the most
 * stable thing it carries: its `ID`, else its DOI, else its normalised title and year; `~2`, `~3`…
 * tell apart records of one file that would otherwise share a name. Line numbers are not used: they
 * change with every edit above the record.
 */
import * as z from 'zod/mini';
import { doiKey } from '../ris/doi';
import type { RisRecord } from '../ris/model';
import { firstValue, titleOf, yearOf } from '../ris/recordSummary';
import { normaliseTitle } from './normaliseText';
import type { PairDecision } from './options';

/** The decisions file's name, at the root of a workspace folder. */
export const DECISIONS_FILE_NAME = 'ris-duplicates.json';

const fileSchema = z.object({
  version: z.literal(1),
  decisions: z.array(z.object({ a: z.string(), b: z.string(), duplicate: z.boolean() })),
});

/** The decisions of a file, in a stable order (by `a`, then `b`, each pair with `a` < `b`). */
export interface DecisionsFile {
  readonly decisions: readonly PairDecision[];
}

/** An empty decisions file. */
export const NO_DECISIONS: DecisionsFile = { decisions: [] };

/** The names of the records of one file, in record order (see the module comment). */
export function recordRefs(relativePath: string, records: readonly RisRecord[]): string[] {
  const seen = new Map<string, number>();
  return records.map((record) => {
    const base = `${relativePath}#${recordName(record)}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base}~${n}`;
  });
}

function recordName(record: RisRecord): string {
  const id = firstValue(record, ['ID'])?.trim();
  if (id) return `id=${id}`;
  const doi = firstValue(record, ['DO']);
  const normalised = doi === undefined ? undefined : doiKey(doi);
  if (normalised) return `doi=${normalised}`;
  const title = normaliseTitle(titleOf(record) ?? '').slice(0, 80);
  return `title=${title}|${yearOf(record) ?? ''}`;
}

/**
 * Reads a decisions file; throws an Error with a readable message when the text is not JSON or
 * not a decisions file (the caller shows it and keeps the file as it is).
 */
export function parseDecisionsFile(text: string): DecisionsFile {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new Error(`${DECISIONS_FILE_NAME} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = fileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${DECISIONS_FILE_NAME}: ${issue ? `${issue.path.join('.') || '(top)'}: ${issue.message}` : 'not a decisions file'}`);
  }
  return withDecisions(NO_DECISIONS, parsed.data.decisions);
}

/** The file with `decisions` set (each replaces an earlier decision on the same pair). */
export function withDecisions(file: DecisionsFile, decisions: readonly PairDecision[]): DecisionsFile {
  const byPair = new Map<string, PairDecision>();
  for (const d of [...file.decisions, ...decisions]) {
    if (d.a === d.b) continue;
    const [a, b] = d.a < d.b ? [d.a, d.b] : [d.b, d.a];
    byPair.set(`${a}\n${b}`, { a, b, duplicate: d.duplicate });
  }
  const sorted = [...byPair.values()].sort((x, y) => (x.a < y.a ? -1 : x.a > y.a ? 1 : x.b < y.b ? -1 : x.b > y.b ? 1 : 0));
  return { decisions: sorted };
}

/** The file's JSON text: one decision per line, so that a diff shows each decision. */
export function formatDecisionsFile(file: DecisionsFile): string {
  const lines = file.decisions.map((d) => `    ${JSON.stringify({ a: d.a, b: d.b, duplicate: d.duplicate })}`);
  return `{\n  "version": 1,\n  "decisions": [\n${lines.join(',\n')}${lines.length > 0 ? '\n' : ''}  ]\n}\n`;
}
