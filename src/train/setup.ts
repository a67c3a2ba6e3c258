// Builds what one training thread needs from the options and the vocabulary counts: the sampling tables
// (keep-probabilities, noise table, Huffman codes) and a batch builder. Both the main thread (--workers 1)
// and every worker thread call this, so they train identically.
import type { TrainOptions } from '../options.ts';
import type { Rng } from '../util/rng.ts';
import { buildHuffmanTree } from '../vocab/huffman.ts';
import { NoiseTable } from '../vocab/noise-table.ts';
import { keepProbabilities } from '../vocab/subsample.ts';
import { BatchBuilder, batchWidths, type SamplingTables } from './batches.ts';
import { createStep } from './step.ts';

/** The sampling tables for these options (only those the loss needs). */
export function samplingTables(options: TrainOptions, counts: Float64Array): SamplingTables {
  return {
    keep: options.sample > 0 ? keepProbabilities(counts, options.sample) : undefined,
    noise: options.loss === 'ns' ? new NoiseTable(counts, options.nsExponent) : undefined,
    huffman: options.loss === 'hs' ? buildHuffmanTree(counts) : undefined,
  };
}

/** A batch builder and a matching step for one thread (`slot`: its scratch area in shared wasm tables). */
export function createThreadTrainer(options: TrainOptions, counts: Float64Array, dim: number, rng: Rng, slot = 0) {
  const tables = samplingTables(options, counts);
  const builder = new BatchBuilder(options, options.batchSize, options.maxSentenceLength, tables, rng);
  const { inputWidth, targetWidth } = batchWidths(options, tables.huffman?.maxCodeLength ?? 0);
  const step = createStep(
    { model: options.model, loss: options.loss, cbowMean: options.cbowMean },
    dim,
    builder.capacity,
    targetWidth,
    inputWidth,
    slot,
  );
  return { builder, step };
}
