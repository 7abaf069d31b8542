import * as assert from 'node:assert/strict';
import { scanMarkdown } from '../../../../src/core/markdown/citationScanner';
import { metadataDiagnostics } from '../../../../src/core/markdown/metadataDiagnostics';

describe('metadataDiagnostics', () => {
  it('reports each YAML error of every metadata block, inside the block, with a visible range', () => {
    const md = '---\ntitle: "unclosed\n---\n\nText.\n\n---\nbibliography: [a.ris\n...\n\nMore.\n';
    const scan = scanMarkdown(md);
    assert.equal(scan.metadata.length, 2);
    const found = metadataDiagnostics(scan.metadata, 'error');
    assert.ok(found.length >= 2);
    for (const [i, block] of scan.metadata.entries()) {
      const mine = found.filter((d) => d.start >= block.contentStart && d.end <= block.end);
      assert.ok(mine.length > 0, `block ${i}`);
    }
    for (const d of found) {
      assert.equal(d.code, 'ris.invalid-metadata');
      assert.equal(d.severity, 'error');
      assert.ok(d.end > d.start, 'not an empty range');
      assert.match(d.message, /^pandoc cannot read this metadata block/);
    }
  });

  it('reports nothing for valid YAML, for metadata inside code, or when ignored', () => {
    assert.deepEqual(metadataDiagnostics(scanMarkdown('---\nbibliography: |\n  refs.ris\n---\n').metadata, 'error'), []);
    assert.deepEqual(metadataDiagnostics(scanMarkdown('Text\n\n```\n---\ntitle: "x\n---\n```\n').metadata, 'error'), []);
    assert.deepEqual(metadataDiagnostics(scanMarkdown('---\ntitle: "x\n---\n').metadata, 'ignore'), []);
    assert.equal(metadataDiagnostics(scanMarkdown('---\ntitle: "x\n---\n').metadata, 'warning')[0]?.severity, 'warning');
  });
});
