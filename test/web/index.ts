/**
 * The tests module of the web tests (`extensionTestsPath`), run by VS Code in the browser's Web
 * Worker extension host beside the web extension: mocha's browser build, the bundled `*.test.ts`,
 * and one last console line with the counts (`RIS_WEB_RESULTS {…}`) that test/run-web.mjs reads,
 * since a Web Worker cannot write a results file.
 */
import 'mocha/mocha.js';
import * as vscode from 'vscode';
import { defineWebTests } from './web.test';

/** Runs the web tests; rejects when one failed or none ran. */
export async function run(): Promise<void> {
  console.log(`[web] VS Code ${vscode.version}, appHost ${vscode.env.appHost}, uiKind ${vscode.UIKind[vscode.env.uiKind]}, workspace ${vscode.workspace.workspaceFolders?.[0]?.uri.toString() ?? 'none'}`);
  console.log(`[web] extensions here: ${vscode.extensions.all.filter((e) => !e.id.startsWith('vscode.')).map((e) => e.id).join(', ')}`);
  mocha.setup({ ui: 'bdd', reporter: 'spec', timeout: 60_000, color: false } as Mocha.MochaOptions);
  // `describe` and `it` exist once mocha is set up: only then are the suites defined.
  defineWebTests();
  const stats = await new Promise<{ passed: number; failed: number; pending: number; failures: string[] }>((resolve) => {
    const failures: string[] = [];
    const runner = mocha.run(() => resolve({ passed: runner.stats?.passes ?? 0, failed: runner.stats?.failures ?? 0, pending: runner.stats?.pending ?? 0, failures }));
    runner.on('fail', (test, err: unknown) => failures.push(`${test.fullTitle()}: ${err instanceof Error ? err.message : String(err)}`));
  });
  console.log(`RIS_WEB_RESULTS ${JSON.stringify(stats)}`);
  if (stats.failed > 0) throw new Error(`${stats.failed} web test(s) failed`);
  if (stats.passed === 0) throw new Error('no web test ran');
}
