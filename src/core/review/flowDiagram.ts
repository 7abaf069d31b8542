/**
 * The PRISMA 2020 flow diagram as an SVG string, drawn from the counts (`prismaTemplate.ts`): the
 * phases (Identification, Screening, Included) as blue bars on the left; the column of databases and
 * registers with its side boxes (records removed before screening, records excluded, reports not
 * retrieved, reports excluded with reasons); the column of other methods when any count of it is
 * given; the previous-studies box of an updated review. Pure: no DOM, every text escaped, so the same
 * string serves the webview, the Markdown preview's ```` ```prisma ```` block and the exported file.
 * Every box carries `data-key` (its template key) for tests and styling.
 */
import { formatCount } from './prismaIdentities';
import type { NamedCount, NumberKey, PrismaCounts } from './prismaTemplate';

/** Options of the diagram. */
export interface FlowDiagramOptions {
  /** A title drawn above the diagram. */
  readonly title?: string;
}

/** Escapes text for an XML text node or attribute. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

const LINE = 16;
const PAD = 10;
const CHAR = 6.6;
const GAP = 36;

/** A box: its template key, lines of text, place and size. */
interface Box {
  readonly key: string;
  readonly lines: readonly string[];
  x: number;
  y: number;
  readonly w: number;
  h: number;
  readonly fill: string;
  readonly bold?: boolean;
}

/** Splits a line into lines of at most `width` pixels (words and counts kept whole). */
function wrap(line: string, width: number): string[] {
  const max = Math.max(8, Math.floor((width - 2 * PAD) / CHAR));
  const out: string[] = [];
  let current = '';
  // "(n = 1,043)" stays on one line.
  for (const word of line.match(/\(n = [^)]*\)\S*|\S+/g) ?? ['']) {
    if (current !== '' && current.length + 1 + word.length > max) {
      out.push(current);
      current = '';
    }
    current = current === '' ? word : `${current} ${word}`;
  }
  out.push(current);
  return out;
}

function box(key: string, lines: readonly string[], w: number, fill = '#ffffff', bold = false): Box {
  const wrapped = lines.flatMap((l) => wrap(l, w));
  return { key, lines: wrapped, x: 0, y: 0, w, h: wrapped.length * LINE + 2 * PAD, fill, bold };
}

function n(counts: PrismaCounts, key: NumberKey): string {
  const v = counts[key];
  return v === undefined ? '(n = ?)' : `(n = ${formatCount(v)})`;
}

function namedLines(list: readonly NamedCount[] | undefined, indent = '  '): string[] {
  return (list ?? []).map((c) => `${indent}${c.name} (n = ${formatCount(c.n)})`);
}

function hasOtherMethods(counts: PrismaCounts): boolean {
  return ['website_results', 'organisation_results', 'citations_results'].some((k) => (counts[k as NumberKey] ?? 0) > 0);
}

/** The boxes of the databases-and-registers column, by row: [main, side]. */
function databaseRows(counts: PrismaCounts, w: number, sw: number): [Box, Box | undefined][] {
  const identified = [`Records identified from:`, `Databases ${n(counts, 'database_results')}`, ...namedLines(counts.database_specific_results)];
  if (counts.register_results !== undefined) identified.push(`Registers ${n(counts, 'register_results')}`, ...namedLines(counts.register_specific_results));
  const excluded = counts.dbr_excluded ?? [];
  return [
    [
      box('database_results', identified, w),
      box('duplicates', ['Records removed before screening:', `Duplicate records removed ${n(counts, 'duplicates')}`, `Records marked as ineligible by automation tools ${n(counts, 'excluded_automatic')}`, `Records removed for other reasons ${n(counts, 'excluded_other')}`], sw),
    ],
    [box('records_screened', [`Records screened ${n(counts, 'records_screened')}`], w), box('records_excluded', [`Records excluded ${n(counts, 'records_excluded')}`], sw)],
    [box('dbr_sought_reports', [`Reports sought for retrieval ${n(counts, 'dbr_sought_reports')}`], w), box('dbr_notretrieved_reports', [`Reports not retrieved ${n(counts, 'dbr_notretrieved_reports')}`], sw)],
    [
      box('dbr_assessed', [`Reports assessed for eligibility ${n(counts, 'dbr_assessed')}`], w),
      box('dbr_excluded', [`Reports excluded (n = ${formatCount(excluded.reduce((s, c) => s + c.n, 0))}):`, ...namedLines(excluded)], sw),
    ],
  ];
}

function otherRows(counts: PrismaCounts, w: number, sw: number): [Box, Box | undefined][] {
  const identified = ['Records identified from:'];
  if (counts.website_results !== undefined) identified.push(`Websites ${n(counts, 'website_results')}`);
  if (counts.organisation_results !== undefined) identified.push(`Organisations ${n(counts, 'organisation_results')}`);
  if (counts.citations_results !== undefined) identified.push(`Citation searching ${n(counts, 'citations_results')}`);
  const excluded = counts.other_excluded ?? [];
  return [
    [box('website_results', identified, w), undefined],
    [box('other_sought_reports', [`Reports sought for retrieval ${n(counts, 'other_sought_reports')}`], w), box('other_notretrieved_reports', [`Reports not retrieved ${n(counts, 'other_notretrieved_reports')}`], sw)],
    [
      box('other_assessed', [`Reports assessed for eligibility ${n(counts, 'other_assessed')}`], w),
      box('other_excluded', [`Reports excluded (n = ${formatCount(excluded.reduce((s, c) => s + c.n, 0))}):`, ...namedLines(excluded)], sw),
    ],
  ];
}

function rect(b: Box): string {
  const text = b.lines
    .map((l, i) => `<tspan x="${b.x + PAD}" y="${b.y + PAD + LINE * (i + 1) - 4}"${b.bold && i === 0 ? ' font-weight="bold"' : ''}>${escapeXml(l)}</tspan>`)
    .join('');
  return `<g class="prisma-box" data-key="${escapeXml(b.key)}"><rect x="${b.x}" y="${b.y}" width="${b.w}" height="${b.h}" fill="${b.fill}" stroke="#000000" rx="3"/><text font-size="12">${text}</text></g>`;
}

function arrow(x1: number, y1: number, x2: number, y2: number): string {
  return `<line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" stroke="#000000" marker-end="url(#prisma-arrow)"/>`;
}

/** One row of the diagram: the databases column's main and side box, and the other-methods column's. */
type Row = readonly [main: Box, side: Box | undefined, otherMain: Box | undefined, otherSide: Box | undefined];

/** Places the rows from `top` (each as high as its highest box); returns the bottom and adds the arrows. */
function placeRows(rows: readonly Row[], xs: readonly number[], top: number, arrows: string[]): number {
  let y = top;
  const previous: (Box | undefined)[] = [undefined, undefined];
  for (const row of rows) {
    const h = Math.max(...row.map((b) => b?.h ?? 0));
    row.forEach((b, i) => {
      if (!b) return;
      b.x = xs[i]!;
      b.y = y;
      b.h = h;
    });
    for (const [main, side, column] of [[row[0], row[1], 0], [row[2], row[3], 1]] as const) {
      if (!main) continue;
      if (side) arrows.push(arrow(main.x + main.w, y + h / 2, side.x, y + h / 2));
      const above = previous[column];
      if (above) arrows.push(arrow(main.x + main.w / 2, above.y + above.h, main.x + main.w / 2, y));
      previous[column] = main;
    }
    y += h + GAP;
  }
  return y - GAP;
}

/** The PRISMA 2020 flow diagram of `counts` as a standalone SVG document. */
export function prismaFlowSvg(counts: PrismaCounts, options: FlowDiagramOptions = {}): string {
  const W = 250;
  const left = 50;
  const other = hasOtherMethods(counts);
  const headerY = 10 + (options.title ? 30 : 0);
  const top = headerY + 50;
  const arrows: string[] = [];
  const db = databaseRows(counts, W, W);
  const ot = other ? otherRows(counts, W, W) : [];
  // The other-methods column's rows sit beside identification, retrieval and assessment.
  const otherAt = [ot[0], undefined, ot[1], ot[2]];
  const rows: Row[] = db.map(([main, side], i) => [main, side, otherAt[i]?.[0], otherAt[i]?.[1]]);
  const otherX = left + 2 * W + 40 + 40;
  const bottom = placeRows(rows, [left, left + W + 40, otherX, otherX + W + 40], top, arrows);
  const headers: Box[] = [box('newstud', ['Identification of new studies via databases and registers'], 2 * W + 40, '#ffc000', true)];
  if (other) headers.push(box('othstud', ['Identification of new studies via other methods'], 2 * W + 40, '#d9d9d9', true));
  headers.forEach((h, i) => {
    h.x = i === 0 ? left : otherX;
    h.y = headerY;
  });
  const included = box('new_studies', [`Studies included in review ${n(counts, 'total_studies')}`, `Reports of included studies ${n(counts, 'total_reports')}`], W);
  included.x = left;
  included.y = bottom + GAP;
  const lastDb = rows[rows.length - 1]![0];
  arrows.push(arrow(left + W / 2, lastDb.y + lastDb.h, left + W / 2, included.y));
  const otherAssessed = rows[rows.length - 1]![2];
  if (otherAssessed) {
    const mid = included.y + included.h / 2;
    arrows.push(`<polyline points="${otherAssessed.x + W / 2},${otherAssessed.y + otherAssessed.h} ${otherAssessed.x + W / 2},${mid} ${left + W},${mid}" fill="none" stroke="#000000" marker-end="url(#prisma-arrow)"/>`);
  }
  const boxes: Box[] = [...rows.flatMap((r) => r.filter((b): b is Box => b !== undefined)), included];
  if ((counts.previous_studies ?? 0) > 0) {
    const previous = box('previous_studies', [`Studies included in previous version of review ${n(counts, 'previous_studies')}`, `Reports of studies included in previous version of review ${n(counts, 'previous_reports')}`], W);
    previous.x = left + W + 40;
    previous.y = included.y;
    boxes.push(previous);
  }
  const width = (other ? otherX + 2 * W + 40 : left + 2 * W + 40) + 10;
  const height = Math.max(...boxes.map((b) => b.y + b.h)) + 10;
  const title = options.title ? `<text x="${left}" y="26" font-size="16" font-weight="bold">${escapeXml(options.title)}</text>` : '';
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="prisma-flow" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Arial, Helvetica, sans-serif">`,
    `<defs><marker id="prisma-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#000000"/></marker></defs>`,
    `<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`,
    title,
    ...phaseBars(rows, included),
    ...headers.map(rect),
    ...boxes.map(rect),
    ...arrows,
    '</svg>',
  ].join('\n');
}

/** The blue phase bars at the left: Identification, Screening, Included. */
function phaseBars(rows: readonly Row[], included: Box): string[] {
  const bar = (label: string, y1: number, y2: number): string => {
    const cy = (y1 + y2) / 2;
    return `<g class="prisma-phase" data-key="${label.toLowerCase()}"><rect x="10" y="${y1}" width="28" height="${y2 - y1}" fill="#9dc3e6" stroke="#000000" rx="3"/><text x="24" y="${cy}" font-size="12" font-weight="bold" text-anchor="middle" dominant-baseline="middle" transform="rotate(-90 24 ${cy})">${label}</text></g>`;
  };
  const first = rows[0]![0];
  const screening = rows[1]![0];
  const last = rows[rows.length - 1]![0];
  return [
    bar('Identification', first.y, first.y + first.h),
    bar('Screening', screening.y, last.y + last.h),
    bar('Included', included.y, included.y + included.h),
  ];
}
