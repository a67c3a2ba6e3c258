import { beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../../../src/tf/backend.ts';
import { customLossAndGradient, initialMatrix, type PairVectors, startCustomBackend, trainCustomMatrix } from '../../../src/tf/customize-train.ts';
import { Rng } from '../../../src/util/rng.ts';

/** mean((cos(l M, r M) - y)^2) in float64: the reference the TF.js gradient is held to. */
function referenceLoss(data: PairVectors, m: Float64Array, outDim: number): number {
  const { dim, count } = data;
  let total = 0;
  for (let i = 0; i < count; i++) {
    const a = new Float64Array(outDim);
    const b = new Float64Array(outDim);
    for (let j = 0; j < dim; j++) {
      for (let k = 0; k < outDim; k++) {
        a[k] += data.left[i * dim + j]! * m[j * outDim + k]!;
        b[k] += data.right[i * dim + j]! * m[j * outDim + k]!;
      }
    }
    let dot = 0;
    let na = 0;
    let nb = 0;
    for (let k = 0; k < outDim; k++) {
      dot += a[k]! * b[k]!;
      na += a[k]! * a[k]!;
      nb += b[k]! * b[k]!;
    }
    total += (dot / Math.sqrt(na * nb) - data.labels[i]!) ** 2;
  }
  return total / count;
}

function randomPairs(count: number, dim: number, seed: number): PairVectors {
  const rng = new Rng(seed);
  const draw = (): Float32Array => Float32Array.from({ length: count * dim }, () => rng.nextFloat() * 2 - 1);
  return { dim, count, left: draw(), right: draw(), labels: Float32Array.from({ length: count }, (_, i) => (i % 2 === 0 ? 1 : -1)) };
}

beforeAll(async () => {
  await startCustomBackend('auto');
});

describe('the customisation matrix training (TF.js)', () => {
  it('computes the gradient of the cosine MSE like a float64 finite-difference reference', () => {
    const dim = 5;
    const outDim = 4;
    const data = randomPairs(7, dim, 11);
    const m = initialMatrix(dim, outDim, 'identity', 0.3, new Rng(2));
    const { loss, gradient } = customLossAndGradient(data, m, outDim);
    const m64 = Float64Array.from(m);
    expect(loss).toBeCloseTo(referenceLoss(data, m64, outDim), 5);
    const h = 1e-6;
    let worst = 0;
    for (let i = 0; i < m64.length; i++) {
      const plus = Float64Array.from(m64);
      const minus = Float64Array.from(m64);
      plus[i]! += h;
      minus[i]! -= h;
      const numeric = (referenceLoss(data, plus, outDim) - referenceLoss(data, minus, outDim)) / (2 * h);
      worst = Math.max(worst, Math.abs(numeric - gradient[i]!));
    }
    // float32 autodiff against a float64 central difference: agreement to ~1e-6; a sign flip or a missing
    // term of the cosine's quotient rule gives errors of the gradient's own size (~0.1)
    expect(worst).toBeLessThan(1e-4);
    expect(Math.max(...Array.from(gradient, Math.abs))).toBeGreaterThan(1e-2);
  });

  it('gives a pair with an all-zero row cosine 0 and no gradient, not NaN (dropout can zero a short row)', () => {
    const dim = 4;
    const data = randomPairs(3, dim, 5);
    data.left.fill(0, 0, dim); // pair 0: its left row zeroed whole
    const m = initialMatrix(dim, dim, 'identity', 0.1, new Rng(3));
    const { loss, gradient } = customLossAndGradient(data, m, dim);
    expect(gradient.every(Number.isFinite)).toBe(true);
    // pair 0 counts as cos 0: its squared error is its label's, 1
    const others = { ...data, count: 2, left: data.left.subarray(dim), right: data.right.subarray(dim), labels: data.labels.subarray(1) };
    const rest = referenceLoss(others, Float64Array.from(m), dim);
    expect(loss).toBeCloseTo((1 + 2 * rest) / 3, 5);
    // and no gradient of its own: the mean's gradient is 2/3 of the other two pairs' alone
    const alone = customLossAndGradient(others, m, dim).gradient;
    expect(Math.max(...Array.from(gradient, (g, i) => Math.abs(g - (2 / 3) * alone[i]!)))).toBeLessThan(1e-6);
  });

  it('lowers the loss on separable pairs, repeats with a seed and leaks no tensor', () => {
    // two directions: similar pairs share a hidden direction, dissimilar ones do not
    const dim = 8;
    const rng = new Rng(5);
    const count = 200;
    const left = new Float32Array(count * dim);
    const right = new Float32Array(count * dim);
    const labels = new Float32Array(count);
    for (let i = 0; i < count; i++) {
      const similar = i % 2 === 0;
      const topicA = rng.nextFloat() < 0.5;
      for (let j = 0; j < dim; j++) {
        left[i * dim + j] = rng.nextFloat() + (j === 0 && topicA ? 2 : 0);
        right[i * dim + j] = rng.nextFloat() + (j === 0 && topicA === similar ? 2 : 0);
      }
      labels[i] = similar ? 1 : -1;
    }
    const data = { dim, count, left, right, labels };
    const before = tf.memory().numTensors;
    const options = { outDim: dim, epochs: 15, batchSize: 50, lr: 0.01, dropout: 0.1, seed: 3, init: 'identity' as const, noise: 0.01 };
    const first = trainCustomMatrix(data, options);
    expect(tf.memory().numTensors).toBe(before);
    // an MSE of cosines against +-1 lies in [0, 4]; gradient ascent on it (sign flipped) fails both checks
    expect(first.lossPerEpoch.every((l) => l >= 0 && l <= 4)).toBe(true);
    expect(first.lossPerEpoch.at(-1)!).toBeLessThan(first.lossPerEpoch[0]! * 0.8);
    const again = trainCustomMatrix(data, options);
    expect(Array.from(again.matrix)).toEqual(Array.from(first.matrix));
    expect(tf.memory().numTensors).toBe(before);
  });

  it('starts from the identity plus small noise, or a random matrix', () => {
    const identity = initialMatrix(3, 3, 'identity', 0, new Rng(1));
    expect(Array.from(identity)).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1]);
    const wide = initialMatrix(2, 3, 'identity', 0, new Rng(1));
    expect(Array.from(wide)).toEqual([1, 0, 0, 0, 1, 0]);
    const random = initialMatrix(50, 50, 'random', 0, new Rng(1));
    const std = Math.sqrt(random.reduce((s, x) => s + x * x, 0) / random.length);
    expect(std).toBeCloseTo(1 / Math.sqrt(50), 1);
  });
});
