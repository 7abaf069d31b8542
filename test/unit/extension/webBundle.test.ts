// The web extension's bundle: built from src/hosts/web.ts for the browser as esbuild.mjs builds it
// (minified), it must need no Node built-in and stay within its budget of 1 MB. esbuild.mjs
// enforces the same on `npm run build:production`; this test keeps it enforced in `npm test`.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { builtinModules } from 'node:module';
import * as esbuild from 'esbuild';
import { findRepoRoot } from '../helpers/repo';

const BUDGET_BYTES = 1024 * 1024;

describe('web extension bundle (dist/web/extension.js)', function () {
  this.timeout(120_000);

  it('builds for the browser without a Node built-in, within 1 MB minified (the citeproc worker apart)', async () => {
    const root = findRepoRoot();
    const result = await esbuild.build({
      entryPoints: [path.join(root, 'src/hosts/web.ts')],
      bundle: true,
      platform: 'browser',
      format: 'cjs',
      target: 'es2022',
      mainFields: ['browser', 'module', 'main'],
      external: ['vscode'],
      minify: true,
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
    const imported = Object.values(result.metafile.inputs).flatMap((input) => input.imports.map((i) => i.path));
    assert.deepEqual(imported.filter((p) => builtins.has(p)), [], 'no Node built-in is imported');
    const size = result.outputFiles[0]?.contents.byteLength ?? 0;
    assert.ok(size > 50_000, `the bundle holds the extension (${size} bytes)`);
    assert.ok(size <= BUDGET_BYTES, `${size} bytes is within the budget of ${BUDGET_BYTES}`);
    // citeproc-js and the bundled styles live in the Web Worker's bundle, not here.
    const output = Object.values(result.metafile.outputs)[0];
    const citeproc = Object.entries(output?.inputs ?? {}).filter(([p, i]) => /node_modules\/(citeproc|@citation-js)\//.test(p) && i.bytesInOutput > 0);
    assert.deepEqual(citeproc.map(([p]) => p), [], 'citeproc-js and the styles are not in the extension bundle');
  });
});
