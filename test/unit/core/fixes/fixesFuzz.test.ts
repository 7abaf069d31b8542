/**
 * A seeded fuzz of the quick fixes, the fix-alls and Format Document: real RIS text (the example
 * review's files, `test/corpus/` when present, and hand-made snippets) mutated the way broken
 * exports and hand edits break it — line breaks of every kind inserted, removed or swapped, blank
 * lines, ER and TY lines duplicated or removed, tag lines glued together, stray and untagged text,
 * tabs, byte-order marks. For every case, every offered fix is applied and checked:
 * - no word of a value or of text outside records is lost (only a fix whose sole purpose is to
 *   delete or rewrite that text may drop it);
 * - "Make this file readable by pandoc" is complete in one pass: applied again, it does nothing;
 * - removing blank lines and joining continuation lines never move a word into another field;
 * - Format Document keeps every record and value;
 * - nothing throws.
 * Deterministic (fixed seeds, a fixed number of cases); a failure names the case's seed and text.
 * FIXES_FUZZ_SEED=n reruns one case; FIXES_FUZZ_CASES and FIXES_FUZZ_CORPUS (a folder of .ris files)
 * make a longer local search, FIXES_FUZZ_DUMP=file writes every failure.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { decodeRisBytes } from '../../../../src/core/ris/decode';
import { DiagnosticCode } from '../../../../src/core/validation/codes';
import { applyEdits } from '../../../../src/core/text/edits';
import { fileFixes, fixesForDiagnostic, makeReadableByPandocFix, type RisFix } from '../../../../src/core/fixes';
import { formatRis } from '../../../../src/core/ris/risFormatter';
import type { RisDocument } from '../../../../src/core/ris/model';
import { parseRis, parseTagLine } from '../../../../src/core/ris/parser';
import { isTypeName } from '../../../../src/core/ris/spec/index';
import { gluedTagLineInType } from '../../../../src/core/validation/tagLines';
import { validateRis, type RisDiagnostic } from '../../../../src/core/validation/validate';
import { findRepoRoot } from '../../helpers/repo';

/** Number of cases `npm test` runs; FIXES_FUZZ_CASES runs more (for a longer local search, see also FIXES_FUZZ_CORPUS). */
const CASES = Number(process.env['FIXES_FUZZ_CASES'] ?? 2000);
/** The seed of case `i` is `BASE_SEED + i`; FIXES_FUZZ_SEED reruns one case. */
const BASE_SEED = 0x5eed;

/** mulberry32: a small deterministic generator. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 0x100000000;
  };
}

const SNIPPETS: readonly string[] = [
  [
    'TY  - JOUR',
    'AU  - Colman, J.',
    'AU  - Doe, Jane',
    'TI  - Pain scores after surgery',
    'PY  - 2020',
    'JF  - Journal of X',
    '(Online)',
    'JA  - J X',
    'AB  - First paragraph of the abstract.',
    '',
    'Second paragraph with more words.',
    'KW  - pain',
    'analgesia',
    'surgery',
    'ER  - ',
    '',
  ].join('\n'),
  [
    'Provider: JSTOR http://www.jstor.org',
    'Database: JSTOR',
    '',
    'TY  - BOOK',
    'au  - Lower, Case',
    '  TI  - Indented title words',
    'PMID  - 33355555',
    'AU  -Glued, Al',
    'SP  - 1234',
    'EP  - 38',
    'DO  - https://doi.org/10.1000/xyz',
    'ER  - ',
    'NL  - J Psychol',
    '',
    '1.',
    'TY  - CHAP',
    'TI  - No end here',
    'Y1  - 1999',
  ].join('\r\n'),
  'TY  - JOUR\rTI  - Classic Mac lines\rAB  - one\r\rtwo\rER  - \r',
  'TY  - JOUR\nTI  - Stray carriage\rAU  - Return, R.\nN1  - note\u00a0text\nER  - \nER  - TI  - Important\n',
  'TY  - BOOKAU  - Glued, Type\nTI  - Title words\nER  - \n\nTY  - JURN\nTI  - Unknown type\nPY  - 2001\nPY  - 2002\nXY  - unknown tag\nER  - \n',
  '\ufeff\n \nTY  - RPRT\nA1\t- Tab, Sep\nTY - JOUR\nT2  -\u2003em space\nSP  -\nER  - ',
  'TY  - JOUR\r\nAB  - para one\r \r\npara two\r\nPY  - 2019\r\n\r\n- Pain score\r\nER  - \r\n',
];

/** The texts cases start from: the example review's RIS files, `test/corpus/**.ris` and the snippets. */
function baseTexts(): string[] {
  const root = findRepoRoot();
  const out: string[] = [];
  const walk = (dir: string, limit: number): void => {
    if (!fs.existsSync(dir)) return;
    const found: string[] = [];
    const visit = (d: string): void => {
      for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
        const full = path.join(d, e.name);
        if (e.isDirectory()) visit(full);
        else if (e.name.toLowerCase().endsWith('.ris')) found.push(full);
      }
    };
    visit(dir);
    for (const f of found.slice(0, limit)) {
      // Cases are windows of a few dozen lines: the first 64 KB of a big file are plenty.
      const text = decodeRisBytes(fs.readFileSync(f)).text;
      out.push(text.length > 65536 ? text.slice(0, 65536) : text);
    }
  };
  walk(path.join(root, 'examples'), 20);
  walk(path.join(root, 'test/corpus'), 200);
  // A longer local search can add a folder: FIXES_FUZZ_CORPUS=../shared/ris-corpus.
  const extra = process.env['FIXES_FUZZ_CORPUS'];
  if (extra !== undefined) walk(path.resolve(extra), 1000);
  return [...out, ...SNIPPETS];
}

const BREAKS = ['\n', '\r\n', '\r', '\r \n'] as const;
const STRAY = ['stray words here', 'Record #12 of 40', '12.', 'Provider: Someone', 'ER  - ', 'TY  - JOUR', 'AU  - Added, A.', 'ab  - lower tag', '  KW  - indented', 'PMID  - 99', 'continued untagged words', '- Pain score', '\t', 'ER  - TI  - Important', 'PY', 'TY  - BOOKAU  - Colman, J.'];

/** Offsets of the line starts of `text` (after `\r\n`, `\n` or a bare `\r`). */
function lineStarts(text: string): number[] {
  const out = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13 && text.charCodeAt(i + 1) === 10) continue;
    if (c === 10 || c === 13) out.push(i + 1);
  }
  return out;
}

/** A window of whole lines of `text` (up to `max` lines), starting at a random line. */
function window(text: string, rand: () => number, max: number): string {
  const starts = lineStarts(text);
  if (starts.length <= max) return text;
  const first = Math.floor(rand() * (starts.length - max));
  return text.slice(starts[first], starts[first + max]);
}

/** One mutation, described for the failure message. */
function mutate(text: string, rand: () => number): { text: string; what: string } {
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rand() * a.length)]!;
  const starts = lineStarts(text);
  const at = (): number => pick(starts);
  const anywhere = (): number => Math.floor(rand() * (text.length + 1));
  const splice = (start: number, end: number, insert: string, what: string): { text: string; what: string } => ({
    text: text.slice(0, start) + insert + text.slice(end),
    what: `${what}@${start}`,
  });
  /** The line break that ends the line starting at `ls`: [start, end). */
  const breakAfter = (ls: number): [number, number] | undefined => {
    for (let i = ls; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) return [i, i + 1];
      if (c === 13) return [i, text.charCodeAt(i + 1) === 10 ? i + 2 : i + 1];
    }
    return undefined;
  };
  const lineAt = (ls: number): [number, number] => {
    const b = breakAfter(ls);
    return b === undefined ? [ls, text.length] : [ls, b[1]];
  };
  const linesWith = (re: RegExp): number[] => starts.filter((s) => re.test(text.slice(s, s + 8)));
  switch (Math.floor(rand() * 16)) {
    case 0: {
      const br = pick(BREAKS);
      const p = anywhere();
      return splice(p, p, br, `insert ${JSON.stringify(br)}`);
    }
    case 1: {
      const b = breakAfter(at());
      return b ? splice(b[0], b[1], '', 'delete break') : { text, what: 'none' };
    }
    case 2: {
      const b = breakAfter(at());
      const br = pick(BREAKS);
      return b ? splice(b[0], b[1], br, `break→${JSON.stringify(br)}`) : { text, what: 'none' };
    }
    case 3: {
      const p = at();
      const blank = pick(['', ' ', '\t', '  \t']) + pick(BREAKS);
      return splice(p, p, blank, `blank ${JSON.stringify(blank)}`);
    }
    case 4: {
      const ers = linesWith(/^ER {2}-/);
      if (ers.length === 0) return { text, what: 'none' };
      const [s, e] = lineAt(pick(ers));
      return rand() < 0.5 ? splice(s, e, '', 'remove ER') : splice(s, s, text.slice(s, e) || 'ER  - \n', 'duplicate ER');
    }
    case 5: {
      const tys = linesWith(/^TY {2}-/);
      if (tys.length === 0) return { text, what: 'none' };
      const [s, e] = lineAt(pick(tys));
      return rand() < 0.5 ? splice(s, e, '', 'remove TY') : splice(e, e, text.slice(s, e), 'duplicate TY');
    }
    case 6: {
      // Glue a tag line to the next one.
      const tags = linesWith(/^[A-Z][A-Z0-9] {2}-/);
      if (tags.length === 0) return { text, what: 'none' };
      const b = breakAfter(pick(tags));
      return b ? splice(b[0], b[1], '', 'glue') : { text, what: 'none' };
    }
    case 7: {
      const p = at();
      const s = pick(STRAY) + pick(BREAKS);
      return splice(p, p, s, `stray ${JSON.stringify(s)}`);
    }
    case 8: {
      // An untagged continuation line after a tag line.
      const tags = linesWith(/^[A-Z][A-Z0-9] {2}-/);
      if (tags.length === 0) return { text, what: 'none' };
      const b = breakAfter(pick(tags));
      if (b === undefined) return { text, what: 'none' };
      const s = pick(['continued words', '  indented more', 'PY', '- dash start', 'AI - based methods']) + pick(BREAKS);
      return splice(b[1], b[1], s, `continuation ${JSON.stringify(s)}`);
    }
    case 9: {
      // A tab in a separator, or before a line.
      const seps = starts.filter((s) => text.slice(s + 2, s + 5) === '  -');
      if (seps.length > 0 && rand() < 0.6) {
        const s = pick(seps);
        return splice(s + 2, s + 4, pick(['\t', ' \t', ' ']), 'tab separator');
      }
      const p = at();
      return splice(p, p, '\t', 'tab indent');
    }
    case 10: {
      // A byte-order mark at the start, or one left inside by concatenated files.
      const p = rand() < 0.5 ? 0 : at();
      return splice(p, p, '\ufeff', p === 0 ? 'BOM' : 'inner BOM');
    }
    case 11: {
      const p = anywhere();
      const s = pick(['stray', ' - ', '\t', 'AU  - ', 'ER  - ', '\u00a0', 'x\ry', '\r\r\n']);
      return splice(p, p, s, `insert ${JSON.stringify(s)}`);
    }
    case 12: {
      const p = anywhere();
      return splice(p, Math.min(text.length, p + 1 + Math.floor(rand() * 3)), '', 'delete chars');
    }
    case 13: {
      // All line breaks of one kind become another.
      const br = pick(BREAKS);
      return { text: text.replace(/\r\n|\r|\n/g, br), what: `all breaks→${JSON.stringify(br)}` };
    }
    case 14: {
      // Lower-case or indent a tag line, or drop the space after its hyphen.
      const tags = linesWith(/^[A-Z][A-Z0-9] {2}- /);
      if (tags.length === 0) return { text, what: 'none' };
      const s = pick(tags);
      const r = rand();
      if (r < 0.33) return splice(s, s + 2, text.slice(s, s + 2).toLowerCase(), 'lower tag');
      if (r < 0.66) return splice(s, s, '  ', 'indent tag');
      return splice(s + 5, s + 6, '', 'no space after hyphen');
    }
    default: {
      // Move a whole line elsewhere.
      const [s, e] = lineAt(at());
      const line = text.slice(s, e);
      const rest = text.slice(0, s) + text.slice(e);
      const q = Math.floor(rand() * (rest.length + 1));
      return { text: rest.slice(0, q) + line + rest.slice(q), what: `move line ${s}→${q}` };
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Words

const WORD = /[\p{L}\p{N}]+/gu;

function addWords(bag: Map<string, number>, s: string): void {
  for (const m of s.matchAll(WORD)) bag.set(m[0], (bag.get(m[0]) ?? 0) + 1);
}

/** What of a field's value a fix must keep (by default all of it). */
type Kept = (recordIndex: number, fieldIndex: number, value: string) => string;

/** The words of every value (ER lines' included) and of the text outside records. */
function valueWords(doc: RisDocument, kept?: Kept): Map<string, number> {
  const bag = new Map<string, number>();
  doc.records.forEach((r, ri) => {
    r.fields.forEach((f, fi) => {
      addWords(bag, kept === undefined ? f.value : kept(ri, fi, f.value));
    });
    if (r.endTag !== undefined) addWords(bag, r.endTag.value);
  });
  for (const o of doc.outside) {
    const content = doc.text.slice(o.start, o.end);
    addWords(bag, o.kind === 'text' ? content : (parseTagLine(content)?.value ?? content));
  }
  return bag;
}

/** The words of `before` (a multiset) that `after` lacks. */
function lostWords(before: Map<string, number>, afterText: string): string[] {
  const after = new Map<string, number>();
  addWords(after, afterText);
  const lost: string[] = [];
  for (const [w, n] of before) if (n > (after.get(w) ?? 0)) lost.push(w);
  return lost;
}

/**
 * `record tag word` for every word of every value, for the fixes that must keep each word in its
 * field (a long tag counts as N1: joining a line into it writes it as a labelled note).
 */
function fieldWords(doc: RisDocument): string[] {
  const out: string[] = [];
  doc.records.forEach((r, ri) => {
    for (const f of r.fields) {
      const tag = f.tag.length === 2 ? f.tag : 'N1';
      for (const m of f.value.matchAll(WORD)) out.push(`${ri} ${tag} ${m[0]}`);
    }
  });
  return out;
}

/** What a fix may drop: nothing, except the text that is its sole purpose to delete or rewrite. */
function exemption(doc: RisDocument, d: RisDiagnostic | undefined, fix: RisFix): 'all' | Kept | undefined {
  if (/vendor header line/.test(fix.title)) return 'all';
  const ri = d?.data?.recordIndex;
  const fi = d?.data?.fieldIndex;
  if (d === undefined || ri === undefined) return undefined;
  if (d.code === DiagnosticCode.InvalidDoi || d.code === DiagnosticCode.InvalidPages) return (r, f, v) => (r === ri && f === fi ? '' : v);
  if (d.code === DiagnosticCode.UnknownType || d.code === DiagnosticCode.MissingType) {
    // The type itself is what the fix replaces: a one-word value, a type's name ("Journal Article"),
    // or what comes before a tag line glued to it ("BOOK" of "BOOKAU  - Colman, J.").
    const ty = doc.records[ri]?.fields[0];
    if (ty?.tag !== 'TY') return undefined;
    const glued = gluedTagLineInType(ty.lineValue);
    const rest = glued !== undefined ? ty.value.slice(glued) : !/\s/.test(ty.lineValue) || isTypeName(ty.lineValue) ? ty.value.slice(ty.lineValue.length) : ty.value;
    return (r, f, v) => (r === ri && f === 0 ? rest : v);
  }
  return undefined;
}

interface Case {
  readonly seed: number;
  readonly text: string;
  readonly steps: string[];
}

function makeCase(seed: number, bases: readonly string[]): Case {
  const rand = rng(seed);
  let text = window(bases[Math.floor(rand() * bases.length)]!, rand, 10 + Math.floor(rand() * 40));
  const steps: string[] = [];
  const n = 1 + Math.floor(rand() * 4);
  for (let k = 0; k < n; k++) {
    const m = mutate(text, rand);
    text = m.text;
    steps.push(m.what);
  }
  return { seed, text, steps };
}

/** Runs every check on one case; returns the problems found. */
function checkCase(c: Case): string[] {
  const problems: string[] = [];
  const text = c.text;
  const errors: unknown[] = [];
  const onError = (e: unknown): void => {
    errors.push(e);
  };
  const doc = parseRis(text);
  const diagnostics = validateRis(doc, { severities: { [DiagnosticCode.UnpinnedKey]: 'hint' } });
  const allWords = valueWords(doc);
  const fieldsBefore = fieldWords(doc);

  const check = (fix: RisFix, d: RisDiagnostic | undefined): void => {
    let after: string;
    try {
      after = applyEdits(text, fix.edits);
    } catch (e) {
      problems.push(`"${fix.title}" has overlapping edits: ${String(e)}`);
      return;
    }
    const ex = exemption(doc, d, fix);
    if (ex !== 'all') {
      const lost = lostWords(ex === undefined ? allWords : valueWords(doc, ex), after);
      if (lost.length > 0) problems.push(`"${fix.title}"${d ? ` (${d.code}${d.data?.pandoc ? `/${d.data.pandoc}` : ''})` : ''} loses ${JSON.stringify(lost)}: ${JSON.stringify(after)}`);
    }
    if (/^(Remove the blank lines|Join the|Put each line)/.test(fix.title)) {
      // Every word stays in a field with the same tag in the same record (a long tag's name may join its value).
      const now = new Map<string, number>();
      for (const w of fieldWords(parseRis(after))) now.set(w, (now.get(w) ?? 0) + 1);
      const moved = fieldsBefore.filter((w) => {
        const n = now.get(w) ?? 0;
        now.set(w, n - 1);
        return n <= 0;
      });
      if (moved.length > 0) problems.push(`"${fix.title}" moves ${JSON.stringify(moved)} out of their field: ${JSON.stringify(after)}`);
    }
  };

  // Every fix once (the file-wide ones come with many diagnostics).
  const seen = new Set<string>();
  const firstTime = (fix: RisFix): boolean => {
    const id = `${fix.title}@${fix.edits[0]?.start ?? -1}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  };
  for (const d of diagnostics) {
    for (const fix of fixesForDiagnostic(doc, d, { onError })) if (firstTime(fix)) check(fix, fix.kind === 'source.fixAll' ? undefined : d);
  }
  for (const fix of fileFixes(doc)) if (firstTime(fix)) check(fix, undefined);

  // The pandoc fix-all is complete in one pass.
  const pandoc = makeReadableByPandocFix(doc);
  if (pandoc !== undefined) {
    if (firstTime(pandoc)) check(pandoc, undefined);
    const fixed = applyEdits(text, pandoc.edits);
    const onceDoc = parseRis(fixed);
    const again = makeReadableByPandocFix(onceDoc);
    // What pandoc still objects to is only what no text edit can fix (a file without records).
    const left = validateRis(onceDoc)
      .filter((x) => x.code === DiagnosticCode.PandocIncompatible)
      .map((x) => x.data?.pandoc ?? '?')
      .filter((p) => onceDoc.records.length > 0 || !(p === 'outside' || p === 'end-without-start'));
    if (left.length > 0) problems.push(`after "Make this file readable by pandoc", pandoc still objects: ${left.join(', ')}: ${JSON.stringify(fixed)}`);
    if (again !== undefined) {
      problems.push(`"Make this file readable by pandoc" is not complete in one pass: once ${JSON.stringify(fixed)}, twice ${JSON.stringify(applyEdits(fixed, again.edits))}`);
    }
  }

  // Format Document keeps every record and value.
  const formatted = parseRis(applyEdits(text, formatRis(doc)));
  const shape = (x: RisDocument): string => JSON.stringify(x.records.map((r) => r.fields.map((f) => [f.tag, f.value])));
  if (shape(formatted) !== shape(doc)) problems.push(`Format Document changes a value: ${JSON.stringify(formatted.text)}`);

  for (const e of errors) problems.push(`a fix threw: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  return problems;
}

describe('fixes fuzz (seeded)', function () {
  this.timeout(Math.max(120_000, CASES * 60));
  const bases = baseTexts();

  it(`keeps every word, completes the pandoc fix-all in one pass and never throws on ${CASES} mutated files`, () => {
    const only = process.env['FIXES_FUZZ_SEED'];
    const seeds = only !== undefined ? [Number(only)] : Array.from({ length: CASES }, (_, i) => BASE_SEED + i);
    const failures: string[] = [];
    for (const seed of seeds) {
      const c = makeCase(seed, bases);
      let problems: string[];
      try {
        problems = checkCase(c);
      } catch (e) {
        problems = [`threw: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`];
      }
      if (problems.length > 0) {
        failures.push(`seed ${seed} (FIXES_FUZZ_SEED=${seed}) [${c.steps.join('; ')}] input ${JSON.stringify(c.text)}\n  - ${problems.join('\n  - ')}`);
      }
    }
    const dump = process.env['FIXES_FUZZ_DUMP'];
    if (dump !== undefined) fs.writeFileSync(dump, failures.join('\n'));
    assert.equal(failures.length, 0, `${failures.length} of ${seeds.length} cases fail; first ones:\n${failures.slice(0, 5).join('\n')}`);
  });
});
