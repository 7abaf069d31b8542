/**
 * Starts the citation worker as a browser Web Worker (the web extension, in vscode.dev and
 * github.dev). The script is fetched and started from a `blob:` URL: VS Code's web worker
 * extension host refuses to start a worker from an extension's own `vscode-remote:` location, and a
 * blob works wherever the extension was loaded from (the gallery's CDN, a server, a local folder).
 * A browser sets no heap limit on a worker; the client's timeout still stops a request that runs
 * too long, by terminating the worker.
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

/** The worker script at `url` as a `blob:` URL. */
async function blobUrlOf(url: string): Promise<string> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return URL.createObjectURL(new Blob([await response.text()], { type: 'text/javascript' }));
}

/**
 * A starter of Web Workers running the script at `url` (the bundled `dist/web/citeprocWorker.js`).
 * Requests posted before the script is loaded wait for it.
 */
export function webWorkerStarter(url: string): WorkerStarter {
  let script: Promise<string> | undefined;
  return (events) => {
    const WorkerClass = (globalThis as { Worker?: BrowserWorkerConstructor }).Worker;
    if (WorkerClass === undefined) throw new Error('this extension host cannot start a Web Worker for citation formatting');
    let worker: BrowserWorker | undefined;
    let stopped = false;
    const waiting: WorkerRequest[] = [];
    const loading = (script ??= blobUrlOf(url));
    loading.then(
      (blobUrl) => {
        if (stopped) return;
        const started = new WorkerClass(blobUrl, { name: 'RIS References citations' });
        started.addEventListener('message', (event) => events.message(event.data));
        started.addEventListener('error', (event) => {
          event.preventDefault?.();
          events.error(new Error(`the citation worker failed: ${event.message ?? 'it could not be started'}`));
          // A Web Worker has no exit event: after an error it is stopped and replaced on the next request.
          started.terminate();
          events.exit(1);
        });
        worker = started;
        for (const request of waiting.splice(0)) started.postMessage(request);
      },
      (error: unknown) => {
        if (script === loading) script = undefined; // the next worker tries again
        events.error(new Error(`the citation worker could not be loaded: ${error instanceof Error ? error.message : String(error)}`));
        events.exit(1);
      },
    );
    return {
      postMessage: (request) => (worker ? worker.postMessage(request) : void waiting.push(request)),
      terminate: () => {
        stopped = true;
        worker?.terminate();
      },
    };
  };
}
