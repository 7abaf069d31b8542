// Runs the integration tests inside a real VS Code through @vscode/test-electron's runTests.
// By default the VS Code is the one in code-server (see test/harness/), which works offline on
// these machines; with RIS_VSCODE_DESKTOP=1, runTests downloads and uses desktop VS Code instead
// (RIS_VSCODE_VERSION picks the version, default 'stable').
import { runTests } from '@vscode/test-electron';
import { join } from 'node:path';
import { ensureRuntime, repoRoot } from './harness/runtime.mjs';

/** Runs the suite on `workspace`; resolves to the exit code (0 when every test passed). */
export async function runIntegration({ workspace, resultsFile, env = {} }) {
  const desktop = process.env.RIS_VSCODE_DESKTOP === '1';
  const options = {
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: join(repoRoot, 'out/test/integration/index.js'),
    launchArgs: [workspace, '--disable-extensions'],
    extensionTestsEnv: { ...env, RIS_TEST_RESULTS: resultsFile },
  };
  if (desktop) {
    options.version = process.env.RIS_VSCODE_VERSION ?? 'stable';
  } else {
    ensureRuntime();
    options.vscodeExecutablePath = join(repoRoot, 'test/harness/vscode-exe.mjs');
  }
  try {
    await runTests(options);
    return 0;
  } catch (error) {
    console.error(`integration tests failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}
