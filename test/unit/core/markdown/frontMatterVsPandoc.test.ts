/**
 * The front matter reader compared with pandoc 3.10 (pandoc-wasm): for each metadata block, whether
 * pandoc rejects it ("Error parsing YAML metadata") must match whether the reader reports YAML errors,
 * and the bibliography pandoc reads (its `bibliography` metadata, as plain text) must equal the
 * reader's paths. The blocks are the YAML forms people write in review drafts, the ones the old line
 * reader gave up on (block scalars, anchors, nested mappings), and the invalid ones. pandoc reads
 * metadata values as Markdown; `-smart` keeps it from curling the apostrophe of `it's.ris`.
 */
import * as assert from 'node:assert/strict';
import { parseFrontMatter } from '../../../../src/core/markdown/frontMatter';
import { loadPandoc, type PandocWasm } from '../../helpers/pandoc';

const BLOCKS: readonly string[] = [
  'bibliography: refs.ris',
  'bibliography: "my refs.ris"',
  "bibliography: 'it''s.ris'",
  'bibliography: [a.ris, "b c.ris"]',
  'bibliography:\n  - a.ris\n  - sub/b.ris # comment',
  'bibliography:\n- a.ris\n- b.ris',
  'bibliography:\n\t- tab.ris',
  'bibliography: |\n  block.ris',
  'bibliography: >-\n  folded.ris',
  'bibliography: &lib refs.ris\ntitle: T',
  'files: &lib [a.ris, b.ris]\nbibliography: *lib',
  'author:\n  - name: A\n    affiliation: [X, Y]\nbibliography: nested.ris',
  'bibliography: a.ris\nbibliography: last.ris',
  'bibliography: "unclosed',
  'bibliography: [a.ris',
  'bibliography: *missing',
  'title: a: b\nbibliography: a.ris',
  'title: "x" y\nbibliography: a.ris',
  'title:\n  - a\n b: c\nbibliography: a.ris',
];

/** pandoc's metadata value as plain text: strings joined, spaces kept, lists as arrays. */
function plain(value: unknown): unknown {
  const node = value as { t: string; c?: unknown };
  switch (node.t) {
    case 'MetaList':
      return (node.c as unknown[]).map(plain);
    case 'MetaString':
      return node.c;
    case 'MetaInlines':
      return inlines(node.c as unknown[]);
    case 'MetaBlocks':
      return (node.c as { c: unknown[] }[]).map((block) => inlines(block.c)).join('\n');
    default:
      return `<${node.t}>`;
  }
}

function inlines(list: readonly unknown[]): string {
  return list.map((i) => {
    const n = i as { t: string; c?: unknown };
    if (n.t === 'Str') return n.c as string;
    if (n.t === 'Space' || n.t === 'SoftBreak') return ' ';
    return '';
  }).join('');
}

describe('front matter read as pandoc reads it (pandoc-wasm)', function () {
  this.timeout(120_000);
  let pandoc: PandocWasm;
  before(async () => {
    pandoc = await loadPandoc();
  });

  for (const block of BLOCKS) {
    it(JSON.stringify(block), async () => {
      const md = `---\n${block}\n---\n\nText.\n`;
      const result = await pandoc.convert({ from: 'markdown-smart', to: 'json', standalone: true }, md, {});
      const pandocRejects = /Error parsing YAML metadata/.test(result.stderr);
      const front = parseFrontMatter(md);
      assert.ok(front, 'a metadata block');
      assert.equal(front.yamlErrors.length > 0, pandocRejects, `ours: ${front.yamlErrors.map((e) => e.message).join('; ')} | pandoc: ${result.stderr}`);
      if (pandocRejects) {
        assert.equal(front.bibliography, undefined);
        return;
      }
      const meta = (JSON.parse(result.stdout) as { meta: Record<string, unknown> }).meta;
      const theirs = meta.bibliography === undefined ? undefined : plain(meta.bibliography);
      const ours = front.bibliography?.map((e) => e.path);
      assert.deepEqual(ours, theirs === undefined ? undefined : Array.isArray(theirs) ? theirs : [theirs]);
      for (const e of front.bibliography ?? []) assert.ok(md.slice(e.start, e.end).replace(/''/g, "'").includes(e.path.split(' ')[0]), `range of ${e.path}`);
    });
  }
});
