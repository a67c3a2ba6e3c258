// Builds what one training thread needs from the options and the vocabulary counts: the sampling tables
// (keep-probabilities, noise table, Huffman codes) and the thread's sentence trainer. Both the main thread
// (--workers 1) and every worker thread call this, so they train identically. With the tables in shared
// WebAssembly memory the sampling tables are placed there once, by the main thread, and every thread reads them.
import type { TrainOptions } from '../options.ts';
import type { Rng } from '../util/rng.ts';
import { buildHuffmanTree } from '../vocab/huffman.ts';
import { NoiseTable } from '../vocab/noise-table.ts';
import { keepProbabilities } from '../vocab/subsample.ts';
import { maxRowsPerWord, subwordRows } from '../subwords/ngrams.ts';
import type { SamplingTables, SubwordRows } from './batches.ts';
import { createBatchedTrainer, createWasmTrainer, placeSampling, SIGMOID, type SamplingPointers, type SentenceTrainer } from './sentence-trainer.ts';
import { createStep, needsTfjs } from './step.ts';
import type { Tables } from './types.ts';

/** The sampling tables for these options (only those the loss needs). */
export function samplingTables(options: TrainOptions, counts: Float64Array, subwords?: SubwordRows): SamplingTables {
  return {
    keep: options.sample > 0 ? keepProbabilities(counts, options.sample) : undefined,
    noise: options.loss === 'ns' ? new NoiseTable(counts, options.nsExponent) : undefined,
    huffman: options.loss === 'hs' ? buildHuffmanTree(counts) : undefined,
    subwords,
  };
}

/** Every word's input rows in a subword model (the word's own row, then nwords + each n-gram's bucket). */
export function subwordRowsOf(options: TrainOptions, words: readonly string[]): SubwordRows | undefined {
  if (!options.subwords) return undefined;
  const { offsets, rows } = subwordRows(words, options);
  return { offsets, rows, maxRows: maxRowsPerWord(offsets) };
}

/**
 * The sampling tables in the shared WebAssembly memory, for every thread's WebAssembly trainer (undefined for the
 * full softmax, for tables outside WebAssembly memory, and when the memory cannot grow).
 */
export function shareSampling(options: TrainOptions, counts: Float64Array, tables: Tables, sigmoid: 'exact' | 'table' = SIGMOID, subwords?: SubwordRows): SamplingPointers | undefined {
  if (needsTfjs(options.loss) || tables.wasm === undefined) return undefined;
  return placeSampling(tables.wasm, samplingTables(options, counts, subwords), sigmoid);
}

/**
 * This thread's sentence trainer: the WebAssembly one over `shared` sampling tables when there are some, else a
 * batch builder with the matching step (TF.js initialised first when the loss is softmax).
 */
export async function createThreadTrainer(
  options: TrainOptions,
  counts: Float64Array,
  tables: Tables,
  shared: SamplingPointers | undefined,
  rng: Rng,
  subwords?: SubwordRows,
): Promise<SentenceTrainer> {
  const fast = shared === undefined ? undefined : createWasmTrainer(options, tables, shared, rng);
  if (fast !== undefined) return fast;
  // fastText's input is the mean of a word's rows, and each of them gets the whole gradient: for skip-gram
  // that is the step's CBOW-mean arithmetic over one word's rows (one row without n-grams: the same numbers)
  const model = subwords !== undefined ? 'cbow' : options.model;
  const cbowMean = subwords !== undefined && options.model === 'sg' ? true : options.cbowMean;
  const step = await createStep({ model, loss: options.loss, cbowMean, sigmoid: SIGMOID }, tables.dim);
  return createBatchedTrainer(options, samplingTables(options, counts, subwords), step, tables, rng);
}

/**
 * What runs the math, for model.json and the start-up line: ns / hs the SIMD WebAssembly module ('wasm') or its
 * plain-JS fallback ('js'); the full softmax the TF.js backend `initBackend` chose (loaded only then).
 */
export async function startMath(options: TrainOptions, tables: Tables, onWarning: (message: string) => void): Promise<string> {
  if (!needsTfjs(options.loss)) return tables.wasm !== undefined ? 'wasm' : 'js';
  const { initBackend } = await import('../tf/backend.ts');
  return await initBackend(options.backend, { onWarning });
}
