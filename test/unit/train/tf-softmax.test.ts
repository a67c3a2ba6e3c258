// The TF.js full-softmax kernel against a float64 plain loop, on every backend available here, plus backend
// selection (src/tf/, the one folder that imports TensorFlow.js).
import { describe, expect, it } from 'vitest';
import { Word2VecError } from '../../../src/errors.ts';
import { initBackend, tf } from '../../../src/tf/backend.ts';
import { softmaxKernel } from '../../../src/tf/softmax.ts';
import { Rng } from '../../../src/util/rng.ts';

const rng = new Rng(9);
const rand = (n: number, scale = 1): Float32Array => Float32Array.from({ length: n }, () => (rng.nextFloat() - 0.5) * scale);

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
    expect(tf.getBackend()).toBe(backend);
  });

  it('softmax matches a float64 loop and leaks no tensors', () => checkSoftmax());
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
    checkSoftmax();
  });
});
