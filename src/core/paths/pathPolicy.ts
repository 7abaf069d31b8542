/**
 * Which files may be read, as pure functions the extension and the CLI apply.
 *
 * - Everywhere: only regular files are read (a symbolic link is fine when its target is one; a
 *   folder, device, pipe or socket never is: `/dev/zero` would be read without end), and only up to
 *   a size (256 MB for RIS and Markdown, 5 MB for a CSL style or locale).
 * - Everywhere: a path from a document's metadata (front matter) that is a URL (`https://…`) or a
 *   network path (`\\server\share`, `//host/share`) is never opened: opening a document must not
 *   reach out to another machine.
 * - In VS Code's Restricted Mode (an untrusted workspace): no file outside the workspace folders,
 *   and no user style or locale file at all (the bundled style and locales are used instead).
 *
 * Paths here are file-system paths with `/` or `\` separators (`C:\x`, `/home/x`), not URIs.
 */

/** Files larger than this are not read as RIS (a 100,000-record export is about 220 MB) or Markdown. */
export const MAX_DOCUMENT_BYTES = 256 * 1024 * 1024;
/** CSL styles and locales larger than this are not read (the largest real styles are about 100 KB). */
export const MAX_STYLE_BYTES = 5 * 1024 * 1024;

/**
 * What a path written by a user is: a URL (`http:`, `https:`, `file:`, any scheme), a network path
 * (`\\server\share`, `//host/share`), `~/…`, an absolute path (`/x`, `C:\x`, `\x`), or relative.
 */
export type PathKind = 'remote' | 'network' | 'home' | 'absolute' | 'relative';

export function classifyPath(raw: string): PathKind {
  const path = raw.trim();
  if (/^[\\/]{2}/.test(path)) return 'network';
  // A scheme of two or more letters (one letter is a Windows drive: `C:\x`, `C:x`).
  if (/^[A-Za-z][A-Za-z0-9+.-]+:/.test(path)) return 'remote';
  if (path === '~' || /^~[\\/]/.test(path)) return 'home';
  if (/^[\\/]/.test(path) || /^[A-Za-z]:/.test(path)) return 'absolute';
  return 'relative';
}

/** `~/x` with the home folder put in (`home/x`); other paths as they are; undefined without a home. */
export function expandHome(raw: string, home: string | undefined): string | undefined {
  if (classifyPath(raw) !== 'home') return raw;
  if (home === undefined || home === '') return undefined;
  const rest = raw.trim().slice(1).replace(/^[\\/]/, '');
  return rest === '' ? home : `${home.replace(/[\\/]+$/, '')}/${rest}`;
}

/**
 * A path with `/` separators, `.` and `..` segments resolved (never above the root), repeated
 * separators collapsed, no trailing separator, and a Windows drive letter in upper case.
 */
export function normalizePath(path: string): string {
  let p = path.replace(/\\/g, '/');
  let root = '';
  const drive = /^([A-Za-z]):\/?/.exec(p);
  if (drive) {
    root = `${drive[1]?.toUpperCase() ?? ''}:/`;
    p = p.slice(drive[0].length);
  } else if (p.startsWith('/')) {
    root = '/';
  }
  const parts: string[] = [];
  for (const segment of p.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (parts.length > 0 && parts[parts.length - 1] !== '..') parts.pop();
      else if (root === '') parts.push('..');
      continue;
    }
    parts.push(segment);
  }
  return root + parts.join('/');
}

/**
 * True when `path` (absolute) is one of `folders` (absolute) or inside one, compared after
 * `normalizePath`. Paths with a drive letter compare without regard to case, as Windows does.
 */
export function isInsideFolders(path: string, folders: readonly string[]): boolean {
  const target = normalizePath(path);
  if (classifyPath(path) === 'relative' || target.startsWith('..')) return false;
  const fold = (p: string): string => (/^[A-Z]:\//.test(p) ? p.toLowerCase() : p);
  const t = fold(target);
  return folders.some((folder) => {
    const f = fold(normalizePath(folder));
    if (f === '') return false;
    return t === f || t.startsWith(f.endsWith('/') ? f : `${f}/`);
  });
}

/** What a `stat` says of a path: a regular file (after following links), a folder, or something else. */
export interface FileFacts {
  readonly kind: 'file' | 'directory' | 'other';
  readonly size: number;
}

/**
 * Why a file must not be read, or undefined when it may: it is not a regular file, or is larger
 * than `limit` bytes. The reason reads after the file's name ("refs.ris is not a regular file…").
 */
export function fileReadProblem(facts: FileFacts, limit: number): string | undefined {
  if (facts.kind === 'directory') return 'is a folder, not a file';
  if (facts.kind === 'other') return 'is not a regular file (devices, pipes and sockets are never read)';
  if (facts.size > limit) return `is larger than ${formatBytes(limit)} (${facts.size} bytes) and is not read`;
  return undefined;
}

/** `5 MB`, `256 MB`, `1.5 GB`, `700 bytes` (binary units, as file managers print them). */
export function formatBytes(bytes: number): string {
  const units: [number, string][] = [
    [1024 ** 3, 'GB'],
    [1024 ** 2, 'MB'],
    [1024, 'KB'],
  ];
  for (const [size, unit] of units) {
    if (bytes >= size) {
      const value = Math.round((bytes / size) * 10) / 10;
      return `${Number.isInteger(value) ? value : value.toFixed(1)} ${unit}`;
    }
  }
  return `${bytes} bytes`;
}

/**
 * Why a path from a document's metadata (a front-matter `bibliography`, `csl` or `lang` entry) must
 * not be opened, or undefined when it may: it is a URL or a network path.
 */
export function metadataPathProblem(raw: string): string | undefined {
  const kind = classifyPath(raw);
  if (kind === 'remote') return `${raw} is a URL; only local files are read`;
  if (kind === 'network') return `${raw} is a network path; only local files are read`;
  return undefined;
}

/** Where the files the extension reads may be. */
export interface ReadScope {
  /** False in VS Code's Restricted Mode (an untrusted workspace). */
  readonly trusted: boolean;
  /** The workspace folders (absolute file-system paths). */
  readonly folders: readonly string[];
}

/**
 * Why the bibliography file `resolved` (the absolute path that `raw`, as written in the front
 * matter, names) must not be read, or undefined when it may: a URL or network path never, a file
 * outside the workspace folders not in Restricted Mode.
 */
export function bibliographyPathProblem(raw: string, resolved: string, scope: ReadScope): string | undefined {
  const problem = metadataPathProblem(raw);
  if (problem !== undefined) return problem;
  if (!scope.trusted && !isInsideFolders(resolved, scope.folders)) return `Restricted Mode: ${raw} is outside the workspace folders and is not read`;
  return undefined;
}

/** Whether a style or locale file may be read; when not, why, and whether only Restricted Mode keeps it from being read. */
export type StyleFileDecision = { readonly read: true } | { readonly read: false; readonly restricted: boolean; readonly reason: string };

/**
 * Whether a citation style or locale file (`raw`, from the front matter or from a setting) may be
 * read. A URL never is (styles are not downloaded), a network path not from a document's front
 * matter, and in Restricted Mode no file at all: a path may point anywhere on the machine.
 */
export function styleFileDecision(raw: string, from: 'front matter' | 'settings', trusted: boolean): StyleFileDecision {
  const kind = classifyPath(raw);
  if (kind === 'remote' || (kind === 'network' && from === 'front matter')) {
    return { read: false, restricted: false, reason: metadataPathProblem(raw) ?? `${raw} is not a local file` };
  }
  if (!trusted) return { read: false, restricted: true, reason: `Restricted Mode: ${raw} is not read` };
  return { read: true };
}

/**
 * The note shown in the preview and hovers when a style or locale file is not used in Restricted
 * Mode: "Restricted Mode: using APA; the style file nature.csl is not read. Trust the workspace to
 * use it."
 */
export function restrictedModeNote(what: 'style' | 'locale', file: string, fallback: string): string {
  const using = what === 'style' ? `using ${fallback}` : `using ${fallback === '' ? "the style's default locale" : fallback}`;
  return `Restricted Mode: ${using}; the ${what} file ${file} is not read. Trust the workspace to use it.`;
}
