// The full-softmax kernel: logits = H . Outᵀ over the whole vocabulary (B x V), softmax cross-entropy, and
// the dense gradients. Only sensible for small vocabularies (the CLI warns above 50k words). The transpose is
// explicit because matMul's transpose flags measured ~8x slower on the wasm backend.
import { tf } from './backend.ts';

/** Gradients (already scaled by lr) and the per-example cross-entropy of a batch. */
export interface SoftmaxOutput {
  /** [v, d] to add to the output table. */
  gradOut: Float32Array;
  /** [n, d] to add to each example's hidden vector (spread to its input rows). */
  gradH: Float32Array;
  /** [n] cross-entropy per example (natural log). */
  loss: Float32Array;
}

/** Computes the softmax step for n examples: h [n, d], out [v, d], target class ids [n], learning rate. */
export function softmaxKernel(
  h: Float32Array,
  out: Float32Array,
  classes: Int32Array,
  n: number,
  v: number,
  d: number,
  lr: number,
): SoftmaxOutput {
  const [gradOutT, gradHT, lossT] = tf.tidy(() => {
    const hT = tf.tensor2d(h.subarray(0, n * d), [n, d]);
    const outT = tf.tensor2d(out.subarray(0, v * d), [v, d]);
    const logits = tf.matMul(hT, tf.transpose(outT));
    const logp = tf.logSoftmax(logits);
    const oneHot = tf.oneHot(tf.tensor1d(classes.subarray(0, n), 'int32'), v);
    const loss = tf.neg(tf.sum(tf.mul(oneHot, logp), 1));
    // d(-log p_y)/d logits = p - onehot; SGD adds lr * (onehot - p), word2vec's sign convention.
    const g = tf.mul(tf.sub(oneHot, tf.exp(logp)), tf.scalar(lr));
    return [tf.matMul(tf.transpose(g), hT), tf.matMul(g, outT), loss];
  });
  const result: SoftmaxOutput = {
    gradOut: gradOutT.dataSync() as Float32Array,
    gradH: gradHT.dataSync() as Float32Array,
    loss: lossT.dataSync() as Float32Array,
  };
  gradOutT.dispose();
  gradHT.dispose();
  lossT.dispose();
  return result;
}
