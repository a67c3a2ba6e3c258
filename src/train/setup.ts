// Builds what one training thread needs from the options and the vocabulary counts: the sampling tables
// (keep-probabilities, noise table, Huffman codes) and a batch builder. Both the main thread (--workers 1)
// and every worker thread call this, so they train identically.
import type { TrainOptions } from '../options.ts';
import type { Rng } from '../util/rng.ts';
import { buildHuffmanTree } from '../vocab/huffman.ts';
import { NoiseTable } from '../vocab/noise-table.ts';
import { keepProbabilities } from '../vocab/subsample.ts';
import { BatchBuilder, type SamplingTables } from './batches.ts';
import { createStep, needsTfjs, type Step } from './step.ts';
import type { Tables } from './types.ts';

/** The sampling tables for these options (only those the loss needs). */
export function samplingTables(options: TrainOptions, counts: Float64Array): SamplingTables {
  return {
    keep: options.sample > 0 ? keepProbabilities(counts, options.sample) : undefined,
    noise: options.loss === 'ns' ? new NoiseTable(counts, options.nsExponent) : undefined,
    huffman: options.loss === 'hs' ? buildHuffmanTree(counts) : undefined,
  };
}

/** A batch builder and a matching step for one thread (TF.js initialised first when the loss is softmax). */
export async function createThreadTrainer(options: TrainOptions, counts: Float64Array, dim: number, rng: Rng): Promise<{ builder: BatchBuilder; step: Step }> {
  const tables = samplingTables(options, counts);
  const builder = new BatchBuilder(options, options.batchSize, options.maxSentenceLength, tables, rng);
  const step = await createStep({ model: options.model, loss: options.loss, cbowMean: options.cbowMean }, dim);
  return { builder, step };
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
