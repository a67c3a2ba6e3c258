// Each (model x loss) step is checked against a float64 plain-loop reference of the same update: for ns and
// hs word2vec's sequential SGD (the SIMD WebAssembly batch call and the plain-JS loop), for the full softmax
// one batch gradient from the rows at the start of the batch.
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend, tf } from '../../../src/tf/backend.ts';
import { createStep } from '../../../src/train/step.ts';
import { tablesFrom } from '../../../src/train/tables.ts';
import { allocateBatch } from '../../../src/train/batches.ts';
import { oneExample } from '../../helpers/one-example.ts';
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

/** A random batch, as flat arrays (CBOW examples of 1..inputWidth contexts, 1..targetWidth targets), with repeated ids. */
function randomBatch(rng: Rng, c: Case, size: number, capacity: number): ExampleBatch {
  const { inputWidth: iw, targetWidth: tw } = c;
  const batch = allocateBatch(capacity, capacity * iw, capacity * tw);
  const outRows = c.config.loss === 'hs' ? V - 1 : V;
  let ia = 0;
  let ta = 0;
  for (let b = 0; b < size; b++) {
    const nIn = c.config.model === 'sg' ? 1 : 1 + rng.nextInt(iw);
    for (let k = 0; k < nIn; k++) batch.inputs[ia++] = rng.nextInt(8); // few ids: duplicates within the batch
    const nT = c.config.loss === 'softmax' ? 1 : 1 + rng.nextInt(tw);
    for (let k = 0; k < nT; k++) {
      batch.targets[ta] = rng.nextInt(outRows);
      batch.labels[ta++] = c.config.loss === 'ns' ? (k === 0 ? 1 : 0) : rng.nextInt(2);
    }
    batch.inputEnds[b + 1] = ia;
    batch.targetEnds[b + 1] = ta;
  }
  batch.size = size;
  return batch;
}

/**
 * Random tables: plain Float32Arrays (the step's JS apply loops) or views of one shared WebAssembly memory
 * (its SIMD batch call, train/sgd.wat), so every check below runs on both apply paths.
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
  const cbow = c.config.model === 'cbow';
  const inputs = (b: number): number[] => [...batch.inputs.subarray(batch.inputEnds[b]!, batch.inputEnds[b + 1]!)];
  const targets = (b: number): number[] => Array.from({ length: batch.targetEnds[b + 1]! - batch.targetEnds[b]! }, (_, k) => batch.targetEnds[b]! + k);
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
      const y = batch.targets[batch.targetEnds[b]!]!;
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
    for (const t of targets(b)) {
      const id = batch.targets[t]!;
      const x = row(output, id).reduce((s, v, j) => s + v * h[j]!, 0);
      const label = batch.labels[t]!;
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
    it(`${name}, ${kind} tables: same tables and loss after one step, no leaked tensors`, async () => {
      const rng = new Rng(7);
      const outRows = c.config.loss === 'hs' ? V - 1 : V;
      const tables = randomTables(rng, outRows, kind);
      const batch = randomBatch(rng, c, B, B + 8);
      const refIn = Float64Array.from(tables.input);
      const refOut = Float64Array.from(tables.output);
      const startIn = tables.input.slice();
      const startOut = tables.output.slice();
      const lr = 0.3; // large, so the updates (and any error in them) are far above float32 rounding
      const refLoss = referenceStep(c, batch, refIn, refOut, lr);

      const step = await createStep(c.config, D);
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

  it('lowers the loss of a batch it trains on repeatedly (the gradient has the right sign) for every mode', async () => {
    for (const [c, kind] of cases.flatMap((c) => KINDS.map((k) => [c, k] as const))) {
      const rng = new Rng(11);
      const tables = randomTables(rng, c.config.loss === 'hs' ? V - 1 : V, kind);
      const batch = randomBatch(rng, c, B, B);
      const step = await createStep(c.config, D);
      const first = step.run(batch, tables, 0.05).lossSum;
      let last = first;
      for (let i = 0; i < 20; i++) last = step.run(batch, tables, 0.05).lossSum;
      expect(last, `${c.config.model} ${c.config.loss} ${kind}`).toBeLessThan(first * 0.8);
    }
  });

  it('moves a positive pair together and a negative pair apart by exactly g = (label - sigmoid(x)) lr', async () => {
    // one skip-gram example with a positive and a negative target on orthogonal-free rows: a flipped or
    // halved update in either path lands far from the expected rows (the sign-flip check of the update)
    for (const model of ['sg', 'cbow'] as const) {
      for (const kind of KINDS) {
        const c = cases.find((x) => x.config.model === model && x.config.loss === 'ns')!;
        const rng = new Rng(2);
        const tables = randomTables(rng, V, kind);
        const batch = oneExample(4, 10, 11);
        const h = Float64Array.from(tables.input.subarray(4 * D, 5 * D));
        const o10 = Float64Array.from(tables.output.subarray(10 * D, 11 * D));
        const o11 = Float64Array.from(tables.output.subarray(11 * D, 12 * D));
        const dot = (a: Float64Array, b: ArrayLike<number>): number => a.reduce((s, x, j) => s + x * b[j]!, 0);
        const lr = 0.5;
        const g10 = (1 - sigmoid(dot(h, o10))) * lr;
        const g11 = (0 - sigmoid(dot(h, o11))) * lr;
        const step = await createStep(c.config, D);
        step.run(batch, tables, lr);
        for (let j = 0; j < D; j++) {
          expect(tables.output[10 * D + j]!, `${model} ${kind} out+ ${j}`).toBeCloseTo(o10[j]! + g10 * h[j]!, 5);
          expect(tables.output[11 * D + j]!, `${model} ${kind} out- ${j}`).toBeCloseTo(o11[j]! + g11 * h[j]!, 5);
          expect(tables.input[4 * D + j]!, `${model} ${kind} in ${j}`).toBeCloseTo(h[j]! + g10 * o10[j]! + g11 * o11[j]!, 5);
        }
        // and the pair's score went up, the noise pair's down
        expect(dot(Float64Array.from(tables.input.subarray(4 * D, 5 * D)), tables.output.subarray(10 * D, 11 * D))).toBeGreaterThan(dot(h, o10));
        expect(dot(Float64Array.from(tables.input.subarray(4 * D, 5 * D)), tables.output.subarray(11 * D, 12 * D))).toBeLessThan(dot(h, o11));
      }
    }
  });

  it('a run of one repeated pair (text8 has 38 identical tokens in a row) stays sequential SGD, not a blow-up', async () => {
    for (const [model, kind] of (['sg', 'cbow'] as const).flatMap((m) => KINDS.map((k) => [m, k] as const))) {
      const c = cases.find((x) => x.config.model === model && x.config.loss === 'ns')!;
      const rng = new Rng(5);
      const tables = randomTables(rng, V, kind);
      const n = 2048;
      const batch = randomBatch(rng, c, n, n);
      const nIn = model === 'sg' ? 1 : 4;
      let ta = 0;
      for (let b = 0; b < n; b++) {
        batch.inputs.fill(3, b * nIn, (b + 1) * nIn);
        batch.inputEnds[b + 1] = (b + 1) * nIn;
        batch.targets[batch.targetEnds[b]!] = 3;
        ta = batch.targetEnds[b + 1]!;
      }
      expect(ta).toBeGreaterThan(n);
      const refIn = Float64Array.from(tables.input);
      const refOut = Float64Array.from(tables.output);
      referenceStep(c, batch, refIn, refOut, 0.025);
      const step = await createStep(c.config, D);
      step.run(batch, tables, 0.025);
      expect(maxRelError(tables.input, refIn), `${model} ${kind}`).toBeLessThan(1e-4);
      expect(maxRelError(tables.output, refOut), `${model} ${kind}`).toBeLessThan(1e-4);
      let max = 0;
      for (const x of tables.input) max = Math.max(max, Math.abs(x));
      expect(max, model).toBeLessThan(20); // sequential SGD stays ~5 here; stale sums reach 1e3+
    }
  });

  it('gives the same tables whether a stream of examples comes in one batch or many (batch size is speed only)', async () => {
    for (const c of cases.filter((x) => x.config.loss !== 'softmax')) {
      for (const kind of KINDS) {
        const rng = new Rng(21);
        const tables = randomTables(rng, c.config.loss === 'hs' ? V - 1 : V, kind);
        const split = randomTables(new Rng(21), c.config.loss === 'hs' ? V - 1 : V, kind);
        const batch = randomBatch(rng, c, 60, 60);
        const step = await createStep(c.config, D);
        const whole = step.run(batch, tables, 0.2).lossSum;
        let parts = 0;
        for (let from = 0; from < 60; from += 7) {
          const size = Math.min(7, 60 - from);
          const part = allocateBatch(size, batch.inputs.length, batch.targets.length);
          const i0 = batch.inputEnds[from]!;
          const t0 = batch.targetEnds[from]!;
          for (let b = 0; b <= size; b++) {
            part.inputEnds[b] = batch.inputEnds[from + b]! - i0;
            part.targetEnds[b] = batch.targetEnds[from + b]! - t0;
          }
          part.inputs.set(batch.inputs.subarray(i0, batch.inputEnds[from + size]!));
          part.targets.set(batch.targets.subarray(t0, batch.targetEnds[from + size]!));
          part.labels.set(batch.labels.subarray(t0, batch.targetEnds[from + size]!));
          part.size = size;
          parts += step.run(part, split, 0.2).lossSum;
        }
        expect(split.input, `${c.config.model} ${c.config.loss} ${kind}`).toEqual(tables.input);
        expect(split.output).toEqual(tables.output);
        expect(Math.abs(parts - whole) / whole).toBeLessThan(1e-12);
      }
    }
  });

  it('ignores entries past batch.size and rejects batches over capacity or of another dim', async () => {
    const c = cases[0]!;
    for (const kind of KINDS) {
      const rng = new Rng(3);
      const tables = randomTables(rng, V, kind);
      const batch = randomBatch(rng, c, 4, 16);
      batch.inputs.fill(5, batch.inputEnds[4]!); // garbage beyond size
      batch.targets.fill(9, batch.targetEnds[4]!);
      batch.inputEnds.fill(99, 5);
      const refIn = Float64Array.from(tables.input);
      const refOut = Float64Array.from(tables.output);
      referenceStep(c, { ...batch }, refIn, refOut, 0.1);
      const step = await createStep(c.config, D);
      step.run(batch, tables, 0.1);
      expect(maxRelError(tables.input, refIn)).toBeLessThan(1e-5);
      expect(maxRelError(tables.output, refOut)).toBeLessThan(1e-5);
      expect(() => step.run({ ...batch, size: 17 }, tables, 0.1)).toThrow(/capacity/);
      expect(() => step.run(batch, { ...tables, dim: D + 1 }, 0.1)).toThrow(/dim/);
    }
  });
});
