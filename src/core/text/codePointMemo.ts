/**
 * What a reduction makes of one code point, made once per code point and remembered: a text reduced
 * character by character (a title's duplicate key, the deduplication's words) then looks each of
 * its non-ASCII characters up instead of running Unicode normalisation and regular expressions
 * over the whole text.
 */

/** Distinct code points remembered at most (a text of every script stays bounded). */
const MAX_REMEMBERED = 65_536;

/** A reduction of single code points (`reduce` is given the code point as a string), remembered per code point. */
export class CodePointMemo {
  private readonly reduced = new Map<number, string>();

  constructor(private readonly reduce: (char: string) => string) {}

  /** What `reduce` makes of code point `cp`. */
  of(cp: number): string {
    let r = this.reduced.get(cp);
    if (r === undefined) {
      r = this.reduce(String.fromCodePoint(cp));
      if (this.reduced.size < MAX_REMEMBERED) this.reduced.set(cp, r);
    }
    return r;
  }
}
