/**
 * The identities of the PRISMA 2020 counts (docs/systematic-review.md), checked on counts however
 * they were obtained: `records_screened = database_results + register_results − duplicates −
 * excluded_automatic − excluded_other`, `dbr_sought_reports = records_screened − records_excluded`,
 * `dbr_assessed = dbr_sought_reports − dbr_notretrieved_reports`, reports included = assessed −
 * excluded (both columns), totals = previous + new, per-database sums; and two about the files: the
 * deduplicated library holds identified − duplicates records, and the screening files hold the
 * library's records. Each mismatch is worded with its figures ("screened 812 ≠ identified 1,043 −
 * duplicates 220") and placed where the left-hand count came from in the manifest.
 */
import type { ManifestPath } from './manifest';
import type { CountKey, NamedCount, PrismaCounts } from './prismaTemplate';

/** Where each count came from in the manifest. */
export type CountOrigins = Map<CountKey, ManifestPath>;

/** One identity that does not hold. */
export interface Mismatch {
  readonly at: ManifestPath;
  readonly message: string;
}

/** Sizes of files that are no PRISMA count but are checked against them. */
export interface FileSizes {
  /** Records in the deduplicated library. */
  readonly library?: number;
  /** Records in the title/abstract screening files, decided or not. */
  readonly screening?: number;
  /** Records of the screening files not screened yet (named in the message of a mismatch). */
  readonly unscreened: number;
}

/** A count with thousands separators: `1,043`. */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

const LABELS: Readonly<Partial<Record<CountKey, string>>> = {
  database_results: 'identified',
  database_specific_results: 'sum over databases',
  register_results: 'registers',
  register_specific_results: 'sum over registers',
  duplicates: 'duplicates',
  excluded_automatic: 'excluded by automation',
  excluded_other: 'removed for other reasons',
  records_screened: 'screened',
  records_excluded: 'excluded',
  dbr_sought_reports: 'sought',
  dbr_notretrieved_reports: 'not retrieved',
  dbr_assessed: 'assessed',
  dbr_excluded: 'excluded at full text',
  other_sought_reports: 'sought (other methods)',
  other_notretrieved_reports: 'not retrieved (other methods)',
  other_assessed: 'assessed (other methods)',
  other_excluded: 'excluded (other methods)',
  new_reports: 'reports included',
  previous_studies: 'previous studies',
  new_studies: 'new studies',
  total_studies: 'total studies',
  previous_reports: 'previous reports',
  total_reports: 'total reports',
};

type Term = readonly [sign: 1 | -1, key: CountKey];

/** The identities: left-hand count = signed sum of the right-hand counts. */
const IDENTITIES: readonly { readonly lhs: CountKey; readonly rhs: readonly Term[] }[] = [
  { lhs: 'database_results', rhs: [[1, 'database_specific_results']] },
  { lhs: 'register_results', rhs: [[1, 'register_specific_results']] },
  { lhs: 'records_screened', rhs: [[1, 'database_results'], [1, 'register_results'], [-1, 'duplicates'], [-1, 'excluded_automatic'], [-1, 'excluded_other']] },
  { lhs: 'dbr_sought_reports', rhs: [[1, 'records_screened'], [-1, 'records_excluded']] },
  { lhs: 'dbr_assessed', rhs: [[1, 'dbr_sought_reports'], [-1, 'dbr_notretrieved_reports']] },
  { lhs: 'other_assessed', rhs: [[1, 'other_sought_reports'], [-1, 'other_notretrieved_reports']] },
  { lhs: 'new_reports', rhs: [[1, 'dbr_assessed'], [-1, 'dbr_excluded'], [1, 'other_assessed'], [-1, 'other_excluded']] },
  { lhs: 'total_studies', rhs: [[1, 'previous_studies'], [1, 'new_studies']] },
  { lhs: 'total_reports', rhs: [[1, 'previous_reports'], [1, 'new_reports']] },
];

function valueOf(counts: PrismaCounts, key: CountKey): number | undefined {
  const v = (counts as Record<string, number | readonly NamedCount[] | undefined>)[key];
  if (v === undefined) return undefined;
  return typeof v === 'number' ? v : v.reduce((s, c) => s + c.n, 0);
}

/** `identified 1,043 − duplicates 220`: the terms, zero ones left out (but the first). */
function describe(terms: readonly { sign: 1 | -1; label: string; value: number }[]): string {
  const shown = terms.filter((t, i) => i === 0 || t.value !== 0);
  return shown.map((t, i) => `${i === 0 ? (t.sign < 0 ? '−' : '') : t.sign < 0 ? ' − ' : ' + '}${t.label} ${formatCount(t.value)}`).join('');
}

/**
 * Every identity that does not hold among `counts` (identities with a count nobody gave are skipped),
 * and the checks of the library and screening files' sizes.
 */
export function checkIdentities(counts: PrismaCounts, origins: CountOrigins, sizes: FileSizes): Mismatch[] {
  const out: Mismatch[] = [];
  const at = (key: CountKey): ManifestPath => origins.get(key) ?? ['counts', key];
  const identified = (valueOf(counts, 'database_results') ?? 0) + (valueOf(counts, 'register_results') ?? 0);
  const hasIdentification = valueOf(counts, 'database_results') !== undefined || valueOf(counts, 'register_results') !== undefined;
  for (const identity of IDENTITIES) {
    const lhs = valueOf(counts, identity.lhs);
    if (lhs === undefined) continue;
    const terms = identity.rhs.map(([sign, key]) => ({ sign, key, label: LABELS[key] ?? key, value: valueOf(counts, key) }));
    // Absent terms count 0 when the first one is there (no registers, nothing removed for other reasons…).
    if (terms[0]!.value === undefined) continue;
    const known = terms.map((t) => ({ ...t, value: t.value ?? 0 }));
    const rhs = known.reduce((s, t) => s + t.sign * t.value, 0);
    if (lhs === rhs) continue;
    let message = `${LABELS[identity.lhs] ?? identity.lhs} ${formatCount(lhs)} ≠ ${describe(known)}`;
    if (identity.lhs === 'records_screened' && sizes.unscreened > 0) message += ` (${formatCount(sizes.unscreened)} records not screened yet)`;
    out.push({ at: at(identity.lhs), message });
  }
  const duplicates = valueOf(counts, 'duplicates') ?? 0;
  if (sizes.library !== undefined && hasIdentification && sizes.library !== identified - duplicates) {
    out.push({ at: ['library'], message: `library ${formatCount(sizes.library)} records ≠ identified ${formatCount(identified)} − duplicates ${formatCount(duplicates)}` });
  }
  if (sizes.screening !== undefined) {
    const expected = sizes.library ?? (hasIdentification ? identified - duplicates : undefined);
    if (expected !== undefined && sizes.screening !== expected - (valueOf(counts, 'excluded_other') ?? 0)) {
      const source = sizes.library !== undefined ? 'records in the library' : 'identified − duplicates';
      out.push({ at: ['screening'], message: `the screening files hold ${formatCount(sizes.screening)} records ≠ ${formatCount(expected)} ${source}` });
    }
  }
  return out;
}
