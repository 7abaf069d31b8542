#!/usr/bin/env node
// A stand-in for the desktop VS Code executable that @vscode/test-electron's runTests launches:
// it takes the same flags (--extensionDevelopmentPath=… --extensionTestsPath=… [folder]), runs the
// tests in the real VS Code of code-server (its Node extension host, with the web workbench in
// headless Chromium), prints the extension host's output, and exits with the tests' result.
// Flags that only concern the desktop app (--no-sandbox, --skip-welcome…) are ignored.
import { mkdirSync, writeFileSync } from 'node:fs';
import { format } from 'node:util';
import { join, resolve } from 'node:path';
import { startCodeServer, launchBrowser, workbenchUrl, repoRoot } from './runtime.mjs';

const args = process.argv.slice(2);
let extensionPath;
let testsPath;
const folders = [];
for (const arg of args) {
  if (arg.startsWith('--extensionDevelopmentPath=')) extensionPath = arg.slice(arg.indexOf('=') + 1);
  else if (arg.startsWith('--extensionTestsPath=')) testsPath = arg.slice(arg.indexOf('=') + 1);
  else if (!arg.startsWith('-')) folders.push(arg);
}
if (!extensionPath || !testsPath || folders.length === 0) {
  console.error('usage: vscode-exe.mjs --extensionDevelopmentPath=DIR --extensionTestsPath=FILE FOLDER');
  process.exit(2);
}

const OFFLINE_NOISE = [/ENOTFOUND/, /open-vsx\.org/, /Creating a socket/, /Resolv(ing|ed) connection token/, /\[AgentHost/, /\[AccountPolicyGate\]/, /\[Service Worker\]/, /grace time/, /builtin extensions cache/];
const timeoutMs = Number(process.env.RIS_TEST_TIMEOUT_MS ?? 600_000);
// Environment variables meant for the tests (RIS_*) travel to the extension host in the payload.
const environment = Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('RIS_')));

const server = await startCodeServer();
const { browser, context } = await launchBrowser();
let exitCode = 1;
try {
  const page = await context.newPage();
  let settle;
  const settled = new Promise((r) => (settle = r));
  const rendererProfile = rendererProfiler(page);
  await page.exposeFunction('codeAutomationLog', (type, logArgs) => {
    // The extension host forwards console calls with their format arguments (`'%s %d', a, b`).
    const text = Array.isArray(logArgs) ? format(...logArgs) : String(logArgs);
    if (rendererProfile.handle(text)) return;
    // Offline noise of the workbench (extension gallery, update checks) says nothing about the tests.
    if (!process.env.RIS_TEST_VERBOSE && OFFLINE_NOISE.some((pattern) => pattern.test(text))) return;
    if (type === 'error') process.stderr.write(`${text}\n`);
    else process.stdout.write(`${text}\n`);
  });
  await page.exposeFunction('codeAutomationExit', (code) => settle(Number(code)));
  const url = workbenchUrl(server, resolve(folders[0]), {
    extensionPath: resolve(extensionPath),
    testsPath: resolve(testsPath),
    environment,
  });
  await page.goto(url);
  const timer = new Promise((r) => setTimeout(() => r('timeout'), timeoutMs).unref());
  const result = await Promise.race([settled, timer]);
  if (result === 'timeout') {
    const dir = join(repoRoot, 'test-results');
    mkdirSync(dir, { recursive: true });
    const shot = join(dir, 'integration-timeout.png');
    await page.screenshot({ path: shot }).catch(() => undefined);
    console.error(`The integration tests did not finish within ${timeoutMs / 1000} s; screenshot: ${shot}`);
    exitCode = 1;
  } else {
    exitCode = result;
  }
} catch (error) {
  console.error(error);
  exitCode = 1;
} finally {
  await browser.close().catch(() => undefined);
  await server.stop();
}
process.exit(exitCode);

/**
 * RIS_BENCH_RENDERER_PROFILE=FILE: a CPU profile of the workbench (the renderer, where VS Code's
 * editor, outline and breadcrumbs run), recorded between the extension host's log lines
 * `[ris-bench] renderer profile start` and `… stop` (the VS Code benchmark prints them around typing).
 */
function rendererProfiler(page) {
  const file = process.env.RIS_BENCH_RENDERER_PROFILE;
  let session;
  let pending = Promise.resolve();
  return {
    /** True when `text` was a profiler marker (not printed). */
    handle(text) {
      if (!text.startsWith('[ris-bench] renderer profile ')) return false;
      if (!file) return true;
      if (text.endsWith('start')) {
        pending = pending.then(async () => {
          session = await page.context().newCDPSession(page);
          await session.send('Profiler.enable');
          await session.send('Profiler.start');
        }).catch((error) => console.error('renderer profile:', error));
      } else if (text.endsWith('stop')) {
        pending = pending.then(async () => {
          const { profile } = await session.send('Profiler.stop');
          writeFileSync(file, JSON.stringify(profile));
          console.log(`renderer profile: ${file}`);
        }).catch((error) => console.error('renderer profile:', error));
      }
      return true;
    },
  };
}
