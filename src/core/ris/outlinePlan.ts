/**
 * How much of a RIS file the outline lists. VS Code asks for the outline again after every edit, to
 * rebuild the breadcrumbs and sticky scroll, and every item crosses from the extension host to the
 * workbench each time: in the benchmark's workbench, a 10k-record export's outline cost some
 * 400 ms per keystroke. So the outline lists at most `maxItems` items (as VS Code's JSON support
 * does with `json.maxItemsComputed`): every record with its fields when they all fit, else every
 * record alone, else the first `maxItems` records.
 */

import type { RisDocument } from './model';

export interface OutlinePlan {
  /** How many records the outline lists, from the first. */
  readonly records: number;
  /** True when the listed records carry their fields as children. */
  readonly withFields: boolean;
  /** The file's records. */
  readonly total: number;
}

/** The outline of `doc` under a budget of `maxItems` items (records and fields). */
export function outlinePlan(doc: RisDocument, maxItems: number): OutlinePlan {
  const total = doc.records.length;
  const budget = Math.max(0, Math.floor(maxItems));
  if (total > budget) return { records: budget, withFields: false, total };
  let items = total;
  for (const record of doc.records) {
    items += record.fields.length;
    if (items > budget) return { records: total, withFields: false, total };
  }
  return { records: total, withFields: true, total };
}

/** True when the outline leaves records out. */
export function isLimited(plan: OutlinePlan): boolean {
  return plan.records < plan.total;
}
