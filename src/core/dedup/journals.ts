/**
 * Journal names as databases write them: the full title (`Journal of Clinical Epidemiology`), the
 * ISO 4 / NLM abbreviation (`J Clin Epidemiol`, `J. Clin. Epidemiol.`), MEDLINE's long form with a
 * subtitle (`Stroke; a journal of cerebral circulation`), `&` for `and`. Two names are taken for the
 * same journal when one is the abbreviation of the other: each of its words starts a word of the
 * other, in order (words such as `of` and `the` skipped). Conference names and supplements are
 * recognised so that a conference abstract can be kept apart from the journal paper.
 */
import { normaliseWords } from './normaliseText';

const STOP = new Set(['the', 'of', 'and', 'for', 'in', 'on', 'a', 'an', 'de', 'la', 'le', 'et', 'der', 'die', 'und', 'fur', 'y', 'del', 'des', 'du', 'official', 'journal', 'j']);
/** A few words whose abbreviation does not start the word. */
const ALIASES: Readonly<Record<string, string>> = { jpn: 'japanese', natl: 'national', intl: 'international', hlth: 'health' };

/** A journal name reduced to its significant words (`journal` and stop words dropped). */
export interface JournalKey {
  /** Lower-case words, stop words and `journal` removed. */
  readonly words: readonly string[];
  /** The words before a `;`, `:` or `=` subtitle (`Stroke; a journal of…` → `stroke`). */
  readonly main: readonly string[];
}

/** The {@link JournalKey} of a journal name; undefined when no word is left. */
export function journalKey(name: string | undefined): JournalKey | undefined {
  if (name === undefined) return undefined;
  const cleaned = name.replace(/\([^)]*\)/g, ' ').replace(/&/g, ' and ');
  const cut = cleaned.search(/[;:=]| - |\.\s*(?:conference|congress|meeting|abstracts?)\b/i);
  const words = significant(cleaned);
  if (words.length === 0) return undefined;
  const main = cut > 0 ? significant(cleaned.slice(0, cut)) : words;
  return { words, main: main.length > 0 ? main : words };
}

function significant(text: string): string[] {
  return normaliseWords(text)
    .split(' ')
    .filter((w) => w.length > 0 && !STOP.has(w));
}

/** True when every word of `short` starts a word of `long`, in order, skipping words of `long`. */
function abbreviates(short: readonly string[], long: readonly string[]): boolean {
  if (short.length === 0 || short.length > long.length) return false;
  let j = 0;
  for (const s of short) {
    const want = ALIASES[s] ?? s;
    while (j < long.length && !long[j]!.startsWith(want) && !(s.length >= 3 && compact(long[j]!, s))) j++;
    if (j === long.length) return false;
    j++;
  }
  return true;
}

/** `gynecol` ~ `gynecological`, `gynaecol` ~ `gynecologic`: the letters of `abbrev` appear in order in `word`, same first letter. */
function compact(word: string, abbrev: string): boolean {
  if (word[0] !== abbrev[0]) return false;
  let i = 0;
  for (const c of abbrev) {
    i = word.indexOf(c, i);
    if (i < 0) return false;
    i++;
  }
  return true;
}

/** True when `a` and `b` name the same journal (same words, or one abbreviates the other). */
export function sameJournal(a: JournalKey, b: JournalKey): boolean {
  const pairs: [readonly string[], readonly string[]][] = [
    [a.words, b.words],
    [a.main, b.main],
  ];
  for (const [x, y] of pairs) {
    if (x.join(' ') === y.join(' ')) return true;
    const [short, long] = x.length <= y.length ? [x, y] : [y, x];
    if (abbreviates(short, long)) return true;
    // The abbreviation may have more (shorter) words than a full name missing its stop words.
    if (short.length === long.length && abbreviates(long, short)) return true;
  }
  // An acronym: JAMA ~ Journal of the American Medical Association (`journal` is a stop word here).
  return acronym(a, b) || acronym(b, a);
}

function acronym(a: JournalKey, b: JournalKey): boolean {
  if (a.words.length !== 1 || b.words.length < 2) return false;
  const letters = b.words.map((w) => w[0]).join('');
  const one = a.words[0]!;
  return one === letters || one === `j${letters}`;
}

const CONFERENCE = /\b(?:conference|congress|symposium|meeting|proceedings|abstracts?|workshop|annual scientific|colloquium|poster)\b/i;

/**
 * True when a container name or type says the record is a conference paper or abstract: its `TY`,
 * words such as `Conference` or `Proceedings` in the name, or a supplement volume.
 */
export function isConferenceRecord(type: string | undefined, container: string | undefined, volume: string | undefined, issue?: string): boolean {
  if (type === 'CPAPER' || type === 'CONF' || type === 'ABST') return true;
  if (container !== undefined && CONFERENCE.test(container) && !/dissertation abstracts/i.test(container)) return true;
  const supplement = /suppl|supplement|^s\d/i;
  return (volume !== undefined && supplement.test(volume)) || (issue !== undefined && supplement.test(issue.trim()));
}

const PREPRINT = /\b(?:arxiv|biorxiv|medrxiv|chemrxiv|psyarxiv|socarxiv|ssrn|research square|preprints?|osf preprints|authorea|techrxiv|eartharxiv)\b/i;
const PREPRINT_DOI = /^10\.(?:48550|1101|21203|31234|2139|20944|22541|36227|31219|26434)\//;

/** True when a container name or DOI says the record is a preprint (arXiv, bioRxiv, medRxiv, SSRN, Research Square…). */
export function isPreprintRecord(type: string | undefined, container: string | undefined, doi: string | undefined): boolean {
  if (container !== undefined && PREPRINT.test(container)) return true;
  if (doi !== undefined && PREPRINT_DOI.test(doi)) return true;
  return type === 'UNPB' && container === undefined;
}
