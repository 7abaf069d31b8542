/**
 * The CSL-JSON export: the items of `recordToCsl` (ids = pandoc's keys) as the JSON array pandoc
 * and citeproc read.
 */
import type { CslItem } from '../../csl/cslItems';

/** CSL-JSON: a pretty-printed JSON array (two-space indentation) and a final line break. */
export function toCslJson(items: readonly CslItem[]): string {
  return `${JSON.stringify(items, null, 2)}\n`;
}
