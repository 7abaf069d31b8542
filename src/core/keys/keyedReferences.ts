/**
 * What the keys of a bibliography are attached to: a reference as pandoc reads it, and a record with
 * the key pandoc gives it (see `pandocKeys.ts`).
 */

/** Where a reference of the bibliography is: `recordIndex` is -1 for the empty reference of a stray `ER`. */
export interface ReferenceLocation {
  readonly uri: string;
  readonly recordIndex: number;
  /** 0-based line of the reference's first line. */
  readonly line: number;
}

/**
 * One reference as pandoc reads a bibliography: normally one record, but also the empty reference
 * of an `ER` line that closes nothing (`records` empty, `recordIndex` -1), or several records when
 * an `ER` is missing before the next `TY` (pandoc reads on to the next `ER`).
 */
export interface PandocReference extends ReferenceLocation {
  /** Indexes into the file's `doc.records` of the records read as this reference, in order. */
  readonly records: readonly number[];
  /** The key before duplicates are renamed. */
  readonly baseKey: string;
  /** The key pandoc gives the reference. */
  readonly key: string;
  /** True when the key comes from the (first) `ID` line. */
  readonly fromId: boolean;
  /** The later reference with the same key that citeproc keeps instead of this one, if any. */
  readonly shadowedBy: ReferenceLocation | undefined;
}

/** A record with the key pandoc gives it in a bibliography. */
export interface KeyedRecord {
  readonly uri: string;
  /** Index into the file's `doc.records`. */
  readonly recordIndex: number;
  /** The key before duplicates are renamed. */
  readonly baseKey: string;
  /** The key pandoc gives the record (`baseKey`, or `baseKey` + `a`, `b`, … for a duplicate in its file). */
  readonly key: string;
  /** True when the key comes from the record's (first) `ID` line, so editing authors or years keeps it. */
  readonly fromId: boolean;
  /**
   * When the `ER` of an earlier record is missing, pandoc reads that record and this one as one
   * reference: this is the earlier record's index, and `key` is that reference's key. Undefined normally.
   */
  readonly mergedInto: number | undefined;
  /**
   * A later reference of the bibliography with the same `key` (in a later file, or a suffix that
   * collided with an explicit key). citeproc keeps only the last reference with a key, so this
   * record is dropped from the bibliography and `@key` cites the other one. Undefined normally.
   */
  readonly shadowedBy: ReferenceLocation | undefined;
}
