/**
 * The value checkers: whether a date (`PY`, `Y1`, `DA`, `Y2`), a DOI (`DO`), the ISSNs and ISBNs of
 * an `SN` value and a record's pages (`SP`, `EP`) are well formed. Pure functions on strings with
 * hand-written scanners (no backtracking regular expressions); the value rules
 * (`rules/values.ts`) turn their verdicts into diagnostics, the hover and the CLI use them too.
 */

import { yearIn } from './duplicateKeys';
import { shown } from './wording';
import { isAsciiLetter, isDigitCode, isInlineSpace } from '../text/chars';

/** The verdict on a date value: undefined when fine, else a problem or a mere note. */
export interface ValueProblem {
  /** `problem`: reported at the configured severity; `note`: capped at hint. */
  readonly level: 'problem' | 'note';
  readonly message: string;
  /** A corrected value, when one can be proposed. */
  readonly suggestion?: string;
}

function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function daysInMonth(month: number, year: number | undefined): number {
  if (month === 2) return year === undefined || isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Reads up to `max` digits from `i`; returns the end offset. */
function digitsEnd(v: string, i: number, max: number): number {
  let j = i;
  while (j < v.length && j - i < max + 1 && isDigitCode(v.charCodeAt(j))) j++;
  return j;
}

/** Checks a month and day (either may be empty) against the year; undefined when valid. */
function checkMonthDay(tag: string, v: string, month: string, day: string, year: number | undefined): ValueProblem | undefined {
  if (month.length > 0) {
    const m = Number(month);
    if (m < 1 || m > 12) {
      return { level: 'problem', message: `${tag} \`${shown(v)}\` has month ${month}; a month is 01 to 12.` };
    }
    if (day.length > 0) {
      const d = Number(day);
      const max = daysInMonth(m, year);
      if (d < 1 || d > max) {
        return {
          level: 'problem',
          message: `${tag} \`${shown(v)}\` has day ${day}, but month ${month}${m === 2 && year !== undefined ? ` of ${year}` : ''} has ${max} days.`,
        };
      }
    }
  } else if (day.length > 0) {
    const d = Number(day);
    if (d < 1 || d > 31) return { level: 'problem', message: `${tag} \`${shown(v)}\` has day ${day}; a day is 01 to 31.` };
  }
  return undefined;
}

/**
 * Checks a date value of `PY`, `Y1`, `DA` or `Y2` against `YYYY/MM/DD/other` (every part optional,
 * e.g. `2014//`, `2022/07//`, `2017/04/07/online`), also accepting ISO `YYYY-MM-DD` (OpenAlex, Ovid).
 * `0000` (Scopus's unknown year), an impossible month or day, and — in the year tags `PY`/`Y1` — a
 * value without a four-digit year are problems. Free text that a person reads fine but a reader
 * cannot parse (`Mar. 2017`, WoS `SEP 22`, `2023 AUG 7`) is only a note: clean exports are full of
 * it, and rewriting it would lose information.
 */
export function checkDateValue(tag: string, value: string): ValueProblem | undefined {
  const v = value;
  const yearTag = tag === 'PY' || tag === 'Y1';
  const c0 = v.charCodeAt(0);
  if (isDigitCode(c0)) {
    const ye = digitsEnd(v, 0, 8);
    if (ye === 4) {
      const yearText = v.slice(0, 4);
      if (yearText === '0000') {
        return {
          level: 'problem',
          message: `${tag} \`${shown(v)}\` is not a year: Scopus writes 0000 when it does not know the year. Write the real year, or delete the line.`,
        };
      }
      const year = Number(yearText);
      if (ye === v.length) return undefined;
      const sep = v.charCodeAt(4);
      if (sep === 47) {
        // YYYY/MM/DD/other
        const me = digitsEnd(v, 5, 2);
        const month = v.slice(5, me);
        if (me - 5 > 2 || (me < v.length && v.charCodeAt(me) !== 47)) {
          return {
            level: 'problem',
            message: `${tag} \`${shown(v)}\` is not in the form YYYY/MM/DD/other: the month must be a number (01–12) or empty.`,
          };
        }
        let day = '';
        if (me < v.length) {
          const de = digitsEnd(v, me + 1, 2);
          day = v.slice(me + 1, de);
          if (de - (me + 1) > 2 || (de < v.length && v.charCodeAt(de) !== 47)) {
            return {
              level: 'problem',
              message: `${tag} \`${shown(v)}\` is not in the form YYYY/MM/DD/other: the day must be a number (01–31) or empty.`,
            };
          }
        }
        return checkMonthDay(tag, v, month, day, year);
      }
      if (sep === 45) {
        // ISO YYYY-MM[-DD][rest]
        const me = digitsEnd(v, 5, 2);
        if (me - 5 === 2) {
          const month = v.slice(5, me);
          let day = '';
          let rest = me;
          if (v.charCodeAt(me) === 45) {
            const de = digitsEnd(v, me + 1, 2);
            if (de - (me + 1) === 2) {
              day = v.slice(me + 1, de);
              rest = de;
            }
          }
          const rc = v.charCodeAt(rest);
          if (rest === v.length || rc === 47 || rc === 84 || rc === 32) return checkMonthDay(tag, v, month, day, year);
        }
      }
      return {
        level: 'note',
        message: `${tag} \`${shown(v)}\` is free text, not a RIS date (YYYY/MM/DD/other); readers that expect the format may not find the month or day. You can keep the text in the last part: \`${yearText}///${v.slice(4).trim()}\`.`,
        suggestion: `${yearText}///${v.slice(4).trim()}`,
      };
    }
    // Leading digits, but not a four-digit year: `99`, `10 15`, `200X`, `10/15/online`, IEEE `4-8 Aug. 2020`.
    return freeTextDate(tag, v, yearTag);
  }
  if (c0 === 47) {
    // `///`, `/05/`: no year.
    if (yearTag) {
      return { level: 'problem', message: `${tag} \`${shown(v)}\` has no year. Write the year first: YYYY/MM/DD/other.` };
    }
    return undefined;
  }
  // Free text: `Mar. 2017`, `SEP 22`, `n.d.`, `Publication Year`.
  return freeTextDate(tag, v, yearTag);
}

/** The verdict on a date that is not in the structured form: a note when it holds a year (or is not a year tag). */
function freeTextDate(tag: string, v: string, yearTag: boolean): ValueProblem {
  const year = yearIn(v);
  if (year !== undefined) {
    return {
      level: 'note',
      message: `${tag} \`${shown(v)}\` is free text, not a RIS date (YYYY/MM/DD/other); readers that expect the format may not find the year. You can keep the text in the last part: \`${year}///${v}\`.`,
      suggestion: `${year}///${v}`,
    };
  }
  if (yearTag) {
    return {
      level: 'problem',
      message: `${tag} \`${shown(v)}\` contains no four-digit year, so citations of this record will have none. Write the year (YYYY), optionally followed by /MM/DD/other, or delete the line if it is unknown.`,
    };
  }
  return {
    level: 'note',
    message: `${tag} \`${shown(v)}\` is free text, not a RIS date (YYYY/MM/DD/other); readers may not understand it.`,
  };
}

const DOI_PREFIXES: readonly string[] = [
  'https://doi.org/',
  'http://doi.org/',
  'https://dx.doi.org/',
  'http://dx.doi.org/',
  'doi.org/',
  'dx.doi.org/',
  'doi:',
];

/**
 * Checks a `DO` value: after stripping a `https://doi.org/`, `http://dx.doi.org/` or `doi:` prefix
 * it must be `10.` + 4–9 digits + `/` + a suffix without whitespace. A prefixed DOI is valid, and
 * gets a note suggesting the bare form.
 */
export function checkDoiValue(value: string): ValueProblem | undefined {
  let doi = value;
  const lower = value.toLowerCase();
  let prefixed = false;
  for (const p of DOI_PREFIXES) {
    if (lower.startsWith(p)) {
      doi = value.slice(p.length).trim();
      prefixed = true;
      break;
    }
  }
  if (!prefixed && lower.startsWith('doi ')) {
    doi = value.slice(4).trim();
    prefixed = true;
  }
  // 10.\d{4,9}/\S+
  let ok = doi.startsWith('10.');
  let i = 3;
  if (ok) {
    while (i < doi.length && isDigitCode(doi.charCodeAt(i))) i++;
    const n = i - 3;
    ok = n >= 4 && n <= 9 && doi.charCodeAt(i) === 47 && i + 1 < doi.length;
  }
  let space = -1;
  if (ok) {
    for (let j = i + 1; j < doi.length; j++) {
      const c = doi.charCodeAt(j);
      if (c <= 32 || isInlineSpace(c)) {
        space = j;
        break;
      }
    }
  }
  if (ok && space < 0) {
    if (prefixed) {
      return {
        level: 'note',
        message: `DO holds a DOI with a prefix; most tools expect the bare DOI \`${doi}\`.`,
        suggestion: doi,
      };
    }
    return undefined;
  }
  if (ok && space >= 0) {
    return {
      level: 'problem',
      message: `DO \`${shown(value)}\` contains a space, so it is not one DOI. Put one DOI on the DO line, and anything else in a note (N1).`,
    };
  }
  return {
    level: 'problem',
    message: `DO \`${shown(value)}\` is not a DOI: a DOI looks like \`10.1234/abc.5678\` (10., 4–9 digits, a slash, then the suffix). Fix it, or move it to a note (N1) if it is another identifier.`,
  };
}

/** The ISSN check character for 7 digits, `0`–`9` or `X`. */
function issnCheckChar(d: string): string {
  let sum = 0;
  for (let i = 0; i < 7; i++) sum += (8 - i) * (d.charCodeAt(i) - 48);
  const c = (11 - (sum % 11)) % 11;
  return c === 10 ? 'X' : String(c);
}

function isbn10CheckChar(d: string): string {
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += (10 - i) * (d.charCodeAt(i) - 48);
  const c = (11 - (sum % 11)) % 11;
  return c === 10 ? 'X' : String(c);
}

function isbn13CheckChar(d: string): string {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += (i % 2 === 0 ? 1 : 3) * (d.charCodeAt(i) - 48);
  return String((10 - (sum % 10)) % 10);
}

/** One identifier found in an `SN` value. */
export interface StandardNumberProblem {
  readonly kind: 'issn' | 'isbn';
  /** The token as written. */
  readonly token: string;
  /** Its offset within the value. */
  readonly index: number;
  readonly message: string;
}

function allDigits(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!isDigitCode(s.charCodeAt(i))) return false;
  return true;
}

/**
 * Checks every ISSN and ISBN in an `SN` value. The value may hold several numbers separated by
 * spaces, `;` or `,` (WoS and PubMed write print and electronic ISSN together), with labels such as
 * `(Print)` or `(ISSN)`. Tokens that are neither an ISSN (`NNNN-NNNC` or 8 characters), an ISBN-10
 * nor an ISBN-13 are ignored. Returns one problem per number whose check character is wrong.
 */
export function checkStandardNumbers(value: string): StandardNumberProblem[] {
  const out: StandardNumberProblem[] = [];
  const len = value.length;
  let i = 0;
  while (i < len) {
    // skip separators
    while (i < len) {
      const c = value.charCodeAt(i);
      if (c === 32 || c === 9 || c === 59 || c === 44 || isInlineSpace(c)) i++;
      else break;
    }
    const start = i;
    while (i < len) {
      const c = value.charCodeAt(i);
      if (c === 32 || c === 9 || c === 59 || c === 44 || isInlineSpace(c)) break;
      i++;
    }
    if (i === start) continue;
    let tokStart = start;
    let tokEnd = i;
    // Drop a label glued to the number: `ISSN:1234-5678`, `1234-5678(Print)`.
    const colon = value.indexOf(':', tokStart);
    if (colon >= 0 && colon < tokEnd) tokStart = colon + 1;
    const paren = value.indexOf('(', tokStart);
    if (paren >= 0 && paren < tokEnd) tokEnd = paren;
    if (tokEnd <= tokStart) continue;
    const token = value.slice(tokStart, tokEnd);
    let compact = '';
    let hyphens = 0;
    let bad = false;
    for (let k = 0; k < token.length; k++) {
      const c = token.charCodeAt(k);
      if (c === 45) hyphens++;
      else if (isDigitCode(c) || c === 88 || c === 120) compact += token[k];
      else {
        bad = true;
        break;
      }
    }
    if (bad || compact.length === 0) continue;
    const n = compact.length;
    const last = compact.charAt(n - 1).toUpperCase();
    if (n === 8 && allDigits(compact, 0, 7) && (hyphens === 0 || (hyphens === 1 && token.charCodeAt(4) === 45))) {
      const want = issnCheckChar(compact);
      if (want !== last) {
        out.push({
          kind: 'issn',
          token,
          index: tokStart,
          message: `\`${token}\` is not a valid ISSN: its check digit should be ${want}, not ${last}. Check the number against the journal.`,
        });
      }
    } else if (n === 10 && allDigits(compact, 0, 9)) {
      const want = isbn10CheckChar(compact);
      if (want !== last) {
        out.push({
          kind: 'isbn',
          token,
          index: tokStart,
          message: `\`${token}\` is not a valid ISBN-10: its check digit should be ${want}, not ${last}. Check the number against the book.`,
        });
      }
    } else if (n === 13 && allDigits(compact, 0, 13)) {
      const isIsbn = compact.startsWith('978') || compact.startsWith('979');
      const want = isbn13CheckChar(compact);
      if (want !== last) {
        out.push({
          kind: 'isbn',
          token,
          index: tokStart,
          message: isIsbn
            ? `\`${token}\` is not a valid ISBN-13: its check digit should be ${want}, not ${last}. Check the number against the book.`
            : `\`${token}\` looks like an ISBN-13 but does not start with 978 or 979 and its check digit is wrong (should be ${want}).`,
        });
      }
    }
  }
  return out;
}

/** A page token: up to 4 letters, digits, up to 3 letters (`123`, `e0175947`, `S105`, `EL15`), or roman numerals. */
interface PageToken {
  readonly prefix: string;
  readonly digits: string;
}

function readPageToken(t: string): PageToken | 'roman' | undefined {
  const n = t.length;
  if (n === 0) return undefined;
  let i = 0;
  while (i < n && i < 5 && isAsciiLetter(t.charCodeAt(i))) i++;
  const ds = i;
  while (i < n && isDigitCode(t.charCodeAt(i))) i++;
  const de = i;
  if (de > ds) {
    let j = de;
    while (j < n && j - de < 3 && isAsciiLetter(t.charCodeAt(j))) j++;
    if (j < n && t.charCodeAt(j) === 46) j++; // trailing dot
    // Cell Press and others number supplementary pages after the article's last page: `1131.e9`.
    if (j === de + 1 && j < n && isAsciiLetter(t.charCodeAt(j))) {
      let k = j;
      while (k < n && k - j < 2 && isAsciiLetter(t.charCodeAt(k))) k++;
      const digitsFrom = k;
      while (k < n && isDigitCode(t.charCodeAt(k))) k++;
      if (k === n && k > digitsFrom) j = k;
    }
    if (j === n && ds <= 4) return { prefix: t.slice(0, ds), digits: t.slice(ds, de) };
    return undefined;
  }
  // Roman numerals (front matter): i, xi, xxvii…
  for (let k = 0; k < n; k++) {
    const c = t.charCodeAt(k) | 32;
    if (!(c === 105 || c === 118 || c === 120 || c === 108 || c === 99 || c === 100 || c === 109)) return undefined;
  }
  return n <= 12 ? 'roman' : undefined;
}

/** A page value split into ranges: `123-130`, `245--257`, `ix + 246`, `12, 15-18`. */
interface PageParse {
  readonly ok: boolean;
  /** The first and last token of a single range, when the value is one range or one page. */
  readonly first?: PageToken;
  readonly last?: PageToken;
  readonly ranges: number;
}

function parsePages(v: string): PageParse {
  const tokens: (PageToken | 'roman')[] = [];
  let ranges = 1;
  let i = 0;
  const n = v.length;
  while (i < n) {
    const c = v.charCodeAt(i);
    if (c === 32 || c === 9 || isInlineSpace(c)) {
      i++;
      continue;
    }
    if (c === 44 || c === 59) {
      ranges++;
      i++;
      continue;
    }
    if (c === 45 || c === 0x2010 || c === 0x2011 || c === 0x2013 || c === 0x2014 || c === 0x2212 || c === 43) {
      i++;
      continue;
    }
    const s = i;
    while (i < n) {
      const d = v.charCodeAt(i);
      if (d === 32 || d === 9 || d === 44 || d === 59 || d === 45 || d === 0x2010 || d === 0x2011 || d === 0x2013 || d === 0x2014 || d === 0x2212 || d === 43 || isInlineSpace(d)) break;
      i++;
    }
    const tok = readPageToken(v.slice(s, i));
    if (tok === undefined) return { ok: false, ranges };
    tokens.push(tok);
  }
  if (tokens.length === 0) return { ok: v.trim() === '+' || v.trim() === '-', ranges };
  const first = tokens[0];
  const last = tokens[tokens.length - 1];
  return {
    ok: true,
    ranges,
    first: typeof first === 'object' ? first : undefined,
    last: tokens.length > 1 && typeof last === 'object' ? last : undefined,
  };
}

/** When `end` has fewer digits than `start` and completing it from `start` gives a later page, the completed page. */
function completeAbbreviated(start: string, end: string): string | undefined {
  if (end.length >= start.length) return undefined;
  const full = start.slice(0, start.length - end.length) + end;
  return Number(full) >= Number(start) ? full : undefined;
}

/**
 * Checks a record's pages: `SP` (a page, a range such as `123-130` or `245--257`, `e0175947`,
 * `S105`, roman numerals) and `EP` (a page; WoS's `+` is accepted). Flags text that is not a page
 * (`No`, `pp.`, `(1 September 2016)`), an end page before the start page, and an abbreviated end
 * page (`SP 1234`, `EP 38`), suggesting the full number.
 */
export function checkPages(sp: string | undefined, ep: string | undefined): { field: 'SP' | 'EP'; problem: ValueProblem }[] {
  const out: { field: 'SP' | 'EP'; problem: ValueProblem }[] = [];
  const spp = sp !== undefined && sp.length > 0 ? parsePages(sp) : undefined;
  const epp = ep !== undefined && ep.length > 0 ? parsePages(ep) : undefined;
  if (spp !== undefined && !spp.ok) {
    out.push({
      field: 'SP',
      problem: {
        level: 'problem',
        message: `SP \`${shown(sp ?? '')}\` is not a page or page range (e.g. \`123\`, \`123-130\`, \`e0175947\`). Fix it, or move the text to a note (N1).`,
      },
    });
  }
  if (epp !== undefined && !epp.ok) {
    out.push({
      field: 'EP',
      problem: {
        level: 'problem',
        message: `EP \`${shown(ep ?? '')}\` is not a page number (e.g. \`130\`). Fix it, or move the text to a note (N1).`,
      },
    });
  }
  // A reversed range inside SP.
  if (spp?.ok && spp.ranges === 1 && spp.first && spp.last && spp.first.prefix.toLowerCase() === spp.last.prefix.toLowerCase()) {
    const a = Number(spp.first.digits);
    const b = Number(spp.last.digits);
    if (b < a && spp.last.digits.length >= spp.first.digits.length) {
      out.push({
        field: 'SP',
        problem: { level: 'problem', message: `SP \`${shown(sp ?? '')}\` ends (${spp.last.digits}) before it starts (${spp.first.digits}).` },
      });
    }
  }
  // EP against SP, when SP is a single page.
  if (spp?.ok && epp?.ok && spp.first && !spp.last && spp.ranges === 1 && epp.first && !epp.last && epp.ranges === 1) {
    if (spp.first.prefix.toLowerCase() === epp.first.prefix.toLowerCase()) {
      const a = Number(spp.first.digits);
      const b = Number(epp.first.digits);
      if (b < a) {
        const full = completeAbbreviated(spp.first.digits, epp.first.digits);
        if (full !== undefined) {
          const suggestion = epp.first.prefix + full;
          out.push({
            field: 'EP',
            problem: {
              level: 'problem',
              message: `EP \`${shown(ep ?? '')}\` looks abbreviated (SP is \`${shown(sp ?? '')}\`): readers will show the range ${sp}–${ep}. Write the full end page \`${suggestion}\`.`,
              suggestion,
            },
          });
        } else {
          out.push({
            field: 'EP',
            problem: { level: 'problem', message: `EP \`${shown(ep ?? '')}\` is before SP \`${shown(sp ?? '')}\`: the end page must not come before the start page.` },
          });
        }
      }
    }
  }
  return out;
}
