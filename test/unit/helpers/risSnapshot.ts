/**
 * A plain-data copy of a parsed document (every property of the public model, read through its
 * getters), and a seeded random edit generator: what the differential tests of the incremental
 * re-parse compare and how they change the corpus files.
 */
import type { RisDocument, RisField, RisRecord } from '../../../src/core/ris/model';
import type { TextEdit } from '../../../src/core/text/edits';

function fieldData(f: RisField): unknown {
  return [
    f.tag, f.lineValue, f.value, f.line, f.lineStart, f.tagStart, f.tagEnd, f.valueStart, f.valueEnd, f.end, f.endLine,
    f.continuations.map((c) => [c.start, c.end, c.line, c.lineStart, c.afterBlank]),
    [...f.issues],
  ];
}

function recordData(r: RisRecord): unknown {
  return {
    index: r.index, type: r.type, start: r.start, end: r.end, startLine: r.startLine, endLine: r.endLine,
    blankLines: [...r.blankLines], unterminated: r.unterminated,
    fields: r.fields.map(fieldData), endTag: r.endTag === undefined ? undefined : fieldData(r.endTag),
  };
}

/** Every property of the public model of `doc`, as plain data (text left out: compare it apart). */
export function documentData(doc: RisDocument): unknown {
  return {
    records: doc.records.map(recordData),
    outside: doc.outside.map((o) => ({ ...o })),
    bom: doc.bom, lineEnding: doc.lineEnding, newline: doc.newline, lineCount: doc.lineCount,
    missingFinalNewline: doc.missingFinalNewline, strayCarriageReturns: [...doc.strayCarriageReturns],
  };
}

/** mulberry32: a small deterministic generator of numbers in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CHARS = ['a', 'T', 'Y', 'E', 'R', ' ', ' ', '-', '\n', '\r', '\r\n', '\t', '\ufeff', 'x', '1', '\u00a0'];
const LINES = [
  'TY  - JOUR', 'ER  - ', 'AU  - Doe, Jane', '', '   ', 'a continuation of the line above', 'ID  - key1',
  'er  - ', 'TY - BOOK', 'TI  - A title', 'PY  - 2020', 'DO  - 10.1000/xyz', '  AU  - Indented', 'PMID  - 123',
  'ER  -', 'TY  -', 'Record #1', 'NL  - orphan',
];

/** A random edit of `text`: characters, lines, whole records, line breaks, byte-order marks. */
export function randomEdit(text: string, rnd: () => number): TextEdit {
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)]!;
  const at = Math.floor(rnd() * (text.length + 1));
  const lineStart = (o: number): number => {
    let i = o;
    while (i > 0 && text[i - 1] !== '\n' && text[i - 1] !== '\r') i--;
    return i;
  };
  const lineNext = (o: number): number => {
    let i = o;
    while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
    if (text[i] === '\r' && text[i + 1] === '\n') return i + 2;
    return Math.min(text.length, i + 1);
  };
  const kind = Math.floor(rnd() * 10);
  switch (kind) {
    case 0:
      return { start: at, end: at, newText: pick(CHARS) };
    case 1:
      return { start: at, end: Math.min(text.length, at + 1 + Math.floor(rnd() * 3)), newText: '' };
    case 2: {
      const s = lineStart(at);
      return { start: s, end: s, newText: pick(LINES) + pick(['\n', '\n', '\r\n', '\r']) };
    }
    case 3: {
      const s = lineStart(at);
      return { start: s, end: lineNext(s), newText: '' };
    }
    case 4: {
      // A whole record: from a TY line to the line after the next ER line; removed or copied.
      const ty = text.indexOf('TY  - ', at);
      if (ty < 0) return { start: at, end: at, newText: 'ER  - \n' };
      const er = text.indexOf('ER  - ', ty);
      const end = er < 0 ? text.length : lineNext(er);
      return rnd() < 0.5 ? { start: ty, end, newText: '' } : { start: lineStart(at), end: lineStart(at), newText: text.slice(ty, end) };
    }
    case 5: {
      // Line breaks: LF ↔ CRLF ↔ CR.
      const lf = text.indexOf('\n', at);
      if (lf < 0) return { start: text.length, end: text.length, newText: '\r\n' };
      if (lf > 0 && text[lf - 1] === '\r') return { start: lf - 1, end: lf + 1, newText: pick(['\n', '\r']) };
      return { start: lf, end: lf + 1, newText: pick(['\r\n', '\r']) };
    }
    case 6:
      return text.startsWith('\ufeff') ? { start: 0, end: 1, newText: '' } : { start: 0, end: 0, newText: '\ufeff' };
    case 7: {
      const ln = lineStart(at);
      return { start: ln, end: ln, newText: pick(['ER  - \n', 'ER  - \r\n', 'TY  - JOUR\n', '\n', '\n\n']) };
    }
    case 8:
      return { start: at, end: Math.min(text.length, at + Math.floor(rnd() * 200)), newText: pick(LINES) };
    default: {
      // The end of the text.
      const n = text.length;
      return rnd() < 0.5 ? { start: Math.max(0, n - 1 - Math.floor(rnd() * 4)), end: n, newText: '' } : { start: n, end: n, newText: pick(['\n', 'ER  - ', 'x', '\r']) };
    }
  }
}
