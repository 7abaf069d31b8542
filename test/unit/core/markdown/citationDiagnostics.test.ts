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

  it('names the document bibliography when the front matter gives it, and reports nothing when ignored', () => {
    const found = citationDiagnostics(scanCitations('[@nope]'), { ...library, source: 'document' }, 'error');
    assert.equal(found[0]!.message, 'No reference in the bibliography of this document has the key `nope`.');
    assert.equal(found[0]!.severity, 'error');
    assert.deepEqual(citationDiagnostics(scanCitations('[@nope]'), library, 'ignore'), []);
  });
});
