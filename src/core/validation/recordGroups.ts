/**
 * Groups of items by a string key, each group kept in document order: the indexes the incremental
 * re-validation (`incrementalValidation.ts`) keeps for its cross-record rules (records with the same
 * duplicate key, the same `ID`, the same pandoc base key). Adding or removing one item costs a
 * binary search and a splice in its group; the keys of the groups with two or more items are kept
 * in a set, so that "every record that has a twin" is found without walking the file.
 */

/** Items grouped by key, each group sorted by `position` (positions read when an item is added). */
export class SortedGroups<T> {
  private readonly groups = new Map<string, T[]>();
  /** Keys whose group has two or more items. */
  readonly shared = new Set<string>();

  /** `position` gives an item's current place in the document (its offset). */
  constructor(private readonly position: (item: T) => number) {}

  /** The group of `key` in document order (empty when there is none); do not modify it. */
  get(key: string): readonly T[] {
    return this.groups.get(key) ?? NONE;
  }

  /** Adds `item` to the group of `key`, at its place by position. */
  add(key: string, item: T): void {
    const g = this.groups.get(key);
    if (g === undefined) {
      this.groups.set(key, [item]);
      return;
    }
    const at = this.position(item);
    let lo = 0;
    let hi = g.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.position(g[mid]!) < at) lo = mid + 1;
      else hi = mid;
    }
    g.splice(lo, 0, item);
    if (g.length === 2) this.shared.add(key);
  }

  /** Removes `item` from the group of `key`; does nothing when it is not there. */
  remove(key: string, item: T): void {
    const g = this.groups.get(key);
    if (g === undefined) return;
    const i = g.indexOf(item);
    if (i < 0) return;
    g.splice(i, 1);
    if (g.length === 0) this.groups.delete(key);
    if (g.length < 2) this.shared.delete(key);
  }

  /** Forgets every group. */
  clear(): void {
    this.groups.clear();
    this.shared.clear();
  }
}

const NONE: readonly never[] = Object.freeze([]);
