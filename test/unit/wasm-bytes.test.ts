// Every WebAssembly module ships as bytes generated from its .wat source: the committed bytes must be what
// the source compiles to now (after editing a .wat, run `npm run build:wasm`).
import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bytesModuleSource, compileWat, watSources } from '../../scripts/build-wasm.ts';
import { compileWasm } from '../../src/util/wasm.ts';

const sources = await watSources();

describe('generated WebAssembly bytes', () => {
  it('finds the .wat sources under src/', () => {
    expect(sources.map((s) => relative(process.cwd(), s.wat))).toEqual(expect.arrayContaining(['src/train/sgd.wat', 'src/vectors/simd-dot.wat']));
  });

  it.each(sources.map((s) => [relative(process.cwd(), s.wat), s] as const))('%s: the shipped bytes module is what the source compiles to', async (_name, source) => {
    const fresh = await compileWat(source.wat);
    const shipped = await readFile(source.bytesPath, 'utf8');
    expect(shipped).toBe(bytesModuleSource(fresh, source.wat));
    const module = (await import(source.bytesPath)) as Record<string, string>;
    expect(compileWasm(module[source.constName]!), 'the bytes compile in this runtime').toBeDefined();
  });
});
