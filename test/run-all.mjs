// `npm test`: type check, lint, build, unit tests in plain Node, then integration tests inside a real
// VS Code. Prints the counts of each and ends with the plain summary line `N passed, N failed`.
// The integration tests run on a temporary copy of examples/review, and the run checks that it left
// the checkout as it found it (`git status`): that check counts as one test.
// The web tests (test/run-web.mjs) run with the integration tests: the browser bundle in VS Code's
// web worker extension host.
// Flags: --unit (unit tests only), --integration (integration and web tests only), --no-lint.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { repoRoot } from './harness/runtime.mjs';
import { runIntegration } from './run-integration.mjs';
import { runWebTests } from './run-web.mjs';

const argv = new Set(process.argv.slice(2));
const wantUnit = !argv.has('--integration');
const wantIntegration = !argv.has('--unit');
const wantLint = !argv.has('--no-lint');

function step(name, command, args) {
  process.stdout.write(`\n> ${name}\n`);
  const result = spawnSync(command, args, { cwd: repoRoot, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`\n${name} failed (exit ${result.status})`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
}

/** Every compiled `*.test.js` below `dir`, sorted. */
function testFiles(dir) {
  return readdirSync(dir, { recursive: true })
    .filter((f) => f.endsWith('.test.js'))
    .map((f) => join(dir, f))
    .sort();
}

const bin = (name) => join(repoRoot, 'node_modules/.bin', name);

/** What `git status` says of the checkout (undefined outside a git checkout). */
function checkoutStatus() {
  const r = spawnSync('git', ['status', '--porcelain', '--untracked-files=all'], { cwd: repoRoot, encoding: 'utf8' });
  return r.status === 0 ? r.stdout : undefined;
}
const statusBefore = checkoutStatus();
rmSync(join(repoRoot, 'out'), { recursive: true, force: true });
step('type check and compile tests (tsc)', bin('tsc'), ['-p', 'tsconfig.json']);
if (wantLint) step('lint (eslint)', bin('eslint'), ['src', 'test']);
step('bundle (esbuild)', process.execPath, ['esbuild.mjs']);

const totals = { unit: undefined, integration: undefined, web: undefined };

if (wantUnit) {
  process.stdout.write('\n> unit tests (mocha, plain Node)\n');
  const require = createRequire(join(repoRoot, 'package.json'));
  const Mocha = require('mocha');
  const mocha = new Mocha({ reporter: 'spec', timeout: 60_000 });
  for (const file of testFiles(join(repoRoot, 'out/test/unit'))) mocha.addFile(file);
  totals.unit = await new Promise((resolve) => {
    const runner = mocha.run(() => resolve({ passed: runner.stats.passes, failed: runner.stats.failures, pending: runner.stats.pending }));
  });
  // Which real exports the corpus tests read: the bundled ones, or the extended research corpus.
  const { corpusDescription } = require(join(repoRoot, 'out/test/unit/helpers/corpus.js'));
  totals.unit.note = corpusDescription();
}

if (wantIntegration) {
  process.stdout.write('\n> integration tests (mocha inside a real VS Code)\n');
  const resultsDir = mkdtempSync(join(tmpdir(), 'ris-results-'));
  const resultsFile = join(resultsDir, 'integration.json');
  // The tests edit and save files of the workspace: they get a copy, never the checkout's example.
  const workspace = join(mkdtempSync(join(tmpdir(), 'ris-workspace-')), 'review');
  cpSync(join(repoRoot, 'examples/review'), workspace, { recursive: true });
  let code;
  try {
    code = await runIntegration({ workspace, resultsFile });
  } catch (error) {
    // The runtime could not be installed or started: the suite did not run, which is a failure.
    console.error(`integration tests could not run: ${error instanceof Error ? error.message : String(error)}`);
    code = 1;
  }
  rmSync(dirname(workspace), { recursive: true, force: true });
  if (existsSync(resultsFile)) {
    const r = JSON.parse(readFileSync(resultsFile, 'utf8'));
    totals.integration = { passed: r.passed, failed: r.failed, pending: r.pending };
    if (code !== 0 && r.failed === 0) totals.integration.failed = 1; // the run itself failed
  } else {
    // The suite never reported (VS Code did not start, or the test module did not load).
    totals.integration = { passed: 0, failed: 1, pending: 0 };
  }
  rmSync(resultsDir, { recursive: true, force: true });
}

if (wantIntegration) {
  // The web extension in VS Code's web workbench (web worker extension host, virtual workspace).
  process.stdout.write('\n> web tests (mocha inside VS Code\'s web worker extension host, headless Chromium)\n');
  try {
    const r = await runWebTests();
    totals.web = { passed: r.passed, failed: r.failed, pending: r.pending, note: `${(r.ms / 1000).toFixed(0)} s` };
  } catch (error) {
    // The runtime could not be installed or started: the suite did not run, which is a failure.
    console.error(`web tests could not run: ${error instanceof Error ? error.message : String(error)}`);
    totals.web = { passed: 0, failed: 1, pending: 0 };
  }
}

if (statusBefore !== undefined) {
  // The run must leave the checkout as it found it (git ignores out/, dist/ and test-results/).
  const statusAfter = checkoutStatus();
  const clean = statusAfter === statusBefore;
  if (!clean) console.error(`\nthe tests changed the checkout:\nbefore:\n${statusBefore || '(clean)\n'}after:\n${statusAfter}`);
  totals.checkout = { passed: clean ? 1 : 0, failed: clean ? 0 : 1, pending: 0, note: 'git status unchanged by the run' };
}

let passed = 0;
let failed = 0;
let pending = 0;
console.log('\nSummary');
for (const [name, t] of Object.entries(totals)) {
  if (!t) continue;
  console.log(`  ${name.padEnd(12)} ${t.passed} passed, ${t.failed} failed, ${t.pending} pending${t.note ? ` — ${t.note}` : ''}`);
  passed += t.passed;
  failed += t.failed;
  pending += t.pending;
}
console.log(`${passed} passed, ${failed} failed${pending ? `, ${pending} skipped` : ''}`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
