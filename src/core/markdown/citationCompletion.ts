/**
 * The completion context of a citation key: where the key being typed after `@` (or `@{`) starts and
 * ends, what has been typed, and whether it is inside `[…]`.
 */
import { runScanner } from './citationScanner';
import { MAX_BRACED_KEY, cpAt, cpBefore, cpLength, isWhite } from './markdownSyntax';
import { isKeyAlnum, isKeyChar, isKeyPunctuation } from '../keys/keySyntax';

/** Where a completion of a citation key applies. */
export interface CitationCompletionContext {
  /**
   * Start of the range the chosen key replaces: just after `@`, or after `@{` for a braced key.
   * Insert the key as it must be written there: `{key}` when a bare key needs braces.
   */
  readonly replaceStart: number;
  /**
   * End of that range: the end of the key characters that follow the cursor; for a braced key, past
   * the closing `}` when there is one (so insert `key}`).
   */
  readonly replaceEnd: number;
  /** What has been typed of the key so far (from `replaceStart` to the cursor). */
  readonly prefix: string;
  /** True when the `@` lies inside `[…]` (an open or closed bracket of the paragraph). */
  readonly insideBrackets: boolean;
  /** True after `@{`. */
  readonly braced: boolean;
  /** Offset of the `@`. */
  readonly at: number;
}

/**
 * The completion context when the cursor follows an `@` that starts a citation, possibly with part of
 * a key typed (`@`, `[@Do`, `[@a; @`, `-@`, `@{Doe_n.`); undefined when the `@` follows a letter,
 * digit or `.` (`me@exam`), is escaped, or lies in code, math, a comment, a URL or a metadata block.
 */
export function citationCompletionContext(markdown: string, offset: number): CitationCompletionContext | undefined {
  const text = markdown;
  if (offset < 1 || offset > text.length) return undefined;
  // Find the `@` on this line, before the cursor.
  let at = -1;
  for (let k = offset - 1; k >= 0 && offset - k <= MAX_BRACED_KEY; k--) {
    const c = text.charCodeAt(k);
    if (c === 64) {
      at = k;
      break;
    }
    if (isWhite(c)) return undefined;
  }
  if (at < 0) return undefined;
  const typed = text.slice(at + 1, offset);
  const braced = typed.startsWith('{');
  if (braced) {
    if (/[{}]/.test(typed.slice(1))) return undefined;
  } else if (typed.length > 0 && !isTypedBareKey(typed)) {
    return undefined;
  }
  // The `@` itself: not after a letter, digit or `.`, nor an e-mail's `name_`, nor escaped.
  const prev = cpBefore(text, at);
  if (!Number.isNaN(prev)) {
    if (isKeyAlnum(prev) || prev === 46) return undefined;
    if (prev === 95 || prev === 43 || prev === 37) {
      const before = cpBefore(text, at - 1);
      if (!Number.isNaN(before) && isKeyAlnum(before)) return undefined;
    }
  }
  const probe = runScanner(text, { probeAt: at }).probe;
  if (probe && !probe.plain) return undefined;
  const replaceStart = at + 1 + (braced ? 1 : 0);
  let replaceEnd = offset;
  if (braced) {
    while (replaceEnd < text.length) {
      const c = text.charCodeAt(replaceEnd);
      if (isWhite(c) || c === 123 || c === 125) break;
      replaceEnd++;
    }
    if (text.charCodeAt(replaceEnd) === 125) replaceEnd++;
  } else {
    while (replaceEnd < text.length) {
      const cp = cpAt(text, replaceEnd);
      if (!isKeyChar(cp) && !isKeyPunctuation(cp)) break;
      replaceEnd += cpLength(cp);
    }
  }
  return {
    replaceStart,
    replaceEnd,
    prefix: text.slice(replaceStart, offset),
    insideBrackets: (probe?.openBrackets.length ?? 0) > 0,
    braced,
    at,
  };
}

/** Part of a bare key as typed: it starts like a key and holds only key characters. */
function isTypedBareKey(typed: string): boolean {
  let j = 0;
  const first = cpAt(typed, 0);
  if (!isKeyChar(first)) return false;
  while (j < typed.length) {
    const cp = cpAt(typed, j);
    if (!isKeyChar(cp) && !isKeyPunctuation(cp)) return false;
    j += cpLength(cp);
  }
  return true;
}
