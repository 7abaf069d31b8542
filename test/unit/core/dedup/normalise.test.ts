/**
 * The deduplication normalisers and vetoes on hand-written cases: titles (markup, language tags,
 * database notes, Greek letters), authors in every form, pages, journals and their abbreviations,
 * item kinds, and each veto of a pair decision.
 */
import * as assert from 'node:assert/strict';
import { decidePair, hardVeto } from '../../../../src/core/dedup/decide';
import { recordFeatures } from '../../../../src/core/dedup/features';
import { journalKey, sameJournal } from '../../../../src/core/dedup/journals';
import { authorKey, itemKind, pageKey } from '../../../../src/core/dedup/normaliseFields';
import { normaliseTitle, normaliseWords, normaliseWordsJoiningHyphens, squash, stripMarkup, wordsByExpressions } from '../../../../src/core/dedup/normaliseText';
import { parseDedupOptions } from '../../../../src/core/dedup/options';
import { similarityRatio, titleNumbers } from '../../../../src/core/dedup/similarity';
import { parseRis } from '../../../../src/core/ris/parser';
import * as fs from 'node:fs';
import { corpusEntries } from '../../helpers/corpus';
import { bundledCorpusDir } from '../../helpers/repo';
import { seededRandom } from '../../helpers/risSnapshot';

function features(lines: string) {
  return recordFeatures(parseRis(`TY  - JOUR\n${lines.trim().split('\n').map((l) => l.trim()).join('\n')}\nER  - \n`).records[0]!);
}

const OPTIONS = parseDedupOptions({});
const BASE = `AU  - Zuna, R. E.
AU  - Smith, J A
TI  - Efficacy of batroxobin for vascular cognitive impairment in older adults
PY  - 2010
T2  - Journal of Clinical Epidemiology
VL  - 63
SP  - 1297
EP  - 1306`;

describe('dedup: normalisers', () => {
  it('reduces titles: case, accents, punctuation, markup, language tags, notes, Greek letters', () => {
    assert.equal(normaliseTitle('Efficacy of batroxobin. [Chinese]'), 'efficacy of batroxobin');
    assert.equal(normaliseTitle('[Efficacy of batroxobin in stroke].'), 'efficacy of batroxobin in stroke');
    assert.equal(normaliseTitle('Café <i>au</i> lait &amp; TNF-α'), 'cafe au lait tnf alpha');
    assert.equal(normaliseTitle('Café au lait and TNF-alpha'), 'cafe au lait and tnf alpha');
    assert.equal(normaliseTitle('Update on HPV infection. [Review] [33 refs]'), 'update on hpv infection');
    assert.equal(normaliseTitle('Gain of function.[Erratum appears in Proc Natl Acad Sci U S A. 2007;104(25):10749]'), 'gain of function');
    assert.equal(normaliseTitle('A review (Provisional abstract)'), 'a review');
    assert.equal(normaliseTitle('The {\\"o}ffentliche \\textit{Gesundheit}'), 'the offentliche gesundheit');
  });

  it('reduces text character by character as the regular expressions do over the whole text (random text and every corpus name, title and journal)', () => {
    const rnd = seededRandom(20261207);
    // ASCII, accents precomposed and combining, Greek (capital sigma in and at the end of a word),
    // folded letters, ligatures, compatibility forms, a dotted capital I, quotes, CJK, Hangul, an
    // emoji, a mathematical letter (a surrogate pair that is a letter), and lone surrogates.
    const alphabet = [
      ...'aZ09 -.,:;\'`"()[]/\t\n{}_+*&%$#@!?<>=~^|\\\x00\x7f',
      ...'éÉüÜñçøØßæŒðÞłıİ', 'e\u0301', '\u0301', '\u0308',
      ...'αβΣσςΩωοΟ', 'ΣΑΣ', ...'ﬁﬂ²½Ⅻⅻ㎒ｆｕｌｌ', ...'’‘“”ʼ＇',
      ...'中文한국어', '😀', '\u{1D400}', '\ud800', '\udc00',
    ];
    const texts: string[] = ['', ' ', '...', "o'Neil's", 'A  B', '  lead and trail  ', 'x'.repeat(5000), 'ΟΔΥΣΣΕΥΣ', 'Σ-Σ', 'ä'.repeat(3000)];
    // Two halves of a letter (U+1D400) apart, a mark between them: removing the mark pairs them.
    texts.push('x\ud835\u0301\udc00y');
    for (let i = 0; i < 5000; i++) {
      let t = '';
      const n = Math.floor(rnd() * 40);
      for (let k = 0; k < n; k++) t += alphabet[Math.floor(rnd() * alphabet.length)];
      texts.push(t);
    }
    for (const e of corpusEntries(bundledCorpusDir()).filter((x) => fs.existsSync(x.full))) {
      for (const line of fs.readFileSync(e.full, 'utf8').split(/\r?\n|\r/)) {
        if (/^(?:TI|T1|T2|JO|JF|JA|AU|A1|A2|ED) {2}- /.test(line)) texts.push(line.slice(6));
      }
    }
    assert.ok(texts.length > 15_000, `${texts.length} texts`);
    const beyondAscii = texts.filter((t) => [...t].some((c) => c.codePointAt(0)! > 127)).length;
    assert.ok(beyondAscii > 3000, `${beyondAscii} texts with characters above U+007F`);
    for (const t of texts) {
      const words = normaliseWords(t);
      assert.equal(words, wordsByExpressions(t), JSON.stringify(t));
      assert.equal(normaliseWordsJoiningHyphens(t), wordsByExpressions(t.replace(/-/g, '')), JSON.stringify(t));
      assert.equal(squash(words), words.replace(/ /g, ''), JSON.stringify(t));
      assert.equal(squash(t), t.replace(/ /g, ''), JSON.stringify(t));
    }
  });

  it('reads an author as the reading through split words and regular expressions does (every corpus name, and made-up ones)', () => {
    // The reading before it was done in place: the oracle.
    const INITIALS_ONLY = /^[A-Z]{1,3}$/;
    const initialsByWords = (given: string): string => {
      const words = wordsByExpressions(given.replace(/-/g, ' ')).split(' ');
      let out = '';
      for (const w of words) {
        if (w.length === 0) continue;
        if (words.length === 1 && INITIALS_ONLY.test(given.trim())) return given.trim().toLowerCase();
        out += w[0];
      }
      return out;
    };
    const byWords = (value: string): { surname: string; initials: string; words: string[] } | undefined => {
      const text = stripMarkup(value).trim();
      if (text.length === 0) return undefined;
      const comma = text.indexOf(',');
      let surname: string;
      let given: string;
      if (comma > 0) {
        surname = text.slice(0, comma);
        given = text.slice(comma + 1).replace(/,\s*(jr|sr|ii|iii|iv)\.?\s*$/i, '');
      } else {
        const words = text.split(/\s+/);
        const last = words[words.length - 1]!;
        if (words.length > 1 && INITIALS_ONLY.test(last)) [surname, given] = [words.slice(0, -1).join(' '), last];
        else if (words.length > 3 || words.length === 1) [surname, given] = [text, ''];
        else [surname, given] = [last, words.slice(0, -1).join(' ')];
      }
      const s = wordsByExpressions(surname).replace(/ /g, '');
      if (s.length === 0) return undefined;
      return { surname: s, initials: initialsByWords(given), words: wordsByExpressions(text.replace(/-/g, '')).split(' ').filter((w) => w.length > 1) };
    };
    const names = ['Zuna, R. E.', 'Zuna RE', 'Rosemary E. Zuna', 'Wu, Ching-yi', 'Jean-Paul Sartre', 'García-Márquez, J.-P.', 'Doe, J., Jr.', 'O\'Neil, Ä-B', 'ΣΩΚΡΑΤΗΣ', 'Smith, R', 'Smith, Re', '-', 'A-B C-D', 'de la Cruz, M'];
    for (const e of corpusEntries(bundledCorpusDir()).filter((x) => fs.existsSync(x.full))) {
      for (const line of fs.readFileSync(e.full, 'utf8').split(/\r?\n|\r/)) if (/^(?:AU|A1|A2|ED) {2}- /.test(line)) names.push(line.slice(6));
    }
    assert.ok(names.length > 5000, `${names.length} names`);
    for (const name of names) assert.deepEqual(authorKey(name), byWords(name), JSON.stringify(name));
  });

  it('reads authors in any form as surname and initials', () => {
    for (const form of ['Zuna, R E', 'Zuna, R. E.', 'Zuna, Rosemary E.', 'Zuna RE', 'Rosemary E Zuna']) {
      const k = authorKey(form)!;
      assert.equal(k.surname, 'zuna', form);
      assert.equal(k.initials, 're', form);
    }
    assert.deepEqual(authorKey('Griffin DK')!.initials, 'dk');
    assert.equal(authorKey('García-Márquez, J.')!.surname, 'garciamarquez');
    assert.equal(authorKey('World Health Organization Study Group')!.surname, 'worldhealthorganizationstudygroup');
  });

  it('reads page ranges in any form', () => {
    assert.deepEqual(pageKey('1297', '306'), { first: '1297', last: '1306' });
    assert.deepEqual(pageKey('1297–1306', undefined), { first: '1297', last: '1306' });
    assert.deepEqual(pageKey('pp. 012', undefined), { first: '12', last: undefined });
    assert.deepEqual(pageKey('e123', undefined), { first: 'e123', last: undefined });
    assert.deepEqual(pageKey('Suppl', '89'), { first: undefined, last: '89' });
  });

  it('matches journal abbreviations with full titles, and tells different journals apart', () => {
    const same = (a: string, b: string) => sameJournal(journalKey(a)!, journalKey(b)!);
    assert.ok(same('J Clin Epidemiol', 'Journal of Clinical Epidemiology'));
    assert.ok(same('J. Clin. Epidemiol.', 'Journal of Clinical Epidemiology'));
    assert.ok(same('N Engl J Med', 'New England Journal of Medicine'));
    assert.ok(same('Stroke; a journal of cerebral circulation', 'Stroke'));
    assert.ok(same('Drugs & Aging', 'Drugs and Aging'));
    assert.ok(same('Pediatric Transplantation.Conference: 6th Congress of IPTA', 'Pediatric Transplantation'));
    assert.ok(!same('Cancer Prevention Research', 'Clinical Cancer Research'));
    assert.ok(!same('Stroke', 'Canadian Journal of Neurological Sciences'));
  });

  it('recognises errata, replies, comments and retractions by their titles', () => {
    assert.equal(itemKind(normaliseTitle('Erratum: Gain of function mutations')), 'erratum');
    assert.equal(itemKind(normaliseTitle('Eculizumab for aHUS (vol 360, pg 542, 2009)')), 'erratum');
    assert.equal(itemKind(normaliseTitle('Atypical HUS and streptococcus - Reply')), 'reply');
    assert.equal(itemKind(normaliseTitle('Comment on: atypical HUS')), 'comment');
    assert.equal(itemKind(normaliseTitle('Retraction notice')), 'retraction');
    assert.equal(itemKind(normaliseTitle('Atypical hemolytic uremic syndrome')), 'article');
  });

  it('compares titles with a banded edit distance and sees different numbers', () => {
    assert.equal(similarityRatio('abcdef', 'abcdef'), 1);
    assert.ok(Math.abs(similarityRatio('abcdefghij', 'abcdefghix') - 0.9) < 1e-9);
    assert.equal(similarityRatio('abcdefghij', 'zzzzzzzzzz', 0.85), 0);
    assert.notEqual(titleNumbers('trial part i'), titleNumbers('trial part ii'));
    assert.equal(titleNumbers('laser co 2 conization'), titleNumbers('laser co2 conization'));
  });
});

describe('dedup: pair decisions and vetoes', () => {
  const base = features(BASE);

  it('finds the same article written by another database', () => {
    const other = features(`AU  - Zuna RE
AU  - Smith JA
TI  - Efficacy of batroxobin for vascular cognitive impairment in older adults. [Chinese]
PY  - 2010
T2  - J Clin Epidemiol
VL  - 63
SP  - 1297-306`);
    const v = decidePair(base, other, OPTIONS);
    assert.equal(v.decision, 'duplicate', v.reasons.join(', '));
  });

  it('finds the same DOI in any form', () => {
    const a = features(`${BASE}\nDO  - 10.1016/j.jclinepi.2010.01.001`);
    const b = features(`${BASE}\nUR  - https://doi.org/10.1016/J.JCLINEPI.2010.01.001`);
    assert.deepEqual(decidePair(a, b, OPTIONS).reasons.slice(0, 1), ['same DOI']);
  });

  const vetoes: [string, string, RegExp][] = [
    ['different DOIs', `${BASE}\nDO  - 10.1000/aaa1`, /different DOIs/],
    ['a year more than one apart', BASE.replace('PY  - 2010', 'PY  - 2012'), /years 2010 and 2012/],
    ['different pages', BASE.replace('SP  - 1297', 'SP  - 1400').replace('EP  - 1306', 'EP  - 1410'), /pages/],
    ['another volume of the same journal', BASE.replace('VL  - 63', 'VL  - 64').replace(/SP.*\nEP.*/, ''), /volumes 63 and 64/],
    ['an erratum', BASE.replace('TI  - ', 'TI  - Erratum: ').replace(/SP.*\nEP.*/, ''), /erratum/],
    ['a reply', BASE.replace(/TI {2}- (.*)/, 'TI  - $1 - Reply').replace(/SP.*\nEP.*/, ''), /reply/],
    ['a conference abstract', BASE.replace('T2  - Journal of Clinical Epidemiology', 'T2  - Annual Meeting of the Society for Epidemiologic Research').replace(/SP.*\nEP.*/, ''), /conference/],
    ['a preprint', BASE.replace('T2  - Journal of Clinical Epidemiology', 'T2  - medRxiv').replace(/VL.*\nSP.*\nEP.*/, ''), /preprint/],
  ];
  for (const [what, lines, reason] of vetoes) {
    it(`never takes ${what} for the article`, () => {
      const other = features(lines);
      const withDoi = what === 'different DOIs' ? features(`${BASE}\nDO  - 10.1000/bbb2`) : base;
      const v = decidePair(withDoi, other, OPTIONS);
      assert.equal(v.decision, 'not', `${what}: ${v.reasons.join(', ')}`);
      assert.match(v.veto ?? '', reason);
    });
  }

  it('merges a conference abstract with a journal article only when told to', () => {
    const conf = features(BASE.replace('T2  - Journal of Clinical Epidemiology', 'T2  - Annual Meeting of the Society for Epidemiologic Research'));
    assert.ok(hardVeto(base, conf, OPTIONS) !== undefined);
    assert.equal(hardVeto(base, conf, parseDedupOptions({ keepConferenceAbstractsApart: false })), undefined);
  });

  const ABSTRACT = `AU  - Yablon, S.
AU  - Sherer, M.
AU  - Nakase-Richardson, R.
AU  - Todd, N.
TI  - Amantadine hydrochloride for treatment of symptoms of the posttraumatic confusional state
PY  - 2010
T2  - Archives of Physical Medicine and Rehabilitation
VL  - 91
IS  - 10`;

  it('reads two pages of one meeting abstract (same issue, title, authors) as page-field noise', () => {
    const a = features(`${ABSTRACT}\nSP  - e8\nEP  - e9`);
    const b = features(`${ABSTRACT}\nSP  - e3`);
    assert.equal(hardVeto(a, b, OPTIONS), undefined);
    assert.equal(decidePair(a, b, OPTIONS).decision, 'duplicate');
    // A full paper (more than two pages), another issue, or fewer than three authors: the page veto stands.
    assert.match(hardVeto(a, features(`${ABSTRACT}\nSP  - e3\nEP  - e12`), OPTIONS) ?? '', /pages/);
    assert.match(hardVeto(a, features(`${ABSTRACT.replace('IS  - 10', 'IS  - 11')}\nSP  - e3`), OPTIONS) ?? '', /pages/);
    const two = ABSTRACT.replace(/AU {2}- Nakase.*\nAU {2}- Todd.*\n/, '');
    assert.match(hardVeto(features(`${two}\nSP  - e8`), features(`${two}\nSP  - e3`), OPTIONS) ?? '', /pages/);
  });

  it('sees a citation shifted by a field (volume in IS, issue in SP)', () => {
    const rec = (fields: string) => features(`AU  - Loirat, C.\nTI  - The treatment of atypical hus\nPY  - 2011\nT2  - Pediatric Nephrology.Conference: 44th Annual Meeting of the ESPN\n${fields}`);
    const shifted = rec('IS  - 26\nSP  - 9');
    const right = rec('VL  - 26\nIS  - 9\nSP  - 1746\nEP  - 1746');
    assert.equal(hardVeto(shifted, right, OPTIONS), undefined);
    assert.equal(decidePair(shifted, right, OPTIONS).decision, 'duplicate');
    assert.match(hardVeto(rec('IS  - 26\nSP  - 8'), right, OPTIONS) ?? '', /pages/);
  });

  it('matches a translated title by its full citation only', () => {
    const withTitle = (title: string) => BASE.replace(/TI {2}- .*/, `TI  - ${title}`);
    const original = features(withTitle('Indicaciones y contraindicaciones de la donacion renal de vivo'));
    const bracketed = withTitle('[Indications and contraindications of living-donor kidney transplantation]. [Spanish]');
    assert.equal(decidePair(original, features(bracketed), OPTIONS).decision, 'duplicate');
    assert.equal(decidePair(original, features(bracketed.replace(/EP.*/, '')), OPTIONS).decision, 'not');
    const untranslated = features(withTitle('Indications and contraindications of living-donor kidney transplantation'));
    assert.notEqual(decidePair(original, untranslated, OPTIONS).decision, 'duplicate');
  });

  it('takes a one-page item of the same journal for the printed conference abstract', () => {
    const journal = features(BASE.replace('SP  - 1297', 'SP  - 507').replace('EP  - 1306', 'EP  - 507'));
    const listing = features(BASE.replace('T2  - Journal of Clinical Epidemiology', 'T2  - Journal of Clinical Epidemiology.Conference: 39th Meeting').replace(/VL.*\nSP.*\nEP.*/, ''));
    assert.equal(decidePair(journal, listing, OPTIONS).decision, 'duplicate');
    // A full paper in that journal stays apart from the conference listing.
    assert.notEqual(decidePair(base, listing, OPTIONS).decision, 'duplicate');
  });

  it('validates its options', () => {
    assert.throws(() => parseDedupOptions({ keepPreprintsApart: 'yes' }), /keepPreprintsApart/);
    assert.throws(() => parseDedupOptions({ maxBlockSize: 1 }), /maxBlockSize/);
    assert.equal(parseDedupOptions(undefined).keepConferenceAbstractsApart, true);
  });
});
