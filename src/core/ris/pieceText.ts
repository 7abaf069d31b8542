/**
 * The text of a document held in pieces, never made one string unless a reader asks for all of it.
 *
 * A 219 MB export decodes to 217 million characters; joining its decoded chunks into one string is a
 * single copy of some 430 MB that V8 cannot split (1.2 s on this project's machines), which would
 * block the thread it runs on. A document read in turns (`readRisInTurns`) therefore keeps its text
 * as the pieces it was parsed from. A document after an edit (`incremental.ts`) likewise: the text
 * before and after the records the edit touched are pieces of the text before it, and the re-parsed
 * records' text is a new piece, so that typing into a 22 MB export does not make a new 22-million-
 * character string per re-parse (120–130 ms each in the extension host). Each piece starts at a
 * record boundary, and every record (with every value sliced from it) lies inside one piece. The
 * document's `text` is joined only when some reader asks for it; the readers of a record's own
 * lines (validation, pandoc keys, duplicate keys, the text of a record) ask {@link textAt} for the
 * piece that holds an offset instead.
 */
import type { LinePosition } from '../text/lineIndex';
import { LineIndex } from '../text/lineIndex';
import { lineEndAt, lineStartAt, nextLineStart } from '../text/lines';
import type { RisDocument, RisRecord } from './model';
import { isParsedRecord } from './records';

/** A string and the document offset of its first character: character `i` of the document is `text[i - base]`. */
export interface TextAt {
  readonly text: string;
  readonly base: number;
}

/** The pieces of a document's text, in order; `bases[i]` is the document offset where piece `i` starts. */
export class PieceText {
  private joined: string | undefined;
  private readonly lineIndexes: (LineIndex | undefined)[];

  /**
   * `pieces[i]` holds the document's characters from `bases[i]` on (it may hold more after
   * `bases[i + 1]`, which the next piece holds too, and nothing else); `lines[i]` is the document
   * line its first character is on; `length` is the document's length.
   */
  constructor(
    private readonly pieces: readonly string[],
    private readonly bases: readonly number[],
    private readonly lines: readonly number[],
    readonly length: number,
  ) {
    this.lineIndexes = new Array<LineIndex | undefined>(pieces.length).fill(undefined);
  }

  /** The number of pieces. */
  get count(): number {
    return this.pieces.length;
  }

  /** True once the whole text was asked for (and made). */
  get isJoined(): boolean {
    return this.joined !== undefined;
  }

  /** The index of the piece holding `offset` (the last piece for offsets at or past the end). */
  private indexAt(offset: number): number {
    const bases = this.bases;
    let lo = 0;
    let hi = bases.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (bases[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /**
   * The piece holding `offset`, with its base; when `end` is given and the piece does not hold the
   * text up to it, the characters `[offset, end)` alone (joined from the pieces they span).
   */
  at(offset: number, end?: number): TextAt {
    const i = this.indexAt(offset);
    const text = this.pieces[i]!;
    const base = this.bases[i]!;
    if (end !== undefined && end - base > text.length) return { text: this.slice(offset, end), base: offset };
    return { text, base };
  }

  /** The characters `[start, end)` of the document (joined from the pieces they span, never from the whole text). */
  slice(start: number, end: number): string {
    if (this.joined !== undefined) return this.joined.slice(start, end);
    let i = this.indexAt(start);
    const bases = this.bases;
    if (i + 1 >= bases.length || end <= bases[i + 1]!) return this.pieces[i]!.slice(start - bases[i]!, end - bases[i]!);
    let out = '';
    for (let at = start; at < end && i < bases.length; i++) {
      const stop = i + 1 < bases.length ? Math.min(end, bases[i + 1]!) : end;
      out += this.pieces[i]!.slice(at - bases[i]!, stop - bases[i]!);
      at = stop;
    }
    return out;
  }

  /** The line and character of `offset`, from the line table of its piece alone. */
  positionAt(offset: number): LinePosition {
    const o = Math.max(0, Math.min(offset, this.length));
    const i = this.indexAt(o);
    let index = this.lineIndexes[i];
    if (index === undefined) {
      index = new LineIndex(this.own(i));
      this.lineIndexes[i] = index;
    }
    const p = index.positionAt(o - this.bases[i]!);
    return { line: this.lines[i]! + p.line, character: p.character };
  }

  /** The whole text, joined on the first call. */
  text(): string {
    if (this.joined === undefined) {
      const own: string[] = [];
      for (let i = 0; i < this.pieces.length; i++) own.push(this.own(i));
      this.joined = own.join('');
    }
    return this.joined;
  }

  /**
   * The text after replacing `[from, stopOld)` with `region`: the pieces before `from` as they are,
   * `region` (whose first line is line `fromLine`), then the pieces from `stopOld` on, `delta`
   * characters and `dLine` lines further (`stopLine` is the line at `stopOld`). `from` and `stopOld`
   * must be record boundaries. Small pieces next to the region are joined to it, and too many
   * pieces into one (see {@link PieceLimits}).
   */
  splice(from: number, fromLine: number, stopOld: number, stopLine: number, region: string, delta: number, dLine: number, limits: PieceLimits = PIECE_LIMITS): PieceText {
    const pieces: string[] = [];
    const bases: number[] = [];
    const lines: number[] = [];
    const push = (piece: string, base: number, line: number): void => {
      pieces.push(piece);
      bases.push(base);
      lines.push(line);
    };
    const n = this.pieces.length;
    for (let i = 0; i < n && this.bases[i]! < from; i++) {
      // The piece `from` falls into ends there: what it holds further is the text before the edit.
      const piece = this.pieces[i]!;
      const own = from - this.bases[i]!;
      push(i + 1 < n && this.bases[i + 1]! < from ? piece : piece.length > own ? piece.slice(0, own) : piece, this.bases[i]!, this.lines[i]!);
    }
    // The region, with the small piece before it (the one `from` cuts) joined to it.
    let head = region;
    let headBase = from;
    let headLine = fromLine;
    if (pieces.length > 0) {
      const last = pieces.length - 1;
      const own = from - bases[last]!;
      if (own <= limits.mergeChars) {
        head = pieces[last]!.slice(0, own) + region;
        headBase = bases[last]!;
        headLine = lines[last]!;
        pieces.length = bases.length = lines.length = last;
      }
    }
    // The pieces from `stopOld` on; the one `stopOld` falls into is cut there (a view, not a copy).
    let j = this.indexAt(stopOld);
    const tail: [string, number, number][] = [];
    if (stopOld < this.length) {
      if (this.bases[j]! < stopOld) {
        const cut = this.pieces[j]!.slice(stopOld - this.bases[j]!);
        tail.push([cut, stopOld, stopLine]);
        j++;
      }
      for (; j < n; j++) tail.push([this.pieces[j]!, this.bases[j]!, this.lines[j]!]);
    }
    if (tail.length > 0 && (tail.length === 1 ? this.length : tail[1]![1]) - tail[0]![1] <= limits.mergeChars) {
      const [piece, base] = tail[0]!;
      const own = (tail.length === 1 ? this.length : tail[1]![1]) - base;
      head += piece.slice(0, own);
      tail.shift();
    }
    if (head.length > 0) push(head, headBase, headLine);
    for (const [piece, base, line] of tail) push(piece, base + delta, line + dLine);
    if (pieces.length === 0) push('', 0, 0);
    const length = this.length + delta;
    if (pieces.length > limits.maxPieces) return new PieceText([new PieceText(pieces, bases, lines, length).text()], [0], [0], length);
    return new PieceText(pieces, bases, lines, length);
  }

  /** Piece `i` without what the next piece holds. */
  private own(i: number): string {
    const piece = this.pieces[i]!;
    return i + 1 < this.bases.length ? piece.slice(0, this.bases[i + 1]! - this.bases[i]!) : piece;
  }
}

/** How {@link PieceText.splice} keeps the number of pieces down. */
export interface PieceLimits {
  /**
   * Pieces of this many characters or fewer next to an edited region are joined to it: typing in
   * one place keeps one small piece there instead of adding two per keystroke, and scattered edits
   * leave the pieces near this size (23 pieces after 3,000 edits at random places of a 425K text).
   */
  readonly mergeChars: number;
  /** More pieces than this after an edit: the text is joined into one (a bound no measured use came near). */
  readonly maxPieces: number;
}

const PIECE_LIMITS: PieceLimits = { mergeChars: 1 << 16, maxPieces: 4096 };

const PIECES = new WeakMap<RisDocument, PieceText>();

/**
 * Makes `doc`'s `text` the join of `pieces`, made on first read, and returns `doc`. The document
 * must have been made for exactly that text.
 */
export function withPieceText(doc: RisDocument, pieces: PieceText): RisDocument {
  Object.defineProperty(doc, 'text', { get: () => pieces.text(), enumerable: true, configurable: true });
  PIECES.set(doc, pieces);
  return doc;
}

/** The text of `doc` as pieces: those it is held in, or its whole text as one. */
export function piecesOf(doc: RisDocument): PieceText {
  const pieces = PIECES.get(doc);
  if (pieces !== undefined) return pieces;
  const text = doc.text;
  return new PieceText([text], [0], [0], text.length);
}

/** The pieces of a document held in pieces; undefined for a document that holds its text whole. */
export function pieceTextOf(doc: RisDocument): PieceText | undefined {
  return PIECES.get(doc);
}

/**
 * A string holding `doc`'s character at `offset` and the lines around it: the piece of a document
 * held in pieces (which holds every record that starts in it, whole), else the whole text. With
 * `end`, a string that holds `[offset, end)` too (a record and the orphan tag lines before it may
 * lie in two pieces). A piece ends where the document's next piece starts, or holds the same text
 * as that piece further on; it holds nothing before its base.
 */
export function textAt(doc: RisDocument, offset: number, end?: number): TextAt {
  const pieces = PIECES.get(doc);
  return pieces === undefined ? { text: doc.text, base: 0 } : pieces.at(offset, end);
}

/**
 * A string holding the whole of record `r` (see {@link textAt}): the text it was parsed from, for
 * a record of the parser, which stays right when an edit moves the record while a reader in turns
 * still holds the document of the version before.
 */
export function recordTextAt(doc: RisDocument, r: RisRecord): TextAt {
  return isParsedRecord(r) ? r.ownText() : textAt(doc, r.start, r.end);
}

/** The start of the line that holds `offset`, in `t`. */
export function lineStartIn(t: TextAt, offset: number): number {
  return lineStartAt(t.text, offset - t.base) + t.base;
}

/** Where the first line of `record` ends (before its break): told by a record of the parser, else read from `t`, which holds it. */
export function recordLineEnd(t: TextAt, record: RisRecord): number {
  const known = isParsedRecord(record) ? record.firstLineEnd() : -1;
  return known >= 0 ? known : lineEndIn(t, record.start);
}

/** The end of the line that holds `offset` (the offset of its line break, or the end of the text), in `t`. */
export function lineEndIn(t: TextAt, offset: number): number {
  return lineEndAt(t.text, offset - t.base) + t.base;
}

/**
 * {@link textAt} for one reader that asks about many offsets of `doc` (a validation run): a document
 * that holds its text whole gives the same object for every offset.
 */
export function textReader(doc: RisDocument): (offset: number, end?: number) => TextAt {
  const pieces = PIECES.get(doc);
  if (pieces !== undefined) return (offset, end) => pieces.at(offset, end);
  let whole: TextAt | undefined;
  return () => (whole ??= { text: doc.text, base: 0 });
}

/** The characters `[start, end)` of `doc`'s text, without joining the pieces of a document read in pieces. */
export function textSlice(doc: RisDocument, start: number, end: number): string {
  const pieces = PIECES.get(doc);
  return pieces === undefined ? doc.text.slice(start, end) : pieces.slice(start, end);
}

/** The length of `doc`'s text, without joining the pieces of a document read in pieces. */
export function textLength(doc: RisDocument): number {
  return PIECES.get(doc)?.length ?? doc.text.length;
}

/**
 * A document's text read at offsets, each read from the piece that holds it: what a quick fix needs
 * of the lines around a record, without joining the text of a document held in pieces (which, on an
 * edited 22 MB export, would cost a 22-million-character string per version).
 */
export class DocumentText {
  private readonly read: (offset: number, end?: number) => TextAt;
  readonly length: number;

  constructor(private readonly doc: RisDocument) {
    this.read = textReader(doc);
    this.length = textLength(doc);
  }

  /** The code unit at `offset` (NaN outside the text, as for a string). */
  charCodeAt(offset: number): number {
    if (offset < 0 || offset >= this.length) return NaN;
    const t = this.read(offset);
    return t.text.charCodeAt(offset - t.base);
  }

  /** The characters `[start, end)`. */
  slice(start: number, end: number): string {
    return textSlice(this.doc, start, end);
  }

  /** The start of the line that holds `offset` (see `lineStartAt`). */
  lineStartAt(offset: number): number {
    return lineStartIn(this.read(offset), offset);
  }

  /** The end of the line that holds `offset` (see `lineEndAt`). */
  lineEndAt(offset: number): number {
    return lineEndIn(this.read(offset), offset);
  }

  /** The offset just after the line break at `lineEnd` (see `nextLineStart`). */
  nextLineStart(lineEnd: number): number {
    const t = this.read(lineEnd);
    return nextLineStart(t.text, lineEnd - t.base) + t.base;
  }
}
