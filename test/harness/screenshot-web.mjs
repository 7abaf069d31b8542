// `npm run screenshot:web`: a screenshot of the web extension in VS Code's web workbench (the
// browser bundle in the web worker extension host, on the in-memory `memfs:` copy of the example
// review; see test/run-web.mjs), with a messy export's diagnostics and the References view.
// Writes test-results/screenshots/web.png.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ensureRuntime, launchBrowser, repoRoot } from './runtime.mjs';
import { startWebWorkbench } from '../run-web.mjs';

const outDir = join(repoRoot, 'test-results/screenshots');
const build = spawnSync(process.execPath, [join(repoRoot, 'esbuild.mjs')], { cwd: repoRoot, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
ensureRuntime();
mkdirSync(outDir, { recursive: true });

const workbench = await startWebWorkbench({
  // Quick Open needs a search provider, which the in-memory file system has not: the file opens from the payload.
  payload: [['openFile', 'memfs:/review/inbox/psycinfo-search.ris']],
  settings: { 'workbench.colorTheme': 'Default Dark Modern' },
});
const { browser, context } = await launchBrowser();
let failed = false;
const page = await context.newPage();
try {
  await page.goto(workbench.url);
  await page.waitForSelector('.monaco-workbench .part.editor', { timeout: 60_000 });
  await page.waitForSelector('.squiggly-error', { timeout: 60_000 });
  await page.keyboard.press('F1');
  await page.waitForSelector('.quick-input-widget', { state: 'visible' });
  await page.keyboard.type('View: Show References', { delay: 10 });
  await page.waitForSelector('.quick-input-list .monaco-list-row', { timeout: 10_000 });
  await page.keyboard.press('Enter');
  await page.waitForSelector('.monaco-list-row[aria-label*="scopus-export.ris"]', { timeout: 30_000 });
  await page.keyboard.press('Control+Shift+M'); // the Problems panel
  await page.waitForSelector('.part.panel', { state: 'visible', timeout: 10_000 });
  await page.waitForTimeout(1500);
  const file = join(outDir, 'web.png');
  await page.screenshot({ path: file });
  console.log(`screenshot: ${file}`);
} catch (error) {
  failed = true;
  const file = join(outDir, 'web-failed.png');
  await page.screenshot({ path: file }).catch(() => undefined);
  console.error(`the web screenshot failed (${file}): ${error instanceof Error ? error.message : String(error)}`);
} finally {
  await browser.close();
  await workbench.stop();
}
process.exit(failed ? 1 : 0);
