/**
 * The extension's side of the citation worker: starts the worker on first use, sends it one request
 * at a time, and restarts it when it dies. A request that runs longer than the timeout (10 s) or
 * fills the worker's heap (512 MB, on the desktop) stops the worker: that request fails with a clear
 * error, and the requests queued behind it go to a fresh worker. Which kind of worker runs (a Node
 * worker thread or a browser Web Worker) is the host's choice (`WorkerStarter`); no `vscode` and no
 * Node built-in here, so tests run it in plain Node and the web extension bundles it.
 */
import type { CitationCluster, OutputFormat } from '../core/csl/citeproc';
import type { CslItem } from '../core/csl/cslItems';
import { startTracked, type StyleSpec, type WorkerHandle, type WorkerRendering, type WorkerRequest, type WorkerStarter } from './protocol';

type Result = WorkerRendering | string | undefined;

interface Job {
  readonly id: number;
  readonly request: WorkerRequest;
  resolve(value: Result): void;
  reject(error: Error): void;
}

/** How the worker runs. */
export interface CiteprocClientOptions {
  /** How long one request may run before the worker is stopped (milliseconds; default 10 s). */
  readonly timeoutMs?: number;
}

export const DEFAULT_TIMEOUT_MS = 10_000;

/** Requests to the worker; every method resolves off the calling thread. */
export class CiteprocClient {
  private worker: WorkerHandle | undefined;
  private nextId = 1;
  private readonly queue: Job[] = [];
  private running: { readonly job: Job; readonly worker: WorkerHandle; readonly timer: ReturnType<typeof setTimeout> } | undefined;
  private readonly timeoutMs: number;

  /** `start`: starts a worker (`nodeThreadStarter` on the desktop, `webWorkerStarter` in the browser). */
  constructor(
    private readonly start: WorkerStarter,
    options: CiteprocClientOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  /** Formats a document's clusters and the bibliography of the cited items. */
  async render(
    style: StyleSpec,
    items: readonly CslItem[],
    clusters: readonly CitationCluster[],
    format: OutputFormat,
    titles = false,
  ): Promise<WorkerRendering> {
    const result = await this.send({ id: 0, kind: 'render', style, items, clusters, format, titles });
    if (typeof result !== 'object') throw new Error('the citation worker sent no rendering');
    return result;
  }

  /** One reference formatted alone (no citation number). */
  async reference(style: StyleSpec, item: CslItem, format: OutputFormat): Promise<string | undefined> {
    const result = await this.send({ id: 0, kind: 'reference', style, item, format });
    return typeof result === 'string' ? result : undefined;
  }

  private send(request: WorkerRequest): Promise<Result> {
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, request, resolve, reject });
      this.next();
    });
  }

  /** Sends the next queued request, unless one is running. */
  private next(): void {
    if (this.running) return;
    const job = this.queue.shift();
    if (!job) return;
    let worker: WorkerHandle;
    try {
      worker = this.ensureWorker();
    } catch (error) {
      job.reject(error instanceof Error ? error : new Error(String(error)));
      this.next();
      return;
    }
    const timer = setTimeout(() => this.timedOut(), this.timeoutMs);
    // A Node timer must not keep the CLI alive; a browser's timer is a number.
    (timer as { unref?: () => void }).unref?.();
    this.running = { job, worker, timer };
    worker.postMessage({ ...job.request, id: job.id });
  }

  /** Settles the running request and goes on with the queue. */
  private finish(outcome: { result: Result } | { error: Error }): void {
    const running = this.running;
    if (!running) return;
    clearTimeout(running.timer);
    this.running = undefined;
    if ('error' in outcome) running.job.reject(outcome.error);
    else running.job.resolve(outcome.result);
    this.next();
  }

  private timedOut(): void {
    const running = this.running;
    if (!running) return;
    this.stop(running.worker);
    this.finish({ error: new Error(`Formatting ${describe(running.job.request)} took longer than ${this.timeoutMs / 1000} s and was stopped.`) });
  }

  private stop(worker: WorkerHandle): void {
    this.forget(worker);
    worker.terminate();
  }

  private ensureWorker(): WorkerHandle {
    this.worker ??= startTracked(this.start, {
      message: (worker, response) => {
        if (this.running?.worker !== worker || response.id !== this.running.job.id) return;
        this.finish(response.ok ? { result: response.result } : { error: new Error(response.error) });
      },
      error: (worker, error, memory) => {
        this.forget(worker);
        if (this.running?.worker !== worker) return;
        const what = describe(this.running.job.request);
        this.finish({ error: memory !== undefined ? new Error(`Formatting ${what} needed more than the citation worker's ${memory} and was stopped.`) : error });
      },
      exit: (worker, code) => {
        this.forget(worker);
        if (this.running?.worker === worker) this.finish({ error: new Error(`the citation worker stopped (exit code ${code})`) });
      },
    });
    return this.worker;
  }

  /** Forgets a worker that failed or exited (the next request starts another). */
  private forget(worker: WorkerHandle): void {
    if (this.worker === worker) this.worker = undefined;
  }

  /** Stops the thread; the running and queued requests fail. The next request starts a new thread. */
  dispose(): void {
    const running = this.running;
    const queued = this.queue.splice(0);
    this.running = undefined;
    if (running) clearTimeout(running.timer);
    const worker = this.worker;
    this.worker = undefined;
    if (worker) worker.terminate();
    const stopped = new Error('the citation worker was stopped');
    running?.job.reject(stopped);
    for (const job of queued) job.reject(stopped);
  }
}

/** "the bibliography of 12 references (apa)", "the reference doe2020 (styles/nature.csl)" */
function describe(request: WorkerRequest): string {
  if (request.kind === 'reference') return `the reference ${request.item.id} (${request.style.id})`;
  return `the citations of ${request.items.length} reference${request.items.length === 1 ? '' : 's'} (${request.style.id})`;
}
