/**
 * Pinned keys: keys made from a pattern and the edits that write them into a RIS file as `ID` lines.
 */
import * as assert from 'node:assert/strict';
import { assignPandocKeys, pandocReferences } from '../../../../src/core/keys/pandocKeys';
import { DEFAULT_PIN_PATTERN, expandPinPattern, foldToAscii, makePinnedKey, pinKeysEdits } from '../../../../src/core/keys/pinning';
import { citationKeyProblem, needsBraces } from '../../../../src/core/keys/keySyntax';
import type { RisDocument, RisRecord } from '../../../../src/core/ris/model';
import { parseRis } from '../../../../src/core/ris/parser';
import { applyEdits } from '../../../../src/core/text/edits';

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

describe('citation keys: pinned keys', () => {
  const liu = onlyRecord(
    rec('AU  - Liu, Xiaoqing', 'AU  - Gao, Kunlun', 'AU  - Liu, Bo', 'PY  - 2021/03/01', 'TI  - Advances in Deep Learning-Based Medical Image Analysis'),
  );

  it('default pattern: liu2021advances', () => {
    assert.equal(DEFAULT_PIN_PATTERN, '{author}{year}{title}');
    assert.equal(makePinnedKey(liu, DEFAULT_PIN_PATTERN, new Set()), 'liu2021advances');
  });

  it('keeps a hyphenated compound with a short part as one title word', () => {
    const titled = (title: string): string => makePinnedKey(onlyRecord(rec('AU  - Doe, J.', 'PY  - 2015', `TI  - ${title}`)), DEFAULT_PIN_PATTERN, new Set());
    assert.equal(titled('U-Net: Convolutional networks for biomedical image segmentation'), 'doe2015unet');
    assert.equal(titled('nnU-Net: a self-configuring method'), 'doe2015nnunet');
    assert.equal(titled('End-to-end lung cancer screening'), 'doe2015endtoend');
    assert.equal(titled('X-ray imaging'), 'doe2015xray');
    assert.equal(titled('Dermatologist-level classification of skin cancer'), 'doe2015dermatologist');
    assert.equal(titled('High-performance medicine'), 'doe2015high');
  });

  it('tokens', () => {
    const cases: [string, string][] = [
      ['{Author}{year}', 'Liu2021'],
      ['{authors}{year}', 'liu_etal2021'],
      ['{author}{year}{Title}', 'liu2021Advances'],
      ['{author}{year}{shorttitle}', 'liu2021advancesdeeplearning'],
      ['{author}:{year}', 'liu:2021'],
      ['ref-{author}', 'ref-liu'],
      ['{author}{nonsense}', 'liunonsense'],
      ['{author}__{year}', 'liu__2021'],
      ['{author}..{year}.', 'liu.2021'],
      ['--{author}', 'liu'],
    ];
    for (const [pattern, expected] of cases) assert.equal(expandPinPattern(liu, pattern), expected, pattern);
    const two = onlyRecord(rec('AU  - Liu, X', 'AU  - Gao, K', 'PY  - 2021'));
    assert.equal(expandPinPattern(two, '{authors}{year}'), 'liu_gao2021');
    const one = onlyRecord(rec('AU  - Liu, X', 'PY  - 2021'));
    assert.equal(expandPinPattern(one, '{authors}{year}'), 'liu2021');
  });

  it('{key} keeps the current key in bare form', () => {
    assert.equal(expandPinPattern(liu, '{key}', 'Liu_Gao_Liu_2021/03/01'), 'Liu_Gao_Liu_2021/03/01');
    assert.equal(expandPinPattern(liu, '{key}', 'Doe_n.d.'), 'Doe_n.d');
    assert.equal(expandPinPattern(liu, '{key}', 'A._B._C._2017_Mar. 2017'), 'A._B._C._2017_Mar.2017');
  });

  it('folds surnames and titles to ASCII', () => {
    const cases: [string, string][] = [
      ['Müller, Jörg', 'muller'],
      ['Øster, A', 'oster'],
      ['Łęcki, P', 'lecki'],
      ['Straße, K', 'strasse'],
      ['Ærø, N', 'aero'],
      ["O'Brien, P", 'obrien'],
      ['van der Berg, Jan', 'vanderberg'],
      ['García-Márquez, G.', 'garciamarquez'],
      ['Þórsson, Á', 'thorsson'],
      ['Claude Shannon', 'shannon'],
      ['王, 小明', '王'],
    ];
    for (const [author, expected] of cases) {
      assert.equal(expandPinPattern(onlyRecord(rec(`AU  - ${author}`)), '{author}'), expected, author);
    }
    assert.equal(foldToAscii('Ångström Œuvre Đorđe'), 'Angstrom OEuvre Dorde');
    assert.equal(expandPinPattern(onlyRecord(rec('TI  - Éléments de géométrie')), '{title}'), 'elements');
  });

  it('skips stop words in titles', () => {
    const cases: [string, string][] = [
      ['The Role of the Gut Microbiome', 'role'],
      ['On the Origin of Species', 'origin'],
      ['Towards a Theory of Everything', 'theory'],
      ['A Study', 'study'],
      ['<i>In vitro</i> effects', 'vitro'],
      ['To Be or Not', 'to'],
      ['', ''],
    ];
    for (const [title, expected] of cases) {
      assert.equal(expandPinPattern(onlyRecord(rec('AU  - Doe', `TI  - ${title}`)), '{title}'), expected, title);
    }
  });

  it('is unique against taken (a, b, … z, aa) and adds the key to taken', () => {
    const taken = new Set(['liu2021advances']);
    assert.equal(makePinnedKey(liu, DEFAULT_PIN_PATTERN, taken), 'liu2021advancesa');
    assert.equal(makePinnedKey(liu, DEFAULT_PIN_PATTERN, taken), 'liu2021advancesb');
    assert.ok(taken.has('liu2021advancesb'));
    for (let i = 0; i < 24; i++) makePinnedKey(liu, DEFAULT_PIN_PATTERN, taken);
    assert.equal(makePinnedKey(liu, DEFAULT_PIN_PATTERN, taken), 'liu2021advancesaa');
  });

  it('always gives a bare, citable key', () => {
    const records = [
      rec('TI  - Nothing else'),
      rec(),
      rec('AU  - -', 'PY  - n.d.', 'TI  - ...'),
      rec('AU  - Mu\u0308ller', 'PY  - 2010', 'TI  - ¿Qué?'),
      rec('AU  - 王, 小明', 'TI  - 深度学习'),
      rec('AU  - ___', 'TI  - __init__'),
    ];
    const patterns = [DEFAULT_PIN_PATTERN, '{authors}{year}{shorttitle}', '{Author}-{year}', '.{title}.', '{key}', '{{author}}', ' x y '];
    const taken = new Set<string>();
    for (const r of records) {
      for (const p of patterns) {
        const key = makePinnedKey(onlyRecord(r), p, taken, 'cur key.');
        assert.ok(key.length > 0);
        assert.equal(needsBraces(key), false, `${p} → ${key}`);
        assert.equal(citationKeyProblem(key), undefined, `${p} → ${key}`);
      }
    }
    assert.equal(makePinnedKey(onlyRecord(rec()), DEFAULT_PIN_PATTERN, new Set()), 'ref');
  });
});

describe('citation keys: pinKeysEdits', () => {
  function pin(doc: RisDocument, pattern = DEFAULT_PIN_PATTERN, taken = new Set<string>()) {
    const keyed = assignPandocKeys([{ uri: 'a.ris', doc }]);
    return pinKeysEdits(doc, keyed, pattern, taken);
  }

  /** Removes the inserted ID lines again: what is left must be the original text, byte for byte. */
  function unpin(text: string, keysInserted: readonly string[], nl: string): string {
    let out = text;
    for (const k of keysInserted) {
      const line = `ID  - ${k}`;
      out = out.endsWith(nl + line) ? out.slice(0, out.length - nl.length - line.length) : out.replace(line + nl, '');
    }
    return out;
  }

  it('inserts ID lines after TY, only in records without an ID', () => {
    const text =
      rec('AU  - Liu, X', 'PY  - 2021', 'TI  - Advances in Imaging') + rec('ID  - kept', 'AU  - Doe') + rec('AU  - Liu, X', 'PY  - 2021', 'TI  - Advances again');
    const doc = parseRis(text);
    const edits = pin(doc);
    assert.deepEqual(
      edits.map((e) => [e.recordIndex, e.key, e.newText]),
      [
        [0, 'liu2021advances', 'ID  - liu2021advances\n'],
        [2, 'liu2021advancesa', 'ID  - liu2021advancesa\n'],
      ],
    );
    for (const e of edits) assert.equal(e.start, e.end, 'pure insertions');
    const pinned = applyEdits(text, edits);
    assert.ok(pinned.startsWith('TY  - JOUR\nID  - liu2021advances\nAU  - Liu, X\n'));
    assert.equal(unpin(pinned, ['liu2021advances', 'liu2021advancesa'], '\n'), text);
    const after = assignPandocKeys([{ uri: 'a.ris', doc: parseRis(pinned) }]);
    assert.deepEqual(
      after.map((k) => [k.key, k.fromId]),
      [
        ['liu2021advances', true],
        ['kept', true],
        ['liu2021advancesa', true],
      ],
    );
  });

  it('keeps CRLF, CR and the byte-order mark', () => {
    for (const nl of ['\r\n', '\r']) {
      const text = `\ufeffTY  - JOUR${nl}AU  - Doe, J${nl}PY  - 2001${nl}TI  - Work${nl}ER  - ${nl}`;
      const doc = parseRis(text);
      const edits = pin(doc);
      assert.equal(edits.length, 1);
      assert.equal(edits[0]!.newText, `ID  - doe2001work${nl}`);
      const pinned = applyEdits(text, edits);
      assert.equal(pinned, `\ufeffTY  - JOUR${nl}ID  - doe2001work${nl}AU  - Doe, J${nl}PY  - 2001${nl}TI  - Work${nl}ER  - ${nl}`);
    }
  });

  it('a record without TY gets the ID as its first line; a TY at the end of the text gets a line break before', () => {
    const noTy = 'AU  - Doe\nPY  - 2001\nER  - \n';
    assert.equal(applyEdits(noTy, pin(parseRis(noTy))), 'ID  - doe2001\nAU  - Doe\nPY  - 2001\nER  - \n');
    const bare = 'TY  - JOUR';
    assert.equal(applyEdits(bare, pin(parseRis(bare))), 'TY  - JOUR\nID  - ref');
  });

  it('pins a record whose first ID line is empty, and the new ID wins', () => {
    const text = rec('ID  -', 'ID  - ignored', 'AU  - Doe', 'PY  - 2001');
    const pinned = applyEdits(text, pin(parseRis(text)));
    assert.equal(keys(pinned)[0], 'doe2001');
  });

  it('is unique against the keys of the other files', () => {
    const other = parseRis(rec('ID  - doe2001work'));
    const doc = parseRis(rec('AU  - Doe', 'PY  - 2001', 'TI  - Work'));
    const taken = new Set(assignPandocKeys([{ uri: 'other.ris', doc: other }, { uri: 'a.ris', doc }]).map((k) => k.key));
    const keyed = assignPandocKeys([{ uri: 'other.ris', doc: other }, { uri: 'a.ris', doc }]).filter((k) => k.uri === 'a.ris');
    const edits = pinKeysEdits(doc, keyed, DEFAULT_PIN_PATTERN, taken);
    assert.equal(edits[0]!.key, 'doe2001worka');
    assert.ok(taken.has('doe2001worka'));
  });

  it('skips records read as part of an earlier one, and pins only the records asked for', () => {
    const text = 'TY  - JOUR\nAU  - Doe\nTY  - JOUR\nAU  - Roe\nER  - \n' + rec('AU  - Poe');
    const doc = parseRis(text);
    const keyed = assignPandocKeys([{ uri: 'a.ris', doc }]);
    assert.deepEqual(
      pinKeysEdits(doc, keyed, '{author}').map((e) => [e.recordIndex, e.key]),
      [
        [0, 'doe'],
        [2, 'poe'],
      ],
    );
    assert.deepEqual(
      pinKeysEdits(doc, keyed.slice(2), '{author}').map((e) => e.recordIndex),
      [2],
    );
  });

  it('{key} pins the current keys, so existing citations keep working', () => {
    const text = rec('AU  - Smith', 'PY  - 2020') + rec('AU  - Smith', 'PY  - 2020') + rec('AU  - Doe', 'PY  - 2020/05//');
    const before = keys(text);
    const pinned = applyEdits(text, pin(parseRis(text), '{key}'));
    assert.deepEqual(keys(pinned), ['Smith_2020', 'Smith_2020a', 'Doe_2020/05']);
    assert.deepEqual(before, ['Smith_2020', 'Smith_2020a', 'Doe_2020/05//']);
  });
});
