/**
 * Assertions for the web tests, which run in a browser's Web Worker where `node:assert` does not
 * exist: each throws an Error with what was expected and what was found.
 */

/** Fails unless `value` is truthy. */
export function ok(value: unknown, message: string): asserts value {
  if (!value) throw new Error(message);
}

/** Fails unless `actual === expected` (or, for arrays and objects, their JSON is the same). */
export function equal(actual: unknown, expected: unknown, message = ''): void {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (actual !== expected && a !== e) throw new Error(`${message ? `${message}: ` : ''}expected ${e}, got ${a}`);
}

/** Fails unless `text` matches `pattern`. */
export function match(text: string, pattern: RegExp, message = ''): void {
  if (!pattern.test(text)) throw new Error(`${message ? `${message}: ` : ''}expected ${String(pattern)} in ${JSON.stringify(text.slice(0, 2000))}`);
}
