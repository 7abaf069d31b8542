/**
 * The text of a document read in pieces, never made one string.
 *
 * A 219 MB export decodes to 217 million characters; joining its decoded chunks into one string is a
 * single copy of some 430 MB that V8 cannot split (1.2 s on this project's machines), which would
 * block the thread it runs on. A document read in turns (`readRisInTurns`) therefore keeps its text
 * as the pieces it was parsed from: each piece starts at a record boundary, and every record (with
 * every value sliced from it) lies inside one piece. The document's `text` is joined only when some
 * reader asks for it; the readers of a record's own lines (pandoc keys, duplicate keys, the text of a
 * record) ask {@link textAt} for the piece that holds an offset instead.
 */
import type { LinePosition } from '../text/lineIndex';
import { LineIndex } from '../text/lineIndex';
import type { RisDocument } from './model';

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
   * `bases[i + 1]`, which the next piece holds too); `lines[i]` is the document line its first
   * character is on; `length` is the document's length.
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

  /** The piece holding `offset`, with its base. */
  at(offset: number): TextAt {
    const i = this.indexAt(offset);
    return { text: this.pieces[i]!, base: this.bases[i]! };
  }

  /** The characters `[start, end)` of the document (made from the pieces when they span two). */
  slice(start: number, end: number): string {
    const i = this.indexAt(start);
    const base = this.bases[i]!;
    if (i + 1 >= this.bases.length || end <= this.bases[i + 1]!) return this.pieces[i]!.slice(start - base, end - base);
    return this.text().slice(start, end);
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

  /** Piece `i` without what the next piece holds. */
  private own(i: number): string {
    const piece = this.pieces[i]!;
    return i + 1 < this.bases.length ? piece.slice(0, this.bases[i + 1]! - this.bases[i]!) : piece;
  }
}

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

/** The pieces of a document read in pieces; undefined for a document that holds its text whole. */
export function pieceTextOf(doc: RisDocument): PieceText | undefined {
  return PIECES.get(doc);
}

/**
 * A string holding `doc`'s character at `offset` and the lines around it: the piece of a document
 * read in pieces (which holds every record that starts in it, whole), else the whole text.
 */
export function textAt(doc: RisDocument, offset: number): TextAt {
  const pieces = PIECES.get(doc);
  return pieces === undefined ? { text: doc.text, base: 0 } : pieces.at(offset);
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
