/**
 * `ris-references fix [--pandoc] [--rule CODE]... [--check|--diff] PATH...`: fixes in place, dry runs,
 * diffs, encodings and line endings kept, files that cannot be read cleanly left alone, atomic writes.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../../../src/cli/main';
import type { CheckRow } from '../../../../src/core/validation/streamingRows';

function run(...args: string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = runCli(args, { out: (t) => (out += t), err: (t) => (err += t) }, '1.2.3');
  return { code, out, err };
}

const FIXED_CODES = new Set(['ris.missing-end', 'ris.malformed-tag-line', 'ris.pandoc-incompatible']);

/** A vendor header, `AU  -Doe`, a continuation line, `TY - JOUR`, a lower-case tag, and no ER at the end. */
const BROKEN = [
  'Provider: Example',
  '',
  'TY  - JOUR',
  'AU  -Kuprel, B.',
  'TI  - Dermatologist-level classification',
  'of skin cancer',
  'PY  - 2017',
  'ER  - ',
  '',
  'TY - JOUR',
  'au  - Doe, J.',
  'TI  - Second',
  'PY  - 2020',
].join('\n');

const CLEAN = 'TY  - JOUR\nAU  - Doe, J.\nTI  - Clean\nPY  - 2021\nER  - \n';

const posix = process.platform !== 'win32';
const root = posix && process.getuid?.() === 0;

describe('command line: ris-references fix', () => {
  let dir: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ris-fix-'));
  });

  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function write(name: string, content: string | Uint8Array): string {
    const file = path.join(dir, name);
    fs.writeFileSync(file, content);
    return file;
  }

  it('fixes the files of a folder in place, lists them, and a check afterwards finds nothing to fix', () => {
    const broken = write('broken.ris', BROKEN);
    write('clean.ris', CLEAN);
    const { code, out, err } = run('fix', dir);
    assert.equal(code, 0, err);
    assert.equal(out, `${broken}\n`);
    assert.equal(err, 'fixed 1 of 2 file(s)\n');
    const rows = JSON.parse(run('check', '--json', dir).out) as CheckRow[];
    assert.deepEqual(rows.filter((r) => FIXED_CODES.has(r.code)), []);
    assert.ok(fs.readFileSync(broken, 'utf8').includes('N1  - Provider: Example'), 'the header moved into a note');
    assert.equal(fs.readFileSync(path.join(dir, 'clean.ris'), 'utf8'), CLEAN);
    const again = run('fix', '--check', dir);
    assert.equal(again.code, 0);
    assert.equal(again.out, '');
    assert.equal(again.err, '0 of 2 file(s) would change\n');
  });

  it('--check changes nothing and exits 1 when a file would change, listing it', () => {
    const broken = write('broken.ris', BROKEN);
    const clean = write('clean.ris', CLEAN);
    const { code, out, err } = run('fix', '--check', broken, clean);
    assert.equal(code, 1);
    assert.equal(out, `${broken}\n`);
    assert.equal(err, '1 of 2 file(s) would change\n');
    assert.equal(fs.readFileSync(broken, 'utf8'), BROKEN);
    assert.equal(run('fix', '--check', clean).code, 0);
  });

  it('--diff changes nothing and prints a unified diff', () => {
    const file = write('one.ris', 'TY  - JOUR\nAU  -Doe, J.\nTI  - T\nPY  - 2020\nER  - \n');
    const { code, out, err } = run('fix', '--diff', file);
    assert.equal(code, 1);
    const name = file.split(path.sep).join('/').replace(/^\//, '');
    assert.equal(out, `--- a/${name}\n+++ b/${name}\n@@ -1,5 +1,5 @@\n TY  - JOUR\n-AU  -Doe, J.\n+AU  - Doe, J.\n TI  - T\n PY  - 2020\n ER  - \n`);
    assert.equal(err, '1 of 1 file(s) would change\n');
    assert.equal(fs.readFileSync(file, 'utf8'), 'TY  - JOUR\nAU  -Doe, J.\nTI  - T\nPY  - 2020\nER  - \n');
    assert.equal(run('fix', '--diff', write('clean.ris', CLEAN)).out, '', 'no diff for a clean file');
  });

  it('--rule limits the fixes to those codes; --pandoc is "Make File Readable by pandoc" alone', () => {
    const file = write('broken.ris', BROKEN);
    const changed = (out: string): string[] => out.split('\n').filter((l) => /^[+-](?![+-]{2} [ab]\/)/.test(l));
    assert.deepEqual(changed(run('fix', '--rule', 'missing-end', '--diff', file).out), ['-PY  - 2020', '+PY  - 2020', '+ER  - '], 'a line feed and ER at the end');
    const tags = run('fix', '--rule', 'ris.malformed-tag-line', '--diff', file).out;
    assert.ok(tags.includes('+TY  - JOUR') && tags.includes('+AU  - Doe, J.') && !tags.includes('ER  - \n+'));
    assert.equal(run('fix', '--pandoc', file).code, 0);
    const text = fs.readFileSync(file, 'utf8');
    assert.ok(text.includes('\nTY - JOUR\n'), 'pandoc reads `TY - JOUR`: the pandoc fix leaves it');
    assert.ok(text.endsWith('ER  - \n'));
  });

  it('reports an unknown --rule code as a usage error listing the codes', () => {
    const file = write('broken.ris', BROKEN);
    const { code, err } = run('fix', '--rule', 'ris.unknown-tag', file);
    assert.equal(code, 2);
    assert.match(err, /fix has no rule 'ris\.unknown-tag'; the codes are:\n {2}ris\.pandoc-incompatible: .*\n {2}ris\.missing-end: .*\n {2}ris\.malformed-tag-line: /);
    assert.equal(run('fix', '--rule').code, 2);
    assert.equal(run('fix').code, 2);
    assert.equal(run('fix', '--bogus', file).code, 2);
    assert.equal(run('fix', path.join(dir, 'missing.ris')).code, 2);
    assert.equal(fs.readFileSync(file, 'utf8'), BROKEN);
  });

  it('keeps a UTF-8 BOM and CRLF line endings', () => {
    const text = 'TY  - JOUR\r\nAU  -Müller, K.\r\nTI  - T\r\nPY  - 2020';
    const file = write('bom.ris', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]));
    assert.equal(run('fix', file).code, 0);
    const expected = 'TY  - JOUR\r\nAU  - Müller, K.\r\nTI  - T\r\nPY  - 2020\r\nER  - \r\n';
    assert.deepEqual(fs.readFileSync(file), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(expected)]));
  });

  it('keeps UTF-16, and says pandoc cannot read it', () => {
    const file = write('wide.ris', Buffer.from('\ufeffTY  - JOUR\r\nTI  - Ωmega\r\nPY  - 2020\r\n', 'utf16le'));
    const { code, err } = run('fix', file);
    assert.equal(code, 0);
    assert.match(err, /stays UTF-16, which pandoc cannot read/);
    assert.deepEqual(fs.readFileSync(file), Buffer.from('\ufeffTY  - JOUR\r\nTI  - Ωmega\r\nPY  - 2020\r\nER  - \r\n', 'utf16le'));
  });

  it('leaves a file that does not decode cleanly untouched, reports it and exits 1, and still fixes the others', () => {
    // "Müller" in Windows-1252 (0xFC is not UTF-8), and a byte that is invalid after a UTF-8 BOM.
    const latin = Buffer.concat([Buffer.from('TY  - JOUR\nAU  -M'), Buffer.from([0xfc]), Buffer.from('ller\nPY  - 2020\n')]);
    const afterBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('TY  - JOUR\nTI  - A'), Buffer.from([0xff]), Buffer.from('\n')]);
    const a = write('a-latin.ris', latin);
    const b = write('b-bom.ris', afterBom);
    const c = write('c-broken.ris', BROKEN);
    const { code, out, err } = run('fix', dir);
    assert.equal(code, 1);
    assert.equal(out, `${c}\n`);
    assert.match(err, new RegExp(`cannot fix ${escape(a)}: it is not valid UTF-8`));
    assert.match(err, new RegExp(`cannot fix ${escape(b)}: some bytes are not valid UTF-8`));
    assert.match(err, /fixed 1 of 3 file\(s\); 2 could not be read or written\n$/);
    assert.deepEqual(fs.readFileSync(a), latin);
    assert.deepEqual(fs.readFileSync(b), afterBom);
    assert.equal(run('fix', '--check', a).code, 1, 'a dry run reports it too');
  });

  (posix ? it : it.skip)('reports a path that is not a regular file', () => {
    // As for every command, a path that is neither a folder nor a regular file is a usage error.
    const { code, err } = run('fix', '/dev/null');
    assert.equal(code, 2);
    assert.match(err, /not a regular file: \/dev\/null/);
  });

  // Permissions do not stop root (CI runs as root), so this one runs only for other users.
  if (posix && !root) it('reports a file it may not read, and one it may not replace', () => {
    const locked = write('locked.ris', BROKEN);
    fs.chmodSync(locked, 0o000);
    assert.equal(run('fix', locked).code, 1);
    fs.chmodSync(locked, 0o644);
    fs.chmodSync(dir, 0o555);
    try {
      const { code, err } = run('fix', locked);
      assert.equal(code, 1);
      assert.match(err, /cannot fix/);
    } finally {
      fs.chmodSync(dir, 0o755);
    }
    assert.equal(fs.readFileSync(locked, 'utf8'), BROKEN);
    assert.deepEqual(fs.readdirSync(dir), ['locked.ris']);
  });

  it('writes atomically: no temporary file is left, and the mode is kept', () => {
    const file = write('broken.ris', BROKEN);
    if (posix) fs.chmodSync(file, 0o640);
    assert.equal(run('fix', file).code, 0);
    assert.deepEqual(fs.readdirSync(dir), ['broken.ris']);
    if (posix) assert.equal(fs.statSync(file).mode & 0o777, 0o640);
    assert.notEqual(fs.readFileSync(file, 'utf8'), BROKEN);
  });

  (posix ? it : it.skip)('fixes the file a symbolic link points to and keeps the link', () => {
    const target = write('target.ris', BROKEN);
    const link = path.join(dir, 'link.ris');
    fs.symlinkSync(target, link);
    assert.equal(run('fix', link).code, 0);
    assert.ok(fs.lstatSync(link).isSymbolicLink());
    assert.ok(fs.readFileSync(target, 'utf8').endsWith('ER  - \n'));
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
