/**
 * Citation keys: pandoc's key rule (every expected key below was checked with pandoc 3.10,
 * `pandoc -f ris -t csljson`, see pandocKeys.test.ts for the automated comparison), and duplicates in
 * and across files (the Markdown rule is tested in keySyntax.test.ts, pinned keys in pinning.test.ts).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import {
  assignPandocKeys,
  hasIdField,
  keyFromId,
  pandocBaseKey,
  pandocReferences,
  referenceBaseKey,
} from '../../../../src/core/keys/pandocKeys';
import { decodeRisBytes } from '../../../../src/core/ris/decode';
import { isParsedRecord } from '../../../../src/core/ris/records';
import { corpusEntries } from '../../helpers/corpus';
import type { RisDocument, RisRecord } from '../../../../src/core/ris/model';
import { parseRis } from '../../../../src/core/ris/parser';
import { seededRandom } from '../../helpers/risSnapshot';

/** One record: `TY  - JOUR`, the given lines, `ER  - `. */
function rec(...lines: string[]): string {
  return `TY  - JOUR\n${lines.map((l) => `${l}\n`).join('')}ER  - \n`;
}

/** The keys pandoc gives the references of one file, in order. */
function keys(text: string): string[] {
  return pandocReferences([{ uri: 'a.ris', doc: parseRis(text) }]).map((r) => r.key);
}

function onlyRecord(text: string): RisRecord {
  const doc = parseRis(text);
  assert.equal(doc.records.length, 1);
  return doc.records[0]!;
}

interface KeyCase {
  readonly name: string;
  readonly ris: string;
  readonly keys: readonly string[];
}

/** Key cases; the first block is the verified table of docs/ris-format.md §4. */
const CASES: readonly KeyCase[] = [
  { name: 'surname before the comma, raw year', ris: rec('AU  - Shannon, Claude E.', 'PY  - 1948'), keys: ['Shannon_1948'] },
  { name: 'two authors', ris: rec('AU  - Smith, John', 'AU  - Doe, Jane', 'PY  - 2020'), keys: ['Smith_Doe_2020'] },
  {
    name: 'A1 and AU in file order, A2 ignored',
    ris: rec('A1  - Georgiev, G.', 'AU  - Bello, B.', 'A2  - Editor, E.', 'PY  - 2019'),
    keys: ['Georgiev_Bello_2019'],
  },
  { name: 'PY is used raw', ris: rec('AU  - Shannon, C.', 'PY  - 1948/07//'), keys: ['Shannon_1948/07//'] },
  { name: 'Y1 then PY, both raw', ris: rec('AU  - Marx, K.', 'Y1  - 2014/06/01', 'PY  - 2014'), keys: ['Marx_2014/06/01_2014'] },
  { name: 'no author', ris: rec('TI  - Anonymous work', 'PY  - 2001'), keys: ['_2001'] },
  { name: 'no author and no year: the empty key', ris: rec('TI  - Nothing'), keys: [''] },
  { name: 'name without a comma: first word', ris: rec('AU  - Claude Shannon', 'PY  - 1948'), keys: ['Claude_1948'] },
  { name: 'particle: first word only', ris: rec('AU  - van der Berg, Jan', 'PY  - 2001'), keys: ['van_2001'] },
  { name: 'organisation: first word', ris: rec('AU  - World Health Organization', 'PY  - 2020'), keys: ['World_2020'] },
  { name: 'n.d. is a year like any other', ris: rec('AU  - Doe, J.', 'PY  - n.d.'), keys: ['Doe_n.d.'] },
  { name: 'DA is not used', ris: rec('AU  - Doe, J.', 'DA  - 2001/02/03'), keys: ['Doe'] },
  {
    name: 'three identical records, then the same key as an ID',
    ris: rec('AU  - Smith', 'PY  - 2020') + rec('AU  - Smith', 'PY  - 2020') + rec('AU  - Smith', 'PY  - 2020') + rec('ID  - Smith_2020'),
    keys: ['Smith_2020', 'Smith_2020a', 'Smith_2020b', 'Smith_2020c'],
  },
  // Real-export shapes.
  {
    name: 'IEEE: initials, PY and Y1 with a space',
    ris: rec('AU  - A. Smith', 'AU  - B. Jones', 'AU  - C. Brown', 'PY  - 2017', 'Y1  - Mar. 2017'),
    keys: ['A._B._C._2017_Mar. 2017'],
  },
  { name: 'EndNote numeric ID', ris: rec('ID  - 3515', 'AU  - Doe, J.', 'PY  - 2001'), keys: ['3515'] },
  { name: 'EBSCO PsycInfo ID', ris: rec('ID  - 2023-15354-001', 'AU  - Doe, J.'), keys: ['2023-15354-001'] },
  { name: 'EBSCO date with slashes', ris: rec('AU  - Mueller, A.', 'AU  - Loomis, B.', 'Y1  - 2008/08//'), keys: ['Mueller_Loomis_2008/08//'] },
  { name: 'ProCite placeholder values', ris: rec('A1  - Author', 'Y1  - Date of Code'), keys: ['Author_Date of Code'] },
  // ID lines.
  { name: 'ID with spaces: stripped outside, kept inside', ris: rec('ID  -   my  key  '), keys: ['my  key'] },
  { name: 'repeated ID lines: the first wins', ris: rec('ID  - X1', 'ID  - X2', 'AU  - Doe'), keys: ['X1'] },
  { name: 'empty ID line: generated key', ris: rec('ID  - ', 'AU  - Doe', 'PY  - 1999'), keys: ['Doe_1999'] },
  { name: 'empty first ID wins over a later one', ris: rec('ID  -', 'ID  - X1', 'AU  - Doe', 'PY  - 1999'), keys: ['Doe_1999'] },
  { name: 'ID then an empty ID', ris: rec('ID  - X1', 'ID  -', 'AU  - Doe'), keys: ['X1'] },
  { name: 'ID anywhere in the record', ris: rec('AU  - Doe', 'PY  - 2001', 'ID  - late'), keys: ['late'] },
  // Authors.
  { name: 'empty AU line: an empty part', ris: rec('AU  - Smith', 'AU  -', 'AU  - Doe', 'PY  - 2020'), keys: ['Smith__Doe_2020'] },
  { name: 'author starting with a comma', ris: rec('AU  - ,Smith', 'PY  - 2020'), keys: ['_2020'] },
  { name: 'ED, A2, A3, A4 are ignored', ris: rec('ED  - Ed', 'A2  - Two', 'A3  - Three', 'A4  - Four', 'PY  - 2000'), keys: ['_2000'] },
  { name: 'hyphenated surname kept whole', ris: rec('AU  - Wyenberg-Henzler, T.', 'PY  - 2022'), keys: ['Wyenberg-Henzler_2022'] },
  { name: 'non-ASCII surname', ris: rec('AU  - Müller, Jörg', 'PY  - 2010'), keys: ['Müller_2010'] },
  { name: 'CJK surname', ris: rec('AU  - 王, 小明', 'PY  - 2020'), keys: ['王_2020'] },
  { name: 'no-break space ends a surname', ris: rec('AU  - Van\u00a0Der, X', 'PY  - 2020'), keys: ['Van_2020'] },
  { name: 'ideographic space ends a surname', ris: rec('AU  - Van\u3000Der, X', 'PY  - 2020'), keys: ['Van_2020'] },
  { name: 'tab ends a surname', ris: rec('AU  - Doe\t\tX', 'PY  - 19\t48'), keys: ['Doe_19\t48'] },
  { name: 'U+2028 is not whitespace for pandoc', ris: rec('AU  - Van\u2028Der, X', 'PY  - 2020\u2028'), keys: ['Van\u2028Der_2020\u2028'] },
  { name: 'U+FEFF is not whitespace for pandoc', ris: rec('AU  - Van\ufeffDer', 'PY  - 2020\ufeff'), keys: ['Van\ufeffDer_2020\ufeff'] },
  { name: 'a hyphen as author', ris: rec('AU  - -'), keys: ['-'] },
  {
    name: 'many authors',
    ris: rec(...Array.from({ length: 28 }, (_, i) => `AU  - A${i}, X`), 'PY  - 2003'),
    keys: [`${Array.from({ length: 28 }, (_, i) => `A${i}`).join('_')}_2003`],
  },
  // Values.
  { name: 'separator with tabs and extra spaces', ris: 'TY\t- JOUR\nA1\t-\tSmith, J\nY1 -  2020 \t\nER  - \n', keys: ['Smith_2020'] },
  { name: 'no year', ris: rec('AU  - Doe, J.'), keys: ['Doe'] },
  { name: 'Y1 with trailing slashes', ris: rec('Y1  - 2001///', 'AU  - Doe'), keys: ['Doe_2001///'] },
  // Duplicates.
  { name: 'empty keys are duplicates too', ris: rec('TI  - a') + rec('TI  - b') + rec('TI  - c'), keys: ['', 'a', 'b'] },
  {
    name: 'a suffixed key can collide with an explicit one',
    ris: rec('ID  - Smith_2020a') + rec('AU  - Smith', 'PY  - 2020') + rec('AU  - Smith', 'PY  - 2020') + rec('ID  - Smith_2020a'),
    keys: ['Smith_2020a', 'Smith_2020', 'Smith_2020a', 'Smith_2020aa'],
  },
  {
    name: 'after z come {, |, }, ~ and U+007F',
    ris: Array.from({ length: 32 }, () => rec('AU  - Z')).join(''),
    keys: ['Z', ...'abcdefghijklmnopqrstuvwxyz{|}~\u007f'.split('').map((c) => `Z${c}`)],
  },
  // Structure pandoc reads its own way.
  { name: 'CRLF line endings', ris: 'TY  - JOUR\r\nAU  - Doe\r\nPY  - 2001\r\nER  - \r\n', keys: ['Doe_2001'] },
  { name: 'byte-order mark', ris: '\ufeffTY  - JOUR\nAU  - Doe\nPY  - 2001\nER  - \n', keys: ['Doe_2001'] },
  { name: 'a bare CR joins two lines', ris: 'TY  - JOUR\nAU  - Do\re\nPY  - 2001\nER  - \n', keys: ['Doe_2001'] },
  { name: 'a bare CR swallows the next tag line', ris: 'TY  - JOUR\nAU  - Doe\rPY  - 2001\nER  - \n', keys: ['DoePY'] },
  { name: 'a record without TY', ris: 'AU  - Doe\nPY  - 2001\nER  - \n', keys: ['Doe_2001'] },
  { name: 'a tag line before TY belongs to the record', ris: 'AU  - Doe\nTY  - JOUR\nPY  - 2001\nER  - \n', keys: ['Doe_2001'] },
  {
    name: 'a stray ER makes an empty reference',
    ris: `${rec('AU  - Doe')}ER  - \n${rec('TI  - no key')}`,
    keys: ['Doe', '', 'a'],
  },
  {
    name: 'a missing ER merges two records',
    ris: `TY  - JOUR\nAU  - Doe\nTY  - JOUR\nAU  - Roe\nER  - \n${rec('AU  - Doe')}`,
    keys: ['Doe_Roe', 'Doe'],
  },
  { name: 'a digit tag line is a field, not a continuation', ris: rec('AU  - Doe', 'PY  - 2001', '12  - x'), keys: ['Doe_2001'] },
  // Files pandoc rejects: what this project does.
  { name: 'continuation lines: the full value', ris: rec('ID  - part one', '  part two'), keys: ['part one part two'] },
  { name: 'lower-case tag read as the parser reads it', ris: rec('au  - Doe', 'py  - 2001'), keys: ['Doe_2001'] },
  { name: 'glued value read as the parser reads it', ris: rec('AU  -Doe', 'PY  -2001'), keys: ['Doe_2001'] },
];

describe('citation keys: pandoc base keys and duplicates', () => {
  it(`has at least 40 key cases (${CASES.length})`, () => {
    assert.ok(CASES.length >= 40);
  });

  for (const c of CASES) {
    it(c.name, () => {
      assert.deepEqual(keys(c.ris), c.keys);
    });
  }

  it('pandocBaseKey reads the parsed fields, or the text exactly', () => {
    const text = rec('AU  - Doe\ufeff', 'PY  - 2020');
    const record = onlyRecord(text);
    assert.equal(pandocBaseKey(record), 'Doe_2020', 'the parser trims U+FEFF');
    assert.equal(pandocBaseKey(record, text), 'Doe\ufeff_2020', 'pandoc does not');
    assert.equal(pandocBaseKey(onlyRecord(rec('ID  - x', 'AU  - Doe'))), 'x');
    assert.equal(pandocBaseKey(onlyRecord(rec('ID  - part one', '  part two'))), 'part one part two');
  });

  it('the key of a record of plain tag lines, read from its key lines, equals the key read from all its lines', () => {
    // A record whose every field is a plain tag line is keyed from its key fields' lines alone; any
    // other (or one in a text with a bare CR) from all its lines. Both readings must agree.
    const texts: [string, string][] = [];
    for (const entry of corpusEntries()) {
      const text = decodeRisBytes(fs.readFileSync(entry.full)).text;
      texts.push([entry.file, text]);
      texts.push([`${entry.file} (CRLF)`, text.replace(/\r?\n/g, '\r\n')]);
    }
    const odd = [
      rec('AU  -\u00a0Doe', 'PY  - 2001'),
      rec('AU  - \ufeffDoe', 'PY  -\t2001\u2028'),
      rec('AU  -   Doe  ', 'PY  - 2001 \ufeff '),
      rec('AU \t - Doe\t', 'PY    -    2001'),
      rec('ID  - ', 'AU  - Doe', 'ID  - late'),
      rec('ID  -\u00a0x', 'AU  - Doe'),
      rec('ID  - \u2029', 'AU  - Doe'),
      rec('AU  - Doe', 'PY  - 2001', 'au  - Roe'),
      rec('AU  - Doe', 'TI  - a', '  continued', 'PY  - 2001'),
      rec('AU  - Doe', '', 'PY  - 2001', '', ''),
    ];
    texts.push(['odd lines', odd.join('')]);
    texts.push(['odd lines, a bare CR elsewhere', `${odd.join('')}\r${rec('AU  - Roe')}`]);
    let plain = 0;
    let records = 0;
    for (const [name, text] of texts) {
      const doc = parseRis(text);
      doc.records.forEach((r, i) => {
        const read = referenceBaseKey(doc, i, i, r.start);
        assert.deepEqual({ key: read.key, fromId: read.fromId }, { key: pandocBaseKey(r, doc.text), fromId: keyFromId(r, doc.text) }, `${name}, record ${i}`);
        // What the key's reading remembers of the ID lines is what the fields say.
        assert.equal(hasIdField(r), r.fields.some((f) => f.tag === 'ID'), `${name}, record ${i}: ID field`);
        records++;
        if (isParsedRecord(r) && r.fields.every((f) => f.plainLineEnd() >= 0)) plain++;
      });
    }
    assert.ok(records > 1000 && plain > records / 2, `${plain} of ${records} records read from their key lines`);
  });

  it('keyFromId follows the first ID line', () => {
    assert.equal(keyFromId(onlyRecord(rec('ID  - X1', 'AU  - Doe'))), true);
    assert.equal(keyFromId(onlyRecord(rec('ID  -', 'ID  - X1', 'AU  - Doe'))), false);
    assert.equal(keyFromId(onlyRecord(rec('AU  - Doe'))), false);
  });

  it('assignPandocKeys: one entry per record with base key, key and fromId', () => {
    const doc = parseRis(rec('AU  - Smith', 'PY  - 2020') + rec('ID  - mine') + rec('AU  - Smith', 'PY  - 2020'));
    assert.deepEqual(assignPandocKeys([{ uri: 'a.ris', doc }]), [
      { uri: 'a.ris', recordIndex: 0, baseKey: 'Smith_2020', key: 'Smith_2020', fromId: false, mergedInto: undefined, shadowedBy: undefined },
      { uri: 'a.ris', recordIndex: 1, baseKey: 'mine', key: 'mine', fromId: true, mergedInto: undefined, shadowedBy: undefined },
      { uri: 'a.ris', recordIndex: 2, baseKey: 'Smith_2020', key: 'Smith_2020a', fromId: false, mergedInto: undefined, shadowedBy: undefined },
    ]);
  });

  it('keys across two files: not renamed; the later file hides the earlier one', () => {
    const a = parseRis(rec('AU  - Smith', 'PY  - 2020') + rec('AU  - Smith', 'PY  - 2020') + rec('AU  - Only', 'PY  - 1'));
    const b = parseRis(rec('AU  - Smith', 'PY  - 2020') + rec('ID  - Only_1'));
    const keyed = assignPandocKeys([
      { uri: 'a.ris', doc: a },
      { uri: 'b.ris', doc: b },
    ]);
    assert.deepEqual(
      keyed.map((k) => [k.uri, k.key, k.shadowedBy && `${k.shadowedBy.uri}:${k.shadowedBy.recordIndex}`]),
      [
        ['a.ris', 'Smith_2020', 'b.ris:0'],
        ['a.ris', 'Smith_2020a', undefined],
        ['a.ris', 'Only_1', 'b.ris:1'],
        ['b.ris', 'Smith_2020', undefined],
        ['b.ris', 'Only_1', undefined],
      ],
    );
    // In the other order the other records win.
    const swapped = assignPandocKeys([
      { uri: 'b.ris', doc: b },
      { uri: 'a.ris', doc: a },
    ]);
    assert.deepEqual(
      swapped.map((k) => [k.uri, k.key, k.shadowedBy?.uri]),
      [
        ['b.ris', 'Smith_2020', 'a.ris'],
        ['b.ris', 'Only_1', 'a.ris'],
        ['a.ris', 'Smith_2020', undefined],
        ['a.ris', 'Smith_2020a', undefined],
        ['a.ris', 'Only_1', undefined],
      ],
    );
  });

  it('a suffix collision in one file: the last of the two is kept', () => {
    const doc = parseRis(rec('ID  - Smith_2020a') + rec('AU  - Smith', 'PY  - 2020') + rec('AU  - Smith', 'PY  - 2020'));
    const keyed = assignPandocKeys([{ uri: 'a.ris', doc }]);
    assert.deepEqual(keyed[0]!.shadowedBy, { uri: 'a.ris', recordIndex: 2, line: 7 });
    assert.equal(keyed[2]!.shadowedBy, undefined);
  });

  it('a missing ER: the second record is part of the first', () => {
    const doc = parseRis(`TY  - JOUR\nAU  - Doe\nTY  - JOUR\nAU  - Roe\nER  - \n`);
    const keyed = assignPandocKeys([{ uri: 'a.ris', doc }]);
    assert.deepEqual(
      keyed.map((k) => [k.recordIndex, k.key, k.mergedInto]),
      [
        [0, 'Doe_Roe', undefined],
        [1, 'Doe_Roe', 0],
      ],
    );
    const refs = pandocReferences([{ uri: 'a.ris', doc }]);
    assert.equal(refs.length, 1);
    assert.deepEqual(refs[0]!.records, [0, 1]);
  });

  it('a stray ER: an empty reference that can hide an empty key', () => {
    const doc = parseRis(`ER  - \n${rec('TI  - x')}${rec('TI  - y')}`);
    const refs = pandocReferences([{ uri: 'a.ris', doc }]);
    assert.deepEqual(
      refs.map((r) => [r.recordIndex, r.line, r.key]),
      [
        [-1, 0, ''],
        [0, 1, 'a'],
        [1, 4, 'b'],
      ],
    );
    const other = parseRis(rec('TI  - z'));
    const keyed = assignPandocKeys([
      { uri: 'b.ris', doc: other },
      { uri: 'a.ris', doc },
    ]);
    assert.deepEqual(keyed[0]!.shadowedBy, { uri: 'a.ris', recordIndex: -1, line: 0 });
  });

  // Hang guard: a quadratic search for free suffixes would take minutes here; this takes well under a second.
  it('keys 100,000 records with the same key (hang guard)', function () {
    this.timeout(30_000);
    const one = rec('AU  - Smith, J', 'PY  - 2020', 'TI  - Same');
    const doc = parseRis(one.repeat(100_000));
    const keyed = assignPandocKeys([{ uri: 'big.ris', doc }]);
    assert.equal(keyed.length, 100_000);
    assert.equal(keyed[1]!.key, 'Smith_2020a');
    // 0xD800–0xDFFF would be surrogates: Data.Text writes U+FFFD instead.
    assert.equal(keyed[0xd800 - 96]!.key, 'Smith_2020\ufffd');
    // The 2048 surrogate suffixes and the real U+FFFD (counter 0xFFFD) make one key.
    assert.equal(new Set(keyed.map((k) => k.key)).size, 100_000 - 2048);
  });

  it('shadowing across files equals citeproc\'s rule (the last reference with a key) in every combination', () => {
    // The rule stated plainly: the bibliography's references in order, each dropped for the last one with its key.
    const byRule = (files: { uri: string; doc: RisDocument }[]): unknown[] => {
      const all = files.flatMap((f) => pandocReferences([f]).map((r) => ({ ...r, shadowedBy: undefined })));
      const last = new Map(all.map((r, d) => [r.key, d]));
      return all.map((r, d) => {
        const w = all[last.get(r.key)!]!;
        return last.get(r.key) === d ? r : { ...r, shadowedBy: { uri: w.uri, recordIndex: w.recordIndex, line: w.line } };
      });
    };
    const rnd = seededRandom(77);
    const authors = ['Smith, J', 'Doe, A', 'Roe, B', 'Poe, E'];
    const fileText = (n: number): string =>
      Array.from({ length: n }, () => {
        const r = rnd();
        if (r < 0.1) return 'ER  - \n';
        if (r < 0.25) return rec(`ID  - ${['Smith_2020a', 'key1', 'key2', ''][Math.floor(rnd() * 4)]}`);
        return rec(`AU  - ${authors[Math.floor(rnd() * authors.length)]}`, `PY  - ${2019 + Math.floor(rnd() * 3)}`);
      }).join('');
    const docs = Array.from({ length: 6 }, (_, i) => parseRis(fileText(i === 2 ? 200 : 5 + Math.floor(rnd() * 20))));
    let checked = 0;
    for (let round = 0; round < 200; round++) {
      const n = 1 + Math.floor(rnd() * 5);
      // Files in any order, the same document sometimes twice (under the same or another name).
      const files = Array.from({ length: n }, () => {
        const i = Math.floor(rnd() * docs.length);
        return { uri: rnd() < 0.2 ? 'same.ris' : `f${i}.ris`, doc: docs[i]! };
      });
      const refs = pandocReferences(files);
      assert.deepEqual(refs, byRule(files), `round ${round}: ${files.map((f) => f.uri).join(', ')}`);
      const keyed = assignPandocKeys(files);
      const shadowedRecords = refs.filter((r) => r.shadowedBy !== undefined).reduce((sum, r) => sum + r.records.length, 0);
      assert.equal(keyed.filter((k) => k.shadowedBy !== undefined).length, shadowedRecords, `round ${round}`);
      checked += refs.filter((r) => r.shadowedBy !== undefined).length;
    }
    assert.ok(checked > 1000, `${checked} shadowed references checked`);
  });
});
