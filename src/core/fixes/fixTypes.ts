/**
 * What a fix is, and the small helpers every fix builder shares.
 *
 * Rules every fix follows:
 * - Every byte the fix is not about stays as it was; edits never overlap (composed fixes reject a
 *   group of edits that would collide with another, rather than apply half of it).
 * - No data is lost: text outside records moves into a note (`N1  - `) of the nearest record, a
 *   tag that cannot stay becomes a labelled note (`N1  - PMID: 123`), continuation lines are joined
 *   into their value (or, for list tags, become their own tag lines) and never into another field.
 *   The only deletions are of whitespace, of a bare `ER` line that closes nothing (text after such
 *   an `ER` stays), of an empty tag line, of what a fix replaces (a type, a DOI's `https://doi.org/`)
 *   and — as a separate, explicitly named fix — of vendor header lines (`Provider:`, `Database:`,
 *   `Content:`, numbering).
 * - New lines use the document's own line ending (`doc.newline`).
 */
import type { RisDocument, RisField, RisRecord } from '../ris/model';
import { type TextEdit } from '../text/edits';
import type { DiagnosticData } from '../validation/diagnostic';
import { EditBuilder } from './editBuilder';
import { DocumentText } from '../ris/pieceText';
import { strayEndValue } from './recordEdits';

/** A fix: a title for the light-bulb menu, its kind, and the edits to apply together. */
export interface RisFix {
  readonly title: string;
  readonly kind: 'quickfix' | 'source.fixAll';
  readonly isPreferred?: boolean;
  readonly edits: TextEdit[];
}

/** Options for {@link fixesForDiagnostic}. */
export interface FixOptions {
  /** Type written by "Add TY" (default `JOUR`). */
  defaultType?: string;
  /**
   * Whether to append the file-wide fixes that apply (default true). They cost a pass over the
   * whole file (cached per document object); an adapter that resolves code actions lazily can ask
   * for them separately with {@link fileFixes}.
   */
  fileWide?: boolean;
  /**
   * The pattern of the keys the "Pin citation key" fixes write (see `expandPinPattern`; default
   * {@link DEFAULT_PIN_PATTERN}, `liu2021advances`). An adapter passes `ris.citationKey.pattern`.
   */
  pinPattern?: string;
  /**
   * Called when computing the fixes throws (a bug): the light bulb then offers nothing for the
   * diagnostic instead of failing. An adapter can log the error; tests use it to see the error.
   */
  onError?: (error: unknown) => void;
}


// ---------------------------------------------------------------------------------------------
// Fixes

/** A fix with its title, edits, kind and whether it is the preferred one. */
export function fix(title: string, edits: TextEdit[], isPreferred = false, kind: RisFix['kind'] = 'quickfix'): RisFix {
  return isPreferred ? { title, kind, isPreferred, edits } : { title, kind, edits };
}

/** Normalises edits through an {@link EditBuilder}: drops no-ops and merges touching edits. */
export function clean(doc: RisDocument, edits: TextEdit[]): TextEdit[] | undefined {
  const b = new EditBuilder(new DocumentText(doc));
  if (!b.addGroup(edits)) return undefined;
  return b.finish();
}

/** The record a diagnostic's data points at (`recordIndex`), if it still exists. */
export function recordAt(doc: RisDocument, data: DiagnosticData | undefined): RisRecord | undefined {
  const i = data?.recordIndex;
  return i !== undefined ? doc.records[i] : undefined;
}

/** The field a diagnostic's data points at (`recordIndex`, `fieldIndex`), if it still exists. */
export function fieldAt(doc: RisDocument, data: DiagnosticData | undefined): RisField | undefined {
  const r = recordAt(doc, data);
  if (r === undefined || data === undefined) return undefined;
  if (data.endTag) return r.endTag;
  return data.fieldIndex !== undefined ? r.fields[data.fieldIndex] : undefined;
}

/** The title of the fix for an `ER` that closes nothing (outside line `i`). */
export function extraEndTitle(doc: RisDocument, i: number): string {
  const o = doc.outside[i];
  return o !== undefined && strayEndValue(doc, o) !== undefined ? 'Delete the extra `ER  - `, keeping the text after it on its own line' : 'Delete the extra ER line';
}

/** `s` for a fix's title: at most `max` characters, cut with an ellipsis. */
export function quote(s: string, max = 30): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/** File-wide fixes by document object and kind (a new parse gets new fixes). */
const fileFixCache = new WeakMap<RisDocument, Map<string, RisFix[]>>();

/** The fixes computed for a document under `key`, computed once per parsed document object. */
export function cached(doc: RisDocument, key: string, compute: () => RisFix[]): RisFix[] {
  let m = fileFixCache.get(doc);
  if (m === undefined) {
    m = new Map();
    fileFixCache.set(doc, m);
  }
  let v = m.get(key);
  if (v === undefined) {
    v = compute();
    m.set(key, v);
  }
  return v;
}
