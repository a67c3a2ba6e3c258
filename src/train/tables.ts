// The two weight tables as Float32Arrays over shared memory, so every worker thread reads and
// writes the same memory (Hogwild). Only the input table is random; the output table starts at 0.
//
// Where WebAssembly allows it, both tables live in one shared WebAssembly.Memory, which each training thread
// grows by its own batch area, so the step can run its SIMD loop on them (sgd-wasm.ts); otherwise each table is
// a plain SharedArrayBuffer and the step runs in JS. Either way `input` and `output` are ordinary Float32Arrays.
import type { Loss } from '../options.ts';
import type { Rng } from '../util/rng.ts';
import { createSharedMemory, type SharedWasmMemory, wasmSgdEnabled } from './sgd-wasm.ts';
import type { Tables, WasmTables } from './types.ts';

/** What a worker thread needs to see the same tables (structured-cloneable). */
export type TablesHandle =
  | { vocabSize: number; dim: number; input: SharedArrayBuffer; output: SharedArrayBuffer }
  | { vocabSize: number; dim: number; wasm: WasmTables };

/** Rows of the output table: V-1 inner nodes of the Huffman tree for hs, one per word otherwise. */
export function outputRows(vocabSize: number, loss: Loss): number {
  return loss === 'hs' ? Math.max(0, vocabSize - 1) : vocabSize;
}

/**
 * Fresh tables: input uniform in [-1/dim, 1/dim) as gensim 4 draws it (keyedvectors.prep_vectors; word2vec.c
 * uses half that range), output zeros. Measured on text8 CBOW, 5 epochs, seeds 1 and 2: the gensim range gives
 * +0.2 and +0.5 analogy points and +0.015 and +0.013 WS-353 Spearman over word2vec.c's, which closes the gap
 * to gensim 4.2 (mean of 5 gensim seeds: 4.72% / 0.364; ours: 4.59% / 0.363 and 4.78% / 0.368). A subword
 * model's `ngramRows` n-gram rows follow the word rows in the input table and start in the same range (fastText).
 */
export function createTables(vocabSize: number, dim: number, loss: Loss, rng: Rng, ngramRows = 0): Tables {
  const tables = allocate(vocabSize, vocabSize + ngramRows, outputRows(vocabSize, loss), dim);
  const input = tables.input;
  for (let i = 0; i < input.length; i++) input[i] = (rng.nextFloat() * 2 - 1) / dim;
  return tables;
}

/** Tables over shared copies of existing weights (a resumed or continued model; a subword model's input holds its n-gram rows after the words'). */
export function tablesFrom(vocabSize: number, dim: number, input: Float32Array, output: Float32Array): Tables {
  const tables = allocate(vocabSize, input.length / dim, output.length / dim, dim);
  tables.input.set(input);
  tables.output.set(output);
  return tables;
}

/** The handle another thread turns back into the same tables with `tablesOver`. */
export function tablesHandle(tables: Tables): TablesHandle {
  const { vocabSize, dim } = tables;
  if (tables.wasm !== undefined) return { vocabSize, dim, wasm: tables.wasm };
  return { vocabSize, dim, input: tables.input.buffer as SharedArrayBuffer, output: tables.output.buffer as SharedArrayBuffer };
}

/** Tables over memory another thread created (the worker side). */
export function tablesOver(handle: TablesHandle): Tables {
  const { vocabSize, dim } = handle;
  if ('wasm' in handle) return { ...views(handle.wasm, dim), vocabSize, dim, wasm: handle.wasm };
  return { vocabSize, dim, input: new Float32Array(handle.input), output: new Float32Array(handle.output) };
}

/** Index of the first non-finite value in `array`, or -1. */
export function firstNonFinite(array: Float32Array): number {
  for (let i = 0; i < array.length; i++) {
    // x - x is NaN exactly for NaN and +-Infinity, and cheaper than Number.isFinite per element
    const x = array[i]!;
    if (x - x !== 0) return i;
  }
  return -1;
}

// --- internal ---

function allocate(vocabSize: number, inRows: number, outRows: number, dim: number): Tables {
  const wasm = wasmSgdEnabled() ? wasmLayout(inRows, outRows, dim) : undefined;
  if (wasm !== undefined) return { ...views(wasm, dim), vocabSize, dim, wasm };
  return {
    vocabSize,
    dim,
    input: new Float32Array(new SharedArrayBuffer(inRows * dim * 4)),
    output: new Float32Array(new SharedArrayBuffer(outRows * dim * 4)),
  };
}

/** Input table, then the output table (16-byte aligned); the threads' batch areas follow as they grow the memory. */
function wasmLayout(inRows: number, outRows: number, dim: number): WasmTables | undefined {
  const inputPtr = 0;
  const outputPtr = Math.ceil((inRows * dim * 4) / 16) * 16;
  const memory: SharedWasmMemory | undefined = createSharedMemory(outputPtr + outRows * dim * 4);
  if (memory === undefined) return undefined;
  return { memory, inputPtr, outputPtr, inputRows: inRows, outputRows: outRows };
}

function views(wasm: WasmTables, dim: number): { input: Float32Array; output: Float32Array } {
  return {
    input: new Float32Array(wasm.memory.buffer, wasm.inputPtr, wasm.inputRows * dim),
    output: new Float32Array(wasm.memory.buffer, wasm.outputPtr, wasm.outputRows * dim),
  };
}
