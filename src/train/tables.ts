// The two weight tables (DESIGN.md §3.1) as Float32Arrays over SharedArrayBuffers, so every worker thread
// reads and writes the same memory (Hogwild). Only the input table is random; the output table starts at 0.
import type { Loss } from '../options.ts';
import type { Rng } from '../util/rng.ts';
import type { Tables } from './types.ts';

/** Rows of the output table: V-1 inner nodes of the Huffman tree for hs, one per word otherwise. */
export function outputRows(vocabSize: number, loss: Loss): number {
  return loss === 'hs' ? Math.max(0, vocabSize - 1) : vocabSize;
}

/** Fresh tables: input uniform in (-0.5/dim, 0.5/dim) as word2vec.c and gensim, output zeros. */
export function createTables(vocabSize: number, dim: number, loss: Loss, rng: Rng): Tables {
  const input = new Float32Array(new SharedArrayBuffer(vocabSize * dim * 4));
  for (let i = 0; i < input.length; i++) input[i] = (rng.nextFloat() - 0.5) / dim;
  const output = new Float32Array(new SharedArrayBuffer(outputRows(vocabSize, loss) * dim * 4));
  return { vocabSize, dim, input, output };
}

/** Tables over shared copies of existing weights (a resumed or continued model). */
export function tablesFrom(vocabSize: number, dim: number, input: Float32Array, output: Float32Array): Tables {
  return { vocabSize, dim, input: sharedCopy(input), output: sharedCopy(output) };
}

/** Tables over buffers another thread created (the worker side). */
export function tablesOver(vocabSize: number, dim: number, input: SharedArrayBuffer, output: SharedArrayBuffer): Tables {
  return { vocabSize, dim, input: new Float32Array(input), output: new Float32Array(output) };
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

function sharedCopy(array: Float32Array): Float32Array {
  const out = new Float32Array(new SharedArrayBuffer(array.byteLength));
  out.set(array);
  return out;
}
