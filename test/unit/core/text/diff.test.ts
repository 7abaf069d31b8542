import * as assert from 'node:assert/strict';
import { EXACT_CELLS, diffLines, splitLines, unifiedDiff } from '../../../../src/core/text/diff';

/** Applies a unified diff to a text as `patch` would (hunks in order, context and removals checked). */
function applyPatch(text: string, diff: string): string {
  const old = splitLines(text);
  const out: string[] = [];
  let pos = 0;
  const lines = diff.split('\n');
  let k = 2; // after the --- and +++ headers
  // Rebuild each diff line with its own `\n`, unless the next line is the "No newline" marker.
  const body = (i: number): string => lines[i]!.slice(1) + (lines[i + 1]?.startsWith('\\ No newline') ? '' : '\n');
  while (k < lines.length && lines[k] !== '') {
    const m = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@$/.exec(lines[k]!);
    assert.ok(m, `a hunk header: ${lines[k]}`);
    const count = m[2] === undefined ? 1 : Number(m[2]);
    const start = count === 0 ? Number(m[1]) : Number(m[1]) - 1;
    assert.ok(start >= pos, 'hunks are in order');
    while (pos < start) out.push(old[pos++]!);
    k++;
    while (k < lines.length && /^[ +\-\\]/.test(lines[k]!)) {
      const line = lines[k]!;
      if (line.startsWith('\\')) {
        k++;
        continue;
      }
      if (line[0] === ' ' || line[0] === '-') {
        assert.equal(old[pos], body(k), `line ${pos + 1} matches`);
        if (line[0] === ' ') out.push(old[pos]!);
        pos++;
      } else out.push(body(k));
      k++;
    }
  }
  while (pos < old.length) out.push(old[pos++]!);
  return out.join('');
}

/** Length of a longest common subsequence (plain dynamic programming). */
function lcs(a: readonly string[], b: readonly string[]): number {
  const L: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) for (let j = b.length - 1; j >= 0; j--) L[i]![j] = a[i] === b[j] ? L[i + 1]![j + 1]! + 1 : Math.max(L[i + 1]![j]!, L[i]![j + 1]!);
  return L[0]![0]!;
}

/** A small deterministic generator (mulberry32). */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('unified diff', () => {
  it('splits lines at LF, keeping each line ending (a CR stays in its line)', () => {
    assert.deepEqual(splitLines('a\r\nb\nc'), ['a\r\n', 'b\n', 'c']);
    assert.deepEqual(splitLines('a\n'), ['a\n']);
    assert.deepEqual(splitLines(''), []);
  });

  it('is empty for equal texts', () => {
    assert.equal(unifiedDiff('a\nb\n', 'a\nb\n', 'a/x', 'b/x'), '');
    assert.deepEqual(diffLines(['a\n'], ['a\n']), []);
  });

  it('prints headers, a hunk with three lines of context, and 1-based ranges', () => {
    const old = 'l1\nl2\nl3\nl4\nl5\nl6\nl7\nl8\nl9\n';
    const neu = 'l1\nl2\nl3\nl4\nL5\nl6\nl7\nl8\nl9\n';
    assert.equal(unifiedDiff(old, neu, 'a/refs.ris', 'b/refs.ris'), '--- a/refs.ris\n+++ b/refs.ris\n@@ -2,7 +2,7 @@\n l2\n l3\n l4\n-l5\n+L5\n l6\n l7\n l8\n');
  });

  it('joins changes whose contexts meet into one hunk and keeps distant ones apart', () => {
    const lines = Array.from({ length: 30 }, (_, i) => `l${i + 1}\n`);
    const near = lines.slice();
    near[4] = 'x\n';
    near[10] = 'y\n'; // 5 lines between: contexts overlap
    near[25] = 'z\n'; // far away
    const d = unifiedDiff(lines.join(''), near.join(''), 'a/f', 'b/f');
    assert.deepEqual(
      d.split('\n').filter((l) => l.startsWith('@@')),
      ['@@ -2,13 +2,13 @@', '@@ -23,7 +23,7 @@'],
    );
    assert.equal(applyPatch(lines.join(''), d), near.join(''));
  });

  it('says when a last line has no line feed, and shows an added line feed as a change', () => {
    const d = unifiedDiff('TY  - JOUR\nER  - ', 'TY  - JOUR\nER  - \n', 'a/f', 'b/f');
    assert.equal(d, '--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n TY  - JOUR\n-ER  - \n\\ No newline at end of file\n+ER  - \n');
  });

  it('writes the line before for an empty range (insertion at the start, deletion of everything)', () => {
    assert.equal(unifiedDiff('', 'a\n', 'a/f', 'b/f'), '--- a/f\n+++ b/f\n@@ -0,0 +1 @@\n+a\n');
    assert.equal(unifiedDiff('b\n', 'a\nb\n', 'a/f', 'b/f'), '--- a/f\n+++ b/f\n@@ -1 +1,2 @@\n+a\n b\n');
    assert.equal(unifiedDiff('a\nb\n', '', 'a/f', 'b/f'), '--- a/f\n+++ b/f\n@@ -1,2 +0,0 @@\n-a\n-b\n');
  });

  it('keeps CRs in CRLF lines so that the diff applies to the file', () => {
    const d = unifiedDiff('TY - JOUR\r\nER  - \r\n', 'TY  - JOUR\r\nER  - \r\n', 'a/f', 'b/f');
    assert.ok(d.includes('-TY - JOUR\r\n+TY  - JOUR\r\n ER  - \r\n'));
  });

  it('gives a minimal diff that applies, on random small texts', () => {
    const rnd = random(7);
    for (let n = 0; n < 300; n++) {
      const pick = (): string[] => Array.from({ length: Math.floor(rnd() * 12) }, () => `${'abcd'[Math.floor(rnd() * 4)]}\n`);
      const a = pick();
      const b = pick();
      if (rnd() < 0.3 && b.length > 0) b[b.length - 1] = b[b.length - 1]!.trimEnd(); // no final line feed
      const changes = diffLines(a, b);
      const removed = changes.reduce((s, c) => s + c.aEnd - c.aStart, 0);
      const added = changes.reduce((s, c) => s + c.bEnd - c.bStart, 0);
      const common = lcs(a, b);
      assert.equal(removed, a.length - common, 'only lines outside a longest common subsequence are removed');
      assert.equal(added, b.length - common);
      assert.equal(applyPatch(a.join(''), unifiedDiff(a.join(''), b.join(''), 'a/f', 'b/f')), b.join(''));
    }
  });

  it('cuts a text too large for the exact table at lines that occur once, and stays minimal around each change', function () {
    this.timeout(10000);
    // 60,000 lines: 20,000 records of three lines, one of them unique; every tenth record changed.
    const old: string[] = [];
    const neu: string[] = [];
    for (let i = 0; i < 20000; i++) {
      old.push('TY - JOUR\n', `TI  - Title ${i}\n`, 'ER  - \n');
      neu.push(i % 10 === 0 ? 'TY  - JOUR\n' : 'TY - JOUR\n', `TI  - Title ${i}\n`, 'ER  - \n');
    }
    assert.ok(old.length * neu.length > EXACT_CELLS, 'too large for the exact table');
    const changes = diffLines(old, neu);
    assert.equal(changes.length, 2000, 'one change per changed record, the minimum');
    for (const c of changes) assert.equal(c.aEnd - c.aStart + (c.bEnd - c.bStart), 2);
    assert.equal(applyPatch(old.join(''), unifiedDiff(old.join(''), neu.join(''), 'a/f', 'b/f')), neu.join(''));
  });

  it('shows a large region without a line that occurs once as removed and added whole', () => {
    const old = Array.from({ length: 2100 }, (_, i) => `${i % 2 === 0 ? 'A' : 'B'}\n`);
    const neu = Array.from({ length: 2100 }, (_, i) => `${i % 3 === 0 ? 'A' : 'B'}\n`);
    const changes = diffLines(old, neu);
    assert.ok(changes.length >= 1);
    assert.equal(applyPatch(old.join(''), unifiedDiff(old.join(''), neu.join(''), 'a/f', 'b/f')), neu.join(''));
  });
});
