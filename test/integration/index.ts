// The tests module VS Code loads in its extension host (`extensionTestsPath`): runs every compiled
// `*.test.js` beside it with mocha, prints the VS Code it runs in, and writes the counts to the
// file named by RIS_TEST_RESULTS so that `npm test` can add them to its summary.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import Mocha from 'mocha';

export async function run(): Promise<void> {
  console.log(`[integration] VS Code ${vscode.version}, appHost ${vscode.env.appHost}, uiKind ${vscode.UIKind[vscode.env.uiKind]}, remote ${vscode.env.remoteName ?? 'none'}`);
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: 'spec' });
  // RIS_TEST_GREP runs only the matching tests while working on them (never set by `npm test`).
  const grep = process.env.RIS_TEST_GREP;
  if (grep) mocha.grep(grep);
  const files = fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith('.test.js'))
    .sort();
  for (const file of files) mocha.addFile(path.join(__dirname, file));
  const stats = await new Promise<{ passed: number; failed: number; pending: number; failures: string[] }>((resolve) => {
    const failures: string[] = [];
    const runner = mocha.run(() => {
      resolve({ passed: runner.stats?.passes ?? 0, failed: runner.stats?.failures ?? 0, pending: runner.stats?.pending ?? 0, failures });
    });
    runner.on('fail', (test, err: unknown) => failures.push(`${test.fullTitle()}: ${err instanceof Error ? err.message : String(err)}`));
  });
  const resultsFile = process.env.RIS_TEST_RESULTS;
  if (resultsFile) fs.writeFileSync(resultsFile, JSON.stringify(stats, null, 2));
  if (stats.failed > 0) throw new Error(`${stats.failed} integration test(s) failed`);
  if (stats.passed === 0) throw new Error('no integration test ran');
}
