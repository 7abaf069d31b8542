/**
 * `ris-references format`: a bibliography in a CSL style, of every reference or of those a
 * Markdown document cites.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../../../src/cli/main';
import { builtinStyle } from '../../../../src/core/csl/cslStyles';

function run(...args: string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = runCli(args, { out: (t) => (out += t), err: (t) => (err += t) }, '1.2.3');
  return { code, out, err };
}

describe('command line: ris-references format', () => {
  let dir: string;
  let refs: string;
  let more: string;
  let draft: string;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ris-format-'));
    refs = path.join(dir, 'refs.ris');
    more = path.join(dir, 'more.ris');
    draft = path.join(dir, 'draft.md');
    fs.writeFileSync(
      refs,
      [
        'TY  - JOUR', 'AU  - Zeta, Anna', 'TI  - Last by name', 'T2  - Journal Z', 'PY  - 2019', 'VL  - 3', 'SP  - 10', 'EP  - 20', 'ER  - ', '',
        'TY  - BOOK', 'AU  - Alpha, Bert', 'TI  - First by name', 'PB  - Press', 'PY  - 2020', 'ER  - ', '',
      ].join('\n'),
    );
    fs.writeFileSync(more, ['TY  - JOUR', 'AU  - Mid, Carl', 'TI  - In the middle', 'T2  - Journal M', 'PY  - 2021', 'ER  - ', ''].join('\r\n'));
    fs.writeFileSync(draft, ['---', 'bibliography: [refs.ris, more.ris]', 'csl: vancouver', '---', '', 'See [@Zeta_2019] and [@Mid_2021; @nokey].', ''].join('\n'));
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('prints every reference in APA order by default, one per line', () => {
    const { code, out, err } = run('format', refs, more);
    assert.equal(code, 0, err);
    const lines = out.trimEnd().split('\n');
    assert.deepEqual(lines.map((l) => l.split(',')[0]), ['Alpha', 'Mid', 'Zeta']);
    assert.equal(lines[2], 'Zeta, A. (2019). Last by name. Journal Z, 3, 10–20.');
  });

  it('numbers Vancouver entries in order of citation and reads the document’s front matter', () => {
    const { code, out, err } = run('format', '--cited-in', draft);
    assert.equal(code, 1, 'a cited key is missing');
    assert.match(err, /no reference has the key nokey/);
    assert.deepEqual(out.trimEnd().split('\n'), ['1. Zeta A. Last by name. Journal Z. 2019;3:10–20.', '2. Mid C. In the middle. Journal M. 2021.']);
  });

  it('takes a style and an output format from the options', () => {
    const markdown = run('format', '--style', 'apa', '--output', 'markdown', '--cited-in', draft, refs, more);
    assert.match(markdown.out, /^Mid, C\. \(2021\)\. In the middle\. \*Journal M\*\.\n\nZeta, A\./);
    const html = run('format', '--style=harvard', '--output=html', refs);
    assert.equal(html.code, 0);
    assert.match(html.out, /^<div class="csl-bib-body">\n {2}<div class="csl-entry" id="ref-Alpha_2020">Alpha, B\. \(2020\) <i>First by name<\/i>\. Press\.<\/div>/);
  });

  it('reads a .csl file and rejects what is not a style', () => {
    const csl = path.join(dir, 'mine.csl');
    fs.writeFileSync(csl, builtinStyle('vancouver')?.xml ?? '');
    const { code, out } = run('format', '--style', csl, refs);
    assert.equal(code, 0);
    assert.match(out, /^1\. Zeta A\./);
    const bad = path.join(dir, 'bad.csl');
    fs.writeFileSync(bad, '<html/>');
    assert.equal(run('format', '--style', bad, refs).code, 2);
    assert.match(run('format', '--style', 'chicago', refs).err, /no style 'chicago'/);
    assert.match(run('format', '--locale', 'xx-XX', refs).err, /no bundled locale/);
  });

  it('formats in another locale', () => {
    const { out } = run('format', '--style', 'vancouver', '--locale', 'de-DE', refs);
    assert.match(out, /Zeta A\. Last by name\. Journal Z\. 2019;3:10–20\./);
    assert.match(run('format', '--style', 'apa', '--locale', 'fr-FR', refs).out, /Alpha, B\. \(2020\)\./);
  });

  it('prints every reference when one holds 8,000 nested tags (it printed nothing: "Maximum call stack size exceeded")', () => {
    const deep = path.join(dir, 'deep.ris');
    const title = `${'<i>'.repeat(8000)}Deep${'</i>'.repeat(8000)}`;
    fs.writeFileSync(deep, [
      'TY  - JOUR', 'ID  - good1', 'AU  - Doe, Jane', 'TI  - A good title', 'JO  - J', 'PY  - 2020', 'ER  - ', '',
      'TY  - JOUR', 'ID  - bad', 'AU  - Roe, Rick', `TI  - ${title}`, 'JO  - J', 'PY  - 2021', 'ER  - ', '',
      'TY  - JOUR', 'ID  - good2', 'AU  - Zed, Zoe', 'TI  - Another', 'JO  - J', 'PY  - 2019', 'ER  - ', '',
    ].join('\n'));
    const text = run('format', deep);
    assert.equal(text.code, 0, text.err);
    assert.deepEqual(text.out.trimEnd().split('\n'), ['Doe, J. (2020). A good title. J.', 'Roe, R. (2021). Deep. J.', 'Zed, Z. (2019). Another. J.']);
    const cited = path.join(dir, 'deep.md');
    fs.writeFileSync(cited, '---\nbibliography: deep.ris\n---\n\n[@bad; @good1]\n');
    const html = run('format', '--output', 'html', '--cited-in', cited);
    assert.equal(html.code, 0, html.err);
    assert.match(html.out, /id="ref-bad">Roe, R\. \(2021\)\. <i>(?:<[^>]+>){0,8}Deep(?:<\/[^>]+>){0,8}<\/i>\. <i>J<\/i>\.<\/div>/);
  });

  it('explains usage errors', () => {
    assert.equal(run('format').code, 2);
    assert.equal(run('format', '--output', 'pdf', refs).code, 2);
    assert.equal(run('format', '--cited-in', path.join(dir, 'missing.md')).code, 2);
  });
});
