/**
 * What a validation rule is, and the per-run context the orchestrator (`validateRis`) hands it.
 *
 * A rule owns one or more diagnostic codes (their default severities come from `codes.ts`) and a
 * `check` function that walks the parsed document and reports through `ctx.emit`. The orchestrator
 * runs the rules in the order of `rules/index.ts` and sorts the result by position; a rule whose
 * codes are all `ignore` is not run.
 *
 * Every rule declares its {@link RuleScope}, which is what the incremental re-validation after an
 * edit (`incrementalValidation.ts`) may cache: a `record` rule (made with {@link defineRecordRule})
 * says what it finds about one record from that record alone and is re-run only for the records an
 * edit touched; a `document` rule reports things that belong to no record (outside lines, the start
 * and end of the file, the encoding) and is re-run at every validation; a `cross-record` rule compares
 * records with each other (duplicates, pandoc's keys) and needs its own index in the incremental
 * validator, which falls back to a full validation for a cross-record rule it does not know.
 */

import { DEFAULT_SEVERITIES, type DiagnosticCode, type Severity } from '../codes';
import type { DiagnosticData, RelatedInformation, RisDiagnostic, ValidateOptions } from '../diagnostic';
import type { KeyedRecord } from '../../keys/pandocKeys';
import type { RisDocument, RisRecord } from '../../ris/model';
import type { TextAt } from '../../ris/pieceText';

/** Everything a rule sees during one validation run. */
export interface RuleContext {
  readonly doc: RisDocument;
  /**
   * `doc.text`. A document held in pieces (read in turns, or after an edit) joins them into one
   * string when this is first read: a rule that reads a record's lines asks {@link at} instead.
   */
  readonly text: string;
  /**
   * A string holding the character at `offset` and the record or outside line around it, or with
   * `end` the characters up to `end` too (`textAt`): character `i` of the document is `text[i - base]`.
   */
  at(offset: number, end?: number): TextAt;
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

/**
 * What a rule's findings depend on: `record` (one record's own lines, plus what its
 * {@link RecordRule.signature} names), `document` (no record: outside lines, file start and end,
 * encoding), `cross-record` (other records of the file or of the workspace).
 */
export type RuleScope = 'record' | 'document' | 'cross-record';

/** One rule: its name, the codes it reports, their default severities, its scope and its check. */
export interface Rule {
  readonly name: string;
  readonly codes: readonly DiagnosticCode[];
  /** The default severity of each of `codes` (from `codes.ts`). */
  readonly defaults: Readonly<Partial<Record<DiagnosticCode, Severity>>>;
  readonly scope: RuleScope;
  /** Walks the document and reports through `ctx.emit`. */
  check(ctx: RuleContext): void;
}

/** The tag-line counts of one record (fields and `ER` line) that the house-style check sums over the file. */
export interface TagLineTally {
  /** Tag lines with the `separator-spacing` issue. */
  readonly separatorSpacing: number;
  /** Tag lines (fields plus the `ER` line). */
  readonly tagLines: number;
}

/** The sums of {@link TagLineTally} over a file, and the first record with a `separator-spacing` line. */
export interface TagLineTotals extends TagLineTally {
  readonly firstSeparatorSpacing: RisRecord | undefined;
}

/** The tag-line counts of one record. */
export function tagLineTally(r: RisRecord): TagLineTally {
  let separatorSpacing = 0;
  for (const f of r.fields) if (f.issues.length > 0 && f.issues.includes('separator-spacing')) separatorSpacing++;
  if (r.endTag !== undefined && r.endTag.issues.includes('separator-spacing')) separatorSpacing++;
  return { separatorSpacing, tagLines: r.fields.length + (r.endTag === undefined ? 0 : 1) };
}

/** {@link TagLineTotals} of a whole document, in one pass. */
export function tagLineTotals(doc: RisDocument): TagLineTotals {
  let separatorSpacing = 0;
  let tagLines = 0;
  let firstSeparatorSpacing: RisRecord | undefined;
  for (const r of doc.records) {
    const t = tagLineTally(r);
    if (t.separatorSpacing > 0 && firstSeparatorSpacing === undefined) firstSeparatorSpacing = r;
    separatorSpacing += t.separatorSpacing;
    tagLines += t.tagLines;
  }
  return { separatorSpacing, tagLines, firstSeparatorSpacing };
}

/**
 * A rule whose findings about a record depend only on that record's own lines (offsets inside the
 * record, `recordIndex`, and whatever {@link signature} returns), so that they can be kept for a
 * record an edit did not touch and moved with it.
 */
export interface RecordRule extends Rule {
  readonly scope: 'record';
  /**
   * Whether a finding holds an absolute line number (in its message or data), so that it must be
   * computed again when lines are inserted or removed before its record: `false` for none of the
   * rule's findings, or a test of one finding.
   */
  readonly lineDependent: false | ((d: RisDiagnostic) => boolean);
  /** The part that belongs to no record (outside lines, the file's start); run before the records. */
  document(ctx: RuleContext): void;
  /** The per-run state `record` needs; `totals` are the file's tag-line sums, computed on demand. */
  prepare(ctx: RuleContext, totals: () => TagLineTotals): unknown;
  /** Reports on record `ri` (`r`), given the state from `prepare`. */
  record(ctx: RuleContext, r: RisRecord, ri: number, state: unknown): void;
  /**
   * What else than the record's own lines the findings about it depend on (another record's line,
   * the file's house style), as a string compared between runs; undefined when the findings depend
   * on the record's own lines alone.
   */
  readonly signature: ((ctx: RuleContext, r: RisRecord, ri: number, state: unknown, tally: () => TagLineTally) => string) | undefined;
  /**
   * What the signatures read of the run's state (the house style), as values compared one by one
   * between runs: while they stay the same, the signature of a record that is the same object, with
   * the next record on the same line, stays the same. Undefined: every signature is computed again.
   */
  readonly signatureBasis: ((state: unknown) => readonly unknown[]) | undefined;
}

/** What {@link defineRecordRule} takes: the parts of a {@link RecordRule}, `S` being its per-run state. */
export interface RecordRuleSpec<S> {
  readonly lineDependent: false | ((d: RisDiagnostic) => boolean);
  readonly document?: (ctx: RuleContext) => void;
  readonly prepare?: (ctx: RuleContext, totals: () => TagLineTotals) => S;
  readonly record: (ctx: RuleContext, r: RisRecord, ri: number, state: S) => void;
  readonly signature?: (ctx: RuleContext, r: RisRecord, ri: number, state: S, tally: () => TagLineTally) => string;
  readonly signatureBasis?: (state: S) => readonly unknown[];
}

function defaultsOf(codes: readonly DiagnosticCode[]): Partial<Record<DiagnosticCode, Severity>> {
  const defaults: Partial<Record<DiagnosticCode, Severity>> = {};
  for (const code of codes) defaults[code] = DEFAULT_SEVERITIES[code];
  return defaults;
}

/**
 * Makes a {@link RecordRule}: its full `check` runs `document`, then `record` on every record in
 * order, with the state of `prepare`.
 */
export function defineRecordRule<S>(name: string, codes: readonly DiagnosticCode[], spec: RecordRuleSpec<S>): RecordRule {
  const prepare = (ctx: RuleContext, totals: () => TagLineTotals): unknown => spec.prepare?.(ctx, totals);
  const record = (ctx: RuleContext, r: RisRecord, ri: number, state: unknown): void => spec.record(ctx, r, ri, state as S);
  return {
    name,
    codes,
    defaults: defaultsOf(codes),
    scope: 'record',
    lineDependent: spec.lineDependent,
    document: (ctx) => spec.document?.(ctx),
    prepare,
    record,
    signature: spec.signature === undefined ? undefined : (ctx, r, ri, state, tally) => spec.signature!(ctx, r, ri, state as S, tally),
    signatureBasis: spec.signatureBasis === undefined ? undefined : (state) => spec.signatureBasis!(state as S),
    check(ctx) {
      spec.document?.(ctx);
      let totals: TagLineTotals | undefined;
      const state = prepare(ctx, () => (totals ??= tagLineTotals(ctx.doc)));
      const records = ctx.doc.records;
      for (let ri = 0; ri < records.length; ri++) record(ctx, records[ri]!, ri, state);
    },
  };
}

/** True for a rule made with {@link defineRecordRule}. */
export function isRecordRule(rule: Rule): rule is RecordRule {
  return rule.scope === 'record';
}

/** Makes a {@link Rule} of scope `document` or `cross-record`, filling in the default severities of its codes. */
export function defineRule(name: string, codes: readonly DiagnosticCode[], scope: 'document' | 'cross-record', check: (ctx: RuleContext) => void): Rule {
  return { name, codes, defaults: defaultsOf(codes), scope, check };
}
