/**
 * The value rules: dates (`ris.invalid-date`: `PY`, `Y1`, `DA`, `Y2`), DOIs (`ris.invalid-doi`),
 * ISSN and ISBN check digits (`ris.invalid-issn`, `ris.invalid-isbn`: `SN`) and pages
 * (`ris.invalid-pages`: `SP`, `EP`). The checks themselves are in `valueChecks.ts`; a verdict that
 * is only a note is reported at most as a hint.
 */

import { DiagnosticCode, capSeverity, type Severity } from '../codes';
import type { DiagnosticData } from '../diagnostic';
import { checkDateValue, checkDoiValue, checkPages, checkStandardNumbers, type ValueProblem } from '../valueChecks';
import { defineRecordRule, type RuleContext } from './rule';
import { hasValue, type RisField, type RisRecord } from '../../ris/model';

/** Where a value diagnostic goes: the value, with its continuation lines when it has some. */
function valueEnd(f: RisField): number {
  return f.continuations.length > 0 ? f.end : f.valueEnd;
}

/** Reports a date or DOI verdict on field `fi` (a note is capped at hint). */
function reportValue(ctx: RuleContext, code: DiagnosticCode, severity: Severity, p: ValueProblem, f: RisField, ri: number, fi: number): void {
  const s = p.level === 'note' ? capSeverity(severity, 'hint') : severity;
  const data: DiagnosticData = { recordIndex: ri, fieldIndex: fi };
  if (p.suggestion !== undefined) data.suggestion = p.suggestion;
  ctx.emit(code, s, p.message, f.valueStart, valueEnd(f), data);
}

/** Each wrong ISSN or ISBN check digit of an `SN` value, on its token when it can be found. */
function checkSn(ctx: RuleContext, f: RisField, ri: number, fi: number): void {
  for (const p of checkStandardNumbers(f.value)) {
    const code = p.kind === 'issn' ? DiagnosticCode.InvalidIssn : DiagnosticCode.InvalidIsbn;
    // Locate the token in the file (it may be on a continuation line).
    const { text, base } = ctx.at(f.valueStart, f.end);
    let at = text.indexOf(p.token, f.valueStart - base);
    if (at >= 0) at += base;
    if (at < 0 || at > f.end) at = -1;
    ctx.emit(code, ctx.severity(code), p.message, at >= 0 ? at : f.valueStart, at >= 0 ? at + p.token.length : f.end, {
      recordIndex: ri,
      fieldIndex: fi,
    });
  }
}

/** The pages of a record: its first non-empty `SP` and `EP`. */
function checkRecordPages(ctx: RuleContext, r: RisRecord, ri: number, spIndex: number, epIndex: number): void {
  const spf = spIndex >= 0 ? r.fields[spIndex] : undefined;
  const epf = epIndex >= 0 ? r.fields[epIndex] : undefined;
  const severity = ctx.severity(DiagnosticCode.InvalidPages);
  for (const { field, problem } of checkPages(spf?.value, epf?.value)) {
    const f = field === 'SP' ? spf! : epf!;
    const data: DiagnosticData = { recordIndex: ri, fieldIndex: field === 'SP' ? spIndex : epIndex };
    if (problem.suggestion !== undefined) data.suggestion = problem.suggestion;
    ctx.emit(DiagnosticCode.InvalidPages, severity, problem.message, f.valueStart, valueEnd(f), data);
  }
}

/** The severities the value checks run with, resolved once per run. */
interface ValueSeverities {
  readonly date: Severity;
  readonly doi: Severity;
  readonly sn: boolean;
  readonly pages: boolean;
}

/** Dates, DOIs, standard numbers and pages of record `ri`. */
function checkRecord(ctx: RuleContext, r: RisRecord, ri: number, sev: ValueSeverities): void {
  let spIndex = -1;
  let epIndex = -1;
  for (let fi = 0; fi < r.fields.length; fi++) {
    const f = r.fields[fi]!;
    // The tag first: most fields have none of these, and their values' offsets are not read.
    switch (f.tag) {
      case 'PY':
      case 'Y1':
      case 'DA':
      case 'Y2': {
        const p = sev.date === 'ignore' || !hasValue(f) ? undefined : checkDateValue(f.tag, f.value);
        if (p !== undefined) reportValue(ctx, DiagnosticCode.InvalidDate, sev.date, p, f, ri, fi);
        break;
      }
      case 'DO': {
        const p = sev.doi === 'ignore' || !hasValue(f) ? undefined : checkDoiValue(f.value);
        if (p !== undefined) reportValue(ctx, DiagnosticCode.InvalidDoi, sev.doi, p, f, ri, fi);
        break;
      }
      case 'SN':
        if (sev.sn && hasValue(f)) checkSn(ctx, f, ri, fi);
        break;
      case 'SP':
        if (spIndex < 0 && hasValue(f)) spIndex = fi;
        break;
      case 'EP':
        if (epIndex < 0 && hasValue(f)) epIndex = fi;
        break;
      default:
        break;
    }
  }
  if (sev.pages && (spIndex >= 0 || epIndex >= 0)) checkRecordPages(ctx, r, ri, spIndex, epIndex);
}

/** Dates, DOIs, standard numbers and pages of every record. */
export const valuesRule = defineRecordRule<ValueSeverities>(
  'values',
  [DiagnosticCode.InvalidDate, DiagnosticCode.InvalidDoi, DiagnosticCode.InvalidIssn, DiagnosticCode.InvalidIsbn, DiagnosticCode.InvalidPages],
  {
    lineDependent: false,
    prepare: (ctx) => ({
      date: ctx.severity(DiagnosticCode.InvalidDate),
      doi: ctx.severity(DiagnosticCode.InvalidDoi),
      sn: ctx.severity(DiagnosticCode.InvalidIssn) !== 'ignore' || ctx.severity(DiagnosticCode.InvalidIsbn) !== 'ignore',
      pages: ctx.severity(DiagnosticCode.InvalidPages) !== 'ignore',
    }),
    record: checkRecord,
  },
);
