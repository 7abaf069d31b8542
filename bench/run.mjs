// `npm run bench`: the performance benchmark (not part of `npm test`). See bench/README.md.
//
//   node bench/run.mjs [--sizes 1k,10k,100k] [--runs N] [--warmup N] [--huge] [--compare FILE]
//                      [--out FILE] [--report-only] [--no-check] [--no-build] [--profile OP]
//
// 1. Builds dist/cli.js with the project's build (node esbuild.mjs), unless --no-build.
// 2. Bundles bench/lib/suite.ts (and the core it measures) with esbuild into bench/data/.build/.
// 3. Runs it in a fresh node with --expose-gc and a large heap; it prints the table and writes
//    bench/results/latest.json.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);

if (args.includes('--help') || args.includes('-h')) {
  console.log(`Usage: node bench/run.mjs [options]
  --sizes 1k,10k,100k   record counts to measure (default 1k,10k,100k)
  --runs N              measured runs per operation (default 5; the check process runs at most 3 times at 100k)
  --warmup N            warm-up rounds before measuring (default 1)
  --huge                also write a ~600 MB export and measure 'check' on it (slow, needs disk)
  --compare FILE        print the deltas against a previous results JSON
  --out FILE            where to write the results (default bench/results/latest.json)
  --report-only         print the table of --out (and --compare) without measuring
  --no-check            do not measure the CLI process
  --no-build            use dist/cli.js as it is
  --only dedup          run only the deduplication section (10k and 100k generated records, labelled sets)
  --profile OP          CPU profile of one operation at the largest size, top functions by self time:
                        parse, hand, citationjs, validate, revalidate, library (suffix -hostile for the
                        hostile export), check, check-stream, check-memory (node --cpu-prof on dist/cli.js)`);
  process.exit(0);
}

const measuring = !args.includes('--report-only');
if (measuring && !args.includes('--no-build')) {
  const build = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) console.error('bench: `node esbuild.mjs` failed; measuring the dist/cli.js that is there, if any.');
}

const outdir = join(root, 'bench/data/.build');
mkdirSync(outdir, { recursive: true });
const suite = join(outdir, 'suite.cjs');
await esbuild.build({
  entryPoints: [join(root, 'bench/lib/suite.ts')],
  outfile: suite,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'inline',
  // citation-js is measured as installed (loaded from node_modules at run time).
  external: ['@citation-js/*'],
  logLevel: 'warning',
});

const nodeArgs = ['--expose-gc', '--max-old-space-size=16384', '--enable-source-maps', suite, ...args];
const run = spawnSync(process.execPath, nodeArgs, { cwd: root, stdio: 'inherit', env: { ...process.env, RIS_BENCH_ROOT: root } });
process.exitCode = run.status ?? 1;
