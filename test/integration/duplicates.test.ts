import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { parseProvenance } from '../../src/core/dedup/merge';
import { parseRis } from '../../src/core/ris/parser';
import { activateExtension, waitFor, workspaceRoot } from './helpers';

interface MemberLike {
  uri: vscode.Uri;
  line: number;
  ref: string;
  label: string;
}
interface GroupLike {
  decision: 'duplicate' | 'possible';
  reasons: string[];
  members: MemberLike[];
}
interface NodeLike {
  kind: 'group' | 'member';
  group: GroupLike;
}

const fileOf = (m: MemberLike): string => m.uri.path.slice(m.uri.path.lastIndexOf('/') + 1);

async function groups(): Promise<NodeLike[]> {
  const api = await activateExtension();
  return (await api.duplicatesView.provider.getChildren(undefined)) as NodeLike[];
}

/** The group whose members come from exactly these files and whose labels mention `author`. */
async function groupOf(author: string): Promise<NodeLike | undefined> {
  return (await groups()).find((n) => n.group.members.some((m) => m.label.startsWith(author) && fileOf(m) === 'embase-export.ris'));
}

describe('duplicates', function () {
  this.timeout(120_000);
  const decisionsFile = (): vscode.Uri => vscode.Uri.joinPath(workspaceRoot(), 'ris-duplicates.json');

  after(async () => {
    await vscode.workspace.fs.delete(decisionsFile()).then(undefined, () => undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('lists the groups of the example searches, with reasons, and keeps the corrigendum apart', async () => {
    const all = await groups();
    const fromEmbase = all.filter((n) => n.group.members.some((m) => fileOf(m) === 'embase-export.ris'));
    const authors = fromEmbase.map((n) => n.group.members.find((m) => fileOf(m) === 'embase-export.ris')!.label.split(' ')[0]).sort();
    assert.deepEqual(authors, ['Ardila', 'Esteva', 'Gulshan', 'Litjens', 'McKinney'], JSON.stringify(all.map((n) => n.group.members.map((m) => m.label))));
    const litjens = await groupOf('Litjens');
    assert.ok(litjens);
    assert.equal(litjens.group.decision, 'duplicate');
    assert.deepEqual(litjens.group.members.map(fileOf).sort(), ['embase-export.ris', 'pubmed-endnote.ris', 'scopus-export.ris']);
    assert.ok(litjens.group.reasons.length > 0);
    for (const n of all) assert.ok(!n.group.members.some((m) => m.label.includes('Corrigendum')), 'the corrigendum is in no group');
    const api = await activateExtension();
    await waitFor(() => api.duplicatesView.view.message?.includes('among') ? true : undefined, 'the view message');
    assert.match(api.duplicatesView.view.message ?? '', /duplicate record\(s\) to remove/);
  });

  it('Compare opens a diff of the two records', async () => {
    const gulshan = await groupOf('Gulshan');
    assert.ok(gulshan);
    await vscode.commands.executeCommand('ris.duplicates.compare', gulshan);
    const tab = await waitFor(() => {
      const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
      return input instanceof vscode.TabInputTextDiff ? input : undefined;
    }, 'a diff editor');
    assert.equal(tab.original.scheme, 'ris-record');
    const left = await vscode.workspace.openTextDocument(tab.original);
    const right = await vscode.workspace.openTextDocument(tab.modified);
    const texts = [left.getText(), right.getText()];
    assert.ok(texts.every((t) => t.startsWith('TY  - ') && /Gulshan/.test(t)), texts.join('\n---\n'));
    assert.ok(texts.some((t) => t.includes('JO  - JAMA')), 'the Embase record');
  });

  it('saves a decision in ris-duplicates.json and reads it back', async () => {
    const gulshan = await groupOf('Gulshan');
    assert.ok(gulshan);
    const refs = gulshan.group.members.map((m) => m.ref);
    assert.equal(await vscode.commands.executeCommand('ris.duplicates.notDuplicate', gulshan), true);
    const saved = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(decisionsFile()))) as { decisions: { a: string; b: string; duplicate: boolean }[] };
    assert.deepEqual(saved.decisions, [{ a: [...refs].sort()[0], b: [...refs].sort()[1], duplicate: false }]);
    assert.ok(refs.some((r) => r.startsWith('searches/scopus-export.ris#id=gulshan2016development')), refs.join(' '));
    assert.equal(await groupOf('Gulshan'), undefined, 'the pair is no longer grouped');
    // The person changes their mind: the pair is a duplicate after all.
    await vscode.workspace.fs.delete(decisionsFile());
    await vscode.commands.executeCommand('ris.duplicates.refresh');
    assert.ok(await groupOf('Gulshan'));
  });

  it('Deduplicate writes a new file, one record per group, every value and a provenance note kept', async () => {
    const output = vscode.Uri.joinPath(workspaceRoot(), 'deduplicated.ris');
    const outcome = (await vscode.commands.executeCommand('ris.deduplicate', output, { confirm: false })) as { recordsIn: number; duplicatesRemoved: number; recordsOut: number };
    try {
      assert.ok(outcome);
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(output));
      const written = parseRis(text);
      assert.equal(written.records.length, outcome.recordsOut);
      assert.equal(outcome.recordsIn - outcome.duplicatesRemoved, outcome.recordsOut);
      // Every source record has its provenance note in exactly one written record, and that record has
      // every value of the source: the same value, or (for a field the kept record already had) the
      // kept record's value of that tag; authors of another form may be left out only when it has authors.
      const home = new Map<string, (typeof written.records)[number]>();
      for (const r of written.records) {
        for (const f of r.fields) {
          const p = f.tag === 'N1' ? parseProvenance(f.value) : undefined;
          if (p) home.set(`${p.file}:${p.line}`, r);
        }
      }
      let sources = 0;
      for (const name of ['searches/embase-export.ris', 'searches/scopus-export.ris', 'searches/pubmed-endnote.ris', 'inbox/psycinfo-search.ris']) {
        const source = parseRis(new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(workspaceRoot(), name))));
        for (const record of source.records) {
          sources++;
          const target = home.get(`${name.slice(name.indexOf('/') + 1)}:${record.startLine + 1}`);
          assert.ok(target, `${name}:${record.startLine + 1} has a provenance note`);
          const has = (tag: string, value: string): boolean => target.fields.some((f) => f.tag === tag && f.value.replace(/\s+/g, ' ').trim() === value);
          const hasTag = (tag: string): boolean => target.fields.some((f) => f.tag === tag);
          const hasAuthors = target.fields.some((f) => ['AU', 'A1'].includes(f.tag));
          for (const f of record.fields) {
            const value = f.value.replace(/\s+/g, ' ').trim();
            if (f.tag === 'TY' || f.tag === 'ER' || value === '') continue;
            if (f.tag === 'ID') continue; // the ID of a merged-away record is in its provenance note
            if (f.tag === 'AU' || f.tag === 'A1') {
              assert.ok(has(f.tag, value) || hasAuthors, `${name}: ${f.tag} ${value}`);
              continue;
            }
            assert.ok(has(f.tag, value) || hasTag(f.tag), `${name}:${record.startLine + 1}: ${f.tag} ${value} is lost`);
          }
        }
      }
      assert.equal(home.size, sources, 'one provenance note per record of the library');
      // The Duplicates view leaves the written file out.
      await vscode.commands.executeCommand('ris.duplicates.refresh');
      const all = await groups();
      assert.ok(!all.some((n) => n.group.members.some((m) => fileOf(m) === 'deduplicated.ris')));
    } finally {
      await vscode.workspace.fs.delete(output).then(undefined, () => undefined);
      // Leave the library as the other suites expect it: without the written file.
      const api = await activateExtension();
      await waitFor(async () => {
        const files = (await api.referencesView.provider.getChildren(undefined)) ?? [];
        const labels = files.map((g) => String((api.referencesView.provider.getTreeItem(g) as vscode.TreeItem).label));
        return labels.length > 0 && labels.every((l) => l.endsWith('.ris')) && !labels.includes('deduplicated.ris') ? true : undefined;
      }, 'the library to forget deduplicated.ris');
    }
  });
});
