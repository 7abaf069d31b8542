/**
 * The citation worker of the desktop extension and the CLI: a Node worker thread that answers the
 * extension's requests with `handle` (see `handler.ts` and `protocol.ts`).
 */
import { parentPort } from 'node:worker_threads';
import { handle } from './handler';
import type { WorkerRequest } from './protocol';

parentPort?.on('message', (request: WorkerRequest) => {
  parentPort?.postMessage(handle(request));
});
