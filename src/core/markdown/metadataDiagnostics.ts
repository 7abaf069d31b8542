/**
 * The diagnostics of a Markdown document's YAML metadata blocks: `ris.invalid-metadata` on YAML that
 * pandoc cannot read. pandoc stops on such a block ("Error parsing YAML metadata") and renders
 * nothing, so the error is reported where it is, with the YAML reader's message. The editor and
 * `ris-references check` both use it.
 */
import type { FrontMatter } from './frontMatter';
import { DiagnosticCode, type Severity } from '../validation/codes';

/** One diagnostic of a Markdown document, as offsets into its text. */
export interface MarkdownDiagnostic {
  readonly start: number;
  readonly end: number;
  readonly code: DiagnosticCode;
  readonly severity: Exclude<Severity, 'ignore'>;
  readonly message: string;
}

/** The diagnostics of the metadata blocks (`scanMarkdown(text).metadata`); none when `severity` is `ignore`. */
export function metadataDiagnostics(blocks: readonly FrontMatter[], severity: Severity): MarkdownDiagnostic[] {
  if (severity === 'ignore') return [];
  const out: MarkdownDiagnostic[] = [];
  for (const block of blocks) {
    for (const problem of block.yamlErrors) {
      // An empty range would be invisible: cover at least one character, and an error at the end of
      // the content (an unclosed quote or bracket) is shown on the closing line.
      const atEnd = problem.start >= block.contentEnd;
      const start = atEnd ? block.contentEnd : problem.start;
      const end = atEnd ? block.end : problem.end > problem.start ? problem.end : problem.start + 1;
      out.push({
        start,
        end,
        code: DiagnosticCode.InvalidMetadata,
        severity,
        message: `pandoc cannot read this metadata block (it stops with "Error parsing YAML metadata"): ${problem.message}`,
      });
    }
  }
  return out;
}
