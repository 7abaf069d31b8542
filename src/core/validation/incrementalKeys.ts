/**
 * pandoc's citation keys of one file, kept up to date after an edit for the incremental
 * re-validation (`incrementalValidation.ts`): what `assignPandocKeys([{ uri, doc }])` gives, computed
 * again only for the references an edit touched.
 *
 * A reference's key is its base key (from its first `ID`, or its authors and years), with `a`, `b`, …
 * appended when earlier references of the file have the same base key. So the index keeps the
 * references grouped by base key in file order (the empty references of stray `ER` lines in the
 * group of `''`); an edit removes and re-adds the references it touched, and only the groups that
 * changed are ranked again. What belongs to a reference depends on its neighbours (a record whose
 * `ER` is missing runs on into the next, orphan tag lines before a record belong to it), so the
 * touched references are those of the changed records, the record after them, and every record
 * whose orphan tag lines changed.
 */

import { SortedGroups } from './recordGroups';
import { disambiguatedKey, referenceBaseKey } from '../keys/pandocKeys';
import type { RisDocument, RisRecord } from '../ris/model';
import { textAt, textSlice } from '../ris/pieceText';

/** What the key index keeps on a record's entry. */
export interface KeyHolder {
  readonly record: RisRecord;
  /** The reference's base key when pandoc starts a reference at this record; undefined when it is merged into the one before. */
  base: string | undefined;
  /** True when the base key comes from the record's first `ID` line. */
  fromId: boolean;
  /** The text of its orphan tag lines, from the first to the record's start ('' when there are none). */
  prefix: string;
  /** The key after duplicates are renamed (undefined for a merged record). */
  key: string | undefined;
  /** Set when `key`, `base` or `fromId` changed since the flag was last cleared. */
  keyChanged: boolean;
}

/** The empty reference of an `ER` line that closes nothing, at its offset. */
interface StrayEnd {
  readonly stray: number;
}

type Item = KeyHolder | StrayEnd;

function position(item: Item): number {
  return 'stray' in item ? item.stray : item.record.start;
}

/** The start offset of the orphan tag lines before each record (-1 when none), as pandoc reads them. */
function prefixStarts(doc: RisDocument): Int32Array | undefined {
  const { records, outside } = doc;
  if (outside.length === 0) return undefined;
  const out = new Int32Array(records.length).fill(-1);
  let o = 0;
  for (let i = 0; i < records.length; i++) {
    const startLine = records[i]!.startLine;
    let prefix = -1;
    for (; o < outside.length && outside[o]!.line < startLine; o++) {
      const line = outside[o]!;
      if (line.kind === 'end-without-start') prefix = -1;
      else if (line.kind === 'tag' && prefix < 0) prefix = line.lineStart;
    }
    out[i] = prefix;
  }
  return out;
}

/** True when `[p, start)` of `doc`'s text (nothing when `p` < 0) is `prefix`: an edit can change orphan lines and keep their length. */
function samePrefix(doc: RisDocument, p: number, start: number, prefix: string): boolean {
  if (p < 0) return prefix.length === 0;
  if (start - p !== prefix.length) return false;
  const { text, base } = textAt(doc, p, start);
  return text.startsWith(prefix, p - base);
}

/** A copy of `s` that does not keep the text it was sliced from alive (a document's whole text). */
function ownCopy(s: string): string {
  // V8 slices long strings as views of their parent; a concatenation is flattened into new memory.
  return s.length < 16 ? s : ` ${s}`.slice(1);
}

/** The pandoc keys of one file, grouped by base key. */
export class PandocKeyIndex {
  private readonly groups = new SortedGroups<Item>(position);
  private strays: StrayEnd[] = [];
  /** True when the last update's document had outside lines (so some reference may have orphan tag lines). */
  private hadOutside = false;

  /** Forgets everything. */
  clear(): void {
    this.groups.clear();
    this.strays = [];
    this.hadOutside = false;
  }

  /**
   * Brings the keys up to date with `doc`, whose entries are `entries` (aligned with its records).
   * `removed` are the entries that left the file or whose reference may have changed (their old
   * group membership is dropped); `entries[from..to]` are the ones to read again (`to` inclusive).
   */
  update(doc: RisDocument, entries: readonly KeyHolder[], removed: readonly KeyHolder[], from: number, to: number): void {
    const changed = new Set<string>();
    const records = doc.records;
    const prefixes = prefixStarts(doc);
    const touched: number[] = [];
    for (let i = from; i <= to && i < records.length; i++) touched.push(i);
    if (prefixes !== undefined || this.hadOutside) {
      // Orphan tag lines are outside lines, which an edit can change without changing a record.
      for (let i = 0; i < records.length; i++) {
        const e = entries[i]!;
        const p = prefixes?.[i] ?? -1;
        if (e.base !== undefined && (i < from || i > to) && !samePrefix(doc, p, records[i]!.start, e.prefix)) touched.push(i);
      }
    }
    for (const e of removed) this.drop(e, changed);
    for (const i of touched) this.drop(entries[i]!, changed);
    // The old strays' offsets are stale: out of the groups before anything is placed by position.
    const strays = this.dropStrays(changed);
    for (const i of touched) this.read(doc, entries, i, prefixes, changed);
    this.addStrays(doc, strays, changed);
    this.hadOutside = prefixes !== undefined;
    for (const base of changed) this.rank(base);
  }

  private drop(e: KeyHolder, changed: Set<string>): void {
    if (e.base === undefined) return;
    this.groups.remove(e.base, e);
    changed.add(e.base);
  }

  /** Reads the reference of record `i` again (none when it is merged into the record before). */
  private read(doc: RisDocument, entries: readonly KeyHolder[], i: number, prefixes: Int32Array | undefined, changed: Set<string>): void {
    const records = doc.records;
    const e = entries[i]!;
    const wasBase = e.base;
    const wasFromId = e.fromId;
    if (i > 0 && records[i - 1]!.unterminated === 'next-type') {
      e.base = undefined;
      e.fromId = false;
      e.prefix = '';
      if (e.key !== undefined || wasBase !== undefined) e.keyChanged = true;
      e.key = undefined;
      return;
    }
    let last = i;
    while (records[last]!.unterminated === 'next-type' && last + 1 < records.length) last++;
    const p = prefixes?.[i] ?? -1;
    const record = records[i]!;
    const base = referenceBaseKey(doc, i, last, p < 0 ? record.start : p);
    e.base = base.key;
    e.fromId = base.fromId;
    e.prefix = p < 0 ? '' : ownCopy(textSlice(doc, p, record.start));
    if (wasBase !== base.key || wasFromId !== base.fromId) e.keyChanged = true;
    this.groups.add(base.key, e);
    changed.add(base.key);
  }

  /** Takes the empty references of stray `ER` lines out of the group of `''`; returns how many there were. */
  private dropStrays(changed: Set<string>): number {
    const n = this.strays.length;
    for (const s of this.strays) this.groups.remove('', s);
    this.strays = [];
    if (n > 0) changed.add('');
    return n;
  }

  /** Puts the empty references of the stray `ER` lines of `doc` into the group of `''`. */
  private addStrays(doc: RisDocument, before: number, changed: Set<string>): void {
    for (const o of doc.outside) if (o.kind === 'end-without-start') this.strays.push({ stray: o.start });
    for (const s of this.strays) this.groups.add('', s);
    if (this.strays.length > 0 || before > 0) changed.add('');
  }

  /** Gives each reference of group `base` its key by its rank in the file. */
  private rank(base: string): void {
    const group = this.groups.get(base);
    for (let r = 0; r < group.length; r++) {
      const item = group[r]!;
      if ('stray' in item) continue;
      const key = disambiguatedKey(base, r);
      if (item.key !== key) {
        item.key = key;
        item.keyChanged = true;
      }
    }
  }
}
