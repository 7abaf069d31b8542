/**
 * Hover text for tags and type codes, as Markdown (no HTML), built from the spec tables.
 */

import {
  CORPUS_FILE_COUNT,
  getTagInfo,
  getTypeInfo,
  normalizeCode,
  suggestTypes,
  tagMeaningForType,
  type SpecStatus,
  type TagInfo,
  type TypeInfo,
} from './index';

/** Escapes the characters Markdown would treat as markup (and `<`, so nothing reads as HTML). */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]<>#|~]/g, (c) => `\\${c}`);
}

/** Inline code span for a tag or code; these never contain a backtick. */
function code(text: string): string {
  return `\`${text.replace(/`/g, '')}\``;
}

const STATUS_TEXT: Readonly<Record<SpecStatus, string>> = {
  both: 'old RefMan spec and 2011 spec',
  '2011': '2011 spec only',
  old: 'old RefMan spec only (superseded in 2011)',
  vendor: 'neither spec (an exporter’s own tag)',
};

/** A one-line description of where a tag is defined, e.g. "2011 spec only". */
export function specStatusText(status: SpecStatus): string {
  return STATUS_TEXT[status];
}

function vendorLine(t: TagInfo): string | undefined {
  if (t.vendors.length === 0) return undefined;
  return `${escapeMarkdown(t.vendors.join(' / '))} tag: ${escapeMarkdown(t.vendorUse)}`;
}

function repeatLine(t: TagInfo): string | undefined {
  if (t.repeatable) return `Repeatable: ${escapeMarkdown(t.repeatNote || 'yes')}`;
  if (t.repeatedInPractice) {
    const n = t.corpusRecordsWithRepeat;
    return `Repeatable: not in the spec, but exports repeat it${n > 0 ? ` (${n} corpus records)` : ''}`;
  }
  if (t.status === 'vendor') return undefined;
  return 'Repeatable: no';
}

function pandocLine(t: TagInfo): string | undefined {
  if (!t.pandoc) return undefined;
  return t.pandoc === 'ignored' ? 'pandoc: ignored' : `pandoc: ${escapeMarkdown(t.pandoc)}`;
}

function corpusLine(t: TagInfo): string | undefined {
  if (t.corpusFiles === 0) return undefined;
  return `Seen in ${t.corpusFiles} of ${CORPUS_FILE_COUNT} research-corpus files`;
}

/**
 * Hover Markdown for `tag`: its meaning, what it means in a record of `recordType` where the 2011
 * per-type table says, which spec defines it (or which exporter writes it), whether it repeats, notes
 * on the value, pandoc's use of it and how common it is. For an unknown tag, says so.
 */
export function tagHoverMarkdown(tag: string, recordType?: string): string {
  const name = normalizeCode(tag);
  const t = getTagInfo(name);
  if (!t) {
    return `${code(name)}: not a known RIS tag (neither spec defines it and no known exporter writes it).`;
  }
  const parts: string[] = [];
  const vendor = vendorLine(t);
  if (t.status === 'vendor' && vendor) {
    parts.push(`${code(t.tag)}: ${vendor}`);
  } else {
    parts.push(`${code(t.tag)}: ${escapeMarkdown(t.meaning)}`);
  }
  if (recordType) {
    const type = normalizeCode(recordType);
    const label = tagMeaningForType(t.tag, type);
    if (label) parts.push(`In a ${code(type)} record: **${escapeMarkdown(label)}**`);
  }
  const facts: string[] = [];
  facts.push(`Spec: ${specStatusText(t.status)}`);
  if (t.status === 'vendor') {
    facts.push(`Table note: ${escapeMarkdown(t.meaning)}`);
  } else if (vendor) {
    facts.push(vendor);
  }
  for (const line of [repeatLine(t), t.valueNotes ? `Value: ${escapeMarkdown(t.valueNotes)}` : undefined, pandocLine(t), corpusLine(t)]) {
    if (line) facts.push(line);
  }
  parts.push(facts.map((f) => `- ${f}`).join('\n'));
  return parts.join('\n\n');
}

function listsLine(t: TypeInfo): string {
  if (t.inOldSpec && t.in2011Spec) return 'Lists: old RefMan spec and 2011 spec';
  if (t.inOldSpec) return 'Lists: old RefMan spec only (dropped in 2011)';
  if (t.in2011Spec) return 'Lists: 2011 spec only';
  return 'Lists: neither spec';
}

function pandocTypeLine(t: TypeInfo): string | undefined {
  if (!t.pandocType) return undefined;
  const unknown = /^\(unknown -> (.+)\)$/.exec(t.pandocType);
  if (unknown) return `pandoc: no type of its own, read as ${code(unknown[1] ?? 'misc')}`;
  return `pandoc: ${code(t.pandocType)}`;
}

function describeSuggestion(c: string): string {
  const t = getTypeInfo(c);
  return t ? `${code(c)} (${escapeMarkdown(t.name)})` : code(c);
}

/**
 * Hover Markdown for the type `code`: its names in both specs, which spec lists hold it, whether
 * EndNote exports it, the CSL type pandoc gives it and the table's notes. A code outside both lists
 * gets the nearest standard code; an unknown code is called unknown, with the nearest known codes.
 */
export function typeHoverMarkdown(typeCode: string): string {
  const c = normalizeCode(typeCode);
  const t = getTypeInfo(c);
  if (!t) {
    const suggestions = suggestTypes(c, 3);
    const head = `${code(c.length > 40 ? `${c.slice(0, 39)}…` : c)}: not a known RIS type code.`;
    if (suggestions.length === 0) {
      return `${head} No known code is close; ${describeSuggestion('GEN')} fits any reference.`;
    }
    return `${head} Did you mean ${suggestions.map(describeSuggestion).join(' or ')}?`;
  }
  const parts: string[] = [];
  parts.push(t.name2011 || t.nameOld ? `${code(t.code)}: ${escapeMarkdown(t.name)}` : `${code(t.code)}: type code outside both spec lists`);
  const facts: string[] = [];
  if (t.name2011) facts.push(`2011 spec name: ${escapeMarkdown(t.name2011)}`);
  if (t.nameOld) facts.push(`Old RefMan spec name: ${escapeMarkdown(t.nameOld)}`);
  facts.push(listsLine(t));
  if (t.exportedByEndNote) facts.push('Exported by EndNote');
  const pandoc = pandocTypeLine(t);
  if (pandoc) facts.push(pandoc);
  if (t.notes) facts.push(`Note: ${escapeMarkdown(t.notes)}`);
  parts.push(facts.map((f) => `- ${f}`).join('\n'));
  if (!t.inOldSpec && !t.in2011Spec) {
    const better = suggestTypes(c, 1)[0];
    if (better && better !== c) parts.push(`Standard code: ${describeSuggestion(better)}`);
  }
  return parts.join('\n\n');
}
