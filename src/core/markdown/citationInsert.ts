/**
 * The edit of the Insert Citation command: citations of chosen keys added to the group under the
 * cursor, to an unfinished bracket, or written new in the configured format.
 */
import type { TextEdit } from '../text/edits';
import { runScanner } from './citationScanner';
import { cpBefore, isWhite } from './markdownSyntax';
import { isKeyAlnum, needsBraces } from '../keys/keySyntax';

/** The citation format of the Insert Citation command. */
export type CitationFormat = 'pandoc' | 'pandoc-bare' | (string & {});


/**
 * The edit that inserts citations of `keys` at `offset` (an insertion: `start === end`).
 *
 * - Inside an existing citation group `[@…]` (including just before its `[` or just after its `]`),
 *   whatever the format, the keys are added as entries: at the cursor when it is between entries
 *   (at the start of an entry: `@k; ` is inserted; at the end of an entry: `; @k`), otherwise after
 *   the group's last entry, just before the `]`.
 * - Inside an unfinished bracket right after `[` or `;` (`[@a; |`), the keys are written bare there.
 * - Otherwise, by `format`: `'pandoc'` writes `[@a; @b]`; `'pandoc-bare'` writes `@a; @b` (with a
 *   space before it when it would follow a letter, digit or `.`, which would make it an e-mail); any
 *   other string is a template in which `${keys}` becomes the keys joined with `; @` (so `[@${keys}]`
 *   gives `[@a; @b]`) and `${key}` the first key.
 *
 * A cursor inside a key is first moved to the end of that citation. `braces` decides which keys are
 * written `{key}` (by default pandoc's rule, {@link needsBraces}).
 */
export function insertCitationEdit(
  markdown: string,
  offset: number,
  keys: readonly string[],
  format: CitationFormat,
  braces: (key: string) => boolean = needsBraces,
): TextEdit {
  const text = markdown;
  let at = Math.max(0, Math.min(Math.floor(offset) || 0, text.length));
  if (keys.length === 0) return { start: at, end: at, newText: '' };
  const written = keys.map((k) => (braces(k) ? `{${k}}` : k));
  const cited = written.map((k) => `@${k}`).join('; ');
  const insert = (pos: number, newText: string): TextEdit => ({ start: pos, end: pos, newText });

  const citations = runScanner(text, { until: at }).citations;
  const inside = citations.find((c) => c.start < at && at < c.end);
  if (inside) at = inside.end;

  // 1. An existing group.
  const grouped = citations.filter((c) => c.group && c.group.start <= at && at <= c.group.end);
  if (grouped.length > 0) {
    // The innermost group holding the cursor.
    let groupStart = -1;
    for (const c of grouped) groupStart = Math.max(groupStart, c.group!.start);
    const members = grouped.filter((c) => c.group!.start === groupStart);
    const group = members[0].group!;
    const last = members[members.length - 1].entry!;
    if (at === group.start) at = group.start + 1;
    if (at < group.end) {
      const entry = members.find((c) => c.entry!.start <= at && at <= c.entry!.end)?.entry;
      if (entry && text.slice(entry.start, at).trim() === '') {
        const lead = text.charCodeAt(at - 1) === 59 ? ' ' : '';
        const trail = isWhite(text.charCodeAt(at)) ? ';' : '; ';
        return insert(at, `${lead}${cited}${trail}`);
      }
      if (entry && text.slice(at, entry.end).trim() === '') {
        return insert(trimBack(text, at, entry.start), `; ${cited}`);
      }
    }
    return insert(trimBack(text, last.end, last.start), `; ${cited}`);
  }

  // 2. An unfinished bracket: `[|`, `[@a; |`, `[@a|`.
  const probe = runScanner(text, { probeAt: at }).probe;
  if (probe?.plain && probe.openBrackets.length > 0) {
    const open = probe.openBrackets[probe.openBrackets.length - 1];
    const before = text.slice(open + 1, at);
    const prevChar = trimBack(text, at, open + 1) - 1;
    const hasCitation = citations.some((c) => c.start > open && c.end <= at);
    if (before.trim() === '' || (hasCitation && text.charCodeAt(prevChar) === 59)) {
      const lead = text.charCodeAt(at - 1) === 59 ? ' ' : '';
      return insert(at, `${lead}${cited}`);
    }
    if (hasCitation && citations.some((c) => c.end === trimBack(text, at, open + 1))) {
      return insert(trimBack(text, at, open + 1), `; ${cited}`);
    }
  }

  // 3. A new citation.
  if (format === 'pandoc') return insert(at, `[${cited}]`);
  if (format === 'pandoc-bare') {
    const prev = cpBefore(text, at);
    const space = !Number.isNaN(prev) && (isKeyAlnum(prev) || prev === 46 || prev === 95);
    return insert(at, `${space ? ' ' : ''}${cited}`);
  }
  const newText = format.replace(/\$\{keys\}/g, () => written.join('; @')).replace(/\$\{key\}/g, () => written[0]);
  return insert(at, newText);
}

/** `pos` moved back over whitespace, not before `floor`. */
function trimBack(text: string, pos: number, floor: number): number {
  let p = pos;
  while (p > floor && isWhite(text.charCodeAt(p - 1))) p--;
  return p;
}
