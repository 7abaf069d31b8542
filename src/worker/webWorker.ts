/**
 * Starts the citation worker as a browser Web Worker (the web extension, in vscode.dev and
 * github.dev). A browser sets no heap limit on a worker; the client's timeout still stops a request
 * that runs too long, by terminating the worker.
 */
import type { WorkerRequest, WorkerResponse, WorkerStarter } from './protocol';

/** The part of the browser's `Worker` this file uses (the project compiles without the DOM types). */
interface BrowserWorker {
  addEventListener(type: 'message', listener: (event: { readonly data: WorkerResponse }) => void): void;
  addEventListener(type: 'error', listener: (event: { readonly message?: string; preventDefault?(): void }) => void): void;
  postMessage(message: WorkerRequest): void;
  terminate(): void;
}
type BrowserWorkerConstructor = new (url: string, options?: { name?: string }) => BrowserWorker;

/** A starter of Web Workers running the script at `url` (the bundled `dist/web/citeprocWorker.js`). */
export function webWorkerStarter(url: string): WorkerStarter {
  return (events) => {
    const WorkerClass = (globalThis as { Worker?: BrowserWorkerConstructor }).Worker;
    if (WorkerClass === undefined) throw new Error('this browser extension host cannot start a Web Worker for citation formatting');
    const worker = new WorkerClass(url, { name: 'RIS References citations' });
    worker.addEventListener('message', (event) => events.message(event.data));
    worker.addEventListener('error', (event) => {
      event.preventDefault?.();
      events.error(new Error(`the citation worker failed: ${event.message ?? 'it could not be started'}`));
      // A Web Worker has no exit event: after an error it is stopped and replaced on the next request.
      worker.terminate();
      events.exit(1);
    });
    return { postMessage: (request) => worker.postMessage(request), terminate: () => worker.terminate() };
  };
}
