/**
 * Tests of the RIS tag/type tables (src/core/ris/spec): the generated data against the research tables,
 * the lookups, nearestType, hover text and completion order.
 */

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { tagCompletions, typeCompletions } from '../../../../src/core/ris/spec/completion';
import { tagHoverMarkdown, typeHoverMarkdown } from '../../../../src/core/ris/spec/hover';
import {
  allTags,
  allTypes,
  getTagInfo,
  getTypeInfo,
  isKnownTag,
  isKnownType,
  isRepeatableTag,
  isStandardType,
  isVendorTag,
  nearestType,
  suggestTypes,
  tagMeaningForType,
  tagsForType,
} from '../../../../src/core/ris/spec/index';
import { VENDOR_TAGS } from '../../../../src/core/ris/spec/vendorTags';
import { findRepoRoot } from '../../helpers/repo';


const ROOT = findRepoRoot();
/** The research tables the generated module is made from, carried in the repository. */
const SPEC_DIR = path.join(ROOT, 'src/core/ris/spec/tables');
/** The project's shared copy of the same tables, when it is beside the repository. */
const SHARED_SPEC_DIR = path.resolve(ROOT, process.env['RIS_SPEC_DIR'] ?? '../shared/ris-spec');

/** Reads a research table: tab-separated, fields optionally double-quoted with `""` escapes. */
function readTsv(name: string): Record<string, string>[] {
  const text = fs.readFileSync(path.join(SPEC_DIR, name), 'utf8');
  const rows = text
    .split(/\r?\n/)
    .filter((l) => l !== '')
    .map((line) =>
      line.split('\t').map((cell) => (cell.startsWith('"') && cell.endsWith('"') ? cell.slice(1, -1).replace(/""/g, '"') : cell).trim()),
    );
  const [header, ...body] = rows;
  assert.ok(header);
  return body.map((cells) => Object.fromEntries(header.map((h, i) => [h, cells[i] ?? ''])));
}

describe('RIS spec tables', () => {
  describe('generated data', () => {
    it('holds 104 tags and 61 types', () => {
      assert.equal(allTags().length, 104);
      assert.equal(allTypes().length, 61);
    });

    it('keeps generated.ts small', () => {
      const size = fs.statSync(path.join(ROOT, 'src/core/ris/spec/generated.ts')).size;
      assert.ok(size < 60_000, `generated.ts is ${size} bytes`);
    });

    it('reads the main facts of a tag', () => {
      const au = getTagInfo('AU');
      assert.ok(au);
      assert.equal(au.meaning, 'Author (primary)');
      assert.equal(au.status, 'both');
      assert.equal(au.repeatable, true);
      assert.equal(au.pandoc, 'author');
      assert.ok(au.corpusFiles > 100);
      const ad = getTagInfo('ad');
      assert.ok(ad);
      assert.equal(ad.repeatable, false);
      assert.equal(ad.repeatedInPractice, true);
      assert.equal(getTagInfo('A4')?.status, '2011');
      assert.equal(getTagInfo('T1')?.status, 'old');
      assert.equal(getTagInfo('WE')?.status, 'vendor');
    });

    it('reads the per-type meanings, with EndNote sample values turned into labels', () => {
      assert.equal(tagMeaningForType('SE', 'JOUR'), 'Start Page');
      assert.equal(tagMeaningForType('SE', 'CHAP'), 'Chapter');
      assert.equal(tagMeaningForType('M1', 'BOOK'), 'Series Volume');
      assert.equal(tagMeaningForType('PB', 'THES'), 'University');
      assert.equal(tagMeaningForType('AU', 'JOUR'), 'Author');
      assert.equal(tagMeaningForType('KW', 'BOOK'), 'Keywords');
      assert.equal(tagMeaningForType('DO', 'AGGR'), 'DOI');
      assert.equal(tagMeaningForType('RN', 'AGGR'), 'Research Notes');
      assert.equal(tagMeaningForType('IS', 'BOOK'), undefined);
      assert.equal(tagMeaningForType('AU', 'ELEC'), undefined, 'ELEC is not in the per-type table');
      assert.equal(tagsForType('JOUR')?.get('T2'), 'Journal');
      assert.equal(tagsForType('ELEC'), undefined);
    });

    it('reads the facts of a type', () => {
      const jour = getTypeInfo('jour');
      assert.ok(jour);
      assert.equal(jour.name, 'Journal');
      assert.equal(jour.nameOld, 'journal reference');
      assert.equal(jour.inOldSpec && jour.in2011Spec, true);
      assert.equal(jour.pandocType, 'article-journal');
      const web = getTypeInfo('WEB');
      assert.ok(web);
      assert.equal(web.inOldSpec || web.in2011Spec, false);
      assert.equal(web.exportedByEndNote, true);
      assert.match(web.notes, /EndNote exports web pages as WEB/);
      assert.equal(getTypeInfo('UNBILL')?.in2011Spec, false);
      assert.equal(getTypeInfo('CPAPER')?.inOldSpec, false);
    });

    describe('matches the research tables', () => {
      it('carries the tables in the repository', () => {
        for (const name of ['ris-tags.tsv', 'ris-types.tsv', 'ris-tags-by-type-endnote.tsv']) {
          assert.ok(fs.existsSync(path.join(SPEC_DIR, name)), `${name} in ${SPEC_DIR}`);
        }
      });

      // A bare clone has no shared research folder: the copies in the repository are then the only source.
      const sharedSpec = fs.existsSync(path.join(SHARED_SPEC_DIR, 'ris-tags.tsv'));
      if (sharedSpec) it('carries the same tables as the shared research folder', () => {
        for (const name of fs.readdirSync(SHARED_SPEC_DIR).filter((n) => n.endsWith('.tsv'))) {
          assert.equal(fs.readFileSync(path.join(SPEC_DIR, name), 'utf8'), fs.readFileSync(path.join(SHARED_SPEC_DIR, name), 'utf8'), name);
        }
      });

      it('is what scripts/gen-spec.mjs generates from them now', () => {
        const run = spawnSync(process.execPath, [path.join(ROOT, 'scripts/gen-spec.mjs'), '--check'], {
          env: { ...process.env, RIS_SPEC_DIR: SPEC_DIR },
          encoding: 'utf8',
        });
        assert.equal(run.status, 0, run.stderr || run.stdout);
      });

      it('has every tag of ris-tags.tsv with its meaning, value notes and counts', () => {
        const rows = readTsv('ris-tags.tsv');
        assert.equal(rows.length, 104);
        for (const r of rows) {
          const t = getTagInfo(r['tag'] ?? '');
          assert.ok(t, `missing ${r['tag']}`);
          assert.equal(t.meaning, r['meaning']);
          assert.equal(t.valueNotes, r['value_notes']);
          assert.equal(t.pandoc, r['pandoc_reader']);
          assert.equal(t.corpusFiles, Number(r['corpus_files']));
          assert.equal(t.repeatable, (r['repeatable_per_spec'] ?? '').startsWith('yes'));
        }
      });

      it('has every type of ris-types.tsv with its names and lists', () => {
        const rows = readTsv('ris-types.tsv');
        assert.equal(rows.length, 61);
        for (const r of rows) {
          const t = getTypeInfo(r['code'] ?? '');
          assert.ok(t, `missing ${r['code']}`);
          assert.equal(t.name2011 ?? '', r['name_2011 (rispy/2011 list)']);
          assert.equal(t.nameOld ?? '', r['name_old_spec (refdb/RefMan list)']);
          assert.equal(t.inOldSpec, r['in_old_spec'] === 'yes');
          assert.equal(t.in2011Spec, r['in_2011_list'] === 'yes');
          assert.equal(t.notes, r['notes']);
        }
      });

      it('has every cell of ris-tags-by-type-endnote.tsv', () => {
        const fixes: Record<string, string> = {
          'Name1, Author': 'Author',
          'Keyword1, Keyword2, Keyword3': 'Keywords',
          ResearchNotes: 'Research Notes',
          '10.1234/123456': 'DOI',
        };
        const rows = readTsv('ris-tags-by-type-endnote.tsv');
        assert.equal(rows.length, 48);
        let cells = 0;
        for (const r of rows) {
          const type = r['TY'] ?? '';
          for (const [tag, label] of Object.entries(r)) {
            if (tag === 'TY') continue;
            assert.equal(tagMeaningForType(tag, type), label ? (fixes[label] ?? label) : undefined, `${type} ${tag}`);
            if (label) cells++;
          }
        }
        assert.ok(cells > 1500);
      });
    });
  });

  describe('lookups', () => {
    it('knows spec tags and vendor tags, in any case', () => {
      assert.ok(isKnownTag('AU'));
      assert.ok(isKnownTag(' kw '));
      assert.ok(!isKnownTag('XX'));
      assert.ok(!isKnownTag(''));
      assert.ok(isVendorTag('WE'));
      assert.ok(!isVendorTag('AU'));
    });

    it('knows every vendor tag the notes list, with its vendor', () => {
      const expected: Record<string, string> = {
        WE: 'Web of Science', J9: 'Web of Science', JI: 'Web of Science', PU: 'Web of Science',
        PI: 'Web of Science', PA: 'Web of Science', FU: 'Web of Science', FX: 'Web of Science',
        MA: 'Web of Science', VO: 'IEEE Xplore', PP: 'ProQuest', LK: 'Embase', U2: 'Embase', U3: 'Embase',
        H1: 'Citavi', H2: 'Citavi', M4: 'Citavi', TS: 'Citavi', PD: 'Covidence', NS: 'Covidence',
        PG: 'Covidence', AI: 'Ovid', NL: 'Ovid', PT: 'Ovid', CC: 'Cochrane Library', PMID: 'APA PsycNET',
      };
      for (const [tag, vendor] of Object.entries(expected)) {
        assert.ok(isKnownTag(tag), tag);
        assert.deepEqual(getTagInfo(tag)?.vendors, [vendor], tag);
      }
      // U2 and U3 are old-spec tags that Embase fills; the rest are defined by no spec.
      assert.equal(getTagInfo('U2')?.status, 'old');
      for (const v of VENDOR_TAGS) {
        if (v.tag !== 'U2' && v.tag !== 'U3') assert.ok(isVendorTag(v.tag), v.tag);
      }
    });

    it('tells repeatable tags by the spec and by practice', () => {
      for (const t of ['AU', 'A1', 'A2', 'A3', 'A4', 'ED', 'KW', 'UR', 'L1', 'L2', 'L3', 'L4']) {
        assert.ok(isRepeatableTag(t), t);
      }
      for (const t of ['TI', 'PY', 'TY', 'ER', 'AD', 'SN']) assert.ok(!isRepeatableTag(t), t);
      for (const t of ['AD', 'SN', 'N1', 'C3', 'WE']) assert.ok(isRepeatableTag(t, 'practice'), t);
      for (const t of ['TI', 'PY', 'TY', 'XX']) assert.ok(!isRepeatableTag(t, 'practice'), t);
    });

    it('tells known types from standard types', () => {
      assert.ok(isKnownType('JOUR'));
      assert.ok(isKnownType('journ'));
      assert.ok(!isKnownType('JOURNAL'));
      assert.ok(isStandardType('JOUR'));
      assert.ok(isStandardType('UNBILL'));
      for (const c of ['JOURN', 'WEB', 'GRNT', 'UNPD', 'FILM']) assert.ok(!isStandardType(c), c);
    });
  });

  describe('nearestType', () => {
    const cases: [string, string | undefined][] = [
      ['JOUR', 'JOUR'],
      ['jour', 'JOUR'],
      ['JOURN', 'JOUR'],
      ['JOURNAL', 'JOUR'],
      ['Journal Article', 'JOUR'],
      ['JUOR', 'JOUR'],
      ['WEBPAGE', 'ELEC'],
      ['CONFERENCE', 'CONF'],
      ['CONFRENCE', 'CONF'],
      ['CHAPTER', 'CHAP'],
      ['THESIS', 'THES'],
      ['BOK', 'BOOK'],
      ['GRNT', 'GRANT'],
      ['UNPD', 'UNPB'],
      ['WEB', 'WEB'],
      ['REPORT', 'RPRT'],
      ['Dataset', 'DATA'],
      ['XYZ', undefined],
      ['', undefined],
    ];
    for (const [input, expected] of cases) {
      it(`${JSON.stringify(input)} → ${expected ?? 'nothing'}`, () => {
        assert.equal(nearestType(input), expected);
      });
    }

    it('offers both ELEC and WEB for a web page', () => {
      assert.deepEqual(suggestTypes('WEBPAGE', 2), ['ELEC', 'WEB']);
      assert.deepEqual(suggestTypes('CONFERENCE', 2), ['CONF', 'CPAPER']);
    });

    it('only suggests codes of a spec list, or WEB', () => {
      for (const q of ['JOURN', 'FILM', 'GRNT', 'UNPD', 'OTHER', 'WEBSITE']) {
        for (const c of suggestTypes(q, 5)) assert.ok(isStandardType(c) || c === 'WEB', `${q} → ${c}`);
      }
    });
  });

  describe('hover', () => {
    it('describes a tag, with its meaning for the record type', () => {
      const md = tagHoverMarkdown('SE', 'CHAP');
      assert.match(md, /^`SE`: Section/);
      assert.match(md, /In a `CHAP` record: \*\*Chapter\*\*/);
      assert.match(md, /Spec: 2011 spec only/);
      assert.match(md, /Repeatable: no/);
    });

    it('gives repetition, value notes, pandoc and corpus facts', () => {
      const md = tagHoverMarkdown('AU');
      assert.match(md, /Repeatable: yes \(one name per tag line\)/);
      assert.match(md, /Value: "Last, First Middle, Suffix"/);
      assert.match(md, /pandoc: author/);
      assert.match(md, /Seen in \d+ of 146 research-corpus files/);
      assert.doesNotMatch(md, /In a /);
      assert.match(tagHoverMarkdown('AD'), /Repeatable: not in the spec, but exports repeat it \(1152 corpus records\)/);
    });

    it('names the vendor of a vendor tag', () => {
      assert.match(tagHoverMarkdown('WE'), /^`WE`: Web of Science tag: /);
      assert.match(tagHoverMarkdown('VO'), /IEEE Xplore tag: volume/);
      assert.match(tagHoverMarkdown('U2'), /Embase tag: Embase record number/);
      assert.match(tagHoverMarkdown('U2'), /^`U2`: User definable 2/);
    });

    it('says when a tag is unknown, and escapes Markdown', () => {
      assert.match(tagHoverMarkdown('xq'), /^`XQ`: not a known RIS tag/);
      const rp = tagHoverMarkdown('RP');
      assert.match(rp, /IN FILE \\\| NOT IN FILE/);
      assert.doesNotMatch(rp, /<[a-z]/i);
    });

    it('describes a type with its names, lists and pandoc type', () => {
      const md = typeHoverMarkdown('JOUR');
      assert.match(md, /^`JOUR`: Journal/);
      assert.match(md, /Old RefMan spec name: journal reference/);
      assert.match(md, /Lists: old RefMan spec and 2011 spec/);
      assert.match(md, /pandoc: `article-journal`/);
      assert.match(typeHoverMarkdown('ELEC'), /pandoc: no type of its own, read as `misc`/);
      assert.match(typeHoverMarkdown('CPAPER'), /Lists: 2011 spec only/);
    });

    it('points a non-standard code to the standard one', () => {
      const md = typeHoverMarkdown('JOURN');
      assert.match(md, /Lists: neither spec/);
      assert.match(md, /Standard code: `JOUR` \(Journal\)/);
      assert.doesNotMatch(typeHoverMarkdown('WEB'), /Standard code/);
    });

    it('calls an unknown code unknown and suggests the nearest', () => {
      assert.match(typeHoverMarkdown('JOURNAL'), /^`JOURNAL`: not a known RIS type code\. Did you mean `JOUR` \(Journal\)\?/);
      assert.match(typeHoverMarkdown('WEBPAGE'), /`ELEC` \(Web Page\) or `WEB`/);
      assert.match(typeHoverMarkdown('QQQQ'), /No known code is close; `GEN` \(Generic\)/);
    });
  });

  describe('completion', () => {
    it('offers every tag, TY and ER first, then by corpus use', () => {
      const items = tagCompletions();
      assert.equal(items.length, allTags().length);
      assert.deepEqual(items.slice(0, 2).map((i) => i.tag), ['TY', 'ER']);
      const rest = items.slice(2).map((i) => getTagInfo(i.tag)?.corpusFiles ?? 0);
      for (let i = 1; i < rest.length; i++) assert.ok(rest[i - 1]! >= rest[i]!, `order breaks at ${items[i + 2]?.tag}`);
      const sortTexts = items.map((i) => i.sortText);
      assert.deepEqual([...sortTexts].sort(), sortTexts);
      const top = items.slice(0, 12).map((i) => i.tag);
      for (const t of ['AU', 'VL', 'SP', 'PY', 'TI', 'DO']) assert.ok(top.includes(t), `${t} not in ${top.join(' ')}`);
    });

    it('describes a tag for the record type', () => {
      const sp = tagCompletions('BOOK').find((i) => i.tag === 'SP');
      assert.ok(sp);
      assert.equal(sp.detail, 'Number of Pages');
      assert.equal(sp.insertText, 'SP  - ');
      assert.match(sp.documentation, /In a `BOOK` record: \*\*Number of Pages\*\*/);
      assert.equal(tagCompletions().find((i) => i.tag === 'SP')?.detail, getTagInfo('SP')?.meaning);
    });

    it('offers the common types first, then the other spec codes', () => {
      const items = typeCompletions();
      assert.deepEqual(
        items.slice(0, 11).map((i) => i.code),
        ['JOUR', 'BOOK', 'CHAP', 'CONF', 'CPAPER', 'THES', 'RPRT', 'ELEC', 'WEB', 'DATA', 'GEN'],
      );
      const codes = items.map((i) => i.code);
      for (const c of ['JOURN', 'GRNT', 'UNPD', 'FILM']) assert.ok(!codes.includes(c), c);
      assert.ok(codes.includes('UNBILL') && codes.includes('STAND'));
      assert.equal(items.find((i) => i.code === 'JOUR')?.detail, 'Journal');
      const sortTexts = items.map((i) => i.sortText);
      assert.deepEqual([...sortTexts].sort(), sortTexts);
    });
  });
});
