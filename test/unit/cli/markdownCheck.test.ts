import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../../src/cli/main';
import type { CheckRow } from '../../../src/core/validation/streamingRows';

const RIS = 'TY  - JOUR\nAU  - Doe, Jane\nPY  - 2020\nTI  - A title\nID  - doe2020\nER  - \n';

describe('command line: check on Markdown files', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ris-md-check-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, text: string): string => {
    const file = path.join(dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    return file;
  };
  const run = (...args: string[]): { code: number; out: string; err: string } => {
    let out = '';
    let err = '';
    const code = runCli(args, { out: (t) => (out += t), err: (t) => (err += t) });
    return { code, out, err };
  };

  it('flags a citation that is in no reference of the RIS files given, with its line and column', () => {
    const ris = write('refs.ris', RIS);
    const md = write('draft.md', 'Intro.\n\nAs shown [@doe2020; @smith2021].\n');
    const { code, out, err } = run('check', md, ris);
    assert.equal(code, 0, 'an unknown citation is a warning by default');
    assert.equal(out, `${md}:3:21 warning ris.unknown-citation No reference in any RIS file of the workspace has the key \`smith2021\`.\n`);
    assert.match(err, /1 file\(s\) and 1 Markdown file\(s\), 1 record\(s\): 1 diagnostic\(s\), 0 error\(s\)\n$/);
  });

  it('reads the bibliography of the front matter, relative to the document, and follows --rule', () => {
    write('refs/a.ris', RIS);
    write('other.ris', RIS.replace('doe2020', 'smith2021'));
    const md = write('paper/draft.md', '---\nbibliography: ../refs/a.ris\n---\n\n[@doe2020] and [@smith2021]\n');
    const { code, out } = run('check', '--json', '--rule', 'unknown-citation=error', md, path.join(dir, 'other.ris'));
    assert.equal(code, 1, 'an error-level diagnostic fails the check');
    const rows = JSON.parse(out) as CheckRow[];
    assert.deepEqual(
      rows.map((r) => [r.file, r.line, r.column, r.severity, r.code]),
      [[md, 5, 17, 'error', 'ris.unknown-citation']],
    );
    assert.match(rows[0]!.message, /the bibliography of this document has the key `smith2021`/);
  });

  it('does not check a document whose bibliography has BibTeX files, and says why', () => {
    const md = write('draft.md', '---\nbibliography: [refs.bib, refs.ris]\n---\n\n[@nowhere]\n');
    write('refs.ris', RIS);
    const { code, out, err } = run('check', md);
    assert.equal(code, 0);
    assert.equal(out, '');
    assert.match(err, /names files other than RIS; their keys are not read/);
  });

  it('says so when there is nothing to check the citations against', () => {
    const md = write('draft.md', '[@doe2020]\n');
    const { out, err } = run('check', md);
    assert.equal(out, '');
    assert.match(err, /no bibliography in its front matter and no RIS file given/);
  });

  it('leaves code spans, e-mail addresses and ignored rules alone', () => {
    const ris = write('refs.ris', RIS);
    const md = write('draft.md', 'Write `[@nokey]` or mail a@b.org; [@doe2020].\n');
    assert.equal(run('check', md, ris).out, '');
    const md2 = write('draft2.md', '[@missing]\n');
    assert.equal(run('check', '--rule', 'unknown-citation=ignore', md2, ris).out, '');
  });

  it('reports YAML metadata pandoc cannot read as an error, at its line, and still checks the citations', () => {
    const ris = write('refs.ris', RIS);
    const md = write('draft.md', '---\ntitle: "Review\nauthor: A\n---\n\nText [@missing].\n');
    const { code, out } = run('check', '--json', md, ris);
    assert.equal(code, 1, 'invalid metadata is an error by default: pandoc renders nothing');
    const rows = (JSON.parse(out) as CheckRow[]).map((r) => [r.line, r.severity, r.code]);
    assert.deepEqual(rows.filter((r) => r[2] === 'ris.invalid-metadata').map((r) => r[1]), ['error']);
    assert.ok(rows.some((r) => r[2] === 'ris.unknown-citation' && r[0] === 6), JSON.stringify(rows));
    assert.ok((JSON.parse(out) as CheckRow[]).every((r) => r.code !== 'ris.invalid-metadata' || (r.line >= 2 && r.line <= 4)));
    assert.equal(run('check', '--rule', 'invalid-metadata=ignore', '--rule', 'unknown-citation=ignore', md, ris).out, '');
    const valid = write('ok.md', '---\nbibliography: |\n  refs.ris\n---\n\n[@doe2020]\n');
    assert.equal(run('check', valid).out, '', 'a block scalar bibliography is read, and the key found in it');
  });
});
