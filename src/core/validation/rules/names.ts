/**
 * The name rule: `ris.medline-author-name` on each author or editor (`AU`, `A1`–`A4`, `ED`) written
 * in MEDLINE form — surname, then initials, no comma (`Griffin DK`; EPPI-Reviewer `Brownstein C D`;
 * Embase `Adler D.G.`). pandoc reads such a name BibTeX's way, the last word as the family name
 * (given "Griffin", family "DK"), so every citation style prints it wrong. The diagnostic carries
 * the rewritten value (`Griffin, D. K.`) as its `suggestion` for the quick fix; pandoc's citation
 * key does not change, since pandoc keys on the first word either way.
 */

import { DiagnosticCode } from '../codes';
import { defineRecordRule } from './rule';
import { NAME_TAGS, medlineToCommaForm } from '../../ris/names';

/** The message for a MEDLINE-form value and its rewrite. */
function message(value: string, rewrite: string): string {
  const words = value.trim().split(/\s+/);
  const family = words[words.length - 1]!;
  const given = words.slice(0, -1).join(' ');
  // pandoc's reading is "the last word" only when no lower-case particle starts the surname.
  const reading = /^\p{Ll}/u.test(value.trim()) ? '' : ` (given name \`${given}\`, family name \`${family}\`)`;
  return (
    `\`${value.trim()}\` is a name in MEDLINE form (surname, then initials, no comma): pandoc misreads it${reading}, ` +
    `so the bibliography prints it wrong. Write it \`${rewrite}\`.`
  );
}

/** Every name in MEDLINE form, on a field without continuation lines. */
export const namesRule = defineRecordRule('names', [DiagnosticCode.MedlineAuthorName], {
  lineDependent: false,
  record(ctx, r, ri) {
    const severity = ctx.severity(DiagnosticCode.MedlineAuthorName);
    const fields = r.fields;
    for (let fi = 0; fi < fields.length; fi++) {
      const f = fields[fi]!;
      if (!NAME_TAGS.has(f.tag) || f.continuations.length > 0) continue;
      // Read once: a value of the text a file was opened with is sliced from it at each read.
      const value = f.value;
      if (value.length === 0) continue;
      const rewrite = medlineToCommaForm(value);
      if (rewrite === undefined) continue;
      ctx.emit(DiagnosticCode.MedlineAuthorName, severity, message(value, rewrite), f.valueStart, f.valueEnd, {
        recordIndex: ri,
        fieldIndex: fi,
        suggestion: rewrite,
      });
    }
  },
});
