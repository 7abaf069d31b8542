/**
 * The deduplication section of `npm run bench` (`node bench/run.mjs --only dedup` runs it alone):
 * 1. the engine over generated libraries of 10k and 100k records with injected duplicates (30% of
 *    the records are another database's copy of a work: MEDLINE/Embase author forms, abbreviated
 *    journals, missing DOI or pages, case and punctuation, `[Chinese]` tags, a page range written
 *    `1297-306`), deterministic from a seed; each size runs in a child process so that its peak
 *    memory (max RSS) is its own; reports time, peak memory, the growth from 10k to 100k, and how
 *    many injected duplicates were found and wrongly joined;
 * 2. the labelled sets of test/dedup-corpus scored with bib-dedupe's rule, next to bib-dedupe's figures.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { findDuplicates } from '../../src/core/dedup/engine';
import { parseRis } from '../../src/core/ris/parser';
import { BIB_DEDUPE, readLabelledSet, scoreSet } from './dedupScore';

/** A small deterministic PRNG (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SYLLABLES = ['ka', 'lo', 'mi', 'ren', 'tas', 'vi', 'dor', 'hu', 'sel', 'ba', 'ny', 'qui', 'pre', 'zan', 'fo', 'gre', 'tol', 'mar', 'sen', 'ric', 'al', 'ou', 'ste', 'phy', 'cro'];
const JOURNALS: readonly [string, string][] = [
  ['Journal of Clinical Epidemiology', 'J Clin Epidemiol'],
  ['New England Journal of Medicine', 'N Engl J Med'],
  ['American Journal of Obstetrics and Gynecology', 'Am J Obstet Gynecol'],
  ['British Journal of Cancer', 'Br J Cancer'],
  ['Pediatric Nephrology', 'Pediatr Nephrol'],
  ['Archives of Physical Medicine and Rehabilitation', 'Arch Phys Med Rehabil'],
  ['International Journal of Gynecological Cancer', 'Int J Gynecol Cancer'],
  ['Journal of Infectious Diseases', 'J Infect Dis'],
  ['Clinical Rehabilitation', 'Clin Rehabil'],
  ['European Journal of Neurology', 'Eur J Neurol'],
];

interface Work {
  title: string;
  authors: [string, string, string][];
  year: number;
  journal: number;
  volume: number;
  page: number;
  pages: number;
  doi: string | undefined;
}

function word(r: () => number): string {
  const n = 2 + Math.floor(r() * 3);
  let w = '';
  for (let i = 0; i < n; i++) w += SYLLABLES[Math.floor(r() * SYLLABLES.length)]!;
  return w;
}

function cap(w: string): string {
  return w[0]!.toUpperCase() + w.slice(1);
}

function makeWork(r: () => number, i: number): Work {
  const words = Array.from({ length: 6 + Math.floor(r() * 10) }, () => word(r));
  const authors = Array.from({ length: 1 + Math.floor(r() * 6) }, (): [string, string, string] => [cap(word(r)), cap(word(r)), String.fromCharCode(65 + Math.floor(r() * 26))]);
  return {
    title: cap(words.join(' ')),
    authors,
    year: 1990 + Math.floor(r() * 34),
    journal: Math.floor(r() * JOURNALS.length),
    volume: 1 + Math.floor(r() * 300),
    page: 1 + Math.floor(r() * 3000),
    pages: 3 + Math.floor(r() * 12),
    doi: r() < 0.6 ? `10.${1000 + Math.floor(r() * 8000)}/bench.${i}` : undefined,
  };
}

/** MEDLINE's last page: the digits that differ from the first page (1297-1306 → `306`). */
function abbreviatedLast(first: string, last: string): string {
  if (first.length !== last.length) return last;
  let p = 0;
  while (p < last.length - 1 && first[p] === last[p]) p++;
  return last.slice(p);
}

/** One work as one database writes it (`medline` style, or an `embase`-style copy with its own variations). */
function writeWork(w: Work, r: () => number, style: 'medline' | 'embase', id: string): string {
  const lines = ['TY  - JOUR', `ID  - ${id}`];
  for (const [sur, given, mid] of w.authors) lines.push(style === 'medline' ? `AU  - ${sur} ${given[0]}${mid}` : `AU  - ${sur}, ${given[0]}. ${mid}.`);
  let title = w.title;
  if (style === 'embase') {
    if (r() < 0.3) title = title.toUpperCase();
    if (r() < 0.2) title = `${title}. [Chinese]`;
    if (r() < 0.3) title = `${title}.`;
  }
  lines.push(`TI  - ${title}`, `PY  - ${w.year}`);
  const [full, abbrev] = JOURNALS[w.journal]!;
  lines.push(`T2  - ${style === 'medline' ? abbrev : full}`, `VL  - ${w.volume}`);
  const last = w.page + w.pages;
  if (!(style === 'embase' && r() < 0.2)) {
    if (style === 'medline') lines.push(`SP  - ${w.page}-${abbreviatedLast(String(w.page), String(last))}`);
    else lines.push(`SP  - ${w.page}`, `EP  - ${last}`);
  }
  if (w.doi !== undefined && !(style === 'embase' && r() < 0.4)) lines.push(`DO  - ${style === 'embase' ? `https://doi.org/${w.doi.toUpperCase()}` : w.doi}`);
  lines.push('ER  - ', '');
  return lines.join('\n');
}

/** A generated library of `n` records: 70% distinct works, 30% another database's copy of one of them. */
export function generateDedupLibrary(n: number, seed = 12): { text: string; injected: number } {
  const r = rng(seed);
  const originals = Math.round(n * 0.7);
  const works: Work[] = [];
  const parts: string[] = [];
  for (let i = 0; i < originals; i++) {
    const w = makeWork(r, i);
    works.push(w);
    parts.push(writeWork(w, r, 'medline', `w${i}`));
  }
  for (let i = originals; i < n; i++) {
    const k = Math.floor(r() * originals);
    parts.push(writeWork(works[k]!, r, 'embase', `w${k}`));
  }
  return { text: parts.join('\n'), injected: n - originals };
}

/** What the child process measures for one size. */
interface SizeRun {
  readonly records: number;
  readonly ms: number;
  readonly maxRssMb: number;
  readonly removable: number;
  readonly wrong: number;
  readonly injected: number;
}

/** In the child: generate, parse, deduplicate, and print a SizeRun as JSON. */
export function dedupChild(n: number): void {
  const { text, injected } = generateDedupLibrary(n);
  const doc = parseRis(text);
  const started = performance.now();
  const result = findDuplicates(doc.records.map((record, i) => ({ ref: String(i), record })));
  const ms = performance.now() - started;
  const ids = doc.records.map((r) => r.fields.find((f) => f.tag === 'ID')!.value);
  let wrong = 0;
  for (const g of result.groups) if (g.decision === 'duplicate' && new Set(g.members.map((m) => ids[m])).size > 1) wrong++;
  const run: SizeRun = { records: n, ms, maxRssMb: process.resourceUsage().maxRSS / 1024, removable: result.removable, wrong, injected };
  process.stdout.write(`${JSON.stringify(run)}\n`);
}

/** Runs the dedup section and prints it; returns the targets as PASS/FAIL lines and whether all passed. */
export function runDedupBench(suiteFile: string, root: string, log: (m: string) => void): { lines: string[]; pass: boolean } {
  const lines: string[] = ['', 'Deduplication (generated libraries, 30% injected duplicates, seed 12; each size in its own process)'];
  const runs: SizeRun[] = [];
  for (const n of [10_000, 100_000]) {
    log(`dedup: ${n} records`);
    const child = spawnSync(process.execPath, ['--max-old-space-size=4096', suiteFile, '--dedup-child', String(n)], { encoding: 'utf8', maxBuffer: 1 << 24 });
    if (child.status !== 0) throw new Error(`dedup child failed: ${child.stderr}`);
    const run = JSON.parse(child.stdout.trim().split('\n').at(-1)!) as SizeRun;
    runs.push(run);
    lines.push(`  ${String(n).padStart(7)} records: ${(run.ms / 1000).toFixed(2)} s, peak ${run.maxRssMb.toFixed(0)} MB, ${run.removable} of ${run.injected} injected duplicates removed, ${run.wrong} wrongly joined group(s)`);
  }
  const [small, big] = runs as [SizeRun, SizeRun];
  const growth = big.ms / small.ms;
  const targets: [string, boolean, string][] = [
    ['dedup 100k: time ≤ 30 s', big.ms <= 30_000, `${(big.ms / 1000).toFixed(2)} s`],
    ['dedup 100k: peak memory ≤ 1.5 GB', big.maxRssMb <= 1536, `${big.maxRssMb.toFixed(0)} MB`],
    ['dedup growth 10k → 100k ≤ 11×', growth <= 11, `${growth.toFixed(1)}×`],
    ['dedup generated: no wrongly joined group', small.wrong === 0 && big.wrong === 0, `${small.wrong} / ${big.wrong}`],
  ];
  lines.push('', 'Deduplication on the labelled sets (bib-dedupe scoring; test/dedup-corpus)');
  lines.push(`  ${'set'.padEnd(20)} ${'FP'.padStart(3)} ${'TP'.padStart(5)} ${'FN'.padStart(4)} ${'sensitivity'.padStart(11)} ${'runtime'.padStart(8)}   bib-dedupe (FP, sensitivity)`);
  let tp = 0;
  let fn = 0;
  let fp = 0;
  for (const name of ['stroke', 'haematology', 'cytology_screening', 'special_cases']) {
    const { score, ms } = scoreSet(readLabelledSet(path.join(root, 'test/dedup-corpus', name)));
    tp += score.tp;
    fn += score.fn;
    fp += score.fp;
    const b = BIB_DEDUPE[name]!;
    lines.push(`  ${name.padEnd(20)} ${String(score.fp).padStart(3)} ${String(score.tp).padStart(5)} ${String(score.fn).padStart(4)} ${score.sensitivity.toFixed(4).padStart(11)} ${`${ms.toFixed(0)} ms`.padStart(8)}   ${b.fp}, ${b.sensitivity.toFixed(4)}`);
  }
  lines.push(`  ${'overall'.padEnd(20)} ${String(fp).padStart(3)} ${String(tp).padStart(5)} ${String(fn).padStart(4)} ${(tp / (tp + fn)).toFixed(4).padStart(11)}`);
  targets.push(['dedup labelled sets: 0 false positives', fp === 0, `${fp}`]);
  lines.push('');
  for (const [name, pass, measured] of targets) lines.push(`  ${pass ? ' PASS' : ' FAIL'}  ${name.padEnd(50)} ${measured}`);
  return { lines, pass: targets.every((t) => t[1]) };
}
