import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../../src/cli/main';
import type { CheckRow } from '../../../src/core/validation/streamingRows';
import { findRepoRoot } from '../helpers/repo';

const root = findRepoRoot();
const broken = path.join(root, 'examples/review/inbox/psycinfo-search.ris');
const example = path.join(root, 'examples/review/searches');

function run(...args: string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = runCli(args, { out: (t) => (out += t), err: (t) => (err += t) }, '1.2.3');
  return { code, out, err };
}

describe('command line: ris-references', () => {
  it('check prints file:line:col severity code message and exits 1 on errors', () => {
    const { code, out } = run('check', broken);
    assert.equal(code, 1);
    const lines = out.trim().split('\n');
    assert.ok(lines.length > 5);
    for (const line of lines) assert.match(line, /^.+\.ris:\d+:\d+ (error|warning|info|hint) ris\.[a-z-]+ .+$/);
    assert.ok(lines.some((l) => l.includes(':23:1 error ris.missing-end ')), 'the missing ER is an error on line 23');
  });

  it('check --json prints 1-based rows with ranges', () => {
    const { code, out } = run('check', '--json', broken);
    assert.equal(code, 1);
    const rows = JSON.parse(out) as CheckRow[];
    const date = rows.find((r) => r.code === 'ris.invalid-date');
    assert.ok(date);
    assert.deepEqual(
      { file: date.file, line: date.line, column: date.column, endLine: date.endLine, endColumn: date.endColumn, severity: date.severity },
      { file: broken, line: 28, column: 7, endLine: 28, endColumn: 17, severity: 'warning' },
    );
  });

  it('check walks folders, finds duplicates across files, and exits 0 without errors', () => {
    const { code, out, err } = run('check', example);
    assert.equal(code, 0, err);
    assert.ok(out.includes('scopus-export.ris'), 'the Scopus file is checked');
    assert.equal(out.split('\n').filter((l) => l.includes('ris.duplicate-record')).length, 11, 'each record of the five Embase duplicates and of the PubMed one is reported');
    assert.match(err, /3 file\(s\), 24 record\(s\)/);
  });

  it('check --rule changes a severity', () => {
    const { code, out } = run('check', '--rule', 'missing-end=warning', '--rule', 'ris.pandoc-incompatible=error', broken);
    assert.equal(code, 1, 'pandoc problems are now errors');
    assert.ok(out.includes('warning ris.missing-end'));
    assert.ok(out.includes('error ris.pandoc-incompatible'));
    const ignored = run('check', '--rule', 'missing-end=ignore', '--rule', 'pandoc-incompatible=ignore', broken);
    assert.equal(ignored.code, 0);
    assert.ok(!ignored.out.includes('ris.missing-end'));
  });

  it('parse --json prints records with tag, value and line', () => {
    const { code, out } = run('parse', '--json', broken);
    assert.equal(code, 0);
    const parsed = JSON.parse(out) as { records: { type: string; line: number; fields: { tag: string; value: string; line: number }[] }[] };
    assert.equal(parsed.records.length, 3);
    assert.equal(parsed.records[0].line, 5);
    const title = parsed.records[0].fields.find((f) => f.tag === 'TI');
    assert.deepEqual(title, { tag: 'TI', value: 'Dermatologist-level classification of skin cancer with deep neural networks', line: 8 });
  });

  it('parse --json lists the lines outside records, with what they look like', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ris-cli-'));
    const file = path.join(dir, 'outside.ris');
    fs.writeFileSync(file, 'Provider: Example\n\nTY  - JOUR\nTI  - A\nER  - \nstray line\nER  - \n1.\nTY  - JOUR\nTI  - B\nER  - \n');
    const parsed = JSON.parse(run('parse', '--json', file).out) as { records: unknown[]; outside: { line: number; text: string; kind: string }[] };
    assert.equal(parsed.records.length, 2);
    assert.deepEqual(parsed.outside, [
      { line: 1, text: 'Provider: Example', kind: 'header' },
      { line: 6, text: 'stray line', kind: 'text' },
      { line: 7, text: 'ER  - ', kind: 'end-without-start' },
      { line: 8, text: '1.', kind: 'numbering' },
    ]);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('check lists hints only with --hints, and says how many it hid (--json lists them all)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ris-cli-'));
    const file = path.join(dir, 'hints.ris');
    fs.writeFileSync(file, 'TY  - JOUR\nAU  - Doe, J.\nTI  - T\nPY  - 2020\nAB  - \nN1  - \nER  - \n');
    const quiet = run('check', file);
    assert.equal(quiet.code, 0);
    assert.equal(quiet.out, '');
    assert.equal(quiet.err, '1 file(s), 1 record(s): 0 diagnostic(s), 0 error(s) (2 hint(s) hidden; --hints shows them)\n');
    const all = run('check', '--hints', file);
    assert.deepEqual(all.out.trim().split('\n').map((l) => l.split(' ').slice(1, 3).join(' ')), ['hint ris.empty-value', 'hint ris.empty-value']);
    assert.equal(all.err, '1 file(s), 1 record(s): 2 diagnostic(s), 0 error(s)\n');
    assert.equal((JSON.parse(run('check', '--json', file).out) as CheckRow[]).length, 2);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('ends every output and every summary line with a line break', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ris-cli-'));
    const copy = path.join(dir, 'copy.ris');
    fs.copyFileSync(broken, copy);
    const runs = [
      run('check', broken),
      run('check', '--hints', broken),
      run('check', example),
      run('keys', path.join(example, 'scopus-export.ris')),
      run('export', '--to', 'ris', example),
      run('export', '--to', 'bibtex', example),
      run('export', '--to', 'csl-json', example),
      run('fix', '--check', copy),
      run('fix', '--diff', copy),
      run('fix', copy),
    ];
    for (const [i, r] of runs.entries()) {
      assert.ok(r.out.length > 0 && r.err.length > 0, `run ${i} prints output and a summary`);
      assert.ok(r.out.endsWith('\n'), `output ends with a line break: ${JSON.stringify(r.out.slice(-40))}`);
      assert.ok(r.err.endsWith('\n') && r.err.split('\n').length === 2, `one summary line with its line break: ${JSON.stringify(r.err)}`);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reports usage errors with exit code 2', () => {
    assert.equal(run().code, 2);
    assert.equal(run('frobnicate').code, 2);
    assert.equal(run('check').code, 2);
    assert.equal(run('check', '--bogus', broken).code, 2);
    assert.equal(run('check', path.join(os.tmpdir(), 'no-such-file-ris-references.ris')).code, 2);
    assert.equal(run('check', '--rule', 'missing-end=loud', broken).code, 2);
    assert.equal(run('parse', broken).code, 2, 'parse needs --json');
    assert.equal(run('--version').out, '1.2.3\n');
  });

  it('reads a Windows-1252 file and says so', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ris-cli-'));
    const file = path.join(dir, 'latin.ris');
    // "Müller" in Windows-1252: ü is 0xFC, which is not valid UTF-8.
    fs.writeFileSync(file, Buffer.concat([Buffer.from('TY  - JOUR\r\nAU  - M'), Buffer.from([0xfc]), Buffer.from('ller, K.\r\nTI  - T\r\nPY  - 2020\r\nER  - \r\n')]));
    const { out } = run('check', '--json', file);
    const rows = JSON.parse(out) as CheckRow[];
    assert.ok(rows.some((r) => r.code === 'ris.encoding'), 'the fallback decoding is reported');
    const parsed = JSON.parse(run('parse', '--json', file).out) as { encoding: string; records: { fields: { value: string }[] }[] };
    assert.equal(parsed.encoding, 'windows-1252');
    assert.equal(parsed.records[0].fields[1].value, 'Müller, K.');
  });
});
