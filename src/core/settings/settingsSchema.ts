/**
 * The extension's `ris.*` settings in one table: for each, the zod schema of its value and its
 * default. These defaults are the single source for the code; package.json's
 * `contributes.configuration` must declare the same ones (a unit test checks it both ways).
 * `readSetting` parses whatever the user wrote and falls back to the default, with a message, when
 * the value is not understood. The per-code `ris.validation.*` severities are read together by
 * `parseValidationSettings` (validation/codes.ts), whose defaults {@link allSettingDefaults} lists.
 */
import * as z from 'zod/mini';
import { DIAGNOSTIC_CODES } from '../validation/codes';
import { DEFAULT_PIN_PATTERN } from '../keys/pinning';

/** How the References view groups its references (`ris.references.groupBy`). */
const GROUP_BY = ['file', 'year', 'type', 'author', 'decision'] as const;
/** How the References view sorts its references (`ris.references.sort`). */
const SORT_BY = ['file', 'author', 'year', 'title'] as const;
/** How inserted citations are written (`ris.citation.format`). */
const CITATION_FORMATS = ['pandoc', 'pandoc-bare', 'template'] as const;

export type GroupBy = (typeof GROUP_BY)[number];
export type SortBy = (typeof SORT_BY)[number];
export type CitationFormat = (typeof CITATION_FORMATS)[number];

/** One setting: the schema of its value, its default, and whether it may differ per folder. */
interface SettingSpec<T> {
  readonly schema: z.ZodMiniType<T>;
  readonly default: T;
  /** `resource`: may be set per workspace folder (package.json's `scope`); `window` otherwise. */
  readonly scope: 'resource' | 'window';
}

function spec<T>(schema: z.ZodMiniType<T>, defaultValue: T, scope: 'resource' | 'window' = 'window'): SettingSpec<T> {
  return { schema, default: defaultValue, scope };
}

const stringList = z.readonly(z.array(z.string()));

/** The exclusion reasons offered by "Exclude Record…" (`ris.screening.exclusionReasons`). */
export const DEFAULT_EXCLUSION_REASONS: readonly string[] = [
  'wrong population',
  'wrong intervention',
  'wrong comparator',
  'wrong outcome',
  'wrong study design',
  'wrong publication type',
  'wrong setting',
  'duplicate',
];

/** Every `ris.*` setting but the `ris.validation.*` severities, keyed by its name without `ris.`. */
export const SETTINGS = {
  'library.include': spec<readonly string[]>(stringList, ['**/*.{ris,RIS}'], 'resource'),
  'library.exclude': spec<readonly string[]>(stringList, ['**/node_modules/**'], 'resource'),
  'references.groupBy': spec<GroupBy>(z.enum(GROUP_BY), 'file'),
  'references.sort': spec<SortBy>(z.enum(SORT_BY), 'file'),
  'citation.format': spec<CitationFormat>(z.enum(CITATION_FORMATS), 'pandoc'),
  'citation.template': spec<string>(z.string(), '[@${keys}]'),
  'citation.style': spec<string>(z.string(), 'apa'),
  'citation.locale': spec<string>(z.string(), ''),
  'preview.citations': spec<boolean>(z.boolean(), true),
  'citationKey.pattern': spec<string>(z.string(), DEFAULT_PIN_PATTERN),
  'codeLens.citations': spec<boolean>(z.boolean(), true),
  'outline.maxItems': spec<number>(z.int().check(z.nonnegative()), 5000, 'resource'),
  'duplicates.keepConferenceAbstractsApart': spec<boolean>(z.boolean(), true, 'resource'),
  'duplicates.keepPreprintsApart': spec<boolean>(z.boolean(), true, 'resource'),
  'screening.reviewer': spec<string>(z.string(), ''),
  'screening.exclusionReasons': spec<readonly string[]>(stringList, DEFAULT_EXCLUSION_REASONS),
} as const;

/** The name of a setting of {@link SETTINGS}, without `ris.` (e.g. `citation.format`). */
export type SettingName = keyof typeof SETTINGS;
/** The type of a setting's value. */
export type SettingValue<K extends SettingName> = (typeof SETTINGS)[K]['default'];

/** The names of {@link SETTINGS}. */
export const SETTING_NAMES = Object.keys(SETTINGS) as SettingName[];

/** A setting's value read from what the user wrote, and why the default was used instead, if it was. */
export interface ReadSetting<T> {
  readonly value: T;
  /** Set when the raw value was not understood and the default is used. */
  readonly problem?: string;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `the list ${JSON.stringify(value)}`;
  if (value !== null && typeof value === 'object') return 'an object';
  return String(value);
}

/**
 * Parses the raw value of the setting `ris.<name>`: missing (`undefined`/`null`) gives the default
 * silently; a value the schema rejects gives the default and a `problem` that names the setting.
 */
export function readSetting<K extends SettingName>(name: K, raw: unknown): ReadSetting<SettingValue<K>> {
  const setting: SettingSpec<SettingValue<K>> = SETTINGS[name] as SettingSpec<SettingValue<K>>;
  if (raw === undefined || raw === null) return { value: setting.default };
  const parsed = setting.schema.safeParse(raw);
  if (parsed.success) return { value: parsed.data };
  return {
    value: setting.default,
    problem: `ris.${name} is ${describe(raw)}, which is not a valid value; using the default ${JSON.stringify(setting.default)}.`,
  };
}

/**
 * The default of every `ris.*` setting, keyed by its full name (`ris.citation.style`), the
 * `ris.validation.<code>` severities included: what package.json must declare.
 */
export function allSettingDefaults(): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const info of DIAGNOSTIC_CODES) out[info.setting] = info.defaultSeverity;
  for (const name of SETTING_NAMES) out[`ris.${name}`] = SETTINGS[name].default;
  return out;
}

/** The full names of the settings that may differ per workspace folder (`scope: resource`). */
export function resourceScopedSettings(): string[] {
  return [...DIAGNOSTIC_CODES.map((i) => i.setting), ...SETTING_NAMES.filter((n) => SETTINGS[n].scope === 'resource').map((n) => `ris.${n}`)];
}
