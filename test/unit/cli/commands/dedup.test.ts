/**
 * `ris-references duplicates` and `ris-references dedupe`: groups across files as text and as the
 * documented JSON, possible pairs, the merged file (nothing lost, provenance notes that read back
 * through `parse`), the PRISMA counts, refusing to overwrite, and exit codes.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../../../src/cli/main';
import { parseProvenance } from '../../../../src/core/dedup/merge';
import { parseRis } from '../../../../src/core/ris/parser';

function run(...args: string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = runCli(args, { out: (t) => (out += t), err: (t) => (err += t) }, '1.2.3');
  return { code, out, err };
}

const PUBMED = `TY  - JOUR
ID  - pm1
AU  - Griffin DK
AU  - Zuna RE
TI  - Chromosome analysis of human embryos after preimplantation genetic diagnosis
PY  - 2012
T2  - J Clin Epidemiol
VL  - 65
SP  - 1297-306
KW  - embryo
ER  - 

TY  - JOUR
AU  - Other, A.
TI  - Something else entirely about screening
PY  - 2012
ER  - 
`;
const EMBASE = `TY  - JOUR
ID  - em7
AU  - Griffin, D. K.
AU  - Zuna, R. E.
TI  - Chromosome analysis of human embryos after preimplantation genetic diagnosis. [Chinese]
PY  - 2012
T2  - Journal of Clinical Epidemiology
VL  - 65
SP  - 1297
EP  - 1306
DO  - 10.1016/j.jclinepi.2012.01.001
AB  - An abstract only Embase has.
KW  - Embryo
KW  - PGD
ER  - 
`;

describe('command line: ris-references duplicates and dedupe', () => {
  let dir: string;
  let a: string;
  let b: string;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ris-dedup-'));
    a = path.join(dir, 'pubmed.ris');
    b = path.join(dir, 'embase.ris');
    fs.writeFileSync(a, PUBMED);
    fs.writeFileSync(b, EMBASE);
  });

  after(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('prints the groups across files as the documented JSON', () => {
    const { code, out, err } = run('duplicates', '--json', a, b);
    assert.equal(code, 0, err);
    const json = JSON.parse(out) as { groups: { decision: string; reasons: string[]; members: Record<string, unknown>[] }[] };
    assert.equal(json.groups.length, 1);
    const g = json.groups[0]!;
    assert.equal(g.decision, 'duplicate');
    assert.ok(g.reasons.length > 0);
    assert.deepEqual(g.members, [
      { file: a, line: 1, id: 'pm1', key: 'pm1' },
      { file: b, line: 1, id: 'em7', key: 'em7' },
    ]);
    assert.deepEqual(Object.keys(g), ['decision', 'reasons', 'members']);
    assert.match(err, /2 file\(s\), 3 record\(s\): 1 group\(s\) of duplicates, 1 duplicate record\(s\) to remove, 2 record\(s\) after deduplication/);
  });

  it('prints text, and possible pairs with --possible', () => {
    const text = run('duplicates', a, b);
    assert.match(text.out, /^Duplicates \(.+\):\n {2}.*pubmed\.ris:1\tpm1\n {2}.*embase\.ris:1\tem7\n$/);
    const c = path.join(dir, 'near.ris');
    fs.writeFileSync(c, 'TY  - JOUR\nAU  - Griffin, D.\nTI  - Chromosome analysis of human embryos after preimplantation genetic diagnoses\nPY  - 2013\nER  - \n');
    const json = JSON.parse(run('duplicates', '--json', '--possible', c, a).out) as { groups: { decision: string }[] };
    assert.ok(json.groups.some((g) => g.decision === 'possible'));
    fs.rmSync(c);
  });

  it('writes one merged record per group, nothing lost, with provenance that round-trips through parse', () => {
    const out = path.join(dir, 'merged.out');
    const { code, err } = run('dedupe', '--out', out, a, b);
    assert.equal(code, 0, err);
    assert.match(err, /3 record\(s\) in, 1 duplicate\(s\) removed, 2 record\(s\) out/);
    const doc = parseRis(fs.readFileSync(out, 'utf8'));
    assert.equal(doc.records.length, 2);
    const merged = doc.records[0]!;
    const values = (tag: string) => merged.fields.filter((f) => f.tag === tag).map((f) => f.value);
    assert.deepEqual(values('DO'), ['10.1016/j.jclinepi.2012.01.001']);
    assert.deepEqual(values('AB'), ['An abstract only Embase has.']);
    assert.deepEqual(values('KW'), ['Embryo', 'PGD']);
    assert.deepEqual(values('N1').map(parseProvenance), [
      { file: 'embase.ris', line: 1, id: 'em7' },
      { file: 'pubmed.ris', line: 1, id: 'pm1' },
    ]);
    // The parse command reads the notes back unchanged.
    const parsed = run('parse', '--json', out);
    assert.match(parsed.out, /ris-references:source file=pubmed\.ris; line=1; id=pm1/);
    // An existing file is not overwritten without --force.
    assert.equal(run('dedupe', '--out', out, a, b).code, 2);
    assert.equal(run('dedupe', '--out', out, '--force', a, b).code, 0);
  });

  it('exits 2 on a usage error (no path, no --out, a missing file)', () => {
    assert.equal(run('duplicates').code, 2);
    assert.equal(run('dedupe', a).code, 2);
    assert.equal(run('duplicates', path.join(dir, 'missing.ris')).code, 2);
  });
});
