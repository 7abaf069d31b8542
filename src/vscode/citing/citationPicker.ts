import * as vscode from 'vscode';
import type { Library, LibraryEntry } from '../../core/library/referenceLibrary';
import type { Settings } from '../settings';
import type { Log } from '../log';
import { insertCitationEdit } from '../../core/markdown/citationInsert';
import { needsBraces } from '../../core/keys/keySyntax';
import type { RecentCitationKeys } from './recentKeys';
import { turnPause } from '../turns';

interface ReferencePick extends vscode.QuickPickItem {
  readonly entry: LibraryEntry;
}

function toPick(entry: LibraryEntry): ReferencePick {
  return {
    label: entry.label,
    description: entry.key,
    detail: [entry.container, entry.doi].filter(Boolean).join(' · ') || undefined,
    entry,
  };
}

/** How many matches the picker lists: the best ones; typing more narrows the search. */
export const PICKER_LIMIT = 100;

/**
 * A searchable picker over a library (author, title, year, key, DOI, journal), with multi-select.
 * Searches the library's index on each keystroke rather than giving VS Code every item, so that it
 * stays fast on 100k references: a bounded list of the best matches, each keystroke narrowing from the
 * previous one's matches. Resolves to the chosen entries (empty when cancelled).
 */
export function pickReferences(library: Library, query = '', title = 'Insert Citation', log?: Log): Promise<LibraryEntry[]> {
  return new Promise((resolve) => {
    const picker = vscode.window.createQuickPick<ReferencePick>();
    picker.title = title;
    picker.placeholder = 'Search by author, title, year, key, DOI or journal; select one or more';
    picker.canSelectMany = true;
    picker.matchOnDescription = true;
    picker.matchOnDetail = true;
    const chosen = new Map<string, ReferencePick>();
    // The search index of a large library is built in turns the first time: the picker opens at
    // once, busy, and lists matches once it is built.
    let session: ReturnType<Library['searchSession']> | undefined;
    // The best match of the last query: what Enter inserts when nothing is checked.
    let best: ReferencePick | undefined;
    const show = (query: string): void => {
      if (session === undefined) return;
      const found = session.search(query, PICKER_LIMIT).map(toPick);
      best = found[0];
      const ids = new Set(found.map((p) => `${p.entry.uri}#${p.entry.recordIndex}`));
      // Keep what is already checked visible (and checked) while the query changes.
      const kept = [...chosen.values()].filter((p) => !ids.has(`${p.entry.uri}#${p.entry.recordIndex}`));
      picker.items = [...kept, ...found];
      picker.selectedItems = picker.items.filter((p) => chosen.has(`${p.entry.uri}#${p.entry.recordIndex}`));
      // Enter with nothing checked inserts the best match.
      if (found.length > 0) picker.activeItems = [found[0]];
    };
    let settled = false;
    const finish = (entries: LibraryEntry[]): void => {
      if (settled) return;
      settled = true;
      resolve(entries);
      picker.dispose();
    };
    picker.onDidChangeValue((value) => show(value));
    picker.onDidChangeSelection((selection) => {
      chosen.clear();
      for (const p of selection) chosen.set(`${p.entry.uri}#${p.entry.recordIndex}`, p);
    });
    // Enter before the index is built: the best match once it is.
    let acceptWhenReady = false;
    picker.onDidAccept(() => {
      if (session === undefined) {
        acceptWhenReady = true;
        return;
      }
      // Nothing checked: the focused item, or (when Enter comes before the workbench has focused one,
      // e.g. right after the picker opened on a query) the best match.
      const selected = picker.selectedItems.length > 0 ? picker.selectedItems : picker.activeItems.length > 0 ? picker.activeItems : best ? [best] : [];
      finish(selected.map((p) => p.entry));
    });
    picker.onDidHide(() => finish([]));
    picker.value = query;
    picker.busy = !library.searchReady;
    picker.show();
    void library.prepareSearch(turnPause('interactive')).then(() => {
      if (settled) return;
      // The records keys cite: one whose key a later record of the library has is not offered.
      session = library.searchSession({ citable: true });
      picker.busy = false;
      show(picker.value);
      if (acceptWhenReady) {
        log?.info(`${title}: Enter came before the search index of ${library.entries.length} references was ready; the best match for "${picker.value}" is taken now that it is.`);
        finish(best ? [best.entry] : []);
      }
    });
  });
}

/**
 * Inserts citations of `keys` at each cursor of a Markdown editor, in the format of
 * `ris.citation.format`: inside an existing `[@…]` it appends `; @key`. Remembers the keys in
 * `recent` (the completion list offers them first).
 */
export async function insertCitations(settings: Settings, editor: vscode.TextEditor, keys: readonly string[], recent?: RecentCitationKeys): Promise<boolean> {
  const format = settings.get('citation.format', editor.document.uri);
  const template = settings.get('citation.template', editor.document.uri);
  const text = editor.document.getText();
  const edits = editor.selections.map((selection) => {
    const offset = editor.document.offsetAt(selection.active);
    const edit = insertCitationEdit(text, offset, keys, format === 'template' ? template : format, needsBraces);
    return { range: new vscode.Range(editor.document.positionAt(edit.start), editor.document.positionAt(edit.end)), newText: edit.newText };
  });
  const ok = await editor.edit((builder) => {
    for (const e of edits) builder.replace(e.range, e.newText);
  });
  if (ok && recent) await recent.add(keys);
  return ok;
}
