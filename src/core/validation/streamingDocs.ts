/**
 * Document-level pieces of the streaming check: the duplicate keys of a file kept across slices, the
 * synthetic context records parsed in front of a slice (what a rule needs from earlier slices), and
 * the duplicate lookup over several files of which some are known only by their keys.
 */
import { pandocReferences } from '../keys/pandocKeys';
import type { ContinuationLine, OutsideLine, RisDocument, RisField, RisRecord } from '../ris/model';
import { parseRis } from '../ris/parser';
import { recordDuplicateKeys, type DuplicateIndex, type DuplicateLookup, type DuplicateRef } from './duplicateIndex';

/** The duplicate keys of one file: key → the records with it (in record order), with file-wide lines. */
export type FileDuplicateRefs = Map<string, DuplicateRef | DuplicateRef[]>;

/**
 * A copy of `s` that shares no memory with the text it came from. A value cut out of a slice (a DOI
 * in a duplicate key, a tag in a message) is a view of the whole slice in V8, so keeping it would
 * keep every slice's text alive until the end of the file.
 */
export function detach(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}

/** Adds `ref` to the records of its key. */
export function addRef(map: FileDuplicateRefs, ref: DuplicateRef): void {
  const cur = map.get(ref.key);
  if (cur === undefined) map.set(ref.key, ref);
  else if (Array.isArray(cur)) cur.push(ref);
  else map.set(ref.key, [cur, ref]);
}

/** The first record with `key`, or undefined. */
export function firstRef(map: FileDuplicateRefs, key: string): DuplicateRef | undefined {
  const cur = map.get(key);
  return cur === undefined ? undefined : Array.isArray(cur) ? cur[0] : cur;
}

// ---------------------------------------------------------------------------------------------
// Shifting parsed documents

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function shiftField(f: RisField, dOffset: number, dLine: number): void {
  const m = f as Mutable<RisField>;
  if (dOffset !== 0) {
    m.lineStart += dOffset;
    m.tagStart += dOffset;
    m.tagEnd += dOffset;
    m.valueStart += dOffset;
    m.valueEnd += dOffset;
    m.end += dOffset;
  }
  m.line += dLine;
  m.endLine += dLine;
  for (const c of f.continuations) {
    const mc = c as Mutable<ContinuationLine>;
    if (dOffset !== 0) {
      mc.start += dOffset;
      mc.end += dOffset;
      mc.lineStart += dOffset;
    }
    mc.line += dLine;
  }
}

/** Adds `dOffset` to every offset and `dLine` to every line number of a parsed document, in place. */
export function shiftDocument(doc: RisDocument, dOffset: number, dLine: number): void {
  if (dOffset === 0 && dLine === 0) return;
  for (const r of doc.records) {
    const m = r as Mutable<RisRecord>;
    if (dOffset !== 0) {
      m.start += dOffset;
      m.end += dOffset;
    }
    m.startLine += dLine;
    m.endLine += dLine;
    const blanks = r.blankLines as number[];
    if (dLine !== 0) for (let i = 0; i < blanks.length; i++) blanks[i] += dLine;
    for (const f of r.fields) shiftField(f, dOffset, dLine);
    if (r.endTag !== undefined) shiftField(r.endTag, dOffset, dLine);
  }
  for (const o of doc.outside) {
    const m = o as Mutable<OutsideLine>;
    if (dOffset !== 0) {
      m.start += dOffset;
      m.end += dOffset;
      m.lineStart += dOffset;
    }
    m.line += dLine;
  }
  if (dOffset !== 0) {
    const crs = doc.strayCarriageReturns as number[];
    for (let i = 0; i < crs.length; i++) crs[i] += dOffset;
  }
}

/** Sets every line number of a record (fields, ER line) to `line`. */
function setRecordLines(r: RisRecord, line: number): void {
  const m = r as Mutable<RisRecord>;
  m.startLine = line;
  m.endLine = line;
  for (const f of r.fields) {
    (f as Mutable<RisField>).line = line;
    (f as Mutable<RisField>).endLine = line;
  }
  if (r.endTag !== undefined) {
    (r.endTag as Mutable<RisField>).line = line;
    (r.endTag as Mutable<RisField>).endLine = line;
  }
}

/** `prefix` (already shifted) followed by `slice` (already shifted by the prefix's length): one document. */
export function joinDocuments(prefix: RisDocument, slice: RisDocument): RisDocument {
  const records = [...prefix.records, ...slice.records];
  for (let i = 0; i < records.length; i++) (records[i] as Mutable<RisRecord>).index = i;
  return {
    text: prefix.text + slice.text,
    records,
    outside: [...prefix.outside, ...slice.outside],
    bom: prefix.bom,
    lineEnding: slice.lineEnding,
    newline: slice.newline,
    lineCount: prefix.lineCount - 1 + slice.lineCount,
    missingFinalNewline: slice.missingFinalNewline,
    strayCarriageReturns: slice.strayCarriageReturns,
  };
}

const CONTEXT_ID = '\u0001ris-stream-context-';
/** Line numbers of the synthetic prefix (negative, so they never meet the file's lines; small integers stay fast). */
const PREFIX_LINE_BASE = -1_000_000_000;

/** Duplicate keys whose first record lies in an earlier slice, grouped by that record (at its file line). */
export interface DupContext {
  readonly recordIndex: number;
  readonly line: number;
  readonly keys: string[];
}

/** The first non-empty `ID` field of a record (the one `ris.duplicate-id` looks at). */
export function firstIdField(r: RisRecord): RisField | undefined {
  for (const f of r.fields) if (f.tag === 'ID' && f.value.length > 0) return f;
  return undefined;
}

/** What {@link buildContextPrefix} needs from the engine: names for messages, serial ids, and where to note inexact results. */
export interface PrefixContext {
  readonly file: string;
  readonly uri: string;
  readonly inexact: Set<string>;
  nextSerial(): number;
}

/**
 * The synthetic records in front of a slice, parsed and numbered: pandoc-key references, then
 * records carrying an earlier ID, then records carrying earlier duplicate keys (at their lines).
 */
export function buildContextPrefix(
  context: PrefixContext,
  keyContexts: ReadonlyMap<string, number>, idContexts: ReadonlyMap<string, number>, dupContexts: readonly DupContext[]): RisDocument {
  const lines: string[] = [];
  const expectedBase: string[] = [];
  const unique = (): string => {
    const id = `${CONTEXT_ID}${context.nextSerial()}`;
    lines.push(`ID  - ${id}`);
    expectedBase.push(id);
    return id;
  };
  for (const [base, count] of keyContexts) {
    for (let i = 0; i < count; i++) {
      // An ID line before TY is outside the record for the parser (and validation), but pandoc
      // reads it as the record's first ID: the record gets this key without having an ID field.
      if (base.length > 0) lines.push(`ID  - ${base}`);
      expectedBase.push(base);
      lines.push('TY  - GEN', 'ER  - ');
    }
  }
  const idRecords: [string, number][] = [];
  for (const [value, line] of idContexts) {
    unique();
    lines.push('TY  - GEN', `ID  - ${value}`, 'ER  - ');
    idRecords.push([value, line]);
  }
  for (const ctx of dupContexts) {
    unique();
    lines.push('TY  - GEN');
    for (const key of ctx.keys) {
      if (key.startsWith('doi:')) lines.push(`DO  - ${key.slice(4)}`);
      else if (key.startsWith('tya:')) {
        const [title, year, surname] = key.slice(4).split('|');
        lines.push(`TI  - ${title ?? ''}`, `AU  - ${surname ?? ''}`, `PY  - ${year ?? ''}`);
      }
    }
    lines.push('ER  - ');
  }
  const prefix = parseRis(`${lines.join('\n')}\n`);

  // Check that each synthetic record says what it should, then number it.
  const keyCount = expectedBase.length - idRecords.length - dupContexts.length;
  const expectedRecords = keyCount + idRecords.length + dupContexts.length;
  const ok = prefix.records.length === expectedRecords;
  if (!ok) context.inexact.add(`${context.file}: the context of an earlier slice could not be rebuilt; some diagnostics may differ from a check in memory.`);
  const keyed = pandocReferences([{ uri: context.uri, doc: prefix }]);
  for (let i = 0; i < keyed.length && i < expectedBase.length; i++) {
    if (keyed[i]!.baseKey !== expectedBase[i]) {
      context.inexact.add(`${context.file}: a pandoc citation key of an earlier slice could not be rebuilt (${JSON.stringify(expectedBase[i])}); its uncitable-key or unpinned-key diagnostics may differ from a check in memory.`);
    }
  }
  shiftDocument(prefix, 0, PREFIX_LINE_BASE);
  if (ok) {
    for (let i = 0; i < idRecords.length; i++) {
      const [value, line] = idRecords[i]!;
      const f = firstIdField(prefix.records[keyCount + i]!);
      if (f === undefined || f.value !== value) {
        context.inexact.add(`${context.file}: an ID of an earlier slice could not be rebuilt (${JSON.stringify(value)}); its duplicate-id diagnostics may differ from a check in memory.`);
      } else (f as Mutable<RisField>).line = line;
    }
    const outsideByLine = new Map<number, OutsideLine>();
    for (const o of prefix.outside) outsideByLine.set(o.line, o);
    for (let i = 0; i < dupContexts.length; i++) {
      const ctx = dupContexts[i]!;
      const r = prefix.records[keyCount + idRecords.length + i]!;
      const keys = recordDuplicateKeys(r);
      if (keys.length !== ctx.keys.length || keys.some((key) => !ctx.keys.includes(key))) {
        context.inexact.add(`${context.file}: a duplicate key of an earlier slice could not be rebuilt; its duplicate-record diagnostics may differ from a check in memory.`);
      }
      // The record's own ID line (outside, just above) must stay between the previous record and this one.
      const idLine = outsideByLine.get(r.startLine - 1);
      setRecordLines(r, ctx.line);
      if (idLine !== undefined) (idLine as Mutable<OutsideLine>).line = ctx.line - 1;
    }
  }
  return prefix;
}

/**
 * A duplicate lookup over several files in bibliography order: files held in a DuplicateIndex, and
 * large files known only by their keys. Answers in file order, then record order, as one
 * DuplicateIndex over all the files would.
 */
export class CombinedDuplicates implements DuplicateLookup {
  private readonly order = new Map<string, number>();

  constructor(
    files: readonly string[],
    private readonly index: DuplicateIndex,
    private readonly large: ReadonlyMap<string, FileDuplicateRefs>,
  ) {
    files.forEach((f, i) => this.order.set(f, i));
  }

  recordsWithKey(key: string, excludeUri?: string): readonly DuplicateRef[] {
    let out: DuplicateRef[] | undefined;
    let sources = 0;
    const fromIndex = this.index.recordsWithKey(key, excludeUri);
    if (fromIndex.length > 0) {
      out = fromIndex.slice();
      sources++;
    }
    for (const [uri, refs] of this.large) {
      if (uri === excludeUri) continue;
      const cur = refs.get(key);
      if (cur === undefined) continue;
      out ??= [];
      if (Array.isArray(cur)) for (const ref of cur) out.push(ref);
      else out.push(cur);
      sources++;
    }
    if (out === undefined) return NO_REFS;
    if (sources > 1) out.sort((a, b) => this.order.get(a.uri)! - this.order.get(b.uri)! || a.recordIndex - b.recordIndex);
    return out;
  }
}

const NO_REFS: readonly DuplicateRef[] = Object.freeze([]);
