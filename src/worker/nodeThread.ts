/**
 * Starts a worker (the citation worker, the check worker) as a Node worker thread (the desktop
 * extension and the CLI), with a heap limit: a request that fills it stops the thread, and the client reports it as out of memory.
 */
import { Worker, type ResourceLimits } from 'node:worker_threads';
import type { WorkerRequest, WorkerResponse, WorkerStarter } from './protocol';

export const DEFAULT_RESOURCE_LIMITS: ResourceLimits = { maxOldGenerationSizeMb: 512 };

/**
 * A starter of worker threads running `script` (the bundled `citeprocWorker.js`, or `checkWorker.js`
 * with its own message types) within `resourceLimits`.
 */
export function nodeThreadStarter<Request = WorkerRequest, Response = WorkerResponse>(
  script: string,
  resourceLimits: ResourceLimits = DEFAULT_RESOURCE_LIMITS,
): WorkerStarter<Request, Response> {
  return (events) => {
    const worker = new Worker(script, { resourceLimits });
    worker.unref();
    worker.on('message', (response: Response) => events.message(response));
    worker.on('error', (error: Error & { code?: string }) => {
      const limit = resourceLimits.maxOldGenerationSizeMb;
      const memory = error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? (limit === undefined ? 'memory' : `${limit} MB of memory`) : undefined;
      events.error(error, memory);
    });
    worker.on('exit', (code) => events.exit(code));
    return { postMessage: (request, transfer) => worker.postMessage(request, transfer), terminate: () => void worker.terminate() };
  };
}
