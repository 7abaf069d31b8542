/**
 * Glob patterns as VS Code settings write them (`**\/*.ris`, `refs/{a,b}.ris`, `**\/archive/**`),
 * matched against workspace-relative paths with `/` separators, the way VS Code's own glob matcher
 * (`files.exclude`, `search.exclude`) reads them: `*` and `?` stay inside one folder name and match
 * dotfiles too; `**` is a globstar only as a whole path segment (elsewhere it is a `*`); `dir/**`
 * matches `dir` itself; `{a,b}` sets (nested ones too) and `[…]` classes (`[!…]`/`[^…]` negated);
 * matching is case-sensitive; a leading `!` is a literal character, as in VS Code.
 */

/** True when position `i` of `glob` starts a path segment (`brace` > 0: inside a `{…}` set). */
function startsSegment(glob: string, i: number, braces: number): boolean {
  const before = glob[i - 1];
  return i === 0 || before === '/' || (braces > 0 && (before === '{' || before === ','));
}

/** True when position `i` of `glob` ends a path segment. */
function endsSegment(glob: string, i: number, braces: number): boolean {
  const at = glob[i];
  return at === undefined || at === '/' || (braces > 0 && (at === '}' || at === ','));
}

/** Turns a glob into a regular expression anchored at both ends. */
export function globToRegExp(glob: string): RegExp {
  let out = '';
  let braces = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') {
      if (glob[i + 1] === '*' && startsSegment(glob, i, braces) && endsSegment(glob, i + 2, braces)) {
        if (glob[i + 2] === '/') {
          // `**/` matches any number of folders (including none).
          out += '(?:[^/]*/)*';
          i += 2;
        } else if (out.endsWith('\\/')) {
          // A trailing `/**` matches anything below the folder, and the folder itself.
          out = `${out.slice(0, -2)}(?:/.*)?`;
          i += 1;
        } else {
          out += '.*';
          i += 1;
        }
      } else {
        out += '[^/]*';
        while (glob[i + 1] === '*') i++;
      }
    } else if (c === '?') out += '[^/]';
    else if (c === '{') {
      braces++;
      out += '(?:';
    } else if (c === '}' && braces > 0) {
      braces--;
      out += ')';
    } else if (c === ',' && braces > 0) out += '|';
    else if (c === '[') {
      const close = glob.indexOf(']', i + 1);
      if (close < 0) out += '\\[';
      else {
        const body = glob.slice(i + 1, close).replace(/\\/g, '\\\\');
        out += `[${body.startsWith('!') ? `^${body.slice(1)}` : body}]`;
        i = close;
      }
    } else out += c.replace(/[.+^$()|\\/]/g, '\\$&');
  }
  return new RegExp(`^${out}$`);
}

/** A matcher for a list of include globs and a list of exclude globs. */
export function globMatcher(include: readonly string[], exclude: readonly string[]): (relativePath: string) => boolean {
  const inc = include.map(globToRegExp);
  const exc = exclude.map(globToRegExp);
  return (path) => inc.some((r) => r.test(path)) && !exc.some((r) => r.test(path));
}
