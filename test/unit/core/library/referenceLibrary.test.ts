/**
 * The reference library rebuilt after an edit: what it shows of each record is read again only for
 * the records the edit re-parsed (the others are the same record objects, whose summaries are
 * kept), and what it shows of the edited record is its new text, never the old.
 */
import * as assert from 'node:assert/strict';
import { Library } from '../../../../src/core/library/referenceLibrary';
import { updateDocument } from '../../../../src/core/ris/incremental';
import { parseRis } from '../../../../src/core/ris/parser';

const record = (author: string, title: string, year: string): string =>
  ['TY  - JOUR', `AU  - ${author}`, `TI  - ${title}`, `PY  - ${year}`, 'T2  - Journal of Tests', 'ER  - ', ''].join('\n');

describe('Library rebuilt after an edit', () => {
  it('reads again only the edited record, and shows its new text', () => {
    const text = record('Smith, Anna', 'A first title', '2020') + record('Jones, Ben', 'A second title', '2021') + record('Brown, Cy', 'A third title', '2022');
    const before = parseRis(text);
    const first = new Library([{ uri: 'file:///refs.ris', doc: before }]);
    const at = text.indexOf('A second title') + 'A second'.length;
    const next = `${text.slice(0, at)} revised${text.slice(at)}`;
    const after = updateDocument(before, next, [{ start: at, end: at, newText: ' revised' }]);
    const second = new Library([{ uri: 'file:///refs.ris', doc: after }]);
    assert.equal(second.entries.length, 3);
    assert.equal(second.entries[1]!.title, 'A second revised title');
    assert.match(second.entries[1]!.label, /A second revised title/);
    assert.equal(first.entries[1]!.title, 'A second title');
    // The untouched records are the same objects, and their summaries are not made again.
    assert.equal(second.entries[0]!.record, first.entries[0]!.record);
    assert.equal(second.entries[0]!.authors, first.entries[0]!.authors);
    assert.equal(second.entries[2]!.authors, first.entries[2]!.authors);
    assert.notEqual(second.entries[1]!.authors, first.entries[1]!.authors);
    // Keys and lookups are the new library's own.
    assert.equal(second.byKey(second.entries[1]!.key), second.entries[1]);
  });
});
