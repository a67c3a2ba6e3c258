// The binary-logistic kernel shared by negative sampling and hierarchical softmax: for each example's hidden
// vector h and its T gathered output rows o_t, logit_t = h . o_t and g_t = (label_t - sigmoid(logit_t)) * lr *
// mask_t (word2vec.c's g). Only these B x T coefficients are computed in TF.js; gathering rows and applying
// the rank-1 updates stay in JS, which measured fastest on wasm (DESIGN §3.7: tf.gather is ~7x slower there).
import { tf } from './backend.ts';

/** How the B x T dot products are formed; both give the same numbers, speed differs by backend. */
export type LogisticFormulation = 'mul-sum' | 'matmul';

/** The kernel's answer for a batch of n examples: logits and coefficients, both n x T row-major. */
export interface LogisticOutput {
  logits: Float32Array;
  g: Float32Array;
}

/**
 * Computes logits and update coefficients for n examples from h [n, d], o [n, t, d], labels and mask [n, t].
 * The arrays may be longer than needed (preallocated at capacity); only the first n rows are read.
 */
export function logisticKernel(
  h: Float32Array,
  o: Float32Array,
  labels: Float32Array,
  mask: Float32Array,
  n: number,
  t: number,
  d: number,
  lr: number,
  formulation: LogisticFormulation = 'mul-sum',
): LogisticOutput {
  // dataSync runs outside tidy: tidy disposes the result tensor only after we copied it out.
  const out = tf.tidy(() => {
    const hT = tf.tensor2d(h.subarray(0, n * d), [n, d]);
    const oT = tf.tensor3d(o.subarray(0, n * t * d), [n, t, d]);
    const logits =
      formulation === 'matmul'
        ? tf.reshape(tf.matMul(oT, tf.reshape(hT, [n, d, 1])), [n, t])
        : tf.sum(tf.mul(oT, tf.reshape(hT, [n, 1, d])), 2);
    const yT = tf.tensor2d(labels.subarray(0, n * t), [n, t]);
    const mT = tf.tensor2d(mask.subarray(0, n * t), [n, t]);
    const g = tf.mul(tf.mul(tf.sub(yT, tf.sigmoid(logits)), tf.scalar(lr)), mT);
    return tf.concat([logits, g], 1);
  });
  const data = out.dataSync() as Float32Array;
  out.dispose();
  // Split the [n, 2t] answer into two n x t arrays.
  const logitsOut = new Float32Array(n * t);
  const gOut = new Float32Array(n * t);
  for (let b = 0; b < n; b++) {
    const src = b * 2 * t;
    logitsOut.set(data.subarray(src, src + t), b * t);
    gOut.set(data.subarray(src + t, src + 2 * t), b * t);
  }
  return { logits: logitsOut, g: gOut };
}
