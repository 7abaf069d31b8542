/**
 * The citation worker of the web extension: a browser Web Worker that answers the same requests as
 * the desktop's worker thread, with the same `handle` (see `handler.ts` and `protocol.ts`).
 */
import { handle } from './handler';
import type { WorkerRequest } from './protocol';

/** The part of a Web Worker's global scope this file uses (the project compiles without the DOM types). */
interface WorkerScope {
  addEventListener(type: 'message', listener: (event: { readonly data: WorkerRequest }) => void): void;
  postMessage(message: unknown): void;
}

const scope = globalThis as unknown as WorkerScope;
scope.addEventListener('message', (event) => scope.postMessage(handle(event.data)));
