/**
 * What the citation worker does, whichever kind of worker runs it (`citeprocWorker.ts`, a Node
 * worker thread; `citeprocWebWorker.ts`, a browser Web Worker): it owns the citeproc-js processors
 * (one per style and locale, since loading APA takes most of a second) and answers each request.
 */
import { CitationProcessor } from '../core/csl/citeproc';
import type { CslItem } from '../core/csl/cslItems';
import { builtinStyle, parseStyle } from '../core/csl/cslStyles';
import type { StyleSpec, WorkerRequest, WorkerResponse } from './protocol';

const processors = new Map<string, CitationProcessor>();
let items = new Map<string, CslItem>();
const lookup = (key: string): CslItem | undefined => items.get(key);

function processorFor(spec: StyleSpec): CitationProcessor {
  const id = `${spec.id}\n${spec.xml?.length ?? ''}\n${spec.lang ?? ''}\n${spec.localeXml?.length ?? ''}`;
  let processor = processors.get(id);
  if (!processor || (spec.xml !== undefined && processor.style.xml !== spec.xml)) {
    const style = spec.builtin !== undefined ? builtinStyle(spec.builtin) : parseStyle(spec.xml ?? '', spec.id);
    if (!style) throw new Error(`unknown built-in style ${spec.builtin ?? ''}`);
    processor = new CitationProcessor(style, {
      item: lookup,
      ...(spec.lang !== undefined ? { lang: spec.lang } : {}),
      ...(spec.localeXml !== undefined ? { localeXml: spec.localeXml } : {}),
    });
    processors.set(id, processor);
  }
  return processor;
}

/** Answers one request (exported for tests that run it without a thread). */
export function handle(request: WorkerRequest): WorkerResponse {
  try {
    const processor = processorFor(request.style);
    if (request.kind === 'reference') {
      items = new Map([[request.item.id, request.item]]);
      processor.useItems((key) => items.get(key));
      return { id: request.id, ok: true, result: processor.reference(request.item.id, request.format) };
    }
    items = new Map(request.items.map((i) => [i.id, i]));
    processor.useItems((key) => items.get(key));
    const rendering = processor.render(request.clusters, request.format);
    if (!request.titles) return { id: request.id, ok: true, result: rendering };
    const titles: [string, string][] = [];
    for (const entry of rendering.bibliography) {
      const text = processor.reference(entry.key, 'text');
      if (text !== undefined) titles.push([entry.key, text]);
    }
    return { id: request.id, ok: true, result: { ...rendering, titles } };
  } catch (error) {
    return { id: request.id, ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
}
