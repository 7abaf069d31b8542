/**
 * Diagnostics about citation keys: `ris.uncitable-key` (pandoc gives a record a key that Markdown
 * cannot cite) and `ris.unpinned-key` (a record's key is generated from its authors and years, so
 * editing them changes it). Both are computed for one file alone, with the keys pandoc gives its
 * records when the file is a bibliography on its own (`assignPandocKeys`): a duplicate within the
 * file gets its `a`, `b`… suffix, keys of other files are not looked at.
 *
 * `validateRis` runs {@link keysRule}, so the CLI and the editor both report them.
 */

import { assignPandocKeys, hasIdField, type KeyedRecord } from '../../keys/pandocKeys';
import { citationKeyProblem, type CitationKeyProblem } from '../../keys/keySyntax';
import { DEFAULT_SEVERITIES, DiagnosticCode, type Severity } from '../codes';
import type { RisDocument, RisRecord } from '../../ris/model';
import { recordLineEnd, textReader, type TextAt } from '../../ris/pieceText';
import type { RisDiagnostic } from '../diagnostic';
import { defineRule } from './rule';

/** A key for a message: at most 60 characters, line breaks and tabs made visible. */
function shownKey(key: string): string {
  const one = key.length > 60 ? `${key.slice(0, 59)}…` : key;
  return INVISIBLE.test(one) ? one.replace(/\r\n|\r|\n/g, '↵').replace(/\t/g, '⇥') : one;
}

const INVISIBLE = /[\r\n\t]/;

/** Why a key cannot be cited, for the message. */
function uncitableMessage(key: string, problem: CitationKeyProblem, fromId: boolean): string {
  const pin = fromId
    ? 'Pin a key that can be cited: replace the ID (the quick fix keeps the old one in a note).'
    : 'Pin a key: add an `ID  - key` line after TY (quick fix).';
  switch (problem) {
    case 'empty':
      return `pandoc gives this record an empty citation key: its first ID line is missing or empty, and it has no author (AU, A1) or year (PY, Y1) to build one from, so it cannot be cited. ${pin}`;
    case 'whitespace':
      return `This record's citation key \`${shownKey(key)}\` contains whitespace${
        fromId ? ' (it is the record\'s ID)' : ' (pandoc builds it from the first word of each AU/A1 and the whole PY/Y1 values)'
      }, so it cannot be cited: neither \`@key\` nor \`@{key}\` allows whitespace in pandoc Markdown. ${pin}`;
    case 'unbalanced-braces':
      return `This record's citation key \`${shownKey(key)}\` contains a \`{\` or \`}\` without its partner, so it cannot be cited: \`@{…}\` ends at the first unmatched brace. ${pin}`;
  }
}

function unpinnedMessage(key: string, record: RisRecord): string {
  // The key is generated: any ID line the record has is empty.
  const hasEmptyId = hasIdField(record);
  return `This record has no ${hasEmptyId ? 'non-empty first ' : ''}ID line, so pandoc builds its citation key${
    key.length > 0 ? ` \`${shownKey(key)}\`` : ''
  } from the authors and years: the key changes when an author or a year is edited (or another record gets the same key), and citations of it stop working. Pin it: add an \`ID  - key\` line after TY (quick fix).`;
}

/**
 * The citation-key diagnostics of one file, unsorted:
 * - `ris.uncitable-key` for each record whose pandoc key in this file is empty, contains whitespace
 *   or has unbalanced braces (see `citationKeyProblem`), so that no Markdown citation can reach it;
 * - `ris.unpinned-key` (off by default) for each record without a non-empty first `ID` line, whose
 *   key is generated from authors and years.
 * Each is reported on the record's first line with `data: { recordIndex, key }`. Records that pandoc
 * reads as part of an earlier record (its `ER` is missing) are left to `ris.missing-end`. `severities`
 * defaults each missing code to its default; when both codes are `ignore` nothing is computed.
 * `keyed` may pass the result of `assignPandocKeys([{ uri, doc }])` when the caller has it already.
 * Linear in the size of the file.
 */
export function keyDiagnostics(
  uri: string,
  doc: RisDocument,
  severities: Partial<Record<DiagnosticCode, Severity>> = {},
  keyed?: readonly KeyedRecord[],
): RisDiagnostic[] {
  const sUncitable = severities[DiagnosticCode.UncitableKey] ?? DEFAULT_SEVERITIES[DiagnosticCode.UncitableKey];
  const sUnpinned = severities[DiagnosticCode.UnpinnedKey] ?? DEFAULT_SEVERITIES[DiagnosticCode.UnpinnedKey];
  const out: RisDiagnostic[] = [];
  if (sUncitable === 'ignore' && sUnpinned === 'ignore') return out;
  const push: KeyDiagnosticSink = (code, severity, message, start, end, data) => out.push({ code, severity, message, start, end, data });
  emitKeyDiagnostics(doc, keyed ?? assignPandocKeys([{ uri, doc }]), sUncitable, sUnpinned, push);
  return out;
}

/** Receives one citation-key diagnostic (the arguments of `RuleContext.emit`). */
export type KeyDiagnosticSink = (code: DiagnosticCode, severity: RisDiagnostic['severity'], message: string, start: number, end: number, data: { recordIndex: number; key: string }) => void;

/** Hands the citation-key diagnostics of every record of `doc` (with its `keyed` keys) to `emit`. */
function emitKeyDiagnostics(doc: RisDocument, keyed: readonly KeyedRecord[], sUncitable: Severity, sUnpinned: Severity, emit: KeyDiagnosticSink): void {
  const at = textReader(doc);
  for (const k of keyed) {
    if (k.mergedInto !== undefined) continue;
    const record = doc.records[k.recordIndex];
    if (record !== undefined) recordKeyDiagnostics(at(record.start), record, k.recordIndex, k.key, k.fromId, sUncitable, sUnpinned, emit);
  }
}

/**
 * Hands to `emit` the citation-key diagnostics of record `recordIndex` (`record`, whose first line
 * `text` holds: see `textAt`), whose pandoc key in its file is `key` (from its `ID` line when
 * `fromId`), at the given severities.
 */
export function recordKeyDiagnostics(
  text: TextAt,
  record: RisRecord,
  recordIndex: number,
  key: string,
  fromId: boolean,
  sUncitable: Severity,
  sUnpinned: Severity,
  emit: KeyDiagnosticSink,
): void {
  const start = record.start;
  const end = Math.max(recordLineEnd(text, record), start + 1);
  if (sUncitable !== 'ignore') {
    const problem = citationKeyProblem(key);
    if (problem !== undefined) emit(DiagnosticCode.UncitableKey, sUncitable, uncitableMessage(key, problem, fromId), start, end, { recordIndex, key });
  }
  if (sUnpinned !== 'ignore' && !fromId) emit(DiagnosticCode.UnpinnedKey, sUnpinned, unpinnedMessage(key, record), start, end, { recordIndex, key });
}

/** The citation-key rule: {@link keyDiagnostics} with the run's severities and keys. */
export const keysRule = defineRule('keys', [DiagnosticCode.UncitableKey, DiagnosticCode.UnpinnedKey], 'cross-record', (ctx) => {
  const sUncitable = ctx.severity(DiagnosticCode.UncitableKey);
  const sUnpinned = ctx.severity(DiagnosticCode.UnpinnedKey);
  if (sUncitable === 'ignore' && sUnpinned === 'ignore') return;
  emitKeyDiagnostics(ctx.doc, ctx.keyed(), sUncitable, sUnpinned, (code, severity, message, start, end, data) => ctx.emit(code, severity, message, start, end, data));
});
