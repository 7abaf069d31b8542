/**
 * The ```prisma fenced block of the markdown-it plugin: the host's SVG in place of the block, its
 * message (escaped) when the manifest cannot be read, a note while it is computed, other fences
 * unchanged.
 */
import * as assert from 'node:assert/strict';
import MarkdownIt from 'markdown-it';
import { citationsPlugin, prismaBlockHtml, prismaBlockManifest, type MarkdownItLike, type PrismaBlockResult } from '../../../../src/core/markdown/markdownItPlugin';

function render(markdown: string, prisma: (path: string) => PrismaBlockResult | undefined): string {
  const md = new MarkdownIt();
  citationsPlugin(md as unknown as MarkdownItLike, { enabled: () => true, render: () => undefined, prisma: (p) => prisma(p) });
  return md.render(markdown);
}

describe('core/markdown: the prisma block', () => {
  it('names the manifest on its first non-blank line, review.yaml by default', () => {
    assert.equal(prismaBlockManifest('\n  sub/review.yaml \n'), 'sub/review.yaml');
    assert.equal(prismaBlockManifest(''), 'review.yaml');
  });

  it('renders the host SVG in place of the block', () => {
    const asked: string[] = [];
    const html = render('Text\n\n```prisma\nreview.yaml\n```\n', (p) => {
      asked.push(p);
      return { svg: '<svg id="x"></svg>' };
    });
    assert.deepEqual(asked, ['review.yaml']);
    assert.match(html, /<div class="ris-prisma" data-manifest="review.yaml"><svg id="x"><\/svg><\/div>/);
    assert.doesNotMatch(html, /<pre>/);
  });

  it('renders an escaped message when the manifest cannot be read', () => {
    const html = render('```prisma\n<b>.yaml\n```\n', () => ({ message: 'cannot read <b>.yaml' }));
    assert.match(html, /PRISMA flow diagram: cannot read &lt;b&gt;.yaml/);
    assert.doesNotMatch(html, /<b>/);
  });

  it('renders a message, not an exception, when the host throws', () => {
    const html = render('```prisma\n```\n', () => {
      throw new Error('boom');
    });
    assert.match(html, /PRISMA flow diagram: boom/);
  });

  it('says the diagram is being computed while the host has none', () => {
    assert.match(prismaBlockHtml('review.yaml', undefined), /Computing the PRISMA flow diagram of review.yaml/);
  });

  it('leaves other fences as code', () => {
    const html = render('```js\nlet a = 1 < 2;\n```\n', () => ({ svg: '<svg/>' }));
    assert.match(html, /<pre><code class="language-js">let a = 1 &lt; 2;/);
  });
});
