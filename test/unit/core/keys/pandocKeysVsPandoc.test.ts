/**
 * Compares this project's citation keys with pandoc's own, running pandoc 3.10 compiled to
 * WebAssembly (`pandoc-wasm`, loaded once per file):
 * - generated tricky records, a seeded random set and files with odd structure:
 *   `pandoc -f ris -t csljson --preserve-tabs` ids against `pandocReferences`;
 * - every file of the corpus (bundled or extended) that pandoc accepts, and the count of files it rejects;
 * - bibliographies of several files (`--citeproc --bibliography A --bibliography B`): which records
 *   survive a key shared across files, and that `@key` / `@{key}` from `formatCitationKey` finds
 *   every citable key of every corpus file pandoc accepts.
 *
 * `--preserve-tabs`: pandoc expands tabs in its input files (not in `--bibliography` files), which
 * would change keys such as `Doe_19\t48`.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { assignPandocKeys, pandocReferences } from '../../../../src/core/keys/pandocKeys';
import { bareKeyEnd, citationKeyProblem, citationText, formatCitationKey } from '../../../../src/core/keys/keySyntax';
import { scanCitations } from '../../../../src/core/markdown/citationScanner';
import { decodeRisBytes } from '../../../../src/core/ris/decode';
import type { RisDocument } from '../../../../src/core/ris/model';
import { parseRis } from '../../../../src/core/ris/parser';
import { corpusDir, corpusKind, forCorpus } from '../../helpers/repo';
import { corpusEntries, corpusMissing } from '../../helpers/corpus';
import { loadPandoc, type PandocWasm } from '../../helpers/pandoc';

let pandoc: PandocWasm;

/** pandoc's ids for one RIS file given as bytes or text, or the error when it rejects the file. */
async function pandocIds(input: string | Uint8Array): Promise<{ ids: string[] } | { error: string }> {
  const blob = new Blob([typeof input === 'string' ? new TextEncoder().encode(input) : input]);
  const r = await pandoc.convert(
    { from: 'ris', to: 'csljson', 'input-files': ['in.ris'], 'preserve-tabs': true },
    null,
    { 'in.ris': blob },
  );
  if (r.stderr.trim() !== '' || r.stdout.trim() === '') return { error: r.stderr.trim() };
  return { ids: (JSON.parse(r.stdout) as { id: string }[]).map((x) => x.id) };
}

function ourKeys(text: string): string[] {
  return pandocReferences([{ uri: 'in.ris', doc: parseRis(text) }]).map((r) => r.key);
}

async function assertSameKeys(text: string, what: string): Promise<number> {
  const theirs = await pandocIds(text);
  assert.ok('ids' in theirs, `pandoc rejects ${what}: ${'error' in theirs ? theirs.error : ''}`);
  assert.deepEqual(ourKeys(text), theirs.ids, what);
  return theirs.ids.length;
}

function rec(...lines: string[]): string {
  return `TY  - JOUR\n${lines.map((l) => `${l}\n`).join('')}ER  - \n`;
}

/** At least 40 records with tricky key material, in one file (order matters for duplicates). */
const TRICKY: readonly (readonly string[])[] = [
  ['AU  - Shannon, Claude E.', 'PY  - 1948'],
  ['AU  - Smith, John', 'AU  - Doe, Jane', 'PY  - 2020'],
  ['A1  - Georgiev, G.', 'AU  - Bello, B.', 'A2  - Editor, E.', 'PY  - 2019'],
  ['AU  - Shannon, C.', 'PY  - 1948/07//'],
  ['AU  - Marx, K.', 'Y1  - 2014/06/01', 'PY  - 2014'],
  ['TI  - no author', 'PY  - 2001'],
  ['TI  - nothing'],
  ['AU  - Claude Shannon', 'PY  - 1948'],
  ['AU  - van der Berg, Jan', 'PY  - 2001'],
  ['AU  - World Health Organization', 'PY  - 2020'],
  ['AU  - Doe, J.', 'PY  - n.d.'],
  ['AU  - Doe, J.', 'DA  - 2001/02/03'],
  ['AU  - Smith', 'PY  - 2020'],
  ['AU  - Smith', 'PY  - 2020'],
  ['AU  - Smith', 'PY  - 2020'],
  ['ID  - Smith_2020'],
  ['ID  - Smith_2020a'],
  ['AU  - A. Smith', 'AU  - B. Jones', 'AU  - C. Brown', 'PY  - 2017', 'Y1  - Mar. 2017'],
  ['ID  - 3515', 'AU  - Doe'],
  ['ID  -   my  key  '],
  ['ID  - X1', 'ID  - X2'],
  ['ID  - ', 'AU  - Doe', 'PY  - 1999'],
  ['ID  -', 'ID  - X9', 'AU  - Doe', 'PY  - 1999'],
  ['ID  - X3', 'ID  -'],
  ['AU  - Smith', 'AU  -', 'AU  - Doe', 'PY  - 2020'],
  ['AU  - ,Smith', 'PY  - 2020'],
  ['ED  - Ed', 'A2  - Two', 'A3  - Three', 'A4  - Four', 'PY  - 2000'],
  ['AU  - Müller, Jörg', 'PY  - 2010'],
  ['AU  - 王, 小明', 'PY  - 2020'],
  ['AU  - 𝔄bc, X', 'PY  - 2001'],
  ['AU  - Van\u00a0Der, X', 'PY  - 2020'],
  ['AU  - Van\u3000Der, X', 'PY  - 2020'],
  ['AU\t-\tDoe\t\tX', 'PY  - 19\t48'],
  ['AU  - Van\u2028Der, X', 'PY  - 2020\u2028'],
  ['AU  - Van\ufeffDer, X', 'PY  - 2020\ufeff'],
  ['AU  - Van\u0085Der, X', 'PY  - \u00852020'],
  ['AU  - Doe\u00a0', 'PY  - \u00a02001\u00a0'],
  ['AU  - \u2003Em, X', 'PY  - 2001'],
  ['AU  - -'],
  [...Array.from({ length: 28 }, (_, i) => `AU  - A${i}, X`), 'PY  - 2003'],
  ['Y1  - 2001///', 'AU  - Doe'],
  ['AU  -      Spaces  ,  X', 'PY  -    2001   '],
  ['PY  - 2001', 'AU  - Late'],
  ['AU  - Doe', '12  - a digit tag', 'PY  - 2001'],
  ["AU  - O'Brien, P", 'PY  - 1999'],
  ['ID  - a{b}c'],
  ['ID  - Doe_n.d.'],
  ['AU  - Doe', 'Y1  - 4-8 Aug. 2020'],
  ['AU  - X', 'PY  - 2001', 'PY  - 2002'],
  ['TI  - another nothing'],
  ['ID  - \t tabbed \t'],
  ['TY  - BOOK', 'AU  - Second TY line'],
];

/** Files whose structure pandoc reads in its own way (all accepted by pandoc). */
const STRUCTURES: readonly [string, string][] = [
  ['empty file', ''],
  ['only blank lines', '\n \n\t\n'],
  ['stray ER in the middle', `${rec('AU  - Doe')}ER  - \n${rec('TI  - x')}`],
  ['stray ER first and last', `ER  - \n${rec('AU  - Doe')}ER  - \nER  - \n`],
  ['missing ER before TY', `TY  - JOUR\nAU  - Doe\nTY  - JOUR\nAU  - Roe\nTY  - JOUR\nID  - Z\nER  - \n${rec('AU  - Doe')}`],
  ['tag line before TY (Ovid NL)', `${rec('AU  - Doe')}NL  - x\nTY  - JOUR\nAU  - Roe\nER  - \n`],
  ['ID line before TY', `ID  - early\nTY  - JOUR\nAU  - Roe\nER  - \n`],
  ['record without TY', 'AU  - Doe\nPY  - 2001\nER  - \n'],
  ['bare CR inside a value', 'TY  - JOUR\nAU  - Do\re\nPY  - 2001\nER  - \n'],
  ['bare CR before a tag line', 'TY  - JOUR\nAU  - Doe\rPY  - 2001\nER  - \n'],
  ['CRLF', 'TY  - JOUR\r\nAU  - Doe\r\nPY  - 2001\r\nER  - \r\n'],
  ['BOM and CRLF', '\ufeffTY  - JOUR\r\nAU  - Doe\r\nPY  - 2001\r\nER  - \r\n'],
  ['no final line break', 'TY  - JOUR\nAU  - Doe\nER  - '],
  ['ER without a space', 'TY  - JOUR\nAU  - Doe\nER  -\nTY  - JOUR\nAU  - Doe\nER  -x\n'],
  ['blank lines between records', `${rec('AU  - Doe')}\n  \n\t\n${rec('AU  - Doe')}\n\n`],
  ['odd separators', 'TY   - JOUR\nAU      -      Doe\nPY\t-\t2001\nER  - \n'],
];

/** Files pandoc rejects (the whole bibliography fails); the notes say so, this keeps them honest. */
const REJECTED: readonly [string, string][] = [
  ['continuation line', rec('AU  - Doe', 'continued')],
  ['blank line inside a record', rec('AU  - Doe', '', 'PY  - 2001')],
  ['leading blank line', `\n${rec('AU  - Doe')}`],
  ['lower-case tag', rec('au  - Doe')],
  ['indented tag', rec('  AU  - Doe')],
  ['four-character tag', rec('PMID  - 1')],
  ['value glued to the hyphen', rec('AU  -Doe')],
  ['an em space after the hyphen', rec('AU  -\u2003Doe')],
  ['last record without ER', 'TY  - JOUR\nAU  - Doe\n'],
  ['text after ER', `${rec('AU  - Doe')}junk\n`],
  ['bare CR line endings', 'TY  - JOUR\rAU  - Doe\rER  - \r'],
  ['a line starting with ER that is no ER line', rec('AU  - Doe', 'ERx  - y')],
];

/** A small seeded generator (mulberry32). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Records drawn from small pools, so that keys repeat often. */
function randomRecords(seed: number, count: number): string {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const names = ['Smith, J', 'Smith', 'Doe, J.', 'van Berg, A', 'Müller, K', 'Lee\u00a0Kim', ',x', '', ' Pad , X ', 'A. B.', 'Ng\tW'];
  const dates = ['2020', '2020/01//', 'n.d.', '', ' 2021 ', '2020\u00a0', 'Mar. 2017'];
  const ids = ['', 'k1', 'Smith_2020', 'Smith_2020a', ' spaced id ', 'Doe'];
  let out = '';
  for (let i = 0; i < count; i++) {
    const lines: string[] = [`TI  - Record ${i}`];
    const n = Math.floor(r() * 4);
    for (let a = 0; a < n; a++) lines.push(`${pick(['AU', 'A1', 'AU', 'A2'])}  - ${pick(names)}`);
    const d = Math.floor(r() * 3);
    for (let y = 0; y < d; y++) lines.push(`${pick(['PY', 'Y1', 'PY', 'DA'])}  - ${pick(dates)}`);
    if (r() < 0.25) lines.splice(Math.floor(r() * lines.length), 0, `ID  - ${pick(ids)}`);
    out += rec(...lines);
  }
  return out;
}


/** Citation ids of every `Cite` in a pandoc JSON document, in order. */
function citeIds(json: string): string[] {
  const ids: string[] = [];
  const walk = (x: unknown): void => {
    if (Array.isArray(x)) x.forEach(walk);
    else if (x !== null && typeof x === 'object') {
      const o = x as { t?: string; c?: unknown };
      if (o.t === 'Cite' && Array.isArray(o.c)) for (const c of o.c[0] as { citationId: string }[]) ids.push(c.citationId);
      else Object.values(o).forEach(walk);
    }
  };
  walk((JSON.parse(json) as { blocks: unknown }).blocks);
  return ids;
}

/**
 * A minimal CSL style: citations print the key, the bibliography the title. With it, citeproc is
 * about ten times faster than with the default Chicago style on a 1,000-record file.
 */
const KEYS_CSL = `<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><title>Keys</title><id>keys</id><updated>2024-01-01T00:00:00+00:00</updated></info>
  <citation><layout delimiter="; "><text variable="citation-key"/></layout></citation>
  <bibliography><layout><text variable="title"/></layout></bibliography>
</style>`;

/**
 * Renders `markdown` with the RIS files as bibliography (in the object's key order); returns the
 * output and the citeproc warnings, or pandoc's error.
 */
async function cite(
  markdown: string,
  bibliography: Record<string, string | Blob>,
  to = 'json',
): Promise<{ out: string; warnings: string[] } | { error: string }> {
  const r = await pandoc.convert(
    { from: 'markdown', to, citeproc: true, bibliography: Object.keys(bibliography), csl: 'keys.csl' },
    markdown,
    { ...bibliography, 'keys.csl': KEYS_CSL },
  );
  if (r.stderr.trim() !== '') return { error: r.stderr.trim() };
  return { out: r.stdout, warnings: r.warnings.filter((w) => w.type === 'CiteprocWarning').map((w) => w.message ?? '') };
}

async function citeOk(markdown: string, files: Record<string, string | Blob>, to = 'json'): Promise<{ out: string; warnings: string[] }> {
  const r = await cite(markdown, files, to);
  assert.ok(!('error' in r), 'error' in r ? r.error : '');
  return r;
}

/** The keys of the rendered bibliography entries (`<div id="ref-KEY" class="csl-entry">`) in a JSON document. */
function bibliographyIds(json: string): string[] {
  const ids: string[] = [];
  const walk = (x: unknown): void => {
    if (Array.isArray(x)) x.forEach(walk);
    else if (x !== null && typeof x === 'object') {
      const o = x as { t?: string; c?: unknown };
      if (o.t === 'Div' && Array.isArray(o.c)) {
        const [id, classes] = o.c[0] as [string, string[]];
        if (classes.includes('csl-entry') && id.startsWith('ref-')) ids.push(id.slice(4));
      }
      Object.values(o).forEach(walk);
    }
  };
  walk((JSON.parse(json) as { blocks: unknown }).blocks);
  return ids;
}

describe('citation keys agree with pandoc 3.10 (pandoc-wasm)', function () {
  this.timeout(120_000);

  before(async function () {
    this.timeout(60_000);
    pandoc = await loadPandoc();
  });

  it(`tricky records (${TRICKY.length}) in one file`, async () => {
    assert.ok(TRICKY.length >= 40);
    const n = await assertSameKeys(TRICKY.map((lines) => rec(...lines)).join(''), 'the tricky records');
    assert.equal(n, TRICKY.length);
  });

  it('600 random records with repeated keys (seeded)', async () => {
    const text = randomRecords(20240611, 600);
    await assertSameKeys(text, 'the random records');
    const keys = ourKeys(text);
    assert.ok(keys.some((k) => /_2020[a-z]$/.test(k)), 'duplicates were renamed');
  });

  it('more than 26 duplicates: z, {, |, }, ~, U+007F', async () => {
    await assertSameKeys(rec('AU  - Z').repeat(34), '34 duplicates');
  });

  for (const [name, text] of STRUCTURES) {
    it(`structure: ${name}`, async () => {
      await assertSameKeys(text, name);
    });
  }

  for (const [name, text] of REJECTED) {
    it(`pandoc rejects: ${name}`, async () => {
      const r = await pandocIds(text);
      assert.ok('error' in r, `pandoc accepted ${name}`);
    });
  }

  it('a --bibliography needs a line break after its last ER (pandoc -f ris adds one)', async () => {
    for (const ris of ['TY  - JOUR\nAU  - Doe\nER  - ', 'TY  - JOUR\nAU  - Doe\nER  -', 'TY  - JOUR\nAU  - Doe\nER  - \r']) {
      const r = await cite("---\nnocite: '@*'\n---\n", { 'x.ris': ris });
      assert.ok('error' in r && /unexpected end of input/.test(r.error), JSON.stringify(ris));
      assert.deepEqual(await pandocIds(ris), { ids: ['Doe'] });
    }
    const ok = await citeOk("---\nnocite: '@*'\n---\n", { 'x.ris': 'TY  - JOUR\nAU  - Doe\nER  - \n  ' }, 'json');
    assert.deepEqual(bibliographyIds(ok.out), ['Doe']);
  });

  it('a UTF-8 --bibliography is required: Windows-1252 bytes are rejected', async () => {
    const bytes = Uint8Array.from(Buffer.from('TY  - JOUR\nAU  - M\xfcller, X\nER  - \n', 'latin1'));
    const r = await pandoc.convert(
      { from: 'markdown', to: 'json', citeproc: true, bibliography: ['x.ris'] },
      "---\nnocite: '@*'\n---\n",
      { 'x.ris': new Blob([bytes]) },
    );
    assert.match(r.stderr, /UTF-8 decoding error/);
  });

  it('several files: keys are not renamed across files, the last one with a key wins', async () => {
    const a = rec('AU  - Smith', 'PY  - 2020', 'TI  - Qa0') + rec('AU  - Smith', 'PY  - 2020', 'TI  - Qa1') + rec('ID  - own', 'TI  - Qa2');
    const b = rec('AU  - Smith', 'PY  - 2020', 'TI  - Qb0') + rec('AU  - Shannon', 'PY  - 1948/07//', 'TI  - Qb1');
    const c = rec('AU  - Smith', 'PY  - 2020', 'TI  - Qc0') + rec('ID  - own', 'TI  - Qc1') + rec('ID  - own', 'TI  - Qc2');
    const sources: Record<string, string> = { 'a.ris': a, 'b.ris': b, 'c.ris': c };
    for (const order of [['a.ris', 'b.ris', 'c.ris'], ['c.ris', 'a.ris', 'b.ris'], ['b.ris', 'c.ris', 'a.ris']]) {
      const docs = order.map((uri) => ({ uri, doc: parseRis(sources[uri]!) }));
      const keyed = assignPandocKeys(docs);
      const files: Record<string, string> = {};
      for (const uri of order) files[uri] = sources[uri]!;
      const { out } = await citeOk("---\nnocite: '@*'\n---\n\nx\n", files, 'html');
      // id="ref-KEY" … title, one entry per surviving key.
      const entries = new Map<string, string>();
      for (const m of out.matchAll(/<div id="ref-([^"]*)" class="csl-entry"[^>]*>([\s\S]*?)<\/div>/g)) entries.set(m[1]!, m[2]!);
      const survivors = keyed.filter((k) => k.shadowedBy === undefined);
      assert.equal(entries.size, survivors.length, `${order.join(',')}: ${[...entries.keys()].join(' ')}`);
      for (const k of keyed) {
        const doc = docs.find((d) => d.uri === k.uri)!.doc;
        const title = doc.records[k.recordIndex]!.fields.find((f) => f.tag === 'TI')!.value;
        const entry = entries.get(k.key);
        assert.ok(entry !== undefined, `${k.key} is in the bibliography`);
        assert.equal(entry.includes(title), k.shadowedBy === undefined, `${order.join(',')}: ${k.uri} ${title} as ${k.key}`);
      }
    }
  });

  it('the bare-key grammar: what pandoc reads after @, bare and in braces, and what the scanner reads', async () => {
    const KEYS = ['*x', '*', '**x', '*_x', '*.x', 'x*y', '_2001', 'Müller_2010', '𝔄bc', 'Doe_n.d.', 'Shannon_1948/07//', 'a://b', 'a:/b',
      'a::b', 'a--b', '-a', 'a.', 'a#1', 'a_b.c-d+e?f<g>h~i%j&k$l', '2023-15354-001', 'a{b}c', 'x²'];
    const problems: string[] = [];
    for (const key of KEYS) {
      const bare = `[@${key}]`;
      const r = await pandoc.convert({ from: 'markdown', to: 'json' }, `${bare}\n\n[${formatCitationKey(key)}]\n`, {});
      const ids = citeIds(r.stdout);
      const end = bareKeyEnd(key, 0);
      const expected = end < 0 ? [key] : [key.slice(0, end), key];
      if (JSON.stringify(ids) !== JSON.stringify(expected)) problems.push(`${key}: pandoc ${JSON.stringify(ids)}, ours ${JSON.stringify(expected)}`);
      const scanned = scanCitations(bare).map((c) => c.key);
      const pandocBare = end < 0 ? [] : ids.slice(0, 1);
      if (key !== '*' && key !== '**x' && JSON.stringify(scanned) !== JSON.stringify(pandocBare)) {
        problems.push(`${key}: scanner ${JSON.stringify(scanned)}, pandoc ${JSON.stringify(pandocBare)}`);
      }
    }
    assert.deepEqual(problems, []);
  });

  describe(`real exports (${corpusKind()} corpus)`, function () {
    const dir = corpusDir();
    if (corpusMissing(dir)) return;

    /**
     * The number of corpus files a `--bibliography` rejects (of the 121 of the extended corpus, or the
     * 84 bundled ones), observed with pandoc 3.10: syntax errors, encodings other than UTF-8, and a last
     * `ER` line without a line break.
     */
    const EXPECTED_REJECTED = forCorpus({ bundled: 39, extended: 61 });
    const corpus = corpusEntries(dir);
    const accepted: { file: string; bytes: Uint8Array; doc: RisDocument }[] = [];
    const rejected: string[] = [];

    it('every file pandoc accepts as --bibliography gets the same keys, and @key finds each', async function () {
      this.timeout(300_000);
      const problems: string[] = [];
      let records = 0;
      for (const entry of corpus) {
        const bytes = new Uint8Array(fs.readFileSync(entry.full));
        const decoded = decodeRisBytes(bytes);
        // `--bibliography` requires UTF-8 (checked above); UTF-16 files fail as well.
        if (decoded.encoding !== 'utf-8' && decoded.encoding !== 'utf-8-bom') {
          rejected.push(`${entry.file} (${decoded.encoding})`);
          continue;
        }
        const doc = parseRis(decoded.text);
        const refs = pandocReferences([{ uri: entry.file, doc }]);
        const citable = [...new Set(refs.map((r) => r.key))].filter((k) => citationKeyProblem(k) === undefined);
        // 1. The real thing: the file as bibliography, every reference listed, every citable key cited.
        const markdown = `---\nnocite: '@*'\n---\n\n${citable.length > 0 ? citationText(citable, 'bracketed') : 'x'}\n`;
        const bib = await cite(markdown, { 'refs.ris': new Blob([bytes]) });
        if ('error' in bib) {
          rejected.push(`${entry.file} (${bib.error.split('\n')[0]})`);
          continue;
        }
        accepted.push({ file: entry.file, bytes, doc });
        records += refs.length;
        const notFound = bib.warnings.filter((w) => /not found/.test(w));
        if (notFound.length > 0) problems.push(`${entry.file}: ${notFound.slice(0, 3).join('; ')}`);
        const cited = citeIds(bib.out);
        if (JSON.stringify(cited) !== JSON.stringify(citable)) problems.push(`${entry.file}: cited ${cited.length} of ${citable.length} keys`);
        const listed = bibliographyIds(bib.out).sort();
        const surviving = refs.filter((r) => r.shadowedBy === undefined).map((r) => r.key).sort();
        if (JSON.stringify(listed) !== JSON.stringify(surviving)) problems.push(`${entry.file}: bibliography lists other keys`);
        // 2. Key by key, in file order: the same reader through `pandoc -f ris -t csljson`.
        const theirs = await pandocIds(bytes);
        if (!('ids' in theirs)) {
          problems.push(`${entry.file}: -f ris rejects it: ${theirs.error}`);
          continue;
        }
        const ours = refs.map((r) => r.key);
        if (JSON.stringify(ours) !== JSON.stringify(theirs.ids)) {
          const i = ours.findIndex((k, j) => k !== theirs.ids[j]);
          problems.push(`${entry.file}: #${i} ours ${JSON.stringify(ours[i])} pandoc ${JSON.stringify(theirs.ids[i])}`);
        }
      }
      assert.deepEqual(problems, []);
      assert.ok(accepted.length > 0 && records >= forCorpus({ bundled: 390, extended: 1000 }), `${accepted.length} files, ${records} records compared`);
    });

    it(`pandoc rejects ${EXPECTED_REJECTED} of the corpus files`, function () {
      assert.equal(accepted.length + rejected.length, corpus.length, 'every corpus file went through pandoc (see the failures above)');
      assert.equal(rejected.length, EXPECTED_REJECTED, `rejected:\n${rejected.join('\n')}`);
    });

    it('uncitable keys of the corpus stay literal text', async function () {
      const uncitable = new Set<string>();
      for (const f of accepted) {
        for (const k of assignPandocKeys([{ uri: f.file, doc: f.doc }])) {
          if (citationKeyProblem(k.key) === 'whitespace') uncitable.add(k.key);
        }
      }
      assert.ok(uncitable.size > 0, 'the corpus has keys with whitespace (IDs, or Y1 values such as `Mar. 2017`)');
      const sample = [...uncitable].slice(0, 20);
      const ris = sample.map((k) => rec(`ID  - ${k}`)).join('');
      const { out } = await citeOk(`${sample.map((k) => `[${formatCitationKey(k)}]`).join(' ')}\n`, { 'refs.ris': ris });
      assert.deepEqual(citeIds(out), []);
    });
  });
});
