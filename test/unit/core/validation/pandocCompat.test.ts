/**
 * `ris.pandoc-incompatible` against pandoc 3.10 itself (pandoc-wasm, loaded once), in the mode users
 * render with: `pandoc --citeproc --bibliography refs.ris` (not `pandoc -f ris`, which adds a final
 * line break to its input and so accepts a file that ends with `ER  - `).
 * - One test per pandoc rule: a small text pandoc rejects (with the error it prints) and a close one
 *   it accepts; validation reports a rejecting diagnostic of that kind on the first only, and the
 *   diagnostic's own quick fix (and "Make this file readable by pandoc") makes pandoc accept it.
 * - Every file of the corpus (bundled or extended): pandoc rejects it exactly when validation reports a rejecting
 *   pandoc-incompatible diagnostic, and after "Make this file readable by pandoc" pandoc accepts every
 *   file the fix applies to.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { decodeRisBytes } from '../../../../src/core/ris/decode';
import { DiagnosticCode } from '../../../../src/core/validation/codes';
import { applyEdits } from '../../../../src/core/text/edits';
import { fixesForDiagnostic, makeReadableByPandocFix } from '../../../../src/core/fixes';
import { parseRis } from '../../../../src/core/ris/parser';
import { pandocRejects, type PandocProblem, type RisDiagnostic } from '../../../../src/core/validation/diagnostic';
import { validateRis } from '../../../../src/core/validation/validate';
import { corpusDir, corpusKind } from '../../helpers/repo';
import { corpusEntries, corpusMissing } from '../../helpers/corpus';
import { loadPandoc, type PandocWasm } from '../../helpers/pandoc';

let pandoc: PandocWasm;

/** A minimal CSL style (the bibliography prints titles): citeproc is much faster than with the default style. */
const TITLES_CSL = `<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><title>Titles</title><id>titles</id><updated>2024-01-01T00:00:00+00:00</updated></info>
  <citation><layout><text variable="citation-key"/></layout></citation>
  <bibliography><layout><text variable="title"/></layout></bibliography>
</style>`;

type Input = string | Uint8Array;

function bytesOf(input: Input): Uint8Array {
  return typeof input === 'string' ? new TextEncoder().encode(input) : input;
}

/**
 * `pandoc --citeproc --bibliography refs.ris` on a document that cites everything: the rendered
 * bibliography (one title per line) or pandoc's error.
 */
async function bibliography(input: Input): Promise<{ titles: string[] } | { error: string }> {
  const r = await pandoc.convert(
    { from: 'markdown', to: 'plain', citeproc: true, bibliography: ['refs.ris'], csl: 'titles.csl', wrap: 'none' },
    "---\nnocite: '@*'\n---\n",
    { 'refs.ris': new Blob([bytesOf(input)]), 'titles.csl': TITLES_CSL },
  );
  if (r.stderr.trim() !== '') return { error: r.stderr.trim() };
  return { titles: r.stdout.split('\n').filter((l) => l.trim() !== '') };
}

async function accepted(input: Input, what: string): Promise<string[]> {
  const r = await bibliography(input);
  assert.ok(!('error' in r), `pandoc rejects ${what}: ${'error' in r ? r.error : ''}`);
  return r.titles;
}

async function rejected(input: Input, error: RegExp, what: string): Promise<void> {
  const r = await bibliography(input);
  assert.ok('error' in r, `pandoc accepts ${what}`);
  assert.match(r.error, error, what);
}

/** validateRis on the bytes, decoded as the editor and the CLI decode them. */
function pandocDiagnostics(input: Input): RisDiagnostic[] {
  const decoded = decodeRisBytes(bytesOf(input));
  return validateRis(parseRis(decoded.text), { encoding: decoded }).filter((d) => d.code === DiagnosticCode.PandocIncompatible);
}

/** The rejecting pandoc problems validation reports. */
function rejections(input: Input): PandocProblem[] {
  return pandocDiagnostics(input)
    .map((d) => d.data?.pandoc)
    .filter((p): p is PandocProblem => p !== undefined && pandocRejects(p));
}

/**
 * Checks one rule: pandoc rejects each of `bad` with `error` and validation reports `problem` on it;
 * pandoc accepts each of `good` and validation reports no rejection; the quick fix of the diagnostic
 * and "Make this file readable by pandoc" (when `fixable`) make pandoc accept each of `bad`.
 */
async function checkRule(problem: PandocProblem, error: RegExp, bad: readonly Input[], good: readonly Input[], fixable = true): Promise<void> {
  assert.ok(pandocRejects(problem), `${problem} counts as a rejection`);
  for (const input of bad) {
    const what = JSON.stringify(typeof input === 'string' ? input : `${input.length} bytes`);
    await rejected(input, error, what);
    assert.ok(rejections(input).includes(problem), `${problem} reported on ${what}: ${JSON.stringify(rejections(input))}`);
    if (!fixable || typeof input !== 'string') continue;
    const doc = parseRis(input);
    const d = validateRis(doc).find((x) => x.data?.pandoc === problem)!;
    const quick = fixesForDiagnostic(doc, d, { fileWide: false })[0];
    assert.ok(quick, `a quick fix for ${problem} on ${what}`);
    const fixed = applyEdits(input, quick.edits);
    assert.ok(!rejections(fixed).includes(problem), `${problem} gone after "${quick.title}": ${JSON.stringify(fixed)}`);
    if (rejections(fixed).length === 0) await accepted(fixed, `${what} after "${quick.title}"`);
    const all = makeReadableByPandocFix(doc);
    assert.ok(all, `"Make this file readable by pandoc" applies to ${what}`);
    const readable = applyEdits(input, all.edits);
    assert.deepEqual(rejections(readable), [], JSON.stringify(readable));
    await accepted(readable, `${what} made readable`);
  }
  for (const input of good) {
    const what = JSON.stringify(typeof input === 'string' ? input : `${input.length} bytes`);
    await accepted(input, what);
    assert.deepEqual(rejections(input), [], `no rejection reported on ${what}`);
  }
}

function rec(...lines: string[]): string {
  return `TY  - JOUR\n${lines.map((l) => `${l}\n`).join('')}ER  - \n`;
}

describe('pandoc --citeproc --bibliography and ris.pandoc-incompatible (pandoc-wasm)', function () {
  this.timeout(120_000);

  before(async function () {
    this.timeout(60_000);
    pandoc = await loadPandoc();
  });

  describe('one rule at a time: rejected vs accepted', () => {
    it('final-newline: a line feed must follow the last ER line (a bare CR does not count)', async () => {
      await checkRule(
        'final-newline',
        /unexpected end of input/,
        [
          'TY  - JOUR\nTI  - T\nER  - ',
          'TY  - JOUR\r\nTI  - T\r\nER  -',
          'TY  - JOUR\nTI  - T\nER  - \r',
          'TY  - JOUR\nTI  - T\nER  - \r  ',
          // An ER that closes nothing, last: pandoc would add an empty reference, but stops first.
          'TY  - JOUR\nTI  - T\nER  - \nER  - ',
        ],
        ['TY  - JOUR\nTI  - T\nER  - \n', 'TY  - JOUR\r\nTI  - T\r\nER  - \r\n', 'TY  - JOUR\nTI  - T\nER  - \n  \u00a0', 'TY  - JOUR\nTI  - T\nER  - \n\n'],
      );
      // `pandoc -f ris` accepts the same text: it adds the final line break itself.
      const r = await pandoc.convert({ from: 'ris', to: 'csljson', 'input-files': ['in.ris'] }, null, {
        'in.ris': new Blob([bytesOf('TY  - JOUR\nTI  - T\nER  - ')]),
      });
      assert.equal(r.stderr.trim(), '');
    });

    it('separator: only spaces and tabs may surround the hyphen (no NBSP, no em space), except after ER', async () => {
      await checkRule(
        'separator',
        /unexpected '\\(160|8195)'/,
        [rec('AU  -\u00a0Doe'), rec('AU  -\u2003Doe'), rec('SP  -\u00a0'), 'TY  -\u2003JOUR\nTI  - T\nER  - \n'],
        [rec('AU  - \u00a0Doe'), rec('AU  -\tDoe'), rec('AU  -  Doe'), 'TY  - JOUR\nTI  - T\nER  -\u00a0\n'],
      );
    });

    it('continuation: an untagged line, including one that starts with ER but is no ER line', async () => {
      await checkRule(
        'continuation',
        /unexpected '(m|x|\\n|-|K|s|I)'/,
        [rec('AB  - First', 'more'), rec('TI  - T', 'ERx  - y'), rec('TI  - T', 'ER'), rec('TI  - T', 'ER  '), rec('TI  - T', 'ER- x'), rec('TI  - T', 'ERK signalling'), rec('AB  - T', 'ER stress')],
        [rec('AB  - First more'), rec('TI  - T', 'E1  - y'), 'TY  - JOUR\nTI  - T\nER\t-\n', 'TY  - JOUR\nTI  - T\nER  -x\n'],
      );
    });

    it('blank-lines: a blank line inside a record (after ER it is fine)', async () => {
      await checkRule('blank-lines', /unexpected ('\\n'|' ')/, [rec('TI  - T', '', 'PY  - 2001'), rec('TI  - T', '   ', 'PY  - 2001')], [`${rec('TI  - T', 'PY  - 2001')}\n\n${rec('TI  - U')}`]);
    });

    it('leading-blank-lines: blank lines before the first record (a BOM is fine)', async () => {
      await checkRule('leading-blank-lines', /unexpected 'T'/, [`\n${rec('TI  - T')}`, `\ufeff \n${rec('TI  - T')}`], [`\ufeff${rec('TI  - T')}`]);
    });

    it('outside: text before, between or after records', async () => {
      await checkRule(
        'outside',
        /unexpected/,
        [`Provider: JSTOR\n${rec('TI  - T')}`, `${rec('TI  - T')}1.\n${rec('TI  - U')}`, `${rec('TI  - T')}NL  - J Psychol\n`, `${rec('TI  - T')}junk`],
        [`${rec('TI  - T')}  \n\t\n`],
      );
    });

    it('missing-final-end: the last record has no ER', async () => {
      await checkRule('missing-final-end', /unexpected (end of input|'T')/, ['TY  - JOUR\nTI  - T\n', 'TY  - JOUR\nTI  - T'], [rec('TI  - T')]);
    });

    it('tag-line: lower case, indented, long tags and a value glued to the hyphen; odd spacing before the hyphen is fine', async () => {
      await checkRule(
        'tag-line',
        /unexpected/,
        [rec('au  - Doe'), rec('  AU  - Doe'), rec('PMID  - 1'), rec('AU  -Doe'), 'TY  - JOUR\nTI  - T\ner  - \n'],
        ['TY - JOUR\nAU - Doe\nER -\n', 'TY  - JOUR\nA1\t- Name\nTI   -   T\nSP  -\nER  -x\n'],
      );
    });

    it('encoding: a --bibliography must be UTF-8 (Windows-1252 and UTF-16 are rejected; U+FFFD itself is fine)', async () => {
      const text = 'TY  - JOUR\nTI  - M\u00fcller\nER  - \n';
      const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
      const be = Buffer.from(le);
      for (let i = 0; i + 1 < be.length; i += 2) [be[i], be[i + 1]] = [be[i + 1]!, be[i]!];
      await checkRule(
        'encoding',
        /UTF-8 decoding error/,
        [
          Uint8Array.from(Buffer.from(text, 'latin1')),
          Uint8Array.from(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'latin1')])),
          Uint8Array.from(le),
          Uint8Array.from(be),
        ],
        [text, `\ufeff${text}`, rec('TI  - a\ufffdb')],
        false,
      );
    });

    it('cr-line-endings: lines that end with a bare CR (pandoc deletes CRs and reads one long line)', async () => {
      await checkRule('cr-line-endings', /unexpected/, ['TY  - JOUR\rTI  - T\rER  - \r', 'TY  - JOUR\rTI  - T\rER  - \rTY  - JOUR\rTI  - U\rER  - '], ['TY  - JOUR\r\nTI  - T\r\nER  - \r\n']);
    });

    it('not rejections: a missing ER between records, an ER that closes nothing, a bare CR that merges lines', async () => {
      const cases: [PandocProblem, string, string[]][] = [
        // pandoc reads the two records as one reference (the first title wins).
        ['merged-records', 'TY  - JOUR\nTI  - Qa\nTY  - JOUR\nTI  - Qb\nER  - \n', ['Qa']],
        // An extra empty reference (no title).
        ['end-without-start', `${rec('TI  - Qa')}ER  - \n`, ['Qa']],
        // `TI  - Qa\rAU  - B` is one line for pandoc.
        ['stray-cr', 'TY  - JOUR\nTI  - Qa\rAU  - B\nER  - \n', ['QaAU  - B']],
      ];
      for (const [problem, text, titles] of cases) {
        assert.ok(!pandocRejects(problem), problem);
        const got = await accepted(text, problem);
        assert.deepEqual(got.map((t) => t.replace(/\s+/g, ' ').trim()), titles.map((t) => t.replace(/\s+/g, ' ').trim()), problem);
        assert.ok(pandocDiagnostics(text).some((d) => d.data?.pandoc === problem), `${problem} reported`);
        assert.deepEqual(rejections(text), [], problem);
      }
    });
  });

  describe(`real exports (${corpusKind()} corpus)`, function () {
    const dir = corpusDir();
    if (corpusMissing(dir)) return;

    const files = corpusEntries(dir).map((e) => e.file);
    /** The files pandoc rejects, with their text, for the second test. */
    const rejectedFiles: { file: string; text: string }[] = [];
    let checked = 0;

    it('pandoc rejects a file exactly when validation reports a rejecting pandoc-incompatible diagnostic', async function () {
      this.timeout(120_000);
      const mismatches: string[] = [];
      for (const file of files) {
        const bytes = new Uint8Array(fs.readFileSync(path.join(dir, file)));
        const verdict = await bibliography(bytes);
        const ours = [...new Set(rejections(bytes))];
        const pandocSays = 'error' in verdict ? verdict.error.split('\n').slice(0, 2).join(' ') : 'accepted';
        if ('error' in verdict !== ours.length > 0) mismatches.push(`${file}: pandoc ${pandocSays}; validation ${ours.join(', ') || 'no rejection'}`);
        if ('error' in verdict) rejectedFiles.push({ file, text: decodeRisBytes(bytes).text });
        checked++;
      }
      assert.deepEqual(mismatches, []);
      assert.equal(checked, files.length);
      assert.ok(rejectedFiles.length > 0 && rejectedFiles.length < files.length, `${rejectedFiles.length} of ${files.length} rejected`);
    });

    it('after "Make this file readable by pandoc", pandoc accepts every file the fix applies to', async function () {
      this.timeout(120_000);
      assert.equal(checked, files.length, 'every corpus file was judged by pandoc first (see the failures above)');
      const problems: string[] = [];
      const notRis: string[] = [];
      let fixedCount = 0;
      for (const { file, text } of rejectedFiles) {
        const doc = parseRis(text);
        const fix = makeReadableByPandocFix(doc);
        if (fix === undefined) {
          // Only a file without any RIS record (MEDLINE or WoS plain text saved as .ris) has nothing to fix.
          if (doc.records.length === 0) notRis.push(file);
          else problems.push(`${file}: pandoc rejects it, but the fix does not apply`);
          continue;
        }
        const fixed = applyEdits(text, fix.edits);
        fixedCount++;
        const left = rejections(fixed);
        if (left.length > 0) problems.push(`${file}: still reported after the fix: ${[...new Set(left)].join(', ')}`);
        // Saved as UTF-8, as the editor saves it.
        const verdict = await bibliography(fixed);
        if ('error' in verdict) problems.push(`${file}: pandoc still rejects it: ${verdict.error.split('\n').slice(0, 2).join(' ')}`);
      }
      assert.deepEqual(problems, []);
      assert.equal(fixedCount + notRis.length, rejectedFiles.length);
      assert.ok(fixedCount > notRis.length, `${fixedCount} files fixed, ${notRis.length} without records: ${notRis.join(', ')}`);
    });
  });
});
