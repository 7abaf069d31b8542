/**
 * The benchmark's review draft: 200 paragraphs citing keys of the library (two citations and one
 * narrative mention each), what completion, hover, the preview and formatting run on. Shared by the
 * suite and the two-build comparison, so both measure the same text.
 */
import { formatCitationKey } from '../../src/core/keys/keySyntax';

/** A review draft citing `keys` (picked with fixed strides, so the same keys give the same text). */
export function draftMarkdown(keys: readonly string[]): string {
  const parts = ['---\ntitle: A systematic review\n---\n\n# Introduction\n'];
  for (let p = 0; p < 200; p++) {
    const a = keys[(p * 7919) % keys.length]!;
    const b = keys[(p * 104729 + 13) % keys.length]!;
    parts.push(`Prior work on this question is mixed [@${a}; @${b}, p. 3], and ${formatCitationKey(a)} argues otherwise. ${'Lorem ipsum dolor sit amet. '.repeat(8)}\n`);
  }
  return parts.join('\n');
}
