/**
 * The bibliography section that "Insert Bibliography" writes into a Markdown document: the cited
 * references in the style's order, between two HTML comments that the next run finds again (and
 * that pandoc and Markdown previews do not show).
 */
import { BIBLIOGRAPHY_END, BIBLIOGRAPHY_START } from './markdownItPlugin';
import type { RenderedDocument } from '../csl/citeproc';

/** An edit of a text: replace `[start, end)` with `text`. */
export interface SectionEdit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** Where an existing section is: from its start marker to the end of its end marker. */
export function findBibliographySection(markdown: string): { start: number; end: number } | undefined {
  const start = markdown.indexOf(BIBLIOGRAPHY_START);
  if (start < 0) return undefined;
  const endMarker = markdown.indexOf(BIBLIOGRAPHY_END, start);
  if (endMarker < 0) return undefined;
  return { start, end: endMarker + BIBLIOGRAPHY_END.length };
}

/**
 * The section's text for a rendering in Markdown format: one paragraph per entry (numbers of
 * numeric styles kept as text, not as a Markdown list), and a note on unknown keys.
 */
export function bibliographySectionText(rendering: RenderedDocument, styleTitle: string, eol = '\n'): string {
  const lines: string[] = [`${BIBLIOGRAPHY_START} style="${styleTitle.replace(/--/g, '-').replace(/"/g, "'")}" (written by RIS: Insert Bibliography; edits inside are replaced) -->`];
  for (const entry of rendering.bibliography) {
    lines.push('');
    // "1. Doe" at the start of a line would become a Markdown list item numbered by the renderer.
    lines.push(entry.text.replace(/^(\d+)\.(\s)/, '$1\\.$2'));
  }
  if (rendering.unknown.length > 0) {
    lines.push('', `<!-- No reference has the key${rendering.unknown.length > 1 ? 's' : ''}: ${rendering.unknown.join(', ').replace(/--/g, '-')} -->`);
  }
  lines.push('', BIBLIOGRAPHY_END);
  return lines.join(eol);
}

/**
 * The edit that writes the section: in place of the existing one, else at the end of the document
 * (after a final "References"/"Bibliography" heading when there is one, which is where it ends).
 */
export function bibliographySectionEdit(markdown: string, section: string): SectionEdit {
  const existing = findBibliographySection(markdown);
  if (existing) return { start: existing.start, end: existing.end, text: section };
  const eol = markdown.includes('\r\n') ? '\r\n' : '\n';
  const trimmed = markdown.trimEnd(); // not `/\s+$/`: it rescans each run of spaces from every position
  const before = trimmed === '' ? '' : `${eol}${eol}`;
  return { start: trimmed.length, end: markdown.length, text: `${before}${section}${eol}` };
}
