/**
 * A string built as UTF-16 code units in one reused buffer and read out as one flat string.
 *
 * The keys a first validation makes (a duplicate key and a pandoc key per record, 300,000 strings in
 * a 100k-record export) are kept as long as the document is. Built with `+`, `join` or a list of
 * slices, each was a tree of concatenations and slices that V8 flattens into yet another string at
 * the first map lookup, and all those pieces were young objects for the garbage collector to copy.
 * Written into a {@link UnitBuffer}, a key is one string made once.
 */

/** Arguments per `String.fromCharCode` call (an argument list has a limit). */
const CHUNK = 8192;

/** The buffer's largest size kept between strings (a huge one lets its memory go). */
const MAX_KEPT_UNITS = 65_536;

/**
 * Decodes ASCII bytes to a one-byte string (the label `latin1` is windows-1252, the same as ASCII
 * below 0x80); undefined where the platform has no such decoder.
 */
const asciiDecoder = ((): InstanceType<typeof TextDecoder> | undefined => {
  try {
    return new TextDecoder('latin1');
  } catch {
    return undefined;
  }
})();

/** The code units of a string being built: `units[0, count)`. Callers in a hot loop may write `units` and `count` through locals. */
export class UnitBuffer {
  units = new Uint16Array(1024);
  count = 0;
  /** {@link units} copied as bytes, for the ASCII decoder. */
  private bytes = new Uint8Array(1024);

  /** Makes room for `more` code units after the `count` there are (`units` may be a new array after it). */
  reserve(more: number): void {
    if (this.count + more <= this.units.length) return;
    const wider = new Uint16Array(Math.max(this.units.length * 2, this.count + more));
    wider.set(this.units.subarray(0, this.count));
    this.units = wider;
  }

  /** Appends one code unit. */
  push(c: number): void {
    if (this.count === this.units.length) this.reserve(1);
    this.units[this.count++] = c;
  }

  /** Appends the code units of `s`. */
  pushString(s: string): void {
    this.pushRange(s, 0, s.length);
  }

  /** Appends the code units `[from, to)` of `text` (without slicing it). */
  pushRange(text: string, from: number, to: number): void {
    if (to <= from) return;
    this.reserve(to - from);
    const u = this.units;
    let k = this.count;
    for (let i = from; i < to; i++) u[k++] = text.charCodeAt(i);
    this.count = k;
  }

  /** The code units in the buffer as one flat string; empties the buffer. */
  take(): string {
    const n = this.count;
    let out: string;
    if (n <= CHUNK) out = this.text(0, n);
    else {
      const parts: string[] = [];
      for (let i = 0; i < n; i += CHUNK) parts.push(this.text(i, Math.min(n, i + CHUNK)));
      out = parts.join('');
    }
    this.count = 0;
    if (this.units.length > MAX_KEPT_UNITS) this.units = new Uint16Array(1024);
    if (this.bytes.length > MAX_KEPT_UNITS) this.bytes = new Uint8Array(1024);
    return out;
  }

  /**
   * Code units `[from, to)` as a string. A string of ASCII characters only (nearly every key) is
   * decoded from bytes: `String.fromCharCode.apply` copies its argument into a list of numbers
   * first, eight bytes per character.
   */
  private text(from: number, to: number): string {
    const n = to - from;
    const units = this.units;
    if (asciiDecoder !== undefined) {
      if (this.bytes.length < n) this.bytes = new Uint8Array(Math.max(n, this.bytes.length * 2));
      const bytes = this.bytes;
      let i = 0;
      for (; i < n; i++) {
        const c = units[from + i]!;
        if (c > 127) break;
        bytes[i] = c;
      }
      if (i === n) return asciiDecoder.decode(bytes.subarray(0, n));
    }
    return String.fromCharCode.apply(null, units.subarray(from, to) as unknown as number[]);
  }
}
