#!/usr/bin/env node
// Generates src/core/ris/spec/generated.ts from the three RIS research tables:
//   ris-tags.tsv                  104 tags: meaning, spec status, repeatability, value notes, corpus counts
//   ris-types.tsv                 61 TY codes: names in both specs, which lists hold them, notes
//   ris-tags-by-type-endnote.tsv  what each tag means for each of 48 types (EndNote's export)
//
// The tables live in src/core/ris/spec/tables/ (copies of the project's research tables; $RIS_SPEC_DIR
// reads them from another folder, e.g. ../shared/ris-spec to check that the copies are current).
// Only what the extension needs is kept, as arrays of tuples, so the generated module stays small.
//
// Usage:
//   node scripts/gen-spec.mjs          write src/core/ris/spec/generated.ts
//   node scripts/gen-spec.mjs --check  exit 1 when the committed file differs from what would be written

import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const specDir = resolve(repoRoot, process.env.RIS_SPEC_DIR ?? 'src/core/ris/spec/tables');
const outFile = join(repoRoot, 'src/core/ris/spec/generated.ts');

const FILES = {
  tags: 'ris-tags.tsv',
  types: 'ris-types.tsv',
  byType: 'ris-tags-by-type-endnote.tsv',
};

/** Parses tab-separated text where a field may be double-quoted and `""` is an escaped quote. */
function parseTsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  let i = 0;
  if (text.charCodeAt(0) === 0xfeff) i = 1;
  for (; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          quoted = false;
        }
      } else {
        field += c;
      }
    } else if (c === '"' && field === '') {
      quoted = true;
    } else if (c === '\t') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      field = '';
      if (row.length > 1 || row[0] !== '') rows.push(row);
      row = [];
    } else {
      field += c;
    }
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** Reads one table as objects keyed by header, checking that the needed columns exist. */
function readTable(name, needed) {
  const path = join(specDir, name);
  const text = readFileSync(path, 'utf8');
  const [header, ...body] = parseTsv(text);
  for (const col of needed) {
    if (!header.includes(col)) throw new Error(`${name}: missing column "${col}" (have: ${header.join(', ')})`);
  }
  const records = body.map((cells, n) => {
    if (cells.length !== header.length) {
      throw new Error(`${name}: row ${n + 2} has ${cells.length} cells, the header has ${header.length}`);
    }
    return Object.fromEntries(header.map((h, k) => [h, cells[k].trim()]));
  });
  const sha1 = createHash('sha1').update(text).digest('hex');
  return { header, records, sha1 };
}

const STATUS = {
  'old spec only (superseded in 2011)': 'old',
  '2011 spec': '2011',
  'old+2011': 'both',
  'non-standard': 'vendor',
};

function statusOf(tag, raw) {
  const s = STATUS[raw];
  if (!s) throw new Error(`ris-tags.tsv: tag ${tag} has an unknown spec_status "${raw}"`);
  return s;
}

function yes(v) {
  return v === 'yes' ? 1 : 0;
}

function int(name, tag, v) {
  if (v === '') return 0;
  if (!/^\d+$/.test(v)) throw new Error(`ris-tags.tsv: ${tag} ${name} is not a count: "${v}"`);
  return Number(v);
}

// EndNote's export of every type was made from a sample library whose fields hold their own names,
// and a few cells hold the sample value instead of the label. These become the label they stand for.
const LABEL_FIXES = {
  'Name1, Author': 'Author',
  'Keyword1, Keyword2, Keyword3': 'Keywords',
  ResearchNotes: 'Research Notes',
  '10.1234/123456': 'DOI',
};

function fixLabel(label) {
  return LABEL_FIXES[label] ?? label;
}

function build() {
  const tags = readTable(FILES.tags, [
    'tag', 'meaning', 'spec_status', 'repeatable_per_spec', 'value_notes', 'pandoc_reader',
    'corpus_files', 'corpus_occurrences', 'corpus_records_with_repeat',
  ]);
  const types = readTable(FILES.types, [
    'code', 'name_2011 (rispy/2011 list)', 'name_old_spec (refdb/RefMan list)', 'in_old_spec', 'in_2011_list',
    'exported_by_EndNote_case002', 'pandoc_csl_type', 'notes',
  ]);
  const byType = readTable(FILES.byType, ['TY']);

  const tagRows = tags.records.map((r) => {
    const repeatNote = r.repeatable_per_spec === 'n/a' ? '' : r.repeatable_per_spec;
    return [
      r.tag,
      r.meaning,
      statusOf(r.tag, r.spec_status),
      repeatNote.startsWith('yes') ? 1 : 0,
      repeatNote,
      r.value_notes,
      r.pandoc_reader,
      int('corpus_files', r.tag, r.corpus_files),
      int('corpus_occurrences', r.tag, r.corpus_occurrences),
      int('corpus_records_with_repeat', r.tag, r.corpus_records_with_repeat),
    ];
  });
  const knownTags = new Set(tagRows.map((r) => r[0]));

  const typeRows = types.records.map((r) => [
    r.code,
    r['name_2011 (rispy/2011 list)'],
    r['name_old_spec (refdb/RefMan list)'],
    yes(r.in_old_spec),
    yes(r.in_2011_list),
    yes(r.exported_by_EndNote_case002),
    r.pandoc_csl_type,
    r.notes,
  ]);
  const knownTypes = new Set(typeRows.map((r) => r[0]));

  const columnTags = byType.header.slice(1);
  for (const t of columnTags) {
    if (!knownTags.has(t)) throw new Error(`${FILES.byType}: column ${t} is not a tag of ${FILES.tags}`);
  }
  const labelCounts = new Map();
  for (const r of byType.records) {
    for (const t of columnTags) {
      const label = fixLabel(r[t]);
      if (label) labelCounts.set(label, (labelCounts.get(label) ?? 0) + 1);
    }
  }
  // Most frequent labels first, so the common ones get the short indices.
  const labels = [...labelCounts.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([label]) => label);
  const labelIndex = new Map(labels.map((l, i) => [l, i + 1]));
  const byTypeRows = byType.records.map((r) => {
    if (!knownTypes.has(r.TY)) throw new Error(`${FILES.byType}: type ${r.TY} is not in ${FILES.types}`);
    return [r.TY, columnTags.map((t) => (r[t] ? labelIndex.get(fixLabel(r[t])) : 0))];
  });

  const q = (v) => JSON.stringify(v);
  const tuple = (row) => `[${row.map((v) => (Array.isArray(v) ? `[${v.join(',')}]` : q(v))).join(',')}]`;

  return `// Generated by scripts/gen-spec.mjs. Do not edit: change the tables and run \`node scripts/gen-spec.mjs\`.
// Source: the RIS research tables in src/core/ris/spec/tables/:
//   ${FILES.tags} (sha1 ${tags.sha1})
//   ${FILES.types} (sha1 ${types.sha1})
//   ${FILES.byType} (sha1 ${byType.sha1})
// EndNote sample values standing for a label were replaced by the label: ${Object.entries(LABEL_FIXES)
    .map(([from, to]) => `"${from}" -> "${to}"`)
    .join(', ')}.

/** Where a tag is defined: the old RefMan spec only, the 2011 spec only, both, or neither (a vendor tag). */
export type RawSpecStatus = 'old' | '2011' | 'both' | 'vendor';

/** One row of ${FILES.tags}. Counts are over the 146-file research corpus. */
export type RawTagRow = readonly [
  tag: string,
  meaning: string,
  status: RawSpecStatus,
  repeatable: 0 | 1,
  repeatNote: string,
  valueNotes: string,
  pandoc: string,
  corpusFiles: number,
  corpusOccurrences: number,
  corpusRecordsWithRepeat: number,
];

/** One row of ${FILES.types}. */
export type RawTypeRow = readonly [
  code: string,
  name2011: string,
  nameOld: string,
  inOldSpec: 0 | 1,
  in2011Spec: 0 | 1,
  exportedByEndNote: 0 | 1,
  pandocType: string,
  notes: string,
];

/** One row of ${FILES.byType}: for each tag of BY_TYPE_TAGS, 1 + an index into BY_TYPE_LABELS, or 0. */
export type RawByTypeRow = readonly [type: string, labels: readonly number[]];

export const TAG_ROWS: readonly RawTagRow[] = [
${tagRows.map((r) => `  ${tuple(r)},`).join('\n')}
];

export const TYPE_ROWS: readonly RawTypeRow[] = [
${typeRows.map((r) => `  ${tuple(r)},`).join('\n')}
];

export const BY_TYPE_TAGS: readonly string[] = ${q(columnTags)};

export const BY_TYPE_LABELS: readonly string[] = [
${chunk(labels.map(q), 8).map((c) => `  ${c.join(', ')},`).join('\n')}
];

export const BY_TYPE_ROWS: readonly RawByTypeRow[] = [
${byTypeRows.map((r) => `  ${tuple(r)},`).join('\n')}
];
`;
}

function chunk(items, n) {
  const out = [];
  for (let i = 0; i < items.length; i += n) out.push(items.slice(i, i + n));
  return out;
}

function main() {
  if (!existsSync(specDir)) {
    console.error(`gen-spec: no RIS tables at ${specDir} (set RIS_SPEC_DIR)`);
    process.exit(2);
  }
  const text = build();
  if (process.argv.includes('--check')) {
    const current = existsSync(outFile) ? readFileSync(outFile, 'utf8') : '';
    if (current !== text) {
      console.error(`gen-spec: ${relative(repoRoot, outFile)} is out of date; run node scripts/gen-spec.mjs`);
      process.exit(1);
    }
    console.log(`gen-spec: ${relative(repoRoot, outFile)} is up to date`);
    return;
  }
  writeFileSync(outFile, text);
  console.log(`gen-spec: wrote ${relative(repoRoot, outFile)} (${Buffer.byteLength(text)} bytes)`);
}

main();
