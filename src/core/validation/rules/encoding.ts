/**
 * The encoding rule (`ris.encoding`): a file that was not valid UTF-8 (read as Windows-1252), a
 * UTF-16 file, and U+FFFD replacement characters; and, as `ris.pandoc-incompatible`, the verdict
 * that pandoc rejects a file that is not UTF-8. Runs only when the caller says how the bytes were
 * decoded (`options.encoding`).
 */

import { DiagnosticCode } from '../codes';
import { defineRule, type RuleContext } from './rule';
import { lineEndAt } from '../../text/lines';

/** Cap on U+FFFD diagnostics per file. */
const MAX_REPLACEMENT_DIAGNOSTICS = 100;

/** One diagnostic per U+FFFD, at most {@link MAX_REPLACEMENT_DIAGNOSTICS}. */
function checkReplacementCharacters(ctx: RuleContext, count: number): void {
  const text = ctx.text;
  const sEncoding = ctx.severity(DiagnosticCode.Encoding);
  let i = text.indexOf('\ufffd');
  let n = 0;
  while (i >= 0 && n < MAX_REPLACEMENT_DIAGNOSTICS) {
    n++;
    const more = count - n;
    ctx.emit(
      DiagnosticCode.Encoding,
      sEncoding,
      `U+FFFD (�) replaces a character that was lost when this text was decoded or exported. Replace it with the right character.${n === MAX_REPLACEMENT_DIAGNOSTICS && more > 0 ? ` (${more} more in this file are not listed.)` : ''}`,
      i,
      i + 1,
      {},
    );
    i = text.indexOf('\ufffd', i + 1);
  }
}

/** How the file was decoded, what was lost, and whether pandoc can read it. */
export const encodingRule = defineRule('encoding', [DiagnosticCode.Encoding, DiagnosticCode.PandocIncompatible], 'document', (ctx) => {
  const enc = ctx.options.encoding;
  if (enc === undefined) return;
  const { text, bomEnd } = ctx;
  const sEncoding = ctx.severity(DiagnosticCode.Encoding);
  const firstEnd = lineEndAt(text, bomEnd);
  const utf16 = enc.encoding === 'utf-16le' || enc.encoding === 'utf-16be';
  if (enc.fallback) {
    ctx.emit(
      DiagnosticCode.Encoding,
      sEncoding,
      `This file is not valid UTF-8, so it was read as ${enc.encoding === 'windows-1252' ? 'Windows-1252' : enc.encoding}: accented characters may be wrong. If the text looks right, save the file as UTF-8; otherwise reopen it with its real encoding.`,
      bomEnd,
      firstEnd,
      {},
    );
  } else if (utf16) {
    ctx.emit(
      DiagnosticCode.Encoding,
      sEncoding,
      `This file is saved as ${enc.encoding === 'utf-16le' ? 'UTF-16 LE' : 'UTF-16 BE'}; most reference managers and pandoc expect UTF-8. Save it as UTF-8.`,
      bomEnd,
      firstEnd,
      {},
    );
  }
  if (enc.replacementCharacters > 0 && sEncoding !== 'ignore') checkReplacementCharacters(ctx, enc.replacementCharacters);
  const invalidAfterBom = enc.encoding === 'utf-8-bom' && enc.replacementCharacters > 0;
  if (enc.fallback || utf16 || invalidAfterBom) {
    ctx.emit(
      DiagnosticCode.PandocIncompatible,
      ctx.severity(DiagnosticCode.PandocIncompatible),
      `pandoc rejects the whole bibliography: the file is not UTF-8 (it stops with "UTF-8 decoding error"). Save it as UTF-8.`,
      bomEnd,
      firstEnd,
      { pandoc: 'encoding' },
    );
  }
});
