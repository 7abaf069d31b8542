/**
 * The extension's side of the check worker: one request at a time, one pending check per file. A new
 * check of a file replaces its queued one, and stops the worker when that file is being checked right
 * now (the file changed again: the old result would be stale); the superseded checks resolve to
 * `undefined`. A worker that fails or exits fails its request; the next request starts a new one. No
 * `vscode` and no Node built-in here: tests drive it with a fake worker.
 */
import { refBuffers, type CheckRequest, type CheckResponse } from './checkProtocol';
import { startTracked, type WorkerHandle, type WorkerStarter } from './protocol';

type Ok = Extract<CheckResponse, { ok: true }>;

interface Job {
  readonly id: number;
  readonly request: Omit<CheckRequest, 'id'>;
  resolve(value: Ok | undefined): void;
  reject(error: Error): void;
}

/** Checks of files read from disk, in a worker. */
export class CheckClient {
  private worker: WorkerHandle<CheckRequest> | undefined;
  private nextId = 1;
  /** Queued jobs by file URI (a Map keeps the order they came in). */
  private readonly queue = new Map<string, Job>();
  private running: { readonly job: Job; readonly worker: WorkerHandle<CheckRequest> } | undefined;

  constructor(private readonly start: WorkerStarter<CheckRequest, CheckResponse>) {}

  /**
   * Checks a file; resolves with its packed rows, or `undefined` when a newer check of the same file
   * superseded this one. The request's `bytes`, when given, and its packed refs move to the worker.
   */
  check(request: Omit<CheckRequest, 'id'>): Promise<Ok | undefined> {
    return new Promise((resolve, reject) => {
      const queued = this.queue.get(request.uri);
      if (queued) {
        this.queue.delete(request.uri);
        queued.resolve(undefined);
      }
      const running = this.running;
      if (running?.job.request.uri === request.uri) {
        this.running = undefined;
        this.stop(running.worker);
        running.job.resolve(undefined);
      }
      this.queue.set(request.uri, { id: this.nextId++, request, resolve, reject });
      this.next();
    });
  }

  /** True while a check runs or waits. */
  get busy(): boolean {
    return this.running !== undefined || this.queue.size > 0;
  }

  private next(): void {
    if (this.running) return;
    const first = this.queue.entries().next();
    if (first.done === true) return;
    const [uri, job] = first.value;
    this.queue.delete(uri);
    let worker: WorkerHandle<CheckRequest>;
    try {
      worker = this.ensureWorker();
    } catch (error) {
      job.reject(error instanceof Error ? error : new Error(String(error)));
      this.next();
      return;
    }
    this.running = { job, worker };
    worker.postMessage({ ...job.request, id: job.id }, refBuffers(job.request));
  }

  private finish(outcome: { readonly response: CheckResponse } | { readonly error: Error }): void {
    const running = this.running;
    if (!running) return;
    this.running = undefined;
    if ('error' in outcome) running.job.reject(outcome.error);
    else if (outcome.response.ok) running.job.resolve(outcome.response);
    else running.job.reject(new Error(outcome.response.error));
    this.next();
  }

  private stop(worker: WorkerHandle<CheckRequest>): void {
    this.forget(worker);
    worker.terminate();
  }

  private ensureWorker(): WorkerHandle<CheckRequest> {
    this.worker ??= startTracked(this.start, {
      message: (worker, response) => {
        if (this.running?.worker === worker && response.id === this.running.job.id) this.finish({ response });
      },
      error: (worker, error, memory) => {
        this.forget(worker);
        if (this.running?.worker === worker) this.finish({ error: memory !== undefined ? new Error(`checking the file needed more than the check worker's ${memory}`) : error });
      },
      exit: (worker, code) => {
        this.forget(worker);
        if (this.running?.worker === worker) this.finish({ error: new Error(`the check worker stopped (exit code ${code})`) });
      },
    });
    return this.worker;
  }

  /** Forgets a worker that failed, exited or was stopped (the next check starts another). */
  private forget(worker: WorkerHandle<CheckRequest>): void {
    if (this.worker === worker) this.worker = undefined;
  }

  /** Stops the worker; running and queued checks resolve to `undefined`. */
  dispose(): void {
    const running = this.running;
    this.running = undefined;
    const queued = [...this.queue.values()];
    this.queue.clear();
    const worker = this.worker;
    this.worker = undefined;
    worker?.terminate();
    running?.job.resolve(undefined);
    for (const job of queued) job.resolve(undefined);
  }
}
