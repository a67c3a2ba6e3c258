// The TF.js kernels against float64 plain loops, on every backend available here, plus backend selection.
import { describe, expect, it } from 'vitest';
import { Word2VecError } from '../../../src/errors.ts';
import { activeBackend, initBackend, kernelFor, logisticKernel, softmaxKernel, tf } from '../../../src/train/kernels/index.ts';
import { Rng } from '../../../src/util/rng.ts';

const rng = new Rng(9);
const rand = (n: number, scale = 1): Float32Array => Float32Array.from({ length: n }, () => (rng.nextFloat() - 0.5) * scale);
const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

function checkLogistic(formulation: 'mul-sum' | 'matmul'): void {
  const n = 37;
  const t = 6;
  const d = 20;
  const cap = 50;
  const h = rand(cap * d, 2);
  const o = rand(cap * t * d, 2);
  const labels = Float32Array.from({ length: cap * t }, (_, i) => (i % t === 0 ? 1 : rng.nextInt(2)));
  const mask = Float32Array.from({ length: cap * t }, () => (rng.nextFloat() < 0.8 ? 1 : 0));
  const lr = 0.7;
  const before = tf.memory().numTensors;
  const out = logisticKernel(h, o, labels, mask, n, t, d, lr, formulation);
  expect(tf.memory().numTensors).toBe(before);
  expect(out.logits.length).toBe(n * t);
  let nonzero = 0;
  for (let b = 0; b < n; b++) {
    for (let k = 0; k < t; k++) {
      const e = b * t + k;
      let x = 0;
      for (let j = 0; j < d; j++) x += h[b * d + j]! * o[e * d + j]!;
      const g = (labels[e]! - sigmoid(x)) * lr * mask[e]!;
      expect(Math.abs(out.logits[e]! - x)).toBeLessThan(1e-5 * Math.max(1, Math.abs(x)));
      expect(Math.abs(out.g[e]! - g)).toBeLessThan(1e-6);
      if (g !== 0) nonzero++;
    }
  }
  expect(nonzero).toBeGreaterThan(n);
}

function checkSoftmax(): void {
  const n = 9;
  const v = 13;
  const d = 7;
  const h = rand(16 * d, 2);
  const out = rand(v * d, 2);
  const classes = Int32Array.from({ length: 16 }, () => rng.nextInt(v));
  const lr = 0.5;
  const before = tf.memory().numTensors;
  const r = softmaxKernel(h, out, classes, n, v, d, lr);
  expect(tf.memory().numTensors).toBe(before);
  const gradOut = new Float64Array(v * d);
  for (let b = 0; b < n; b++) {
    const logits = Array.from({ length: v }, (_, w) => {
      let x = 0;
      for (let j = 0; j < d; j++) x += h[b * d + j]! * out[w * d + j]!;
      return x;
    });
    const m = Math.max(...logits);
    const z = logits.reduce((s, x) => s + Math.exp(x - m), 0);
    expect(r.loss[b]!).toBeCloseTo(m + Math.log(z) - logits[classes[b]!]!, 5);
    for (let j = 0; j < d; j++) {
      let gh = 0;
      for (let w = 0; w < v; w++) {
        const g = ((w === classes[b] ? 1 : 0) - Math.exp(logits[w]! - m) / z) * lr;
        gh += g * out[w * d + j]!;
        gradOut[w * d + j] += g * h[b * d + j]!;
      }
      expect(r.gradH[b * d + j]!).toBeCloseTo(gh, 5);
    }
  }
  for (let i = 0; i < v * d; i++) expect(r.gradOut[i]!).toBeCloseTo(gradOut[i]!, 5);
}

describe('kernels on the default backend', () => {
  it('auto picks wasm here (no tfjs-node) and prints nothing', async () => {
    const backend = await initBackend('auto');
    expect(['tensorflow', 'wasm']).toContain(backend);
    expect(activeBackend()).toBe(backend);
  });

  it('logistic (broadcast mul+sum) matches a float64 loop and leaks no tensors', () => checkLogistic('mul-sum'));
  it('logistic (batched matMul) matches a float64 loop and leaks no tensors', () => checkLogistic('matmul'));
  it('softmax matches a float64 loop and leaks no tensors', () => checkSoftmax());

  it('kernelFor maps losses to kernels', () => {
    expect(kernelFor('ns')).toBe('logistic');
    expect(kernelFor('hs')).toBe('logistic');
    expect(kernelFor('softmax')).toBe('softmax');
  });
});

describe('backend selection', () => {
  it('--backend tensorflow without @tensorflow/tfjs-node is an E_BACKEND error that says how to fix it', async () => {
    let hasNode = true;
    try {
      const name = '@tensorflow/tfjs-node';
      await import(name);
    } catch {
      hasNode = false;
    }
    if (hasNode) return; // where tfjs-node is installed the request succeeds instead
    const err = await initBackend('tensorflow').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Word2VecError);
    expect((err as Word2VecError).code).toBe('E_BACKEND');
    expect((err as Error).message).toMatch(/npm install @tensorflow\/tfjs-node.*--backend wasm/);
  });

  it('cpu works too, without the "install our node backend" console banner (fail-on-console would catch it)', async () => {
    expect(await initBackend('cpu')).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    checkLogistic('mul-sum');
    checkSoftmax();
  });
});
