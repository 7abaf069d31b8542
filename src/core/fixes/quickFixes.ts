/**
 * The quick fixes of one diagnostic ({@link fixesForDiagnostic}), by code: structure, keys,
 * text outside records and pandoc's problems.
 */
import { assignPandocKeys, type KeyedRecord } from '../keys/pandocKeys';
import { DiagnosticCode } from '../validation/codes';
import type { RisDocument, RisRecord } from '../ris/model';
import { type TextEdit } from '../text/edits';
import { nextLineStart } from '../text/lines';
import { lineStartIn, textAt } from '../ris/pieceText';
import type { DiagnosticData, RisDiagnostic } from '../validation/diagnostic';
import { LIST_TAGS, gluedTagLineInType } from '../validation/tagLines';
import { FixOptions, RisFix, clean, extraEndTitle, fieldAt, fix, quote, recordAt, cached } from './fixTypes';
import { editsAddEnd, editsContinuations, editsCrLineEndings, editsDeleteExtraEnd, editsDeleteField, editsDeleteOutside, editsFieldToNote, editsMedlineName, editsMoveOutside, editsNormaliseTagLine, editsPandocFinalLineBreak, editsRemoveBlankLines, editsRemoveLeadingBlankLines, editsSetType, editsStrayCr } from './recordEdits';
import { fileFixAll } from './fileFixes';
import { makeReadableByPandocFix } from './pandocFix';
import { DEFAULT_PIN_PATTERN, makePinnedKey, pinKeysEdits } from '../keys/pinning';

/**
 * What {@link fixesForDiagnostic} needs from a diagnostic: its code and data, and preferably its
 * range (offsets into the current text), which guards against a stale diagnostic whose indices
 * no longer point at the same record or line.
 */
export type FixableDiagnostic = Pick<RisDiagnostic, 'code' | 'data'> & Partial<Pick<RisDiagnostic, 'start' | 'end'>>;

/**
 * False when the diagnostic's range no longer lies on what its data points at (the document
 * changed since validation); true when it does, or when the range is not given.
 */
function stillApplies(doc: RisDocument, d: FixableDiagnostic): boolean {
  const { start, end } = d;
  if (start === undefined || end === undefined) return true;
  const data = d.data;
  if (data === undefined) return true;
  const within = (from: number, to: number): boolean => from <= start && end <= to;
  if (data.offset !== undefined) {
    const t = textAt(doc, data.offset);
    return t.text.charCodeAt(data.offset - t.base) === 13;
  }
  if (data.outsideStart !== undefined) {
    const o = doc.outside[data.outsideStart];
    return o !== undefined && o.start === start;
  }
  if (data.recordIndex !== undefined) {
    const r = doc.records[data.recordIndex];
    if (r === undefined) return false;
    const f = data.endTag ? r.endTag : data.fieldIndex !== undefined ? r.fields[data.fieldIndex] : undefined;
    if ((data.endTag || data.fieldIndex !== undefined) && f === undefined) return false;
    if (f !== undefined) return within(f.lineStart, f.end);
    const t = textAt(doc, r.start);
    return within(lineStartIn(t, r.start), Math.max(r.end, nextLineStart(t.text, r.end - t.base) + t.base));
  }
  return true;
}

/**
 * The quick fixes for one diagnostic (computed by `validateRis` on this same document), best
 * first; empty when there is none or when the diagnostic no longer matches the document. File-wide
 * fixes that apply are appended (kind `source.fixAll`) unless `options.fileWide` is false.
 */
export function fixesForDiagnostic(
  doc: RisDocument,
  diagnostic: FixableDiagnostic,
  options: FixOptions = {},
): RisFix[] {
  try {
    if (!stillApplies(doc, diagnostic)) return [];
    return computeFixes(doc, diagnostic, options).filter((f) => f.edits.length > 0);
  } catch (error) {
    // A fix must never break the light bulb; a stale diagnostic simply gets no fix.
    options.onError?.(error);
    return [];
  }
}

function computeFixes(doc: RisDocument, diagnostic: FixableDiagnostic, options: FixOptions): RisFix[] {
  const data = diagnostic.data;
  const wide = options.fileWide !== false;
  const out: RisFix[] = [];
  const push = (title: string, edits: TextEdit[] | undefined, preferred = false): void => {
    const e = edits === undefined ? undefined : clean(doc, edits);
    if (e !== undefined && e.length > 0) out.push(fix(title, e, preferred));
  };
  const r = recordAt(doc, data);
  const f = fieldAt(doc, data);
  switch (diagnostic.code) {
    case DiagnosticCode.MissingType: {
      if (r === undefined) break;
      const type = (options.defaultType ?? 'JOUR').toUpperCase();
      const verb = r.type === undefined ? 'Add' : 'Set';
      push(`${verb} \`TY  - ${type}\``, editsSetType(doc, r, type), true);
      if (type !== 'GEN') push(`${verb} \`TY  - GEN\` (generic)`, editsSetType(doc, r, 'GEN'));
      break;
    }
    case DiagnosticCode.MissingEnd:
      if (r !== undefined) push('Add `ER  - ` after the last field', editsAddEnd(doc, r), true);
      if (wide) out.push(...fileFixAll(doc, 'missing-end'));
      break;
    case DiagnosticCode.EndWithoutStart:
      if (data?.outsideStart !== undefined) push(extraEndTitle(doc, data.outsideStart), editsDeleteExtraEnd(doc, data.outsideStart), true);
      break;
    case DiagnosticCode.TextOutsideRecord:
      out.push(...outsideFixes(doc, data));
      break;
    case DiagnosticCode.MalformedTagLine:
      if (f !== undefined) {
        push(
          f.tag.length === 2 ? `Rewrite as \`${f.tag}  - \`` : `Move ${f.tag} into a note (\`N1  - ${f.tag}: …\`)`,
          editsNormaliseTagLine(doc, f),
          true,
        );
      }
      if (wide) out.push(...fileFixAll(doc, 'tag-lines'));
      break;
    case DiagnosticCode.UnknownTag:
      if (f !== undefined) push(`Move the value into a note (\`N1  - ${f.tag}: …\`)`, editsFieldToNote(doc, f));
      break;
    case DiagnosticCode.UnknownType:
      if (r !== undefined && data?.suggestion !== undefined) {
        const ty = r.fields[0];
        const glued = ty?.tag === 'TY' ? gluedTagLineInType(ty.lineValue) : undefined;
        const moved = glued !== undefined ? ` (\`${ty!.lineValue.slice(glued, glued + 2)}  - …\` goes on its own line)` : '';
        push(`Change the type to \`${data.suggestion}\`${moved}`, editsSetType(doc, r, data.suggestion), true);
      }
      break;
    case DiagnosticCode.RepeatedTag:
      if (f !== undefined) push(`Move this ${f.tag} into a note (\`N1  - ${f.tag}: …\`)`, editsFieldToNote(doc, f));
      break;
    case DiagnosticCode.EmptyValue:
      if (f !== undefined && f.continuations.length === 0) push(`Delete the empty ${f.tag} line`, editsDeleteField(doc, f));
      break;
    case DiagnosticCode.InvalidDoi:
      if (f !== undefined && data?.suggestion !== undefined && f.continuations.length === 0) {
        push(`Write the bare DOI \`${quote(data.suggestion)}\``, [{ start: f.valueStart, end: f.valueEnd, newText: data.suggestion }], true);
      }
      break;
    case DiagnosticCode.InvalidPages:
      if (f !== undefined && data?.suggestion !== undefined && f.continuations.length === 0) {
        push(`Write the full end page \`${data.suggestion}\``, [{ start: f.valueStart, end: f.valueEnd, newText: data.suggestion }], true);
      }
      break;
    case DiagnosticCode.MedlineAuthorName: {
      const edits = f === undefined ? undefined : editsMedlineName(f);
      if (edits !== undefined) push(`Write \`${quote(edits[0]!.newText, 40)}\``, edits, true);
      if (wide) out.push(...fileFixAll(doc, 'medline-names'));
      break;
    }
    case DiagnosticCode.PandocIncompatible:
      out.push(...pandocFixes(doc, data, wide));
      break;
    case DiagnosticCode.UncitableKey:
    case DiagnosticCode.UnpinnedKey:
      out.push(...keyFixes(doc, diagnostic.code, data, wide, options.pinPattern ?? DEFAULT_PIN_PATTERN));
      break;
    default:
      break;
  }
  return out;
}

/** The `ID  - key` line for a record, inserted where `pinKeysEdits` puts it: right after TY (first when there is none). */
function editsInsertIdLine(doc: RisDocument, r: RisRecord, key: string): TextEdit[] {
  const line = `ID  - ${key}`;
  const ty = r.fields[0]?.tag === 'TY' ? r.fields[0] : undefined;
  if (ty === undefined) return [{ start: r.start, end: r.start, newText: line + doc.newline }];
  const { text, base } = textAt(doc, ty.end);
  const after = nextLineStart(text, ty.end - base) + base;
  if (after === ty.end) return [{ start: ty.end, end: ty.end, newText: doc.newline + line }];
  return [{ start: after, end: after, newText: line + doc.newline }];
}

/**
 * "Pin citation key `liu2021advances`" for an uncitable or unpinned key: an `ID  - key` line after
 * TY (keys from `pattern`, by default {@link DEFAULT_PIN_PATTERN}; unique against the file's other
 * keys). When the uncitable key is the record's ID (`ID  - my key`), the new ID line comes first
 * and the old one becomes a note (`N1  - ID: my key`), so nothing is lost. Unpinned keys also get
 * "Pin the keys of all N records without an ID" (a quickfix, not a source.fixAll: pinning changes
 * keys, which should never happen on save).
 */
function keyFixes(doc: RisDocument, code: DiagnosticCode, data: DiagnosticData | undefined, wide: boolean, pattern: string): RisFix[] {
  const out: RisFix[] = [];
  const ri = data?.recordIndex;
  const r = ri !== undefined ? doc.records[ri] : undefined;
  if (ri === undefined || r === undefined) return out;
  const keyed = keysOf(doc);
  const own = keyed.find((k) => k.recordIndex === ri);
  // Stale (the key changed since validation) or read by pandoc as part of an earlier record.
  if (own === undefined || own.mergedInto !== undefined || (data?.key !== undefined && data.key !== own.key)) return out;
  const taken = new Set<string>();
  for (const k of keyed) {
    if (k.recordIndex === ri) continue;
    taken.add(k.key);
    taken.add(k.baseKey);
  }
  if (!own.fromId) {
    const [pin] = pinKeysEdits(doc, [own], pattern, taken);
    if (pin !== undefined) {
      const e = clean(doc, [{ start: pin.start, end: pin.end, newText: pin.newText }]);
      if (e !== undefined) out.push(fix(`Pin citation key \`${pin.key}\``, e, true));
    }
  } else if (code === DiagnosticCode.UncitableKey) {
    const id = r.fields.find((f) => f.tag === 'ID');
    if (id !== undefined) {
      const key = makePinnedKey(r, pattern, taken, own.key);
      const e = clean(doc, [...editsInsertIdLine(doc, r, key), ...editsFieldToNote(doc, id)]);
      if (e !== undefined) out.push(fix(`Pin citation key \`${key}\` (the old ID becomes a note)`, e, true));
    }
  }
  if (code === DiagnosticCode.UnpinnedKey && wide) out.push(...pinAllFix(doc, pattern));
  return out;
}

/** pandoc's keys for the document alone, cached per document object. */
const keysCache = new WeakMap<RisDocument, readonly KeyedRecord[]>();

function keysOf(doc: RisDocument): readonly KeyedRecord[] {
  let k = keysCache.get(doc);
  if (k === undefined) {
    k = assignPandocKeys([{ uri: '', doc }]);
    keysCache.set(doc, k);
  }
  return k;
}

/**
 * "Pin the keys of all N records without an ID": an `ID  - key` line in every record whose key is
 * generated (see `pinKeysEdits`, keys from `pattern`), unique against each other and the IDs already
 * in the file. Undefined for fewer than two records (one is the quick fix itself). Cached per document.
 */
export function pinAllKeysFix(doc: RisDocument, pattern: string = DEFAULT_PIN_PATTERN): RisFix | undefined {
  return pinAllFix(doc, pattern)[0];
}

function pinAllFix(doc: RisDocument, pattern: string): RisFix[] {
  return cached(doc, `pin-all:${pattern}`, () => {
    const keyed = keysOf(doc);
    const taken = new Set<string>();
    for (const k of keyed) if (k.fromId) taken.add(k.key);
    const pins = pinKeysEdits(doc, keyed, pattern, taken);
    if (pins.length < 2) return [];
    const e = clean(
      doc,
      pins.map((p) => ({ start: p.start, end: p.end, newText: p.newText })),
    );
    return e === undefined ? [] : [fix(`Pin the keys of all ${pins.length} records without an ID`, e)];
  });
}

function outsideFixes(doc: RisDocument, data: DiagnosticData | undefined): RisFix[] {
  const out: RisFix[] = [];
  if (data?.outsideStart === undefined || data.outsideEnd === undefined) return out;
  const i = data.outsideStart;
  const j = data.outsideEnd;
  const n = j - i + 1;
  if (data.targetRecord !== undefined && doc.records[data.targetRecord] !== undefined) {
    const { remove, insert, crAbove } = editsMoveOutside(doc, i, j, data.targetRecord);
    let allTags = true;
    for (let k = i; k <= j; k++) if (doc.outside[k]!.kind !== 'tag') allTags = false;
    const side = data.placement === 'following' ? 'next' : 'previous';
    const title = allTags
      ? `Move ${n === 1 ? 'this tag line' : 'these tag lines'} into the ${side} record`
      : `Move ${n === 1 ? 'this line' : `these ${n} lines`} into a note (N1) of the ${side} record`;
    const e = clean(doc, [remove, insert, ...crAbove]);
    if (e !== undefined) out.push(fix(title, e, true));
  }
  if (data.header) {
    const e = clean(doc, editsDeleteOutside(doc, i, j));
    if (e !== undefined) out.push(fix(`Delete ${n === 1 ? 'this vendor header line' : `these ${n} vendor header lines`}`, e));
  }
  return out;
}

function pandocFixes(doc: RisDocument, data: DiagnosticData | undefined, wide: boolean): RisFix[] {
  const out: RisFix[] = [];
  const r = recordAt(doc, data);
  const f = fieldAt(doc, data);
  const push = (title: string, edits: TextEdit[] | undefined, preferred = false): void => {
    const e = edits === undefined ? undefined : clean(doc, edits);
    if (e !== undefined && e.length > 0) out.push(fix(title, e, preferred));
  };
  switch (data?.pandoc) {
    case 'continuation':
      if (f !== undefined) {
        if (LIST_TAGS.has(f.tag)) {
          push(`Put each line on its own \`${f.tag}  - \` line`, editsContinuations(doc, f, 'split'), true);
          push(`Join the lines into one ${f.tag} value`, editsContinuations(doc, f, 'join'));
        } else {
          push(`Join the continuation ${f.continuations.length === 1 ? 'line' : 'lines'} into the ${f.tag} value`, editsContinuations(doc, f, 'join'), true);
        }
      }
      if (wide) out.push(...fileFixAll(doc, 'continuations'));
      break;
    case 'blank-lines':
      if (r !== undefined) push('Remove the blank lines inside this record', editsRemoveBlankLines(doc, r), true);
      break;
    case 'missing-final-end':
    case 'merged-records':
      if (r !== undefined) push('Add `ER  - ` after the last field', editsAddEnd(doc, r), true);
      break;
    case 'tag-line':
      if (f !== undefined) {
        push(
          f.tag.length === 2 ? `Rewrite as \`${f.tag}  - \`` : `Move ${f.tag} into a note (\`N1  - ${f.tag}: …\`)`,
          editsNormaliseTagLine(doc, f),
          true,
        );
      }
      break;
    case 'outside':
      out.push(...outsideFixes(doc, data));
      break;
    case 'end-without-start':
      if (data?.outsideStart !== undefined) push(extraEndTitle(doc, data.outsideStart), editsDeleteExtraEnd(doc, data.outsideStart), true);
      break;
    case 'leading-blank-lines':
      push('Delete the blank lines at the start of the file', editsRemoveLeadingBlankLines(doc), true);
      break;
    case 'stray-cr':
      if (data?.offset !== undefined) push('Replace the bare CR with a line break', editsStrayCr(doc, data.offset), true);
      break;
    case 'final-newline':
      push('Add a line break at the end of the file', editsPandocFinalLineBreak(doc), true);
      break;
    case 'separator':
      if (f !== undefined) push(`Rewrite as \`${f.tag}  - \``, editsNormaliseTagLine(doc, f), true);
      break;
    case 'cr-line-endings':
      push('Convert the line endings to CRLF', editsCrLineEndings(doc), true);
      break;
    default:
      break;
  }
  if (wide) {
    const all = makeReadableByPandocFix(doc);
    if (all !== undefined) out.push(all);
  }
  return out;
}
