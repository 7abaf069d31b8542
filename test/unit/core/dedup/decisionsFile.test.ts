import * as assert from 'node:assert/strict';
import { formatDecisionsFile, NO_DECISIONS, parseDecisionsFile, recordRefs, withDecisions } from '../../../../src/core/dedup/decisionsFile';
import { findDuplicates } from '../../../../src/core/dedup/engine';
import { parseRis } from '../../../../src/core/ris/parser';

const RIS = [
  'TY  - JOUR\nID  - smith2020\nTI  - One\nPY  - 2020\nER  - \n',
  'TY  - JOUR\nDO  - https://doi.org/10.1000/ABC\nTI  - Two\nER  - \n',
  'TY  - JOUR\nTI  - The Third: a Title!\nPY  - 2019\nER  - \n',
  'TY  - JOUR\nTI  - The third, a title\nPY  - 2019\nER  - \n',
].join('\n');

describe('duplicate decisions file', () => {
  it('names records by ID, else DOI, else normalised title and year, telling twins apart', () => {
    const refs = recordRefs('searches/a.ris', parseRis(RIS).records);
    assert.deepEqual(refs, [
      'searches/a.ris#id=smith2020',
      'searches/a.ris#doi=10.1000/abc',
      'searches/a.ris#title=the third a title|2019',
      'searches/a.ris#title=the third a title|2019~2',
    ]);
  });

  it('keeps names when lines move: a record added above changes no name', () => {
    const before = recordRefs('a.ris', parseRis(RIS).records);
    const after = recordRefs('a.ris', parseRis(`TY  - JOUR\nTI  - New\nER  - \n\n${RIS}`).records);
    assert.deepEqual(after.slice(1), before);
  });

  it('round-trips, one decision per line, pairs ordered, a later decision replacing an earlier one', () => {
    const file = withDecisions(NO_DECISIONS, [
      { a: 'z.ris#id=2', b: 'a.ris#id=1', duplicate: true },
      { a: 'b.ris#id=1', b: 'c.ris#id=1', duplicate: false },
    ]);
    assert.deepEqual(file.decisions[0], { a: 'a.ris#id=1', b: 'z.ris#id=2', duplicate: true });
    const text = formatDecisionsFile(file);
    assert.equal(text.split('\n').filter((l) => l.includes('"duplicate"')).length, 2);
    assert.deepEqual(parseDecisionsFile(text), file);
    const changed = withDecisions(file, [{ a: 'a.ris#id=1', b: 'z.ris#id=2', duplicate: false }]);
    assert.equal(changed.decisions.length, 2);
    assert.equal(changed.decisions.find((d) => d.a === 'a.ris#id=1')?.duplicate, false);
    assert.deepEqual(parseDecisionsFile(formatDecisionsFile(NO_DECISIONS)), NO_DECISIONS);
  });

  it('refuses a file that is not JSON or not a decisions file, saying why', () => {
    assert.throws(() => parseDecisionsFile('{'), /ris-duplicates\.json is not valid JSON/);
    assert.throws(() => parseDecisionsFile('{"version": 2, "decisions": []}'), /ris-duplicates\.json: version/);
    assert.throws(() => parseDecisionsFile('{"version": 1, "decisions": [{"a": "x"}]}'), /decisions\.0/);
  });

  it("feeds the engine: a person's 'not a duplicate' keeps two near-identical records apart", () => {
    const records = parseRis(RIS).records;
    const refs = recordRefs('a.ris', records);
    const inputs = records.map((record, i) => ({ ref: refs[i]!, record }));
    const engine = findDuplicates(inputs);
    assert.ok(engine.groups.some((g) => g.members.includes(2) && g.members.includes(3)), 'the engine pairs the two titles');
    const decided = findDuplicates(inputs, { decisions: [{ a: refs[2]!, b: refs[3]!, duplicate: false }] });
    assert.ok(!decided.groups.some((g) => g.members.includes(2) && g.members.includes(3)));
  });
});
