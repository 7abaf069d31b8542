import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { findRepoRoot } from '../helpers/repo';

describe('packaged extension (.vsix)', () => {
  it('ships only the bundles, the grammar, the language configuration, the icon, the walkthrough and the docs', function () {
    this.timeout(60_000);
    const root = findRepoRoot();
    const result = spawnSync(path.join(root, 'node_modules/.bin/vsce'), ['ls', '--no-dependencies'], { cwd: root, encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    const files = result.stdout.trim().split('\n').map((f) => f.trim()).sort();
    assert.deepEqual(files, [
      'CHANGELOG.md',
      'LICENSE',
      'README.md',
      'THIRD-PARTY-NOTICES.md',
      'dist/checkWorker.js',
      'dist/citeprocWorker.js',
      'dist/cli.js',
      'dist/extension.js',
      'dist/web/citeprocWorker.js',
      'dist/web/extension.js',
      'images/references.svg',
      'language-configuration.json',
      'media/preview.css',
      'media/walkthrough/browse.md',
      'media/walkthrough/check.md',
      'media/walkthrough/cite.md',
      'media/walkthrough/deduplicate.md',
      'media/walkthrough/fix.md',
      'media/walkthrough/open.md',
      'media/walkthrough/review.md',
      'package.json',
      'package.nls.json',
      'syntaxes/ris.tmLanguage.json',
    ]);
  });
});
