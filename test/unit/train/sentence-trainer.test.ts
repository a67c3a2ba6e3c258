// The WebAssembly sentence trainer (sgd.wat trainSentence: subsampling, window, negatives or Huffman path and
// the SGD of each example inside the module) against the two-step path it replaces: batches.ts's BatchBuilder
// drawing the same examples from the same seed, then the batch call of the same module (whose SGD step.test.ts
// holds to a float64 reference). Same draws and same arithmetic: the tables must come out bit for bit equal.
// The plain-JS trainer (the fallback) is held to the same tables within float32 rounding.
import { describe, expect, it } from 'vitest';
import { resolveTrainOptions, type TrainOptions } from '../../../src/options.ts';
import { BatchBuilder } from '../../../src/train/batches.ts';
import { createBatchedTrainer, hotRows } from '../../../src/train/sentence-trainer.ts';
import { createThreadTrainer, samplingTables, shareSampling } from '../../../src/train/setup.ts';
import { createLogisticStep, sigmoidTables } from '../../../src/train/logistic-step.ts';
import { drive } from '../../helpers/drive-trainer.ts';
import { oneExample } from '../../helpers/one-example.ts';
import { tablesFrom } from '../../../src/train/tables.ts';
import type { Tables } from '../../../src/train/types.ts';
import { Rng } from '../../../src/util/rng.ts';

const V = 60;
const D = 20;
// Zipf-like counts, so subsampling drops some frequent words and the Huffman paths have different lengths
const counts = Float64Array.from({ length: V }, (_, i) => Math.round(5000 / (i + 1)) + 5);

function sentences(seed: number, n: number): Int32Array[] {
  const rng = new Rng(seed);
  return Array.from({ length: n }, () => Int32Array.from({ length: 1 + rng.nextInt(40) }, () => Math.min(V - 1, Math.floor(V * rng.nextFloat() ** 2))));
}

function freshTables(options: TrainOptions): Tables {
  const rng = new Rng(3);
  const outRows = options.loss === 'hs' ? V - 1 : V;
  const input = Float32Array.from({ length: V * D }, () => (rng.nextFloat() - 0.5) / D);
  const output = Float32Array.from({ length: outRows * D }, () => (rng.nextFloat() - 0.5) / D);
  const tables = tablesFrom(V, D, input, output);
  if (tables.wasm === undefined) throw new Error('expected tables in shared WebAssembly memory');
  return tables;
}


const modes = [
  { model: 'sg', loss: 'ns' },
  { model: 'cbow', loss: 'ns' },
  { model: 'sg', loss: 'hs' },
  { model: 'cbow', loss: 'hs' },
] as const;

describe('the WebAssembly sentence trainer', () => {
  for (const mode of modes) {
    for (const [sample, sigmoid] of [[0, 'exact'], [1e-2, 'exact'], [1e-2, 'table']] as const) {
      it(`${mode.model} ${mode.loss}, sample ${sample}, ${sigmoid} sigmoid: the same tables, loss and RNG as BatchBuilder + the batch call`, async () => {
        const options = resolveTrainOptions({ ...mode, dim: D, window: 3, negative: 4, sample, batchSize: 37, workers: 1 });
        const data = sentences(11, 30);
        const budget = 37;

        const a = freshTables(options);
        const fused = await createThreadTrainer(options, counts, a, shareSampling(options, counts, a, sigmoid), new Rng(5));
        expect(fused.constructor.name).toBe('WasmSentenceTrainer');
        const ra = drive(fused, data, budget, 0.2);

        // the reference: the same builder the JS fallback uses, each call's examples run by the module's batch call
        const b = freshTables(options);
        const builder = new BatchBuilder(options, budget, options.maxSentenceLength, samplingTables(options, counts), new Rng(5));
        const step = createLogisticStep({ ...options, sigmoid }, D);
        let loss = 0;
        let examples = 0;
        for (const s of data) {
          builder.setSentence(s);
          while (builder.hasSentence) {
            builder.fill(budget);
            loss += step.run(builder.batch, b, 0.2).lossSum;
            examples += builder.batch.size;
            builder.clear();
          }
        }
        expect(ra.examples).toBe(examples);
        expect(examples).toBeGreaterThan(100);
        expect(ra.loss).toBe(loss);
        expect(a.input).toEqual(b.input);
        expect(a.output).toEqual(b.output);
        expect(fused.getState().rng).toEqual(builder.getState().rng);
      });
    }
  }

  it('the plain-JS trainer gives the same tables within float32 rounding', async () => {
    for (const [mode, sigmoid] of modes.flatMap((m) => (['exact', 'table'] as const).map((s) => [m, s] as const))) {
      const options = resolveTrainOptions({ ...mode, dim: D, window: 3, negative: 4, sample: 1e-2, batchSize: 50, workers: 1 });
      const data = sentences(4, 20);
      const a = freshTables(options);
      const fused = await createThreadTrainer(options, counts, a, shareSampling(options, counts, a, sigmoid), new Rng(9));
      const ra = drive(fused, data, 50, 0.1);
      const b = freshTables(options);
      const js = createBatchedTrainer(options, samplingTables(options, counts), createLogisticStep({ ...options, sigmoid }, D), { vocabSize: V, dim: D, input: b.input, output: b.output }, new Rng(9));
      const rb = drive(js, data, 50, 0.1);
      expect(rb.examples).toBe(ra.examples);
      expect(Math.abs(rb.loss - ra.loss) / ra.loss).toBeLessThan(1e-5);
      let err = 0;
      for (let i = 0; i < a.input.length; i++) err = Math.max(err, Math.abs(a.input[i]! - b.input[i]!));
      expect(err, `${mode.model} ${mode.loss} ${sigmoid}`).toBeLessThan(1e-5);
    }
  });

  it('with several threads: trains on its own copy of the hot rows and folds it into the shared tables', async () => {
    // one trainer alone: its copy of the hot rows must end where the shared rows end without one, up to the
    // rounding of shared + (mine - seen), which training carries on (measured 0.03% to 0.08% of how far the rows
    // moved; without the last publish() 80%); V <= the hot rows, so every output row is private until a fold
    const policy = hotRows({ workers: 2 })!;
    expect(policy.outRows).toBeGreaterThanOrEqual(V);
    expect(hotRows({ workers: 1 })).toBeUndefined();
    for (const mode of modes) {
      const one = resolveTrainOptions({ ...mode, dim: D, window: 3, negative: 4, sample: 1e-2, batchSize: 37, workers: 1 });
      const two = { ...one, workers: 2 };
      const data = sentences(6, Math.ceil((3 * policy.syncExamples) / (mode.model === 'sg' ? 50 : 15))); // about 3 folds
      const a = freshTables(one);
      drive(await createThreadTrainer(one, counts, a, shareSampling(one, counts, a), new Rng(5)), data, 37, 0.05);
      const b = freshTables(two);
      const start = b.input.slice();
      const startOut = b.output.slice();
      const hot = await createThreadTrainer(two, counts, b, shareSampling(two, counts, b), new Rng(5));
      const rb = drive(hot, data, 37, 0.05);
      hot.publish();
      expect(rb.examples, `${mode.model} ${mode.loss}`).toBeGreaterThan(2 * policy.syncExamples); // so the copies were folded mid-run too
      const maxDiff = (x: Float32Array, y: Float32Array): number => x.reduce((m, v, i) => Math.max(m, Math.abs(v - y[i]!)), 0);
      expect(maxDiff(b.input, start), `${mode.model} ${mode.loss}: the rows moved`).toBeGreaterThan(1e-3);
      expect(maxDiff(a.input, b.input), `${mode.model} ${mode.loss} input`).toBeLessThan(0.01 * maxDiff(b.input, start));
      expect(maxDiff(b.output, startOut), `${mode.model} ${mode.loss}: the output rows moved`).toBeGreaterThan(1e-3);
      expect(maxDiff(a.output, b.output), `${mode.model} ${mode.loss} output`).toBeLessThan(0.01 * maxDiff(b.output, startOut));
    }
  });

  it('with several threads, the private rows are the most-written: ns the first output rows, hs the last (nearest the root)', async () => {
    // 8 private rows and no fold before publish(): until then those shared rows stay as they were, all others move
    const saved = { rows: process.env.W2V_HOT_ROWS, sync: process.env.W2V_HOT_SYNC };
    process.env.W2V_HOT_ROWS = '8';
    process.env.W2V_HOT_SYNC = String(1e9);
    try {
      for (const mode of modes) {
        const two = resolveTrainOptions({ ...mode, dim: D, window: 3, negative: 4, sample: 1e-2, batchSize: 37, workers: 2 });
        const t = freshTables(two);
        const startOut = t.output.slice();
        drive(await createThreadTrainer(two, counts, t, shareSampling(two, counts, t), new Rng(5)), sentences(6, 300), 37, 0.05);
        const rows = startOut.length / D;
        const moved = (r: number): boolean => t.output.subarray(r * D, (r + 1) * D).some((v, j) => v !== startOut[r * D + j]);
        const still = Array.from({ length: rows }, (_, r) => r).filter((r) => !moved(r));
        const expected = mode.loss === 'hs' ? Array.from({ length: 8 }, (_, i) => rows - 8 + i) : Array.from({ length: 8 }, (_, i) => i);
        expect(still, `${mode.model} ${mode.loss}`).toEqual(expected);
      }
    } finally {
      for (const [name, value] of [['W2V_HOT_ROWS', saved.rows], ['W2V_HOT_SYNC', saved.sync]] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });

  it('resumes from getState exactly where it stopped', async () => {
    const options = resolveTrainOptions({ model: 'sg', loss: 'ns', dim: D, window: 4, negative: 3, sample: 1e-2, batchSize: 25, workers: 1 });
    const data = sentences(8, 10);
    const whole = freshTables(options);
    const t1 = await createThreadTrainer(options, counts, whole, shareSampling(options, counts, whole), new Rng(2));
    drive(t1, data, 25, 0.1);

    const parts = freshTables(options);
    const sampling = shareSampling(options, counts, parts);
    let t2 = await createThreadTrainer(options, counts, parts, sampling, new Rng(2));
    for (const [k, s] of data.entries()) {
      t2.setSentence(s);
      while (t2.hasSentence) {
        t2.train(0.1, 25);
        if (k === 4) {
          // a checkpoint mid-sentence, restored into a fresh trainer
          const state = structuredClone(t2.getState());
          t2 = await createThreadTrainer(options, counts, parts, sampling, new Rng(77));
          t2.setState(state);
        }
      }
    }
    expect(parts.input).toEqual(whole.input);
    expect(parts.output).toEqual(whole.output);
  });

  it('table sigmoid: a target with |logit| >= 6 is left alone, others move by (label - table[bin]) lr', async () => {
    const table = sigmoidTables();
    expect(table[500]).toBeCloseTo(0.5, 12); // bin 500 starts at x = 0
    for (const kind of ['wasm', 'js'] as const) {
      const options = resolveTrainOptions({ model: 'sg', loss: 'ns', dim: D, workers: 1 });
      const t = freshTables(options);
      const tables: Tables = kind === 'wasm' ? t : { vocabSize: V, dim: D, input: t.input.slice(), output: t.output.slice() };
      // row 1 of the output table saturates against input row 0 (dot 7.2); row 2 stays small
      tables.input.fill(0.6, 0, D);
      tables.output.fill(0.6, D, 2 * D);
      const o2 = Float64Array.from(tables.output.subarray(2 * D, 3 * D));
      const h = Float64Array.from(tables.input.subarray(0, D));
      const x2 = Math.fround(h.reduce((sum, v, j) => sum + v * o2[j]!, 0));
      const batch = oneExample(0, 1, 2);
      const before1 = tables.output.slice(D, 2 * D);
      const result = createLogisticStep({ ...options, sigmoid: 'table' }, D).run(batch, tables, 0.5);
      expect(tables.output.subarray(D, 2 * D), kind).toEqual(before1);
      const g = (0 - table[Math.trunc((x2 + 6) * 83.33333333333333)]!) * 0.5;
      for (let j = 0; j < D; j++) expect(tables.output[2 * D + j]!, `${kind} ${j}`).toBeCloseTo(o2[j]! + g * h[j]!, 6);
      // the loss: the saturated positive target costs ~0, the other its softplus bin
      expect(result.lossSum, kind).toBeCloseTo(Math.max(x2, 0) + table[1000 + Math.trunc((x2 + 6) * 83.33333333333333)]!, 6);
    }
  });
});
