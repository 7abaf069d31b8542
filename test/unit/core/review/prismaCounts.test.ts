/**
 * PRISMA 2020 counts on hand-made manifests and files: identification per database, duplicates from
 * the library, screening, full text with reasons, included; overrides; and every identity that does
 * not hold reported with its figures at the manifest line it is about.
 */
import * as assert from 'node:assert/strict';
import { parseManifest } from '../../../../src/core/review/manifest';
import { computePrisma, type LoadedFile } from '../../../../src/core/review/prismaCounts';
import { parseRis } from '../../../../src/core/ris/parser';

/** `n` records, the i-th with the N1 note `note(i)` (none when it returns undefined). */
function records(n: number, note?: (i: number) => string | undefined): string {
  return Array.from({ length: n }, (_, i) => {
    const text = note?.(i);
    return `TY  - JOUR\nTI  - Title ${i}\n${text !== undefined ? `N1  - ${text}\n` : ''}ER  - \n`;
  }).join('\n');
}

const rayyan = (vote: string, reason?: string): string => `RAYYAN-INCLUSION: {"Ann"=>"${vote}"}${reason ? ` | RAYYAN-EXCLUSION-REASONS: ${reason}` : ''}`;

function run(manifest: string, files: Record<string, string>): ReturnType<typeof computePrisma> & { text: string } {
  const read = (p: string): LoadedFile => (files[p] !== undefined ? { doc: parseRis(files[p]!) } : { error: 'no such file' });
  return { ...computePrisma(parseManifest(manifest), read), text: manifest };
}

const MANIFEST = `searches:
  - database: Scopus
    files: scopus.ris
  - database: PubMed
    files: pubmed.ris
library: library.ris
screening:
  - screening.ris
fulltext:
  - fulltext.ris
counts:
  dbr_notretrieved_reports: 1
`;

const FILES = {
  'scopus.ris': records(12),
  'pubmed.ris': records(5),
  'library.ris': records(16),
  // 16 screened: 10 excluded, 6 passed.
  'screening.ris': records(16, (i) => rayyan(i < 10 ? 'Excluded' : 'Included')),
  // 5 assessed (one not retrieved): 2 wrong population, 1 wrong outcome, 2 included.
  'fulltext.ris': records(5, (i) => (i < 2 ? rayyan('Excluded', 'wrong population') : i === 2 ? rayyan('Excluded', 'wrong outcome,other') : rayyan('Included'))),
};

describe('review: PRISMA 2020 counts', () => {
  it('counts every stage of a consistent review, and every identity holds', () => {
    const r = run(MANIFEST, FILES);
    assert.deepEqual(r.problems, []);
    assert.deepEqual(r.counts, {
      database_results: 17,
      database_specific_results: [{ name: 'Scopus', n: 12 }, { name: 'PubMed', n: 5 }],
      duplicates: 1,
      excluded_automatic: 0,
      excluded_other: 0,
      records_screened: 16,
      records_excluded: 10,
      dbr_assessed: 5,
      dbr_excluded: [{ name: 'wrong population', n: 2 }, { name: 'wrong outcome', n: 1 }],
      new_studies: 2,
      dbr_notretrieved_reports: 1,
      dbr_sought_reports: 6,
      new_reports: 2,
      total_studies: 2,
      total_reports: 2,
    });
    assert.deepEqual(r.screening?.byVerdict, { included: 6, excluded: 10, maybe: 0, conflict: 0, unscreened: 0, automatic: 0 });
  });

  it('says "screened ≠ identified − duplicates" at the screening entry when records are missing from it', () => {
    const r = run(MANIFEST, { ...FILES, 'screening.ris': records(14, (i) => (i < 12 ? rayyan(i < 10 ? 'Excluded' : 'Included') : undefined)) });
    const identity = r.problems.filter((p) => p.code === 'prisma.identity');
    const screened = identity.find((p) => p.message.startsWith('screened'));
    assert.equal(screened?.message, 'screened 12 ≠ identified 17 − duplicates 1 (2 records not screened yet)');
    assert.equal(r.text.slice(screened!.range.start, screened!.range.end), '- screening.ris');
    assert.ok(identity.some((p) => p.message === 'the screening files hold 14 records ≠ 16 records in the library'));
    const progress = r.problems.find((p) => p.code === 'prisma.progress');
    assert.equal(progress?.message, '2 of 14 records not screened yet');
    assert.equal(progress?.severity, 'info');
    // Sought follows the files (12 − 10); assessed 5 ≠ sought 2 − not retrieved 1.
    assert.ok(identity.some((p) => p.message === 'assessed 5 ≠ sought 2 − not retrieved 1'), identity.map((p) => p.message).join('\n'));
  });

  it('writes thousands separators, and checks per-database sums and overrides given by hand', () => {
    const r = run('searches:\n  - database: Scopus\n    files: s.ris\ncounts:\n  duplicates: 220\n  records_screened: 812\n  database_results: 1043\n', { 's.ris': records(3) });
    const messages = r.problems.map((p) => p.message);
    assert.ok(messages.includes('screened 812 ≠ identified 1,043 − duplicates 220'), messages.join('\n'));
    assert.ok(messages.includes('database_results 1,043 given here ≠ 3 from the files'));
    assert.ok(messages.includes('identified 1,043 ≠ sum over databases 3'));
    const given = r.problems.find((p) => p.message.startsWith('database_results'))!;
    assert.equal(r.text.slice(given.range.start, given.range.end), '1043');
  });

  it('counts conflicts, automation exclusions (ASReview stopped early) and Covidence lists', () => {
    const manifest = `searches:
  - database: Embase
    files: e.ris
screening:
  - files: asreview.ris
    stopped_early: true
  - files: irrelevant.ris
    list: irrelevant
fulltext:
  - files: included.ris
    list: included
  - files: irrelevant.ris
    list: irrelevant
`;
    const r = run(manifest, {
      'e.ris': records(10),
      'asreview.ris': records(6, (i) => (i < 2 ? 'ASReview_relevant' : i < 4 ? 'ASReview_irrelevant' : 'ASReview_not_seen')),
      'irrelevant.ris': records(3),
      'included.ris': records(2),
    });
    assert.equal(r.counts.excluded_automatic, 2);
    assert.equal(r.counts.records_screened, 7);
    assert.equal(r.counts.records_excluded, 5);
    assert.equal(r.counts.dbr_assessed, 2, 'the irrelevant list never reached full text');
    assert.equal(r.counts.new_studies, 2);
    const conflict = run('screening:\n  - s.ris\n', { 's.ris': records(2, () => 'RAYYAN-INCLUSION: {"Ann"=>"Included", "Bob"=>"Excluded"}') });
    assert.equal(conflict.screening?.byVerdict.conflict, 2);
    assert.ok(conflict.problems.some((p) => p.message === '2 records with conflicting votes to resolve' && p.severity === 'warning'));
  });

  it('reports a file that cannot be read at the entry naming it, and a file without decisions', () => {
    const r = run('searches:\n  - database: X\n    files: missing.ris\nscreening:\n  - plain.ris\n', { 'plain.ris': records(2) });
    const file = r.problems.find((p) => p.code === 'prisma.file')!;
    assert.equal(file.message, 'missing.ris: no such file');
    assert.equal(file.severity, 'error');
    assert.ok(r.problems.some((p) => /plain\.ris: no record carries a decision/.test(p.message)));
    assert.doesNotThrow(() => computePrisma(parseManifest('searches:\n  - database: X\n    files: a.ris\n'), () => {
      throw new Error('boom');
    }));
  });
});
