import * as assert from 'node:assert/strict';
import { citationDiagnostics } from '../../../../src/core/markdown/citationDiagnostics';
import { scanCitations } from '../../../../src/core/markdown/citationScanner';

describe('markdown: citation diagnostics (ris.unknown-citation)', () => {
  const keys = new Set(['doe2020', 'Liu_2021']);
  const library = { has: (k: string) => keys.has(k), source: 'library' } as const;

  it('reports each citation of an unknown key at the citation, in text order', () => {
    const text = 'See @smith2021 and [@doe2020; -@{Liu_2021}; @x1].';
    const found = citationDiagnostics(scanCitations(text), library, 'warning');
    assert.deepEqual(found.map((d) => [d.key, text.slice(d.start, d.end), d.severity, d.code]), [
      ['smith2021', '@smith2021', 'warning', 'ris.unknown-citation'],
      ['x1', '@x1', 'warning', 'ris.unknown-citation'],
    ]);
    assert.equal(found[0]!.message, 'No reference in any RIS file of the workspace has the key `smith2021`.');
  });

  it('says when RIS files of the workspace were not read, where the key may be', () => {
    const one = citationDiagnostics(scanCitations('[@nope]'), { ...library, notRead: 1 }, 'warning');
    assert.equal(one[0]!.message, 'No reference in any RIS file of the workspace has the key `nope`; one RIS file of the workspace is not read, and the References view says why.');
    const two = citationDiagnostics(scanCitations('[@nope]'), { ...library, notRead: 2 }, 'warning');
    assert.equal(two[0]!.message, 'No reference in any RIS file of the workspace has the key `nope`; 2 RIS files of the workspace are not read, and the References view says why.');
    // The front matter's bibliography is what pandoc reads: the workspace's other files do not matter.
    const document = citationDiagnostics(scanCitations('[@nope]'), { ...library, source: 'document', notRead: 2 }, 'warning');
    assert.equal(document[0]!.message, 'No reference in the bibliography of this document has the key `nope`.');
  });

  it('names the document bibliography when the front matter gives it, and reports nothing when ignored', () => {
    const found = citationDiagnostics(scanCitations('[@nope]'), { ...library, source: 'document' }, 'error');
    assert.equal(found[0]!.message, 'No reference in the bibliography of this document has the key `nope`.');
    assert.equal(found[0]!.severity, 'error');
    assert.deepEqual(citationDiagnostics(scanCitations('[@nope]'), library, 'ignore'), []);
  });
});
