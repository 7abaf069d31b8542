/**
 * The name reader (`core/ris/names.ts`): hand-written names of every form it knows, the MEDLINE form
 * against what is not in it, and every name line of the corpus — the PubMed file's `AU` checked
 * against its own full name (`FAU`), EPPI-Reviewer's against the same records in the other exports
 * of the set, and the MEDLINE-form count of every file (so that no other name is taken for one).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { familyNameOf, isTidy, medlineName, medlineToCommaForm, NAME_TAGS, readName, type PersonName } from '../../../../src/core/ris/names';
import { generateRis } from '../../../../bench/lib/generate';
import { CitationProcessor } from '../../../../src/core/csl/citeproc';
import { documentToCsl } from '../../../../src/core/csl/cslItems';
import { builtinStyle } from '../../../../src/core/csl/cslStyles';
import { expandPinPattern } from '../../../../src/core/keys/pinning';
import { toBibtex } from '../../../../src/core/library/export/bibtex';
import { parseRis } from '../../../../src/core/ris/parser';
import { recordLabel } from '../../../../src/core/ris/recordSummary';
import { duplicateKeysFrom } from '../../../../src/core/validation/duplicateKeys';
import { corpusDescription, corpusEntries, corpusMissing } from '../../helpers/corpus';
import { corpusDir } from '../../helpers/repo';
import { seededRandom } from '../../helpers/risSnapshot';

/**
 * The MEDLINE-form reading through split words and regular expressions: `medlineName` as it was
 * before it read words in place, kept as the oracle it must agree with.
 */
function medlineNameByExpressions(value: string): { family: string; initials: string[]; suffix?: string } | undefined {
  if (value.includes(',')) return undefined;
  // Tidying is not what changed: the reader's own test of tidy text decides.
  const text = isTidy(value) ? value : value.replace(/\s+/g, ' ').trim();
  if (text === '') return undefined;
  const words = text.split(' ');
  let end = words.length;
  let suffix: string | undefined;
  if (end >= 3 && /^(?:Jr|Sr|2nd|3rd|4th)\.?$/.test(words[end - 1]!)) suffix = words[--end];
  const last = words[end - 1];
  if (last === undefined || !/^(?:\p{Lu}\.?){1,3}$/u.test(last)) return undefined;
  let first = end - 1;
  if (/^\p{Lu}\.?$/u.test(last)) {
    while (first > 1 && end - first < 3 && /^\p{Lu}\.?$/u.test(words[first - 1]!)) first--;
  }
  const surname = words.slice(0, first);
  if (surname.length === 0 || surname.length > 4) return undefined;
  const family = surname.join(' ');
  if (!/\p{Ll}/u.test(family) || !/^\p{L}/u.test(family)) return undefined;
  const organisation = /^(?:of|for|and|the|on|in|at|to|&|und|group|research|institute|university|society|association|council|organi[sz]ation|agency|ministry|department|cent(?:re|er)|foundation|network|collaborat(?:ion|ive)|consortium|committee|board|trust|health|team|office|commission|program(?:me)?|study|investigators|working|(?:inter)?national|services?|union|federation|college|academy|hospital|school|authors|writing)$/;
  if (surname.some((w) => organisation.test(w.toLowerCase()))) return undefined;
  const initials = words.slice(first, end).flatMap((w) => [...w].filter((c) => c !== '.'));
  return suffix === undefined ? { family, initials } : { family, initials, suffix };
}

/** Every name value of a file: the value of each `AU`, `A1`–`A4` and `ED` line (RIS or MEDLINE/.nbib). */
function nameLines(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split(/\r\n|\n|\r/)) {
    const m = /^(?:AU|A[1-4]|ED) *- *(.*)$/.exec(line);
    if (m) out.push(m[1]!.trim());
  }
  return out;
}

function corpusText(file: string): string {
  return fs.readFileSync(path.join(corpusDir(), file), 'utf8');
}

describe('names: reading a name value', () => {
  const cases: [string, PersonName | undefined][] = [
    // MEDLINE form: surname, then initials without a comma.
    ['Griffin DK', { family: 'Griffin', given: 'D. K.' }],
    ['Smith JA', { family: 'Smith', given: 'J. A.' }],
    ['Li X', { family: 'Li', given: 'X.' }],
    ['van der Berg JH', { family: 'van der Berg', given: 'J. H.' }],
    ['Curry Rogers K', { family: 'Curry Rogers', given: 'K.' }],
    ["O'Connor RE", { family: "O'Connor", given: 'R. E.' }],
    ['Černý D', { family: 'Černý', given: 'D.' }],
    ['Chamberlain JA Jr', { family: 'Chamberlain', given: 'J. A.', suffix: 'Jr' }],
    ['Brownstein C D', { family: 'Brownstein', given: 'C. D.' }],
    ['Adler D.G.', { family: 'Adler', given: 'D. G.' }],
    ['Fanning E.', { family: 'Fanning', given: 'E.' }],
    ['Dos Santos HB', { family: 'Dos Santos', given: 'H. B.' }],
    ['  Griffin   DK  ', { family: 'Griffin', given: 'D. K.' }],
    // With a comma.
    ['Griffin, D. K.', { family: 'Griffin', given: 'D. K.' }],
    ['Griffin, DK', { family: 'Griffin', given: 'DK' }],
    ['Larsen, LJ', { family: 'Larsen', given: 'LJ' }],
    ['Smith, John, Jr.', { family: 'Smith', given: 'John', suffix: 'Jr.' }],
    ['Chamberlain, Jr, J. A.', { family: 'Chamberlain', given: 'J. A.', suffix: 'Jr' }],
    ['Hoek, W. van der', { family: 'van der Hoek', given: 'W.' }],
    // Not MEDLINE form.
    ['WHO', { family: 'WHO' }],
    // Organisations of three words or fewer are read as before (family = last word); not MEDLINE form.
    ['IARC Working Group', { family: 'Group', given: 'IARC Working' }],
    ['CAIZHI SHEN', { family: 'SHEN', given: 'CAIZHI' }],
    ['JUNCHANG LÜ', { family: 'LÜ', given: 'JUNCHANG' }],
    ['H B', { family: 'B', given: 'H' }],
    ['Claude Shannon', { family: 'Shannon', given: 'Claude' }],
    ['Ludwig van Beethoven', { family: 'van Beethoven', given: 'Ludwig' }],
    ['Ivanov Ivan', { family: 'Ivan', given: 'Ivanov' }],
    ['World Health Organization', { family: 'Organization', given: 'World Health' }],
    ['熊 玮', { family: '熊', given: '玮' }],
    ['et al.', { literal: 'et al.' }],
    ['', undefined],
  ];
  for (const [input, expected] of cases) {
    it(`reads ${JSON.stringify(input)}`, () => assert.deepEqual(readName(input), expected));
  }

  it('tells MEDLINE form from single words, capitals and organisations', () => {
    for (const medline of ['Griffin DK', 'Li X', 'Kumar UK', 'Ivanov II', 'Smith JAB', 'de la Fuente Marcos C']) {
      assert.ok(medlineName(medline), medline);
    }
    const not = [
      'WHO', 'IEEE', 'Li', 'Li, X', 'H B', 'A B C', 'US EPA', 'CAIZHI SHEN', 'IARC Working Group', 'IEEE Computer Soc',
      'Cancer Research UK', 'Ministry of Health NZ', 'Save the Children UK', 'Smith JABC', 'Smith Ja', 'Smith 2nd',
      'Global Burden of Disease Study GBD', 'A very long corporate name here UK', '[Anonymous] X',
    ];
    for (const value of not) assert.equal(medlineName(value), undefined, value);
  });

  it('reads MEDLINE form as split words and regular expressions do (every corpus name, and random ones)', () => {
    const values: string[] = [];
    for (const entry of corpusEntries()) {
      const file = path.join(corpusDir(), entry.file);
      if (fs.existsSync(file)) values.push(...nameLines(fs.readFileSync(file, 'utf8')));
    }
    assert.ok(values.length > 5000, `${values.length} corpus names`);
    const surnames = [
      'Griffin', 'van', 'der', 'Berg', 'de', 'la', 'Fuente', 'Marcos', 'Müller', 'Øster', 'ÅBERG', 'SHEN', 'Li', 'O\'Brien', 'Smith-Jones', '熊', '玮',
      'Ωμέγα', 'Éé', 'ßtraße', 'İlhan', '[Anonymous]', 'ǅemal', 'x', 'UK', 'Health', 'Working', 'Group', 'and', 'the', 'Research', 'of', '&',
      'ORGANISATION', 'Organization', '\ud835', '42', 'A1', 'Ja',
    ];
    const initials = ['DK', 'D.K.', 'JAB', 'JABC', 'D', 'K', 'K.', 'Å', 'É.', '\u{1d400}', '\u{1d400}.\u{1d401}', 'II', 'D..', '.D', 'dK', 'Dk.', 'ǅ', 'Ω'];
    const suffixes = ['Jr', 'Jr.', 'Sr', 'Sr.', '2nd', '2nd.', '3rd', '3rd.', '4th', '4th.', '5th', 'III'];
    const spaces = [' ', ' ', ' ', ' ', '  ', '\t', '\u00a0', '\u2009', '\n'];
    const random = seededRandom(20261207);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
    const join = (parts: string[]): string => parts.map((w, i) => (i > 0 ? pick(spaces) : '') + w).join('');
    for (let i = 0; i < 20000; i++) {
      // Half shaped like a MEDLINE name (surname words, initials, maybe a suffix), half any words.
      const parts: string[] = [];
      if (random() < 0.5) {
        for (let w = 1 + Math.floor(random() * 5); w > 0; w--) parts.push(pick(surnames));
        if (random() < 0.5) parts.push(pick(initials));
        else for (let w = 1 + Math.floor(random() * 4); w > 0; w--) parts.push(pick(['A', 'B', 'C.', 'Å', '\u{1d400}']));
        if (random() < 0.3) parts.push(pick(suffixes));
      } else {
        for (let w = 1 + Math.floor(random() * 10); w > 0; w--) parts.push(pick([...surnames, ...initials, ...suffixes]));
      }
      let value = join(parts);
      if (random() < 0.1) value = pick(spaces) + value;
      if (random() < 0.1) value += pick(spaces);
      if (random() < 0.02) value += ',';
      values.push(value);
    }
    // The longest names in MEDLINE form, and one word more.
    values.push('de la Fuente Marcos C D E Jr', 'de la Fuente Marcos C D E 2nd.', 'de la Fuente Marcos Li C D E Jr');
    let medline = 0;
    for (const value of values) {
      const expected = medlineNameByExpressions(value);
      assert.deepEqual(medlineName(value), expected, JSON.stringify(value));
      if (expected !== undefined) medline++;
    }
    // Both readings meet many names of each kind.
    assert.ok(medline > 1000 && values.length - medline > 1000, `${medline} of ${values.length} in MEDLINE form`);
  });

  it('rewrites MEDLINE form for pandoc, and nothing else', () => {
    assert.equal(medlineToCommaForm('Griffin DK'), 'Griffin, D. K.');
    assert.equal(medlineToCommaForm('van der Berg JH'), 'van der Berg, J. H.');
    assert.equal(medlineToCommaForm('Brownstein C D'), 'Brownstein, C. D.');
    assert.equal(medlineToCommaForm('Adler D.G.'), 'Adler, D. G.');
    // Initials outside the BMP (mathematical capitals are Lu) stay whole characters.
    assert.equal(medlineToCommaForm('Smith \u{1d400}.\u{1d401}'), 'Smith, \u{1d400}. \u{1d401}.');
    assert.deepEqual(medlineName('\u00c5berg \u00c5 \u{1d400}')?.initials, ['\u00c5', '\u{1d400}']);
    // pandoc reads `Family, Jr, Given` (BibTeX's order); `Family, Given, Jr` would give the given name Jr.
    assert.equal(medlineToCommaForm('Chamberlain JA Jr'), 'Chamberlain, Jr, J. A.');
    assert.equal(medlineToCommaForm('Griffin, D. K.'), undefined);
    assert.equal(medlineToCommaForm('WHO'), undefined);
    // The rewrite reads back as the same name.
    for (const value of ['Griffin DK', 'van der Berg JH', 'Chamberlain JA Jr', 'Adler D.G.']) {
      assert.deepEqual(readName(medlineToCommaForm(value)!), readName(value), value);
    }
  });

  it('gives the family name labels, keys and duplicates use', () => {
    assert.equal(familyNameOf('Griffin DK'), 'Griffin');
    assert.equal(familyNameOf('Liu, Xiaoqing'), 'Liu');
    assert.equal(familyNameOf('Claude Shannon'), 'Shannon');
    assert.equal(familyNameOf('World Health Organization Europe'), 'World Health Organization Europe');
    assert.equal(familyNameOf('Hoek, W. van der'), 'van der Hoek');
    assert.equal(familyNameOf('  '), '');
  });

  it('gives the same family name on its fast path as the full reading', () => {
    const full = (value: string): string => {
      const name = readName(value);
      return name?.family ?? name?.literal ?? value.trim();
    };
    const values = [
      'Liu, Xiaoqing', 'Zuna, R. E.', 'Smith, John, Jr.', 'Smith, Jr., John', 'Hoek, W. van der', 'Hoek, W. van  der',
      'Hoek, W. van der, Jr', 'Berg, van der', 'Beethoven, Ludwig van', 'Costa, Maria da', 'Silva, J. dos, Jr.', 'Silva, Jr., J. dos',
      ', John', ' , John', 'Smith ,John', 'Smith,John', 'Smith  , John', ' Smith, John', 'Smith, John ', 'Smith,\tJohn', 'Smith,\u00a0John',
      'Smith, ', 'Smith,', ',', ', ,', 'Smith, John, ', 'Smith,, John', 'Ryan, R. L. and', 'de la Cruz, Juan', 'van, Der', 'Müller, Jürgen',
      'Øster\u00adgaard, Ole', '张, 伟', 'O’Brien, P. Ø.', 'Griffin DK', 'Claude Shannon', 'et al.', 'WHO', '', '  ',
    ];
    for (const value of values) assert.equal(familyNameOf(value), full(value), JSON.stringify(value));
    // And every author of a generated export.
    const doc = parseRis(generateRis({ records: 2000, variant: 'clean' }));
    let compared = 0;
    for (const record of doc.records) {
      for (const field of record.fields) {
        if (!NAME_TAGS.has(field.tag)) continue;
        assert.equal(familyNameOf(field.value), full(field.value), JSON.stringify(field.value));
        compared++;
      }
    }
    assert.ok(compared > 5000, `${compared} names compared`);
  });
});

describe('names: where names are read', function () {
  this.timeout(60000);
  const text = 'TY  - JOUR\nAU  - Griffin DK\nAU  - van der Berg JH\nTI  - Time lapse\nT2  - Eur J Med Genet\nPY  - 2020\nER  - \n';
  const doc = parseRis(text);

  it('CSL items: APA prints "Griffin, D. K."', () => {
    const items = documentToCsl([{ uri: 'a.ris', doc }]);
    assert.deepEqual(items[0]!.author, [{ family: 'Griffin', given: 'D. K.' }, { family: 'van der Berg', given: 'J. H.' }]);
    const apa = new CitationProcessor(builtinStyle('apa')!, { item: (k) => items.find((i) => i.id === k) });
    const [entry] = apa.bibliography([items[0]!.id], 'text');
    assert.match(entry!.text, /^Griffin, D\. K\., & van der Berg, J\. H\. \(2020\)\./);
  });

  it('labels, BibTeX, pinned keys and duplicate keys take the surname', () => {
    const record = doc.records[0]!;
    assert.equal(recordLabel(record), 'Griffin & van der Berg 2020 — Time lapse');
    assert.match(toBibtex(documentToCsl([{ uri: 'a.ris', doc }])), /author = \{Griffin, D\. K\. and van der Berg, J\. H\.\}/);
    assert.equal(expandPinPattern(record, '{author}{year}'), 'griffin2020');
    assert.deepEqual(duplicateKeysFrom(undefined, 'Time lapse', 'Griffin DK', '2020'), duplicateKeysFrom(undefined, 'Time lapse', 'Griffin, Darren K.', '2020'));
  });
});

describe(`names: the name lines of the corpus (${corpusDescription()})`, () => {
  if (corpusMissing()) return;

  it('reads every PubMed AU as its FAU says (family name and first initial)', () => {
    const lines = corpusText('citation-file-formatting/_baseline_pubmed.ris').split(/\r?\n/);
    let checked = 0;
    for (let i = 1; i < lines.length; i++) {
      const au = /^AU {2}- (.*)$/.exec(lines[i]!);
      const fau = /^FAU - (.*)$/.exec(lines[i - 1]!);
      if (!au || !fau) continue;
      const [family, given] = fau[1]!.split(',').map((s) => s.trim());
      const name = readName(au[1]!);
      assert.ok(medlineName(au[1]!), `MEDLINE form: ${au[1]}`);
      assert.equal(name?.family, family, `${au[1]} (FAU ${fau[1]})`);
      assert.equal(name?.given?.[0], given?.[0]?.toUpperCase(), `${au[1]} (FAU ${fau[1]})`);
      checked++;
    }
    assert.equal(checked, 248);
  });

  it('reads every EPPI-Reviewer name with a family name the other exports of the set have', () => {
    const dir = 'citation-file-formatting';
    const families = new Set<string>();
    for (const file of fs.readdirSync(path.join(corpusDir(), dir))) {
      if (file === '_baseline_eppireviewer.ris' || file === '_baseline_pubmed.ris') continue;
      for (const value of nameLines(corpusText(`${dir}/${file}`))) {
        if (value.includes(',')) families.add(value.slice(0, value.indexOf(',')).trim());
      }
    }
    let medline = 0;
    for (const value of nameLines(corpusText(`${dir}/_baseline_eppireviewer.ris`))) {
      if (!medlineName(value)) continue;
      medline++;
      const family = readName(value)!.family!;
      assert.ok(families.has(family), `${value} → ${family}: in no other export of the set`);
    }
    assert.equal(medline, 31);
  });

  it('finds MEDLINE form in exactly these files and counts, and nowhere else', () => {
    // `Dos Santos` / `H B` (EPPI-Reviewer's split of one name) are not taken for MEDLINE form.
    const expected: Record<string, number> = {
      'citation-file-formatting/_baseline_pubmed.ris': 248,
      'citation-file-formatting/_baseline_eppireviewer.ris': 31,
      'asreview/embase.ris': 29,
      'asreview/ris_issue_1099.txt': 3,
      'rispy/example_empty_tag.ris': 1,
    };
    const found: Record<string, number> = {};
    for (const entry of corpusEntries()) {
      if (!fs.existsSync(entry.full)) continue;
      const n = nameLines(fs.readFileSync(entry.full, 'utf8')).filter((v) => medlineName(v) !== undefined).length;
      if (n > 0) found[entry.file] = n;
    }
    assert.deepEqual(found, expected);
  });
});
