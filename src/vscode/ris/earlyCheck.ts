/**
 * A check of a large file in the check worker that starts before the workspace index holds the file.
 *
 * The worker needs the other files' records that may be duplicates of this file's, which the index
 * finds through this file's own keys: known only once the index has read the file (15 s for a 219 MB
 * export), after which the worker parsed and validated it again (another 15 s). Started with every
 * record of the other files instead (a superset: records that share no key with the file change
 * nothing), the worker checks the file while the index reads it, on the other core. Its answer is
 * used when nothing it was given changed meanwhile: the other files (the duplicate index's
 * generation for them), the file on disk (modification time and size) and the settings.
 */
import * as vscode from 'vscode';
import type { DuplicateRef } from '../../core/validation/duplicateIndex';
import type { Severity, DiagnosticCode } from '../../core/validation/codes';
import type { VetoOptions } from '../../core/dedup/vetoFeatures';
import type { CheckClient } from '../../worker/checkClient';
import { packRefs, type CheckResponse } from '../../worker/checkProtocol';
import type { WorkspaceRisFiles } from '../library/workspaceFiles';
import { turnPause } from '../turns';

export type CheckOk = Extract<CheckResponse, { ok: true }>;

/** What a check of one file is asked with. */
export interface CheckSettings {
  readonly severities: Partial<Record<DiagnosticCode, Severity>>;
  readonly vetoes: VetoOptions;
}

/** Where the worker reads the file: its path (a local file) or its bytes. */
export type CheckSource = { readonly path: string } | { readonly bytes: Uint8Array };

/**
 * Beyond this many records in the other files the check waits for the index to know which of them
 * share a key with the file: some 100,000 refs with their veto features, packed in turns and copied
 * to the worker with the request, are as many as a check should wait for.
 */
const MAX_OTHER_RECORDS = 50_000;

/** Refs copied and packed between two looks at the clock: a ref with its veto features takes a few microseconds. */
const REFS_PER_STEP = 500;

function settingsKey(settings: CheckSettings): string {
  return JSON.stringify([settings.severities, settings.vetoes]);
}

async function stampOf(uri: vscode.Uri): Promise<string> {
  const stat = await vscode.workspace.fs.stat(uri);
  return `${stat.mtime}:${stat.size}`;
}

/** A check of a large file, started with every record of the other files (see the module comment). */
export class EarlyCheck {
  private constructor(
    private readonly uri: vscode.Uri,
    private readonly generation: number,
    private readonly stamp: string,
    private readonly settings: string,
    private readonly response: Promise<CheckOk | undefined>,
  ) {}

  /**
   * Starts the check once every other file is in the index (see `WorkspaceRisFiles.othersRead`);
   * undefined when the other files hold too many records or changed while their refs were copied.
   */
  static async start(uri: vscode.Uri, files: WorkspaceRisFiles, checks: CheckClient, settings: CheckSettings, source: () => Promise<CheckSource>): Promise<EarlyCheck | undefined> {
    await files.othersRead(uri);
    const key = uri.toString();
    const index = files.duplicates;
    if (index.recordCountExcept(key) > MAX_OTHER_RECORDS) return undefined;
    const generation = index.generation(key);
    // Packed a step at a time: the request then moves to the worker as a few buffers.
    const others: Uint8Array[] = [];
    let step: DuplicateRef[] = [];
    const pause = turnPause();
    for (const ref of index.refsOfOtherFiles(key)) {
      step.push(ref);
      if (step.length === REFS_PER_STEP) {
        others.push(packRefs(step));
        step = [];
        await pause();
        if (index.generation(key) !== generation) return undefined;
      }
    }
    if (step.length > 0) others.push(packRefs(step));
    const stamp = await stampOf(uri);
    const from = await source();
    if (index.generation(key) !== generation) return undefined;
    const response = checks.check({ uri: key, ...from, ...settings, others });
    // Whoever asks for the answer sees a failure; nobody may ask (the tab's check failed before).
    response.catch(() => undefined);
    return new EarlyCheck(uri, generation, stamp, settingsKey(settings), response);
  }

  /**
   * The worker's answer when it holds for the index, the file and `settings` as they are now;
   * `'superseded'` when a newer check of the file took its place in the worker; undefined when it
   * no longer holds or the check failed (check the file again).
   */
  async answer(files: WorkspaceRisFiles, settings: CheckSettings): Promise<CheckOk | 'superseded' | undefined> {
    let response: CheckOk | undefined;
    try {
      response = await this.response;
    } catch {
      return undefined;
    }
    if (response === undefined) return 'superseded';
    if (files.duplicates.generation(this.uri.toString()) !== this.generation || settingsKey(settings) !== this.settings) return undefined;
    return (await stampOf(this.uri)) === this.stamp ? response : undefined;
  }
}
