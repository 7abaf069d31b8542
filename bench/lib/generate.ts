/**
 * Deterministic synthetic RIS exports for the benchmark and the scaling test.
 *
 * Every record is a pure function of `(seed, index)`: `logicalRecord(i)` gives its fields (tag and
 * value, as a correct parser must read them back) and the renderers turn that into text. So the
 * benchmark can write a 600 MB file record by record, and check a parse against what was written
 * without keeping the expected values in memory.
 *
 * The "clean" variant looks like a large database export (Scopus / PubMed / Web of Science mix):
 * LF line endings, `XX  - value` lines, a blank line after each `ER`, about 2.2 KB per record with
 * long abstracts and non-ASCII names, and the usual small share of oddities a real export has
 * (overlapping records from two databases, a few bad dates and DOIs, empty values, repeated IDs).
 *
 * The "hostile" variant renders the same records with everything a parser can trip on: a BOM, CRLF
 * (with a few LF-only lines), a vendor header, blank lines between and inside records, malformed tag
 * lines (one space, a tab, no space after the hyphen, lower case, indentation, trailing spaces),
 * wrapped values (continuation lines, some indented, some after a blank line), missing `ER` lines and
 * stray numbering lines between records. None of it changes a field's value as the parser reads it,
 * so "nothing lost" means: the same number of records, and every generated value present.
 */

import * as fs from 'node:fs';

/** Bumped whenever the output changes, so that cached files in bench/data are regenerated. */
export const GENERATOR_VERSION = 3;

export const DEFAULT_SEED = 20240611;

/** One field as a correct parser reads it back. */
export interface GenField {
  readonly tag: string;
  readonly value: string;
}

/** One logical record. */
export interface GenRecord {
  readonly index: number;
  readonly fields: readonly GenField[];
}

export type Variant = 'clean' | 'hostile';

export interface GenerateOptions {
  readonly records: number;
  readonly seed?: number;
  readonly variant?: Variant;
}

// ---------------------------------------------------------------------------------------------
// Random numbers: sfc32 seeded through splitmix32, one independent stream per (seed, index, salt).

function splitmix32(a: number): () => number {
  return () => {
    a = (a + 0x9e3779b9) | 0;
    let z = a;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** A small, fast, seedable generator (sfc32). */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(...seeds: number[]) {
    let h = 0x2545f491;
    for (const s of seeds) h = Math.imul(h ^ (s | 0), 0x9e3779b1) ^ (h >>> 15);
    const sm = splitmix32(h);
    this.a = sm();
    this.b = sm();
    this.c = sm();
    this.d = sm();
    for (let i = 0; i < 8; i++) this.next();
  }

  /** A uniform 32-bit unsigned integer. */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** A float in [0, 1). */
  float(): number {
    return this.next() / 4294967296;
  }

  /** An integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + (this.next() % (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.next() % items.length]!;
  }

  /** Picks with a skew towards the start of the list (common names are common). */
  pickSkewed<T>(items: readonly T[]): T {
    const f = this.float();
    return items[Math.floor(f * f * items.length)]!;
  }
}

// ---------------------------------------------------------------------------------------------
// Vocabulary

const SURNAMES = (
  'Smith Wang Li Zhang Müller García Liu Johnson Chen Kim Nguyen Brown Martínez Schmidt Rossi Lee Yang Silva ' +
  'Williams Huang Rodríguez Schneider Kowalski Jones Zhao Park Santos Dubois Ivanov Sato Fischer Weiß Dvořák ' +
  'Novák Wiśniewski Łukasiewicz Tran Choi Suzuki Takahashi Tanaka Russo Ferrari Esposito Bianchi Lefèvre ' +
  'Moreau Girard Fontaine Østergaard Jørgensen Sørensen Smirnov Kuznetsov Popov Papadopoulos Öztürk Yılmaz ' +
  'Şahin Çelik Oliveira Pereira Costa Ferreira Núñez Peña Ibáñez O’Brien Janssen Björk Åström Lindqvist ' +
  'Nieminen Korhonen Kovács Szabó Tóth Horváth Nagy Popescu Ionescu Cohen Levi Haddad Khan Ahmed Singh Kumar ' +
  'Sharma Patel Gupta Okafor Adeyemi Mensah Andersson Hansen Larsen Virtanen Mäkinen Gonçalves Araújo ' +
  'Fernández López Sánchez Pérez Gómez Díaz Hernández Jiménez Ruiz Álvarez Romero Navarro Torres Domínguez ' +
  'Vázquez Ramos Gil Serrano Blanco Molina Morales Ortega Delgado Castro Ortiz Rubio Marín Sanz Iglesias ' +
  'Hoffmann Schäfer Koch Bauer Richter Klein Wolf Schröder Neumann Schwarz Zimmermann Braun Krüger Hofmann ' +
  'Hartmann Lange Schmitt Werner Krause Meier Lehmann Schmid Schulze Maier Köhler Herrmann König Walter ' +
  'Mayer Huber Kaiser Fuchs Peters Lang Scholz Möller Weber Wagner Becker Schulz Keller Frank Berger'
).split(' ');

/** A few authors as Chinese and Russian exports write them (the name in its own script). */
const NATIVE_NAMES = ['张, 伟', '王, 芳', '李, 娜', '刘, 洋', '陈, 静', 'Иванов, Иван', 'Петрова, Анна', 'Κωνσταντίνου, Μαρία', '佐藤, 健', '김, 민준'];

const GIVEN = (
  'James Mary Wei Fang Jun Yan Hans Anna Giulia Marco Pierre Sophie Olga Dmitri Hiroshi Yuki Min-jun Ji-woo ' +
  'José María Jürgen Søren Łucja Zoë Chloé François Ørjan Ángel Inês João Ayşe Mehmet Priya Arjun Aisha Chinedu ' +
  'Kwame Elif Björn Åsa Tomasz Katarzyna Nikolaos Eleni David Sarah Michael Laura Thomas Emma Daniel Julia'
).split(' ');

const TITLE_WORDS = (
  'effect effects association associations risk risks outcome outcomes patient patients treatment therapy ' +
  'randomized controlled trial trials systematic review meta-analysis cohort study studies analysis model ' +
  'models prediction machine learning deep neural network networks clinical mortality incidence prevalence ' +
  'chronic acute disease diseases cancer breast lung colorectal cardiovascular diabetes obesity hypertension ' +
  'depression anxiety adolescents children adults older elderly women men population-based national ' +
  'international multicentre European Asian African global burden cost-effectiveness quality life ' +
  'intervention interventions community primary care hospital emergency surgery surgical postoperative ' +
  'complications infection infections antibiotic resistance vaccine vaccination COVID-19 SARS-CoV-2 ' +
  'pandemic influenza tuberculosis malaria HIV hepatitis inflammation immune response gene expression ' +
  'genome-wide sequencing biomarker biomarkers imaging MRI CT ultrasound screening diagnosis diagnostic ' +
  'accuracy performance validation external internal evidence guideline guidelines policy health ' +
  'determinants social economic inequalities environmental exposure air pollution diet physical activity ' +
  'sleep smoking alcohol gambling harms prevention early detection long-term follow-up survival recurrence ' +
  'β-amyloid α-synuclein TNF-α Alzheimer’s Parkinson’s Schrödinger naïve café Gödel Poincaré Fourier ' +
  'Bayesian frequentist heterogeneity sensitivity robustness approach framework protocol feasibility ' +
  'pilot qualitative mixed-methods cross-sectional longitudinal retrospective prospective case-control ' +
  'observational real-world registry data electronic records natural language processing transformer ' +
  'attention explainable fairness bias uncertainty calibration segmentation classification detection'
).split(' ');

const CONNECTORS = ['of', 'in', 'and', 'for', 'with', 'among', 'after', 'during', 'versus', 'on', 'to', 'the', 'a'];

const JOURNALS = (
  'The Lancet|New England Journal of Medicine|JAMA|BMJ|Nature|Science|Cell|Nature Medicine|PLoS ONE|' +
  'PLoS Medicine|BMC Public Health|BMC Medicine|Scientific Reports|Journal of Clinical Epidemiology|' +
  'Systematic Reviews|Research Synthesis Methods|Cochrane Database of Systematic Reviews|Annals of Internal Medicine|' +
  'European Heart Journal|Circulation|Diabetes Care|The Lancet Oncology|Journal of Clinical Oncology|' +
  'International Journal of Epidemiology|American Journal of Epidemiology|Epidemiology|Addiction|' +
  'Journal of Gambling Studies|Psychological Medicine|JAMA Psychiatry|The Lancet Psychiatry|Pediatrics|' +
  'Archives of Disease in Childhood|Age and Ageing|Journal of the American Geriatrics Society|Gut|Hepatology|' +
  'Clinical Infectious Diseases|Journal of Infectious Diseases|Vaccine|Eurosurveillance|Environmental Health Perspectives|' +
  'Environment International|Medical Image Analysis|IEEE Transactions on Medical Imaging|Health Data Science|' +
  'Journal of Biomedical Informatics|Artificial Intelligence in Medicine|Zeitschrift für Gerontologie und Geriatrie|' +
  'Revista Española de Cardiología|Gaceta Sanitaria|Médecine et Maladies Infectieuses|Deutsches Ärzteblatt International|' +
  'Nederlands Tijdschrift voor Geneeskunde|Läkartidningen|Ugeskrift for Læger|Tidsskrift for Den norske legeforening'
).split('|');

const PUBLISHERS = ['Elsevier', 'Springer Nature', 'Wiley', 'Oxford University Press', 'Taylor & Francis', 'SAGE', 'BMJ Publishing Group', 'Wolters Kluwer', 'Thieme', 'Karger'];
const CITIES = ['London', 'New York', 'Berlin', 'Amsterdam', 'Oxford', 'Cham', 'Hoboken', 'Stuttgart', 'Basel', 'Zürich', 'Kraków', 'São Paulo', 'Göteborg', 'Montréal'];
const COUNTRIES = ['United Kingdom', 'United States', 'Germany', 'China', 'Japan', 'Brazil', 'Spain', 'France', 'Italy', 'Poland', 'Sweden', 'Denmark', 'Türkiye', 'Nigeria', 'India', 'Australia', 'Canada', 'Korea'];
const DEPARTMENTS = ['Epidemiology', 'Public Health', 'Medicine', 'Surgery', 'Psychiatry', 'Biostatistics', 'Computer Science', 'Paediatrics', 'Oncology', 'Cardiology', 'Infectious Diseases', 'Health Economics'];
const UNIVERSITIES = ['University of Oxford', 'Karolinska Institutet', 'Universität Heidelberg', 'Université de Paris', 'Peking University', 'University of Tokyo', 'Universidade de São Paulo', 'ETH Zürich', 'Uniwersytet Jagielloński', 'University of Toronto', 'Københavns Universitet', 'Universidad Complutense de Madrid', 'Seoul National University', 'University of Lagos'];
const LANGUAGES = ['English', 'English', 'English', 'English', 'English', 'English', 'German', 'Spanish', 'French', 'Chinese'];
const DATABASES = ['Scopus', 'PubMed', 'Web of Science', 'Embase', 'PsycINFO', 'CINAHL'];
const TYPES: readonly [string, number][] = [
  ['JOUR', 0.74],
  ['CHAP', 0.06],
  ['CONF', 0.04],
  ['CPAPER', 0.02],
  ['BOOK', 0.03],
  ['RPRT', 0.03],
  ['THES', 0.02],
  ['ELEC', 0.02],
  ['GEN', 0.02],
  ['MGZN', 0.01],
  ['DATA', 0.01],
];

// ---------------------------------------------------------------------------------------------
// Values

function cap(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

function titleOf(rng: Rng, minWords: number, maxWords: number): string {
  const n = rng.int(minWords, maxWords);
  const words: string[] = [];
  for (let i = 0; i < n; i++) words.push(i > 0 && i < n - 1 && rng.chance(0.25) ? rng.pick(CONNECTORS) : rng.pickSkewed(TITLE_WORDS));
  if (rng.chance(0.3)) words.splice(rng.int(1, Math.max(1, n - 1)), 0, ':');
  return cap(words.join(' ').replace(' :', ':'));
}

function sentence(rng: Rng): string {
  const n = rng.int(10, 26);
  const words: string[] = [];
  for (let i = 0; i < n; i++) words.push(rng.chance(0.3) ? rng.pick(CONNECTORS) : rng.pickSkewed(TITLE_WORDS));
  if (rng.chance(0.25)) words.splice(rng.int(2, n - 1), 0, `(n = ${rng.int(12, 250000)}; 95% CI ${rng.int(1, 9)}.${rng.int(0, 99)}–${rng.int(10, 30)}.${rng.int(0, 99)})`);
  return `${cap(words.join(' '))}.`;
}

/** A structured abstract of roughly `chars` characters, as one line of text. */
function abstractOf(rng: Rng, chars: number): string {
  const parts: string[] = [];
  const heads = ['Background:', 'Objective:', 'Methods:', 'Results:', 'Conclusions:'];
  let length = 0;
  let h = 0;
  while (length < chars) {
    const s = (h < heads.length && (length === 0 || rng.chance(0.35)) ? `${heads[h++]} ` : '') + sentence(rng);
    parts.push(s);
    length += s.length + 1;
  }
  if (rng.chance(0.3)) parts.push(`© ${rng.int(2000, 2024)} The Authors. Published by ${rng.pick(PUBLISHERS)}.`);
  return parts.join(' ');
}

function authorOf(rng: Rng): string {
  if (rng.chance(0.01)) return rng.pick(NATIVE_NAMES);
  const surname = rng.pickSkewed(SURNAMES);
  const style = rng.float();
  const given = rng.pick(GIVEN);
  if (style < 0.45) return `${surname}, ${given}`;
  if (style < 0.7) return `${surname}, ${given.charAt(0)}.`;
  if (style < 0.9) return `${surname}, ${given.charAt(0)}.${rng.pick(GIVEN).charAt(0)}.`;
  return `${surname} ${given.charAt(0)}${rng.pick(GIVEN).charAt(0)}`;
}

/** An ISSN whose check digit is right. */
function issnOf(rng: Rng): string {
  const d: number[] = [];
  for (let i = 0; i < 7; i++) d.push(rng.int(0, 9));
  let sum = 0;
  for (let i = 0; i < 7; i++) sum += d[i]! * (8 - i);
  const check = (11 - (sum % 11)) % 11;
  return `${d.slice(0, 4).join('')}-${d.slice(4).join('')}${check === 10 ? 'X' : String(check)}`;
}

/** An ISBN-13 whose check digit is right. */
function isbnOf(rng: Rng): string {
  const d = [9, 7, 8];
  for (let i = 0; i < 9; i++) d.push(rng.int(0, 9));
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += d[i]! * (i % 2 === 0 ? 1 : 3);
  d.push((10 - (sum % 10)) % 10);
  return d.join('');
}

function pickType(rng: Rng): string {
  let f = rng.float();
  for (const [type, p] of TYPES) {
    if (f < p) return type;
    f -= p;
  }
  return 'JOUR';
}

/** A fresh record for index `i` (before duplicates are applied). */
function freshRecord(seed: number, i: number): GenField[] {
  const rng = new Rng(seed, i, 1);
  const type = pickType(rng);
  const f: GenField[] = [];
  const add = (tag: string, value: string): void => {
    f.push({ tag, value });
  };
  add('TY', type);
  if (rng.chance(0.2)) add('ID', String(100000 + i));
  const title = titleOf(rng, 6, 22);
  add('TI', title);
  const nAuthors = rng.chance(0.05) ? rng.int(15, 40) : rng.int(1, 10);
  const noAuthor = rng.chance(0.01);
  if (!noAuthor) for (let a = 0; a < nAuthors; a++) add('AU', authorOf(rng));
  const year = rng.int(1965, 2024);
  const badDate = rng.chance(0.004);
  add('PY', badDate ? `${year}/13/45` : String(year));
  if (rng.chance(0.7)) add('DA', rng.chance(0.01) ? `Mar. ${year}` : `${year}/${String(rng.int(1, 12)).padStart(2, '0')}/${String(rng.int(1, 28)).padStart(2, '0')}/`);
  const journal = rng.pick(JOURNALS);
  if (type === 'JOUR' || type === 'MGZN') {
    add('T2', journal);
    if (rng.chance(0.5)) add('J2', journal.replace(/[aeiou]/g, '').slice(0, 18).trim());
    add('VL', String(rng.int(1, 400)));
    add('IS', rng.chance(0.01) ? '' : String(rng.int(1, 24)));
    const sp = rng.int(1, 3000);
    add('SP', String(sp));
    add('EP', rng.chance(0.005) ? String(sp - 5) : String(sp + rng.int(2, 30)));
    add('SN', issnOf(rng));
  } else if (type === 'BOOK' || type === 'CHAP') {
    if (type === 'CHAP') add('T2', titleOf(rng, 3, 8));
    add('PB', rng.pick(PUBLISHERS));
    add('CY', rng.pick(CITIES));
    add('SN', isbnOf(rng));
    if (rng.chance(0.5)) add('A2', authorOf(rng));
  } else if (type === 'CONF' || type === 'CPAPER') {
    add('T2', `Proceedings of the ${rng.int(1, 40)}th International Conference on ${cap(rng.pick(TITLE_WORDS))}`);
    add('CY', rng.pick(CITIES));
  } else {
    add('PB', rng.pick(UNIVERSITIES));
  }
  if (rng.chance(0.9)) {
    const doi = `10.${rng.int(1000, 99999)}/${journal.slice(0, 3).toLowerCase().replace(/[^a-z]/g, 'x')}.${year}.${i}`;
    const bad = rng.float();
    add('DO', bad < 0.003 ? `https://doi.org/${doi}` : bad < 0.005 ? `doi ${doi}` : doi);
    if (rng.chance(0.6)) add('UR', `https://doi.org/${doi}`);
  } else if (rng.chance(0.5)) {
    add('UR', `https://www.example.org/articles/${i}?lang=${rng.pick(['en', 'de', 'fr'])}&ref=bench`);
  }
  add('AB', abstractOf(rng, rng.int(900, 1700)));
  const nKw = rng.int(3, 10);
  for (let k = 0; k < nKw; k++) add('KW', rng.pickSkewed(TITLE_WORDS) + (rng.chance(0.4) ? ` ${rng.pick(TITLE_WORDS)}` : ''));
  const nAd = rng.int(1, 3);
  for (let a = 0; a < nAd; a++) add('AD', `Department of ${rng.pick(DEPARTMENTS)}, ${rng.pick(UNIVERSITIES)}, ${rng.pick(CITIES)}, ${rng.pick(COUNTRIES)}`);
  add('LA', rng.pick(LANGUAGES));
  const db = rng.pick(DATABASES);
  add('DB', db);
  add('AN', `${db === 'PubMed' ? '' : '2-s2.0-'}${rng.int(10000000, 99999999)}${rng.int(100, 999)}`);
  if (rng.chance(0.5)) add('M3', type === 'JOUR' ? 'Article' : 'Other');
  if (rng.chance(0.3)) add('N1', `Cited By: ${rng.int(0, 900)}; Export Date: ${rng.int(1, 28)} ${rng.pick(['January', 'March', 'June', 'October'])} ${rng.int(2019, 2024)}`);
  if (rng.chance(0.0005)) add('ID', String(100000 + Math.max(0, i - rng.int(1, 50)))); // a repeated ID
  return f;
}

/** True when record `i` is a second copy of an earlier record (overlap between two database exports). */
function duplicateSource(seed: number, i: number): number | undefined {
  if (i < 20) return undefined;
  const rng = new Rng(seed, i, 2);
  if (!rng.chance(0.015)) return undefined;
  // A source that is not a duplicate itself, anywhere earlier in the file.
  for (let attempt = 0; attempt < 4; attempt++) {
    const j = rng.int(0, i - 1);
    if (duplicateSource(seed, j) === undefined) return j;
  }
  return undefined;
}

const SHARED_ON_DUPLICATE = new Set(['TI', 'AU', 'PY', 'DA', 'T2', 'J2', 'VL', 'IS', 'SP', 'EP', 'SN', 'DO', 'AB', 'TY']);

/** The fields of record `i` (0-based) of a file made with `seed`, as a correct parser reads them. */
export function logicalRecord(seed: number, i: number): GenRecord {
  const src = duplicateSource(seed, i);
  const own = freshRecord(seed, i);
  if (src === undefined) return { index: i, fields: own };
  // A copy from another database: bibliographic fields of the source, its own database fields.
  const from = freshRecord(seed, src);
  const fields: GenField[] = [];
  for (const field of from) if (SHARED_ON_DUPLICATE.has(field.tag)) fields.push(field);
  for (const field of own) if (!SHARED_ON_DUPLICATE.has(field.tag) && field.tag !== 'ID') fields.push(field);
  // TY first, as everywhere.
  const ty = fields.findIndex((x) => x.tag === 'TY');
  if (ty > 0) fields.unshift(fields.splice(ty, 1)[0]!);
  return { index: i, fields };
}

// ---------------------------------------------------------------------------------------------
// Rendering

/** Splits a long value into lines of about `width` characters, at spaces. Joined with ' ' they give the value back. */
function wrap(value: string, width: number): string[] {
  const lines: string[] = [];
  let start = 0;
  while (value.length - start > width) {
    let cut = value.lastIndexOf(' ', start + width);
    if (cut <= start) cut = value.indexOf(' ', start + width);
    if (cut < 0) break;
    lines.push(value.slice(start, cut));
    start = cut + 1;
  }
  lines.push(value.slice(start));
  return lines;
}

function renderClean(rec: GenRecord): string {
  let out = '';
  for (const f of rec.fields) out += `${f.tag}  - ${f.value}\n`;
  return `${out}ER  - \n\n`;
}

/**
 * Hostile rendering of one record. Returns the text and whether the record got an `ER` line (a
 * record without one must not be followed by text that would read as a continuation).
 */
function renderHostile(seed: number, rec: GenRecord, last: boolean): string {
  const rng = new Rng(seed, rec.index, 3);
  const eol = (): string => (rng.chance(0.01) ? '\n' : '\r\n');
  let out = '';
  const hasEnd = last || !rng.chance(0.02);
  for (let k = 0; k < rec.fields.length; k++) {
    const f = rec.fields[k]!;
    if (k > 1 && rng.chance(0.004)) out += eol(); // a blank line inside the record
    let sep = '  - ';
    let tag = f.tag;
    let indent = '';
    let trailing = '';
    const m = rng.float();
    if (f.value.length > 0) {
      if (m < 0.006) sep = ' - ';
      else if (m < 0.009) sep = '\t- ';
      else if (m < 0.014) sep = '  -';
      else if (m < 0.019) tag = tag.toLowerCase();
      else if (m < 0.022) indent = rng.chance(0.5) ? '  ' : '\t';
      else if (m < 0.04) trailing = rng.chance(0.5) ? ' ' : '  \t';
    }
    // Long values wrapped onto continuation lines (abstracts, titles, affiliations).
    const wrapIt = f.value.length > 90 && (f.tag === 'AB' ? rng.chance(0.45) : rng.chance(0.08));
    if (!wrapIt) {
      out += `${indent}${tag}${sep}${f.value}${trailing}${eol()}`;
      continue;
    }
    const lines = wrap(f.value, rng.int(60, 100));
    const contIndent = rng.chance(0.3) ? '    ' : '';
    out += `${indent}${tag}${sep}${lines[0]!}${trailing}${eol()}`;
    for (let l = 1; l < lines.length; l++) out += `${contIndent}${lines[l]!}${rng.chance(0.02) ? ' ' : ''}${eol()}`;
  }
  if (hasEnd) {
    const e = rng.float();
    out += `${e < 0.01 ? 'er  - ' : e < 0.03 ? 'ER  -' : 'ER  - '}${eol()}`;
    const blanks = rng.int(0, 2);
    for (let b = 0; b < blanks; b++) out += eol();
    if (!last && rng.chance(0.01)) out += `${rec.index + 2}.${eol()}`; // numbering between records (outside text)
  }
  return out;
}

/** Paragraph breaks: the hostile variant writes some abstracts as two paragraphs (a blank line between). */
function hostileFields(seed: number, rec: GenRecord): GenRecord {
  const rng = new Rng(seed, rec.index, 4);
  if (!rng.chance(0.05)) return rec;
  const fields = rec.fields.map((f) => {
    if (f.tag !== 'AB') return f;
    const dot = f.value.indexOf('. ', Math.floor(f.value.length / 2));
    if (dot < 0) return f;
    return { tag: f.tag, value: `${f.value.slice(0, dot + 1)}\n\n${f.value.slice(dot + 2)}` };
  });
  return { index: rec.index, fields };
}

/**
 * The record as the variant writes it: the hostile variant turns some abstracts into two paragraphs,
 * which the parser joins with a blank line (`\n\n`). This is what "every value the generator wrote"
 * means for the loss check.
 */
export function expectedRecord(seed: number, i: number, variant: Variant): GenRecord {
  const rec = logicalRecord(seed, i);
  return variant === 'hostile' ? hostileFields(seed, rec) : rec;
}

function renderRecord(seed: number, i: number, variant: Variant, last: boolean): string {
  const rec = expectedRecord(seed, i, variant);
  if (variant === 'clean') return renderClean(rec);
  // A paragraph break is written as: first part, blank line, second part as a continuation line.
  const ab = rec.fields.findIndex((f) => f.tag === 'AB' && f.value.includes('\n\n'));
  if (ab < 0) return renderHostile(seed, rec, last);
  const parts = rec.fields[ab]!.value.split('\n\n');
  const marker = `\ue000PARA${i}\ue000`;
  const fields = rec.fields.slice();
  fields[ab] = { tag: 'AB', value: parts[0]! + marker };
  let text = renderHostile(seed, { index: rec.index, fields }, last);
  // The paragraph's first line ends at the marker; the second paragraph follows after a blank line.
  text = text.replace(/\ue000PARA\d+\ue000([^\r\n]*)(\r?\n)/, (_m, rest: string, nl: string) => `${rest}${nl}${nl}${parts[1]!}${nl}`);
  return text;
}

function header(variant: Variant): string {
  return variant === 'hostile' ? '\ufeffProvider: Synthetic Bench Export\r\nDatabase: Bench\r\nContent: text/plain; charset="UTF-8"\r\n\r\n' : '';
}

/** The text of records `[from, to)` (the header comes with record 0). */
export function renderRange(options: GenerateOptions, from: number, to: number): string {
  const seed = options.seed ?? DEFAULT_SEED;
  const variant = options.variant ?? 'clean';
  const parts: string[] = [];
  if (from === 0) parts.push(header(variant));
  for (let i = from; i < to; i++) parts.push(renderRecord(seed, i, variant, i === options.records - 1));
  return parts.join('');
}

/** The whole export as one string (keep it under Node's string limit: up to ~200k records). */
export function generateRis(options: GenerateOptions): string {
  const parts: string[] = [];
  const step = 2000;
  for (let from = 0; from < options.records; from += step) parts.push(renderRange(options, from, Math.min(options.records, from + step)));
  return parts.join('');
}

/**
 * Writes the export to `file` in UTF-8, record block by record block (works for any size, also
 * beyond the string limit). Returns the number of bytes written.
 */
export function writeRisFile(file: string, options: GenerateOptions): number {
  const fd = fs.openSync(file, 'w');
  let bytes = 0;
  try {
    const step = 2000;
    for (let from = 0; from < options.records; from += step) {
      const buffer = Buffer.from(renderRange(options, from, Math.min(options.records, from + step)), 'utf8');
      fs.writeSync(fd, buffer);
      bytes += buffer.length;
    }
  } finally {
    fs.closeSync(fd);
  }
  return bytes;
}

/** The number of records needed for about `bytes` bytes of clean export. */
export function recordsForBytes(bytes: number, seed = DEFAULT_SEED): number {
  const sample = Buffer.byteLength(renderRange({ records: 2000, seed }, 0, 2000), 'utf8') / 2000;
  return Math.ceil(bytes / sample);
}

// ---------------------------------------------------------------------------------------------
// Checking a parse against what was generated

/** The minimal shape of a parsed record the loss check needs (our parser's and the hand parser's fit). */
export interface ParsedRecordLike {
  readonly fields: readonly { readonly tag: string; readonly value: string }[];
}

export interface LossReport {
  readonly expectedRecords: number;
  readonly foundRecords: number;
  /** Generated values not found among the parsed fields of the same record (with the right tag). */
  readonly missingValues: number;
  readonly expectedValues: number;
  /** A few examples, for the report. */
  readonly examples: readonly string[];
}

/**
 * Checks that a parse kept every record and every value: record `i` of the parse must hold each
 * generated `(tag, value)` of record `i` (as a multiset; extra fields are allowed).
 */
export function checkNothingLost(records: readonly ParsedRecordLike[], options: GenerateOptions): LossReport {
  const seed = options.seed ?? DEFAULT_SEED;
  const variant = options.variant ?? 'clean';
  let missing = 0;
  let expected = 0;
  const examples: string[] = [];
  const n = Math.min(records.length, options.records);
  for (let i = 0; i < options.records; i++) {
    const want = expectedRecord(seed, i, variant).fields;
    expected += want.length;
    if (i >= n) {
      missing += want.length;
      continue;
    }
    const have = new Map<string, number>();
    for (const f of records[i]!.fields) {
      const k = `${f.tag}\u0000${f.value}`;
      have.set(k, (have.get(k) ?? 0) + 1);
    }
    for (const f of want) {
      const k = `${f.tag}\u0000${f.value}`;
      const c = have.get(k) ?? 0;
      if (c > 0) have.set(k, c - 1);
      else {
        missing++;
        if (examples.length < 5) examples.push(`record ${i}: ${f.tag} ${JSON.stringify(f.value.slice(0, 60))}`);
      }
    }
  }
  return { expectedRecords: options.records, foundRecords: records.length, missingValues: missing, expectedValues: expected, examples };
}
