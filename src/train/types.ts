// The contract between batch building (train/batches.ts) and the training steps (train/logistic-step.ts for
// negative sampling and hierarchical softmax, train/softmax-step.ts for the full softmax). A batch holds only
// ids and labels in flat arrays; the step reads and writes the rows of the shared weight tables.
import type { SharedWasmMemory } from './sgd-wasm.ts';

/**
 * One batch of training examples, as ids in flat arrays without padding: example b's input rows are
 * inputs[inputEnds[b] .. inputEnds[b + 1]) and its targets / labels are targets / labels[targetEnds[b] ..
 * targetEnds[b + 1]); inputEnds[0] = targetEnds[0] = 0.
 * - skip-gram: one input, the context word, predicting the centre word (word2vec.c convention).
 * - CBOW: the context words of the centre word (up to 2 x window), predicting the centre word.
 * - ns: targets = the positive word, then the negatives that differ from it (word2vec.c skips, not redraws,
 *   a noise word equal to the target); labels 1, 0, ..., 0.
 * - hs: targets = the Huffman path's inner-node ids (rows of the V-1 output table), labels = 1 - code
 *   (word2vec.c: f = sigmoid(h . syn1[point]), g = (1 - code - f) * alpha).
 * - softmax: targets = the centre word id, label 1.
 */
export interface ExampleBatch {
  /** Examples filled (entries beyond them are garbage and must be ignored). */
  size: number;
  /** [capacity + 1] end offsets of each example's inputs. */
  inputEnds: Int32Array;
  /** Input-table row ids. */
  inputs: Int32Array;
  /** [capacity + 1] end offsets of each example's targets. */
  targetEnds: Int32Array;
  /** Output-table row ids. */
  targets: Int32Array;
  /** Binary labels of the targets (ns/hs); 1 for softmax. */
  labels: Uint8Array;
}

/** The two weight tables, row-major float32 (over SharedArrayBuffers when workers share them). */
export interface Tables {
  vocabSize: number;
  dim: number;
  /** Input weights (word2vec.c syn0): the word vectors, vocabSize x dim; a subword model's n-gram rows follow. */
  input: Float32Array;
  /** Output weights: syn1neg (vocabSize x dim) for ns and softmax, syn1 ((vocabSize-1) x dim) for hs. */
  output: Float32Array;
  /** Set when both tables are views of one shared WebAssembly memory (the SIMD path of the step). */
  wasm?: WasmTables;
}

/** Where the tables sit in a shared WebAssembly memory (byte offsets); each thread grows it for its batch area. */
export interface WasmTables {
  memory: SharedWasmMemory;
  inputPtr: number;
  outputPtr: number;
  /** Input rows: the words', then (subword models) the n-grams'. */
  inputRows: number;
  outputRows: number;
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
  /**
   * ns / hs: the sigmoid from word2vec.c's 1000-entry table with gensim's skip of targets whose |logit| >= 6
   * ('table', what training uses), or computed exactly ('exact', the default: the float64 reference tests).
   */
  sigmoid?: 'exact' | 'table';
}
