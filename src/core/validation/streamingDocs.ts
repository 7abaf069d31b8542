/**
 * Document-level pieces of the streaming check: the duplicate keys of a file kept across slices, the
 * synthetic context records parsed in front of a slice (what a rule needs from earlier slices), and
 * the duplicate lookup over several files of which some are known only by their keys.
 */
import type { RecordFeatures } from '../dedup/features';
import type { JournalKey } from '../dedup/journals';
import { standInFor, vetoBetween, vetoFeatures, type VetoOptions } from '../dedup/vetoFeatures';
import { pandocReferences } from '../keys/pandocKeys';
import type { RisDocument, RisField, RisRecord } from '../ris/model';
import { parseRis } from '../ris/parser';
import { moveOutside, pinFieldLine, pinRecordLines, renumberRecords } from '../ris/parsedDocument';
import { PieceText, withPieceText } from '../ris/pieceText';
import type { DuplicateIndex, DuplicateLookup, DuplicateRef } from './duplicateIndex';
import { recordDuplicateKeys } from './duplicateKeys';

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

/**
 * The first record with `key` before record `before` that the deduplication engine does not keep
 * apart from `record` (as `ris.duplicate-record` picks it in memory), or undefined.
 */
export function firstEarlierMatch(map: FileDuplicateRefs, key: string, before: number, record: RisRecord, options: VetoOptions): DuplicateRef | undefined {
  const cur = map.get(key);
  if (cur === undefined) return undefined;
  const refs = Array.isArray(cur) ? cur : [cur];
  for (const ref of refs) {
    if (ref.recordIndex >= before) break;
    if (ref.veto === undefined || vetoBetween(vetoFeatures(record), ref.veto, options) === undefined) return ref;
  }
  return undefined;
}

/**
 * A copy of veto features that keeps no slice's text alive (see {@link detach}), sharing one copy of
 * each journal and type among the records of a file (`journals`): most of an export's records name
 * one of a few hundred journals.
 */
export function detachFeatures(f: RecordFeatures, journals: Map<string, JournalKey>): RecordFeatures {
  const d = (s: string | undefined): string | undefined => (s === undefined ? undefined : detach(s));
  let journal = f.journal;
  if (journal !== undefined) {
    const name = `${journal.words.join(' ')}\u0000${journal.main.join(' ')}`;
    const shared = journals.get(name);
    if (shared !== undefined) journal = shared;
    else {
      journal = { words: journal.words.map(detach), main: journal.main.map(detach) };
      journals.set(name, journal);
    }
  }
  return {
    ...f,
    title: detach(f.title),
    titleKey: detach(f.titleKey),
    doi: d(f.doi),
    authors: f.authors.length === 0 ? f.authors : f.authors.map((a) => ({ surname: detach(a.surname), initials: detach(a.initials), words: a.words.map(detach) })),
    journal,
    volume: d(f.volume),
    issue: d(f.issue),
    pages: f.pages.first === undefined && f.pages.last === undefined ? NO_PAGES : { first: d(f.pages.first), last: d(f.pages.last) },
    type: f.type === undefined ? undefined : (TYPES.get(f.type) ?? detach(f.type)),
  };
}

const NO_PAGES: RecordFeatures['pages'] = Object.freeze({ first: undefined, last: undefined });
/** The usual reference types, one string each. */
const TYPES = new Map(['JOUR', 'CONF', 'CPAPER', 'ABST', 'BOOK', 'CHAP', 'THES', 'RPRT', 'GEN', 'ELEC', 'EJOUR', 'NEWS', 'MGZN'].map((t) => [t, t]));

// ---------------------------------------------------------------------------------------------
// Joining parsed documents

/**
 * `prefix` followed by `slice` (already moved by the prefix's length): one document. The slice was
 * parsed with the file's line numbers from `lineBase`; the joined line count is the two parts'
 * own line counts, as the rules saw it before the parser took a base line.
 */
export function joinDocuments(prefix: RisDocument, slice: RisDocument, lineBase: number): RisDocument {
  const records = renumberRecords([...prefix.records, ...slice.records]);
  const head = prefix.text;
  const tail = slice.text;
  // Held in two pieces: the rules read each record's characters from the piece that holds it, and a
  // concatenation read by index is first copied whole (a slice of the file per slice, 0.2 s at 100k).
  const pieces = new PieceText([head, tail], [0, head.length], [PREFIX_LINE_BASE, lineBase], head.length + tail.length);
  return withPieceText({
    text: '',
    records,
    outside: [...prefix.outside, ...slice.outside],
    bom: prefix.bom,
    lineEnding: slice.lineEnding,
    newline: slice.newline,
    lineCount: prefix.lineCount - 1 + slice.lineCount - lineBase,
    missingFinalNewline: slice.missingFinalNewline,
    strayCarriageReturns: slice.strayCarriageReturns,
  }, pieces);
}

const CONTEXT_ID = '\u0001ris-stream-context-';
/** Line numbers of the synthetic prefix (negative, so they never meet the file's lines; small integers stay fast). */
const PREFIX_LINE_BASE = -1_000_000_000;

/** Duplicate keys whose first record lies in an earlier slice, grouped by that record (at its file line). */
export interface DupContext {
  readonly recordIndex: number;
  readonly line: number;
  readonly keys: string[];
  /** The record's veto features, given to its stand-in. */
  readonly veto?: RecordFeatures;
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
  // Parsed with line numbers far below the file's, so that they never meet its lines.
  const prefix = parseRis(`${lines.join('\n')}\n`, { line: PREFIX_LINE_BASE });

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
  const outside = prefix.outside.slice();
  if (ok) {
    for (let i = 0; i < idRecords.length; i++) {
      const [value, line] = idRecords[i]!;
      const f = firstIdField(prefix.records[keyCount + i]!);
      if (f === undefined || f.value !== value) {
        context.inexact.add(`${context.file}: an ID of an earlier slice could not be rebuilt (${JSON.stringify(value)}); its duplicate-id diagnostics may differ from a check in memory.`);
      } else pinFieldLine(prefix.records[keyCount + i]!, f, line);
    }
    const outsideByLine = new Map<number, number>();
    for (let i = 0; i < outside.length; i++) outsideByLine.set(outside[i]!.line, i);
    for (let i = 0; i < dupContexts.length; i++) {
      const ctx = dupContexts[i]!;
      const r = prefix.records[keyCount + idRecords.length + i]!;
      const keys = recordDuplicateKeys(r);
      if (keys.length !== ctx.keys.length || keys.some((key) => !ctx.keys.includes(key))) {
        context.inexact.add(`${context.file}: a duplicate key of an earlier slice could not be rebuilt; its duplicate-record diagnostics may differ from a check in memory.`);
      }
      if (ctx.veto !== undefined) standInFor(r, ctx.veto);
      // The record's own ID line (outside, just above) must stay between the previous record and this one.
      const idLine = outsideByLine.get(r.startLine - 1);
      pinRecordLines(r, ctx.line);
      if (idLine !== undefined) outside[idLine] = moveOutside(outside[idLine]!, 0, ctx.line - 1 - outside[idLine]!.line);
    }
  }
  return { ...prefix, outside };
}

/**

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

  vetoFeaturesOf(ref: DuplicateRef): RecordFeatures | undefined {
    return ref.veto ?? this.index.vetoFeaturesOf(ref);
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
