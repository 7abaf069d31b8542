/**
 * The PRISMA 2020 flow diagram: a well-formed SVG with every box of the layout and its number, the
 * other-methods column only when it has counts, escaped text, and numbers that obey the identities.
 */
import * as assert from 'node:assert/strict';
import { prismaFlowSvg, escapeXml } from '../../../../src/core/review/flowDiagram';
import type { PrismaCounts } from '../../../../src/core/review/prismaTemplate';

const COUNTS: PrismaCounts = {
  database_results: 1043,
  database_specific_results: [{ name: 'Scopus', n: 800 }, { name: 'PubMed & <MEDLINE>', n: 243 }],
  duplicates: 220,
  excluded_automatic: 11,
  excluded_other: 0,
  records_screened: 812,
  records_excluded: 700,
  dbr_sought_reports: 112,
  dbr_notretrieved_reports: 2,
  dbr_assessed: 110,
  dbr_excluded: [{ name: 'Wrong population', n: 60 }, { name: 'Wrong outcome', n: 30 }],
  new_studies: 20,
  total_studies: 20,
  total_reports: 20,
};

/** True when every tag is closed in order and no `<` or `&` stands unescaped in text. */
function wellFormed(svg: string): boolean {
  const stack: string[] = [];
  for (const m of svg.matchAll(/<(\/?)([A-Za-z][\w:-]*)((?:[^>"]|"[^"]*")*?)(\/?)>/g)) {
    if (m[1] === '/') {
      if (stack.pop() !== m[2]) return false;
    } else if (m[4] !== '/') stack.push(m[2]!);
  }
  const text = svg.replace(/<(?:[^>"]|"[^"]*")*>/g, '');
  return stack.length === 0 && !/[<>]/.test(text) && !/&(?!amp;|lt;|gt;|quot;|apos;)/.test(text);
}

/** The text of the box with `data-key` = key. */
function boxText(svg: string, key: string): string {
  const m = new RegExp(`<g class="prisma-box" data-key="${key}">(.*?)</g>`).exec(svg);
  assert.ok(m, `box ${key}`);
  return m[1]!.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim();
}

function number(text: string, label: string): number {
  const m = new RegExp(`${label} \\(n = ([\\d,]+)\\)`).exec(text);
  assert.ok(m, `${label} in ${text}`);
  return Number(m[1]!.replace(/,/g, ''));
}

describe('review: the PRISMA 2020 flow diagram', () => {
  it('draws every box of the databases column with its number, escaped', () => {
    const svg = prismaFlowSvg(COUNTS, { title: 'Review <draft>' });
    assert.ok(wellFormed(svg), 'well-formed XML');
    assert.ok(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"'));
    assert.ok(svg.includes('Review &lt;draft&gt;'));
    assert.match(boxText(svg, 'database_results'), /Databases \(n = 1,043\) Scopus \(n = 800\) PubMed &amp; &lt;MEDLINE&gt; \(n = 243\)/);
    const removed = boxText(svg, 'duplicates');
    const screened = number(boxText(svg, 'records_screened'), 'Records screened');
    assert.equal(screened, number(boxText(svg, 'database_results'), 'Databases') - number(removed, 'Duplicate records removed') - number(removed, 'automation tools') - number(removed, 'other reasons'));
    const sought = number(boxText(svg, 'dbr_sought_reports'), 'Reports sought for retrieval');
    assert.equal(sought, screened - number(boxText(svg, 'records_excluded'), 'Records excluded'));
    const assessed = number(boxText(svg, 'dbr_assessed'), 'Reports assessed for eligibility');
    assert.equal(assessed, sought - number(boxText(svg, 'dbr_notretrieved_reports'), 'Reports not retrieved'));
    const excluded = boxText(svg, 'dbr_excluded');
    assert.match(excluded, /Reports excluded \(n = 90\): Wrong population \(n = 60\) Wrong outcome \(n = 30\)/);
    assert.equal(number(boxText(svg, 'new_studies'), 'Studies included in review'), 20);
    for (const phase of ['identification', 'screening', 'included']) assert.ok(svg.includes(`data-key="${phase}"`), phase);
    assert.ok(!svg.includes('data-key="othstud"'), 'no other-methods column without its counts');
    assert.ok(!svg.includes('previous_studies'));
    assert.equal((svg.match(/marker-end=/g) ?? []).length, 8, 'four arrows down, four to the side boxes');
  });

  it('adds the other-methods column and the previous studies when they have counts; unknown counts show n = ?', () => {
    const svg = prismaFlowSvg({ ...COUNTS, citations_results: 7, other_sought_reports: 7, other_assessed: 6, previous_studies: 4, previous_reports: 5 });
    assert.ok(wellFormed(svg));
    assert.ok(svg.includes('data-key="othstud"'));
    assert.match(boxText(svg, 'website_results'), /Citation searching \(n = 7\)/);
    assert.match(boxText(svg, 'other_notretrieved_reports'), /n = \?/);
    assert.match(boxText(svg, 'previous_studies'), /\(n = 4\)/);
    assert.equal(escapeXml(`a&b<"'>`), 'a&amp;b&lt;&quot;&apos;&gt;');
  });
});
