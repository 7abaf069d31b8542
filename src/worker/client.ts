/**
 * The extension's side of the citation worker: starts the thread on first use, matches answers to
 * requests, and restarts the thread if it dies. No `vscode` here, so tests run it in plain Node.
 */
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { CitationCluster, OutputFormat } from '../core/citeproc';
import type { CslItem } from '../core/csl';
import type { StyleSpec, WorkerRendering, WorkerRequest, WorkerResponse } from './protocol';

type Pending = { resolve(value: WorkerRendering | string | undefined): void; reject(error: Error): void; worker: Worker };

/** Requests to the worker; every method resolves off the calling thread. */
export class CiteprocClient {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  /** `script`: the worker's file (`citeprocWorker.js` beside this module by default). */
  constructor(private readonly script = path.join(__dirname, 'citeprocWorker.js')) {}

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

  private send(request: WorkerRequest): Promise<WorkerRendering | string | undefined> {
    const id = this.nextId++;
    const worker = this.ensureWorker();
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, worker });
      worker.postMessage({ ...request, id });
    });
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.script);
    worker.unref();
    worker.on('message', (response: WorkerResponse) => {
      const pending = this.pending.get(response.id);
      if (!pending) return;
      this.pending.delete(response.id);
      if (response.ok) pending.resolve(response.result);
      else pending.reject(new Error(response.error));
    });
    const fail = (error: Error): void => {
      if (this.worker === worker) this.worker = undefined;
      for (const [id, p] of this.pending) {
        if (p.worker !== worker) continue;
        this.pending.delete(id);
        p.reject(error);
      }
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the citation worker stopped (exit code ${code})`)));
    this.worker = worker;
    return worker;
  }

  /** Stops the thread (pending requests fail). */
  dispose(): void {
    const worker = this.worker;
    this.worker = undefined;
    void worker?.terminate();
  }
}
