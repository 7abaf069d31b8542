/**
 * The diagnostics of a Markdown document's citations: `ris.unknown-citation` on every citation whose
 * key is in no reference of the document's bibliography (pandoc would print "citation not found"
 * and `???`). The editor and `ris-references check` both use it; what counts as the bibliography
 * (the front matter's RIS files, or the whole library) is the caller's to decide.
 */
import type { Citation } from './citation';
import { DiagnosticCode, type Severity } from '../validation/codes';
import type { MarkdownDiagnostic } from './metadataDiagnostics';

/** One diagnostic of a citation, as offsets into the Markdown text. */
export interface CitationDiagnostic extends MarkdownDiagnostic {
  /** The key the diagnostic is about. */
  readonly key: string;
}

/** What {@link citationDiagnostics} needs to know about the document's bibliography. */
export interface CitationBibliography {
  /** True when a key is the key of a reference of the bibliography (pandoc's keys). */
  has(key: string): boolean;
  /** `document` when the front matter names the bibliography, `library` when it is every RIS file. */
  readonly source: 'document' | 'library';
  /**
   * For the library: how many RIS files of the workspace it could not read (too large, unreadable).
   * An unknown key may be in one of them, and the message says so.
   */
  readonly notRead?: number;
}

/**
 * The diagnostics of `citations` against `bibliography`, in text order; none when `severity` is
 * `ignore`.
 */
export function citationDiagnostics(
  citations: readonly Citation[],
  bibliography: CitationBibliography,
  severity: Severity,
): CitationDiagnostic[] {
  if (severity === 'ignore') return [];
  const where = bibliography.source === 'document' ? 'the bibliography of this document' : 'any RIS file of the workspace';
  const notRead = bibliography.source === 'library' ? (bibliography.notRead ?? 0) : 0;
  const unread =
    notRead === 0 ? '' : `; ${notRead === 1 ? 'one RIS file of the workspace is' : `${notRead} RIS files of the workspace are`} not read, and the References view says why`;
  const out: CitationDiagnostic[] = [];
  for (const c of citations) {
    if (bibliography.has(c.key)) continue;
    out.push({
      start: c.start,
      end: c.end,
      code: DiagnosticCode.UnknownCitation,
      severity,
      message: `No reference in ${where} has the key \`${c.key}\`${unread}.`,
      key: c.key,
    });
  }
  return out;
}
