/**
 * The decision about one pair of records: `duplicate` (with the reasons a person can check: "same
 * DOI", "title 0.98 + authors + year + pages"), `possible` (a person should look), or `not`.
 *
 * Vetoes come first and are never outweighed: different DOIs, a year more than one apart, different
 * first pages, a different volume of the same journal, different numbers in the titles (`Part I` /
 * `Part II`), an erratum, reply, comment or retraction against anything else, and (by option) a
 * conference abstract against a journal paper or a preprint against a published article. Without
 * a veto, a pair is a duplicate when its title is (nearly) the same and enough of authors, year,
 * journal, volume and pages agree; a sparse record (no pages, no journal) needs more.
 */
import type { RecordFeatures } from './features';
import type { PageKey } from './normaliseFields';
import { sameJournal } from './journals';
import type { DedupOptions } from './options';
import { compareAuthors, similarityRatio, titleContained, titleNumbers } from './similarity';

/** What the engine decides for a pair. */
export type PairDecisionKind = 'duplicate' | 'possible' | 'not';

/** The decision for one pair, with why. */
export interface PairVerdict {
  readonly decision: PairDecisionKind;
  /** Short, human-readable reasons ("same DOI", "title 0.98", "authors", "year", "pages"), or the veto. */
  readonly reasons: readonly string[];
  /** How sure the engine is (higher is surer); orders the links when groups are formed. */
  readonly score: number;
  /** Set when a veto decided the pair: why the two are different works. */
  readonly veto?: string;
}

/** The options the vetoes read. */
export type VetoOptions = Pick<DedupOptions, 'keepConferenceAbstractsApart' | 'keepPreprintsApart'>;

/** Titles at least this similar can be a duplicate. */
const TITLE_DUPLICATE = 0.95;
/** Titles at least this similar can be a possible duplicate. */
const TITLE_POSSIBLE = 0.85;

function samePage(a: string, b: string): boolean {
  return a === b || a.replace(/^e/, '') === b.replace(/^e/, '');
}

/** How a first page is written: a printed page (`1297`), or an article number or e-locator (`e12724`, `a1754`, `s12`). */
function pageStyle(page: string): string {
  const m = /^([a-z]*)(\d+)/.exec(page);
  if (!m) return 'other';
  return m[1]!.length > 0 ? m[1]! : m[2]!.length >= 5 ? 'number' : 'page';
}

/** A page as a number when it is a plain printed page. */
function pageNumber(page: string | undefined): number | undefined {
  return page !== undefined && /^\d{1,5}$/.test(page) ? Number(page) : undefined;
}

/**
 * True when one record's pages lie within the other's range: a database that gives only the last
 * page (`569` for 567–569), or a range whose first page was mistyped but ends on the same page.
 */
function pagesOverlap(a: PageKey, b: PageKey): boolean {
  const af = pageNumber(a.first);
  const bf = pageNumber(b.first);
  const al = pageNumber(a.last) ?? af;
  const bl = pageNumber(b.last) ?? bf;
  if (af === undefined || bf === undefined || al === undefined || bl === undefined) return false;
  if (a.last !== undefined && b.last !== undefined && a.last !== a.first && b.last !== b.first) return al === bl;
  return (af >= bf && al <= bl) || (bf >= af && bl <= al);
}

/** True when two records' first pages are written alike and differ, and neither range holds the other. */
function pagesConflict(a: PageKey, b: PageKey): boolean {
  const pa = a.first;
  const pb = b.first;
  return pa !== undefined && pb !== undefined && !samePage(pa, pb) && pageStyle(pa) === pageStyle(pb) && !pagesOverlap(a, b);
}

/** True when a record's pages are those of an abstract: one page or two (`507`, `e8-e9`). */
function abstractLength(p: PageKey): boolean {
  if (p.first === undefined) return false;
  if (p.last === undefined || p.last === p.first) return true;
  const f = /^([a-z]*)(\d+)$/.exec(p.first);
  const l = /^([a-z]*)(\d+)$/.exec(p.last);
  return f !== null && l !== null && f[1] === l[1] && Number(l[2]) - Number(f[2]) <= 1 && Number(l[2]) >= Number(f[2]);
}

/**
 * One record's citation shifted by a field, as some conference exports write it: no volume, the
 * volume in `IS` and the issue in `SP` (`IS 26`, `SP 9` for volume 26, issue 9, page 1746).
 */
function citationShifted(a: RecordFeatures, b: RecordFeatures): boolean {
  const shifted = (x: RecordFeatures, y: RecordFeatures): boolean =>
    x.volume === undefined && x.issue !== undefined && x.issue === y.volume && x.pages.first !== undefined && x.pages.first === y.issue && (x.pages.last === undefined || x.pages.last === x.pages.first);
  return shifted(a, b) || shifted(b, a);
}

/**
 * True when two records' first pages differ but the page fields cannot be trusted to tell them
 * apart: a citation shifted by a field (see {@link citationShifted}), or two abstract-length items
 * of the same journal, volume, issue (when both give one) and year, with the same long title and
 * the same authors (at least three, 90% shared, the first alike) — the same meeting abstract as
 * two databases paginate the supplement (`e8-e9` / `e3`, abstract-book page / supplement page).
 * A short item or a few authors are not enough: the page veto stands.
 */
function pagesAreNoise(a: RecordFeatures, b: RecordFeatures): boolean {
  if (!journalsMatch(a, b)) return false;
  if (citationShifted(a, b)) return true;
  if (!mayBePaginatedAbstract(a) || !mayBePaginatedAbstract(b)) return false;
  if (a.volume === undefined || a.volume !== b.volume) return false;
  if (a.issue !== undefined && b.issue !== undefined && a.issue !== b.issue) return false;
  if (a.year === undefined || a.year !== b.year) return false;
  if (!abstractLength(a.pages) || !abstractLength(b.pages)) return false;
  if (a.authors.length < 3 || b.authors.length < 3) return false;
  if (a.title.split(' ').length < 6 || titleNumbers(a.title) !== titleNumbers(b.title)) return false;
  const authors = compareAuthors(a.authors, b.authors);
  if (!authors.first || authors.overlap < 0.9) return false;
  return similarityRatio(a.titleKey, b.titleKey, 0.98) >= 0.98;
}

/**
 * True when a record could be one side of {@link pagesAreNoise}'s meeting-abstract case: a journal,
 * volume and year, one or two pages, at least three authors. Only then do the vetoes read its title
 * and authors (see `vetoFeatures.ts`, which keeps them for such records alone). `authorCount`: the
 * number of authors, or an upper bound of it when they are not normalised yet.
 */
export function mayBePaginatedAbstract(f: RecordFeatures, authorCount = f.authors.length): boolean {
  return f.journal !== undefined && f.volume !== undefined && f.year !== undefined && abstractLength(f.pages) && authorCount >= 3;
}

/** The veto that keeps two records apart, or undefined. Cheap: compares titles only for pages that may be noise. */
export function hardVeto(a: RecordFeatures, b: RecordFeatures, options: VetoOptions): string | undefined {
  if (a.doi !== undefined && b.doi !== undefined && a.doi !== b.doi) return `different DOIs (${a.doi}, ${b.doi})`;
  if (a.year !== undefined && b.year !== undefined && Math.abs(a.year - b.year) > 1) return `years ${a.year} and ${b.year}`;
  if (a.kind !== b.kind) return `${article(a.kind)} and ${article(b.kind)}`;
  if (a.doi !== undefined && a.doi === b.doi) return undefined;
  if (pagesConflict(a.pages, b.pages) && !pagesAreNoise(a, b)) return `pages ${a.pages.first} and ${b.pages.first}`;
  if (a.volume !== undefined && b.volume !== undefined && a.volume !== b.volume && a.journal !== undefined && b.journal !== undefined && sameJournal(a.journal, b.journal)) {
    return `volumes ${a.volume} and ${b.volume} of the same journal`;
  }
  // An abstract printed in a journal's supplement, as one database lists it, is not kept apart from
  // the same abstract listed under the journal alone (decidePair then wants the same pages).
  if (options.keepConferenceAbstractsApart && a.conference !== b.conference && !journalsMatch(a, b)) return 'a conference paper or abstract and a journal article';
  if (options.keepPreprintsApart && a.preprint !== b.preprint) return 'a preprint and a published article';
  return undefined;
}

function journalsMatch(a: RecordFeatures, b: RecordFeatures): boolean {
  return a.journal !== undefined && b.journal !== undefined && sameJournal(a.journal, b.journal);
}

function article(kind: string): string {
  return kind === 'article' ? 'an article' : kind === 'erratum' ? 'an erratum' : kind === 'concern' ? 'an expression of concern' : `a ${kind}`;
}

/** Decides one pair (see the module comment). */
export function decidePair(a: RecordFeatures, b: RecordFeatures, options: DedupOptions): PairVerdict {
  const veto = hardVeto(a, b, options);
  if (veto !== undefined) return { decision: 'not', reasons: [veto], score: 0, veto };
  const sameDoi = a.doi !== undefined && a.doi === b.doi;
  const bothTitles = a.titleKey.length > 0 && b.titleKey.length > 0;
  if (sameDoi) {
    const title = bothTitles ? similarityRatio(a.titleKey, b.titleKey) : 0;
    if (!bothTitles || title >= 0.9 || titleContained(a.title, b.title)) {
      return { decision: 'duplicate', reasons: bothTitles ? ['same DOI', `title ${title.toFixed(2)}`] : ['same DOI'], score: 3 + title };
    }
    return { decision: 'possible', reasons: ['same DOI', `but titles differ (${title.toFixed(2)})`], score: 1 };
  }
  if (!bothTitles) return NOT;
  const authors = compareAuthors(a.authors, b.authors);
  const authorsAgree = authors.compared && (authors.first || authors.overlap >= 0.5);
  const authorsConflict = authors.compared && !authorsAgree;
  const sameYear = a.year !== undefined && a.year === b.year;
  const pages = a.pages.first !== undefined && b.pages.first !== undefined && (samePage(a.pages.first, b.pages.first) || pagesOverlap(a.pages, b.pages));
  const volume = a.volume !== undefined && a.volume === b.volume;
  const journal = journalsMatch(a, b);
  // The same citation (journal, volume, first page, year, first author): one article, whatever
  // database added to or cut from its title.
  const citation = journal && volume && pages && (sameYear || a.year === undefined || b.year === undefined);
  const title = similarityRatio(a.titleKey, b.titleKey, citation ? 0.5 : TITLE_POSSIBLE);
  // (Without agreeing authors, a group author against a person's name, only with the same title.)
  if (citation && (authorsAgree ? title >= 0.8 || titleContained(a.title, b.title) : title >= TITLE_DUPLICATE)) {
    return { decision: 'duplicate', reasons: [title >= 0.8 ? `title ${title.toFixed(2)}` : 'title contained in the other', 'same journal, volume and pages', ...(authorsAgree ? ['first author'] : []), ...(sameYear ? ['year'] : [])], score: 1.5 + title };
  }
  // A translated title (MEDLINE's `[…]`) cannot be compared with the original's: the full citation
  // (journal, volume, first and last page, year, first author) says it is the same article.
  if ((a.translated || b.translated) && citation && sameYear && authors.first && fullRangeAgrees(a.pages, b.pages)) {
    return { decision: 'duplicate', reasons: ['translated title', 'same journal, volume, page range and year', 'first author'], score: 1.5 + title };
  }
  if (title < TITLE_POSSIBLE) return NOT;
  if (titleNumbers(a.title) !== titleNumbers(b.title)) {
    const why = 'different numbers in the titles';
    return { decision: 'not', reasons: [why], score: 0, veto: why };
  }
  const reasons = [`title ${title.toFixed(2)}`];
  let evidence = 0;
  if (authorsAgree) {
    reasons.push(authors.overlap >= 0.99 ? 'authors' : `first author${authors.overlap >= 0.5 ? ` + ${Math.round(authors.overlap * 100)}% of authors` : ''}`);
    evidence += authors.first && authors.overlap >= 0.5 ? 2 : 1;
  }
  if (sameYear) {
    reasons.push('year');
    evidence++;
  }
  if (pages) {
    reasons.push('pages');
    evidence += 2;
  }
  if (!pages && pagesConflict(a.pages, b.pages)) reasons.push(citationShifted(a, b) ? 'citation shifted by a field' : 'abstract pages differ');
  if (volume) {
    reasons.push('volume');
    evidence++;
  }
  if (journal) {
    reasons.push('journal');
    evidence++;
  }
  // A long title, the same authors and year, and no field against: the same work.
  const longTitle = a.title.split(' ').length >= 6;
  const score = title + evidence / 10;
  // Two journals named and not the same: the same abstract presented twice, or a mislabelled record.
  const journalsConflict = a.journal !== undefined && b.journal !== undefined && !journal && !(a.conference && b.conference);
  // A journal's one- or two-page item named like the conference listing of the same journal is the
  // abstract as the journal prints it, not a paper.
  const printedAbstract = journal && abstractLength(a.conference ? b.pages : a.pages);
  const conferenceMix = a.conference !== b.conference && options.keepConferenceAbstractsApart && !printedAbstract;
  // Published a year apart (online first, then in print): only when the journal's volume says it is one article.
  // Or a long title, every author the same and nothing against (a thesis and its listing in Dissertation Abstracts).
  const yearOk =
    sameYear ||
    (volume && journal && (pages || authorsAgree)) ||
    (title >= 0.98 && longTitle && authors.first && authors.overlap === 1 && !pagesConflict(a.pages, b.pages) && (a.journal === undefined || b.journal === undefined));
  const duplicate =
    title >= TITLE_DUPLICATE &&
    !authorsConflict &&
    (!journalsConflict || pages) &&
    (!conferenceMix || pages) &&
    yearOk &&
    (authorsAgree ? evidence >= (longTitle ? 3 : 4) : evidence >= 5);
  if (duplicate) return { decision: 'duplicate', reasons, score };
  return { decision: title >= 0.9 || evidence >= 3 ? 'possible' : 'not', reasons, score };
}

/** True when both records give the same first and last page of a range of several pages. */
function fullRangeAgrees(a: PageKey, b: PageKey): boolean {
  return a.first !== undefined && a.last !== undefined && a.last !== a.first && a.first === b.first && a.last === b.last;
}

const NOT: PairVerdict = { decision: 'not', reasons: [], score: 0 };
