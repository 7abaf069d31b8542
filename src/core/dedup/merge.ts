/**
 * Merging a group of duplicates into one record, nothing lost: the most complete record is kept
 * (a DOI, then the most fields, then the longest abstract, then the first), and it takes from the
 * others every value it lacks — a field it does not have, the longest abstract, every keyword,
 * note, link and other repeatable value it does not already carry — plus one provenance note per
 * source record:
 *
 *     N1  - ris-references:source file=embase.ris; line=12; id=id_0000042
 *
 * (`file` is the source file's name, `line` the 1-based line of its `TY`, `id` its `ID` when it had
 * one; `;`, `=`, `%` and line breaks in a value are written `%3B`, `%3D`, `%25`, `%0A`.) The note is
 * an ordinary `N1` line, so every RIS reader keeps it, and {@link parseProvenance} reads it back.
 */
import type { RisRecord } from '../ris/model';

/** One tag line of a merged record. */
export interface MergedField {
  readonly tag: string;
  readonly value: string;
}

/** A record of a group and where it came from. */
export interface MergeSource {
  readonly record: RisRecord;
  /** The source file's name or path, as it should appear in the provenance note. */
  readonly file: string;
}

/** Where one source record came from, as the provenance note records it. */
export interface Provenance {
  readonly file: string;
  /** 1-based line of the record's `TY`. */
  readonly line: number;
  readonly id: string | undefined;
}

/** The prefix of a provenance note's value. */
export const PROVENANCE_PREFIX = 'ris-references:source ';

/** Tags whose values are added from the other records when the kept record lacks that value (not only the tag). */
const REPEATABLE = new Set(['KW', 'N1', 'UR', 'L1', 'L2', 'L3', 'L4', 'LK', 'C1', 'C2', 'C3', 'C4', 'C5', 'C6', 'C7', 'C8', 'M1', 'M2', 'M3', 'AN', 'DB', 'DP', 'SN', 'CN', 'RN', 'U1', 'U2', 'U3', 'U4', 'U5', 'CA', 'LB', 'AD']);
/** Abstract tags: the longest value wins. */
const ABSTRACT = new Set(['AB', 'N2']);
/** Author tags: taken only when the kept record has none of them (another database writes the same people differently). */
const AUTHORS = new Set(['AU', 'A1', 'A2', 'A3', 'A4', 'ED']);

function escape(value: string): string {
  return value.replace(/%/g, '%25').replace(/;/g, '%3B').replace(/=/g, '%3D').replace(/\r?\n|\r/g, '%0A');
}

function unescape(value: string): string {
  return value.replace(/%(25|3B|3D|0A)/gi, (_m, code: string) => ({ '25': '%', '3B': ';', '3D': '=', '0A': '\n' })[code.toUpperCase()] ?? '');
}

/** The value of a provenance note (without `N1  - `). */
export function formatProvenance(p: Provenance): string {
  const parts = [`file=${escape(p.file)}`, `line=${p.line}`];
  if (p.id !== undefined) parts.push(`id=${escape(p.id)}`);
  return PROVENANCE_PREFIX + parts.join('; ');
}

/** Reads a provenance note's value back; undefined when the value is not one. */
export function parseProvenance(value: string): Provenance | undefined {
  if (!value.startsWith(PROVENANCE_PREFIX)) return undefined;
  const fields = new Map<string, string>();
  for (const part of value.slice(PROVENANCE_PREFIX.length).split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq).trim(), unescape(part.slice(eq + 1).trim()));
  }
  const file = fields.get('file');
  const line = Number(fields.get('line'));
  if (file === undefined || !Number.isInteger(line)) return undefined;
  return { file, line, id: fields.get('id') };
}

function completeness(r: RisRecord): [number, number, number] {
  let fields = 0;
  let abstract = 0;
  let doi = 0;
  for (const f of r.fields) {
    if (f.value.length === 0) continue;
    fields++;
    if (f.tag === 'DO') doi = 1;
    if (ABSTRACT.has(f.tag)) abstract = Math.max(abstract, f.value.length);
  }
  return [doi, fields, abstract];
}

/** The index (into `records`) of the record a merge keeps: a DOI, then the most fields, then the longest abstract, then the first. */
export function chooseKept(records: readonly RisRecord[]): number {
  let best = 0;
  let bestScore = completeness(records[0]!);
  for (let i = 1; i < records.length; i++) {
    const s = completeness(records[i]!);
    if (s[0] > bestScore[0] || (s[0] === bestScore[0] && (s[1] > bestScore[1] || (s[1] === bestScore[1] && s[2] > bestScore[2])))) {
      best = i;
      bestScore = s;
    }
  }
  return best;
}

/**
 * The merged fields of a group (see the module comment), `TY` first, without `ER`; `kept` is the
 * index of the record to keep (default {@link chooseKept}). Provenance notes come last, one per
 * source, the kept record's first.
 */
export function mergeGroup(sources: readonly MergeSource[], kept = chooseKept(sources.map((s) => s.record))): MergedField[] {
  const base = sources[kept]!.record;
  const out: MergedField[] = base.fields.filter((f) => f.value.length > 0 || f.tag === 'TY').map((f) => ({ tag: f.tag, value: f.value }));
  if (out.length === 0 || out[0]!.tag !== 'TY') out.unshift({ tag: 'TY', value: base.type ?? 'GEN' });
  const has = (tag: string): boolean => out.some((f) => f.tag === tag);
  const hasValue = (tag: string, value: string): boolean => out.some((f) => f.tag === tag && f.value.toLowerCase() === value.toLowerCase());
  const hadAuthors = out.some((f) => AUTHORS.has(f.tag));
  sources.forEach((source, i) => {
    if (i === kept) return;
    const added = new Set<string>();
    for (const f of source.record.fields) {
      const v = f.value;
      if (v.length === 0 || f.tag === 'TY' || f.tag === 'ID') continue;
      if (AUTHORS.has(f.tag)) {
        if (!hadAuthors) out.push({ tag: f.tag, value: v });
      } else if (ABSTRACT.has(f.tag)) {
        const at = out.findIndex((x) => x.tag === f.tag);
        if (at < 0) out.push({ tag: f.tag, value: v });
        else if (v.length > out[at]!.value.length) out[at] = { tag: f.tag, value: v };
      } else if (REPEATABLE.has(f.tag)) {
        if (!hasValue(f.tag, v)) out.push({ tag: f.tag, value: v });
      } else if (!has(f.tag) || added.has(f.tag)) {
        // A tag the kept record lacks: every value this record has for it.
        out.push({ tag: f.tag, value: v });
        added.add(f.tag);
      }
    }
  });
  const order = [kept, ...sources.map((_s, i) => i).filter((i) => i !== kept)];
  for (const i of order) {
    const s = sources[i]!;
    const id = s.record.fields.find((f) => f.tag === 'ID' && f.value.length > 0)?.value;
    out.push({ tag: 'N1', value: formatProvenance({ file: s.file, line: s.record.startLine + 1, id }) });
  }
  return out;
}

/**
 * RIS text of records given as fields: `TAG  - value` lines (a value of several lines on one line),
 * `ER  - `, a blank line between records, LF line ends.
 */
export function writeRisRecords(records: readonly (readonly MergedField[])[]): string {
  const parts: string[] = [];
  for (const fields of records) {
    const lines = fields.map((f) => `${f.tag}  - ${f.value.replace(/\s*(?:\r\n?|\n)\s*/g, ' ')}`);
    parts.push(`${lines.join('\n')}\nER  - \n`);
  }
  return parts.join('\n');
}
