// Runs the web tests: the extension's browser bundle (dist/web/extension.js) as a web extension in
// VS Code's web worker extension host, in the web workbench of code-server (the same real VS Code
// the integration tests use, see test/harness/), driven by headless Chromium, on a virtual
// workspace (`memfs:`, an in-memory file system served by a fixture extension).
//
// How: code-server is started as for the integration tests, with the memfs fixture installed as an
// extension, and the workbench is opened with the repository as the development extension (the
// workbench takes only one from the payload), and the user setting `remote.extensionKind` (see below) makes VS Code run the extension
// in the browser's web worker extension host instead of the server's Node one; `?folder=memfs:/review` opens the virtual
// workspace. The tests module (inside the fixture's folder, so it runs in the same extension host) is one esbuild bundle (mocha's browser build included); it prints
// `RIS_WEB_RESULTS {…}` at the end, which is read here from the extension host's console.
//
// `node test/run-web.mjs` runs it alone; test/run-all.mjs imports runWebTests.
import * as esbuild from 'esbuild';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { format } from 'node:util';
import { pathToFileURL } from 'node:url';
import { ensureRuntime, launchBrowser, repoRoot, startCodeServer } from './harness/runtime.mjs';

const OFFLINE_NOISE = [/ENOTFOUND/, /open-vsx\.org/, /Creating a socket/, /Resolv(ing|ed) connection token/, /\[AgentHost/, /\[AccountPolicyGate\]/, /\[Service Worker\]/, /grace time/, /builtin extensions cache/];

/** Every file of `dir` (relative path → text). */
function filesOf(dir) {
  const files = {};
  for (const file of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!file.isFile()) continue;
    const full = join(file.parentPath ?? file.path, file.name);
    files[`/review/${relative(dir, full).split('\\').join('/')}`] = readFileSync(full, 'utf8');
  }
  return files;
}

/**
 * Bundles the memfs fixture extension (with the example review) as an installed extension of
 * `extensionsDir`, and the tests module into out/ (inside the development extension's folder: tests
 * run in the extension host of the extension whose folder holds them, here the web worker one).
 */
async function buildFixtures(extensionsDir) {
  const files = filesOf(join(repoRoot, 'examples/review'));
  // A user style, read through workspace.fs: the bundled Vancouver style's XML under another name.
  const styles = JSON.parse(readFileSync(join(repoRoot, 'node_modules/@citation-js/plugin-csl/lib/styles.json'), 'utf8'));
  files['/review/styles/numbered.csl'] = styles.vancouver;
  const memfs = join(extensionsDir, 'ris-references-tests.memfs-fixture-0.0.1');
  mkdirSync(memfs, { recursive: true });
  writeFileSync(join(memfs, 'package.json'), JSON.stringify({
    name: 'memfs-fixture', publisher: 'ris-references-tests', version: '0.0.1', engines: { vscode: '^1.100.0' },
    browser: './extension.js', activationEvents: ['onFileSystem:memfs'], capabilities: { virtualWorkspaces: true },
  }));
  const common = { bundle: true, platform: 'browser', format: 'cjs', target: 'es2022', external: ['vscode'], logLevel: 'warning' };
  await esbuild.build({ ...common, entryPoints: [join(repoRoot, 'test/web/memfs/extension.ts')], outfile: join(memfs, 'extension.js'), define: { MEMFS_FILES: JSON.stringify(files) } });
  const tests = join(repoRoot, 'out/web-tests/index.js');
  await esbuild.build({ ...common, entryPoints: [join(repoRoot, 'test/web/index.ts')], outfile: tests });
  return { tests };
}

/**
 * Starts code-server with the memfs fixture installed, and returns the URL of a web workbench on
 * `memfs:/review` with the repository as the development extension, running in the web worker
 * extension host (plus `payload`'s extra entries). `stop()` ends the server and removes the fixture.
 */
export async function startWebWorkbench({ payload = [], settings = {} } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'ris-web-'));
  const extensionsDir = join(dir, 'extensions');
  let tests;
  let server;
  try {
    ({ tests } = await buildFixtures(extensionsDir));
    // The payload's `extensionDevelopmentKind` is read under another name by VS Code 1.139's web
    // workbench and has no effect there; `remote.extensionKind` does the same.
    server = await startCodeServer({ extensionsDir, settings: { ...settings, 'remote.extensionKind': { 'ris-references.ris-references': ['web'] } } });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const remote = (p) => `vscode-remote://127.0.0.1:${server.port}${p}`;
  const entries = [
    ['extensionDevelopmentPath', remote(repoRoot)],
    ['extensionDevelopmentKind', 'web'],
    ['skipWelcome', 'true'],
    ['skipReleaseNotes', 'true'],
    ...payload.map(([key, value]) => [key, value === '$TESTS' ? remote(tests) : value]),
  ];
  const params = new URLSearchParams({ folder: 'memfs:/review', payload: JSON.stringify(entries) });
  return {
    url: `${server.url}/?${params}`,
    stop: async () => {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Runs the web tests; resolves to `{ passed, failed, pending, ms }`. Throws when the runtime cannot
 * be installed or started (the caller counts that as a failure).
 */
export async function runWebTests({ log = (line) => process.stdout.write(`${line}\n`), timeoutMs = Number(process.env.RIS_TEST_TIMEOUT_MS ?? 300_000) } = {}) {
  const started = Date.now();
  ensureRuntime();
  const workbench = await startWebWorkbench({ payload: [['extensionTestsPath', '$TESTS']] });
  let browser;
  try {
    const launched = await launchBrowser();
    browser = launched.browser;
    const page = await launched.context.newPage();
    let results;
    let settle;
    const settled = new Promise((r) => (settle = r));
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const text = Array.isArray(args) ? format(...args) : String(args);
      if (text.startsWith('RIS_WEB_RESULTS ')) {
        results = JSON.parse(text.slice('RIS_WEB_RESULTS '.length));
        return;
      }
      if (!process.env.RIS_TEST_VERBOSE && OFFLINE_NOISE.some((p) => p.test(text))) return;
      log(text);
    });
    // RIS_TEST_VERBOSE=1 also shows the workbench's own console (extension scanning, host start).
    if (process.env.RIS_TEST_VERBOSE) page.on('console', (message) => log(`[browser] ${message.text()}`));
    await page.exposeFunction('codeAutomationExit', (code) => settle(Number(code)));
    await page.goto(workbench.url);
    const timer = new Promise((r) => setTimeout(() => r('timeout'), timeoutMs).unref());
    const code = await Promise.race([settled, timer]);
    if (code === 'timeout') {
      const shot = join(repoRoot, 'test-results/web-timeout.png');
      mkdirSync(join(repoRoot, 'test-results'), { recursive: true });
      await page.screenshot({ path: shot }).catch(() => undefined);
      log(`The web tests did not finish within ${timeoutMs / 1000} s; screenshot: ${shot}`);
    }
    const counts = results ?? { passed: 0, failed: 1, pending: 0 };
    // A run that failed without a failing test (the module did not load, a timeout) is one failure.
    const failed = code !== 0 && counts.failed === 0 ? 1 : counts.failed;
    return { passed: counts.passed, failed, pending: counts.pending, ms: Date.now() - started };
  } finally {
    await browser?.close().catch(() => undefined);
    await workbench.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  let result;
  try {
    result = await runWebTests();
  } catch (error) {
    console.error(`web tests could not run: ${error instanceof Error ? error.message : String(error)}`);
    result = { passed: 0, failed: 1, pending: 0, ms: 0 };
  }
  console.log(`web: ${result.passed} passed, ${result.failed} failed, ${result.pending} pending (${(result.ms / 1000).toFixed(1)} s)`);
  process.exit(result.failed > 0 || result.passed === 0 ? 1 : 0);
}
