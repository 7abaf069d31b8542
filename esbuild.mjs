// Bundles the extension (dist/extension.js, its citation worker dist/citeprocWorker.js), the web
// extension (dist/web/extension.js and its Web Worker dist/web/citeprocWorker.js, for vscode.dev and
// github.dev: no Node built-in may reach them, the build fails on one) and the command-line tool
// (dist/cli.js) with esbuild. Prints the bundles' sizes, and fails when the web extension (without its
// citation worker) is over its budget of 1 MB minified.
// Flags: --production (minify, no source maps), --watch (rebuild on change).
import * as esbuild from 'esbuild';
import { builtinModules } from 'node:module';
import { readFileSync, statSync } from 'node:fs';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Prints errors in the `file:line:col: error: message` form VS Code's problem matcher reads. */
const problemMatcher = {
  name: 'problem-matcher',
  setup(build) {
    build.onStart(() => console.log(`[watch] build started (${build.initialOptions.outfile})`));
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log(`[watch] build finished (${build.initialOptions.outfile})`);
    });
  },
};

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'warning',
  plugins: watch ? [problemMatcher] : [],
};

/** The web budget: dist/web/extension.js minified (its citation worker, with styles and locales, apart). */
export const WEB_BUDGET_BYTES = 1024 * 1024;

const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

/** Fails the web build on any import of a Node built-in (`fs`, `node:path`, `worker_threads`…), naming the importer. */
const noNodeBuiltins = {
  name: 'no-node-builtins',
  setup(build) {
    build.onResolve({ filter: /.*/ }, (args) => {
      if (!NODE_BUILTINS.has(args.path) && !args.path.startsWith('node:')) return undefined;
      return { errors: [{ text: `the web extension cannot use the Node built-in "${args.path}" (imported by ${args.importer})` }] };
    });
  },
};

const web = {
  ...common,
  platform: 'browser',
  target: 'es2022',
  mainFields: ['browser', 'module', 'main'],
  plugins: [...common.plugins, noNodeBuiltins],
};

const targets = [
  { ...common, entryPoints: ['src/hosts/desktop.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  // Formatting with citeproc-js runs in this worker thread, started by dist/extension.js on first use.
  { ...common, entryPoints: ['src/worker/citeprocWorker.ts'], outfile: 'dist/citeprocWorker.js' },
  // Files read from disk above 1 MB are validated in this worker thread, started on first use.
  { ...common, entryPoints: ['src/worker/checkWorker.ts'], outfile: 'dist/checkWorker.js' },
  // The web extension runs in a browser's Web Worker extension host: CommonJS, `vscode` provided.
  { ...web, entryPoints: ['src/hosts/web.ts'], outfile: 'dist/web/extension.js', format: 'cjs', external: ['vscode'] },
  // Its citation worker is a Web Worker (a classic script), started on first use.
  { ...web, entryPoints: ['src/worker/citeprocWebWorker.ts'], outfile: 'dist/web/citeprocWorker.js', format: 'iife' },
  { ...common, entryPoints: ['src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' }, define: { RIS_REFERENCES_VERSION: JSON.stringify(version) } },
];

if (watch) {
  for (const options of targets) {
    const ctx = await esbuild.context(options);
    await ctx.watch();
  }
} else {
  try {
    await Promise.all(targets.map((options) => esbuild.build(options)));
  } catch {
    // esbuild printed the errors.
    process.exit(1);
  }
  const kb = (file) => `${(statSync(file).size / 1024).toFixed(0)} KB`.padStart(9);
  console.log(`bundles (${production ? 'minified' : 'not minified, with source maps'}):`);
  for (const { outfile } of targets) console.log(`  ${kb(outfile)}  ${outfile}`);
  const webSize = statSync('dist/web/extension.js').size;
  if (production && webSize > WEB_BUDGET_BYTES) {
    console.error(`dist/web/extension.js is ${webSize} bytes, over its budget of ${WEB_BUDGET_BYTES} bytes minified`);
    process.exit(1);
  }
}
