/**
 * Messages between the extension and the citation worker (`citeprocWorker.ts`). Formatting with
 * citeproc-js takes seconds for a long review (about 2 s for 400 citations in APA), so it runs in a
 * worker thread and never blocks the extension host.
 */
import type { CitationCluster, OutputFormat, RenderedDocument } from '../core/csl/citeproc';
import type { CslItem } from '../core/csl/cslItems';

/** Which style and locale to format in: a built-in style name, or a style's XML. */
export interface StyleSpec {
  readonly builtin?: string;
  readonly xml?: string;
  /** A name for messages and the processor cache (the path of a .csl file). */
  readonly id: string;
  readonly lang?: string;
  readonly localeXml?: string;
}

export type WorkerRequest =
  | {
      readonly id: number;
      readonly kind: 'render';
      readonly style: StyleSpec;
      /** The cited items (unknown keys are simply absent). */
      readonly items: readonly CslItem[];
      readonly clusters: readonly CitationCluster[];
      readonly format: OutputFormat;
      /** Also format each bibliography entry alone as plain text (the preview's tooltips). */
      readonly titles?: boolean;
    }
  | {
      readonly id: number;
      readonly kind: 'reference';
      readonly style: StyleSpec;
      readonly item: CslItem;
      readonly format: OutputFormat;
    };

export interface WorkerRendering extends RenderedDocument {
  readonly titles?: readonly (readonly [string, string])[];
}

export type WorkerResponse =
  | { readonly id: number; readonly ok: true; readonly result: WorkerRendering | string | undefined }
  | { readonly id: number; readonly ok: false; readonly error: string };

/**
 * What a running worker reports to the client, whichever kind it is (a Node worker thread on the
 * desktop, a Web Worker in the browser).
 */
export interface WorkerEvents<Response = WorkerResponse> {
  message(response: Response): void;
  /** The worker failed; `memory` ("512 MB of memory", "memory") when it ran out of its heap. */
  error(error: Error, memory?: string): void;
  exit(code: number): void;
}

/** One running worker. */
export interface WorkerHandle<Request = WorkerRequest> {
  /** Sends a request; the buffers in `transfer` move to the worker (zero-copy) and become unusable here. */
  postMessage(request: Request, transfer?: ArrayBuffer[]): void;
  terminate(): void;
}

/**
 * Starts a worker that reports to `events` (the host chooses a worker thread or a Web Worker). The
 * citation worker's by default; the check worker's (`checkProtocol.ts`) with its own messages.
 */
export type WorkerStarter<Request = WorkerRequest, Response = WorkerResponse> = (events: WorkerEvents<Response>) => WorkerHandle<Request>;

/** Handlers of a worker's events, each told which worker sent it (a client may have replaced it since). */
export interface TrackedEvents<Request, Response> {
  message(worker: WorkerHandle<Request>, response: Response): void;
  error(worker: WorkerHandle<Request>, error: Error, memory?: string): void;
  exit(worker: WorkerHandle<Request>, code: number): void;
}

/** Starts a worker with `start`; its events reach `events` with the worker they come from. */
export function startTracked<Request, Response>(start: WorkerStarter<Request, Response>, events: TrackedEvents<Request, Response>): WorkerHandle<Request> {
  // The events know the worker they come from only once `start` returned it.
  const started: { worker?: WorkerHandle<Request> } = {};
  const worker = start({
    message: (response) => {
      if (started.worker !== undefined) events.message(started.worker, response);
    },
    error: (error, memory) => {
      if (started.worker !== undefined) events.error(started.worker, error, memory);
    },
    exit: (code) => {
      if (started.worker !== undefined) events.exit(started.worker, code);
    },
  });
  started.worker = worker;
  return worker;
}
