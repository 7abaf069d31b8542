/**
 * What the check worker does with one request (`checkWorker.ts` runs it in a Node worker thread;
 * tests run it directly): the file is decoded, parsed and validated slice by slice with the streaming
 * check's engine (`core/validation/streaming.ts`), whose rows equal those of validating the whole
 * text in memory, so a 219 MB export never becomes one string in the worker either. UTF-16 files,
 * which the engine does not slice, are checked in memory. Other files' records that share a key with
 * this one come with the request, so `ris.duplicate-record` finds duplicates across files as the
 * extension host would.
 */
import { decodeRisBytes } from '../core/ris/decode';
import { parseRis } from '../core/ris/parser';
import { DuplicateIndex, type DuplicateRef } from '../core/validation/duplicateIndex';
import { engineResult, SliceEngine, withEncodingRetry, type FileDuplicateRefs, type StreamCheckResult } from '../core/validation/streaming';
import { CombinedDuplicates } from '../core/validation/streamingDocs';
import { toRows } from '../core/validation/streamingRows';
import { validateRis } from '../core/validation/validate';
import { packRows, unpackRefs, type CheckRequest, type CheckResponse } from './checkProtocol';

/** Where the file's bytes come from: in chunks (read again from the start on each call), or all at once. */
export interface CheckSource {
  chunks(): Iterable<Uint8Array>;
  all(): Uint8Array;
}

/** The other files' refs, per file, in the order the files first appear. */
function othersByFile(others: readonly DuplicateRef[]): Map<string, FileDuplicateRefs> {
  const byFile = new Map<string, FileDuplicateRefs>();
  for (const ref of others) {
    let refs = byFile.get(ref.uri);
    if (refs === undefined) byFile.set(ref.uri, (refs = new Map()));
    const cur = refs.get(ref.key);
    if (cur === undefined) refs.set(ref.key, ref);
    else if (Array.isArray(cur)) cur.push(ref);
    else refs.set(ref.key, [cur, ref]);
  }
  return byFile;
}

/** Checks one file and packs its rows; never throws (a failure is an `ok: false` response). */
export function runCheck(request: CheckRequest, source: CheckSource): CheckResponse {
  try {
    const others = othersByFile(unpackRefs(request.others));
    const options = { severities: request.severities, uri: request.uri, vetoes: request.vetoes };
    const result = withEncodingRetry<Pick<StreamCheckResult, 'rows' | 'records' | 'encoding' | 'inexact'>>(
      (windows1252) => {
        const lookup = new CombinedDuplicates([...others.keys()], new DuplicateIndex(), others);
        const engine = new SliceEngine(request.uri, request.uri, { ...options, duplicates: lookup }, 'check', windows1252);
        for (const chunk of source.chunks()) engine.push(chunk);
        engine.finish();
        return engineResult(engine);
      },
      () => {
        // UTF-16: the whole text in memory, this file's records after the others'.
        const decoded = decodeRisBytes(source.all());
        const parsed = parseRis(decoded.text);
        const own = new DuplicateIndex();
        own.set(request.uri, parsed);
        const lookup = new CombinedDuplicates([...others.keys(), request.uri], own, others);
        const diagnostics = validateRis(parsed, { ...options, encoding: decoded, duplicates: lookup });
        const rows = toRows(request.uri, parsed.text, diagnostics);
        return { rows, records: parsed.records.length, encoding: decoded.encoding, inexact: [] };
      },
    );
    return { id: request.id, ok: true, rows: packRows(result.rows), records: result.records, encoding: result.encoding, inexact: result.inexact };
  } catch (error) {
    return { id: request.id, ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
}
