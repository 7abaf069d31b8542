/**
 * The benchmark's baseline: the smallest reasonable RIS parser, written the way one would write it
 * by hand for speed. One pass with `indexOf('\n')` and `charCodeAt`; a line `XX  - value` is a field
 * (`{tag, value}`), `TY` opens a record, `ER` closes it, any other non-blank line continues the last
 * value. No positions, no line numbers, no issues, no outside lines, no BOM or bare-CR handling:
 * everything `parseRis` does beyond this is what the "≤ 1.25× the hand parser" target pays for.
 */

export interface HandField {
  readonly tag: string;
  value: string;
}

export interface HandRecord {
  readonly fields: HandField[];
}

/** True for space, tab and the other ASCII whitespace a value is trimmed of. */
function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

export function handParse(text: string): HandRecord[] {
  const records: HandRecord[] = [];
  let current: HandRecord | null = null;
  let last: HandField | null = null;
  const len = text.length;
  let pos = 0;
  while (pos < len) {
    let nl = text.indexOf('\n', pos);
    if (nl < 0) nl = len;
    let end = nl;
    while (end > pos && isSpace(text.charCodeAt(end - 1))) end--;
    if (
      end - pos >= 5 &&
      text.charCodeAt(pos + 2) === 32 &&
      text.charCodeAt(pos + 3) === 32 &&
      text.charCodeAt(pos + 4) === 45
    ) {
      const tag = text.substring(pos, pos + 2);
      let vs = pos + 5;
      if (vs < end && text.charCodeAt(vs) === 32) vs++;
      if (tag === 'ER') {
        current = null;
        last = null;
      } else {
        if (tag === 'TY') {
          current = { fields: [] };
          records.push(current);
        }
        if (current !== null) {
          last = { tag, value: text.substring(vs, end) };
          current.fields.push(last);
        }
      }
    } else if (last !== null) {
      let s = pos;
      while (s < end && isSpace(text.charCodeAt(s))) s++;
      if (s < end) last.value = last.value.length === 0 ? text.substring(s, end) : `${last.value} ${text.substring(s, end)}`;
    }
    pos = nl + 1;
  }
  return records;
}
