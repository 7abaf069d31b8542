/**
 * `ris-references export --to csl-json|bibtex|ris [--cited-in DOC.md] [--out FILE [--force]] [PATH...]`:
 * formats, bibliography order, folders, the cited references of a Markdown document (and its
 * front-matter bibliography), writing files and refusing to overwrite them, and exit codes.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { collectRisFiles } from '../../../../src/cli/files';
import { readLibrary } from '../../../../src/cli/library';
import { runCli } from '../../../../src/cli/main';
import type { CslItem } from '../../../../src/core/csl/cslItems';
import { assignPandocKeys } from '../../../../src/core/keys/pandocKeys';
import { parseRis } from '../../../../src/core/ris/parser';

function run(...args: string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = runCli(args, { out: (t) => (out += t), err: (t) => (err += t) }, '1.2.3');
  return { code, out, err };
}

function ids(json: string): string[] {
  return (JSON.parse(json) as CslItem[]).map((i) => i.id);
}

describe('command line: ris-references export', () => {
  let dir: string;
  let a: string;
  let b: string;
  let md: string;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ris-export-'));
    fs.mkdirSync(path.join(dir, 'refs'));
    a = path.join(dir, 'refs', 'a.ris');
    b = path.join(dir, 'refs', 'b.ris');
    md = path.join(dir, 'draft.md');
    fs.writeFileSync(
      a,
      '\ufeffTY  - JOUR\r\nAU  - Smith, J\r\nPY  - 2020\r\nTI  - First of a\r\nER  - \r\n\r\nTY  - JOUR\r\nAU  - Smith, J\r\nPY  - 2020\r\nTI  - Second of a\r\nER  - \r\n',
    );
    fs.writeFileSync(b, 'TY  - BOOK\nAU  - Smith, J\nPY  - 2020\nTI  - Only of b\nER  - \n\nTY  - CHAP\nID  - Doe~2021\nTI  - Tilde key\nER  - \n');
    fs.writeFileSync(md, '---\ntitle: Draft\n---\nAs shown [@Smith_2020a; @Doe~2021], and @nobody.\n');
  });

  after(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('writes CSL-JSON of the files, read as one bibliography in the order given', () => {
    const { code, out, err } = run('export', '--to', 'csl-json', a, b);
    assert.equal(code, 0, err);
    // b's Smith_2020 hides a's first record (pandoc keeps the last record with a key).
    assert.deepEqual(ids(out), ['Smith_2020a', 'Smith_2020', 'Doe~2021']);
    assert.match(err, /1 record\(s\) left out: a later record has the same key/);
    assert.match(err, /Exported 3 reference\(s\) from 2 file\(s\)\n$/);
  });

  it('searches folders as check does', () => {
    const { code, out } = run('export', '--to=csl-json', dir);
    assert.equal(code, 0);
    assert.deepEqual(ids(out), ['Smith_2020a', 'Smith_2020', 'Doe~2021']);
  });

  it('writes BibTeX and reports keys BibTeX cannot hold', () => {
    const { code, out, err } = run('export', '--to', 'bibtex', b);
    assert.equal(code, 0, err);
    assert.deepEqual([...out.matchAll(/^@(\w+)\{(.*),$/gm)].map((m) => `${m[1]} ${m[2]}`), ['book Smith_2020', 'incollection Doe_2021']);
    assert.match(err, /"Doe~2021": this key cannot be written in BibTeX; written as Doe_2021/);
  });

  it('writes normalised RIS that keeps the keys', () => {
    const { code, out, err } = run('export', '--to', 'ris', a, b);
    assert.equal(code, 0, err);
    assert.ok(!out.includes('\r') && !out.startsWith('\ufeff'));
    assert.deepEqual(assignPandocKeys([{ uri: 'x', doc: parseRis(out) }]).map((k) => k.key), ['Smith_2020a', 'Smith_2020', 'Doe~2021']);
    assert.ok(out.startsWith('TY  - JOUR\nID  - Smith_2020a\nAU  - Smith, J\n'));
  });

  it('exports what a Markdown document cites, and fails on unknown keys', () => {
    const { code, out, err } = run('export', '--to', 'csl-json', '--cited-in', md, a, b);
    assert.equal(code, 1);
    assert.deepEqual(ids(out), ['Smith_2020a', 'Doe~2021']);
    assert.match(err, /1 cited key\(s\) in no reference: @nobody/);
    assert.match(err, /Exported 2 reference\(s\) from 2 file\(s\) \(cited in .*draft\.md\)/);
  });

  it('reads the bibliography of the front matter when no file is given', () => {
    const doc = path.join(dir, 'paper.md');
    fs.writeFileSync(doc, '---\nbibliography:\n  - refs/a.ris\n  - refs/b.ris\n  - other.bib\n---\nSee [@Smith_2020].\n');
    const { code, out, err } = run('export', '--to', 'csl-json', '--cited-in', doc);
    assert.equal(code, 0, err);
    assert.deepEqual(ids(out), ['Smith_2020']);
    assert.equal((JSON.parse(out) as CslItem[])[0]!.title, 'Only of b');
  });

  it('writes --out, and overwrites it only with --force', () => {
    const target = path.join(dir, 'out.bib');
    let r = run('export', '--to', 'bibtex', '--out', target, a);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, '');
    assert.match(fs.readFileSync(target, 'utf8'), /^@article\{Smith_2020,/);
    assert.match(r.err, /Exported 2 reference\(s\) to .*out\.bib from 1 file\(s\)/);

    r = run('export', '--to', 'csl-json', '-o', target, a);
    assert.equal(r.code, 2);
    assert.match(r.err, /out\.bib exists: add --force to overwrite it/);
    assert.match(fs.readFileSync(target, 'utf8'), /^@article/);

    r = run('export', '--to', 'csl-json', '--out', target, '--force', a);
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(ids(fs.readFileSync(target, 'utf8')), ['Smith_2020', 'Smith_2020a']);
  });

  it('reports usage errors with exit code 2', () => {
    const cases: [string[], RegExp][] = [
      [['export', a], /export needs --to/],
      [['export', '--to', 'endnote', a], /--to takes csl-json, bibtex, ris, not 'endnote'/],
      [['export', '--to'], /--to needs a value/],
      [['export', '--to', 'ris'], /export needs RIS files or folders/],
      [['export', '--to', 'ris', '--cited-in', md], /draft\.md names no \.ris file in its front-matter bibliography/],
      [['export', '--to', 'ris', '--bogus', a], /unknown option '--bogus'/],
    ];
    for (const [args, message] of cases) {
      const r = run(...args);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.err, message, args.join(' '));
      assert.match(r.err, /Usage:/);
    }
    // A path that does not exist: the error and a pointer to --help, not the whole usage text.
    const pathCases: [string[], RegExp][] = [
      [['export', '--to', 'ris', path.join(dir, 'missing.ris')], /no such file or folder/],
      [['export', '--to', 'ris', '--cited-in', path.join(dir, 'missing.md'), a], /no such file: .*missing\.md/],
    ];
    for (const [args, message] of pathCases) {
      const r = run(...args);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.err, message, args.join(' '));
      assert.match(r.err, /\nRun 'ris-references --help' for usage\.\n$/);
      assert.doesNotMatch(r.err, /Usage:/);
    }
  });

  it('reads the files it can and reports the others', () => {
    // A file that is gone by the time it is read (collectRisFiles saw it).
    let err = '';
    const read = readLibrary([a, 'gone.ris'], (t) => (err += t));
    assert.equal(read.failed, true);
    assert.deepEqual(read.library.entries.map((e) => e.key), ['Smith_2020', 'Smith_2020a']);
    assert.match(err, /cannot read gone\.ris: ENOENT/);
    assert.deepEqual(collectRisFiles([path.join(dir, 'refs')]), [a, b]);
  });

  it('is listed in the usage text', () => {
    assert.match(run('--help').out, /ris-references export --to csl-json\|bibtex\|ris \[--cited-in DOC\.md\] \[--out FILE \[--force\]\] \[PATH\.\.\.\]/);
  });
});
