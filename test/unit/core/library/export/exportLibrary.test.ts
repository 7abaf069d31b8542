/**
 * Exporting references (`src/core/library/export/`): BibTeX entry types, escaping and keys; normalised RIS
 * and its keys; the references a Markdown document cites; and round trips through pandoc 3.10
 * (pandoc-wasm): the BibTeX and CSL-JSON exports read back by `pandoc -f bibtex|csljson -t csljson`
 * give the same ids, titles, authors, years, container titles and DOIs, on hand-made records and on
 * real corpus files.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { assignPandocKeys } from '../../../../../src/core/keys/pandocKeys';
import { recordToCsl, type CslItem, type CslName } from '../../../../../src/core/csl/cslItems';
import { decodeRisBytes } from '../../../../../src/core/ris/decode';
import { bibtexName, bibtexType, escapeBibtex, isBibtexKey, langidOf, protectTitle, toBibtex } from '../../../../../src/core/library/export/bibtex';
import { toCslJson } from '../../../../../src/core/library/export/cslJson';
import { exportLibrary, selectCited } from '../../../../../src/core/library/export/exportLibrary';
import { toRis } from '../../../../../src/core/library/export/risExport';
import { Library } from '../../../../../src/core/library/referenceLibrary';
import type { RisDocument } from '../../../../../src/core/ris/model';
import { parseRis } from '../../../../../src/core/ris/parser';
import { corpusDir, forCorpus } from '../../../helpers/repo';
import { loadPandoc, type PandocWasm } from '../../../helpers/pandoc';

function ris(type: string | undefined, ...lines: string[]): string {
  return `${type === undefined ? '' : `TY  - ${type}\n`}${lines.map((l) => `${l}\n`).join('')}ER  - \n`;
}

function library(...files: string[]): Library {
  return new Library(files.map((text, i) => ({ uri: `f${i + 1}.ris`, doc: parseRis(text) })));
}

function bibtexOf(text: string): string {
  const result = exportLibrary(library(text).entries, 'bibtex');
  return result.text;
}

/** The fields of each parsed record, as [tag, value] pairs. */
function fieldsOf(doc: RisDocument): [string, string][][] {
  return doc.records.map((r) => r.fields.map((f): [string, string] => [f.tag, f.value]));
}

// ---------------------------------------------------------------------------------------------

const TYPES = [
  ris('JOUR', 'AU  - Liu, Xiaoqing', 'AU  - Gao, K.', 'TI  - Deep learning for MRI', 'T2  - Medical Image Analysis', 'J2  - Med Image Anal',
    'PY  - 2021', 'DA  - 2021/06//', 'VL  - 12', 'IS  - 3', 'SP  - 123', 'EP  - 130', 'DO  - 10.1016/j.media.2021.1', 'SN  - 1361-8415',
    'UR  - https://example.org/a_b?x=1&y=2', 'KW  - deep learning', 'KW  - imaging', 'AB  - An abstract.', 'N1  - A note', 'LA  - English'),
  ris('BOOK', 'AU  - Smith, John', 'A2  - Doe, Jane', 'TI  - Statistical Methods in Medical Research', 'T2  - Statistics in Practice',
    'PY  - 2010', 'PB  - Wiley', 'CY  - London', 'ET  - 4', 'SN  - 978-0-12-345678-9'),
  ris('CHAP', 'AU  - Roe, Richard', 'A2  - Editor, Ed', 'TI  - A chapter', 'T2  - The Book Title', 'PY  - 2015', 'SP  - 1', 'EP  - 20', 'PB  - Springer', 'CY  - Cham'),
  ris('CONF', 'AU  - Ng, Andrew', 'TI  - Conference paper', 'T2  - Proceedings of the Big Conference', 'PY  - 2019', 'SP  - 5', 'EP  - 9', 'PB  - IEEE'),
  ris('THES', 'AU  - Student, Sam', 'TI  - A thesis', 'PY  - 2018', 'PB  - University of Oxford', 'CY  - Oxford', 'M3  - PhD Thesis'),
  ris('THES', 'AU  - Master, Mary', 'TI  - A master thesis', 'PY  - 2017', 'PB  - ETH Zürich', 'M3  - Master\'s thesis'),
  ris('RPRT', 'AU  - Agency for Healthcare Research and Quality', 'TI  - World report', 'PY  - 2020', 'PB  - WHO', 'CY  - Geneva', 'SN  - WHO/2020/1'),
  ris('ELEC', 'AU  - Web, Author', 'TI  - A web page', 'T2  - Example Site', 'PY  - 2022', 'UR  - https://example.org/page', 'Y2  - 2024/01/05'),
  ris('WEB', 'TI  - Another page', 'PY  - 2023', 'UR  - https://example.org/other'),
  ris('DATA', 'AU  - Data, Dan', 'TI  - A dataset', 'PY  - 2021', 'PB  - Zenodo', 'DO  - 10.5281/zenodo.123'),
  ris('PAT', 'AU  - Inventor, Ian', 'TI  - A patent', 'PY  - 2012', 'IS  - US1234567'),
  ris('NEWS', 'AU  - Reporter, Rita', 'TI  - News story', 'T2  - The Guardian', 'PY  - 2020', 'DA  - 2020/03/15', 'SP  - A1'),
  ris('UNPB', 'AU  - Writer, Will', 'TI  - A manuscript', 'PY  - 2024'),
  ris('GEN', 'AU  - Generic, Gus', 'TI  - Something', 'PY  - 2001'),
].join('\n');

describe('export: BibTeX entry types', () => {
  it('maps every common RIS type to a BibTeX/biblatex type', () => {
    const types = [...bibtexOf(TYPES).matchAll(/^@(\w+)\{([^,]+),$/gm)].map((m) => `${m[1]} ${m[2]}`);
    assert.deepEqual(types, [
      'article Liu_Gao_2021',
      'book Smith_2010',
      'incollection Roe_2015',
      'inproceedings Ng_2019',
      'phdthesis Student_2018',
      'mastersthesis Master_2017',
      'techreport Agency_2020',
      'online Web_2022',
      'online _2023',
      'dataset Data_2021',
      'patent Inventor_2012',
      'article Reporter_2020',
      'unpublished Writer_2024',
      'misc Generic_2001',
    ]);
  });

  it('writes a journal article field by field', () => {
    const text = bibtexOf(TYPES).split('\n\n')[0];
    assert.equal(
      text,
      [
        '@article{Liu_Gao_2021,',
        '  author = {Liu, Xiaoqing and Gao, K.},',
        '  title = {Deep learning for {MRI}},',
        '  journal = {Medical Image Analysis},',
        '  shortjournal = {Med Image Anal},',
        '  volume = {12},',
        '  number = {3},',
        '  pages = {123--130},',
        '  year = {2021},',
        '  month = jun,',
        '  doi = {10.1016/j.media.2021.1},',
        '  issn = {1361-8415},',
        '  url = {https://example.org/a_b?x=1&y=2},',
        '  langid = {english},',
        '  keywords = {deep learning, imaging},',
        '  abstract = {An abstract.},',
        '  note = {A note}',
        '}',
      ].join('\n'),
    );
  });

  it('puts containers, publishers and numbers where each type has them', () => {
    const entries = bibtexOf(TYPES).split('\n\n');
    assert.match(entries[1], /editor = \{Doe, Jane\}[\s\S]*series = \{Statistics in Practice\}[\s\S]*edition = \{4\}[\s\S]*publisher = \{Wiley\},\n {2}address = \{London\}[\s\S]*isbn = \{978-0-12-345678-9\}/);
    assert.match(entries[2], /booktitle = \{The Book Title\}[\s\S]*pages = \{1--20\}/);
    assert.match(entries[3], /booktitle = \{Proceedings of the Big Conference\}/);
    assert.match(entries[4], /school = \{University of Oxford\},\n {2}address = \{Oxford\},\n {2}type = \{PhD Thesis\}/);
    assert.match(entries[5], /school = \{ETH Zürich\}/);
    assert.match(entries[6], /author = \{\{Agency for Healthcare Research and Quality\}\}[\s\S]*number = \{WHO\/2020\/1\}[\s\S]*institution = \{WHO\}/);
    assert.match(entries[7], /howpublished = \{Example Site\}[\s\S]*url = \{https:\/\/example.org\/page\},\n {2}urldate = \{2024-01-05\}/);
    assert.match(entries[11], /journal = \{The Guardian\}[\s\S]*pages = \{A1\}[\s\S]*month = mar/);
  });

  it('chooses the thesis type from the kind of thesis', () => {
    assert.equal(bibtexType({ type: 'thesis' }), 'phdthesis');
    assert.equal(bibtexType({ type: 'thesis', genre: 'Doctoral dissertation' }), 'phdthesis');
    for (const genre of ['Masters thesis', "Master's thesis", 'MSc thesis', 'M.Sc.', 'MPhil', 'Magisterarbeit']) {
      assert.equal(bibtexType({ type: 'thesis', genre }), 'mastersthesis', genre);
    }
    assert.equal(bibtexType({ type: 'entry-encyclopedia' }), 'incollection');
    assert.equal(bibtexType({ type: 'document' }), 'misc');
  });
});

describe('export: BibTeX values', () => {
  it('escapes LaTeX specials and keeps Unicode', () => {
    assert.equal(escapeBibtex('50% & $5 #1 a_b {x} ~ ^ \\ Zürich 中文'), '50\\% \\& \\$5 \\#1 a\\_b \\{x\\} \\textasciitilde{} \\textasciicircum{} \\textbackslash{} Zürich 中文');
    assert.equal(escapeBibtex('a--b---c'), 'a-{}-b-{}-{}-c');
    assert.equal(escapeBibtex(' line one\n  line two \r\n'), 'line one line two');
  });

  it('protects capitals where styles and pandoc would lower-case them', () => {
    // Title case: only words with inner capitals.
    assert.equal(protectTitle('Deep Learning for MRI and CT with U-Net'), 'Deep Learning for {MRI} and {CT} with {U-Net}');
    assert.equal(protectTitle('mRNA Vaccines and COVID-19: A Review'), '{mRNA} Vaccines and {COVID-19:} A Review');
    // Sentence case: capitalised words inside a sentence are proper nouns.
    assert.equal(protectTitle('Effects of Parkinson disease on gait in older adults in England'), 'Effects of {Parkinson} disease on gait in older adults in {England}');
    assert.equal(protectTitle('Diving dinosaurs? Caveats on the use of bone compactness'), 'Diving dinosaurs? Caveats on the use of bone compactness');
    assert.equal(protectTitle('Convergence with a post-Triassic theropod (Pseudosuchia: Loricata)'), 'Convergence with a {post-Triassic} theropod {(Pseudosuchia:} Loricata)');
    // Hyphenated words of a title in title case are not names, unless a part is one capital letter.
    assert.equal(protectTitle('A Systematic Review and Meta-Analysis of X-Ray Use'), 'A Systematic Review and Meta-Analysis of {X-Ray} Use');
    assert.equal(protectTitle('A study of 50% & more_x'), 'A study of 50\\% \\& more\\_x');
    assert.equal(protectTitle('the _MRI'), 'the {{\\_MRI}}');
    assert.equal(protectTitle('中文标题'), '中文标题');
  });

  it('writes names as Family, Given with organisations braced', () => {
    const names: [CslName, string][] = [
      [{ family: 'Liu', given: 'Xiaoqing' }, 'Liu, Xiaoqing'],
      [{ family: 'Müller', given: 'Hans', suffix: 'Jr.' }, 'Müller, Jr., Hans'],
      [{ family: 'van der Berg', given: 'Jan' }, 'van der Berg, Jan'],
      [{ literal: 'World Health Organization' }, '{World Health Organization}'],
      [{ literal: 'Smith, Jones & Co' }, '{Smith, Jones \\& Co}'],
      [{ family: 'Plato' }, 'Plato'],
      [{ family: 'Le Roy' }, '{Le Roy}'],
      [{ family: 'Sand and Stone', given: 'A' }, '{Sand and Stone}, A'],
    ];
    for (const [name, expected] of names) assert.equal(bibtexName(name), expected, JSON.stringify(name));
  });

  it('knows the langid of common languages', () => {
    assert.equal(langidOf('English'), 'english');
    assert.equal(langidOf('ger'), 'german');
    assert.equal(langidOf('de-DE'), 'german');
    assert.equal(langidOf('Klingon'), undefined);
  });

  it('keeps keys pandoc reads, replaces and reports the others', () => {
    const items: CslItem[] = ['Doe_n.d.', '10.1000/xyz', 'Müller_2010', 'a:b/c', 'my key', 'Doe~2020', '', 'a,b', 'my_key'].map((id) => ({ id, type: 'book', title: 'T' }));
    const problems: string[] = [];
    const text = toBibtex(items, problems);
    assert.deepEqual(
      [...text.matchAll(/^@book\{(.*),$/gm)].map((m) => m[1]),
      ['Doe_n.d.', '10.1000/xyz', 'Müller_2010', 'a:b/c', 'my_keya', 'Doe_2020', 'ref', 'a_b', 'my_key'],
    );
    assert.equal(problems.length, 4);
    assert.match(problems[0], /^"my key": this key cannot be written in BibTeX; written as my_keya/);
  });

  it('reports unbalanced braces and duplicate keys', () => {
    const problems: string[] = [];
    toBibtex([{ id: 'a', type: 'book', title: 'x } y' }, { id: 'a', type: 'book' }], problems);
    assert.deepEqual(problems, ['a: the title has unbalanced braces; pandoc reads it, BibTeX and biber may not', 'a: two references have this key; readers keep only one']);
  });
});

describe('export: CSL-JSON', () => {
  it('is pretty JSON with the pandoc keys as ids', () => {
    const result = exportLibrary(library(ris('JOUR', 'AU  - Smith, J', 'PY  - 2020', 'TI  - A') + ris('JOUR', 'AU  - Smith, J', 'PY  - 2020', 'TI  - B')).entries, 'csl-json');
    assert.equal(result.count, 2);
    assert.ok(result.text.endsWith(']\n'));
    assert.ok(result.text.startsWith('[\n  {\n    "id": "Smith_2020",'));
    assert.deepEqual((JSON.parse(result.text) as CslItem[]).map((i) => i.id), ['Smith_2020', 'Smith_2020a']);
    assert.equal(toCslJson([]), '[]\n');
  });
});

// ---------------------------------------------------------------------------------------------

describe('export: normalised RIS', () => {
  it('writes canonical lines, joins continuations, keeps every field', () => {
    const text = '\ufeffTY - JOUR\r\nau  - Doe, J\r\nTI  - A title\r\ncontinued here\r\nPMID  - 123\r\nZZ  - vendor\r\nKW  - \r\nID  - doe1\r\nER  - End\r\n\r\n\r\nTY  - BOOK\r\nAU  - Roe\r\nER  -\r\n';
    const problems: string[] = [];
    const out = toRis(library(text).entries.map((e) => ({ record: e.record, key: e.key })), problems);
    assert.equal(
      out,
      'TY  - JOUR\nAU  - Doe, J\nTI  - A title continued here\nPMID  - 123\nZZ  - vendor\nKW  - \nID  - doe1\nER  - \n\nTY  - BOOK\nAU  - Roe\nER  - \n',
    );
    assert.equal(problems.length, 1);
    assert.match(problems[0], /PMID/);
  });

  it('adds TY to a record without one', () => {
    const problems: string[] = [];
    const out = toRis(parseRis('AU  - Doe\nPY  - 2000\nER  - \n').records.map((record) => ({ record })), problems);
    assert.equal(out, 'TY  - GEN\nAU  - Doe\nPY  - 2000\nER  - \n');
    assert.deepEqual(problems, ['1 record(s) without TY written with TY  - GEN']);
  });

  it('re-imports with the same records, values and keys', () => {
    const text = [
      ris('JOUR', 'AU  - Smith, J', 'PY  - 2020', 'TI  - First', 'AB  - Para one', '', 'Para two'),
      ris('JOUR', 'AU  - Smith, J', 'PY  - 2020', 'TI  - Second'),
      ris('BOOK', 'ID  - Smith_2020a', 'TI  - Explicit key colliding with a suffix'),
      ris('CHAP', 'AU  - Doe', 'PY  - n.d.', 'TI  - No year'),
    ].join('\n');
    const lib = library(text);
    const result = exportLibrary(lib.entries, 'ris');
    const again = parseRis(result.text);
    const visible = lib.entries.filter((e) => e.hiddenBy === undefined);
    assert.equal(result.count, visible.length);
    assert.deepEqual(
      assignPandocKeys([{ uri: 'x', doc: again }]).map((k) => k.key),
      visible.map((e) => e.key),
    );
    const expected = visible.map((e) => e.record.fields.map((f): [string, string] => [f.tag, f.value.replace(/\s*\n\s*/g, ' ')]));
    assert.deepEqual(fieldsOf(again), expected);
  });

  it('keeps the library keys of two files with colliding keys', () => {
    const a = [ris('JOUR', 'AU  - Smith, J', 'PY  - 2020', 'TI  - A1'), ris('JOUR', 'AU  - Smith, J', 'PY  - 2020', 'TI  - A2')].join('\n');
    const b = [ris('JOUR', 'AU  - Smith, J', 'PY  - 2020', 'TI  - B1'), ris('JOUR', 'AU  - Doe, K', 'PY  - 2021', 'TI  - B2'), ris('JOUR', 'AU  - Smith, J', 'PY  - 2020', 'TI  - B3')].join('\n');
    const lib = library(a, b);
    assert.deepEqual(lib.entries.map((e) => `${e.key}${e.hiddenBy ? ' (hidden)' : ''}`), ['Smith_2020 (hidden)', 'Smith_2020a (hidden)', 'Smith_2020', 'Doe_2021', 'Smith_2020a']);
    const result = exportLibrary(lib.entries, 'ris');
    assert.equal(result.count, 3);
    assert.deepEqual(result.problems, ['2 record(s) left out: a later record has the same key, and pandoc uses that one']);
    const again = parseRis(result.text);
    assert.deepEqual(assignPandocKeys([{ uri: 'x', doc: again }]).map((k) => k.key), ['Smith_2020', 'Doe_2021', 'Smith_2020a']);
    // Here the keys hold without ID lines: file b's own order gives them.
    assert.ok(!result.text.includes('ID  - '));

  });

  it('adds ID lines where the suffixes of one file would change the keys', () => {
    const a = [ris('JOUR', 'AU  - Smith, J', 'PY  - 2020', 'TI  - A1'), ris('JOUR', 'AU  - Smith, J', 'PY  - 2020', 'TI  - A2'), ris('JOUR', 'AU  - Smith, J', 'PY  - 2020', 'TI  - A3')].join('\n');
    const b = ris('JOUR', 'AU  - Smith, J', 'PY  - 2020', 'TI  - B1');
    const lib = library(a, b);
    assert.deepEqual(lib.entries.map((e) => `${e.key}${e.hiddenBy ? ' (hidden)' : ''}`), ['Smith_2020 (hidden)', 'Smith_2020a', 'Smith_2020b', 'Smith_2020']);
    const result = exportLibrary(lib.entries, 'ris');
    assert.equal(
      result.text,
      [
        'TY  - JOUR\nID  - Smith_2020a\nAU  - Smith, J\nPY  - 2020\nTI  - A2\nER  - \n',
        'TY  - JOUR\nID  - Smith_2020b\nAU  - Smith, J\nPY  - 2020\nTI  - A3\nER  - \n',
        'TY  - JOUR\nAU  - Smith, J\nPY  - 2020\nTI  - B1\nER  - \n',
      ].join('\n'),
    );
    assert.deepEqual(assignPandocKeys([{ uri: 'x', doc: parseRis(result.text) }]).map((k) => k.key), ['Smith_2020a', 'Smith_2020b', 'Smith_2020']);
  });

  it('adds an ID line only where a key would change, before an existing ID line', () => {
    const a = ris('JOUR', 'AU  - Smith, J', 'PY  - 2020', 'TI  - A');
    const b = [ris('JOUR', 'ID  - X', 'TI  - B1'), ris('JOUR', 'ID  - X', 'TI  - B2'), ris('JOUR', 'AU  - Smith, J', 'PY  - 2020', 'TI  - B3')].join('\n');
    const c = ris('JOUR', 'ID  - X', 'TI  - C1');
    const lib = library(a, b, c);
    // Order: a's Smith_2020 (hidden by b's), b's X (hidden by c's), Xa, Smith_2020, c's X.
    const items = [lib.entries[2], lib.entries[0], lib.entries[4]].map((e) => ({ record: e!.record, key: e!.key }));
    assert.deepEqual(items.map((i) => i.key), ['Xa', 'Smith_2020', 'X']);
    const out = toRis(items);
    assert.equal(
      out,
      [
        'TY  - JOUR\nID  - Xa\nID  - X\nTI  - B2\nER  - \n',
        'TY  - JOUR\nAU  - Smith, J\nPY  - 2020\nTI  - A\nER  - \n',
        'TY  - JOUR\nID  - X\nTI  - C1\nER  - \n',
      ].join('\n'),
    );
    assert.deepEqual(assignPandocKeys([{ uri: 'x', doc: parseRis(out) }]).map((k) => k.key), ['Xa', 'Smith_2020', 'X']);
  });

  it('writes a record pandoc reads with the one before as its own record', () => {
    const text = 'TY  - JOUR\nAU  - Doe\nPY  - 2000\nTY  - JOUR\nAU  - Roe\nPY  - 2001\nER  - \n';
    const lib = library(text);
    assert.deepEqual(lib.entries.map((e) => e.key), ['Doe_Roe_2000_2001', 'Doe_Roe_2000_2001']);
    const result = exportLibrary(lib.entries, 'ris');
    assert.equal(result.text, 'TY  - JOUR\nID  - Doe_Roe_2000_2001\nAU  - Doe\nPY  - 2000\nER  - \n\nTY  - JOUR\nAU  - Roe\nPY  - 2001\nER  - \n');
    assert.match(result.problems.join('\n'), /f1\.ris:4: pandoc read this record together with the record before \(missing ER\)/);
    const bib = exportLibrary(lib.entries, 'bibtex');
    assert.equal(bib.count, 1);
    assert.match(bib.problems.join('\n'), /f1\.ris:4: left out/);
  });

  it('reports keys it cannot keep', () => {
    const lib = library([ris('BOOK', 'TI  - No key'), ris('BOOK', 'TI  - No key either')].join('\n'));
    assert.deepEqual(lib.entries.map((e) => e.key), ['', 'a']);
    // The second record first: an ID line keeps its key `a`, and the first keeps the empty key.
    let problems: string[] = [];
    const out = toRis([{ record: lib.entries[1]!.record, key: 'a' }, { record: lib.entries[0]!.record, key: '' }], problems);
    assert.equal(out, 'TY  - BOOK\nID  - a\nTI  - No key either\nER  - \n\nTY  - BOOK\nTI  - No key\nER  - \n');
    assert.deepEqual(problems, []);
    // An empty key after another record without a key cannot be kept: no ID line makes a key empty.
    problems = [];
    toRis([{ record: lib.entries[1]!.record }, { record: lib.entries[0]!.record, key: '' }], problems);
    assert.deepEqual(problems, ['keys that change in the exported file: "" becomes "a"']);
  });
});

// ---------------------------------------------------------------------------------------------

describe('export: cited references', () => {
  const bib = [
    ris('JOUR', 'AU  - Alpha, A', 'PY  - 2001'),
    ris('JOUR', 'AU  - Beta, B', 'PY  - 2002'),
    ris('JOUR', 'AU  - Gamma, G', 'PY  - 2003'),
    ris('JOUR', 'ID  - Doe_n.d.', 'TI  - braced'),
  ].join('\n');
  const other = ris('JOUR', 'AU  - Beta, B', 'PY  - 2002', 'TI  - the later Beta');

  it('selects cited entries in library order, each once, and lists unknown keys', () => {
    const lib = library(bib, other);
    const md = 'See [@Gamma_2003; @Alpha_2001, p. 3] and @Gamma_2003 again, @{Doe_n.d.}, [@nobody] and `@Beta_2002` in code.\n\n[@nobody; @nothing]\n';
    const cited = selectCited(lib, md);
    assert.deepEqual(cited.entries.map((e) => e.key), ['Alpha_2001', 'Gamma_2003', 'Doe_n.d.']);
    assert.deepEqual(cited.unknown, ['nobody', 'nothing']);
    assert.equal(cited.all, false);
  });

  it('selects the record pandoc uses for a key hidden in an earlier file', () => {
    const lib = library(bib, other);
    const cited = selectCited(lib, '[@Beta_2002]');
    assert.equal(cited.entries.length, 1);
    assert.equal(cited.entries[0]!.uri, 'f2.ris');
    const result = exportLibrary(cited.entries, 'csl-json');
    assert.deepEqual((JSON.parse(result.text) as CslItem[]).map((i) => i.title), ['the later Beta']);
  });

  it('reads nocite from the metadata', () => {
    const lib = library(bib, other);
    const some = selectCited(lib, '---\ntitle: x\nnocite: |\n  @Alpha_2001, @{Doe_n.d.}\n---\nText [@Gamma_2003].\n');
    assert.deepEqual(some.entries.map((e) => e.key), ['Alpha_2001', 'Gamma_2003', 'Doe_n.d.']);
    const all = selectCited(lib, "---\nnocite: '@*'\n---\nText.\n");
    assert.equal(all.all, true);
    assert.deepEqual(all.entries.map((e) => e.key), ['Alpha_2001', 'Gamma_2003', 'Doe_n.d.', 'Beta_2002']);
  });
});

// ---------------------------------------------------------------------------------------------

interface PandocName {
  family?: string;
  given?: string;
  literal?: string;
  'dropping-particle'?: string;
  'non-dropping-particle'?: string;
}

interface PandocItem {
  id: string;
  type?: string;
  title?: string;
  author?: PandocName[];
  editor?: PandocName[];
  'container-title'?: string;
  publisher?: string;
  issued?: { 'date-parts'?: (number | string)[][]; literal?: string };
  DOI?: string;
}

let pandoc: PandocWasm;

async function pandocRead(from: 'bibtex' | 'csljson', text: string): Promise<PandocItem[]> {
  const file = from === 'bibtex' ? 'in.bib' : 'in.json';
  const r = await pandoc.convert({ from, to: 'csljson', 'input-files': [file] }, null, { [file]: new Blob([new TextEncoder().encode(text)]) });
  assert.equal(r.stderr.trim(), '', `pandoc -f ${from}: ${r.stderr}`);
  return JSON.parse(r.stdout) as PandocItem[];
}

/**
 * Text as compared with pandoc's: pandoc reads straight quotes as typographic ones (`'` → ’ in both
 * readers; CSL-JSON `'x'` and `"x"` → “x”, BibTeX `` `x' `` → ‘x’), and may put a narrow no-break
 * space before `;` (CSL-JSON); so quotes compare as one character and whitespace as one space.
 */
function norm(text: string | undefined): string | undefined {
  return text
    ?.normalize('NFC')
    .replace(/[`‘’“”'"]/g, "'")
    .replace(/…/g, '...')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A BibTeX title as compared with pandoc's, which stores titles in sentence case. */
function normTitle(text: string | undefined): string | undefined {
  return norm(text)?.toLowerCase();
}

function familyOf(n: PandocName): string {
  if (n.literal !== undefined) return n.literal;
  return [n['non-dropping-particle'], n['dropping-particle'], n.family].filter((p) => p).join(' ');
}

function yearOf(date: PandocItem['issued'] | CslItem['issued']): string | undefined {
  const y = date?.['date-parts']?.[0]?.[0];
  if (y !== undefined) return String(y);
  return date?.literal === undefined ? undefined : (/\b\d{4}\b/.exec(date.literal)?.[0] ?? date.literal);
}

/** Compares our items with pandoc's reading of the export; returns the differences. */
function differences(ours: readonly CslItem[], theirs: readonly PandocItem[], bibtex: boolean): string[] {
  const diffs: string[] = [];
  assert.deepEqual(theirs.map((t) => t.id), ours.map((o) => o.id), 'ids');
  ours.forEach((o, i) => {
    const t = theirs[i]!;
    const check = (what: string, a: unknown, b: unknown): void => {
      if (JSON.stringify(a) !== JSON.stringify(b)) diffs.push(`${o.id} ${what}: ${JSON.stringify(a)} ≠ ${JSON.stringify(b)}`);
    };
    const title = bibtex ? normTitle : norm;
    const families = (names: readonly (CslName | PandocName)[] | undefined): (string | undefined)[] =>
      (names ?? []).map((n) => norm('dropping-particle' in n || 'non-dropping-particle' in n ? familyOf(n) : (n.family ?? n.literal)));
    check('title', title(o.title), title(t.title));
    check('authors', families(o.author), families(t.author));
    check('editors', families(o.editor), families(t.editor));
    // pandoc drops a date it cannot parse (`200X`), in both readers.
    if (o.issued?.['date-parts'] !== undefined || yearOf(t.issued) !== undefined) check('year', yearOf(o.issued), yearOf(t.issued));
    check('DOI', o.DOI, t.DOI);
    const container = o['container-title'];
    const type = bibtexType(o);
    // pandoc stores a booktitle, like a title, in sentence case.
    if (bibtex && (type === 'incollection' || type === 'inproceedings')) check('container', normTitle(container), normTitle(t['container-title']));
    else if (!bibtex || type === 'article') check('container', norm(container), norm(t['container-title']));
    else if (container !== undefined && !(norm(t.publisher) ?? '').includes(norm(container)!)) diffs.push(`${o.id} container (howpublished): ${container} not in ${t.publisher}`);
  });
  return diffs;
}

const CORPUS_FILES = [
  'citation-file-formatting/_baseline_cinahl.ris',
  'citation-file-formatting/_baseline_scopus.ris',
  'citation-file-formatting/_baseline_webofscience.ris',
  'citation-file-formatting/_baseline_zotero.ris',
  'citation-file-formatting/_baseline_endnote.ris',
  'citation-file-formatting/_baseline_citavi.ris',
  'asreview/baseline_reference_types.ris',
  'biblatex-csl-converter/library.ris',
  'citesource/CAB.ris',
  'rispy/example_utf_chars.ris',
];

describe('export: read back by pandoc 3.10', function () {
  this.timeout(300_000);

  before(async () => {
    pandoc = await loadPandoc();
  });

  it('reads back every key isBibtexKey accepts, and none it rejects', async () => {
    const keys = [
      'Smith_2020', 'Doe_n.d.', 'a:b/c', '10.1000/xyz', 'Müller_2010', '中文_2020', "O'Brien_2001", 'a(b)', 'x=y', 'a@b', '*', '[a]', 'k²', 'a$b&c+d?e!f;g`h',
      'my key', 'a%b', 'a#b', 'a~b', 'a\\b', 'a"b', 'a{b}', 'a,b', 'a^b', 'a<b', 'a|b', 'a–b', 'a·b', 'e\u0301', 'a\u00a0b', 'k😀',
    ];
    for (const key of keys) {
      const r = await pandoc.convert({ from: 'bibtex', to: 'csljson', 'input-files': ['in.bib'] }, null, {
        'in.bib': new Blob([new TextEncoder().encode(`@misc{${key},\n  title = {T}\n}\n`)]),
      });
      let id: string | undefined;
      try {
        id = (JSON.parse(r.stdout) as PandocItem[])[0]?.id;
      } catch {
        id = undefined;
      }
      assert.equal(id === key, isBibtexKey(key), `${JSON.stringify(key)}: pandoc reads ${JSON.stringify(id)}`);
    }
  });

  it('reads values as written: escapes, dashes, protected words, names', async () => {
    const text = [
      ris('JOUR', 'AU  - Öztürk, Ayşe', 'AU  - van der Berg, Jan', 'AU  - Agency for Healthcare Research and Quality', 'AU  - Le Roy, Jean', 'AU  - Müller, Hans, Jr.',
        'TI  - Deep learning for MRI in Parkinson disease: a U-Net study of 50% & more ($5, #1, a_b, {x}, ~, ^, \\, a--b)',
        'T2  - J. Test & Co', 'PY  - 2021', 'DO  - 10.1002/(SICI)1097-4636(199706)35:4<479::AID-JBM8>3.0.CO;2-F', 'UR  - https://x.org/a_b?c=1%20d#e~f'),
      ris('BOOK', 'A2  - Editor, Ed', 'TI  - Über die Welt', 'PY  - 1999', 'LA  - German'),
      ris('CHAP', 'AU  - Roe, R', 'TI  - Non-Hodgkin lymphoma in mRNA research', 'T2  - Proceedings of Things', 'PY  - 2015'),
      ris('ELEC', 'TI  - A page', 'T2  - BBC News', 'PY  - 2020'),
      ris('JOUR', 'AU  - Sereno, P', 'TI  - A new spinosaurid from the Early Cretaceous of Cinctorres (Spain) and a post-Triassic theropod', 'PY  - 2022'),
    ].join('\n');
    const lib = library(text);
    const bib = exportLibrary(lib.entries, 'bibtex');
    assert.deepEqual(bib.problems, []);
    const theirs = await pandocRead('bibtex', bib.text);
    const ours = JSON.parse(exportLibrary(lib.entries, 'csl-json').text) as CslItem[];
    assert.deepEqual(differences(ours, theirs, true), []);
    // pandoc stores titles in sentence case: protected words keep their capitals.
    assert.equal(theirs[0]!.title, 'Deep learning for MRI in Parkinson disease: A U-Net study of 50% & more ($5, #1, a_b, {x}, ~, ^, \\, a--b)');
    assert.equal(theirs[1]!.title, 'Über die Welt');
    assert.equal(theirs[2]!.title, 'Non-Hodgkin lymphoma in mRNA research');
    assert.equal(theirs[4]!.title, 'A new spinosaurid from the Early Cretaceous of Cinctorres (Spain) and a post-Triassic theropod');
    assert.equal(theirs[0]!['container-title'], 'J. Test & Co');
    assert.deepEqual(theirs[0]!.author?.map(familyOf), ['Öztürk', 'van der Berg', 'Agency for Healthcare Research and Quality', 'Le Roy', 'Müller']);
  });

  it('reads the CSL-JSON export back unchanged', async () => {
    const lib = library(TYPES);
    const ours = JSON.parse(exportLibrary(lib.entries, 'csl-json').text) as CslItem[];
    const theirs = await pandocRead('csljson', toCslJson(ours));
    assert.deepEqual(differences(ours, theirs, false), []);
  });

  it('reads the BibTeX export of every common type', async () => {
    const lib = library(TYPES);
    const ours = lib.entries.map((e) => recordToCsl(e.record, e.key));
    const theirs = await pandocRead('bibtex', exportLibrary(lib.entries, 'bibtex').text);
    assert.deepEqual(differences(ours, theirs, true), []);
    assert.deepEqual(
      theirs.map((t) => t.type),
      ['article-journal', 'book', 'chapter', 'paper-conference', 'thesis', 'thesis', 'report', 'webpage', 'webpage', 'dataset', 'patent', 'article-journal', 'manuscript', ''],
    );
  });

  it('agrees on real corpus files, in BibTeX and CSL-JSON', async function () {
    const dir = corpusDir();
    assert.ok(fs.existsSync(path.join(dir, 'INDEX.tsv')), `no corpus at ${dir}`);
    let files = 0;
    let references = 0;
    const diffs: string[] = [];
    for (const file of CORPUS_FILES) {
      const full = path.join(dir, file);
      if (!fs.existsSync(full)) continue;
      files++;
      const lib = new Library([{ uri: file, doc: parseRis(decodeRisBytes(fs.readFileSync(full)).text) }]);
      const ours = JSON.parse(exportLibrary(lib.entries, 'csl-json').text) as CslItem[];
      references += ours.length;
      const bib = exportLibrary(lib.entries, 'bibtex');
      // Keys BibTeX cannot hold are renamed (and reported): compare under the new names.
      const renamed = new Map<string, string>();
      for (const p of bib.problems) {
        const m = /^(".*"): this key cannot be written in BibTeX; written as (\S+)/.exec(p);
        if (m) renamed.set(JSON.parse(m[1]!) as string, m[2]!);
      }
      const oursBib = ours.map((o) => ({ ...o, id: renamed.get(o.id) ?? o.id }));
      for (const d of differences(oursBib, await pandocRead('bibtex', bib.text), true)) diffs.push(`${file} bibtex ${d}`);
      for (const d of differences(ours, await pandocRead('csljson', toCslJson(ours)), false)) diffs.push(`${file} csljson ${d}`);

      // RIS: same keys and values after re-import.
      const risOut = exportLibrary(lib.entries, 'ris');
      const again = parseRis(risOut.text);
      const visible = lib.entries.filter((e) => e.hiddenBy === undefined);
      assert.deepEqual(assignPandocKeys([{ uri: 'x', doc: again }]).map((k) => k.key), visible.map((e) => e.key), `${file}: RIS keys`);
      const values = (fields: readonly { tag: string; value: string }[]): string[] => fields.map((f) => `${f.tag}=${f.value.replace(/\s*\n\s*/g, ' ')}`);
      again.records.forEach((r, i) => {
        const original = visible[i]!.record;
        let got = values(r.fields);
        const want = [...(original.type === undefined ? ['TY=GEN'] : []), ...values(original.fields)];
        if (got.length === want.length + 1 && r.fields[1]?.tag === 'ID') got = [got[0]!, ...got.slice(2)]; // an added ID line
        assert.deepEqual(got, want, `${file}: record ${i} values`);
      });
    }
    // The bundled corpus lacks the two GPL-licensed files of the list.
    assert.equal(files, forCorpus({ bundled: 8, extended: 10 }), `corpus files found in ${dir}`);
    console.log(`      ${files} files, ${references} references; ${diffs.length} difference(s)`);
    for (const d of diffs.slice(0, 40)) console.log(`        ${d}`);
    assert.deepEqual(diffs, []);
  });
});
