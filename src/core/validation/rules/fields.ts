/**
 * The field rules: tags no RIS dialect knows (`ris.unknown-tag`), reference types no specification
 * defines (`ris.unknown-type`), a single-valued tag repeated with another value
 * (`ris.repeated-tag`), empty values (`ris.empty-value`), and records without title, author or
 * year (`ris.missing-field`).
 */

import { DiagnosticCode } from '../codes';
import type { DiagnosticData } from '../diagnostic';
import { gluedTagLineInType, tagFlags } from '../tagLines';
import { shown } from '../wording';
import { defineRecordRule, type RuleContext } from './rule';
import { hasValue, type RisField, type RisRecord } from '../../ris/model';
import { getTypeInfo, isStandardType, nearestType } from '../../ris/spec';
import { lineEndIn } from '../../ris/pieceText';

/** A `TY` value that is not a standard type (`WEB` aside), with the nearest known type. */
function checkType(ctx: RuleContext, f: RisField, ri: number, fi: number): void {
  const value = f.value;
  if (isStandardType(value) || value.toUpperCase() === 'WEB') return;
  const info = getTypeInfo(value);
  // `TY  - BOOKAU  - Colman, J.`: the suggestion is for the type before the glued tag line.
  const glued = gluedTagLineInType(f.lineValue);
  const near = nearestType(glued !== undefined ? f.lineValue.slice(0, glued) : value);
  const pandocType = info?.pandocType.replace(/^\(unknown -> (\w+)\)$/, '$1');
  const msg = info
    ? `\`${shown(value, 40)}\` is not a type of either RIS specification${info.notes ? ` (${info.notes})` : ''}; most readers treat the record as a generic reference${pandocType ? ` (pandoc makes it \`${pandocType}\`)` : ''}.`
    : glued !== undefined
      ? `\`${shown(value, 40)}\` is not a RIS reference type: the line \`${f.lineValue.slice(glued, glued + 2)}  - …\` is glued to the type (a lost line break); readers will treat the record as a generic reference and lose that field.`
      : `\`${shown(value, 40)}\` is not a RIS reference type; readers will treat the record as a generic reference.`;
  const nearInfo = near !== undefined ? getTypeInfo(near) : undefined;
  const data: DiagnosticData = near !== undefined ? { recordIndex: ri, fieldIndex: fi, suggestion: near } : { recordIndex: ri, fieldIndex: fi };
  ctx.emit(
    DiagnosticCode.UnknownType,
    ctx.severity(DiagnosticCode.UnknownType),
    `${msg}${near !== undefined ? ` The nearest known type is \`${near}\`${nearInfo ? ` (${nearInfo.name})` : ''}.` : ' Use a known type such as `JOUR`, `BOOK` or `GEN`.'}`,
    f.valueStart,
    f.valueEnd,
    data,
  );
}

/**
 * The field index of the first non-empty occurrence of each tag in the current record. One map for a
 * whole run, its entries told apart by record (`begin`): clearing a map per record made it allocate
 * a new table each time.
 */
class FirstByTag {
  private readonly seen = new Map<string, { record: number; field: number }>();
  private record = -1;
  private count = 0;

  /** Starts a record (every call, a new one, even for the same index in a later incremental run). */
  begin(): void {
    this.record = this.count++;
  }

  get(tag: string): number | undefined {
    const s = this.seen.get(tag);
    return s !== undefined && s.record === this.record ? s.field : undefined;
  }

  set(tag: string, field: number): void {
    const s = this.seen.get(tag);
    if (s === undefined) this.seen.set(tag, { record: this.record, field });
    else {
      s.record = this.record;
      s.field = field;
    }
  }
}

/** The fields of record `ri`: unknown tags, empty values, unknown types, repeated tags. */
function checkRecord(ctx: RuleContext, r: RisRecord, ri: number, firstByTag: FirstByTag | undefined): void {
  const sUnknownTag = ctx.severity(DiagnosticCode.UnknownTag);
  const checkTypes = ctx.severity(DiagnosticCode.UnknownType) !== 'ignore';
  const fields = r.fields;
  firstByTag?.begin();
  for (let fi = 0; fi < fields.length; fi++) {
    const f = fields[fi]!;
    const tag = f.tag;
    const flags = tagFlags(tag);
    if (tag.length === 2 && sUnknownTag !== 'ignore' && !flags.known) {
      ctx.emit(
        DiagnosticCode.UnknownTag,
        sUnknownTag,
        `\`${tag}\` is not a RIS tag: neither specification nor any known exporter uses it, so readers drop its value. Check for a typo, or move the value into a note (N1).`,
        f.tagStart,
        f.tagEnd,
        { recordIndex: ri, fieldIndex: fi },
      );
    }
    if (!hasValue(f)) {
      if (tag !== 'TY') {
        ctx.emit(DiagnosticCode.EmptyValue, ctx.severity(DiagnosticCode.EmptyValue), `${tag} has no value. Fill it in, or delete the line.`, f.tagStart, f.end, {
          recordIndex: ri,
          fieldIndex: fi,
        });
      }
      continue;
    }
    if (tag === 'TY' && checkTypes) checkType(ctx, f, ri, fi);
    if (firstByTag !== undefined && tag !== 'TY' && flags.singleValued) {
      const firstIndex = firstByTag.get(tag);
      if (firstIndex === undefined) {
        firstByTag.set(tag, fi);
        continue;
      }
      const first = fields[firstIndex]!;
      if (first.value !== f.value && first.value.length > 0) {
        ctx.emit(
          DiagnosticCode.RepeatedTag,
          ctx.severity(DiagnosticCode.RepeatedTag),
          `${tag} appears more than once in this record, with a different value than on line ${first.line + 1}. RIS allows one ${tag} per record and most readers (pandoc, rispy, biblatex-csl-converter) keep only the first. Keep the right value, or move this one into a note (N1).`,
          f.tagStart,
          f.valueEnd,
          { recordIndex: ri, fieldIndex: fi, firstFieldIndex: firstIndex },
          [{ message: `First ${tag} of this record`, location: { uri: ctx.uri, start: first.tagStart, end: first.valueEnd } }],
        );
      }
    }
  }
}

/** Unknown tags and types, empty values and repeated single-valued tags. */
export const fieldsRule = defineRecordRule<FirstByTag | undefined>(
  'fields',
  [DiagnosticCode.UnknownTag, DiagnosticCode.UnknownType, DiagnosticCode.EmptyValue, DiagnosticCode.RepeatedTag],
  {
    // A repeated tag's message names the line of the first one.
    lineDependent: (d) => d.code === DiagnosticCode.RepeatedTag,
    // tag → field index of its first non-empty occurrence in the current record
    prepare: (ctx) => (ctx.severity(DiagnosticCode.RepeatedTag) !== 'ignore' ? new FirstByTag() : undefined),
    record: checkRecord,
  },
);

/** Which of title, author and year a record has (non-empty values only). */
function recordHas(r: RisRecord): { title: boolean; author: boolean; year: boolean } {
  let title = false;
  let author = false;
  let year = false;
  for (const f of r.fields) {
    if (!hasValue(f)) continue;
    switch (f.tag) {
      case 'TI':
      case 'T1':
      case 'CT':
      case 'BT':
        title = true;
        break;
      case 'AU':
      case 'A1':
      case 'A2':
      case 'A3':
      case 'A4':
      case 'ED':
        author = true;
        break;
      case 'PY':
      case 'Y1':
      case 'DA':
        year = true;
        break;
      default:
        break;
    }
  }
  return { title, author, year };
}

/** Records without a title, an author or a year (records without fields aside). */
export const missingFieldRule = defineRecordRule('missing-field', [DiagnosticCode.MissingField], {
  lineDependent: false,
  record(ctx, r, ri) {
    const severity = ctx.severity(DiagnosticCode.MissingField);
    if (r.fields.length === 0) return;
    const has = recordHas(r);
    if (has.title && has.author && has.year) return;
    const missing: string[] = [];
    const parts: string[] = [];
    if (!has.title) {
      missing.push('title');
      parts.push('no title (TI or T1)');
    }
    if (!has.author) {
      missing.push('author');
      parts.push('no author (AU or A1)');
    }
    if (!has.year) {
      missing.push('year');
      parts.push('no year (PY, Y1 or DA)');
    }
    const consequence = !has.author || !has.year ? ' Citations will show it without them, and pandoc builds its key from the authors and year.' : ' Citations will show it without one.';
    ctx.emit(
      DiagnosticCode.MissingField,
      severity,
      `This record has ${parts.length === 3 ? `${parts[0]}, ${parts[1]} and ${parts[2]}` : parts.join(' and ')}.${consequence} Add ${missing.length === 1 ? 'it' : 'them'} if you know ${missing.length === 1 ? 'it' : 'them'}.`,
      r.start,
      lineEndIn(ctx.at(r.start), r.start),
      { recordIndex: ri, missing },
    );
  },
});
