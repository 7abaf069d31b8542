import * as assert from 'node:assert/strict';
import { parseRis } from '../../../../src/core/ris/parser';
import type { RisRecord } from '../../../../src/core/ris/model';
import { escapeInline, referenceCardMarkdown } from '../../../../src/core/library/referenceCard';

function record(...lines: string[]): RisRecord {
  const doc = parseRis([...lines, 'ER  - ', ''].join('\n'));
  assert.equal(doc.records.length, 1);
  return doc.records[0];
}

const FULL = record(
  'TY  - JOUR',
  'AU  - Liu, Xiaoqing',
  'AU  - Gao, Yang',
  'TI  - Advances in Deep Learning-Based Medical Image Analysis',
  'T2  - Health Data Science',
  'PY  - 2021',
  'VL  - 2021',
  'IS  - 1',
  'SP  - 8786793',
  'DO  - 10.34133/2021/8786793',
  'UR  - https://example.org/paper',
  'AB  - Deep learning has become the main approach to medical image analysis.',
);

describe('referenceCardMarkdown', () => {
  it('shows the metadata, one line each, then the abstract and the key with its file', () => {
    const card = referenceCardMarkdown(FULL, { key: 'Liu_Gao_2021', fileLabel: 'refs.ris', line: 12 });
    assert.equal(
      card,
      [
        'Liu, Xiaoqing; Gao, Yang (2021)  ',
        '**Advances in Deep Learning-Based Medical Image Analysis**  ',
        '*Health Data Science*, 2021(1):8786793  ',
        '[10.34133/2021/8786793](https://doi.org/10.34133/2021/8786793) · [example.org/paper](https://example.org/paper)  ',
        'Journal',
        '',
        'Deep learning has become the main approach to medical image analysis.',
        '',
        '`Liu_Gao_2021` · from `refs.ris`:12',
      ].join('\n'),
    );
  });

  it('lists six authors, then "et al."; marks editors', () => {
    const many = record('TY  - JOUR', ...['A', 'B', 'C', 'D', 'E', 'F', 'G'].map((n) => `AU  - ${n}, X.`), 'PY  - 2000', 'TI  - T');
    assert.match(referenceCardMarkdown(many), /^A, X\.; B, X\.; C, X\.; D, X\.; E, X\.; F, X\. et al\. \(2000\)/);
    const edited = record('TY  - BOOK', 'ED  - Doe, Jane', 'ED  - Roe, Rick', 'TI  - Handbook');
    assert.match(referenceCardMarkdown(edited), /^Doe, Jane; Roe, Rick \(eds\.\) {2}\n\*\*Handbook\*\*/);
    const one = record('TY  - BOOK', 'A2  - Doe, Jane', 'TI  - Handbook');
    assert.match(referenceCardMarkdown(one), /^Doe, Jane \(ed\.\)/);
  });

  it('writes pages from SP and EP, or SP alone when it holds a range', () => {
    const range = record('TY  - JOUR', 'TI  - T', 'T2  - J', 'VL  - 12', 'IS  - 3', 'SP  - 45', 'EP  - 67');
    assert.match(referenceCardMarkdown(range), /\*J\*, 12\(3\):45–67/);
    const inSp = record('TY  - JOUR', 'TI  - T', 'T2  - J', 'VL  - 12', 'SP  - 45-67', 'EP  - 67');
    assert.match(referenceCardMarkdown(inSp), /\*J\*, 12:45-67/);
    const noVolume = record('TY  - JOUR', 'TI  - T', 'SP  - 45', 'EP  - 67');
    assert.match(referenceCardMarkdown(noVolume), /\npp\. 45–67/);
    const single = record('TY  - JOUR', 'TI  - T', 'SP  - 45');
    assert.match(referenceCardMarkdown(single), /\np\. 45/);
  });

  it('links the DOI to doi.org with the DOI encoded, and skips a URL that is the same DOI', () => {
    const odd = record('TY  - JOUR', 'TI  - T', 'DO  - https://doi.org/10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI4>3.0.CO;2-O', 'UR  - https://doi.org/10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI4>3.0.CO;2-O');
    const card = referenceCardMarkdown(odd);
    assert.ok(
      card.includes(
        '[10.1002/(SICI)1097-4571(199806)49:8\\<693::AID-ASI4\\>3.0.CO;2-O](https://doi.org/10.1002/%28SICI%291097-4571%28199806%2949%3A8%3C693%3A%3AAID-ASI4%3E3.0.CO%3B2-O)',
      ),
      card,
    );
    assert.equal(card.match(/\]\(/g)?.length, 1, 'one link: the URL repeats the DOI');
    const notDoi = record('TY  - JOUR', 'TI  - T', 'DO  - not a doi');
    assert.match(referenceCardMarkdown(notDoi), /DOI not a doi/);
  });

  it('shows the first web URL, shortened as link text', () => {
    const long = `https://example.org/${'segment/'.repeat(12)}end.html`;
    const rec = record('TY  - ELEC', 'TI  - Page', `UR  - ftp://x.org/a; ${long}`);
    const card = referenceCardMarkdown(rec);
    assert.ok(card.includes(`](${long})`), card);
    assert.match(card, /\[example\.org\/segment\/[^\]]*…[^\]]*end\.html\]/);
    assert.match(card, /\nWeb Page$/);
  });

  it('shows the start of the abstract (AB, else N2), or none', () => {
    const long = 'word '.repeat(200).trim();
    const rec = record('TY  - JOUR', 'TI  - T', `N2  - ${long}`);
    const abstract = referenceCardMarkdown(rec).split('\n\n')[1];
    assert.ok(abstract.length <= 301 && abstract.endsWith('…'), abstract);
    const one = referenceCardMarkdown(rec, { abstractLines: 1 }).split('\n\n')[1];
    assert.ok(one.length <= 101, one);
    assert.equal(referenceCardMarkdown(rec, { abstractLines: 0 }).split('\n\n').length, 1);
    const both = record('TY  - JOUR', 'TI  - T', 'N2  - second', 'AB  - first');
    assert.equal(referenceCardMarkdown(both).split('\n\n')[1], 'first');
  });

  it('escapes Markdown in every value, so nothing renders as markup or HTML', () => {
    const rec = record(
      'TY  - JOUR',
      'AU  - O*Brien_, [Pat]',
      'TI  - <script>alert(1)</script> *bold* `code` [link](x) # & $x$',
      'T2  - J_of_*Things*',
      'AB  - - a list? 1. no # heading',
    );
    const card = referenceCardMarkdown(rec);
    assert.ok(card.includes('O\\*Brien\\_, \\[Pat\\]'), card);
    assert.ok(card.includes('**\\<script\\>alert(1)\\</script\\> \\*bold\\* \\`code\\` \\[link\\](x) \\# \\& \\$x\\$**'), card);
    assert.ok(card.includes('*J\\_of\\_\\*Things\\**'), card);
    assert.ok(card.includes('\n\n\\- a list? 1. no \\# heading'), card);
    assert.ok(!/<(?!\\)/.test(card.replace(/\\</g, '')), 'no raw <');
    assert.equal(escapeInline('a\n\nb  c'), 'a b c', 'line breaks cannot start a paragraph');
  });

  it('writes the key in code even when it holds backticks, and links the file when asked', () => {
    const card = referenceCardMarkdown(FULL, { key: 'a`b', fileLabel: 'dir/my refs.ris', line: 3, openLink: 'command:ris._open?%5B1%5D' });
    assert.ok(card.endsWith('``a`b`` · from [`dir/my refs.ris`:3](command:ris._open?%5B1%5D)'), card);
    const viaUri = referenceCardMarkdown(FULL, { fileLabel: 'refs.ris', line: 7, fileUri: 'file:///w/my refs (1).ris' });
    assert.ok(viaUri.endsWith('from [`refs.ris`:7](file:///w/my%20refs%20%281%29.ris#L7)'), viaUri);
    assert.ok(referenceCardMarkdown(FULL, { fileLabel: 'refs.ris' }).endsWith('from `refs.ris`'));
  });

  it('shows the screening decision, escaped, after the metadata and before the abstract', () => {
    const blocks = referenceCardMarkdown(FULL, { screening: 'Excluded: wrong_population — Ann excluded' }).split('\n\n');
    assert.equal(blocks[1], '**Screening:** Excluded: wrong\\_population — Ann excluded');
    assert.match(blocks[2]!, /^Deep learning/);
    assert.ok(!referenceCardMarkdown(FULL).includes('Screening'));
    assert.ok(!referenceCardMarkdown(FULL, { screening: '' }).includes('Screening'));
  });

  it('copes with a record that has almost nothing', () => {
    const bare = record('TY  - GEN');
    assert.equal(referenceCardMarkdown(bare), '**(untitled)**  \nGeneric');
    const untyped = parseRis('AU  - Doe, J.\nER  - \n').records[0];
    assert.equal(referenceCardMarkdown(untyped), 'Doe, J.  \n**(untitled)**');
  });
});
