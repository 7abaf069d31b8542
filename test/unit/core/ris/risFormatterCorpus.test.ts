/**
 * Format, validate and fix every real export of the corpus (the bundled test/corpus, or the extended
 * one: $RIS_CORPUS_DIR or ../shared/ris-corpus), read in place:
 * - formatting then re-parsing gives the same records, field values and outside lines, keeps every
 *   line break, and formatting again changes nothing;
 * - validation never throws;
 * - "Make this file readable by pandoc" leaves no pandoc-incompatibility and keeps every value.
 */

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { decodeRisBytes } from '../../../../src/core/ris/decode';
import { DiagnosticCode } from '../../../../src/core/validation/codes';
import { makeReadableByPandocFix } from '../../../../src/core/fixes';
import { applyEdits, type TextEdit } from '../../../../src/core/text/edits';
import { formatRis } from '../../../../src/core/ris/risFormatter';
import type { RisDocument } from '../../../../src/core/ris/model';
import { parseRis, parseTagLine } from '../../../../src/core/ris/parser';
import { LIST_TAGS } from '../../../../src/core/validation/tagLines';
import { validateRis } from '../../../../src/core/validation/validate';
import { corpusDir as corpusDirOf, corpusKind, forCorpus } from '../../helpers/repo';
import { corpusEntries, corpusMissing } from '../../helpers/corpus';

const corpusDir = corpusDirOf();


/** Records, values and outside lines, for comparing a document before and after formatting. */
function shape(doc: RisDocument): unknown {
  return {
    records: doc.records.map((r) => [r.type, r.fields.map((f) => [f.tag, f.value]), r.endTag !== undefined, r.unterminated]),
    outside: doc.outside.map((o) => [o.kind, doc.text.slice(o.start, o.end)]),
  };
}

/** The line breaks of a text, in order. */
function lineBreaks(text: string): string[] {
  return text.match(/\r\n|\r|\n/g) ?? [];
}

/** Every value as `TAG\0value`, with the joins and moves the pandoc fix intends. */
function valueMultiset(doc: RisDocument): string[] {
  const out: string[] = [];
  const add = (tag: string, value: string): void => {
    out.push(tag.length !== 2 ? `N1\u0000${tag}: ${value}` : `${tag}\u0000${value}`);
  };
  for (const r of doc.records) {
    for (const f of r.fields) {
      if (f.continuations.length > 0 && LIST_TAGS.has(f.tag)) {
        if (f.lineValue) add(f.tag, f.lineValue);
        for (const c of f.continuations) add(f.tag, doc.text.slice(c.start, c.end));
      } else if (f.value) {
        add(f.tag, f.value.replace(/\n\n/g, ' '));
      }
    }
  }
  const outside = doc.outside;
  for (let i = 0; i < outside.length; i++) {
    const o = outside[i]!;
    if (o.kind === 'end-without-start') continue;
    const content = doc.text.slice(o.start, o.end);
    const info = o.kind === 'tag' ? parseTagLine(content) : undefined;
    if (info === undefined) {
      add('N1', content);
      continue;
    }
    let value = info.value;
    while (i + 1 < outside.length && outside[i + 1]!.kind === 'text' && outside[i + 1]!.line === outside[i]!.line + 1) {
      i++;
      value += ` ${doc.text.slice(outside[i]!.start, outside[i]!.end)}`;
    }
    add(info.tag, value);
  }
  return out.sort();
}

function assertSortedDisjoint(edits: readonly TextEdit[], what: string): void {
  for (let i = 1; i < edits.length; i++) assert.ok(edits[i - 1]!.end <= edits[i]!.start, `${what}: edits overlap or are unsorted at ${i}`);
}

describe(`format, validate and fix the real exports (${corpusKind()} corpus)`, function () {
  if (corpusMissing(corpusDir)) return;

  const files = corpusEntries(corpusDir).map((e) => e.file);
  it(`has the files of the ${corpusKind()} corpus`, () => assert.equal(files.length, forCorpus({ bundled: 84, extended: 121 })));

  for (const file of files) {
    describe(file, () => {
      let doc: RisDocument;
      let decoded: ReturnType<typeof decodeRisBytes>;
      before(() => {
        const bytes = fs.readFileSync(path.join(corpusDir, file));
        decoded = decodeRisBytes(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
        doc = parseRis(decoded.text);
      });

      it('formats without changing records, values or line breaks', () => {
        const edits = formatRis(doc);
        assertSortedDisjoint(edits, file);
        const formatted = applyEdits(doc.text, edits);
        const again = parseRis(formatted);
        assert.deepEqual(shape(again), shape(doc));
        assert.deepEqual(lineBreaks(formatted), lineBreaks(doc.text));
        assert.equal(again.bom, doc.bom);
        assert.deepEqual(formatRis(again), [], 'formatting twice changes nothing');
      });

      it('validates, and the pandoc fix leaves nothing for pandoc and keeps every value', () => {
        const ds = validateRis(doc, { encoding: decoded, uri: `file:///${file}` });
        for (const d of ds) assert.ok(d.start <= d.end && d.end <= doc.text.length, `${d.code} range`);
        const fix = makeReadableByPandocFix(doc);
        if (fix === undefined) {
          if (doc.records.length === 0) return;
          assert.deepEqual(
            ds.filter((d) => d.code === DiagnosticCode.PandocIncompatible && d.data?.pandoc !== 'encoding').map((d) => d.message),
            [],
          );
          return;
        }
        assertSortedDisjoint(fix.edits, file);
        const fixed = parseRis(applyEdits(doc.text, fix.edits));
        const left = validateRis(fixed).filter((d) => d.code === DiagnosticCode.PandocIncompatible);
        // A file without any record (MEDLINE .nbib, WoS plain text saved as .ris) has nothing to move its lines into.
        if (doc.records.length > 0) assert.deepEqual(left.map((d) => d.message), []);
        assert.deepEqual(valueMultiset(fixed), valueMultiset(doc));
        assert.ok(fixed.records.length >= doc.records.length);
      });
    });
  }
});
