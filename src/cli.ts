// Entry point of the `ris-references` command (bundled to dist/cli.js, the package's `bin`).
import { runCli } from './cli/main';

declare const RIS_REFERENCES_VERSION: string;

const code = runCli(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
}, typeof RIS_REFERENCES_VERSION === 'string' ? RIS_REFERENCES_VERSION : '0.0.0');
process.exitCode = code;
