import * as vscode from 'vscode';
import { parseValidationSettings, type ValidationSettings } from '../core/validation/codes';
import type { Log } from './log';

/**
 * The extension's settings, read in one place and typed. Raw values go through the core's zod
 * schemas, which fall back to the default on a bad value; the problems are logged once per change.
 */
export class Settings {
  private lastProblems = '';

  constructor(private readonly log: Log) {}

  /** One severity per diagnostic code, for a document's folder. */
  validation(scope?: vscode.Uri): ValidationSettings {
    const raw = vscode.workspace.getConfiguration('ris', scope).get<unknown>('validation');
    const settings = parseValidationSettings(raw);
    const problems = settings.problems.join('; ');
    if (problems && problems !== this.lastProblems) {
      this.log.warn(`Some ris.validation settings were not understood and use their default: ${problems}`);
    }
    this.lastProblems = problems;
    return settings;
  }
}
