/**
 * The PRISMA 2020 template: the table in code has exactly the template's rows and columns (the copy
 * in test/corpus/prisma, and the shared one when present), and `prismaCsv` fills only column `n`.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { prismaCsv, prismaJson, TEMPLATE_COLUMNS } from '../../../../src/core/review/prismaTemplate';
import { findRepoRoot, sharedDir } from '../../helpers/repo';

/** A small CSV reader (quoted cells with commas and doubled quotes; CRLF or LF). */
function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows;
}

const bundled = path.join(findRepoRoot(), 'test', 'corpus', 'prisma', 'PRISMA2020-template.csv');

describe('review: the PRISMA 2020 template', () => {
  // Declared only beside the shared folder (a bare clone has none, and nothing to compare with).
  const shared = path.join(sharedDir(), 'prisma', 'PRISMA2020-template.csv');
  if (fs.existsSync(shared)) {
    it('the bundled copy is the shared template byte for byte', () => {
      assert.ok(fs.readFileSync(bundled).equals(fs.readFileSync(shared)));
    });
  }

  it('prismaCsv has the template\'s rows and columns, with only column n filled', () => {
    const template = readCsv(fs.readFileSync(bundled, 'utf8'));
    const csv = readCsv(prismaCsv({ database_results: 1043, duplicates: 220, records_screened: 823, database_specific_results: [{ name: 'Scopus', n: 800 }, { name: 'PubMed', n: 243 }], dbr_excluded: [{ name: 'Wrong population', n: 12 }] }));
    assert.deepEqual(template[0], [...TEMPLATE_COLUMNS]);
    assert.equal(csv.length, template.length);
    const nCol = TEMPLATE_COLUMNS.indexOf('n');
    csv.forEach((row, i) => {
      assert.equal(row.length, template[i]!.length, `row ${i} has ${template[i]!.length} columns`);
      assert.deepEqual(row.filter((_, c) => c !== nCol), template[i]!.filter((_, c) => c !== nCol), `row ${i} as in the template but for n`);
    });
    const n = new Map(csv.slice(1).map((r) => [r[0], r[nCol]]));
    assert.equal(n.get('database_results'), '1043');
    assert.equal(n.get('records_screened'), '823');
    assert.equal(n.get('database_specific_results'), 'Scopus, 800; PubMed, 243');
    assert.equal(n.get('dbr_excluded'), 'Wrong population, 12');
    assert.equal(n.get('new_studies'), '0', 'a count nothing gave keeps the template\'s 0');
    assert.equal(n.get('register_specific_results'), '');
  });

  it('prismaJson names the counts by the template\'s data keys', () => {
    const json = prismaJson({ records_excluded: 5, dbr_excluded: [{ name: 'Wrong outcome', n: 3 }] });
    const template = readCsv(fs.readFileSync(bundled, 'utf8'));
    const keys = template.slice(1).map((r) => r[0]).filter((k) => k !== 'NA' && !['identification', 'screening', 'included'].includes(k!));
    assert.deepEqual(Object.keys(json).sort(), [...keys].sort());
    assert.equal(json.records_excluded, 5);
    assert.deepEqual(json.dbr_excluded, [{ name: 'Wrong outcome', n: 3 }]);
    assert.equal(json.new_studies, null);
  });
});
