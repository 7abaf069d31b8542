/**
 * Text normalisation for deduplication: what two databases write differently for the same title
 * (case, accents, punctuation, HTML and LaTeX remnants, Greek letters spelt out or not, a
 * `[Chinese]` language tag, brackets around a translated title, a trailing period) is removed, so
 * that what is left differs only where the titles really differ.
 */

import { CodePointMemo } from '../text/codePointMemo';
import { UnitBuffer } from '../text/unitBuffer';

const ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  ndash: '-',
  mdash: '-',
  alpha: 'α',
  beta: 'β',
  gamma: 'γ',
  delta: 'δ',
  kappa: 'κ',
  mu: 'μ',
};

/** Greek letters as the word databases spell them out (`TNF-α` ~ `TNF-alpha`). */
const GREEK: Readonly<Record<string, string>> = {
  α: 'alpha',
  β: 'beta',
  γ: 'gamma',
  δ: 'delta',
  ε: 'epsilon',
  ζ: 'zeta',
  η: 'eta',
  θ: 'theta',
  ι: 'iota',
  κ: 'kappa',
  λ: 'lambda',
  μ: 'mu',
  ν: 'nu',
  ξ: 'xi',
  π: 'pi',
  ρ: 'rho',
  σ: 'sigma',
  ς: 'sigma',
  τ: 'tau',
  υ: 'upsilon',
  φ: 'phi',
  χ: 'chi',
  ψ: 'psi',
  ω: 'omega',
};

/** Letters that NFKD does not take apart. */
const FOLDS: Readonly<Record<string, string>> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', đ: 'd', ł: 'l', ı: 'i', þ: 'th', ð: 'd' };

const TAG = /<\/?[a-z][a-z0-9]*(?:\s[^<>]*)?\/?>/gi;
const ENTITY = /&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi;
const LATEX_COMMAND = /\\[a-z]+\s*\{([^{}]*)\}|\\[a-z]+|\\[^a-z\s]/gi;
const MARKS = /\p{M}+/gu;
const NOT_ALNUM = /[^\p{L}\p{N}]+/gu;
/** Language names databases put in brackets after a translated title (`[Chinese]`, `[Article in German]`). */
const LANGUAGE_TAG =
  /[[(](?:article in |text in )?(?:afrikaans|arabic|bulgarian|catalan|chinese|croatian|czech|danish|dutch|english|estonian|finnish|french|german|greek|hebrew|hungarian|icelandic|italian|japanese|korean|lithuanian|norwegian|persian|polish|portuguese|romanian|russian|serbian|slovak|slovene|slovenian|spanish|swedish|thai|turkish|ukrainian|vietnamese)(?:[,;]? (?:and |with )?[a-z]+ abstract)?(?:, [a-z]+)*[\])]\.?/gi;

/** Decodes HTML entities and removes HTML tags and LaTeX commands (keeping their argument). */
export function stripMarkup(text: string): string {
  let out = text;
  if (out.includes('<')) out = out.replace(TAG, '');
  if (out.includes('&')) {
    out = out.replace(ENTITY, (whole, name: string) => {
      if (name[0] === '#') {
        const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
        return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
      }
      return ENTITIES[name.toLowerCase()] ?? whole;
    });
  }
  if (out.includes('\\')) out = out.replace(LATEX_COMMAND, (_whole, arg: string | undefined) => arg ?? '').replace(/[{}]/g, '');
  if (out.includes('$')) out = out.replace(/\$/g, '');
  return out;
}

/**
 * Notes databases append to a title: MEDLINE's `[Review]`, `[108 refs]`, `[Erratum appears in …]`,
 * `[corrected]`, `[see comments]`; CRD's `(Provisional abstract)`, `(Brief record)`.
 */
const TITLE_NOTE =
  /\[(?:review|\d+ refs?|corrected|comment|see comments?|news|editorial|letter|english abstract|case reports?|abstract|retracted[^\]]*|[^\]]*\b(?:appears? in|erratum|comment (?:in|on)|retraction (?:in|of)|update (?:in|of))\b[^\]]*|note:[^\]]*)\]|\((?:provisional abstract|brief record|structured abstract|abstract|database of abstracts of reviews of effects)\)/gi;

/** A note cut off by a length limit: `….[Erratum appears in Am J Trans`. */
const UNCLOSED_NOTE = /\[(?:erratum|corrected|published|comment|review|retracted)\b[^\]]*$/i;

/** Removes `[Chinese]`-style language tags, database notes (`[Review] [33 refs]`) and the brackets MEDLINE puts around a translated title. */
export function stripLanguageTags(title: string): string {
  let out = title.replace(LANGUAGE_TAG, ' ').replace(TITLE_NOTE, ' ').replace(UNCLOSED_NOTE, '').replace(/(?:\.{3}|…)\s*$/, '').trim();
  // MEDLINE: "[Efficacy of X in Y]." is a title translated into English.
  if (out.startsWith('[')) {
    const close = out.lastIndexOf(']');
    if (close > 0 && /^[\s.]*$/.test(out.slice(close + 1))) out = out.slice(1, close);
  }
  return out;
}

/**
 * Lower-case words of letters and digits, accents removed and Greek letters spelt out, joined by
 * single spaces: `"TNF-α and Café"` → `tnf alpha and cafe`. Character by character into a reused
 * buffer, each character above U+007F reduced once and remembered (see {@link REDUCED}):
 * the regular expressions over the whole text, and a string grown one character at a time for ASCII
 * text, were a fifth of the deduplication of 100,000 records (authors' names, titles and journals).
 */
export function normaliseWords(text: string): string {
  return wordsOf(text, false);
}

/**
 * {@link normaliseWords} of `text` with its ASCII hyphens removed first, joining the parts
 * (`Ching-yi` → `chingyi`).
 */
export function normaliseWordsJoiningHyphens(text: string): string {
  return wordsOf(text, true);
}

/** {@link normaliseWords}, with ASCII hyphens dropped like quotes when `joinHyphens`. */
function wordsOf(text: string, joinHyphens: boolean): string {
  const n = text.length;
  buf.count = 0;
  buf.reserve(n);
  let u = buf.units;
  let k = 0;
  let pendingSpace = false;
  for (let i = 0; i < n; i++) {
    let c = text.charCodeAt(i);
    if (c < 128) {
      if (c >= 65 && c <= 90) c += 32;
      if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) {
        if (pendingSpace && k > 0) u[k++] = 32;
        pendingSpace = false;
        u[k++] = c;
      } else if (c !== 39 && c !== 96 && !(joinHyphens && c === 45)) pendingSpace = true;
      continue;
    }
    if (c >= 0xd800 && c <= 0xdfff) {
      const d = i + 1 < n ? text.charCodeAt(i + 1) : 0;
      // A surrogate without its other half could pair with another once a mark between them is removed.
      if (c > 0xdbff || d < 0xdc00 || d > 0xdfff) {
        buf.count = 0;
        return wordsByExpressions(joinHyphens ? text.replace(/-/g, '') : text);
      }
      c = (c - 0xd800) * 0x400 + (d - 0xdc00) + 0x10000;
      i++;
    }
    const r = REDUCED.of(c);
    buf.count = k;
    // Room for this reduction (a space before each of its characters at most), a space left pending,
    // and one code unit for each character after it.
    buf.reserve(2 * r.length + 1 + (n - i));
    u = buf.units;
    for (let j = 0; j < r.length; j++) {
      const d = r.charCodeAt(j);
      if (d === 32) pendingSpace = true;
      else {
        if (pendingSpace && k > 0) u[k++] = 32;
        pendingSpace = false;
        u[k++] = d;
      }
    }
  }
  buf.count = k;
  return buf.take();
}

/**
 * {@link normaliseWords} through regular expressions, on the whole text at once: what the reduction
 * character by character must give (and gives, tested), and what a text with a lone surrogate takes.
 */
export function wordsByExpressions(text: string): string {
  let out = text.toLowerCase();
  out = out.replace(/[α-ω]/g, (c) => ` ${GREEK[c] ?? c} `);
  out = out.replace(/[ßæœøđłıþð]/g, (c) => FOLDS[c] ?? c);
  out = out.normalize('NFKD').replace(MARKS, '');
  return out.replace(/['’`]/g, '').replace(NOT_ALNUM, ' ').trim();
}

/** The words being written (see `unitBuffer.ts` for why a buffer). */
const buf = new UnitBuffer();

/**
 * What one code point above U+007F reduces to: lower case (the only case that depends on the letters
 * around it, a capital sigma, spells out as `sigma` either way), Greek letters spelt out, letters
 * folded, decomposed, marks and quotes removed, and a space wherever it leaves no letter or digit.
 * Every step works character by character, so a text reduces as its characters do.
 */
const REDUCED = new CodePointMemo((char) => {
  let out = char.toLowerCase();
  out = out.replace(/[α-ω]/g, (c) => ` ${GREEK[c] ?? c} `);
  out = out.replace(/[ßæœøđłıþð]/g, (c) => FOLDS[c] ?? c);
  return out.normalize('NFKD').replace(MARKS, '').replace(/['’`]/g, '').replace(NOT_ALNUM, ' ');
});

/** A title reduced for comparison: markup, language tags and punctuation removed (see {@link normaliseWords}). */
export function normaliseTitle(title: string): string {
  return normaliseWords(stripLanguageTags(stripMarkup(title)));
}

/** Text with its spaces removed (`follow up` and `followup` then compare equal). */
export function squash(words: string): string {
  if (words.indexOf(' ') < 0) return words;
  const n = words.length;
  buf.count = 0;
  buf.reserve(n);
  const u = buf.units;
  let k = 0;
  for (let i = 0; i < n; i++) {
    const c = words.charCodeAt(i);
    if (c !== 32) u[k++] = c;
  }
  buf.count = k;
  return buf.take();
}
