/**
 * Two records side by side: "Compare" opens VS Code's diff editor on the text of two RIS records
 * (in one file or in two), so a reviewer can judge a possible duplicate field by field. The records
 * are served read-only under the `ris-record:` scheme; the source files are never touched.
 */
import * as vscode from 'vscode';
import { recordAt, type RisDocuments } from '../documents';
import { textSlice } from '../../core/ris/pieceText';

/** The scheme of the read-only record documents shown in the diff editor. */
export const RECORD_SCHEME = 'ris-record';

/** The command that opens the diff of two records: arguments `(a: RecordLocation, b: RecordLocation)`. */
export const COMPARE_RECORDS_COMMAND = 'ris.compareRecords';

/** Where a record is: its file, and a zero-based line inside the record (its `TY` line, say). */
export interface RecordLocation {
  readonly uri: vscode.Uri;
  readonly line: number;
}

/** A `ris-record:` URI for the record at `location`; its path ends with the file name, for the tab title. */
export function recordUri(location: RecordLocation): vscode.Uri {
  const name = location.uri.path.slice(location.uri.path.lastIndexOf('/') + 1);
  return vscode.Uri.from({
    scheme: RECORD_SCHEME,
    path: `/${name}`,
    query: new URLSearchParams({ source: location.uri.toString(), line: String(location.line) }).toString(),
  });
}

/** Reads a `ris-record:` URI back into the location it names; undefined for a malformed one. */
export function recordLocationOf(uri: vscode.Uri): RecordLocation | undefined {
  const query = new URLSearchParams(uri.query);
  const source = query.get('source');
  const line = Number(query.get('line'));
  if (!source || !Number.isInteger(line) || line < 0) return undefined;
  return { uri: vscode.Uri.parse(source), line };
}

/** Serves the text of one record of a RIS file (read through VS Code, so open, unsaved edits count). */
class RecordTextProvider implements vscode.TextDocumentContentProvider {
  constructor(private readonly documents: RisDocuments) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const location = recordLocationOf(uri);
    if (!location) return '(not a record location)';
    const document = await vscode.workspace.openTextDocument(location.uri);
    if (location.line >= document.lineCount) return `(line ${location.line + 1} is past the end of ${location.uri.toString(true)})`;
    const parsed = this.documents.get(document);
    const record = recordAt(parsed, document.offsetAt(new vscode.Position(location.line, 0)));
    if (!record) return `(no record at line ${location.line + 1} of ${location.uri.toString(true)})`;
    return textSlice(parsed, record.start, record.end);
  }
}

/** Opens the diff editor on two records. */
export async function compareRecords(a: RecordLocation, b: RecordLocation): Promise<void> {
  const label = (l: RecordLocation): string => `${l.uri.path.slice(l.uri.path.lastIndexOf('/') + 1)}:${l.line + 1}`;
  await vscode.commands.executeCommand('vscode.diff', recordUri(a), recordUri(b), `${label(a)} ↔ ${label(b)}`, { preview: true });
}

/** A location as a command may receive it: the URI as an object or a string. */
interface LooseLocation {
  readonly uri: vscode.Uri | string;
  readonly line: number;
}

function toLocation(l: LooseLocation): RecordLocation {
  return { uri: typeof l.uri === 'string' ? vscode.Uri.parse(l.uri) : l.uri, line: l.line };
}

/** Registers the record content provider and the Compare command. */
export function registerRecordCompare(documents: RisDocuments): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.workspace.registerTextDocumentContentProvider(RECORD_SCHEME, new RecordTextProvider(documents)),
    vscode.commands.registerCommand(COMPARE_RECORDS_COMMAND, (a: LooseLocation, b: LooseLocation) => compareRecords(toLocation(a), toLocation(b))),
  );
}
