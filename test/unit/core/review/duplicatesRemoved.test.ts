import * as assert from 'node:assert/strict';
import { findDuplicates } from '../../../../src/core/dedup/engine';
import { mergeLibrary } from '../../../../src/core/dedup/mergeLibrary';
import { countDuplicatesRemoved, duplicatesFromProvenance } from '../../../../src/core/review/duplicatesRemoved';
import { parseRis } from '../../../../src/core/ris/parser';

const A = 'TY  - JOUR\nAU  - Litjens, G.\nTI  - A survey on deep learning in medical image analysis\nPY  - 2017\nDO  - 10.1016/j.media.2017.07.005\nER  - \n\nTY  - JOUR\nAU  - Roe, B.\nTI  - Unrelated\nPY  - 2010\nER  - \n';
const B = 'TY  - JOUR\nAU  - Litjens G.\nTI  - A survey on deep learning in medical image analysis.\nPY  - 2017\nDO  - 10.1016/J.MEDIA.2017.07.005\nER  - \n';
const C = 'TY  - JOUR\nAU  - Litjens, Geert\nTI  - A Survey on Deep Learning in Medical Image Analysis\nPY  - 2017\nDO  - https://doi.org/10.1016/j.media.2017.07.005\nER  - \n';

describe('duplicates removed (the PRISMA seam)', () => {
  const searches = [A, B, C].map((t) => parseRis(t));
  const sources = searches.flatMap((doc, i) => doc.records.map((record) => ({ record, file: `s${i}.ris` })));
  const merged = mergeLibrary(sources, findDuplicates(sources.map((s, i) => ({ ref: String(i), record: s.record }))));

  it("reads the count from a deduplicated library's provenance notes", () => {
    const library = parseRis(merged.text);
    assert.equal(duplicatesFromProvenance(library), 2, 'three copies of one article: two removed');
    assert.equal(countDuplicatesRemoved({ searches, library }), merged.duplicatesRemoved);
  });

  it('keeps the provenance count when the searches changed afterwards, so the identity can catch it', () => {
    const library = parseRis(merged.text);
    const grown = [...searches, parseRis('TY  - JOUR\nTI  - Added later\nER  - \n')];
    assert.equal(countDuplicatesRemoved({ searches: grown, library }), 2);
  });

  it('falls back to identified minus library for a library without provenance notes', () => {
    const library = parseRis(A);
    assert.equal(duplicatesFromProvenance(library), undefined);
    assert.equal(countDuplicatesRemoved({ searches, library }), 2);
  });
});
