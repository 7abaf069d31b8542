/**
 * The fixes of `ris.medline-author-name`: the quick fix on one name, the fix-all of a file and the
 * `fix` rule, each rewriting only the names (every other byte kept) so that the file validates clean
 * for the code; and, with pandoc 3.10 (pandoc-wasm), that pandoc's citation keys stay the same while
 * its CSL items get the family names right.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileFixes, fixesForDiagnostic } from '../../../../src/core/fixes';
import { fileFixRule, fixText } from '../../../../src/core/fixes/fixFile';
import { parseRis } from '../../../../src/core/ris/parser';
import { applyEdits } from '../../../../src/core/text/edits';
import { DiagnosticCode } from '../../../../src/core/validation/codes';
import { validateRis } from '../../../../src/core/validation/validate';
import { loadPandoc, type PandocWasm } from '../../helpers/pandoc';
import { corpusMissing } from '../../helpers/corpus';
import { corpusDir } from '../../helpers/repo';

const CODE = DiagnosticCode.MedlineAuthorName;

const TEXT = [
  'TY  - JOUR',
  'AU  - Griffin DK',
  'AU  - Larkin, D. M.',
  'AU  - van der Berg   JH  ',
  'ED  - Chamberlain JA Jr',
  'TI  - Time lapse: a glimpse into prehistoric genomics',
  'PY  - 2020',
  'ER  - ',
  '',
  'TY  - JOUR',
  'A1  - Brownstein C D',
  'A1  - Adler D.G.',
  'TI  - Second',
  'PY  - 2021',
  'ER  - ',
  '',
].join('\r\n');

const FIXED = [
  'TY  - JOUR',
  'AU  - Griffin, D. K.',
  'AU  - Larkin, D. M.',
  'AU  - van der Berg, J. H.  ',
  'ED  - Chamberlain, Jr, J. A.',
  'TI  - Time lapse: a glimpse into prehistoric genomics',
  'PY  - 2020',
  'ER  - ',
  '',
  'TY  - JOUR',
  'A1  - Brownstein, C. D.',
  'A1  - Adler, D. G.',
  'TI  - Second',
  'PY  - 2021',
  'ER  - ',
  '',
].join('\r\n');

function medlineDiagnostics(text: string): ReturnType<typeof validateRis> {
  return validateRis(parseRis(text)).filter((d) => d.code === CODE);
}

describe('fixes of ris.medline-author-name', () => {
  it('quick fix: rewrites the one name and nothing else', () => {
    const doc = parseRis(TEXT);
    const [d] = medlineDiagnostics(TEXT);
    const fixes = fixesForDiagnostic(doc, d!);
    assert.equal(fixes[0]!.title, 'Write `Griffin, D. K.`');
    assert.equal(fixes[0]!.isPreferred, true);
    assert.equal(applyEdits(TEXT, fixes[0]!.edits), TEXT.replace('AU  - Griffin DK', 'AU  - Griffin, D. K.'));
  });

  it('fix-all: rewrites every name, keeps every other byte, and the file validates clean for the code', () => {
    const doc = parseRis(TEXT);
    const all = fileFixes(doc).find((f) => /MEDLINE form/.test(f.title));
    assert.ok(all, 'a fix-all');
    assert.equal(all.title, 'Rewrite the 5 names in MEDLINE form in this file as `Surname, I. I.`');
    const fixed = applyEdits(TEXT, all.edits);
    assert.equal(fixed, FIXED);
    assert.deepEqual(medlineDiagnostics(fixed), []);
    // Also offered with the quick fix of each diagnostic.
    assert.ok(fixesForDiagnostic(doc, medlineDiagnostics(TEXT)[0]!).some((f) => f.title === all.title));
  });

  it('no fix-all for a single name (the quick fix is the same)', () => {
    const one = 'TY  - JOUR\nAU  - Griffin DK\nER  - \n';
    assert.equal(fileFixes(parseRis(one)).filter((f) => /MEDLINE/.test(f.title)).length, 0);
  });

  it('`ris-references fix` applies it, by default and as --rule medline-author-name', () => {
    assert.deepEqual(fixText(TEXT, [fileFixRule('medline-author-name')!]), { text: FIXED, fixed: [CODE] });
    assert.equal(fixText(TEXT).text, FIXED);
  });

  describe('on the corpus', function () {
    if (corpusMissing()) return;
    it('EPPI-Reviewer and Embase exports: only the name values change', () => {
      for (const file of ['citation-file-formatting/_baseline_eppireviewer.ris', 'asreview/embase.ris']) {
        const text = fs.readFileSync(path.join(corpusDir(), file), 'utf8');
        const fixed = fixText(text, [fileFixRule('medline-author-name')!]).text;
        assert.deepEqual(medlineDiagnostics(fixed), [], file);
        const before = text.split('\n');
        const after = fixed.split('\n');
        assert.equal(after.length, before.length, file);
        let changed = 0;
        for (let i = 0; i < before.length; i++) {
          if (before[i] === after[i]) continue;
          changed++;
          assert.match(before[i]!, /^(?:AU|A[1-4]|ED) {2}- /, `${file}:${i + 1}`);
          assert.equal(after[i]!.slice(0, 6), before[i]!.slice(0, 6), `${file}:${i + 1}`);
        }
        assert.equal(changed, medlineDiagnostics(text).length, file);
      }
    });
  });
});

describe('fixes of ris.medline-author-name, read by pandoc 3.10 (pandoc-wasm)', function () {
  this.timeout(600000);
  let pandoc: PandocWasm;
  before(async () => {
    pandoc = await loadPandoc();
  });

  interface PandocName {
    family?: string;
    given?: string;
    suffix?: string;
    'dropping-particle'?: string;
    'non-dropping-particle'?: string;
  }

  async function pandocItems(text: string): Promise<{ id: string; author?: PandocName[]; editor?: PandocName[] }[]> {
    const r = await pandoc.convert({ from: 'ris', to: 'csljson', 'input-files': ['in.ris'] }, null, {
      'in.ris': new Blob([new TextEncoder().encode(text)]),
    });
    assert.equal(r.stderr.trim(), '');
    return JSON.parse(r.stdout) as { id: string; author?: PandocName[] }[];
  }

  it('keeps the citation keys and gets the family names right', async () => {
    const before = await pandocItems(TEXT);
    const after = await pandocItems(FIXED);
    assert.deepEqual(after.map((i) => i.id), before.map((i) => i.id));
    assert.deepEqual(before.map((i) => i.id), ['Griffin_Larkin_van_2020', 'Brownstein_Adler_2021']);
    // Before: the initials are the family name.
    assert.equal(before[0]!.author![0]!.family, 'DK');
    const family = (n: PandocName): string => [n['dropping-particle'] ?? n['non-dropping-particle'], n.family].filter(Boolean).join(' ');
    assert.deepEqual(after[0]!.author!.map((n) => [family(n), n.given]), [
      ['Griffin', 'D. K.'],
      ['Larkin', 'D. M.'],
      ['van der Berg', 'J. H.'],
    ]);
    assert.deepEqual(after[0]!.editor!.map((n) => [n.family, n.given, n.suffix]), [['Chamberlain', 'J. A.', 'Jr']]);
    assert.deepEqual(after[1]!.author!.map((n) => [n.family, n.given]), [
      ['Brownstein', 'C. D.'],
      ['Adler', 'D. G.'],
    ]);
  });

  it('keeps the keys of the corpus files it fixes', async function () {
    if (!fs.existsSync(path.join(corpusDir(), 'INDEX.tsv'))) this.skip();
    for (const file of ['citation-file-formatting/_baseline_eppireviewer.ris', 'asreview/embase.ris']) {
      const text = fs.readFileSync(path.join(corpusDir(), file), 'utf8');
      const fixed = fixText(text, [fileFixRule('medline-author-name')!]).text;
      assert.notEqual(fixed, text, file);
      const r = await pandoc.convert({ from: 'ris', to: 'csljson', 'input-files': ['in.ris'] }, null, { 'in.ris': new Blob([text]) });
      if (r.stdout.trim() === '') continue; // pandoc rejects the file for another reason
      const ids = (t: string): Promise<string[]> => pandocItems(t).then((items) => items.map((i) => i.id));
      assert.deepEqual(await ids(fixed), await ids(text), file);
    }
  });
});
