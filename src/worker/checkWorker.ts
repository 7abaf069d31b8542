/**
 * The check worker of the desktop extension: a Node worker thread that validates RIS files read from
 * disk (see `checkHandler.ts` and `checkProtocol.ts`), reading each file in 8 MiB chunks: about a
 * slice each, which `SliceEngine` slices up to its last record boundary without copying it.
 */
import * as fs from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { runCheck, type CheckSource } from './checkHandler';
import type { CheckRequest } from './checkProtocol';

const CHUNK_BYTES = 8 * 1024 * 1024;

/** The file's bytes in chunks, from its path or from the bytes the request carries. */
function sourceOf(request: CheckRequest): CheckSource {
  const { path, bytes } = request;
  if (bytes !== undefined) {
    return {
      *chunks() {
        for (let at = 0; at < bytes.length; at += CHUNK_BYTES) yield bytes.subarray(at, at + CHUNK_BYTES);
      },
      all: () => bytes,
    };
  }
  return {
    *chunks() {
      if (path === undefined) throw new Error('a check request names no file');
      const fd = fs.openSync(path, 'r');
      try {
        const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
        for (;;) {
          const n = fs.readSync(fd, buffer, 0, CHUNK_BYTES, null);
          if (n <= 0) break;
          yield buffer.subarray(0, n);
        }
      } finally {
        fs.closeSync(fd);
      }
    },
    all: () => {
      if (path === undefined) throw new Error('a check request names no file');
      return fs.readFileSync(path);
    },
  };
}

parentPort?.on('message', (request: CheckRequest) => {
  const response = runCheck(request, sourceOf(request));
  parentPort?.postMessage(response, response.ok ? [response.rows.numbers.buffer as ArrayBuffer] : []);
});
