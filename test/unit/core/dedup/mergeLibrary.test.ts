import * as assert from 'node:assert/strict';
import { findDuplicates } from '../../../../src/core/dedup/engine';
import { parseProvenance } from '../../../../src/core/dedup/merge';
import { mergeLibrary } from '../../../../src/core/dedup/mergeLibrary';
import { parseRis } from '../../../../src/core/ris/parser';

const SCOPUS = 'TY  - JOUR\nAU  - Litjens, G.\nTI  - A survey on deep learning in medical image analysis\nPY  - 2017\nT2  - Medical Image Analysis\nVL  - 42\nSP  - 60\nEP  - 88\nDO  - 10.1016/j.media.2017.07.005\nER  - \n\nTY  - JOUR\nAU  - Other, A.\nTI  - Something else entirely\nPY  - 2001\nER  - \n';
const EMBASE = 'TY  - JOUR\nA1  - Litjens G.\nT1  - A survey on deep learning in medical image analysis.\nY1  - 2017\nJO  - Med. Image Anal.\nVL  - 42\nSP  - 60\nEP  - 88\nKW  - deep learning\nN2  - A long abstract only Embase has.\nU2  - L617388111\nER  - \n';

describe('mergeLibrary', () => {
  it('writes one record per group and every other record, with the PRISMA counts and nothing lost', () => {
    const records = [
      ...parseRis(SCOPUS).records.map((record) => ({ record, file: 'scopus.ris' })),
      ...parseRis(EMBASE).records.map((record) => ({ record, file: 'embase.ris' })),
    ];
    const result = findDuplicates(records.map((r, i) => ({ ref: String(i), record: r.record })));
    const merged = mergeLibrary(records, result);
    assert.deepEqual([merged.recordsIn, merged.duplicatesRemoved, merged.recordsOut], [3, 1, 2]);
    const out = parseRis(merged.text);
    assert.equal(out.records.length, 2);
    const [first, second] = out.records;
    const values = (tag: string): string[] => first!.fields.filter((f) => f.tag === tag).map((f) => f.value);
    assert.deepEqual(values('DO'), ['10.1016/j.media.2017.07.005']);
    assert.deepEqual(values('KW'), ['deep learning']);
    assert.deepEqual(values('N2'), ['A long abstract only Embase has.']);
    assert.deepEqual(values('U2'), ['L617388111']);
    const sources = values('N1').map(parseProvenance);
    assert.deepEqual(sources.map((p) => [p?.file, p?.line]), [['scopus.ris', 1], ['embase.ris', 1]]);
    assert.equal(second!.fields.find((f) => f.tag === 'TI')?.value, 'Something else entirely');
  });

  it('leaves possible pairs as separate records', () => {
    const records = parseRis(SCOPUS).records.map((record) => ({ record, file: 'a.ris' }));
    const merged = mergeLibrary(records, { groups: [{ decision: 'possible', reasons: [], members: [0, 1], links: [] }], records: 2, removable: 0, comparisons: 1 });
    assert.equal(merged.recordsOut, 2);
    assert.equal(merged.duplicatesRemoved, 0);
  });
});
