/**
 * Rendering compared with pandoc: the example review draft (`examples/review/draft.md`) and a set of
 * citation forms on hand-made records, formatted by this project (`documentClusters` →
 * `CitationProcessor.render(…, 'text')`, citeproc-js) and by pandoc 3.10 `--citeproc` (pandoc-wasm,
 * citeproc-hs) from the CSL-JSON this project exports (`documentToCsl`), with the same style XML
 * (`builtinStyle(name).xml`). pandoc writes its JSON AST; every `Cite` element's rendered inlines and
 * every entry of the `refs` Div are turned into plain text and compared one by one with ours.
 *
 * Both sides are compared after `normalize`, which only evens out whitespace (see there). Where the
 * two processors disagree and pandoc's side is the wrong one by the CSL specification, the difference
 * is an explicit, named exception (`EXCEPTIONS`): an exact rewrite of pandoc's text into ours, at a
 * given style and place, that must be needed (an exception that no longer applies fails the test, so
 * it goes away when pandoc changes). Keys missing from the bibliography have no CSL rule; they are
 * compared too, since `CitationProcessor` prints them as pandoc does (`(Doe & Roe, 2020; nokey?)`).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CitationProcessor } from '../../../../src/core/csl/citeproc';
import { documentToCsl, type CslItem } from '../../../../src/core/csl/cslItems';
import { builtinStyle } from '../../../../src/core/csl/cslStyles';
import { decodeRisBytes } from '../../../../src/core/ris/decode';
import { Library } from '../../../../src/core/library/referenceLibrary';
import { documentClusters } from '../../../../src/core/markdown/markdownItPlugin';
import type { RisDocument } from '../../../../src/core/ris/model';
import { parseRis } from '../../../../src/core/ris/parser';
import { loadPandoc, type PandocWasm } from '../../helpers/pandoc';
import { findRepoRoot } from '../../helpers/repo';

// ---------------------------------------------------------------------------------------------
// pandoc's JSON AST as plain text

/** A node of pandoc's JSON AST (`{t, c}`), loosely typed. */
interface PandocNode {
  t: string;
  c?: unknown;
}

function isNode(value: unknown): value is PandocNode {
  return typeof value === 'object' && value !== null && typeof (value as { t?: unknown }).t === 'string';
}

function nodes(value: unknown): PandocNode[] {
  return Array.isArray(value) ? value.filter(isNode) : [];
}

/** The `[id, classes, attributes]` of a Div or Span. */
type Attr = [string, string[], [string, string][]];

/**
 * Inlines as the text a reader sees: emphasis, small caps, links and spans keep their text; quotes
 * become curly quotes (pandoc's `Quoted`, where citeproc-js's text output writes the characters);
 * line breaks become spaces. Notes are left out (neither side makes any in these in-text styles).
 */
function inlineText(list: unknown): string {
  let out = '';
  for (const node of nodes(list)) {
    const c = node.c as unknown[];
    switch (node.t) {
      case 'Str':
        out += node.c as string;
        break;
      case 'Space':
      case 'SoftBreak':
      case 'LineBreak':
        out += ' ';
        break;
      case 'Emph':
      case 'Underline':
      case 'Strong':
      case 'Strikeout':
      case 'Superscript':
      case 'Subscript':
      case 'SmallCaps':
        out += inlineText(node.c);
        break;
      case 'Quoted': {
        const double = (c[0] as PandocNode).t === 'DoubleQuote';
        out += `${double ? '“' : '‘'}${inlineText(c[1])}${double ? '”' : '’'}`;
        break;
      }
      case 'Cite':
        out += inlineText(c[1]);
        break;
      case 'Code':
      case 'Math':
        out += c[1] as string;
        break;
      case 'RawInline':
        break;
      case 'Link':
      case 'Image':
      case 'Span':
        out += inlineText(c[1]);
        break;
      case 'Note':
        break;
      default:
        throw new Error(`no text for the inline ${node.t}`);
    }
  }
  return out;
}

/**
 * Blocks as text, joined by a space: pandoc's numeric styles put the number (`csl-left-margin`) and
 * the entry (`csl-right-inline`) in separate Spans (or Divs, in some versions) of one entry.
 */
function blockText(list: unknown): string {
  const parts: string[] = [];
  for (const node of nodes(list)) {
    switch (node.t) {
      case 'Para':
      case 'Plain':
        parts.push(inlineText(node.c));
        break;
      case 'Div':
        parts.push(blockText((node.c as unknown[])[1]));
        break;
      default:
        throw new Error(`no text for the block ${node.t}`);
    }
  }
  return parts.join(' ');
}

/** Every `Cite` of a tree in document order (a depth-first walk), as its rendered text. */
function citeTexts(tree: unknown, out: string[] = []): string[] {
  if (Array.isArray(tree)) {
    for (const x of tree) citeTexts(x, out);
  } else if (isNode(tree)) {
    if (tree.t === 'Cite') out.push(inlineText((tree.c as unknown[])[1]));
    else citeTexts(tree.c, out);
  }
  return out;
}

/** The Div with id `id` in a tree, or undefined. */
function findDiv(tree: unknown, id: string): PandocNode | undefined {
  if (Array.isArray(tree)) {
    for (const x of tree) {
      const found = findDiv(x, id);
      if (found) return found;
    }
  } else if (isNode(tree)) {
    if (tree.t === 'Div' && ((tree.c as unknown[])[0] as Attr)[0] === id) return tree;
    return findDiv(tree.c, id);
  }
  return undefined;
}

/** The entries of the `refs` Div: its child Divs `ref-<key>`, as text. */
function bibliographyEntries(tree: unknown): Entry[] {
  const refs = findDiv(tree, 'refs');
  if (!refs) return [];
  const entries: Entry[] = [];
  for (const child of nodes((refs.c as unknown[])[1])) {
    if (child.t !== 'Div') continue;
    const [attr, blocks] = child.c as [Attr, unknown];
    if (attr[0].startsWith('ref-')) entries.push({ key: attr[0].slice('ref-'.length), text: blockText(blocks) });
  }
  return entries;
}

// ---------------------------------------------------------------------------------------------
// Both renderings

interface Entry {
  key: string;
  text: string;
}

/** A document's citations (document order) and bibliography as plain text. */
interface Rendering {
  citations: string[];
  bibliography: Entry[];
}

/**
 * What is compared: the text with runs of spaces made one and the ends trimmed. That is the only
 * normalisation, and it is there for the joints `blockText` makes (the number block of a numeric
 * entry, which ends in its own Space, joined to the entry with another). Nothing else is touched:
 * no-break spaces (neither side writes any here), punctuation, case, dashes and quotes must agree
 * as they are; with this pandoc and these styles the texts are in fact identical before it.
 */
function normalize(text: string): string {
  return text.replace(/ {2,}/g, ' ').trim();
}

function styleXml(name: string): string {
  const style = builtinStyle(name);
  assert.ok(style, `no built-in style ${name}`);
  return style.xml;
}

/** Our rendering of a Markdown document, as the preview and "Insert Bibliography" make it. */
function ourRendering(markdown: string, style: string, items: readonly CslItem[]): Rendering {
  const byId = new Map(items.map((i) => [i.id, i]));
  const processor = new CitationProcessor(builtinStyle(style) ?? assert.fail(style), { item: (key) => byId.get(key) });
  const rendered = processor.render(documentClusters(markdown), 'text');
  return {
    citations: rendered.citations.map((c) => c.text),
    bibliography: rendered.bibliography.map((e) => ({ key: e.key, text: e.text })),
  };
}

let pandoc: PandocWasm;

/**
 * pandoc's rendering of a Markdown document whose bibliography is `refs.json` (the CSL-JSON items)
 * and style `style.csl` (the same XML as ours).
 */
async function pandocRendering(markdown: string, style: string, items: readonly CslItem[]): Promise<Rendering> {
  const r = await pandoc.convert(
    { from: 'markdown', to: 'json', citeproc: true, bibliography: ['refs.json'], csl: 'style.csl' },
    markdown,
    { 'refs.json': JSON.stringify(items), 'style.csl': styleXml(style) },
  );
  assert.notEqual(r.stdout.trim(), '', `pandoc failed: ${r.stderr}`);
  const ast = JSON.parse(r.stdout) as { blocks: unknown };
  return { citations: citeTexts(ast.blocks), bibliography: bibliographyEntries(ast.blocks) };
}

// ---------------------------------------------------------------------------------------------
// Known differences

/**
 * A difference between citeproc-hs (pandoc) and citeproc-js where pandoc is wrong: in `style`, in
 * the citation or bibliography entry `where` (a key), pandoc's text has `pandoc` where ours has `ours`.
 */
interface Exception {
  readonly name: string;
  readonly why: string;
  readonly style: string;
  readonly place: 'citation' | 'bibliography';
  readonly where: string;
  readonly pandoc: string;
  readonly ours: string;
}

/** The prefix of `Exception.where` for the hand-made citation forms (the citation's index follows). */
const EXTRA = 'extra:';

const EXCEPTIONS: readonly Exception[] = [
  {
    name: 'initialize-with-hyphen="false" on given names already written as initials',
    why:
      'The Vancouver style sets initialize-with-hyphen="false" on <style>, so a compound given name is ' +
      'initialized without its hyphen (CSL 1.0.2, Global Options, "Hyphenation of Initialized Names"): ' +
      'Suk HI. citeproc-hs does so for "Heung-Il" and "H.-I" but keeps the hyphen when the given name ' +
      'is already initials with periods ("H.-I.", as Scopus writes it): Suk H-I. citeproc-js is right.',
    style: 'vancouver',
    place: 'bibliography',
    where: 'shen2017deep',
    pandoc: 'Suk H-I.',
    ours: 'Suk HI.',
  },
];

/**
 * Compares one document's renderings: the same number of citations, the same bibliography keys in
 * the same order, and each citation and entry the same text after `normalize`, pandoc's text first
 * rewritten by the exceptions that match it (`where` is `prefix` + the citation's index from 0, or
 * + the entry's key). Every difference is reported at once; returns what agreed and the exceptions used.
 */
function compare(
  label: string,
  style: string,
  prefix: string,
  ours: Rendering,
  theirs: Rendering,
): { citations: number; entries: number; used: Set<Exception> } {
  const used = new Set<Exception>();
  const fix = (place: Exception['place'], where: string, text: string): string => {
    let out = text;
    for (const e of EXCEPTIONS) {
      if (e.style !== style || e.place !== place || e.where !== prefix + where || !out.includes(e.pandoc)) continue;
      out = out.split(e.pandoc).join(e.ours);
      used.add(e);
    }
    return out;
  };
  const differences: string[] = [];
  assert.equal(ours.citations.length, theirs.citations.length, `${label}: number of citations`);
  let citations = 0;
  ours.citations.forEach((text, i) => {
    const mine = normalize(text);
    const other = normalize(fix('citation', String(i), theirs.citations[i] ?? ''));
    if (mine === other) citations++;
    else differences.push(`${label} citation ${i}: ours ${JSON.stringify(mine)}, pandoc ${JSON.stringify(other)}`);
  });
  assert.deepEqual(ours.bibliography.map((e) => e.key), theirs.bibliography.map((e) => e.key), `${label}: bibliography keys`);
  let entries = 0;
  ours.bibliography.forEach((entry, i) => {
    const mine = normalize(entry.text);
    const other = normalize(fix('bibliography', entry.key, theirs.bibliography[i]?.text ?? ''));
    if (mine === other) entries++;
    else differences.push(`${label} entry ${entry.key}: ours ${JSON.stringify(mine)}, pandoc ${JSON.stringify(other)}`);
  });
  assert.deepEqual(differences, [], `${label}: differences`);
  return { citations, entries, used };
}

/** The exceptions of `style` for the draft (`prefix` '') or the forms (EXTRA) that `used` lacks. */
function unusedExceptions(style: string, prefix: string, used: Set<Exception>): string[] {
  const inScope = (e: Exception): boolean => e.where.startsWith(EXTRA) === (prefix === EXTRA);
  return EXCEPTIONS.filter((e) => e.style === style && inScope(e) && !used.has(e)).map((e) => `${e.name}: ${e.why}`);
}

// ---------------------------------------------------------------------------------------------

const STYLES = ['apa', 'vancouver', 'harvard'] as const;

/** Hand-made records for the citation forms: a journal article with two authors and a book. */
const EXTRA_RIS = [
  'TY  - JOUR',
  'ID  - doe2020',
  'AU  - Doe, Jane',
  'AU  - Roe, Richard A.',
  'TI  - A study of citation forms',
  'T2  - Journal of Citation Studies',
  'J2  - J Cit Stud',
  'PY  - 2020',
  'VL  - 12',
  'IS  - 3',
  'SP  - 101',
  'EP  - 120',
  'DO  - 10.1000/jcs.2020.12',
  'ER  - ',
  '',
  'TY  - BOOK',
  'ID  - smith2018',
  'AU  - Smith, John',
  'TI  - The book of methods',
  'PB  - Academic Press',
  'CY  - London',
  'PY  - 2018',
  'ER  - ',
  '',
].join('\n');

/** One citation form per paragraph. */
const EXTRA_FORMS = [
  '[see @doe2020, pp. 33-35]',
  '[-@doe2020]',
  '@doe2020 [p. 33]',
  '[@doe2020; @smith2018]',
  '[@smith2018, chap. 3]',
  '[@nokey]',
  '@nokey',
  '[@doe2020; @nokey]',
  '@smith2018',
  '[@doe2020, 33]',
  '[@doe2020, p. 33 and passim]',
  '[@doe2020, pp. 33-35, 38]',
  '[@smith2018, sec. 2.3]',
  '[*cf.* @doe2020, fig. 2]',
  '[@doe2020; -@smith2018, p. 7]',
  '[@smith2018; @doe2020]',
  '[@nokey; @doe2020]',
  '[see @nokey, p. 3]',
];

describe('rendering compared with pandoc --citeproc', function () {
  this.timeout(300000);

  before(async () => {
    pandoc = await loadPandoc();
  });

  describe('the example review draft', () => {
    const dir = path.join(findRepoRoot(), 'examples', 'review');
    const draft = fs.readFileSync(path.join(dir, 'draft.md'), 'utf8');
    const bibliography = ['searches/scopus-export.ris', 'searches/pubmed-endnote.ris'];
    const files: { uri: string; doc: RisDocument }[] = bibliography.map((f) => ({
      uri: f,
      doc: parseRis(decodeRisBytes(fs.readFileSync(path.join(dir, f))).text),
    }));
    const library = new Library(files);
    const items = documentToCsl(library.files);
    /** The draft with its front-matter bibliography (the RIS files) replaced by the CSL-JSON. */
    const pandocDraft = draft.replace(/^bibliography:\n(?: {2}- .*\n)+/m, 'bibliography: refs.json\n');

    it('cites only keys of the library, in the order its front matter lists the files', () => {
      assert.ok(draft.includes(`bibliography:\n  - ${bibliography[0]}\n  - ${bibliography[1]}\n`));
      assert.notEqual(pandocDraft, draft);
      const cited = documentClusters(draft).flatMap((c) => c.items.map((i) => i.key));
      assert.ok(cited.length >= 10);
      for (const key of cited) assert.ok(library.byKey(key), `no record for ${key}`);
      assert.deepEqual(items.map((i) => i.id).sort(), library.entries.map((e) => e.key).sort());
    });

    for (const style of STYLES) {
      it(`renders in ${style} as pandoc does`, async () => {
        const ours = ourRendering(draft, style, items);
        const theirs = await pandocRendering(pandocDraft, style, items);
        const result = compare(`draft/${style}`, style, '', ours, theirs);
        assert.deepEqual(unusedExceptions(style, '', result.used), [], 'exceptions that no longer apply');
        assert.equal(result.entries, new Set(documentClusters(draft).flatMap((c) => c.items.map((i) => i.key))).size);
      });
    }
  });

  describe('citation forms on hand-made records', () => {
    const files = [{ uri: 'extra.ris', doc: parseRis(EXTRA_RIS) }];
    const items = documentToCsl(files);
    const markdown = `${EXTRA_FORMS.map((form, i) => `Form ${i + 1}: ${form}.`).join('\n\n')}\n`;

    it('has the records under the keys the forms cite', () => {
      assert.deepEqual(items.map((i) => i.id), ['doe2020', 'smith2018']);
      assert.equal(documentClusters(markdown).length, EXTRA_FORMS.length);
    });

    for (const style of STYLES) {
      it(`renders them in ${style} as pandoc does`, async () => {
        const ours = ourRendering(markdown, style, items);
        const theirs = await pandocRendering(markdown, style, items);
        const result = compare(`forms/${style}`, style, EXTRA, ours, theirs);
        assert.deepEqual(unusedExceptions(style, EXTRA, result.used), [], 'exceptions that no longer apply');
      });
    }
  });
});
