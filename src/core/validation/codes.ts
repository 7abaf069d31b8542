/**
 * The diagnostics contract: the stable codes users see and configure, their default severities,
 * their descriptions (for the settings UI and the README) and the zod schema that turns the raw
 * `ris.validation.*` settings object into one severity per code.
 *
 * The codes, the setting keys and the severity names are a public contract: users write them in
 * their settings files, so they are never renamed.
 */

import * as z from 'zod/mini';

/** How loudly a rule reports. `ignore` turns the rule off (its diagnostics are not produced at all). */
export type Severity = 'ignore' | 'hint' | 'info' | 'warning' | 'error';

/** Every severity name, from the quietest to the loudest. */
export const SEVERITIES: readonly Severity[] = ['ignore', 'hint', 'info', 'warning', 'error'];

/** The stable diagnostic codes (`diagnostic.code` in VS Code), as a const object. */
export const DiagnosticCode = {
  MissingType: 'ris.missing-type',
  MissingEnd: 'ris.missing-end',
  EndWithoutStart: 'ris.end-without-start',
  TextOutsideRecord: 'ris.text-outside-record',
  MalformedTagLine: 'ris.malformed-tag-line',
  UnknownTag: 'ris.unknown-tag',
  UnknownType: 'ris.unknown-type',
  RepeatedTag: 'ris.repeated-tag',
  EmptyValue: 'ris.empty-value',
  InvalidDate: 'ris.invalid-date',
  InvalidDoi: 'ris.invalid-doi',
  InvalidIssn: 'ris.invalid-issn',
  InvalidIsbn: 'ris.invalid-isbn',
  InvalidPages: 'ris.invalid-pages',
  MissingField: 'ris.missing-field',
  DuplicateId: 'ris.duplicate-id',
  DuplicateRecord: 'ris.duplicate-record',
  Encoding: 'ris.encoding',
  PandocIncompatible: 'ris.pandoc-incompatible',
  MedlineAuthorName: 'ris.medline-author-name',
  UncitableKey: 'ris.uncitable-key',
  UnpinnedKey: 'ris.unpinned-key',
  UnknownCitation: 'ris.unknown-citation',
  InvalidMetadata: 'ris.invalid-metadata',
  ExcludedCitation: 'ris.excluded-citation',
} as const;

/** One of the stable diagnostic codes, e.g. `'ris.missing-end'`. */
export type DiagnosticCode = (typeof DiagnosticCode)[keyof typeof DiagnosticCode];

/** What the table says about one code. */
export interface DiagnosticCodeInfo {
  readonly code: DiagnosticCode;
  /** The code without the `ris.` prefix: the key inside the `ris.validation` settings object. */
  readonly key: string;
  /** The full setting id, `ris.validation.<key>`. */
  readonly setting: string;
  readonly defaultSeverity: Severity;
  /** One line for the settings UI and the README. */
  readonly description: string;
}

/*
 * Why these defaults. The goal: a clean export from a major vendor (Scopus, Web of Science, PubMed,
 * Embase, EBSCO, Ovid, EndNote, Zotero, Mendeley…) shows no error and little noise, while anything
 * that makes a file lose records or fail in a common tool is visible.
 *
 * - error: only structural breakage that makes readers lose or merge records. A missing ER merges
 *   two records in rispy, JabRef and pandoc (or drops the last one in rispy); a record without TY
 *   crashes citation-js and is skipped by rispy; a stray ER means a record's start is missing.
 * - warning: the file parses, but a common tool misreads it or the data is wrong.
 *   - malformed-tag-line: `TY - JOUR`, `AU  -Doe`, lower-case or indented tags make rispy,
 *     citation-js or biblatex-csl-converter read zero records or garble values.
 *   - unknown-tag: a tag in no specification and no vendor table is almost always a typo; every
 *     importer drops it. Vendor tags (WoS `WE`/`J9`, Embase `U2`/`LK`, Citavi `H1`…) are known and
 *     never reported, so clean exports stay quiet.
 *   - unknown-type: importers fall back to a generic type.
 *   - invalid-date / -doi / -issn / -isbn / -pages: wrong data that ends up in citations or breaks
 *     look-ups. Free-text dates (`Mar. 2017`, WoS `SEP 22`), prefixed DOIs and the like are reported
 *     by the same rules but capped at hint, because they are usual in clean exports.
 *   - duplicate-id: pandoc silently renames the second key (`Smith_2020a`), so a citation may point
 *     to the wrong record.
 *   - encoding: characters are probably wrong (non-UTF-8 fallback, U+FFFD).
 *   - pandoc-incompatible: the feature no other tool has. It is a warning, not an error, because the
 *     file is valid RIS for other tools; but pandoc rejects the whole bibliography, which users only
 *     discover when rendering.
 *   - medline-author-name: `Griffin DK` (EPPI-Reviewer, Embase `Adler D.G.`) is read by pandoc, Zotero
 *     and citation-js as given name Griffin, family name DK, so every style prints the author wrong
 *     ("DK, G."). The file is valid and this extension reads it right, but the rendered review is
 *     wrong, which is what a warning is for; the quick fix and `ris-references fix` rewrite it.
 *   - uncitable-key: a key that cannot be written in Markdown cannot be cited at all.
 *   - unknown-citation (Markdown side): pandoc prints "citation not found" and `???` in the text.
 *   - excluded-citation (Markdown side): the draft of a systematic review cites a record its
 *     screening excluded (review.yaml), usually a slip; it may be cited on purpose (background).
 * - error (Markdown side): invalid-metadata, YAML in a metadata block that pandoc cannot read; it
 *   stops with "Error parsing YAML metadata" and renders nothing.
 * - info: true but often expected, so visible in the Problems panel without alarming.
 *   - text-outside-record: JSTOR, PsycNET, Cochrane and Ovid write header lines around records;
 *     most readers skip them (pandoc does not, which pandoc-incompatible reports as a warning).
 *   - repeated-tag: a tag the spec does not allow to repeat, repeated with a different value (most
 *     readers keep only the first value). Tags that repeat in practice (SN, AD, N1, C1, C3, L2, M1…)
 *     are exempt.
 *   - missing-field: anonymous editorials and datasets legitimately lack an author or a year.
 *   - duplicate-record: in a systematic review, overlap between database exports is expected and
 *     handled by a deduplication step; the diagnostic helps, it is not a defect of the file.
 * - hint: empty values (`SP  -`, IEEE `IS  - `) are harmless and common in clean exports.
 * - ignore: unpinned-key (an opt-in style rule: a key generated from author and year rather than an
 *   explicit ID changes when the record is edited).
 */
const TABLE: readonly (readonly [DiagnosticCode, Severity, string])[] = [
  [DiagnosticCode.MissingType, 'error', 'A record has no `TY` line (or an empty one), so readers cannot tell its type or where it starts.'],
  [DiagnosticCode.MissingEnd, 'error', 'A record has no `ER` line, so readers merge it with the next record or drop it.'],
  [DiagnosticCode.EndWithoutStart, 'error', 'An `ER` line closes no record (a doubled `ER` or a record whose start is missing).'],
  [DiagnosticCode.TextOutsideRecord, 'info', 'Text outside any record (a vendor header, numbering, a tag line after `ER`) that readers skip or reject.'],
  [DiagnosticCode.MalformedTagLine, 'warning', 'A tag line that is not in the canonical `XX  - value` form (spacing, missing space, lower case, indentation, long tag).'],
  [DiagnosticCode.UnknownTag, 'warning', 'A tag that is in neither RIS specification nor any known vendor export.'],
  [DiagnosticCode.UnknownType, 'warning', 'A `TY` value that is not a known RIS reference type.'],
  [DiagnosticCode.RepeatedTag, 'info', 'A tag that may appear only once per record is repeated with a different value; most readers keep only the first.'],
  [DiagnosticCode.EmptyValue, 'hint', 'A tag line with no value.'],
  [DiagnosticCode.InvalidDate, 'warning', 'A date (`PY`, `Y1`, `DA`, `Y2`) that is not `YYYY/MM/DD/other` or names an impossible year, month or day.'],
  [DiagnosticCode.InvalidDoi, 'warning', 'A `DO` value that is not a DOI (`10.NNNN/suffix`).'],
  [DiagnosticCode.InvalidIssn, 'warning', 'An ISSN in `SN` whose check digit is wrong.'],
  [DiagnosticCode.InvalidIsbn, 'warning', 'An ISBN-10 or ISBN-13 in `SN` whose check digit is wrong.'],
  [DiagnosticCode.InvalidPages, 'warning', 'Pages (`SP`, `EP`) that are not page numbers, or an end page before the start page.'],
  [DiagnosticCode.MissingField, 'info', 'A record without a title, an author or a year.'],
  [DiagnosticCode.DuplicateId, 'warning', 'Two records in the file have the same `ID`; pandoc renames the second key.'],
  [DiagnosticCode.DuplicateRecord, 'info', 'The same reference (same DOI, or same title, year and first author) appears more than once, in this file or another.'],
  [DiagnosticCode.Encoding, 'warning', 'The file is not UTF-8, or contains U+FFFD replacement characters where characters were lost.'],
  [DiagnosticCode.PandocIncompatible, 'warning', 'Something that makes pandoc reject the whole bibliography or misread a record.'],
  [DiagnosticCode.MedlineAuthorName, 'warning', 'A name in MEDLINE form (`Griffin DK`: surname, then initials, no comma), which pandoc reads as given name Griffin, family name DK.'],
  [DiagnosticCode.UncitableKey, 'warning', 'A record whose pandoc citation key cannot be written in Markdown.'],
  [DiagnosticCode.UnpinnedKey, 'ignore', 'A record whose pandoc citation key is generated from authors and year rather than an explicit `ID`.'],
  [DiagnosticCode.UnknownCitation, 'warning', "A Markdown citation whose key is in no reference of the document's bibliography."],
  [DiagnosticCode.ExcludedCitation, 'warning', 'A Markdown citation of a record that was excluded at screening (the screening files of `review.yaml`).'],
  [DiagnosticCode.InvalidMetadata, 'error', 'A YAML metadata block of a Markdown document that pandoc cannot read (it stops with "Error parsing YAML metadata").'],
];

/** The table of every code: default severity, description and setting key, in a stable order. */
export const DIAGNOSTIC_CODES: readonly DiagnosticCodeInfo[] = TABLE.map(([code, defaultSeverity, description]) => {
  const key = code.slice('ris.'.length);
  return Object.freeze({ code, key, setting: `ris.validation.${key}`, defaultSeverity, description });
});

/** Every code, in table order. */
export const ALL_CODES: readonly DiagnosticCode[] = DIAGNOSTIC_CODES.map((i) => i.code);

/** One severity per code: the shape validation consumes. */
export type SeverityMap = Readonly<Record<DiagnosticCode, Severity>>;

/** The default severity of each code. */
export const DEFAULT_SEVERITIES: SeverityMap = Object.freeze(
  Object.fromEntries(DIAGNOSTIC_CODES.map((i) => [i.code, i.defaultSeverity])) as Record<DiagnosticCode, Severity>,
);

const INFO_BY_CODE: ReadonlyMap<string, DiagnosticCodeInfo> = new Map(DIAGNOSTIC_CODES.map((i) => [i.code, i]));
const INFO_BY_KEY: ReadonlyMap<string, DiagnosticCodeInfo> = new Map(DIAGNOSTIC_CODES.map((i) => [i.key, i]));

/** The table entry of a code, or undefined for a string that is not a code. */
export function getDiagnosticCodeInfo(code: string): DiagnosticCodeInfo | undefined {
  return INFO_BY_CODE.get(code);
}

/** True when `code` is one of the stable diagnostic codes. */
export function isDiagnosticCode(code: string): code is DiagnosticCode {
  return INFO_BY_CODE.has(code);
}

const SEVERITY_RANK: Readonly<Record<Severity, number>> = { ignore: 0, hint: 1, info: 2, warning: 3, error: 4 };

/**
 * The quieter of a configured severity and a cap: `capSeverity('error', 'hint')` is `'hint'`, and
 * `'ignore'` stays `'ignore'`. Rules use it for findings that are only ever worth a note.
 */
export function capSeverity(configured: Severity, cap: Severity): Severity {
  return SEVERITY_RANK[configured] <= SEVERITY_RANK[cap] ? configured : cap;
}

/** The result of reading the `ris.validation` settings object. */
export interface ValidationSettings {
  /** One severity per code; the default wherever the user's value was missing or invalid. */
  readonly severities: SeverityMap;
  /** Human-readable problems with the raw settings (bad values, unknown keys); empty when all is well. */
  readonly problems: readonly string[];
}

/** The accepted severity names, written exactly. */
export const severitySchema = z.enum(['ignore', 'hint', 'info', 'warning', 'error']);

/** Friendly spellings users write by habit (ESLint, VS Code), mapped to a severity. */
const SEVERITY_ALIASES: ReadonlyMap<string, Severity> = new Map<string, Severity>([
  ['off', 'ignore'],
  ['none', 'ignore'],
  ['false', 'ignore'],
  ['information', 'info'],
  ['warn', 'warning'],
]);

function readSeverity(value: unknown): Severity | undefined {
  const exact = severitySchema.safeParse(value);
  if (exact.success) return exact.data;
  if (value === false) return 'ignore';
  if (typeof value === 'string') {
    const s = value.trim().toLowerCase();
    const again = severitySchema.safeParse(s);
    if (again.success) return again.data;
    return SEVERITY_ALIASES.get(s);
  }
  return undefined;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return String(value);
}

/**
 * The zod schema of the `ris.validation` settings object (keys are codes without `ris.`, e.g.
 * `{ 'missing-end': 'warning' }`; keys with the `ris.` prefix are accepted too). It never fails:
 * every code gets a severity (the user's, or the default when the value is missing or invalid),
 * and every bad value or unknown key becomes one line of `problems`. `undefined`/`null` mean "no
 * settings". Common spellings are forgiven (`Warning`, `warn`, `off`, `false`, `information`).
 */
export const validationSettingsSchema = z.pipe(z.unknown(), z.transform((raw): ValidationSettings => {
  const severities: Record<DiagnosticCode, Severity> = { ...DEFAULT_SEVERITIES };
  const problems: string[] = [];
  if (raw === undefined || raw === null) return { severities, problems };
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    problems.push(
      `The ris.validation setting must be an object such as { "missing-end": "warning" }, not ${describe(raw)}; using the defaults.`,
    );
    return { severities, problems };
  }
  for (const [rawKey, value] of Object.entries(raw as Record<string, unknown>)) {
    const key = rawKey.startsWith('ris.validation.')
      ? rawKey.slice('ris.validation.'.length)
      : rawKey.startsWith('ris.')
        ? rawKey.slice('ris.'.length)
        : rawKey;
    const info = INFO_BY_KEY.get(key);
    if (info === undefined) {
      problems.push(`Unknown setting ris.validation.${key}: there is no rule "${key}"; it is ignored.`);
      continue;
    }
    if (value === undefined || value === null) continue;
    const severity = readSeverity(value);
    if (severity === undefined) {
      problems.push(
        `${info.setting} is ${describe(value)}, which is not one of ${SEVERITIES.join(', ')}; using the default "${info.defaultSeverity}".`,
      );
      continue;
    }
    severities[info.code] = severity;
  }
  return { severities, problems };
}));

/**
 * Reads the raw `ris.validation` settings object (whatever the user wrote) into one severity per
 * code plus a list of problems. Never throws.
 */
export function parseValidationSettings(raw: unknown): ValidationSettings {
  const r = validationSettingsSchema.safeParse(raw);
  // The schema cannot fail (it accepts unknown and only transforms), but never throw regardless.
  return r.success ? r.data : { severities: DEFAULT_SEVERITIES, problems: ['Could not read ris.validation; using the defaults.'] };
}
