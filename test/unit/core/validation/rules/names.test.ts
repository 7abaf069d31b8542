/**
 * `ris.medline-author-name`: which name lines it reports (MEDLINE form on name tags only), where, with
 * what suggestion, at which severity, and on the corpus files that have such names.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_SEVERITIES, DiagnosticCode } from '../../../../../src/core/validation/codes';
import { parseRis } from '../../../../../src/core/ris/parser';
import { validateRis } from '../../../../../src/core/validation/validate';
import { corpusMissing } from '../../../helpers/corpus';
import { corpusDir } from '../../../helpers/repo';

const CODE = DiagnosticCode.MedlineAuthorName;

function medline(text: string, severity?: 'info' | 'ignore'): ReturnType<typeof validateRis> {
  const severities = severity === undefined ? undefined : { ...DEFAULT_SEVERITIES, [CODE]: severity };
  return validateRis(parseRis(text), severities === undefined ? {} : { severities }).filter((d) => d.code === CODE);
}

describe('rule ris.medline-author-name', () => {
  const text = [
    'TY  - JOUR',
    'AU  - Griffin DK',
    'AU  - Larkin, D. M.',
    'A2  - van der Berg JH',
    'ED  - Chamberlain JA Jr',
    'AU  - WHO',
    'AU  - IARC Working Group',
    'KW  - DNA',
    'TI  - Time lapse',
    'PY  - 2020',
    'ER  - ',
    '',
  ].join('\n');

  it('reports each name in MEDLINE form on its value, with the rewrite', () => {
    const found = medline(text);
    assert.deepEqual(
      found.map((d) => [text.slice(d.start, d.end), d.data?.suggestion, d.data?.fieldIndex]),
      [
        ['Griffin DK', 'Griffin, D. K.', 1],
        ['van der Berg JH', 'van der Berg, J. H.', 3],
        ['Chamberlain JA Jr', 'Chamberlain, Jr, J. A.', 4],
      ],
    );
    assert.equal(found[0]!.severity, 'warning');
    assert.match(found[0]!.message, /pandoc misreads it \(given name `Griffin`, family name `DK`\).*Write it `Griffin, D\. K\.`/);
    // A lower-case particle: pandoc's reading is not just "the last word", so it is not spelt out.
    assert.doesNotMatch(found[1]!.message, /given name/);
  });

  it("spells out pandoc's reading the same way whatever the spacing between the words", () => {
    const readings = medline('TY  - JOUR\nAU  - Brownstein C D\nAU  - Brownstein  C\tD\nAU  - Øster\u00a0PK\nAU  - ølund PK\nER  - \n').map(
      (d) => /\(given name `([^`]*)`, family name `([^`]*)`\)/.exec(d.message)?.slice(1) ?? 'not spelt out',
    );
    assert.deepEqual(readings, [
      ['Brownstein C', 'D'],
      // Runs of whitespace (a tab, two spaces, a no-break space) are one separator, as pandoc reads them.
      ['Brownstein C', 'D'],
      ['Øster', 'PK'],
      // A lower-case first letter outside ASCII.
      'not spelt out',
    ]);
  });

  it('follows the configured severity', () => {
    assert.deepEqual(medline(text, 'info').map((d) => d.severity), ['info', 'info', 'info']);
    assert.deepEqual(medline(text, 'ignore'), []);
  });

  it('leaves names with a comma, non-name tags and continued values alone', () => {
    assert.deepEqual(medline('TY  - JOUR\nAU  - Griffin, DK\nKW  - Smith JA\nTI  - Li X\nER  - \n'), []);
    assert.deepEqual(medline('TY  - JOUR\nAU  - Griffin DK\nmore text\nER  - \n'), []);
  });

  describe('on the corpus', function () {
    if (corpusMissing()) return;
    const counts: [string, number][] = [
      ['citation-file-formatting/_baseline_eppireviewer.ris', 31],
      ['asreview/embase.ris', 29],
      ['asreview/ris_issue_1099.txt', 3],
      ['rispy/example_empty_tag.ris', 1],
      // A MEDLINE/.nbib file: no RIS record, so no name is checked.
      ['citation-file-formatting/_baseline_pubmed.ris', 0],
      ['citation-file-formatting/_baseline_mendeley.ris', 0],
    ];
    for (const [file, n] of counts) {
      it(`${file}: ${n}`, () => {
        assert.equal(medline(fs.readFileSync(path.join(corpusDir(), file), 'utf8')).length, n);
      });
    }
  });
});
