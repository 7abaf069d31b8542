/**
 * Reading files the CLI is given or finds in a document's front matter: only regular files (a
 * symbolic link to one is fine), up to a size (see `core/pathPolicy.ts`). A link to `/dev/zero`
 * or a named pipe would otherwise be read without end or block forever. Also the RIS files a
 * command is given (folders searched for `*.ris`), read, decoded and parsed.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { decodeRisBytes } from '../core/ris/decode';
import type { DecodedText, RisDocument } from '../core/ris/model';
import { parseRis } from '../core/ris/parser';
import { fileReadProblem, MAX_DOCUMENT_BYTES, type FileFacts } from '../core/paths/pathPolicy';
import { PathUsageError } from './args';

function factsOf(stat: fs.Stats): FileFacts {
  return { kind: stat.isFile() ? 'file' : stat.isDirectory() ? 'directory' : 'other', size: stat.size };
}

/** The error for a file that must not be read: "refs.ris is not a regular file (…)". */
export class UnreadableFileError extends Error {}

/** Throws an `UnreadableFileError` unless `file` (links followed) is a regular file of at most `limit` bytes. */
export function assertReadableFile(file: string, limit = Infinity): void {
  const problem = fileReadProblem(factsOf(fs.statSync(file)), limit);
  if (problem !== undefined) throw new UnreadableFileError(`${file} ${problem}`);
}

/**
 * The bytes of `file`, which must be a regular file (a link to one is fine) of at most `limit`
 * bytes; throws an `UnreadableFileError` otherwise (or the file system's error: no such file…).
 * Checked before opening and again on the open file, and never more than `limit` bytes are read,
 * even from a file that grows meanwhile.
 */
export function readRegularFileSync(file: string, limit: number): Buffer {
  assertReadableFile(file, limit);
  // O_NONBLOCK: should the path have become a named pipe since, opening it does not wait for a writer.
  const fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  try {
    const stat = fs.fstatSync(fd);
    const problem = fileReadProblem(factsOf(stat), limit);
    if (problem !== undefined) throw new UnreadableFileError(`${file} ${problem}`);
    // One byte more than the size, to see the end (or that the file grew).
    let buffer = Buffer.allocUnsafe(Math.min(limit, stat.size) + 1);
    let total = 0;
    for (;;) {
      if (total === buffer.length) {
        if (total > limit) throw new UnreadableFileError(`${file} ${fileReadProblem({ kind: 'file', size: total }, limit) ?? ''} (it grew while being read)`);
        const bigger = Buffer.allocUnsafe(Math.min(limit + 1, buffer.length * 2));
        buffer.copy(bigger, 0, 0, total);
        buffer = bigger;
      }
      const n = fs.readSync(fd, buffer, total, buffer.length - total, null);
      if (n <= 0) break;
      total += n;
    }
    return buffer.subarray(0, total);
  } finally {
    fs.closeSync(fd);
  }
}

/** `readRegularFileSync` decoded as UTF-8, without a byte-order mark. */
export function readTextFileSync(file: string, limit: number): string {
  return readRegularFileSync(file, limit).toString('utf8').replace(/^\ufeff/, '');
}

/** A RIS file read, decoded and parsed. */
export interface LoadedRis {
  readonly file: string;
  readonly decoded: DecodedText;
  readonly parsed: RisDocument;
}

/** Reads a RIS file (see `readRegularFileSync`; at most `limit` bytes), decodes and parses it. */
export function readRisFile(file: string, limit: number = MAX_DOCUMENT_BYTES): LoadedRis {
  const decoded = decodeRisBytes(readRegularFileSync(file, limit));
  return { file, decoded, parsed: parseRis(decoded.text) };
}

/** Every `*.ris` file under the given files and folders (recursively, skipping dot folders and node_modules). */
export function collectRisFiles(paths: readonly string[]): string[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    const entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && entry.name.toLowerCase().endsWith('.ris')) files.push(full);
    }
  };
  for (const p of paths) {
    const stat = fs.statSync(p, { throwIfNoEntry: false });
    if (!stat) throw new PathUsageError(`no such file or folder: ${p}`);
    if (stat.isDirectory()) walk(p);
    else if (stat.isFile()) files.push(p);
    else throw new PathUsageError(`not a regular file: ${p} (devices, pipes and sockets are never read)`);
  }
  return files;
}
