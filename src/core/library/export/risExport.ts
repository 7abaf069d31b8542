/**
 * The normalised RIS export: every field of every record in canonical `XX  - value` lines, with an
 * `ID` line only where a record's key would otherwise change once all records are in one file; see
 * {@link toRis}.
 */
import { assignPandocKeys } from '../../keys/pandocKeys';
import type { RisRecord } from '../../ris/model';
import { parseRis } from '../../ris/parser';

/** A record to write as RIS, with the key it must keep (none: whatever key it gets). */
export interface RisExportItem {
  readonly record: RisRecord;
  readonly key?: string | undefined;
}

interface RisLine {
  readonly tag: string;
  readonly value: string;
}

/**
 * Normalised RIS: for each record `TY  - ` first (`TY  - GEN` added to a record without one), then
 * every other field in file order as `TAG  - value` (two spaces, hyphen, space; unknown and vendor
 * tags, `ID` lines and empty values kept; a value continued over several lines joined into one line
 * with spaces), then `ER  - `. Records are separated by a blank line; lines end with LF; no BOM.
 *
 * Keys: the records' keys are those of a library, where several files make one bibliography. Once
 * the records are in one file, pandoc may key them differently: a `Smith_2020a` of file A and the
 * `Smith_2020` of file B (which hides file A's `Smith_2020`) become `Smith_2020` and `Smith_2020a`
 * in file order, and a record read together with the next one for a missing `ER` now ends at its
 * `ER`. So the keys of the written file are worked out as pandoc does (base keys, then `a`, `b`…
 * suffixes in file order), and a record whose key would differ from `item.key` gets an
 * `ID  - key` line right after `TY` (before any `ID` line it had, which stays as a later line: pandoc
 * uses the first). Its `ID` also changes the suffixes of later records, which the same pass in file
 * order accounts for. No other record gets an `ID` line, and an item without `key` never does. The
 * written file is then checked (`assignPandocKeys`): keys that cannot be kept (the empty key, a key
 * with a line break, a key another record already takes) are reported in `problems`, as are tags
 * pandoc rejects (`PMID`).
 */
export function toRis(items: readonly RisExportItem[], problems: string[] = []): string {
  const records: { ty: RisLine; rest: RisLine[] }[] = [];
  let untyped = 0;
  const longTags = new Set<string>();
  for (const { record } of items) {
    // A run of whitespace with a line break becomes one space. The match only starts where a run
    // starts (`(?<!\s)`): from every position of a long run of spaces it would rescan the run.
    const lines = record.fields.map((f) => ({ tag: f.tag, value: f.value.replace(/(?<!\s)\s*[\r\n]+\s*/g, ' ') }));
    let ty = lines[0]?.tag === 'TY' ? lines.shift() : undefined;
    if (ty === undefined) {
      untyped++;
      ty = { tag: 'TY', value: 'GEN' };
    }
    for (const l of lines) if (l.tag.length !== 2) longTags.add(l.tag);
    records.push({ ty, rest: lines });
  }
  if (untyped > 0) problems.push(`${untyped} record(s) without TY written with TY  - GEN`);
  if (longTags.size > 0) {
    problems.push(`tags that are not two characters kept (${[...longTags].join(', ')}): pandoc rejects them; "RIS: Make File Readable by pandoc" turns them into notes`);
  }

  const withId = new Set<number>();
  const render = (): string =>
    records
      .map(({ ty, rest }, i) => {
        const out = [line(ty)];
        if (withId.has(i)) out.push(line({ tag: 'ID', value: items[i]!.key! }));
        for (const l of rest) out.push(line(l));
        out.push('ER  - ');
        return `${out.join('\n')}\n`;
      })
      .join('\n');

  // pandoc's keys in the new file, record by record: a record's key depends on the records before it
  // only (the `a`, `b` suffixes of `fixDuplicateIds`), so one pass in file order decides every ID line.
  const bases = assignPandocKeys([{ uri: 'export.ris', doc: parseRis(render()) }]).map((k) => k.baseKey);
  const counters = new Map<string, number>();
  const keyFor = (base: string): string => {
    const n = counters.get(base);
    counters.set(base, n === undefined ? 97 : n + 1);
    return n === undefined ? base : base + suffixChar(n);
  };
  items.forEach((item, i) => {
    const base = bases[i] ?? '';
    const wanted = item.key;
    if (wanted === undefined || wanted === '' || /[\r\n]/.test(wanted)) {
      keyFor(base);
      return;
    }
    const n = counters.get(base);
    const key = n === undefined ? base : base + suffixChar(n);
    if (key === wanted) keyFor(base);
    else {
      withId.add(i);
      keyFor(wanted);
    }
  });

  const text = render();
  const keyed = assignPandocKeys([{ uri: 'export.ris', doc: parseRis(text) }]);
  const wrong: string[] = [];
  items.forEach((item, i) => {
    const got = keyed[i]?.key;
    if (item.key !== undefined && got !== item.key) wrong.push(`${JSON.stringify(item.key)} becomes ${JSON.stringify(got)}`);
  });
  if (wrong.length > 0) problems.push(`keys that change in the exported file: ${wrong.join(', ')}`);
  return text;
}

/** The character pandoc appends for duplicate counter `n` (`a` is 97; see citationKeys.ts). */
function suffixChar(n: number): string {
  return (n >= 0xd800 && n <= 0xdfff) || n > 0x10ffff ? '\ufffd' : String.fromCodePoint(n);
}

function line(l: RisLine): string {
  return `${l.tag}  - ${l.value}`;
}
