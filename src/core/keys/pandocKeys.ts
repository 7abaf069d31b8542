/**
 * The key pandoc gives each RIS record (`pandoc --citeproc --bibliography refs.ris`) and the
 * references it reads from a bibliography. How a key is written in Markdown is in `keySyntax.ts`,
 * keys pinned into the file as an `ID` line in `pinning.ts`.
 *
 * pandoc's rule (src/Text/Pandoc/Readers/RIS.hs, pandoc 2.18 to 3.10, every case below checked with
 * pandoc 3.10 compiled to WebAssembly):
 * - The key is the value of the record's FIRST `ID` line, stripped of surrounding whitespace. When
 *   that first `ID` line is empty, the key is generated, even if a later `ID` line has a value.
 * - The generated key: every `AU` and `A1` line in file order, each cut at its first comma or
 *   whitespace, joined with `_`; then `_` + the raw value of every `PY` and `Y1` line in file order.
 *   An empty `AU  -` line contributes an empty part (`Smith__Doe_2020`).
 * - "Whitespace" is Haskell's `isSpace`: space, tab, LF, VT, FF, CR, NBSP and the other Unicode
 *   space separators (Zs). It does not include U+FEFF, U+2028, U+2029 or U+0085, which JavaScript's
 *   `trim` removes or keeps differently; this module uses Haskell's set wherever it reads raw text.
 * - pandoc removes every CR before parsing (a bare CR joins two lines), and lines end at LF only.
 * - Within one file, a repeated key gets `a`, `b`, … appended (`fixDuplicateIds`): the suffix is the
 *   character after the previous one, so after `z` come `{`, `|`, `}`, `~`, U+007F, U+0080 and so on.
 *   The suffixed key is not registered, so it can collide with an explicit key (`Smith_2020a`).
 * - Files are read one by one: duplicates in different files are NOT renamed. citeproc then keeps
 *   only the LAST reference with a given key (in the whole bibliography, in `--bibliography` order):
 *   earlier ones are dropped from the bibliography and `@key` cites the last one.
 * - An `ER` line that closes nothing makes an extra empty reference (key `""`), and a record whose
 *   `ER` is missing before the next `TY` is read together with the next record as one reference.
 */

import type { RisDocument, RisRecord } from '../ris/model';
import { recordTextAt, textAt } from '../ris/pieceText';
import { RecordMemo } from '../ris/recordMemo';
import { lineBreaksOf } from '../ris/parsedDocument';
import { isParsedRecord } from '../ris/records';
import { finishSteps, finishStepsInTurns } from '../ris/readInTurns';
import type { KeyedRecord, PandocReference, ReferenceLocation } from './keyedReferences';
import { keyFromFields, plainRecordKey, readKeyFields, recordKey, type BaseKey, type KeyField } from './keyLines';
import { fileKeyIndexSteps, keyedStartsOf, shadowedRecord, shadowsOf, shadowSteps } from './shadows';

export type { KeyedRecord, PandocReference, ReferenceLocation };

/**
 * pandoc's base key of a record read on its own (no orphan tag lines before it, not merged with the
 * next), remembered per record object: a record object stands for the same text as long as it
 * lives (the incremental re-parse keeps only the records an edit did not touch), so the key's lines
 * are read once, not at every validation.
 */
const baseKeyMemo = new RecordMemo<BaseKey>();

function recordBaseKey(doc: RisDocument, record: RisRecord): BaseKey {
  let key = baseKeyMemo.get(record);
  if (key === undefined) {
    key = isParsedRecord(record) && lineBreaksOf(doc)?.cr === 0 ? plainRecordKey(record) : undefined;
    if (key === undefined) {
      // The record's own text: right even when the record moved after `doc` was made (see recordTextAt).
      const { text, base } = recordTextAt(doc, record);
      key = keyFromFields(readKeyFields(text, record.start - base, record.end - base));
    }
    baseKeyMemo.set(record, key);
  }
  return key;
}

/**
 * {@link readKeyFields} of `[start, end)` of `doc`'s text, read from the piece that holds it when the
 * document is held in pieces.
 */
function readDocumentKeyFields(doc: RisDocument, start: number, end: number): KeyField[] {
  const { text, base } = textAt(doc, start, end);
  return readKeyFields(text, start - base, end - base);
}

/**
 * The key pandoc builds for one record, before duplicates are renamed: the first `ID` line's value
 * when it is not empty, else `AU`/`A1` surnames joined with `_` followed by `_` + every `PY`/`Y1`
 * value. Without `text` it uses the parsed fields (a continued value counts in full, values trimmed
 * as the parser trims them); with the document's `text` it re-reads the record's lines exactly as
 * pandoc does (bare CRs, Haskell whitespace, digit tags such as `12  -`).
 */
export function pandocBaseKey(record: RisRecord, text?: string): string {
  return recordKey(record, text).key;
}

/** True when pandoc takes the record's key from an `ID` line (its first `ID` line is not empty). */
export function keyFromId(record: RisRecord, text?: string): boolean {
  return recordKey(record, text).fromId;
}

/**
 * True when the record has an `ID` field (as the parser reads it), told from its remembered key when
 * that key was generated from its fields alone, else by looking at its fields.
 */
export function hasIdField(record: RisRecord): boolean {
  const known = baseKeyMemo.get(record)?.idLine;
  if (known !== undefined) return known;
  for (const f of record.fields) if (f.tag === 'ID') return true;
  return false;
}

/** {@link keyFromId} with the record's lines read from `doc` as pandoc reads them (`textAt`, never the whole text joined). */
export function keyFromIdIn(doc: RisDocument, record: RisRecord): boolean {
  return recordBaseKey(doc, record).fromId;
}

// ---------------------------------------------------------------------------------------------
// Keys of a bibliography

/** The character `fixDuplicateIds` appends for counter `n` (`Data.Text` turns surrogates into U+FFFD). */
function suffixChar(n: number): string {
  if ((n >= 0xd800 && n <= 0xdfff) || n > 0x10ffff) return '\ufffd';
  return String.fromCodePoint(n);
}

/**
 * The key pandoc gives the `rank`-th reference (0-based, in file order) of a file whose base key is
 * `base`: the first keeps it, the next get `a`, `b`, … appended (see {@link assignPandocKeys}).
 */
export function disambiguatedKey(base: string, rank: number): string {
  return rank === 0 ? base : base + suffixChar(96 + rank);
}

/**
 * The base key and its source of the reference pandoc reads from records `head..last` of `doc`
 * (more than one when `ER` lines are missing), starting at offset `start` (before `records[head]`
 * when orphan tag lines come first), as {@link pandocReferences} computes it.
 */
export function referenceBaseKey(doc: RisDocument, head: number, last: number, start: number): { key: string; fromId: boolean } {
  const record = doc.records[head]!;
  if (head === last && start === record.start) return recordBaseKey(doc, record);
  return keyFromFields(readDocumentKeyFields(doc, start, doc.records[last]!.end));
}

/**
 * The keys pandoc gives the records of a bibliography made of `files`, in this order (the order of
 * `--bibliography`). Per file, a repeated key gets `a`, `b`, … appended in file order (pandoc's
 * `fixDuplicateIds`, which also counts the empty reference of a stray `ER` line); keys are not renamed
 * across files, and `shadowedBy` marks each record that a later reference with the same key hides.
 * Returns one entry per record, in file and record order. Linear in the size of the files.
 */
export function assignPandocKeys(files: readonly { uri: string; doc: RisDocument }[]): KeyedRecord[] {
  const out: KeyedRecord[] = [];
  for (const keyed of assignPandocKeysByFile(files)) for (let k = 0; k < keyed.length; k++) out.push(keyed[k]!);
  return out;
}

/**
 * {@link assignPandocKeys} per file: a file none of whose records is shadowed gets the same
 * (remembered, frozen in practice) array every time, so what is built from it can be remembered too.
 */
export function assignPandocKeysByFile(files: readonly { uri: string; doc: RisDocument }[]): (readonly KeyedRecord[])[] {
  const lists = files.map(({ uri, doc }) => fileReferences(uri, doc));
  const shadows = shadowsOf(lists);
  return files.map(({ uri, doc }, f) => {
    const keyed = keyedRecordsOfFile(uri, doc);
    const shadowed = shadows[f];
    if (shadowed === undefined) return keyed;
    // Only the shadowed references are visited: a 100k-record file that a small one shadows in part
    // costs a copy of its list, not a lookup per reference.
    const refs = lists[f]!;
    const starts = keyedStartsOf(refs);
    const out = keyed.slice();
    for (const [d, by] of shadowed) {
      const first = starts === null ? d : starts[d]!;
      for (let m = 0; m < refs[d]!.records.length; m++) out[first + m] = shadowedRecord(keyed[first + m]!, by);
    }
    return out;
  });
}

/** The keyed records of one file (none shadowed), remembered per document object and URI (see {@link fileReferences}). */
const fileKeyedCache = new WeakMap<RisDocument, { readonly uri: string; readonly keyed: readonly KeyedRecord[] }>();

/** The keyed records of one file alone (none shadowed): the same array for the same document and URI. */
export function keyedRecordsOfFile(uri: string, doc: RisDocument): readonly KeyedRecord[] {
  return finishSteps(keyedRecordsSteps(uri, doc, Infinity));
}

/** Makes (and remembers) {@link keyedRecordsOfFile}, yielding every `perStep` references. */
function* keyedRecordsSteps(uri: string, doc: RisDocument, perStep: number): Generator<void, readonly KeyedRecord[]> {
  const cached = fileKeyedCache.get(doc);
  if (cached?.uri === uri) return cached.keyed;
  const refs = fileReferences(uri, doc);
  const keyed: KeyedRecord[] = [];
  for (let from = 0; from < refs.length; from += perStep) {
    for (let d = from; d < Math.min(refs.length, from + perStep); d++) {
      const ref = refs[d]!;
      const head = ref.records[0];
      for (const recordIndex of ref.records) {
        keyed.push({
          uri,
          recordIndex,
          baseKey: ref.baseKey,
          key: ref.key,
          fromId: ref.fromId,
          mergedInto: recordIndex === head ? undefined : head,
          shadowedBy: undefined,
        });
      }
    }
    if (from + perStep < refs.length) yield;
  }
  fileKeyedCache.set(doc, { uri, keyed });
  return keyed;
}

/**
 * The references pandoc reads from a bibliography made of `files` (in `--bibliography` order), in
 * the order it reads them, with their keys: what {@link assignPandocKeys} is built on, plus the
 * empty references of stray `ER` lines. For a file pandoc accepts this is exactly pandoc's list
 * (`pandoc -f ris -t csljson` ids); for a file it rejects, the keys it would give once its syntax
 * errors are fixed (continuation lines count in full, tolerated tag lines as the parser reads them).
 */
export function pandocReferences(files: readonly { uri: string; doc: RisDocument }[]): PandocReference[] {
  const lists = files.map(({ uri, doc }) => fileReferences(uri, doc));
  const shadows = shadowsOf(lists);
  const all: PandocReference[] = [];
  lists.forEach((refs, f) => {
    const shadowed = shadows[f];
    for (let d = 0; d < refs.length; d++) {
      const by = shadowed?.get(d);
      all.push(by === undefined ? refs[d]! : { ...refs[d]!, shadowedBy: by });
    }
  });
  return all;
}

/**
 * Finds, in turns (`perTurn` references or keys at a time, with `pause` between), which references
 * of a bibliography made of `files` a later one with the same key shadows, and remembers it for
 * the same files: a library built right after finds it ready. Each file's keys must be read already
 * (see {@link prepareFileKeys}).
 */
export async function prepareShadows(files: readonly { uri: string; doc: RisDocument }[], pause: () => Promise<void>, perTurn = 2000): Promise<void> {
  await finishStepsInTurns(shadowSteps(files.map(({ uri, doc }) => fileReferences(uri, doc)), perTurn), pause);
}

/**
 * The references of one file with their keys (none shadowed yet), remembered per document object and
 * URI: a document object never changes (an edit makes a new one), so a library rebuilt after an edit
 * in one file reads only that file again.
 */
const fileReferenceCache = new WeakMap<RisDocument, { readonly uri: string; readonly refs: readonly PandocReference[] }>();

function fileReferences(uri: string, doc: RisDocument): readonly PandocReference[] {
  return finishSteps(fileReferencesSteps(uri, doc, Infinity));
}

/** Reads (and remembers) {@link fileReferences}, yielding every `perStep` records. */
function* fileReferencesSteps(uri: string, doc: RisDocument, perStep: number): Generator<void, readonly PandocReference[]> {
  const cached = fileReferenceCache.get(doc);
  if (cached?.uri === uri) return cached.refs;
  const refs = yield* readFileReferences(uri, doc, perStep);
  fileReferenceCache.set(doc, { uri, refs });
  return refs;
}

/**
 * Reads and remembers the keys of one file of a bibliography (what a library built later takes from
 * the cache) `perTurn` records at a time, with `pause` between turns: for a host reading a large file
 * without blocking its thread.
 */
export async function prepareFileKeys(uri: string, doc: RisDocument, pause: () => Promise<void>, perTurn = 2000): Promise<readonly KeyedRecord[]> {
  return finishStepsInTurns(fileKeysSteps(uri, doc, perTurn), pause);
}

/** The references, the key index (which a library of several files looks keys up in) and the keyed records of one file, in steps. */
function* fileKeysSteps(uri: string, doc: RisDocument, perStep: number): Generator<void, readonly KeyedRecord[]> {
  const refs = yield* fileReferencesSteps(uri, doc, perStep);
  yield* fileKeyIndexSteps(refs, perStep);
  yield;
  return yield* keyedRecordsSteps(uri, doc, perStep);
}

/** The references pandoc reads from one file, keys disambiguated within the file; yields every `perTurn` records. */
function* readFileReferences(uri: string, doc: RisDocument, perTurn: number): Generator<void, PandocReference[]> {
  const drafts: PandocReference[] = [];
  const NO_RECORDS: readonly number[] = Object.freeze([]);
  const { records, outside } = doc;
  const counters = new Map<string, number>();
  const disambiguate = (base: string): string => {
    const n = counters.get(base);
    if (n === undefined) {
      counters.set(base, 97);
      return base;
    }
    counters.set(base, n + 1);
    return base + suffixChar(n);
  };
  const add = (recordIndex: number, line: number, members: readonly number[], base: BaseKey): void => {
    const key = disambiguate(base.key);
    drafts.push({ uri, recordIndex, line, records: members, baseKey: base.key, key, fromId: base.fromId, shadowedBy: undefined });
  };
  // pandoc: an ER right after an ER closes an empty reference.
  const EMPTY: BaseKey = { key: '', fromId: false };
  let o = 0; // next outside line
  let prefixStart = -1; // start of orphan tag lines, which pandoc reads as part of the next record
  let i = 0;
  while (i < records.length) {
    const record = records[i]!;
    for (; o < outside.length && outside[o]!.line < record.startLine; o++) {
      const line = outside[o]!;
      if (line.kind === 'end-without-start') {
        add(-1, line.line, NO_RECORDS, EMPTY);
        prefixStart = -1;
      } else if (line.kind === 'tag' && prefixStart < 0) {
        prefixStart = line.lineStart;
      }
    }
    // Without its ER, a record runs on into the next one for pandoc.
    const members = [i];
    while (records[i]!.unterminated === 'next-type' && i + 1 < records.length) members.push(++i);
    const start = prefixStart >= 0 ? prefixStart : record.start;
    prefixStart = -1;
    const alone = members.length === 1 && start === record.start;
    add(members[0]!, record.startLine, members, alone ? recordBaseKey(doc, record) : keyFromFields(readDocumentKeyFields(doc, start, records[i]!.end)));
    i++;
    if (i % perTurn === 0) yield;
  }
  for (; o < outside.length; o++) {
    const line = outside[o]!;
    if (line.kind === 'end-without-start') add(-1, line.line, NO_RECORDS, EMPTY);
  }
  return drafts;
}
