/**
 * The review manifest: a valid `review.yaml` read into stages; YAML errors, unknown keys and wrong
 * values as errors at the node they are about; the starter manifest from folder names.
 */
import * as assert from 'node:assert/strict';
import { databaseFromFileName, defaultManifest, starterManifestYaml } from '../../../../src/core/review/defaults';
import { parseManifest } from '../../../../src/core/review/manifest';

const VALID = `title: Deep learning review
searches:
  - database: Scopus
    date: 2024-03-01
    files: searches/scopus.ris
  - register: ClinicalTrials.gov
    files: [registers/ctgov.ris]
  - other: citations
    files: other/snowballing.ris
library: library/deduplicated.ris
screening:
  - screening/rayyan.ris
  - files: [screening/irrelevant.ris]
    list: irrelevant
fulltext:
  - files: fulltext/asreview.ris
    stopped_early: true
included: included/studies.ris
counts:
  dbr_notretrieved_reports: 2
  other_excluded:
    Not a study: 1
`;

describe('review: the manifest', () => {
  it('reads every stage of a valid manifest', () => {
    const { manifest, problems } = parseManifest(VALID);
    assert.deepEqual(problems, []);
    assert.equal(manifest.title, 'Deep learning review');
    assert.deepEqual(manifest.searches.map((s) => [s.kind, s.name, s.method, s.date, s.files]), [
      ['database', 'Scopus', undefined, '2024-03-01', ['searches/scopus.ris']],
      ['register', 'ClinicalTrials.gov', undefined, undefined, ['registers/ctgov.ris']],
      ['other', 'citations', 'citations', undefined, ['other/snowballing.ris']],
    ]);
    assert.equal(manifest.library, 'library/deduplicated.ris');
    assert.deepEqual(manifest.screening.map((d) => [d.files, d.format, d.list]), [
      [['screening/rayyan.ris'], undefined, undefined],
      [['screening/irrelevant.ris'], 'covidence', 'irrelevant'],
    ]);
    assert.equal(manifest.fulltext[0]!.stoppedEarly, true);
    assert.deepEqual(manifest.included, ['included/studies.ris']);
    assert.deepEqual(manifest.counts, { dbr_notretrieved_reports: 2, other_excluded: [{ name: 'Not a study', n: 1 }] });
  });

  it('places an unknown key, a wrong value and a search without a kind at their lines, and keeps the valid parts', () => {
    const text = 'title: T\nsearches:\n  - files: a.ris\nscreenning:\n  - b.ris\ncounts:\n  duplicates: -3\nlibrary: lib.ris\n';
    const { manifest, problems } = parseManifest(text);
    const at = (needle: string): number => text.indexOf(needle);
    const byMessage = (re: RegExp): { start: number } | undefined => problems.find((p) => re.test(p.message))?.range;
    assert.equal(byMessage(/unknown key `screenning`/)?.start, at('screenning'));
    assert.equal(byMessage(/counts\.duplicates/)?.start, at('-3'));
    assert.equal(byMessage(/exactly one of `database`/)?.start, at('files: a.ris'));
    assert.ok(problems.every((p) => p.severity === 'error' && p.code === 'prisma.manifest'));
    assert.equal(manifest.library, 'lib.ris', 'valid keys are still read');
    assert.equal(manifest.searches.length, 1);
  });

  it('reports a YAML syntax error at its place, never throws', () => {
    const { problems, manifest } = parseManifest('searches: [\n  - x\nlibrary: "');
    assert.ok(problems.length > 0);
    assert.match(problems[0]!.message, /^YAML: /);
    assert.deepEqual(manifest.searches, []);
    for (const text of ['', '42', '- a\n- b', 'counts: 3', '\u0000']) assert.doesNotThrow(() => parseManifest(text), text);
  });

  it('asks for the list of a Covidence export', () => {
    const { problems } = parseManifest('screening:\n  - files: c.ris\n    format: covidence\n');
    assert.match(problems[0]!.message, /needs `list:`/);
  });

  it('writes a starter manifest from folder names that reads back without problems', () => {
    const files = ['searches/scopus-export.ris', 'searches/pubmed-endnote.ris', 'screening/rayyan-export.ris', 'library/deduplicated.ris', 'draft.md', 'inbox/x.ris'];
    const yaml = starterManifestYaml(files, 'My review');
    const parsed = parseManifest(yaml);
    assert.deepEqual(parsed.problems, []);
    assert.deepEqual(parsed.manifest.searches.map((s) => [s.name, s.files[0]]), [['PubMed', 'searches/pubmed-endnote.ris'], ['Scopus', 'searches/scopus-export.ris']]);
    assert.equal(parsed.manifest.library, 'library/deduplicated.ris');
    assert.deepEqual(parsed.manifest.screening.map((d) => d.files[0]), ['screening/rayyan-export.ris']);
    assert.equal(parsed.manifest.title, 'My review');
    assert.deepEqual(defaultManifest(files).manifest.searches.length, 2);
    assert.equal(databaseFromFileName('exports/Embase_2024.ris'), 'Embase');
    assert.equal(databaseFromFileName('my-search.ris'), 'my-search');
  });
});
