// Learns the customisation matrix M (dim x outDim) from labelled pairs of sentence vectors with TF.js autodiff:
// custom = dropout(e) . M, loss = mean over pairs of (cos(e1 M, e2 M) - label)^2, minimised with Adam. Only M
// is a variable: the sentence vectors are computed beforehand as plain arrays, so the gradient never runs
// through an embedding table (tf.gather's gradient is a dense vocab x dim tensor, and it fails on wasm).
// TF.js comes through src/tf/backend.ts.
import type { BackendName } from '../options.ts';
import { type ActiveBackend, type BackendHooks, initBackend, tf } from './backend.ts';
import { Rng } from '../util/rng.ts';
import { shuffle } from '../util/shuffle.ts';
import type { CustomTrainOptions } from './customize-options.ts';

export { type CustomTrainOptions, DEFAULT_CUSTOM_TRAIN_OPTIONS } from './customize-options.ts';

/** Starts the TF.js backend the matrix is trained on (auto: tfjs-node, else wasm, else cpu). */
export function startCustomBackend(requested: BackendName, hooks: BackendHooks = {}): Promise<ActiveBackend> {
  return initBackend(requested, hooks);
}

/** Pairs of sentence vectors: row i of `left` and of `right` (each count x dim) with `labels[i]` +1 or -1. */
export interface PairVectors {
  dim: number;
  count: number;
  left: Float32Array;
  right: Float32Array;
  labels: Float32Array;
}

/** The learned matrix and the mean training loss of each epoch. */
export interface CustomTrainResult {
  matrix: Float32Array;
  lossPerEpoch: number[];
}

/** Progress hooks (the library never prints). */
export interface CustomTrainHooks {
  onEpoch?: (epoch: number, loss: number) => void;
}

/** The starting matrix: identity (first min(dim, outDim) diagonal) plus normal noise, or a random normal one. */
export function initialMatrix(dim: number, outDim: number, init: CustomTrainOptions['init'], noise: number, rng: Rng): Float32Array {
  const m = new Float32Array(dim * outDim);
  const std = init === 'identity' ? noise : 1 / Math.sqrt(dim);
  if (std > 0) for (let i = 0; i < m.length; i++) m[i] = std * normal(rng);
  if (init === 'identity') for (let i = 0; i < Math.min(dim, outDim); i++) m[i * outDim + i]! += 1;
  return m;
}

/**
 * Trains M on `data`. Seeded: the initial noise, the shuffling and the dropout masks come from one Rng in
 * JS, so a run repeats on one backend. Every tensor is freed (tested with tf.memory().numTensors).
 */
export function trainCustomMatrix(data: PairVectors, options: CustomTrainOptions, hooks: CustomTrainHooks = {}): CustomTrainResult {
  const { dim, count } = data;
  const { outDim, batchSize, dropout } = options;
  const rng = new Rng(options.seed);
  const start = tf.tensor2d(initialMatrix(dim, outDim, options.init, options.noise, rng), [dim, outDim]);
  const matrix = tf.variable(start, true);
  start.dispose(); // the variable holds its own reference to the data
  const optimizer = tf.train.adam(options.lr);
  const lossPerEpoch: number[] = [];
  const order = Array.from({ length: count }, (_, i) => i);
  const keep = 1 - dropout;
  try {
    for (let epoch = 0; epoch < options.epochs; epoch++) {
      shuffle(order, rng);
      let total = 0;
      for (let start = 0; start < count; start += batchSize) {
        const n = Math.min(batchSize, count - start);
        const left = new Float32Array(n * dim);
        const right = new Float32Array(n * dim);
        const labels = new Float32Array(n);
        for (let b = 0; b < n; b++) {
          const i = order[start + b]!;
          left.set(data.left.subarray(i * dim, (i + 1) * dim), b * dim);
          right.set(data.right.subarray(i * dim, (i + 1) * dim), b * dim);
          labels[b] = data.labels[i]!;
        }
        if (dropout > 0) {
          // inverted dropout: kept coordinates scaled by 1/keep so the expected input is unchanged
          for (let j = 0; j < left.length; j++) left[j] = rng.nextFloat() < dropout ? 0 : left[j]! / keep;
          for (let j = 0; j < right.length; j++) right[j] = rng.nextFloat() < dropout ? 0 : right[j]! / keep;
        }
        const loss = tf.tidy((): tf.Scalar => {
          const l = tf.tensor2d(left, [n, dim]);
          const r = tf.tensor2d(right, [n, dim]);
          const y = tf.tensor1d(labels);
          return optimizer.minimize(() => pairLoss(l, r, y, matrix), true, [matrix])!;
        });
        total += loss.dataSync()[0]! * n;
        loss.dispose();
      }
      const mean = total / count;
      lossPerEpoch.push(mean);
      hooks.onEpoch?.(epoch + 1, mean);
    }
    return { matrix: Float32Array.from(matrix.dataSync()), lossPerEpoch };
  } finally {
    optimizer.dispose();
    matrix.dispose();
  }
}

/**
 * The loss and its gradient with respect to M for one batch, without dropout (the gradient test compares this
 * with a float64 finite-difference reference).
 */
export function customLossAndGradient(data: PairVectors, matrix: Float32Array, outDim: number): { loss: number; gradient: Float32Array } {
  const { dim, count } = data;
  const [lossT, gradT] = tf.tidy(() => {
    const l = tf.tensor2d(data.left, [count, dim]);
    const r = tf.tensor2d(data.right, [count, dim]);
    const y = tf.tensor1d(data.labels);
    const { value, grad } = tf.valueAndGrad((m: tf.Tensor) => pairLoss(l, r, y, m as tf.Tensor2D))(tf.tensor2d(matrix, [dim, outDim]));
    return [value, grad];
  });
  const result = { loss: lossT.dataSync()[0]!, gradient: Float32Array.from(gradT.dataSync()) };
  tf.dispose([lossT, gradT]);
  return result;
}

// --- internal ---

/**
 * mean((cos(l M, r M) - y)^2). The floor sits under the square root: a row that dropout zeroed whole (likely with
 * few dimensions) then gives cos 0 and no gradient, where sqrt(0)'s infinite slope times 0 made the matrix NaN.
 */
function pairLoss(left: tf.Tensor2D, right: tf.Tensor2D, labels: tf.Tensor1D, matrix: tf.Tensor2D): tf.Scalar {
  const a = tf.matMul(left, matrix);
  const b = tf.matMul(right, matrix);
  const dot = tf.sum(tf.mul(a, b), 1);
  const norms = tf.sqrt(tf.maximum(tf.mul(tf.sum(tf.square(a), 1), tf.sum(tf.square(b), 1)), 1e-24));
  const cos = tf.div(dot, norms);
  return tf.mean(tf.square(tf.sub(cos, labels)));
}

/** A standard normal draw (Box-Muller). */
function normal(rng: Rng): number {
  const u = 1 - rng.nextFloat();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextFloat());
}
