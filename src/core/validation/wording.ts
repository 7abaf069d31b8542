/**
 * Small helpers for the wording of diagnostic messages: a value shortened for a message, singular
 * or plural, the file name of a URI.
 */

/** A value for a message: at most `max` characters, line breaks shown as spaces. */
export function shown(v: string, max = 60): string {
  const one = v.length > max ? `${v.slice(0, max - 1)}…` : v;
  return one.replace(/[\r\n]+/g, ' ');
}


/** `one` when `n` is 1, else `many`. */
export function plural(n: number, one: string, many: string): string {
  return n === 1 ? one : many;
}


/** The last path segment of a URI or path, for messages. */
export function baseName(u: string): string {
  const i = Math.max(u.lastIndexOf('/'), u.lastIndexOf('\\'));
  return i >= 0 ? u.slice(i + 1) : u;
}
