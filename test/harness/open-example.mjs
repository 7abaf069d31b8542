// `npm run example`: builds the extension and opens it on the example workspace in a real VS Code:
// the local `code` when one is on PATH (an Extension Development Host window), otherwise the VS Code
// of code-server that the tests use, printing the URL to open in a browser. Ctrl+C stops it.
// Options (environment): RIS_EXAMPLE_PORT (default: a free port), RIS_EXAMPLE_HOST (default 127.0.0.1).
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ensureRuntime, repoRoot, startCodeServer, workbenchUrl } from './runtime.mjs';

const workspace = join(repoRoot, 'examples/review');
const build = spawnSync(process.execPath, [join(repoRoot, 'esbuild.mjs')], { cwd: repoRoot, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const hasCode = spawnSync('sh', ['-c', 'command -v code'], { encoding: 'utf8' }).status === 0 && process.env.RIS_EXAMPLE_WEB !== '1';
if (hasCode) {
  console.log('Opening the example workspace in VS Code (Extension Development Host)…');
  const child = spawn('code', ['--new-window', `--extensionDevelopmentPath=${repoRoot}`, workspace], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  ensureRuntime();
  const server = await startCodeServer({
    port: process.env.RIS_EXAMPLE_PORT ? Number(process.env.RIS_EXAMPLE_PORT) : undefined,
    host: process.env.RIS_EXAMPLE_HOST ?? '127.0.0.1',
  });
  const url = workbenchUrl(server, workspace, { extensionPath: repoRoot });
  console.log('\nNo desktop `code` on PATH: the example runs in the VS Code of code-server.');
  console.log('Open this URL in a browser (the extension is loaded as a development extension):\n');
  console.log(`  ${url}\n`);
  console.log('Press Ctrl+C to stop.');
  // Once, whichever comes first: a signal, or code-server's exit (which stopping it also causes).
  let stopping;
  const stop = () => {
    stopping ??= server.stop().finally(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  process.on('SIGHUP', stop);
  // code-server stopped from outside (its process killed): nothing left to serve.
  void server.exited.then(stop);
  await new Promise(() => {});
}
