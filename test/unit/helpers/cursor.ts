import * as assert from 'node:assert/strict';

/** Splits `text` at the `|` cursor marker: the text without it, and the marker's offset. */
export function cursor(text: string): { text: string; offset: number } {
  const offset = text.indexOf('|');
  assert.ok(offset >= 0, 'cursor marker');
  return { text: text.slice(0, offset) + text.slice(offset + 1), offset };
}
