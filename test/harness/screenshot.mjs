// `npm run screenshot [-- NAME...]`: takes screenshots of the real workbench (VS Code of code-server in
// headless Chromium) with the development build of the extension loaded on the example workspace,
// and writes them to test-results/screenshots/NAME.png. Without names, every scenario runs.
import { spawnSync } from 'node:child_process';
import { closeSync, copyFileSync, ftruncateSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureRuntime, launchBrowser, repoRoot, startCodeServer, workbenchUrl } from './runtime.mjs';

const outDir = join(repoRoot, 'test-results/screenshots');
const workspace = join(repoRoot, 'examples/review');

/**
 * Opens a workspace file through Quick Open and waits for its editor tab to be the active one (the
 * workbench restores the tabs an earlier scenario left open, so the tab alone may be there already).
 */
async function openFile(page, name) {
  await page.keyboard.press('Control+P');
  await page.waitForSelector('.quick-input-widget', { state: 'visible' });
  await page.keyboard.type(name, { delay: 20 });
  await page.waitForSelector(`.quick-input-list .monaco-list-row[aria-label*="${name}"]`, { timeout: 15_000 });
  await page.keyboard.press('Enter');
  await page.waitForSelector(`.tab.active[aria-label*="${name}"]`, { timeout: 15_000 });
  await page.waitForSelector('.monaco-editor .view-lines', { state: 'visible' });
}

/** Runs a command from the command palette by its title. */
async function runCommand(page, title) {
  await page.keyboard.press('F1');
  await page.waitForSelector('.quick-input-widget', { state: 'visible' });
  await page.keyboard.type(title, { delay: 10 });
  await page.waitForSelector('.quick-input-list .monaco-list-row', { timeout: 10_000 });
  await page.keyboard.press('Enter');
}

/** Scenarios: each gets a workbench page with the example workspace open and returns nothing. */
const scenarios = {
  /** The example workspace with a RIS file open: highlighting, language mode, the extension's log. */
  async workspace(page) {
    await openFile(page, 'scopus-export.ris');
    await runCommand(page, 'RIS: Show Log');
    await page.waitForSelector('.part.panel', { state: 'visible', timeout: 10_000 });
    await page.waitForTimeout(1500); // let the editor finish tokenizing before the picture
  },
  /** A messy export with its squiggles, and the quick fix menu open on a record without ER. */
  async 'quick-fix'(page) {
    await openFile(page, 'psycinfo-search.ris');
    await page.waitForSelector('.squiggly-error', { timeout: 20_000 });
    await goToLine(page, 23);
    // The menu opens once the line's code actions are known: a press before that opens nothing.
    for (let attempt = 1; ; attempt++) {
      await page.keyboard.press('Control+.');
      const opened = await page.waitForSelector('.action-widget', { state: 'visible', timeout: 5_000 }).then(() => true, () => false);
      if (opened) break;
      if (attempt === 3) throw new Error('the quick fix menu did not open after three presses of Ctrl+.');
    }
    await page.waitForTimeout(500);
  },
  /** The References view with the example library, and a citation hover in the draft. */
  async library(page) {
    await openFile(page, 'draft.md');
    await runCommand(page, 'View: Show References');
    // The first file of the tree (the inbox) lists Gulshan 2016; Liu et al. 2021 is further down.
    await page.waitForSelector('.monaco-list-row[aria-label*="Gulshan"]', { timeout: 20_000 });
    await widenSideBar(page, 170);
    // The Duplicates view closed, so that the References view has the side bar's height.
    await page.click('.pane-header[aria-label^="Duplicates"]').catch(() => undefined);
    // Away from the tree, whose row under the pointer would show its tooltip.
    await page.mouse.move(25, 600);
    await goToLine(page, '13:15');
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+I');
    await page.waitForSelector('.monaco-hover-content', { state: 'visible', timeout: 10_000 });
    await page.waitForTimeout(800);
  },

  /** The citation picker, searching the draft's bibliography. */
  async picker(page) {
    await openFile(page, 'draft.md');
    await goToLine(page, '18:1');
    await runCommand(page, 'RIS: Insert Citation');
    // The picker itself, not the command palette it replaces (whose rows would let the typing
    // start in the editor).
    await page.waitForSelector('.quick-input-widget .quick-input-title:has-text("Insert Citation")', { state: 'visible', timeout: 15_000 });
    await page.waitForSelector('.quick-input-widget .monaco-list-row', { timeout: 15_000 });
    await page.keyboard.type('deep learn', { delay: 40 });
    await page.waitForTimeout(800);
  },

  /** The draft in the Markdown preview: citations formatted in APA, the bibliography at the end. */
  async preview(page) {
    await openFile(page, 'draft.md');
    await runCommand(page, 'Markdown: Open Preview to the Side');
    const frame = await waitForFrame(page, (f) => f.locator('#refs .csl-entry').first().isVisible(), 30_000);
    await runCommand(page, 'View: Close Primary Side Bar');
    await page.waitForTimeout(800);
    // Show the end of the draft: in-text citations of the discussion and the bibliography.
    await frame.evaluate(() => document.querySelector('[id="discussion"]')?.scrollIntoView());
    await page.waitForTimeout(1000);
  },

  /** The PRISMA 2020 flow diagram in its webview beside review.yaml. */
  async 'prisma-diagram'(page) {
    await openFile(page, 'review.yaml');
    await runCommand(page, 'View: Close Primary Side Bar');
    await runCommand(page, 'RIS: Show PRISMA Flow Diagram');
    await waitForFrame(page, (f) => f.getByText('Records screened').first().isVisible(), 30_000);
    await page.waitForTimeout(1000);
  },

  /** The extension's walkthrough (Welcome: Open Walkthrough…), on its step about citing. */
  async walkthrough(page) {
    await openFile(page, 'draft.md');
    await runCommand(page, 'Welcome: Open Walkthrough');
    await page.waitForSelector('.quick-input-list .monaco-list-row[aria-label*="RIS References"]', { timeout: 15_000 });
    await page.keyboard.type('RIS References', { delay: 10 });
    await page.keyboard.press('Enter');
    await page.getByText('Open a search export').first().waitFor({ state: 'visible', timeout: 20_000 });
    await page.getByText('Cite from Markdown').first().click();
    await page.getByText('exactly pandoc').first().waitFor({ state: 'visible', timeout: 10_000 });
    // The step's Markdown media renders in a webview.
    await waitForFrame(page, (f) => f.getByText('Write the review in Markdown').first().isVisible(), 30_000);
    await page.waitForTimeout(1000);
  },

  /** An outline limited by ris.outline.maxItems: the Outline view, and the language status that says so. */
  async 'outline-limit'(page) {
    await openFile(page, 'scopus-export.ris');
    await runCommand(page, 'Explorer: Focus on Outline View');
    await page.waitForSelector('.monaco-list-row[aria-label*="Liu et al. 2021"]', { timeout: 20_000 });
    await page.click('.statusbar-item[id="status.languageStatus"] a');
    await page.getByText('Outline: first 5 of 12 records').first().waitFor({ state: 'visible', timeout: 10_000 });
    await page.waitForTimeout(800);
  },

  /**
   * A 53 MB export opened: VS Code shows no text of it, the status bar says that the extension
   * checks it (large-file-checking.png), then the Problems panel lists its problems.
   */
  async 'large-file'(page) {
    // A RIS document activates the extension (a tab without a document does not).
    await openFile(page, 'scopus-export.ris');
    await page.keyboard.press('Control+P');
    await page.waitForSelector('.quick-input-widget', { state: 'visible' });
    await page.keyboard.type('large-export.ris', { delay: 20 });
    await page.waitForSelector('.quick-input-list .monaco-list-row[aria-label*="large-export.ris"]', { timeout: 15_000 });
    await page.keyboard.press('Enter');
    await page.getByText('Checking large-export.ris').first().waitFor({ state: 'visible', timeout: 30_000 });
    await page.waitForTimeout(1000);
    await page.screenshot({ path: join(outDir, 'large-file-checking.png') });
    console.log(`screenshot: ${join(outDir, 'large-file-checking.png')}`);
    await runCommand(page, 'View: Focus Problems');
    await page.waitForSelector('.markers-panel .monaco-list-row', { timeout: 120_000 });
    await page.waitForTimeout(1000);
  },

  /** The References view grouped by screening decision (Excluded open on its reasons), beside the Rayyan export. */
  async 'references-by-decision'(page) {
    await runCommand(page, 'View: Close All Editor Groups');
    await openFile(page, 'rayyan-export.ris');
    await goToLine(page, 172);
    await runCommand(page, 'View: Show References');
    await page.waitForSelector('.monaco-list-row[aria-label^="Included ("]', { timeout: 30_000 });
    await widenSideBar(page, 170);
    // The Duplicates view closed, and Included (long) too, so that Excluded with its reasons and the rest show.
    await page.click('.pane-header[aria-label^="Duplicates"]').catch(() => undefined);
    await page.click('.monaco-list-row[aria-label^="Included ("]');
    await page.waitForSelector('.monaco-list-row[aria-label*="Excluded (4)"]', { timeout: 10_000 });
    await page.waitForSelector('.monaco-list-row[aria-label*="mckinney2020international"]', { timeout: 10_000 });
    await page.waitForTimeout(500);
    // The tooltip: the record's card with the decision and the votes (the citation style formats it first).
    await page.hover('.monaco-list-row[aria-label*="kermany2018identifying"]');
    await page.waitForSelector('.monaco-hover-content:has-text("Screening:")', { state: 'visible', timeout: 30_000 });
    await page.waitForTimeout(800);
  },

  /** "Sort References By…" over the References view, the current order marked. */
  async 'references-sort'(page) {
    await openFile(page, 'draft.md');
    await runCommand(page, 'View: Show References');
    await page.waitForSelector('.monaco-list-row[aria-label*="scopus-export.ris"]', { timeout: 30_000 });
    await widenSideBar(page, 170);
    await runCommand(page, 'RIS: Sort References By');
    await page.waitForSelector('.quick-input-list .monaco-list-row[aria-label*="Year, newest first"]', { timeout: 10_000 });
    await page.waitForTimeout(500);
  },

  /** The References view telling of an export in the workspace that it could not read (over 256 MB). */
  async 'references-unread'(page) {
    await runCommand(page, 'View: Show References');
    await page.waitForSelector('.monaco-list-row[aria-label*="scopus-export.ris"]', { timeout: 30_000 });
    await widenSideBar(page, 170);
    await page.click('.pane-header[aria-label^="Duplicates"]').catch(() => undefined);
    await page.waitForSelector('text=its references are not listed', { timeout: 30_000 });
    await page.waitForTimeout(500);
  },
};

/**
 * A workspace of its own for a scenario (made before its page opens): here a 53 MB export, above the
 * size VS Code gives extensions, beside a small one.
 */
const scenarioWorkspaces = {
  'references-unread': () => {
    const dir = mkdtempSync(join(tmpdir(), 'ris-screenshot-unread-'));
    copyFileSync(join(workspace, 'searches/scopus-export.ris'), join(dir, 'scopus-export.ris'));
    // 300 MB without the disk space: a sparse file.
    const fd = openSync(join(dir, 'embase-full-export.ris'), 'w');
    ftruncateSync(fd, 300 * 1024 * 1024);
    closeSync(fd);
    return dir;
  },
  'large-file': () => {
    const dir = mkdtempSync(join(tmpdir(), 'ris-screenshot-large-'));
    const abstract = 'An abstract long enough to make the file large. '.repeat(60);
    const records = Array.from({ length: 17_000 }, (_, i) => {
      const doi = i % 50 === 7 ? 'not a doi' : `10.5555/large.${i}`;
      const end = i % 70 === 9 ? '' : 'ER  - \n';
      return `TY  - JOUR\nTI  - Study number ${i} of deep learning in imaging\nAU  - Tester, Ann\nPY  - ${1990 + (i % 30)}\nJO  - Journal of Checks\nDO  - ${doi}\nAB  - ${abstract}\n${end}\n`;
    });
    writeFileSync(join(dir, 'large-export.ris'), records.join(''));
    copyFileSync(join(workspace, 'searches/scopus-export.ris'), join(dir, 'scopus-export.ris'));
    return dir;
  },
};

/** User settings a scenario needs besides the defaults (written before its page opens, restored after). */
const scenarioSettings = {
  'references-by-decision': { 'ris.references.groupBy': 'decision' },
  'references-sort': { 'ris.references.sort': 'year' },
  'outline-limit': { 'ris.outline.maxItems': 5 },
};

/** Adds user settings to the server's settings file; returns the function that restores it. */
function addUserSettings(server, extra) {
  const file = join(server.home, 'user-data/User/settings.json');
  const before = readFileSync(file, 'utf8');
  writeFileSync(file, JSON.stringify({ ...JSON.parse(before), ...extra }, null, 2));
  return () => writeFileSync(file, before);
}

/** Waits for a frame (the preview's webview is nested iframes) for which `probe` resolves true. */
async function waitForFrame(page, probe, timeout) {
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      if (await probe(frame).catch(() => false)) return frame;
    }
    await page.waitForTimeout(250);
  }
  throw new Error('no frame showed the rendered preview');
}

/** Drags the side bar's edge to make it wider. */
async function widenSideBar(page, by) {
  const box = await page.locator('.part.sidebar').boundingBox();
  if (!box) return;
  const x = box.x + box.width + 1;
  const y = box.y + box.height / 2;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + by, y, { steps: 8 });
  await page.mouse.up();
}

/** Moves the cursor to a 1-based line with "Go to Line". */
async function goToLine(page, line /* 12 or '12:5' */) {
  await page.keyboard.press('Control+G');
  await page.waitForSelector('.quick-input-widget', { state: 'visible' });
  await page.keyboard.type(String(line));
  await page.keyboard.press('Enter');
  await page.waitForTimeout(200);
}

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const names = wanted.length > 0 ? wanted : Object.keys(scenarios);
for (const name of names) {
  if (!scenarios[name]) {
    console.error(`unknown scenario ${name}; known: ${Object.keys(scenarios).join(', ')}`);
    process.exit(2);
  }
}

const build = spawnSync(process.execPath, [join(repoRoot, 'esbuild.mjs')], { cwd: repoRoot, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
ensureRuntime();
mkdirSync(outDir, { recursive: true });

const server = await startCodeServer({ settings: { 'workbench.colorTheme': 'Default Dark Modern' } });
const { browser, context } = await launchBrowser();
let failed = false;
try {
  for (const name of names) {
    const restore = scenarioSettings[name] ? addUserSettings(server, scenarioSettings[name]) : () => undefined;
    const page = await context.newPage();
    const folder = scenarioWorkspaces[name]?.() ?? workspace;
    await page.goto(workbenchUrl(server, folder, { extensionPath: repoRoot }));
    await page.waitForSelector('.monaco-workbench .part.editor', { timeout: 60_000 });
    await page.waitForSelector('.statusbar', { timeout: 60_000 });
    try {
      await scenarios[name](page);
      const file = join(outDir, `${name}.png`);
      await page.screenshot({ path: file });
      console.log(`screenshot: ${file}`);
    } catch (error) {
      failed = true;
      const file = join(outDir, `${name}-failed.png`);
      await page.screenshot({ path: file }).catch(() => undefined);
      console.error(`scenario ${name} failed (${file}): ${error instanceof Error ? error.message : String(error)}`);
    }
    await page.close();
    restore();
    if (folder !== workspace) rmSync(folder, { recursive: true, force: true });
  }
} finally {
  await browser.close();
  await server.stop();
}
process.exit(failed ? 1 : 0);
