/**
 * Exporting references: the records of a library (or the part a Markdown document cites) as CSL-JSON,
 * BibTeX or normalised RIS, keeping pandoc's citation keys, so that a document that cites `@key` from
 * the RIS files still finds every reference when its bibliography is the exported file.
 *
 * - CSL-JSON: the items of `recordToCsl`, ids = pandoc's keys (`cslJson.ts`).
 * - BibTeX: one entry per item (`bibtex.ts`), readable by BibTeX, biber and pandoc (`-f bibtex`); see
 *   `toBibtex`. Checked against pandoc 3.10 (pandoc-wasm) in the tests.
 * - RIS: every field of every record in canonical `XX  - value` lines, with an `ID` line only where a
 *   record's key would otherwise change once all records are in one file; see `toRis` (`risExport.ts`).
 *
 * Which records: what pandoc uses. A record hidden by a later record with the same key (`hiddenBy`:
 * citeproc keeps the last one) is not exported, and a record that pandoc reads as part of the record
 * before it (that record has no `ER`) is not a reference of its own.
 */
import { recordToCsl } from '../../csl/cslItems';
import type { LibraryEntry, Library } from '../referenceLibrary';
import { scanCitations, scanMarkdown } from '../../markdown/citationScanner';
import { firstValue } from '../../ris/recordSummary';
import { toBibtex, type BibtexItem } from './bibtex';
import { toCslJson } from './cslJson';
import { toRis } from './risExport';

/** The formats {@link exportLibrary} writes. */
export type ExportFormat = 'csl-json' | 'bibtex' | 'ris';

/** The usual file extension of each format (without the dot). */
export const EXPORT_EXTENSIONS: Readonly<Record<ExportFormat, string>> = { 'csl-json': 'json', bibtex: 'bib', ris: 'ris' };

/** What {@link exportLibrary} returns. */
export interface ExportResult {
  /** The exported file's text (UTF-8 without BOM, LF line endings). */
  readonly text: string;
  /** Number of references written. */
  readonly count: number;
  /** Things the user should know: keys BibTeX cannot hold, records left out, keys that change. */
  readonly problems: string[];
}

/** The part of a library entry an export needs. */
export type ExportEntry = Pick<LibraryEntry, 'uri' | 'recordIndex' | 'record' | 'key' | 'hiddenBy'>;

/** The entry whose record pandoc reads `entry`'s record with (the first record of a run without `ER`). */
function referenceHead(library: Library, entry: LibraryEntry): LibraryEntry {
  let head = entry;
  for (;;) {
    const previous = library.entryFor(head.uri, head.recordIndex - 1);
    if (previous === undefined || previous.record.unterminated !== 'next-type') return head;
    head = previous;
  }
}

/** What {@link selectCited} returns. */
export interface CitedSelection {
  /** The cited entries, in library order (not citation order), each once. */
  readonly entries: LibraryEntry[];
  /** Cited keys no entry has, in order of first citation. */
  readonly unknown: string[];
  /** True when the document has `nocite: '@*'` (every reference is in its bibliography). */
  readonly all: boolean;
}

/**
 * The entries a Markdown document cites: its citations (`[@a; @b]`, `@a`, `@{key}`) and the keys of
 * the `nocite` field of its metadata (`nocite: '@*'` selects every reference), resolved as pandoc
 * does: a key cites the last record with that key (`Library.byKey`), so a record hidden by a later one
 * is never selected. Entries are returned in library order, which is the order of the bibliography
 * files and so stable across edits of the document; `unknown` lists keys that are in no record.
 */
export function selectCited(library: Library, markdown: string): CitedSelection {
  const keys: string[] = scanCitations(markdown).map((c) => c.key);
  let all = false;
  for (const block of scanMarkdown(markdown).metadata) {
    const nocite = nociteValue(markdown.slice(block.contentStart, block.contentEnd));
    if (nocite === undefined) continue;
    if (/(^|[^\p{L}\p{N}_])@\*/u.test(nocite)) all = true;
    for (const c of scanCitations(nocite.replace(/['"]/g, ' '))) keys.push(c.key);
  }
  const chosen = new Set<LibraryEntry>();
  const unknown = new Set<string>();
  if (all) for (const e of library.entries) if (e.hiddenBy === undefined) chosen.add(referenceHead(library, e));
  for (const key of keys) {
    const entry = library.byKey(key);
    if (entry) chosen.add(referenceHead(library, entry));
    else unknown.add(key);
  }
  return { entries: library.entries.filter((e) => chosen.has(e)), unknown: [...unknown], all };
}

/** The text of a top-level `nocite:` field of a YAML block (its line and the indented lines after it). */
function nociteValue(yaml: string): string | undefined {
  const lines = yaml.split(/\r\n|\r|\n/);
  const at = lines.findIndex((l) => /^nocite\s*:/.test(l));
  if (at < 0) return undefined;
  const out = [lines[at]!.replace(/^nocite\s*:/, '')];
  for (let i = at + 1; i < lines.length && /^(\s|-\s|$)/.test(lines[i]!); i++) out.push(lines[i]!);
  return out.join('\n');
}

/** Options of {@link exportLibrary}. */
export interface ExportOptions {
  /** How to name a record's file in messages (default: the entry's `uri`). */
  readonly fileName?: (uri: string) => string;
}

/**
 * Exports library entries (`Library.entries`, a file's entries, or {@link selectCited}'s) in their
 * order. Entries hidden by a later record with the same key are left out (pandoc uses the later one,
 * and a key is written once), as are, for CSL-JSON and BibTeX, records that pandoc reads as part of
 * the record before them (a missing `ER`; the RIS export writes them as records of their own, with
 * `ER`). `count` is the number of references written.
 */
export function exportLibrary(entries: readonly ExportEntry[], format: ExportFormat, options: ExportOptions = {}): ExportResult {
  const name = options.fileName ?? ((uri: string) => uri);
  const problems: string[] = [];
  const visible = entries.filter((e) => e.hiddenBy === undefined);
  const hidden = entries.length - visible.length;
  if (hidden > 0) problems.push(`${hidden} record(s) left out: a later record has the same key, and pandoc uses that one`);

  const byRecord = new Map(visible.map((e) => [`${e.uri}\n${e.recordIndex}`, e]));
  const partOfPrevious = (e: ExportEntry): boolean =>
    byRecord.get(`${e.uri}\n${e.recordIndex - 1}`)?.record.unterminated === 'next-type';
  const merged = visible.filter(partOfPrevious);
  const where = (e: ExportEntry): string => `${name(e.uri)}:${e.record.startLine + 1}`;

  if (format === 'ris') {
    if (merged.length > 0) {
      problems.push(`${merged.map(where).join(', ')}: pandoc read ${merged.length === 1 ? 'this record' : 'these records'} together with the record before (missing ER); exported as separate records`);
    }
    const text = toRis(visible.map((e) => ({ record: e.record, key: partOfPrevious(e) ? undefined : e.key })), problems);
    return { text, count: visible.length, problems };
  }

  if (merged.length > 0) {
    problems.push(`${merged.map(where).join(', ')}: left out, pandoc reads ${merged.length === 1 ? 'it' : 'them'} as part of the record before (missing ER)`);
  }
  const references = visible.filter((e) => !partOfPrevious(e));
  if (format === 'csl-json') {
    return { text: toCslJson(references.map((e) => recordToCsl(e.record, e.key))), count: references.length, problems };
  }
  const items = references.map((e): BibtexItem => {
    const item: BibtexItem = recordToCsl(e.record, e.key);
    const ty = e.record.type;
    if (ty === 'THES' || ty === 'RPRT') {
      const genre = firstValue(e.record, ['M3']) ?? (ty === 'THES' ? firstValue(e.record, ['VL']) : undefined);
      if (genre !== undefined) item.genre = genre;
    }
    return item;
  });
  return { text: toBibtex(items, problems), count: references.length, problems };
}
