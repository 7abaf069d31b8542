/**
 * The extension's side of the citation worker: starts the thread on first use, sends it one request
 * at a time, and restarts it when it dies. A request that runs longer than the timeout (10 s) or
 * fills the worker's heap (512 MB) stops the thread: that request fails with a clear error, and the
 * requests queued behind it go to a fresh thread. No `vscode` here, so tests run it in plain Node.
 */
import * as path from 'node:path';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import type { CitationCluster, OutputFormat } from '../core/csl/citeproc';
import type { CslItem } from '../core/csl/cslItems';
import type { StyleSpec, WorkerRendering, WorkerRequest, WorkerResponse } from './protocol';

type Result = WorkerRendering | string | undefined;

interface Job {
  readonly id: number;
  readonly request: WorkerRequest;
  resolve(value: Result): void;
  reject(error: Error): void;
}

/** How the worker runs. */
export interface CiteprocClientOptions {
  /** How long one request may run before the thread is stopped (milliseconds; default 10 s). */
  readonly timeoutMs?: number;
  /** The thread's resource limits (default: a 512 MB heap). */
  readonly resourceLimits?: ResourceLimits;
}

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_RESOURCE_LIMITS: ResourceLimits = { maxOldGenerationSizeMb: 512 };

/** Requests to the worker; every method resolves off the calling thread. */
export class CiteprocClient {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly queue: Job[] = [];
  private running: { readonly job: Job; readonly worker: Worker; readonly timer: ReturnType<typeof setTimeout> } | undefined;
  private readonly timeoutMs: number;
  private readonly resourceLimits: ResourceLimits;

  /** `script`: the worker's file (`citeprocWorker.js` beside this module by default). */
  constructor(
    private readonly script = path.join(__dirname, 'citeprocWorker.js'),
    options: CiteprocClientOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.resourceLimits = options.resourceLimits ?? DEFAULT_RESOURCE_LIMITS;
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
    const worker = this.ensureWorker();
    const timer = setTimeout(() => this.timedOut(), this.timeoutMs);
    timer.unref();
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

  private stop(worker: Worker): void {
    if (this.worker === worker) this.worker = undefined;
    void worker.terminate();
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.script, { resourceLimits: this.resourceLimits });
    worker.unref();
    const current = (): boolean => this.running?.worker === worker;
    worker.on('message', (response: WorkerResponse) => {
      if (!current() || response.id !== this.running?.job.id) return;
      this.finish(response.ok ? { result: response.result } : { error: new Error(response.error) });
    });
    worker.on('error', (error: Error & { code?: string }) => {
      if (this.worker === worker) this.worker = undefined;
      if (!current() || !this.running) return;
      const what = describe(this.running.job.request);
      const limit = this.resourceLimits.maxOldGenerationSizeMb;
      const memory = limit === undefined ? 'memory' : `${limit} MB of memory`;
      this.finish({ error: error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? new Error(`Formatting ${what} needed more than the citation worker's ${memory} and was stopped.`) : error });
    });
    worker.on('exit', (code) => {
      if (this.worker === worker) this.worker = undefined;
      if (current()) this.finish({ error: new Error(`the citation worker stopped (exit code ${code})`) });
    });
    this.worker = worker;
    return worker;
  }

  /** Stops the thread; the running and queued requests fail. The next request starts a new thread. */
  dispose(): void {
    const running = this.running;
    const queued = this.queue.splice(0);
    this.running = undefined;
    if (running) clearTimeout(running.timer);
    const worker = this.worker;
    this.worker = undefined;
    if (worker) void worker.terminate();
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
