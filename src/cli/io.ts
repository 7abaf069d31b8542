/**
 * Where the CLI writes (standard output and standard error, replaced in tests), shared by every
 * command, and how it words an error it caught.
 */

/** Where the CLI and its commands write; replaced in tests. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

/** The message of a caught error (or the thrown value as text). */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
