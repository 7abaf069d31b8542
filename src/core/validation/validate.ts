/**
 * Validation: turns a parsed {@link RisDocument} into diagnostics with stable codes (see
 * `codes.ts`), messages in the user's terms, and the data the quick fixes need.
 *
 * {@link validateRis} is an orchestrator: it resolves the severity of every code, runs each rule of
 * `rules/index.ts` whose codes are not all `ignore`, and sorts what they report by position. The
 * rules share one context per run (text, options, `emit`, pandoc's keys computed at most once).
 *
 * Performance: a clean field allocates nothing; values are only sliced or scanned for the few tags
 * that have a rule (dates, DOI, SN, pages, ID), with hand-written scanners (no backtracking
 * regular expressions). The benchmark budget is "validation ≤ 2× parse time" on 100k records. The
 * citation-key rules (`ris.uncitable-key`, on by default) add one `assignPandocKeys` pass over the
 * file, skipped when both key rules are ignored.
 */

import { DEFAULT_SEVERITIES, type DiagnosticCode, type Severity } from './codes';
import type { DiagnosticData, RelatedInformation, RisDiagnostic, ValidateOptions } from './diagnostic';
import { RULES } from './rules';
import type { RuleContext } from './rules/rule';
import { assignPandocKeys, type KeyedRecord } from '../keys/pandocKeys';
import type { RisDocument } from '../ris/model';
import { textReader } from '../ris/pieceText';

export type {
  DiagnosticData,
  PandocProblem,
  RelatedInformation,
  RelatedLocation,
  RisDiagnostic,
  ValidateOptions,
} from './diagnostic';

/** The severity of every code: the defaults of `codes.ts`, overridden by `options.severities`. */
export function resolveSeverities(options: ValidateOptions): Record<DiagnosticCode, Severity> {
  const sev: Record<DiagnosticCode, Severity> = { ...DEFAULT_SEVERITIES };
  if (options.severities !== undefined) {
    for (const [code, value] of Object.entries(options.severities) as [DiagnosticCode, Severity | undefined][]) {
      if (value !== undefined && code in sev) sev[code] = value;
    }
  }
  return sev;
}

/**
 * The context the rules of one validation run share: the document, the resolved severities, `emit`
 * (which drops `ignore` and hands each diagnostic to `push`), and pandoc's keys for this file alone,
 * computed at most once and only when a rule needs them.
 */
export function createRuleContext(doc: RisDocument, options: ValidateOptions, sev: Record<DiagnosticCode, Severity>, push: (d: RisDiagnostic) => void): RuleContext {
  const uri = options.uri ?? '';
  let keyedCache: readonly KeyedRecord[] | undefined;
  return {
    doc,
    // Read when a rule asks: the text of a document held in pieces (after an edit) is then joined.
    get text() {
      return doc.text;
    },
    at: textReader(doc),
    options,
    uri,
    bomEnd: doc.bom ? 1 : 0,
    severity: (code) => sev[code],
    emit(code, severity, message, start, end, data?: DiagnosticData, related?: RelatedInformation[]) {
      if (severity === 'ignore') return;
      const d: { -readonly [K in keyof RisDiagnostic]: RisDiagnostic[K] } = { code, severity, message, start, end };
      if (related !== undefined && related.length > 0) d.related = related;
      if (data !== undefined) d.data = data;
      push(d);
    },
    keyed: () => (keyedCache ??= assignPandocKeys([{ uri, doc }])),
  };
}

/**
 * Validates a parsed document and returns its diagnostics, sorted by position. Rules whose severity
 * is `ignore` produce nothing (and cost almost nothing). See `codes.ts` for the codes and their
 * defaults, and {@link DiagnosticData} for what each diagnostic carries for its quick fixes.
 */
export function validateRis(doc: RisDocument, options: ValidateOptions = {}): RisDiagnostic[] {
  const sev = resolveSeverities(options);
  const out: RisDiagnostic[] = [];
  const ctx = createRuleContext(doc, options, sev, (d) => out.push(d));
  for (const rule of RULES) {
    if (rule.codes.some((code) => sev[code] !== 'ignore')) rule.check(ctx);
  }
  out.sort((a, b) => a.start - b.start || a.end - b.end);
  return out;
}
