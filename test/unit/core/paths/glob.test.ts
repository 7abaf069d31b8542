import * as assert from 'node:assert/strict';
import { globMatcher, globToRegExp } from '../../../../src/core/paths/glob';

describe('glob', () => {
  const cases: [string, string, boolean][] = [
    ['**/*.ris', 'refs.ris', true],
    ['**/*.ris', 'a/b/refs.ris', true],
    ['**/*.ris', 'a/b/refs.RIS', false],
    ['**/*.{ris,RIS}', 'a/refs.RIS', true],
    ['refs/*.ris', 'refs/a.ris', true],
    ['refs/*.ris', 'refs/sub/a.ris', false],
    ['**/archive/**', 'x/archive/y/z.ris', true],
    ['**/archive/**', 'x/archived/z.ris', false],
    ['a?.ris', 'ab.ris', true],
    ['a?.ris', 'a/.ris', false],
    ['[ab].ris', 'b.ris', true],
    ['[!ab].ris', 'b.ris', false],
    ['file (1).ris', 'file (1).ris', true],
    // `**` inside a name is a `*`: it does not cross folders.
    ['**/x**y/*.ris', 'a/xqy/b.ris', true],
    ['**/x**y/*.ris', 'a/x/q/y/b.ris', false],
    ['**.ris', 'a.ris', true],
    ['**.ris', 'refs/a.ris', false],
    // A leading `!` is no negation in VS Code's globs: it is a literal character.
    ['!old.ris', '!old.ris', true],
    ['!old.ris', 'new.ris', false],
  ];
  for (const [glob, path, expected] of cases) {
    it(`${glob} ${expected ? 'matches' : 'does not match'} ${path}`, () => {
      assert.equal(globToRegExp(glob).test(path), expected);
    });
  }

  /**
   * What VS Code's own glob matcher answers for these patterns and paths (the cases of its glob unit
   * tests that use `/` separators), so `ris.library.include`/`exclude` read as `files.exclude` does.
   */
  const vscodeCases: [string, readonly string[], readonly string[]][] = [
    ['node_modules', ['node_modules'], ['node_module', '/node_modules', 'test/node_modules']],
    ['test.txt', ['test.txt'], ['test?txt', '/text.txt', 'test/test.txt']],
    ['test(.txt', ['test(.txt'], ['test?txt']],
    ['.*', ['.git', '.hidden.txt'], ['git', 'hidden.txt', 'path/.git', 'path/.hidden.txt']],
    ['**/.*', ['.git', '.hidden.txt', 'path/.git', 'path/.hidden.txt'], ['git', 'hidden.txt', 'path/git', 'pat.h/hidden.txt']],
    ['**/._*', ['._git', 'path/._git', 'path/._hidden.txt'], ['git', 'hidden._txt', 'path/git', 'pat.h/hidden._txt']],
    ['*.js', ['foo.js'], ['folder/foo.js', '/node_modules/foo.js', 'foo.jss', 'some.js/test']],
    ['html.*', ['html.js', 'html.txt'], ['htm.txt']],
    ['*.*', ['html.js', 'htm.txt'], ['folder/foo.js', '/node_modules/foo.js']],
    ['node_modules/test/*.js', ['node_modules/test/foo.js'], ['folder/foo.js', '/node_module/test/foo.js', 'foo.jss', 'some.js/test']],
    ['node*modules', ['node_modules', 'node_super_modules'], ['node_module', '/node_modules', 'test/node_modules']],
    ['*', ['html.js', 'htm.txt'], ['folder/foo.js', '/node_modules/foo.js']],
    ['node?modules', ['node_modules'], ['node_super_modules', 'node_module', '/node_modules', 'test/node_modules']],
    ['?', ['h'], ['html.txt', 'folder/foo.js']],
    ['**/*.js', ['foo.js', 'folder/foo.js', '/node_modules/foo.js'], ['foo.jss', 'some.js/test', '/some.js/test']],
    ['**/project.json', ['project.json', '/project.json', 'some/folder/project.json'], ['some/folder/file_project.json', 'some/folder/fileproject.json', 'some/rrproject.json']],
    ['test/**', ['test', 'test/foo.js', 'test/other/foo.js'], ['est/other/foo.js']],
    ['**', ['foo.js', 'folder/foo.js', '/node_modules/foo.js', 'foo.jss', 'some.js/test'], []],
    ['test/**/*.js', ['test/foo.js', 'test/other/foo.js', 'test/other/more/foo.js'], ['test/foo.ts', 'test/other/foo.ts', 'test/other/more/foo.ts']],
    ['**/**/*.js', ['foo.js', 'folder/foo.js', '/node_modules/foo.js'], ['foo.jss', 'some.js/test']],
    ['**/node_modules/**/*.js', ['node_modules/foo.js', 'node_modules/some/folder/foo.js'], ['foo.js', 'folder/foo.js', 'node_modules/some/folder/foo.ts', 'foo.jss', 'some.js/test']],
    [
      '{**/node_modules/**,**/.git/**,**/bower_components/**}',
      ['node_modules', '/node_modules', '/node_modules/more', 'some/test/node_modules', 'bower_components', 'bower_components/more', '.git', '/.git', 'some/test/.git'],
      ['tempting', '/tempting', 'some/test/tempting'],
    ],
    ['{**/package.json,**/project.json}', ['package.json', '/package.json'], ['xpackage.json', '/xpackage.json']],
    ['*.{html,js}', ['foo.js', 'foo.html'], ['folder/foo.js', '/node_modules/foo.js', 'foo.jss', 'some.js/test']],
    ['*.{html}', ['foo.html'], ['foo.js', 'folder/foo.js', 'foo.jss']],
    ['{node_modules,testing}', ['node_modules', 'testing'], ['node_module', 'dtesting']],
    ['**/{foo,bar}', ['foo', 'bar', 'test/foo', 'other/more/bar'], []],
    ['{foo,bar}/**', ['foo', 'bar', 'foo/test', 'bar/other/more'], []],
    ['{**/*.d.ts,**/*.js}', ['foo.js', 'testing/foo.js', '/testing/foo.js', 'foo.d.ts', '/testing/foo.d.ts'], ['foo.d', 'testing/foo.d', '/testing/foo.d']],
    ['{**/*.d.ts,**/*.js,path/simple.jgs}', ['foo.js', 'path/simple.jgs'], ['/path/simple.jgs']],
    ['{**/*.d.ts,**/*.js,foo.[0-9]}', ['foo.5', 'foo.8', 'foo.js'], ['bar.5', 'foo.f']],
    ['prefix/{**/*.d.ts,**/*.js,foo.[0-9]}', ['prefix/foo.5', 'prefix/foo.8', 'prefix/foo.js'], ['prefix/bar.5', 'prefix/foo.f']],
    ['foo.[0-9]', ['foo.5', 'foo.8'], ['bar.5', 'foo.f']],
    ['foo.[^0-9]', ['foo.f'], ['foo.5', 'foo.8', 'bar.5']],
    ['**/*.js', ['/foo.js', 'testing/foo.js'], ['foo.js.txt', 'testing/foo.js.txt', 'testing.js/foo', '/testing.js/foo']],
    ['**/foo.js', ['foo.js', '/foo.js', 'testing/foo.js', '/testing/foo.js'], []],
  ];
  for (const [glob, matching, other] of vscodeCases) {
    it(`reads ${glob} as VS Code does`, () => {
      const re = globToRegExp(glob);
      for (const path of matching) assert.ok(re.test(path), `${glob} matches ${path}`);
      for (const path of other) assert.ok(!re.test(path), `${glob} does not match ${path}`);
    });
  }

  it('combines include and exclude lists', () => {
    const match = globMatcher(['**/*.ris'], ['**/node_modules/**', 'old/**']);
    assert.equal(match('refs/a.ris'), true);
    assert.equal(match('old/a.ris'), false);
    assert.equal(match('x/node_modules/p/a.ris'), false);
    assert.equal(match('refs/a.bib'), false);
  });
});
