/**
 * The file-wide fixes (`source.fixAll`): add every missing ER, rewrite every malformed tag line,
 * join every continuation line, rewrite every name in MEDLINE form; cached per parsed document.
 */
import type { RisDocument } from '../ris/model';
import { type TextEdit } from '../text/edits';
import { RisFix, fix, cached } from './fixTypes';
import { EditBuilder } from './editBuilder';
import { editsAddEnd, editsContinuations, editsMedlineName, editsNormaliseTagLine } from './recordEdits';
import { makeReadableByPandocFix } from './pandocFix';

/** The file-wide fixes that apply to this document (each only when it has something to do). */
export function fileFixes(doc: RisDocument): RisFix[] {
  const out: RisFix[] = [];
  out.push(...fileFixAll(doc, 'missing-end'), ...fileFixAll(doc, 'tag-lines'), ...fileFixAll(doc, 'continuations'));
  out.push(...fileFixAll(doc, 'medline-names'));
  const pandoc = makeReadableByPandocFix(doc);
  if (pandoc !== undefined) out.push(pandoc);
  return out;
}

/** File-wide fixes per document object: a light bulb asks for them once per diagnostic in range. */
export function fileFixAll(doc: RisDocument, which: FileFixAllKind): RisFix[] {
  return cached(doc, which, () => computeFileFixAll(doc, which));
}

/** The file-wide fixes {@link fileFixAllEdits} computes (the `fileFixes` fix-alls besides the pandoc one). */
export type FileFixAllKind = 'missing-end' | 'tag-lines' | 'continuations' | 'medline-names';

/**
 * The edits of one file-wide fix-all (every missing ER, every malformed tag line, every field's
 * continuation lines, or every name in MEDLINE form), and how many places they fix — also when that is a single place, for which
 * {@link fileFixes} offers no fix-all (the quick fix is the same). Edits are empty when there is
 * nothing to do.
 */
export function fileFixAllEdits(doc: RisDocument, which: FileFixAllKind): { edits: TextEdit[]; count: number } {
  const b = new EditBuilder(doc.text);
  let n = 0;
  for (const r of doc.records) {
    if (which === 'missing-end') {
      if (r.unterminated !== undefined && b.addGroup(editsAddEnd(doc, r), 1)) n++;
    } else if (which === 'medline-names') {
      for (const f of r.fields) {
        const e = editsMedlineName(f);
        if (e !== undefined && b.addGroup(e)) n++;
      }
    } else if (which === 'tag-lines') {
      for (const f of r.fields) if (f.issues.length > 0 && b.addGroup(editsNormaliseTagLine(doc, f))) n++;
      if (r.endTag !== undefined && r.endTag.issues.length > 0 && b.addGroup(editsNormaliseTagLine(doc, r.endTag))) n++;
    } else {
      for (const f of r.fields) if (f.continuations.length > 0 && b.addGroup(editsContinuations(doc, f, 'auto'))) n++;
    }
  }
  return { edits: b.finish(), count: n };
}

function computeFileFixAll(doc: RisDocument, which: FileFixAllKind): RisFix[] {
  const { edits, count: n } = fileFixAllEdits(doc, which);
  if (n < 2) return []; // a single one is the quick fix itself
  const title =
    which === 'missing-end'
      ? `Add the ${n} missing ER lines in this file`
      : which === 'tag-lines'
        ? `Rewrite the ${n} malformed tag lines in this file as \`XX  - \``
        : which === 'medline-names'
          ? `Rewrite the ${n} names in MEDLINE form in this file as \`Surname, I. I.\``
          : `Join the continuation lines of ${n} fields in this file (list tags get one line each)`;
  return [fix(title, edits, false, 'source.fixAll')];
}
