// Each (model x loss) step is checked against a float64 plain-loop reference of the same update: for ns and
// hs word2vec's sequential SGD (the step recomputes coefficients whose rows moved within the batch), for the
// full softmax one batch gradient from the rows at the start of the batch.
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend, tf } from '../../../src/train/kernels/backend.ts';
import { createStep } from '../../../src/train/step.ts';
import { tablesFrom } from '../../../src/train/tables.ts';
import type { ExampleBatch, StepConfig, Tables } from '../../../src/train/types.ts';
import { Rng } from '../../../src/util/rng.ts';

const V = 40;
const D = 12;
const B = 24;

beforeAll(async () => {
  await initBackend('auto');
});

interface Case {
  config: StepConfig;
  inputWidth: number;
  targetWidth: number;
}

const cases: Case[] = [
  { config: { model: 'sg', loss: 'ns', cbowMean: true }, inputWidth: 1, targetWidth: 6 },
  { config: { model: 'sg', loss: 'hs', cbowMean: true }, inputWidth: 1, targetWidth: 7 },
  { config: { model: 'sg', loss: 'softmax', cbowMean: true }, inputWidth: 1, targetWidth: 1 },
  { config: { model: 'cbow', loss: 'ns', cbowMean: true }, inputWidth: 6, targetWidth: 6 },
  { config: { model: 'cbow', loss: 'ns', cbowMean: false }, inputWidth: 6, targetWidth: 6 },
  { config: { model: 'cbow', loss: 'hs', cbowMean: true }, inputWidth: 6, targetWidth: 7 },
  { config: { model: 'cbow', loss: 'softmax', cbowMean: true }, inputWidth: 6, targetWidth: 1 },
  { config: { model: 'cbow', loss: 'softmax', cbowMean: false }, inputWidth: 6, targetWidth: 1 },
];

/** A random batch with padding (-1) among inputs and targets and repeated ids, as real batches have. */
function randomBatch(rng: Rng, c: Case, size: number, capacity: number): ExampleBatch {
  const { inputWidth: iw, targetWidth: tw } = c;
  const inputs = new Int32Array(capacity * iw).fill(-1);
  const targets = new Int32Array(capacity * tw).fill(-1);
  const labels = new Float32Array(capacity * tw);
  const outRows = c.config.loss === 'hs' ? V - 1 : V;
  for (let b = 0; b < size; b++) {
    const nIn = c.config.model === 'sg' ? 1 : 1 + rng.nextInt(iw);
    for (let k = 0; k < nIn; k++) inputs[b * iw + k] = rng.nextInt(8); // few ids: duplicates within the batch
    const nT = c.config.loss === 'softmax' ? 1 : 1 + rng.nextInt(tw);
    for (let k = 0; k < nT; k++) {
      targets[b * tw + k] = rng.nextInt(outRows);
      labels[b * tw + k] = c.config.loss === 'ns' ? (k === 0 ? 1 : 0) : rng.nextInt(2);
    }
  }
  return { size, inputWidth: iw, inputs, targetWidth: tw, targets, labels };
}

/**
 * Random tables: plain Float32Arrays (the step's JS apply loops) or views of one shared WebAssembly memory
 * (its SIMD loops, train/sgd-wasm.ts), so every check below runs on both apply paths.
 */
type TableKind = 'js' | 'wasm';
const KINDS: readonly TableKind[] = ['js', 'wasm'];

function randomTables(rng: Rng, outRows: number, kind: TableKind = 'js', dim = D): Tables {
  const input = Float32Array.from({ length: V * dim }, () => (rng.nextFloat() - 0.5) * 0.8);
  const output = Float32Array.from({ length: outRows * dim }, () => (rng.nextFloat() - 0.5) * 0.8);
  if (kind === 'js') return { vocabSize: V, dim, input, output };
  const tables = tablesFrom(V, dim, input, output);
  if (tables.wasm === undefined) throw new Error('expected the tables in shared WebAssembly memory (SIMD apply path)');
  return tables;
}

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/** The same step in float64, written as directly as possible from word2vec.c / gensim. Returns the loss sum. */
function referenceStep(c: Case, batch: ExampleBatch, input: Float64Array, output: Float64Array, lr: number): number {
  const { inputWidth: iw, targetWidth: tw } = c;
  const cbow = c.config.model === 'cbow';
  const inputs = (b: number): number[] => [...batch.inputs.subarray(b * iw, b * iw + iw)].filter((x) => x >= 0);
  const row = (t: Float64Array, id: number): Float64Array => t.slice(id * D, id * D + D);
  const hidden = (tab: Float64Array, b: number): Float64Array => {
    const ids = inputs(b);
    const h = new Float64Array(D);
    for (const id of ids) for (let j = 0; j < D; j++) h[j] += tab[id * D + j]!;
    if (cbow && c.config.cbowMean) for (let j = 0; j < D; j++) h[j] /= ids.length;
    return h;
  };
  const spread = (b: number, e: Float64Array): void => {
    const ids = inputs(b);
    const scale = cbow && !c.config.cbowMean ? 1 / ids.length : 1;
    for (const id of ids) for (let j = 0; j < D; j++) input[id * D + j] += e[j]! * scale;
  };
  const start = { input: input.slice(), output: output.slice() };
  let loss = 0;
  if (c.config.loss === 'softmax') {
    const gradOut = new Float64Array(V * D);
    for (let b = 0; b < batch.size; b++) {
      const h = hidden(start.input, b);
      const logits = Array.from({ length: V }, (_, w) => row(start.output, w).reduce((s, x, j) => s + x * h[j]!, 0));
      const m = Math.max(...logits);
      const z = logits.reduce((s, x) => s + Math.exp(x - m), 0);
      const y = batch.targets[b * tw]!;
      loss += m + Math.log(z) - logits[y]!;
      const e = new Float64Array(D);
      for (let w = 0; w < V; w++) {
        const g = ((w === y ? 1 : 0) - Math.exp(logits[w]! - m) / z) * lr;
        for (let j = 0; j < D; j++) {
          e[j] += g * start.output[w * D + j]!;
          gradOut[w * D + j] += g * h[j]!;
        }
      }
      spread(b, e);
    }
    for (let i = 0; i < V * D; i++) output[i] += gradOut[i]!;
    return loss;
  }
  // ns / hs: plain sequential SGD, word2vec.c's loop; every value is read as it is when the example runs.
  for (let b = 0; b < batch.size; b++) {
    if (inputs(b).length === 0) continue;
    const h = hidden(input, b);
    const e = new Float64Array(D);
    for (let k = 0; k < tw; k++) {
      const id = batch.targets[b * tw + k]!;
      if (id < 0) continue;
      const x = row(output, id).reduce((s, v, j) => s + v * h[j]!, 0);
      const label = batch.labels[b * tw + k]!;
      loss += -Math.log(label === 1 ? sigmoid(x) : sigmoid(-x));
      const g = (label - sigmoid(x)) * lr;
      for (let j = 0; j < D; j++) {
        e[j] += g * output[id * D + j]!;
        output[id * D + j] += g * h[j]!;
      }
    }
    spread(b, e);
  }
  return loss;
}

function maxRelError(actual: Float32Array, expected: Float64Array): number {
  let scale = 0;
  let err = 0;
  for (let i = 0; i < expected.length; i++) {
    scale = Math.max(scale, Math.abs(expected[i]!));
    err = Math.max(err, Math.abs(actual[i]! - expected[i]!));
  }
  return err / scale;
}

describe('createStep against a float64 reference', () => {
  for (const [c, kind] of cases.flatMap((c) => KINDS.map((k) => [c, k] as const))) {
    const name = `${c.config.model} ${c.config.loss}${c.config.model === 'cbow' ? (c.config.cbowMean ? ' mean' : ' sum') : ''}`;
    it(`${name}, ${kind} apply: same tables and loss after one step, no leaked tensors`, () => {
      const rng = new Rng(7);
      const outRows = c.config.loss === 'hs' ? V - 1 : V;
      const tables = randomTables(rng, outRows, kind);
      const capacity = B + 8;
      const batch = randomBatch(rng, c, B, capacity);
      const refIn = Float64Array.from(tables.input);
      const refOut = Float64Array.from(tables.output);
      const startIn = tables.input.slice();
      const startOut = tables.output.slice();
      const lr = 0.3; // large, so the updates (and any error in them) are far above float32 rounding
      const refLoss = referenceStep(c, batch, refIn, refOut, lr);

      const step = createStep(c.config, D, capacity, c.targetWidth, c.inputWidth);
      const before = tf.memory().numTensors;
      const result = step.run(batch, tables, lr);
      expect(tf.memory().numTensors).toBe(before);
      step.dispose();

      expect(result.examples).toBe(B);
      expect(Math.abs(result.lossSum - refLoss) / refLoss).toBeLessThan(1e-5);
      // the step really moved the tables (a no-op would pass a same-tables check against a no-op reference)
      expect(maxRelError(tables.input, Float64Array.from(startIn))).toBeGreaterThan(1e-3);
      expect(maxRelError(tables.output, Float64Array.from(startOut))).toBeGreaterThan(1e-3);
      expect(maxRelError(tables.input, refIn)).toBeLessThan(1e-5);
      expect(maxRelError(tables.output, refOut)).toBeLessThan(1e-5);
    });
  }

  it('lowers the loss of a batch it trains on repeatedly (the gradient has the right sign) for every mode', () => {
    for (const [c, kind] of cases.flatMap((c) => KINDS.map((k) => [c, k] as const))) {
      const rng = new Rng(11);
      const tables = randomTables(rng, c.config.loss === 'hs' ? V - 1 : V, kind);
      const batch = randomBatch(rng, c, B, B);
      const step = createStep(c.config, D, B, c.targetWidth, c.inputWidth);
      const first = step.run(batch, tables, 0.05).lossSum;
      let last = first;
      for (let i = 0; i < 20; i++) last = step.run(batch, tables, 0.05).lossSum;
      expect(last, `${c.config.model} ${c.config.loss} ${kind}`).toBeLessThan(first * 0.8);
    }
  });

  it('a run of one repeated pair (text8 has 38 identical tokens in a row) stays sequential SGD, not a blow-up', () => {
    for (const [model, kind] of (['sg', 'cbow'] as const).flatMap((m) => KINDS.map((k) => [m, k] as const))) {
      const c = cases.find((x) => x.config.model === model && x.config.loss === 'ns')!;
      const rng = new Rng(5);
      const tables = randomTables(rng, V, kind);
      const n = 2048;
      const batch = randomBatch(rng, c, n, n);
      for (let b = 0; b < n; b++) {
        batch.inputs.fill(-1, b * c.inputWidth, (b + 1) * c.inputWidth);
        batch.inputs.fill(3, b * c.inputWidth, b * c.inputWidth + (model === 'sg' ? 1 : 4));
        batch.targets[b * c.targetWidth] = 3;
      }
      const refIn = Float64Array.from(tables.input);
      const refOut = Float64Array.from(tables.output);
      referenceStep(c, batch, refIn, refOut, 0.025);
      const step = createStep(c.config, D, n, c.targetWidth, c.inputWidth);
      step.run(batch, tables, 0.025);
      expect(maxRelError(tables.input, refIn), `${model} ${kind}`).toBeLessThan(1e-4);
      expect(maxRelError(tables.output, refOut), `${model} ${kind}`).toBeLessThan(1e-4);
      let max = 0;
      for (const x of tables.input) max = Math.max(max, Math.abs(x));
      expect(max, model).toBeLessThan(20); // sequential SGD stays ~5 here; stale sums reach 1e3+
      expect(step.timings().recomputed).toBeGreaterThan(n);
    }
  });

  it('ignores rows past batch.size and rejects batches over capacity or of another shape', () => {
    const c = cases[0]!;
    const rng = new Rng(3);
    const tables = randomTables(rng, V);
    const batch = randomBatch(rng, c, 4, 16);
    batch.inputs.fill(5, 4); // garbage beyond size
    batch.targets.fill(9, 4 * c.targetWidth);
    const refIn = Float64Array.from(tables.input);
    const refOut = Float64Array.from(tables.output);
    referenceStep(c, { ...batch }, refIn, refOut, 0.1);
    const step = createStep(c.config, D, 16, c.targetWidth, 1);
    step.run(batch, tables, 0.1);
    expect(maxRelError(tables.input, refIn)).toBeLessThan(1e-5);
    expect(maxRelError(tables.output, refOut)).toBeLessThan(1e-5);
    expect(() => step.run({ ...batch, size: 17 }, tables, 0.1)).toThrow(/capacity/);
    expect(() => step.run({ ...batch, targetWidth: 3 }, tables, 0.1)).toThrow(/widths/);
    expect(step.timings().batches).toBe(1);
  });
});
