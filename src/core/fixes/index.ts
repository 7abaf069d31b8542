/**
 * Quick fixes and file-wide fixes, as pure functions from a parsed document to text edits: the
 * public API of the fixes domain. See fixTypes.ts for the rules every fix follows.
 */
export { RisFix, FixOptions } from './fixTypes';
export { editsNormaliseTagLine, editsContinuations, editsAddEnd, editsSetType, editsMoveOutside, editsDeleteOutside, editsDeleteExtraEnd, editsRemoveBlankLines, editsRemoveLeadingBlankLines, editsStrayCr, editsPandocFinalLineBreak, editsCrLineEndings, editsMedlineName } from './recordEdits';
export { FixableDiagnostic, fixesForDiagnostic, pinAllKeysFix } from './quickFixes';
export { fileFixes, FileFixAllKind, fileFixAllEdits } from './fileFixes';
export { PandocFixOptions, makeReadableByPandocFix } from './pandocFix';
