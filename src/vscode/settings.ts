/**
 * The one place that reads the extension's `ris.*` settings. Each raw value goes through the core's
 * zod schemas (core/settings/settingsSchema.ts, and validation/codes.ts for the severities), which
 * fall back to the default on a bad value; each problem is logged once until the settings change.
 * Resource-scoped settings are read for the folder of the given document. The features get this
 * object and listen to {@link Settings.onDidChange} rather than to VS Code's configuration events.
 */
import * as vscode from 'vscode';
import { parseValidationSettings, type ValidationSettings } from '../core/validation/codes';
import { readSetting, type SettingName, type SettingValue } from '../core/settings/settingsSchema';
import type { Log } from './log';

/** A change of settings: `affects('citation.style')` tells whether `ris.citation.style` (or a section) changed. */
export interface SettingsChange {
  /** True when the setting or section `ris.<section>` changed, for `scope` if one is given. */
  affects(section: string, scope?: vscode.Uri): boolean;
}

/** The extension's settings, read in one place and typed. */
export class Settings implements vscode.Disposable {
  private lastValidationProblems = '';
  private readonly reported = new Set<string>();
  private readonly changed = new vscode.EventEmitter<SettingsChange>();
  /** Fires when any `ris.*` setting changed. */
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];

  constructor(private readonly log: Log) {
    this.disposables.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration('ris')) return;
        this.reported.clear();
        this.changed.fire({ affects: (section, scope) => e.affectsConfiguration(`ris.${section}`, scope) });
      }),
    );
  }

  /** The value of `ris.<name>` (for the folder of `scope`), or its default when missing or invalid. */
  get<K extends SettingName>(name: K, scope?: vscode.Uri): SettingValue<K> {
    const raw = vscode.workspace.getConfiguration('ris', scope).get<unknown>(name);
    const read = readSetting(name, raw);
    if (read.problem !== undefined && !this.reported.has(read.problem)) {
      this.reported.add(read.problem);
      this.log.warn(`A setting was not understood: ${read.problem}`);
    }
    return read.value;
  }

  /** Writes `ris.<name>` at `target` (e.g. the References view's "Group By" choice). */
  async update<K extends SettingName>(name: K, value: SettingValue<K>, target: vscode.ConfigurationTarget): Promise<void> {
    await vscode.workspace.getConfiguration('ris').update(name, value, target);
  }

  /** One severity per diagnostic code, for a document's folder. */
  validation(scope?: vscode.Uri): ValidationSettings {
    const raw = vscode.workspace.getConfiguration('ris', scope).get<unknown>('validation');
    const settings = parseValidationSettings(raw);
    const problems = settings.problems.join('; ');
    if (problems && problems !== this.lastValidationProblems) {
      this.log.warn(`Some ris.validation settings were not understood and use their default: ${problems}`);
    }
    this.lastValidationProblems = problems;
    return settings;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
