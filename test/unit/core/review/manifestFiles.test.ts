import * as assert from 'node:assert/strict';
import { parseManifest } from '../../../../src/core/review/manifest';
import { manifestFilePaths, screeningFilePaths } from '../../../../src/core/review/manifestFiles';

describe('core/review/manifestFiles', () => {
  const yaml = [
    'searches:',
    '  - database: Scopus',
    '    files: [a.ris, b.ris]',
    '  - database: PubMed',
    '    files: a.ris',
    'library: lib.ris',
    'screening:',
    '  - screening/rayyan.ris',
    '  - files: [s1.ris, lib.ris]',
    '    format: covidence',
    '    list: irrelevant',
    'fulltext:',
    '  - ft.ris',
    'included: inc.ris',
    '',
  ].join('\n');

  it('lists every named file once, in the manifest order', () => {
    const parsed = parseManifest(yaml);
    assert.deepEqual(parsed.problems, []);
    assert.deepEqual(manifestFilePaths(parsed.manifest), ['a.ris', 'b.ris', 'lib.ris', 'screening/rayyan.ris', 's1.ris', 'ft.ris', 'inc.ris']);
  });

  it('lists the screening files', () => {
    assert.deepEqual(screeningFilePaths(parseManifest(yaml).manifest), ['screening/rayyan.ris', 's1.ris', 'lib.ris']);
  });

  it('names nothing for an empty manifest', () => {
    assert.deepEqual(manifestFilePaths(parseManifest('').manifest), []);
  });
});
