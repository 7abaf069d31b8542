/**
 * The isolated comparison (`npm run bench:compare`, see bench/README.md): the operations of the
 * benchmark that exist in two builds of the project (this tree and, say, a worktree of the commit
 * before a refactoring), each group of operations measured in its own fresh node process that holds
 * only what the group needs (the text, the parse, the library or the CSL items), so that what an
 * earlier group left alive or how much the heap has grown cannot make one tree look slower. The
 * trees run interleaved (A, B, B, A, … per group and round), through the same harness and the same
 * generated data, and the table shows them side by side with the spread between rounds as the noise.
 *
 *   node out/bench/lib/isolated.js --trees DIR_A,DIR_B [--sizes 10k] [--runs 5] [--rounds 2]
 *        [--groups parse,validate,...] [--out FILE]
 */

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import type MarkdownIt from 'markdown-it';
import type { CslItem } from '../../src/core/csl/cslItems';
import type { DiagnosticCode, Severity } from '../../src/core/validation/codes';
import type { MarkdownItLike } from '../../src/core/markdown/markdownItPlugin';
import type { RisDocument } from '../../src/core/ris/model';
import { draftMarkdown } from './draft';
import { loadCodeTree, type CodeTree } from './codeTree';
import { generateRis, writeRisFile, GENERATOR_VERSION, DEFAULT_SEED } from './generate';
import { handParse } from './handParser';
import { collectGarbage, measureInterleaved, median, type Case } from './measure';

/** The groups, each measured in a process of its own, in this order. */
export const GROUPS = ['parse', 'parse-hostile', 'validate', 'revalidate', 'library', 'query', 'preview', 'format', 'check'] as const;
type Group = (typeof GROUPS)[number];

interface ChildOptions {
  readonly group: Group;
  readonly tree: string;
  readonly size: number;
  readonly runs: number;
  readonly warmup: number;
  /** The diagnostic codes both trees know: `validate.common` turns the others off. */
  readonly commonCodes: readonly string[];
}

/** What a child prints: samples in ms per operation, and a fingerprint of its inputs. */
interface ChildResult {
  readonly samples: Record<string, number[]>;
  readonly input: string;
}

// ---------------------------------------------------------------------------------------------
// One group, in a child process

function allOn(defaults: Readonly<Record<DiagnosticCode, Severity>>): Record<DiagnosticCode, Severity> {
  return Object.fromEntries(Object.entries(defaults).map(([code, s]) => [code, s === 'ignore' ? 'info' : s])) as Record<DiagnosticCode, Severity>;
}


function fingerprint(text: string): string {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return `${text.length}:${(h >>> 0).toString(16)}`;
}

function parseGroup(code: CodeTree, size: number, hostile: boolean): { cases: Case[]; input: string } {
  const text = generateRis({ records: size, variant: hostile ? 'hostile' : 'clean' });
  const cjs = code.require('@citation-js/plugin-ris/lib/ris.js') as { parse(text: string): unknown };
  const p = hostile ? 'parse-hostile' : 'parse';
  return {
    input: fingerprint(text),
    cases: [
      { id: `${p}.ours`, run: () => code.parseRis(text) },
      { id: `${p}.hand`, run: () => handParse(text) },
      { id: `${p}.citationjs`, run: () => cjs.parse(text) },
    ],
  };
}

/** The default severities with every code that `commonCodes` does not list turned off. */
function commonSeverities(defaults: Readonly<Record<DiagnosticCode, Severity>>, commonCodes: readonly string[]): Record<DiagnosticCode, Severity> {
  const common = new Set(commonCodes);
  return Object.fromEntries(Object.entries(defaults).map(([c, s]) => [c, common.has(c) ? s : 'ignore'])) as Record<DiagnosticCode, Severity>;
}

function validateGroup(code: CodeTree, size: number, commonCodes: readonly string[]): { cases: Case[]; input: string } {
  const text = generateRis({ records: size, variant: 'clean' });
  const doc = code.parseRis(text);
  const uri = 'file:///bench/refs.ris';
  const encoding = { encoding: 'utf-8' as const, fallback: false, replacementCharacters: 0 };
  const all = allOn(code.DEFAULT_SEVERITIES);
  const common = commonSeverities(code.DEFAULT_SEVERITIES, commonCodes);
  const validate = (severities: Record<DiagnosticCode, Severity>): number => {
    const index = new code.DuplicateIndex();
    index.set(uri, doc);
    return code.validateRis(doc, { severities, duplicates: index, uri, encoding }).length;
  };
  return {
    input: `${fingerprint(text)} ${validate(common)} diagnostics of the common codes`,
    cases: [
      { id: 'validate.common', run: () => validate(common) },
      { id: 'validate.all', run: () => validate(all) },
      { id: 'validate.defaults', run: () => validate(code.DEFAULT_SEVERITIES) },
      {
        id: 'validate.index',
        run: () => {
          const index = new code.DuplicateIndex();
          index.set(uri, doc);
          return index;
        },
      },
    ],
  };
}

/** Re-validation as the extension did it before the incremental re-parse: parse all, index, validate. */
function revalidateGroup(code: CodeTree, size: number): { cases: Case[]; input: string } {
  const text = generateRis({ records: size, variant: 'clean' });
  const first = code.parseRis(text);
  const r = first.records[first.records.length >> 1]!;
  const ti = r.fields.find((f) => f.tag === 'TI') ?? r.fields[0]!;
  const at = (ti.valueStart + ti.valueEnd) >> 1;
  const edited = `${text.slice(0, at)}x${text.slice(at)}`;
  const uri = 'file:///bench/refs.ris';
  const index = new code.DuplicateIndex();
  index.set(uri, first);
  return {
    input: fingerprint(edited),
    cases: [
      {
        id: 'revalidate.full',
        run: () => {
          const parsed = code.parseRis(edited);
          index.set(uri, parsed);
          return code.validateRis(parsed, { severities: code.DEFAULT_SEVERITIES, uri, duplicates: index }).length;
        },
      },
    ],
  };
}

function libraryOf(code: CodeTree, size: number): { files: { uri: string; doc: RisDocument }[]; input: string } {
  const text = generateRis({ records: size, variant: 'clean' });
  return { files: [{ uri: 'file:///bench/refs.ris', doc: code.parseRis(text) }], input: fingerprint(text) };
}

function libraryGroup(code: CodeTree, size: number): { cases: Case[]; input: string } {
  const { files, input } = libraryOf(code, size);
  let fresh: InstanceType<CodeTree['Library']> | undefined;
  return {
    input,
    cases: [
      { id: 'library.build', run: () => new code.Library(files) },
      {
        id: 'library.index',
        setup: () => {
          fresh = new code.Library(files);
        },
        run: () => fresh!.search('a', 1),
      },
    ],
  };
}

function queryGroup(code: CodeTree, size: number): { cases: Case[]; input: string } {
  const library = new code.Library(libraryOf(code, size).files);
  library.search('warm', 1);
  const keys = library.entries.map((e) => e.key);
  const md = draftMarkdown(keys);
  const hoverAt = md.indexOf('[@', md.length >> 1) + 3;
  const lookups = Array.from({ length: 10_000 }, (_, i) => keys[(i * 7919) % keys.length]!);
  const search = (q: string): number => library.search(q, 100).length;
  return {
    input: fingerprint(md),
    cases: [
      {
        id: 'bykey',
        repeat: 10,
        run: () => {
          let n = 0;
          for (const k of lookups) if (library.byKey(k)) n++;
          return n;
        },
      },
      {
        id: 'hover',
        repeat: 20,
        run: () => {
          const citation = code.citationAt(md, hoverAt);
          const entry = citation === undefined ? undefined : library.byKey(citation.key);
          return entry === undefined ? 0 : code.referenceCardMarkdown(entry.record, { key: entry.key, line: entry.record.startLine + 1 }).length;
        },
      },
      { id: 'search.s', repeat: 10, run: () => search('s') },
      { id: 'search.sch', repeat: 10, run: () => search('sch') },
      { id: 'search.words', repeat: 10, run: () => search('schmidt cancer') },
    ],
  };
}

/** The draft, its cited keys and their CSL items (and 20 more for the hover), the library dropped. */
function draftItems(code: CodeTree, size: number): { md: string; citedKeys: string[]; referenceKeys: string[]; items: Map<string, CslItem> } {
  let library: InstanceType<CodeTree['Library']> | undefined = new code.Library(libraryOf(code, size).files);
  const keys = library.entries.map((e) => e.key);
  const md = draftMarkdown(keys);
  const citedKeys = [...new Set(code.documentClusters(md).flatMap((c) => c.items.map((i) => i.key)))];
  const referenceKeys = Array.from({ length: 20 }, (_, i) => keys[(i * 7919 + 11) % keys.length]!);
  const items = new Map<string, CslItem>();
  for (const key of [...citedKeys, ...referenceKeys]) {
    const entry = library.byKey(key);
    if (entry) items.set(key, code.recordToCsl(entry.record, key));
  }
  library = undefined;
  collectGarbage();
  return { md, citedKeys, referenceKeys, items };
}

function processorOf(code: CodeTree, items: ReadonlyMap<string, CslItem>): InstanceType<CodeTree['CitationProcessor']> {
  const apa = code.builtinStyle('apa');
  if (!apa) throw new Error('no APA style');
  return new code.CitationProcessor(apa, { item: (key) => items.get(key) });
}

/** The preview render per edit in the extension host: markdown-it + the plugin + the cached rendering. */
function previewGroup(code: CodeTree, size: number): { cases: Case[]; input: string } {
  const { md, items } = draftItems(code, size);
  const clusters = code.documentClusters(md);
  const cachedRendering = processorOf(code, items).render(clusters, 'html');
  const cachedSignature = JSON.stringify(clusters);
  const MarkdownItClass = code.require('markdown-it') as typeof MarkdownIt;
  const preview = new MarkdownItClass();
  code.citationsPlugin(preview as unknown as MarkdownItLike, {
    enabled: () => true,
    render: (c) => {
      if (JSON.stringify(c) !== cachedSignature) throw new Error('the draft changed');
      return cachedRendering;
    },
  });
  const plain = new MarkdownItClass();
  return {
    input: fingerprint(md),
    cases: [
      { id: 'format.preview', repeat: 5, run: () => preview.render(md).length },
      { id: 'format.preview.plain', repeat: 5, run: () => plain.render(md).length },
    ],
  };
}

/** What the citation worker does (citeproc-js, APA), and citation-js + plugin-csl as the baseline. */
function formatGroup(code: CodeTree, size: number): { cases: Case[]; input: string } {
  const { md, citedKeys, referenceKeys, items } = draftItems(code, size);
  const processor = processorOf(code, items);
  const core = code.require('@citation-js/core') as { Cite: new (data: unknown) => { format(kind: 'bibliography', options: Record<string, string>): string } };
  code.require('@citation-js/plugin-csl');
  const citedItems = citedKeys.map((k) => items.get(k)).filter((i): i is CslItem => i !== undefined);
  let next = 0;
  return {
    input: `${fingerprint(md)} ${fingerprint(JSON.stringify(citedItems))}`,
    cases: [
      { id: 'format.style', run: () => processorOf(code, items) },
      { id: 'format.document', run: () => processor.render(code.documentClusters(md), 'html').citations.length },
      { id: 'format.reference', repeat: 20, run: () => processor.reference(referenceKeys[next++ % referenceKeys.length]!, 'markdown')?.length ?? 0 },
      { id: 'format.bibliography', run: () => processor.bibliography(citedKeys, 'html').length },
      { id: 'format.bibliography.citationjs', run: () => new core.Cite(citedItems).format('bibliography', { format: 'html', template: 'apa', lang: 'en-US' }).length },
    ],
  };
}

function runChild(options: ChildOptions): ChildResult {
  const code = loadCodeTree(options.tree);
  const made =
    options.group === 'parse' || options.group === 'parse-hostile'
      ? parseGroup(code, options.size, options.group === 'parse-hostile')
      : options.group === 'validate'
        ? validateGroup(code, options.size, options.commonCodes)
        : options.group === 'revalidate'
          ? revalidateGroup(code, options.size)
          : options.group === 'library'
            ? libraryGroup(code, options.size)
            : options.group === 'query'
              ? queryGroup(code, options.size)
              : options.group === 'preview'
                ? previewGroup(code, options.size)
                : formatGroup(code, options.size);
  collectGarbage();
  const samples = measureInterleaved(made.cases, options.runs, options.warmup);
  return { samples: Object.fromEntries(samples), input: made.input };
}

// ---------------------------------------------------------------------------------------------
// The comparison, in the parent process

interface ParentOptions {
  readonly trees: string[];
  readonly sizes: number[];
  readonly runs: number;
  readonly warmup: number;
  readonly rounds: number;
  readonly groups: Group[];
  readonly out: string;
  readonly nodeFlags: string[];
}

/** Samples per tree, operation and round. */
type Collected = Map<string, Map<string, number[][]>>;

function log(message: string): void {
  process.stderr.write(`[compare ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

function sizeLabel(n: number): string {
  return n % 1000 === 0 ? `${n / 1000}k` : String(n);
}

function spawnChild(options: ChildOptions, nodeFlags: readonly string[]): ChildResult {
  const args = [...nodeFlags, '--expose-gc', '--max-old-space-size=8192', __filename, '--child', options.group, '--tree', options.tree, '--size', String(options.size), '--runs', String(options.runs), '--warmup', String(options.warmup), '--common-codes', options.commonCodes.join(',')];
  const run = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'inherit'] });
  if (run.status !== 0) throw new Error(`${options.group} in ${options.tree} failed (exit ${String(run.status)})`);
  return JSON.parse(run.stdout) as ChildResult;
}

/** The 10k export on disk for the `check` process (bench/data/, shared with the main suite). */
function checkFile(size: number): string {
  const dir = path.join(__dirname, '../../../bench/data');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${sizeLabel(size)}.ris`);
  const meta = `${file}.json`;
  const want = { generatorVersion: GENERATOR_VERSION, seed: DEFAULT_SEED, records: size, variant: 'clean' };
  try {
    const have = JSON.parse(fs.readFileSync(meta, 'utf8')) as typeof want & { bytes: number };
    if (have.generatorVersion === want.generatorVersion && have.seed === want.seed && have.records === size && have.variant === 'clean' && fs.statSync(file).size === have.bytes) return file;
  } catch {
    // not written yet
  }
  const bytes = writeRisFile(file, { records: size, variant: 'clean' });
  fs.writeFileSync(meta, JSON.stringify({ ...want, bytes }));
  return file;
}

/** `ris-references check FILE` of a tree's dist/cli.js as a whole process: wall times in ms. */
function checkProcess(tree: string, file: string, runs: number, warmup: number): ChildResult {
  const cli = path.join(tree, 'dist/cli.js');
  const wall: number[] = [];
  for (let i = 0; i < warmup + runs; i++) {
    const t0 = performance.now();
    const run = spawnSync(process.execPath, [cli, 'check', file], { stdio: 'ignore' });
    const t1 = performance.now();
    if (run.status !== 0 && run.status !== 1) throw new Error(`check in ${tree} exited ${String(run.status)}`);
    if (i >= warmup) wall.push(t1 - t0);
  }
  return { samples: { 'check.process': wall }, input: path.basename(file) };
}

function collect(options: ParentOptions): { collected: Collected; inputs: Map<string, string> } {
  const [a, b] = options.trees.map((t) => new Set(Object.keys(loadCodeTree(t).DEFAULT_SEVERITIES)));
  const commonCodes = [...a!].filter((c) => b!.has(c));
  const collected: Collected = new Map(options.trees.map((t) => [t, new Map()]));
  const inputs = new Map<string, string>();
  for (const size of options.sizes) {
    for (let round = 0; round < options.rounds; round++) {
      for (const group of options.groups) {
        // A, B in even rounds, B, A in odd ones, so that neither tree always runs second.
        const order = round % 2 === 0 ? options.trees : [...options.trees].reverse();
        for (const tree of order) {
          log(`${sizeLabel(size)} round ${round + 1}/${options.rounds} ${group} in ${tree}`);
          const child = { group, tree, size, runs: options.runs, warmup: options.warmup, commonCodes };
          const result = group === 'check' ? checkProcess(tree, checkFile(size), options.runs, options.warmup) : spawnChild(child, options.nodeFlags);
          const key = `${group}@${sizeLabel(size)}`;
          const seen = inputs.get(key);
          if (seen !== undefined && seen !== result.input) log(`warning: ${key}: the trees measured different inputs (${seen} vs ${result.input})`);
          inputs.set(key, result.input);
          for (const [id, samples] of Object.entries(result.samples)) {
            const byOp = collected.get(tree)!;
            const opId = `${id}@${sizeLabel(size)}`;
            if (!byOp.has(opId)) byOp.set(opId, []);
            byOp.get(opId)![round] = samples;
          }
        }
      }
    }
  }
  return { collected, inputs };
}

function fmt(ms: number): string {
  return ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2);
}

/** The side-by-side table: per tree the median of all samples, and the round medians (the noise). */
function table(options: ParentOptions, collected: Collected): string[] {
  const [a, b] = options.trees as [string, string];
  const rows: string[] = [
    `isolated comparison, ${new Date().toISOString()}, node ${process.version}, ${os.cpus().length} CPU(s), load ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`,
    `A = ${a}`,
    `B = ${b}`,
    `each group in a fresh process per tree and round; ${options.rounds} rounds × (${options.warmup} warm-up + ${options.runs} runs); medians and minimums in ms (on a loaded machine, compare the minimums); "rounds" = the median of each round`,
    '',
    `${'operation'.padEnd(36)}${'A'.padStart(10)}${'B'.padStart(10)}${'B/A'.padStart(8)}${'A min'.padStart(10)}${'B min'.padStart(10)}${'B/A'.padStart(8)}   ${'A rounds'.padEnd(22)}${'B rounds'.padEnd(22)}`,
  ];
  for (const [opId, roundsA] of collected.get(a)!) {
    const roundsB = collected.get(b)!.get(opId);
    if (roundsB === undefined) continue;
    const ma = median(roundsA.flat());
    const mb = median(roundsB.flat());
    const spread = (r: number[][]): string => r.map((s) => fmt(median(s))).join(', ');
    const la = Math.min(...roundsA.flat());
    const lb = Math.min(...roundsB.flat());
    rows.push(
      `${opId.padEnd(36)}${fmt(ma).padStart(10)}${fmt(mb).padStart(10)}${(mb / ma).toFixed(2).padStart(8)}${fmt(la).padStart(10)}${fmt(lb).padStart(10)}${(lb / la).toFixed(2).padStart(8)}   ${spread(roundsA).padEnd(22)}${spread(roundsB).padEnd(22)}`,
    );
  }
  return rows;
}

function parseSizes(text: string): number[] {
  return text.split(',').map((s) => {
    const m = /^(\d+)(k?)$/i.exec(s.trim());
    if (!m) throw new Error(`bad size '${s}'`);
    return Number(m[1]) * (m[2] === '' ? 1 : 1000);
  });
}

function main(argv: readonly string[]): void {
  const get = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i < 0 ? undefined : argv[i + 1];
  };
  const child = get('--child');
  if (child !== undefined) {
    if (!(GROUPS as readonly string[]).includes(child)) throw new Error(`unknown group '${child}'`);
    const result = runChild({
      group: child as Group,
      tree: path.resolve(get('--tree') ?? '.'),
      size: Number(get('--size') ?? 10_000),
      runs: Number(get('--runs') ?? 5),
      warmup: Number(get('--warmup') ?? 1),
      commonCodes: (get('--common-codes') ?? '').split(','),
    });
    process.stdout.write(JSON.stringify(result));
    return;
  }
  const trees = (get('--trees') ?? '').split(',').filter((t) => t !== '').map((t) => path.resolve(t));
  if (trees.length !== 2) throw new Error('--trees takes two tree directories, A,B (each built: out/ by tsc, dist/ by esbuild)');
  const groups = (get('--groups') ?? GROUPS.join(',')).split(',') as Group[];
  for (const g of groups) if (!(GROUPS as readonly string[]).includes(g)) throw new Error(`unknown group '${g}' (groups: ${GROUPS.join(', ')})`);
  const options: ParentOptions = {
    trees,
    sizes: parseSizes(get('--sizes') ?? '10k'),
    runs: Number(get('--runs') ?? 5),
    warmup: Number(get('--warmup') ?? 1),
    rounds: Number(get('--rounds') ?? 2),
    groups,
    out: path.resolve(get('--out') ?? 'bench/results/compare.json'),
    nodeFlags: (get('--node-flags') ?? '').split(' ').filter((f) => f !== ''),
  };
  const loadStart = os.loadavg();
  const { collected, inputs } = collect(options);
  const rows = table(options, collected);
  rows.splice(1, 0, `load average at start ${loadStart.map((x) => x.toFixed(2)).join(' ')}`);
  process.stdout.write(`${rows.join('\n')}\n`);
  fs.mkdirSync(path.dirname(options.out), { recursive: true });
  const json = { date: new Date().toISOString(), loadStart, loadEnd: os.loadavg(), options, inputs: Object.fromEntries(inputs), samples: Object.fromEntries([...collected].map(([t, m]) => [t, Object.fromEntries(m)])) };
  fs.writeFileSync(options.out, `${JSON.stringify(json, null, 1)}\n`);
  log(`written to ${options.out}`);
}

if (require.main === module) main(process.argv.slice(2));
