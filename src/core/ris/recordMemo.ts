/**
 * Values remembered per record object: pandoc's base key, the duplicate keys, the vetoes' features,
 * the library's summary of a record. A record object always stands for the same text (the
 * incremental re-parse keeps, and moves, only the records an edit did not touch; the ones it touched
 * are new objects), so what is computed from one never goes stale, and lives as long as it does.
 *
 * A record of this project's parser keeps the values in slots of its own: a WeakMap of a 100k-record
 * export is a table of 100,000 entries that every lookup reads at a random place and every full
 * garbage collection walks apart (with the four kept in WeakMaps, the first validation of the 100k
 * export took about 8% longer, and the library's first build 10–12%). Any other record object (a
 * test's literal, a record converted from elsewhere), and a memo beyond the slots, use a WeakMap.
 */
import { isParsedRecord, MEMO_SLOTS } from './records';
import type { RisRecord } from './model';

/** Slots handed out so far, in the order the memos are made (at module load). */
let slotsTaken = 0;

/** One value of type `T` per record object. */
export class RecordMemo<T> {
  /** The record's slot, or -1 when every slot was taken. */
  private readonly slot: number;
  private readonly others = new WeakMap<RisRecord, T>();

  constructor() {
    this.slot = slotsTaken < MEMO_SLOTS ? slotsTaken++ : -1;
  }

  /** The value remembered for `record`, if any. */
  get(record: RisRecord): T | undefined {
    if (this.slot >= 0 && isParsedRecord(record)) return record.memoAt(this.slot) as T | undefined;
    return this.others.get(record);
  }

  /** Remembers `value` for `record`. */
  set(record: RisRecord, value: T): void {
    if (this.slot >= 0 && isParsedRecord(record)) record.setMemo(this.slot, value);
    else this.others.set(record, value);
  }

  /** The value remembered for `record`, computed by `compute` the first time. */
  of(record: RisRecord, compute: (record: RisRecord) => T): T {
    let value = this.get(record);
    if (value === undefined) {
      value = compute(record);
      this.set(record, value);
    }
    return value;
  }
}
