/**
 * The file-wide fixes of `ris-references fix`, as a function from a text to a text: the editor's
 * fix-alls (`fixes.ts`), chosen by the diagnostic code they fix, each applied to a fresh parse of
 * the text the one before left, until the text no longer changes.
 *
 * Only fixes that are safe on a whole file without a look from the user are here (those that move
 * or rewrite text, never drop it): adding missing ER lines, rewriting malformed tag lines as
 * `XX  - `, rewriting names in MEDLINE form (`Griffin DK` → `Griffin, D. K.`, which keeps pandoc's
 * keys), and "Make File Readable by pandoc" (the `source.fixAll.ris` code action). Pinning
 * citation keys, choosing a type or deleting vendor headers stay quick fixes in the editor.
 */

import { DiagnosticCode } from '../validation/codes';
import { fileFixAllEdits } from './fileFixes';
import { makeReadableByPandocFix } from './pandocFix';
import { applyEdits, type TextEdit } from '../text/edits';
import type { RisDocument } from '../ris/model';
import { parseRis } from '../ris/parser';

/** A diagnostic code `fix` can fix file-wide, what it does, and the edits that do it. */
export interface FileFixRule {
  readonly code: DiagnosticCode;
  /** What the fix does, for `--help` and usage errors. */
  readonly description: string;
  readonly edits: (doc: RisDocument) => readonly TextEdit[];
}

/** The rules in the order they are applied; `fix` without `--rule` applies them all. */
export const FILE_FIX_RULES: readonly FileFixRule[] = [
  {
    code: DiagnosticCode.PandocIncompatible,
    description: 'everything "RIS: Make File Readable by pandoc" does',
    edits: (doc) => makeReadableByPandocFix(doc)?.edits ?? [],
  },
  {
    code: DiagnosticCode.MissingEnd,
    description: 'add the missing ER lines',
    edits: (doc) => fileFixAllEdits(doc, 'missing-end').edits,
  },
  {
    code: DiagnosticCode.MalformedTagLine,
    description: 'rewrite malformed tag lines as "XX  - "',
    edits: (doc) => fileFixAllEdits(doc, 'tag-lines').edits,
  },
  {
    code: DiagnosticCode.MedlineAuthorName,
    description: 'rewrite names in MEDLINE form ("Griffin DK") as "Griffin, D. K."',
    edits: (doc) => fileFixAllEdits(doc, 'medline-names').edits,
  },
];

/** The rule for a code, with or without its `ris.` prefix (`missing-end`, `ris.missing-end`). */
export function fileFixRule(code: string): FileFixRule | undefined {
  const full = code.startsWith('ris.') ? code : `ris.${code}`;
  return FILE_FIX_RULES.find((r) => r.code === full);
}

/** What {@link fixText} did. */
export interface FixTextResult {
  readonly text: string;
  /** The codes whose fix changed the text, in rule order. */
  readonly fixed: readonly DiagnosticCode[];
}

/**
 * Rounds of all rules over the text: a fix can leave work for another (or for itself, when two of
 * its edits would have overlapped), so rounds repeat until one changes nothing, at most this many.
 */
const MAX_ROUNDS = 4;

/** Applies the file-wide fixes of `rules` (in {@link FILE_FIX_RULES} order) to a text. */
export function fixText(text: string, rules: readonly FileFixRule[] = FILE_FIX_RULES): FixTextResult {
  const ordered = FILE_FIX_RULES.filter((r) => rules.includes(r));
  const fixed = new Set<DiagnosticCode>();
  let current = text;
  let doc = parseRis(current);
  for (let round = 0; round < MAX_ROUNDS; round++) {
    let changed = false;
    for (const rule of ordered) {
      const edits = rule.edits(doc);
      if (edits.length === 0) continue;
      const next = applyEdits(current, edits);
      if (next === current) continue;
      current = next;
      doc = parseRis(current);
      changed = true;
      fixed.add(rule.code);
    }
    if (!changed) break;
  }
  return { text: current, fixed: ordered.filter((r) => fixed.has(r.code)).map((r) => r.code) };
}
