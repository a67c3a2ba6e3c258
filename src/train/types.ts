// The contract between batch building (pure TS, train/batches.ts) and the training step (TF.js kernel plus
// JS gather/apply, train/step.ts). A batch holds only ids and labels; the step gathers rows from the shared
// tables, asks a TF.js kernel for the update coefficients, and scatters the updates back.
import type { SharedWasmMemory } from './sgd-wasm.ts';

/**
 * One batch of training examples, as ids. Layout is row-major with fixed widths; -1 marks padding.
 * - skip-gram: inputs = the context word (inputWidth 1), predicting the centre word (word2vec.c convention).
 * - CBOW: inputs = up to 2*window context words (inputWidth = 2*window), predicting the centre word.
 * - ns: targets = [positive, negative_1..negative_K] word ids, labels [1, 0..0] (targetWidth 1+K).
 * - hs: targets = the Huffman path's inner-node ids (rows of the V-1 output table), labels = 1 - code
 *   (word2vec.c: f = sigmoid(h . syn1[point]), g = (1 - code - f) * alpha), targetWidth = max code length.
 * - softmax: targets = [centre word id] (targetWidth 1), label 1.
 */
export interface ExampleBatch {
  /** Examples filled (rows beyond `size` are garbage and must be ignored). */
  size: number;
  inputWidth: number;
  /** [capacity * inputWidth] input-table row ids, -1 = padding. */
  inputs: Int32Array;
  targetWidth: number;
  /** [capacity * targetWidth] output-table row ids, -1 = padding. */
  targets: Int32Array;
  /** [capacity * targetWidth] binary labels (ns/hs); unused for softmax. */
  labels: Float32Array;
}

/** The two weight tables, row-major float32 (over SharedArrayBuffers when workers share them). */
export interface Tables {
  vocabSize: number;
  dim: number;
  /** Input weights (word2vec.c syn0): the word vectors, vocabSize x dim. */
  input: Float32Array;
  /** Output weights: syn1neg (vocabSize x dim) for ns and softmax, syn1 ((vocabSize-1) x dim) for hs. */
  output: Float32Array;
  /** Set when both tables are views of one shared WebAssembly memory (the SIMD apply path of the step). */
  wasm?: WasmTables;
}

/** Where the tables and the per-thread scratch areas sit in a shared WebAssembly memory (byte offsets). */
export interface WasmTables {
  memory: SharedWasmMemory;
  inputPtr: number;
  outputPtr: number;
  outputRows: number;
  /** SCRATCH_SLOTS areas of scratchStride bytes: neu1e, then the hidden vector, each 16-byte aligned. */
  scratchPtr: number;
  scratchStride: number;
  scratchSlots: number;
}

/** What one step reports back. */
export interface StepResult {
  /** Sum over the batch's examples of the example loss (float64): ns/hs -sum log sigmoid(+-logit), softmax cross-entropy. */
  lossSum: number;
  /** Examples that contributed (== batch.size). */
  examples: number;
}

/** Per-run settings the step needs. */
export interface StepConfig {
  model: 'sg' | 'cbow';
  loss: 'ns' | 'hs' | 'softmax';
  /** CBOW: average the context rows (gensim cbow_mean=1) or sum them. */
  cbowMean: boolean;
}
