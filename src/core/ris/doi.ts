/**
 * DOIs as they appear in real exports: bare (`10.1038/nature21056`), as a link
 * (`https://doi.org/10.…`, `http://dx.doi.org/10.…`) or with a `doi:` prefix.
 */

const PREFIXES = ['https://doi.org/', 'http://doi.org/', 'https://dx.doi.org/', 'http://dx.doi.org/', 'doi.org/', 'dx.doi.org/', 'doi:', 'doi: '];

/**
 * The bare DOI in a value (prefixes and surrounding whitespace removed), or undefined when the value
 * does not look like a DOI: `10.` + a registrant code of 4–9 digits (dots allowed) + `/` + a suffix
 * without whitespace.
 */
export function normalizeDoi(value: string): string | undefined {
  let doi = value.trim();
  const lower = doi.toLowerCase();
  for (const prefix of PREFIXES) {
    if (lower.startsWith(prefix)) {
      doi = doi.slice(prefix.length).trim();
      break;
    }
  }
  return isBareDoi(doi) ? doi : undefined;
}

/** True when `doi` is `10.NNNN…/suffix` with no whitespace. */
export function isBareDoi(doi: string): boolean {
  if (!doi.startsWith('10.')) return false;
  const slash = doi.indexOf('/');
  if (slash < 0 || slash === doi.length - 1) return false;
  let digits = 0;
  for (let i = 3; i < slash; i++) {
    const c = doi.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if (c !== 46) return false;
  }
  if (digits < 4) return false;
  for (let i = slash + 1; i < doi.length; i++) {
    const c = doi.charCodeAt(i);
    if (c <= 32) return false;
  }
  return true;
}

/** The DOI in the key form used to compare records: lower-cased (DOIs are case-insensitive). */
export function doiKey(value: string): string | undefined {
  return normalizeDoi(value)?.toLowerCase();
}
