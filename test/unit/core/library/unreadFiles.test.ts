/**
 * The References view's message about RIS files of the workspace the library could not read: none,
 * one named with its reason, several counted with the first two named.
 */
import * as assert from 'node:assert/strict';
import { unreadFilesMessage } from '../../../../src/core/library/unreadFiles';

describe('library: files not read', () => {
  it('says nothing when every file was read', () => {
    assert.equal(unreadFilesMessage([]), undefined);
  });

  it('names one file with why it was not read', () => {
    assert.equal(
      unreadFilesMessage(['big.ris is larger than 256 MB (314572800 bytes) and is not read']),
      'big.ris is larger than 256 MB (314572800 bytes) and is not read: its references are not listed.',
    );
  });

  it('counts several and names the first two', () => {
    const told = ['a.ris is larger than 256 MB (1 bytes) and is not read', 'b.ris is not a regular file (…)', 'c.ris could not be read (EACCES)'];
    assert.equal(
      unreadFilesMessage(told.slice(0, 2)),
      '2 RIS files are not read (a.ris is larger than 256 MB (1 bytes) and is not read; b.ris is not a regular file (…)): their references are not listed.',
    );
    assert.equal(
      unreadFilesMessage(told),
      '3 RIS files are not read (a.ris is larger than 256 MB (1 bytes) and is not read; b.ris is not a regular file (…); …): their references are not listed.',
    );
  });
});
