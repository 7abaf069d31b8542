/**
 * `ris-references prisma [--json|--csv|--svg] [--init] [MANIFEST]`: the example review's counts, the
 * template CSV, JSON by data keys, identities that do not hold reported at the manifest's line with
 * exit 1, the starter manifest, and usage errors.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../../../src/cli/main';
import { findRepoRoot } from '../../helpers/repo';

function run(...args: string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = runCli(args, { out: (t) => (out += t), err: (t) => (err += t) }, '1.2.3');
  return { code, out, err };
}

const example = path.join(findRepoRoot(), 'examples', 'review');

describe('command line: ris-references prisma', () => {
  it('counts the example review from its manifest: every identity holds', () => {
    const { code, out, err } = run('prisma', path.join(example, 'review.yaml'));
    assert.equal(err, '');
    assert.equal(code, 0);
    const counts = new Map(out.trim().split('\n').map((l) => l.split('\t') as [string, string]));
    assert.equal(counts.get('database_results'), '24');
    assert.equal(counts.get('database_specific_results'), 'Scopus, 12; PubMed, 5; Embase, 7');
    assert.equal(counts.get('duplicates'), '6');
    assert.equal(counts.get('records_screened'), '18');
    assert.equal(counts.get('records_excluded'), '4');
    assert.equal(counts.get('dbr_sought_reports'), '14');
  });

  it('--csv fills the template, --json names the data keys, --svg draws the diagram (a folder finds review.yaml)', () => {
    const csv = run('prisma', '--csv', example);
    assert.equal(csv.code, 0);
    assert.ok(csv.out.startsWith('data,node,box,description,boxtext,tooltips,url,n\r\n'));
    assert.ok(csv.out.includes('\r\nduplicates,node8,box3,Duplicate records,Duplicate records,Duplicate records,duplicates.html,6\r\n'));
    const json = JSON.parse(run('prisma', '--json', example).out) as Record<string, unknown>;
    assert.equal(json['records_excluded'], 4);
    assert.deepEqual(json['database_specific_results'], [{ name: 'Scopus', n: 12 }, { name: 'PubMed', n: 5 }, { name: 'Embase', n: 7 }]);
    const svg = run('prisma', '--svg', example).out;
    assert.ok(svg.startsWith('<svg '));
    assert.ok(svg.includes('Records screened (n = 18)'));
    assert.equal(run('prisma', '--csv', '--json', example).code, 2);
  });

  describe('in a folder of its own', () => {
    let dir: string;
    beforeEach(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ris-prisma-'));
      fs.mkdirSync(path.join(dir, 'searches'));
      fs.writeFileSync(path.join(dir, 'searches', 'scopus.ris'), 'TY  - JOUR\nTI  - A\nER  - \n\nTY  - JOUR\nTI  - B\nER  - \n');
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('reports an identity that does not hold at its line, and exits 1', () => {
      fs.writeFileSync(path.join(dir, 'review.yaml'), 'searches:\n  - database: Scopus\n    files: searches/scopus.ris\ncounts:\n  records_screened: 5\n');
      const { code, err } = run('prisma', dir);
      assert.equal(code, 1);
      assert.ok(err.includes(`${path.join(dir, 'review.yaml')}:5:21 warning prisma.identity screened 5 ≠ identified 2\n`), err);
    });

    it('--init writes a starter manifest from the folder names (not over an existing one), and counts without one', () => {
      const noManifest = run('prisma', dir);
      assert.equal(noManifest.code, 0);
      assert.match(noManifest.err, /not found: counting from the folder names/);
      assert.match(noManifest.out, /^database_results\t2$/m);
      assert.equal(run('prisma', '--init', dir).code, 0);
      const written = fs.readFileSync(path.join(dir, 'review.yaml'), 'utf8');
      assert.match(written, /- database: scopus\n/i);
      assert.equal(run('prisma', '--init', dir).code, 2, 'an existing manifest is kept');
      assert.equal(run('prisma', path.join(dir, 'nope.yaml')).code, 2);
    });
  });
});
