/**
 * Large files read from disk are validated in the check worker (a worker thread) in the real
 * extension host: "Check All RIS Files" lists for a 1.4 MB export that is not open exactly what a
 * full validation of its text gives, including a duplicate of a record of another workspace file.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, waitFor, workspaceRoot } from './helpers';
import { parseRis } from '../../src/core/ris/parser';
import { validateRis } from '../../src/core/validation/validate';
import { DuplicateIndex } from '../../src/core/validation/duplicateIndex';
import { LineIndex } from '../../src/core/text/lineIndex';

/**
 * A record with its own title and DOI (`study` tells the records of two files apart); every 50th
 * has a bad DOI, every 70th no ER line.
 */
function record(i: number, abstractRepeats = 20, study = 'study'): string {
  const doi = i % 50 === 7 ? 'not a doi' : `10.5555/disk.${study}.${i}`;
  const end = i % 70 === 9 ? '' : 'ER  - \n';
  return `TY  - JOUR\nTI  - Worker checked ${study} number ${i} of deep learning in imaging\nAU  - Tester, Ann\nAU  - Roe, B.\nPY  - ${1990 + (i % 30)}\nJO  - Journal of Checks\nVL  - ${i % 40}\nSP  - ${i}\nEP  - ${i + 9}\nDO  - ${doi}\nAB  - ${'An abstract long enough to make the file large. '.repeat(abstractRepeats)}\n${end}\n`;
}

/** The copy of Esteva 2017 (a record of embase-export.ris) the large files end with. */
const ESTEVA = 'TY  - JOUR\nTI  - Dermatologist-level classification of skin cancer with deep neural networks\nAU  - Esteva, A.\nPY  - 2017\nDO  - 10.1038/nature21056\nER  - \n';

/**
 * The diagnostics of a file checked elsewhere, as `code line:character message`: the one reported
 * against the copy of Esteva 2017 (its last record) apart, and the others, which must be what
 * validating the file alone gives.
 */
function splitEsteva(uri: vscode.Uri, text: string, shown: readonly vscode.Diagnostic[]): { esteva: vscode.Diagnostic | undefined; actual: string[]; expected: string[] } {
  const esteva = shown.find((d) => d.range.start.line === text.split('\n').length - 7 && String((d.code as { value: string }).value) === 'ris.duplicate-record');
  const index = new DuplicateIndex();
  const doc = parseRis(text);
  index.set(uri.toString(), doc);
  const lines = new LineIndex(text);
  const expected = validateRis(doc, { uri: uri.toString(), duplicates: index }).map(
    (d) => `${d.code} ${lines.positionAt(d.start).line}:${lines.positionAt(d.start).character} ${d.message}`,
  );
  const actual = shown.filter((d) => d !== esteva).map((d) => `${String((d.code as { value: string }).value)} ${d.range.start.line}:${d.range.start.character} ${d.message}`);
  return { esteva, actual, expected };
}

/** Asserts that two lists of findings are equal; on a difference, says where they part rather than print hundreds of lines. */
function assertSameFindings(actual: readonly string[], expected: readonly string[]): void {
  const first = actual.findIndex((line, i) => line !== expected[i]);
  assert.ok(first < 0 && actual.length === expected.length, `${actual.length} findings, ${expected.length} expected; first difference at ${first}: ${actual[first]} ≠ ${expected[first]}`);
}

/**
 * Writes `text` to `searches/<name>` and opens it in a tab; once the file has problems, `check` gets
 * them with what the extension logged about the file meanwhile. The tab and the file go afterwards,
 * and their problems with them.
 */
async function openedFromDisk(
  name: string,
  text: string,
  timeoutMs: number,
  check: (uri: vscode.Uri, shown: readonly vscode.Diagnostic[], log: readonly string[]) => void,
): Promise<void> {
  const api = await activateExtension();
  const uri = vscode.Uri.joinPath(workspaceRoot(), 'searches', name);
  const logged = api.logEntries().length;
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  try {
    await vscode.commands.executeCommand('vscode.open', uri);
    const shown = await waitFor(() => {
      const d = vscode.languages.getDiagnostics(uri);
      return d.length > 0 ? d : undefined;
    }, `the diagnostics of ${name}`, timeoutMs);
    // The problems may be listed before the workspace index holds the file: the tab's check ends after.
    const log = await waitFor(() => {
      const mine = api.logEntries().slice(logged).map((e) => e.message).filter((m) => m.includes(name));
      return mine.some((m) => m.includes(': validated from disk in ')) ? mine : undefined;
    }, `the end of the check of ${name}`, timeoutMs);
    check(uri, vscode.languages.getDiagnostics(uri), log);
    const described = (list: readonly vscode.Diagnostic[]): string[] => list.map((d) => `${String((d.code as { value: string }).value)} ${d.range.start.line}:${d.range.start.character} ${d.message}`);
    assert.deepEqual(described(vscode.languages.getDiagnostics(uri)), described(shown), 'the problems listed first still stand');
  } finally {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(uri, { useTrash: false });
  }
  await waitFor(() => (vscode.languages.getDiagnostics(uri).length === 0 ? true : undefined), 'the deleted file forgotten', 60_000);
}

describe('Checking large files in the check worker', function () {
  this.timeout(180_000);
  const uri = (): vscode.Uri => vscode.Uri.joinPath(workspaceRoot(), 'searches', 'large-export.ris');
  after(async () => {
    // Absent when only a later test ran (a grep).
    await vscode.workspace.fs.delete(uri(), { useTrash: false }).then(undefined, (error: unknown) => {
      if (!(error instanceof vscode.FileSystemError && error.code === 'FileNotFound')) throw error;
    });
    // The workspace index forgets it (and its problems) before the next suite counts files.
    await waitFor(() => (vscode.languages.getDiagnostics(uri()).length === 0 ? true : undefined), 'the deleted file forgotten');
  });

  it('lists what a full validation lists for a file that is not open', async () => {
    const api = await activateExtension();
    // 2000 records (about 2.3 MB: read into the workspace index in turns, in pieces), one in-file
    // duplicate, and a copy of Esteva 2017 from embase-export.ris.
    const records = Array.from({ length: 2000 }, (_, i) => record(i));
    records.push(record(3));
    records.push(ESTEVA);
    const text = records.join('');
    assert.ok(text.length > 2 * 1024 * 1024, 'large enough to be read in turns');
    await vscode.workspace.fs.writeFile(uri(), new TextEncoder().encode(text));
    // The file watcher reports the new file after a moment: check until its problems are listed.
    const shown = await waitFor(
      async () => {
        const result = await vscode.commands.executeCommand<{ files: number; problems: number }>('ris.checkWorkspace');
        assert.ok(result !== undefined, 'Check All RIS Files answers');
        const d = vscode.languages.getDiagnostics(uri());
        return d.length > 0 ? d : undefined;
      },
      'the large file’s diagnostics',
      60_000,
    );
    assert.ok(
      api.logEntries().some((e) => e.message.includes('large-export.ris: 2002 records checked in the check worker')),
      'the file was checked in the worker',
    );
    assert.ok(
      api.logEntries().some((e) => e.message.includes('large-export.ris: 2002 records read into the workspace index in turns')),
      'the file was read in turns',
    );
    // The other files' duplicates are found too: the Esteva record is reported against another export.
    const { esteva, actual, expected } = splitEsteva(uri(), text, shown);
    assert.ok(esteva, 'the copy of a record of another file is reported');
    assert.match(esteva.message, /also appears in .*embase-export\.ris:\d+.*\(same DOI\)/);
    // Everything else is what validating the file alone gives.
    assert.deepEqual(actual, expected);
    assert.ok(expected.some((e) => e.startsWith('ris.duplicate-record')) && expected.some((e) => e.startsWith('ris.invalid-doi')));
  });

  it('checks the closed file again when another file gains or loses a copy of one of its records', async () => {
    const copy = vscode.Uri.joinPath(workspaceRoot(), 'searches', 'late-copy.ris');
    const mentionsCopy = (): vscode.Diagnostic | undefined => vscode.languages.getDiagnostics(uri()).find((d) => /late-copy\.ris/.test(d.message));
    assert.equal(mentionsCopy(), undefined);
    // A new export holding record 1500 of the large file (same DOI; far into it, in a later piece): no command, the file watcher tells.
    await vscode.workspace.fs.writeFile(copy, new TextEncoder().encode(record(1500)));
    try {
      const found = await waitFor(mentionsCopy, 'the large file’s record 1500 reported against the new file', 60_000);
      assert.equal(String((found.code as { value: string }).value), 'ris.duplicate-record');
      assert.match(found.message, /also appears in .*late-copy\.ris:1/);
      // And the new file's copy, once checked, points at record 1500 of the large one, whose line was
      // counted across the pieces the large file was parsed in.
      await vscode.commands.executeCommand('ris.checkWorkspace');
      const largeText = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri()));
      const recordLine = largeText.split('\n').findIndex((l) => l.includes('study number 1500 of'));
      const pointer = await waitFor(
        () => vscode.languages.getDiagnostics(copy).find((d) => d.relatedInformation?.some((r) => r.location.uri.toString() === uri().toString())),
        'the new file’s copy reported against the large file',
        60_000,
      );
      const related = pointer.relatedInformation!.find((r) => r.location.uri.toString() === uri().toString())!;
      assert.equal(related.location.range.start.line, recordLine - 1, 'the related location is the large file’s record 1500 (its TY line)');
    } finally {
      await vscode.workspace.fs.delete(copy, { useTrash: false });
    }
    await waitFor(() => (mentionsCopy() === undefined ? true : undefined), 'the duplicate gone with the new file', 60_000);
  });

  it('checks from disk a file that VS Code opens in a tab without its text (above 10 MB in a remote window)', async () => {
    // About 13 MB: VS Code asks before it opens it here, and meanwhile the tab holds no document.
    const text = Array.from({ length: 4_000 }, (_, i) => record(i, 60, 'held')).join('');
    assert.ok(text.length > 10 * 1024 * 1024 && text.length < 50 * 1024 * 1024);
    await openedFromDisk('held-export.ris', text, 60_000, (held, shown, log) => {
      assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === held.toString()), 'VS Code gave extensions no document of it');
      assert.ok(log.some((m) => m.includes('held-export.ris is open in a tab without its text')), log.join('\n'));
      const { actual, expected } = splitEsteva(held, text, shown);
      assert.ok(expected.length > 100, `${expected.length} findings expected`);
      assertSameFindings(actual, expected);
    });
  });

  it('checks a file above 50 MB opened in an editor while the workspace index reads it', async () => {
    // About 53 MB: VS Code gives extensions no text of it, so the extension checks it from disk.
    const records = Array.from({ length: 17_000 }, (_, i) => record(i, 60, 'trial'));
    records.push(record(3, 60, 'trial'));
    records.push(ESTEVA);
    const text = records.join('');
    assert.ok(text.length > 50 * 1024 * 1024, 'above VS Code’s limit');
    await openedFromDisk('huge-export.ris', text, 120_000, (huge, shown, log) => {
      // Listed as soon as the worker answered: before the index held the file, or after when it read faster.
      assert.ok(
        log.some((m) => /huge-export\.ris: 17002 records checked in the check worker \(started while the workspace index read it(\)|; listed before the workspace index held the file\))/.test(m)),
        `the worker's check started before the index held the file:\n${log.join('\n')}`,
      );
      const { esteva, actual, expected } = splitEsteva(huge, text, shown);
      assert.ok(esteva, 'the copy of a record of another file is reported');
      assert.match(esteva.message, /also appears in .*embase-export\.ris:\d+.*\(same DOI\)/);
      assertSameFindings(actual, expected);
    });
  });
});
