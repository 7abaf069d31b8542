/** pandoc 3.10 as WebAssembly (npm `pandoc-wasm`), for tests that compare our results with pandoc's. */

/** The part of pandoc-wasm's API the tests use. */
export interface PandocWasm {
  convert(
    options: Record<string, unknown>,
    stdin: string | null,
    files: Record<string, string | Blob>,
  ): Promise<{ stdout: string; stderr: string; warnings: { type: string; message?: string }[] }>;
}

/**
 * Loads pandoc-wasm (an ES module with top-level await) from these CommonJS tests: a variable
 * specifier keeps tsc from resolving it, and module=Node16 keeps `import()` as it is.
 */
export async function loadPandoc(): Promise<PandocWasm> {
  const specifier: string = 'pandoc-wasm';
  return (await import(specifier)) as PandocWasm;
}
