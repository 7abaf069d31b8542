import * as assert from 'node:assert/strict';
import {
  bibliographyPathProblem,
  classifyPath,
  expandHome,
  fileReadProblem,
  formatBytes,
  isInsideFolders,
  MAX_DOCUMENT_BYTES,
  MAX_STYLE_BYTES,
  metadataPathProblem,
  normalizePath,
  restrictedModeNote,
  styleFileDecision,
} from '../../../../src/core/paths/pathPolicy';

describe('path policy: which files may be read', () => {
  it('tells URLs, network paths, ~/ paths, absolute and relative paths apart', () => {
    const cases: [string, ReturnType<typeof classifyPath>][] = [
      ['https://example.org/nature.csl', 'remote'],
      ['http:refs.ris', 'remote'],
      ['file:///etc/passwd', 'remote'],
      ['\\\\server\\share\\refs.ris', 'network'],
      ['//host/share/refs.ris', 'network'],
      ['\\/host/x', 'network'],
      ['~/styles/nature.csl', 'home'],
      ['~\\styles\\nature.csl', 'home'],
      ['/etc/passwd', 'absolute'],
      ['C:\\Users\\me\\refs.ris', 'absolute'],
      ['c:/refs.ris', 'absolute'],
      ['C:refs.ris', 'absolute'],
      ['\\refs.ris', 'absolute'],
      ['../refs.ris', 'relative'],
      ['refs.ris', 'relative'],
      ['~refs.ris', 'relative'],
    ];
    for (const [path, kind] of cases) assert.equal(classifyPath(path), kind, path);
  });

  it('puts the home folder into ~/ paths', () => {
    assert.equal(expandHome('~/styles/a.csl', '/home/me'), '/home/me/styles/a.csl');
    assert.equal(expandHome('~\\a.csl', 'C:\\Users\\me\\'), 'C:\\Users\\me/a.csl');
    assert.equal(expandHome('~', '/home/me'), '/home/me');
    assert.equal(expandHome('~/a.csl', undefined), undefined);
    assert.equal(expandHome('a.csl', undefined), 'a.csl');
  });

  it('normalises paths and finds whether they are inside the workspace folders', () => {
    assert.equal(normalizePath('/work/review/../refs/./a.ris'), '/work/refs/a.ris');
    assert.equal(normalizePath('/../../etc//passwd'), '/etc/passwd');
    assert.equal(normalizePath('c:\\Work\\..\\x\\'), 'C:/x');
    const folders = ['/work/review', 'C:\\Users\\me\\Review'];
    assert.ok(isInsideFolders('/work/review/refs.ris', folders));
    assert.ok(isInsideFolders('/work/review', folders));
    assert.ok(isInsideFolders('/work/review/sub/../refs.ris', folders));
    assert.ok(isInsideFolders('c:/users/ME/review/refs.ris', folders), 'drive paths ignore case');
    assert.ok(!isInsideFolders('/work/review/../secret.ris', folders));
    assert.ok(!isInsideFolders('/work/reviewer/refs.ris', folders), 'a sibling with the folder name as prefix');
    assert.ok(!isInsideFolders('/Work/Review/refs.ris', folders), 'POSIX paths keep their case');
    assert.ok(!isInsideFolders('refs.ris', folders), 'a relative path is inside nothing');
    assert.ok(!isInsideFolders('/etc/passwd', []));
    assert.ok(isInsideFolders('/etc/passwd', ['/']));
  });

  it('reads only regular files up to a size', () => {
    assert.equal(fileReadProblem({ kind: 'file', size: 1000 }, MAX_STYLE_BYTES), undefined);
    assert.equal(fileReadProblem({ kind: 'file', size: MAX_DOCUMENT_BYTES }, MAX_DOCUMENT_BYTES), undefined);
    assert.equal(fileReadProblem({ kind: 'file', size: MAX_DOCUMENT_BYTES + 1 }, MAX_DOCUMENT_BYTES), 'is larger than 256 MB (268435457 bytes) and is not read');
    assert.equal(fileReadProblem({ kind: 'file', size: 6 * 1024 * 1024 }, MAX_STYLE_BYTES), 'is larger than 5 MB (6291456 bytes) and is not read');
    assert.equal(fileReadProblem({ kind: 'directory', size: 4096 }, MAX_STYLE_BYTES), 'is a folder, not a file');
    assert.match(fileReadProblem({ kind: 'other', size: 0 }, MAX_STYLE_BYTES) ?? '', /not a regular file/);
    assert.equal(formatBytes(700), '700 bytes');
    assert.equal(formatBytes(1536), '1.5 KB');
  });

  it('never opens a URL or a network path from a document, and nothing outside the workspace in Restricted Mode', () => {
    assert.match(metadataPathProblem('https://evil.example/refs.ris') ?? '', /is a URL/);
    assert.match(metadataPathProblem('\\\\server\\share\\refs.ris') ?? '', /is a network path/);
    assert.equal(metadataPathProblem('../refs.ris'), undefined);

    const trusted = { trusted: true, folders: ['/work/review'] };
    const restricted = { trusted: false, folders: ['/work/review'] };
    assert.equal(bibliographyPathProblem('../other/refs.ris', '/work/other/refs.ris', trusted), undefined);
    assert.equal(bibliographyPathProblem('refs.ris', '/work/review/refs.ris', restricted), undefined);
    assert.equal(bibliographyPathProblem('../other/refs.ris', '/work/other/refs.ris', restricted), 'Restricted Mode: ../other/refs.ris is outside the workspace folders and is not read');
    assert.match(bibliographyPathProblem('/etc/refs.ris', '/etc/refs.ris', restricted) ?? '', /^Restricted Mode/);
    assert.match(bibliographyPathProblem('//host/share/refs.ris', '/host/share/refs.ris', trusted) ?? '', /network path/);
    assert.match(bibliographyPathProblem('https://x/refs.ris', '/work/review/https:/x/refs.ris', trusted) ?? '', /URL/);
  });

  it('reads no style or locale file in Restricted Mode, and no URL or network path from a document', () => {
    assert.deepEqual(styleFileDecision('styles/nature.csl', 'front matter', true), { read: true });
    assert.deepEqual(styleFileDecision('~/styles/nature.csl', 'settings', true), { read: true });
    assert.deepEqual(styleFileDecision('\\\\server\\styles\\nature.csl', 'settings', true), { read: true });
    assert.deepEqual(styleFileDecision('styles/nature.csl', 'front matter', false), { read: false, restricted: true, reason: 'Restricted Mode: styles/nature.csl is not read' });
    assert.deepEqual(styleFileDecision('/home/me/nature.csl', 'settings', false), { read: false, restricted: true, reason: 'Restricted Mode: /home/me/nature.csl is not read' });
    assert.deepEqual(styleFileDecision('\\\\server\\nature.csl', 'front matter', true), { read: false, restricted: false, reason: '\\\\server\\nature.csl is a network path; only local files are read' });
    assert.deepEqual(styleFileDecision('https://www.zotero.org/styles/nature', 'settings', true), { read: false, restricted: false, reason: 'https://www.zotero.org/styles/nature is a URL; only local files are read' });
    assert.equal(restrictedModeNote('style', 'styles/nature.csl', 'APA'), 'Restricted Mode: using APA; the style file styles/nature.csl is not read. Trust the workspace to use it.');
    assert.equal(restrictedModeNote('locale', 'fr.xml', ''), "Restricted Mode: using the style's default locale; the locale file fr.xml is not read. Trust the workspace to use it.");
  });
});
