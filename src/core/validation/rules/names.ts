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
import { isTidy, NAME_TAGS, medlineToCommaForm } from '../../ris/names';
import { valueIncludes } from '../../ris/records';

/**
 * The message for a MEDLINE-form value and its rewrite. Most values are tidy (words one space apart,
 * nothing around them): their last word and what comes before it are slices, with no regular
 * expression and no word list (65,000 of these messages in a 100k-record export).
 */
function message(value: string, rewrite: string): string {
  const trimmed = value.trim();
  let family: string;
  let given: string;
  if (isTidy(trimmed)) {
    const space = trimmed.lastIndexOf(' ');
    family = trimmed.slice(space + 1);
    given = space < 0 ? '' : trimmed.slice(0, space);
  } else {
    const words = trimmed.split(/\s+/);
    family = words[words.length - 1]!;
    given = words.slice(0, -1).join(' ');
  }
  // pandoc's reading is "the last word" only when no lower-case particle starts the surname.
  const reading = startsLowerCase(trimmed) ? '' : ` (given name \`${given}\`, family name \`${family}\`)`;
  return (
    `\`${trimmed}\` is a name in MEDLINE form (surname, then initials, no comma): pandoc misreads it${reading}, ` +
    `so the bibliography prints it wrong. Write it \`${rewrite}\`.`
  );
}

/** True when `value` starts with a lower-case letter (`\p{Ll}`); an ASCII first character is read without a regular expression. */
function startsLowerCase(value: string): boolean {
  const c = value.charCodeAt(0);
  if (c < 128) return c >= 97 && c <= 122;
  return /^\p{Ll}/u.test(value);
}

/** Every name in MEDLINE form, on a field without continuation lines. */
export const namesRule = defineRecordRule('names', [DiagnosticCode.MedlineAuthorName], {
  lineDependent: false,
  record(ctx, r, ri) {
    const severity = ctx.severity(DiagnosticCode.MedlineAuthorName);
    const fields = r.fields;
    for (let fi = 0; fi < fields.length; fi++) {
      const f = fields[fi]!;
      // A name with a comma is not in MEDLINE form (most are not): told without reading the value.
      if (!NAME_TAGS.has(f.tag) || f.continuations.length > 0 || valueIncludes(f, 44)) continue;
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
