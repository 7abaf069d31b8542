/**
 * What a validation rule is, and the per-run context the orchestrator (`validateRis`) hands it.
 *
 * A rule owns one or more diagnostic codes (their default severities come from `codes.ts`) and a
 * `check` function that walks the parsed document and reports through `ctx.emit`. The orchestrator
 * runs the rules in the order of `rules/index.ts` and sorts the result by position; a rule whose
 * codes are all `ignore` is not run.
 */

import { DEFAULT_SEVERITIES, type DiagnosticCode, type Severity } from '../codes';
import type { DiagnosticData, RelatedInformation, ValidateOptions } from '../diagnostic';
import type { KeyedRecord } from '../../keys/pandocKeys';
import type { RisDocument } from '../../ris/model';

/** Everything a rule sees during one validation run. */
export interface RuleContext {
  readonly doc: RisDocument;
  /** `doc.text`. */
  readonly text: string;
  readonly options: ValidateOptions;
  /** `options.uri`, or `''`. */
  readonly uri: string;
  /** Offset after the byte-order mark (0 or 1). */
  readonly bomEnd: number;
  /** The configured severity of a code (its default when the options do not set it). */
  severity(code: DiagnosticCode): Severity;
  /** Reports a diagnostic; does nothing when `severity` is `ignore`. */
  emit(
    code: DiagnosticCode,
    severity: Severity,
    message: string,
    start: number,
    end: number,
    data?: DiagnosticData,
    related?: RelatedInformation[],
  ): void;
  /** pandoc's keys for this file alone (`assignPandocKeys([{ uri, doc }])`), computed once per run. */
  keyed(): readonly KeyedRecord[];
}

/** One rule: its name, the codes it reports, their default severities, and its check. */
export interface Rule {
  readonly name: string;
  readonly codes: readonly DiagnosticCode[];
  /** The default severity of each of `codes` (from `codes.ts`). */
  readonly defaults: Readonly<Partial<Record<DiagnosticCode, Severity>>>;
  /** Walks the document and reports through `ctx.emit`. */
  check(ctx: RuleContext): void;
}

/** Makes a {@link Rule}, filling in the default severities of its codes from `codes.ts`. */
export function defineRule(name: string, codes: readonly DiagnosticCode[], check: (ctx: RuleContext) => void): Rule {
  const defaults: Partial<Record<DiagnosticCode, Severity>> = {};
  for (const code of codes) defaults[code] = DEFAULT_SEVERITIES[code];
  return { name, codes, defaults, check };
}
