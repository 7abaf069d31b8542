/**
 * `ris-references keys [--json] FILE...`: the key pandoc gives each record, with file:line, for the
 * files as one bibliography in the order given.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../../../src/cli/main';
import type { KeyRow } from '../../../../src/cli/commands/keys';

function run(...args: string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = runCli(args, { out: (t) => (out += t), err: (t) => (err += t) }, '1.2.3');
  return { code, out, err };
}

describe('command line: ris-references keys', () => {
  let dir: string;
  let a: string;
  let b: string;
  let crlf: string;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ris-keys-'));
    a = path.join(dir, 'a.ris');
    b = path.join(dir, 'b.ris');
    crlf = path.join(dir, 'crlf.ris');
    fs.writeFileSync(
      a,
      [
        'TY  - JOUR', 'AU  - Smith, J', 'PY  - 2020', 'ER  - ', '',
        'TY  - JOUR', 'AU  - Smith, J', 'PY  - 2020', 'ER  - ', '',
        'TY  - JOUR', 'AU  - Doe, J', 'PY  - n.d.', 'ER  - ', '',
        'TY  - JOUR', 'ID  - my key', 'ER  - ', '',
        'TY  - BOOK', 'TI  - No author, no year', 'ER  - ', '',
      ].join('\n'),
    );
    fs.writeFileSync(b, ['TY  - JOUR', 'AU  - Smith, J', 'PY  - 2020', 'TY  - JOUR', 'AU  - Roe', 'ER  - ', ''].join('\n'));
    fs.writeFileSync(crlf, '\ufeffTY  - JOUR\r\nAU  - Müller, K\r\nPY  - 2010\r\nER  - \r\n\r\nTY  - CHAP\r\nID  - 2023-15354-001\r\nER  - \r\n');
  });

  after(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('prints file:line, the key and notes, in bibliography order', () => {
    const { code, out, err } = run('keys', a, b);
    assert.equal(code, 0, err);
    assert.deepEqual(out.trimEnd().split('\n'), [
      `${a}:1\tSmith_2020`,
      `${a}:6\tSmith_2020a`,
      `${a}:11\tDoe_n.d.\tcite as @{Doe_n.d.}`,
      `${a}:16\t"my key"\tcannot be cited: the key contains whitespace`,
      `${a}:20\t""\tcannot be cited: the key is empty (no ID, author or year)`,
      `${b}:1\tSmith_Roe_2020`,
      `${b}:4\tSmith_Roe_2020\tread by pandoc as part of the record at line 1 (missing ER)`,
    ]);
    assert.match(err, /^2 file\(s\), 7 record\(s\): 2 cannot be cited, 1 need braces, 0 hidden by a duplicate key\n$/);
  });

  it('marks records hidden by a later file with the same key', () => {
    const { code, out } = run('keys', crlf, a, crlf);
    assert.equal(code, 0);
    const lines = out.trimEnd().split('\n');
    assert.equal(lines[0], `${crlf}:1\tMüller_2010\thidden by the record at ${crlf}:1, which has the same key`);
    assert.equal(lines[1], `${crlf}:6\t2023-15354-001\thidden by the record at ${crlf}:6, which has the same key`);
    assert.equal(lines.at(-1), `${crlf}:6\t2023-15354-001`);
  });

  it('--json prints one row per record', () => {
    const { code, out } = run('keys', '--json', a, b, crlf);
    assert.equal(code, 0);
    const rows = JSON.parse(out) as KeyRow[];
    assert.equal(rows.length, 9);
    assert.deepEqual(rows[2], {
      key: 'Doe_n.d.',
      file: a,
      line: 11,
      type: 'JOUR',
      citable: true,
      needsBraces: true,
      problem: null,
      baseKey: 'Doe_n.d.',
      fromId: false,
      hiddenBy: null,
      mergedInto: null,
    });
    assert.deepEqual(
      rows.map((r) => [r.key, r.line, r.type, r.citable, r.problem, r.fromId, r.mergedInto]),
      [
        ['Smith_2020', 1, 'JOUR', true, null, false, null],
        ['Smith_2020a', 6, 'JOUR', true, null, false, null],
        ['Doe_n.d.', 11, 'JOUR', true, null, false, null],
        ['my key', 16, 'JOUR', false, 'whitespace', true, null],
        ['', 20, 'BOOK', false, 'empty', false, null],
        ['Smith_Roe_2020', 1, 'JOUR', true, null, false, null],
        ['Smith_Roe_2020', 4, 'JOUR', true, null, false, 1],
        ['Müller_2010', 1, 'JOUR', true, null, false, null],
        ['2023-15354-001', 6, 'CHAP', true, null, true, null],
      ],
    );
    assert.equal(rows[1]!.baseKey, 'Smith_2020');
    assert.equal(rows[7]!.needsBraces, false);
  });

  it('the order of the files decides which duplicate is hidden', () => {
    const twice = path.join(dir, 'twice.ris');
    fs.writeFileSync(twice, 'TY  - JOUR\nAU  - Smith, J\nPY  - 2020\nER  - \n');
    const first = JSON.parse(run('keys', '--json', twice, a).out) as KeyRow[];
    assert.deepEqual(first[0]!.hiddenBy, { file: a, line: 1 });
    const last = JSON.parse(run('keys', '--json', a, twice).out) as KeyRow[];
    assert.deepEqual(last[0]!.hiddenBy, { file: twice, line: 1 });
    assert.equal(last.at(-1)!.hiddenBy, null);
  });

  it('usage errors exit 2', () => {
    for (const args of [['keys'], ['keys', '--json'], ['keys', '--nope', a]]) {
      const { code, out, err } = run(...args);
      assert.equal(code, 2, args.join(' '));
      assert.equal(out, '');
      assert.match(err, /^ris-references: .+\n\nUsage:/);
    }
    for (const args of [['keys', path.join(dir, 'missing.ris')], ['keys', dir]]) {
      const { code, out, err } = run(...args);
      assert.equal(code, 2, args.join(' '));
      assert.equal(out, '');
      assert.match(err, /^ris-references: .+\nRun 'ris-references --help' for usage\.\n$/);
    }
  });

  it('is in the usage text', () => {
    const { code, out } = run('--help');
    assert.equal(code, 0);
    assert.match(out, /ris-references keys \[--json\] FILE\.\.\./);
  });
});
