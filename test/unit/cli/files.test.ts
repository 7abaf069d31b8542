/**
 * The CLI reads only regular files, up to a size, and never a URL or network path named in a
 * document's front matter. Commands that used to read without end run in a child process with a
 * deadline, so that a regression fails the test instead of hanging the suite.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../../src/cli/main';
import { readRegularFileSync, readTextFileSync, UnreadableFileError } from '../../../src/cli/files';
import { findRepoRoot } from '../helpers/repo';

const CLI = path.join(findRepoRoot(), 'out/src/cli.js');

function run(...args: string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = runCli(args, { out: (t) => (out += t), err: (t) => (err += t) }, '1.2.3');
  return { code, out, err };
}

/** The CLI in a child process, stopped after 20 s (the commands here take well under a second). */
function spawnCli(cwd: string, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 20_000, maxBuffer: 16 * 1024 * 1024 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const GOOD = ['TY  - JOUR', 'ID  - good', 'AU  - Doe, Jane', 'TI  - A good title', 'JO  - J', 'PY  - 2020', 'ER  - ', ''].join('\n');

describe('command line: only regular files, up to a size', function () {
  this.timeout(60_000);
  let dir: string;
  const posix = process.platform !== 'win32';

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ris-files-'));
    fs.writeFileSync(path.join(dir, 'good.ris'), GOOD);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('refuses a bibliography that links to /dev/zero instead of reading it without end', function () {
    if (!posix || !fs.existsSync('/dev/zero')) this.skip();
    fs.symlinkSync('/dev/zero', path.join(dir, 'zero.ris'));
    fs.writeFileSync(path.join(dir, 'zero.md'), '---\nbibliography: [good.ris, zero.ris]\n---\n\n[@good]\n');
    const exported = spawnCli(dir, 'export', '--to', 'csl-json', '--cited-in', 'zero.md');
    assert.equal(exported.status, 2, exported.stderr);
    assert.match(exported.stderr, /not a regular file: .*zero\.ris/);
    const checked = spawnCli(dir, 'check', 'zero.ris');
    assert.equal(checked.status, 2, checked.stderr);
    assert.match(checked.stderr, /not a regular file: zero\.ris/);
  });

  it('refuses a named pipe instead of waiting for a writer', function () {
    if (!posix) this.skip();
    const fifo = path.join(dir, 'pipe.ris');
    if (spawnSync('mkfifo', [fifo]).status !== 0) this.skip();
    for (const args of [['check', fifo], ['keys', fifo], ['parse', '--json', fifo], ['format', fifo]]) {
      const result = spawnCli(dir, ...args);
      assert.equal(result.status, 2, `${args[0]}: ${result.stderr}`);
      assert.match(result.stderr, /not a (regular )?file/, args[0]);
    }
    assert.throws(() => readRegularFileSync(fifo, 1024), (e: unknown) => e instanceof UnreadableFileError && /pipe\.ris is not a regular file/.test(e.message));
  });

  it('reads a link to a regular file, and refuses files above the size limit', function () {
    const file = path.join(dir, 'good.ris');
    if (posix) {
      fs.symlinkSync(file, path.join(dir, 'link.ris'));
      assert.match(run('export', '--to', 'csl-json', path.join(dir, 'link.ris')).out, /"id": "good"/);
    }
    assert.equal(readTextFileSync(file, GOOD.length), GOOD);
    assert.throws(() => readRegularFileSync(file, GOOD.length - 1), (e: unknown) => e instanceof UnreadableFileError && new RegExp(`good\\.ris is larger than ${GOOD.length - 1} bytes \\(${GOOD.length} bytes\\) and is not read`).test(e.message));
    assert.throws(() => readRegularFileSync(dir, 1024), /is a folder, not a file/);
  });

  it('never opens a URL or network path named in a document, and reads the rest', () => {
    fs.writeFileSync(path.join(dir, 'remote.md'), '---\nbibliography: [//host/share/refs.ris, https://example.org/refs.ris, good.ris]\n---\n\n[@good]\n');
    const exported = run('export', '--to', 'csl-json', '--cited-in', path.join(dir, 'remote.md'));
    assert.equal(exported.code, 1);
    assert.match(exported.out, /"id": "good"/);
    assert.match(exported.err, /\/\/host\/share\/refs\.ris is a network path; only local files are read/);
    assert.match(exported.err, /https:\/\/example\.org\/refs\.ris is a URL; only local files are read/);
    const formatted = run('format', '--cited-in', path.join(dir, 'remote.md'));
    assert.equal(formatted.code, 1);
    assert.equal(formatted.out, 'Doe, J. (2020). A good title. J.\n');
    assert.match(formatted.err, /is a network path/);

    fs.writeFileSync(path.join(dir, 'style.md'), '---\nbibliography: good.ris\ncsl: \\\\server\\styles\\nature.csl\n---\n\n[@good]\n');
    const styled = run('format', '--cited-in', path.join(dir, 'style.md'));
    assert.equal(styled.code, 2);
    assert.match(styled.err, /style\.md: \\\\server\\styles\\nature\.csl is a network path/);
  });

  it('refuses a style that is not a regular file or is too large', () => {
    fs.mkdirSync(path.join(dir, 'folder.csl'));
    const folder = run('format', '--style', path.join(dir, 'folder.csl'), path.join(dir, 'good.ris'));
    assert.equal(folder.code, 2);
    assert.match(folder.err, /folder\.csl is a folder, not a file/);
    const big = path.join(dir, 'big.csl');
    fs.writeFileSync(big, Buffer.alloc(5 * 1024 * 1024 + 1, 0x20));
    const large = run('format', '--style', big, path.join(dir, 'good.ris'));
    assert.equal(large.code, 2);
    assert.match(large.err, /big\.csl is larger than 5 MB \(5242881 bytes\) and is not read/);
  });
});
