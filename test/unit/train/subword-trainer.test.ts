// Subword training (fastText's model): each input word is the mean of its own row and its n-gram rows, and every
// one of those rows gets the whole update. The WebAssembly sentence trainer is held bit for bit to the batch
// builder plus the module's batch call (as sentence-trainer.test.ts does without subwords), the plain-JS trainer
// to it within float32 rounding, and both to a float64 reference of fastText's update on a deterministic case.
import { describe, expect, it } from 'vitest';
import { resolveTrainOptions, type TrainOptions } from '../../../src/options.ts';
import { subwordRows } from '../../../src/subwords/ngrams.ts';
import { BatchBuilder, type SubwordRows } from '../../../src/train/batches.ts';
import { createLogisticStep } from '../../../src/train/logistic-step.ts';
import { createBatchedTrainer, type SentenceTrainer } from '../../../src/train/sentence-trainer.ts';
import { createThreadTrainer, samplingTables, shareSampling, subwordRowsOf } from '../../../src/train/setup.ts';
import { tablesFrom } from '../../../src/train/tables.ts';
import type { Tables } from '../../../src/train/types.ts';
import { buildHuffmanTree } from '../../../src/vocab/huffman.ts';
import { Rng } from '../../../src/util/rng.ts';

const V = 40;
const D = 12;
const BUCKET = 97;
const WORDS = Array.from({ length: V }, (_, i) => `w${'abcdefgh'.slice(0, 1 + (i % 8))}${i}`);
const counts = Float64Array.from({ length: V }, (_, i) => Math.round(3000 / (i + 1)) + 5);

function options(model: 'sg' | 'cbow', loss: 'ns' | 'hs', sample = 1e-2): TrainOptions {
  return resolveTrainOptions({ model, loss, dim: D, window: 3, negative: 4, sample, batchSize: 29, workers: 1, subwords: true, minn: 2, maxn: 4, bucket: BUCKET });
}

function sentences(seed: number, n: number): Int32Array[] {
  const rng = new Rng(seed);
  return Array.from({ length: n }, () => Int32Array.from({ length: 1 + rng.nextInt(30) }, () => Math.min(V - 1, Math.floor(V * rng.nextFloat() ** 2))));
}

function freshTables(o: TrainOptions): Tables {
  const rng = new Rng(3);
  const input = Float32Array.from({ length: (V + BUCKET) * D }, () => (rng.nextFloat() - 0.5) / D);
  const output = Float32Array.from({ length: (o.loss === 'hs' ? V - 1 : V) * D }, () => (rng.nextFloat() - 0.5) / D);
  const tables = tablesFrom(V, D, input, output);
  if (tables.wasm === undefined) throw new Error('expected tables in shared WebAssembly memory');
  return tables;
}

function drive(trainer: SentenceTrainer, data: Int32Array[], budget: number, lr: number): { loss: number; examples: number } {
  let loss = 0;
  let examples = 0;
  for (const s of data) {
    trainer.setSentence(s);
    while (trainer.hasSentence) {
      const r = trainer.train(lr, budget);
      loss += r.lossSum;
      examples += r.examples;
    }
  }
  return { loss, examples };
}

const modes = [
  ['sg', 'ns'],
  ['cbow', 'ns'],
  ['sg', 'hs'],
  ['cbow', 'hs'],
] as const;

describe('subword training', () => {
  const sub = subwordRowsOf(options('sg', 'ns'), WORDS)!;

  it('every word has its own row first, then rows past the vocabulary', () => {
    expect(sub.maxRows).toBeGreaterThan(3);
    for (let w = 0; w < V; w++) {
      expect(sub.rows[sub.offsets[w]!]).toBe(w);
      for (let k = sub.offsets[w]! + 1; k < sub.offsets[w + 1]!; k++) expect(sub.rows[k]!).toBeGreaterThanOrEqual(V);
    }
  });

  for (const [model, loss] of modes) {
    it(`${model} ${loss}: the WebAssembly trainer equals the builder + batch call bit for bit, the JS trainer within rounding`, async () => {
      const o = options(model, loss);
      const data = sentences(7, 25);
      const a = freshTables(o);
      const wasm = await createThreadTrainer(o, counts, a, shareSampling(o, counts, a, 'exact', sub), new Rng(5), sub);
      expect(wasm.constructor.name).toBe('WasmSentenceTrainer');
      const ra = drive(wasm, data, 29, 0.2);

      const b = freshTables(o);
      const builder = new BatchBuilder(o, 29, o.maxSentenceLength, samplingTables(o, counts, sub), new Rng(5));
      // fastText's skip-gram is the step's CBOW-mean arithmetic over one word's rows
      const step = createLogisticStep({ model: 'cbow', loss, cbowMean: true, sigmoid: 'exact' }, D);
      let lossSum = 0;
      let examples = 0;
      for (const s of data) {
        builder.setSentence(s);
        while (builder.hasSentence) {
          builder.fill(29);
          lossSum += step.run(builder.batch, b, 0.2).lossSum;
          examples += builder.batch.size;
          builder.clear();
        }
      }
      expect(ra.examples).toBe(examples);
      expect(ra.loss).toBe(lossSum);
      expect(a.input).toEqual(b.input);
      expect(a.output).toEqual(b.output);
      // the n-gram rows moved (a trainer that ignored them would leave them as they were)
      const fresh = freshTables(o).input;
      let moved = 0;
      for (let i = V * D; i < fresh.length; i++) if (a.input[i] !== fresh[i]) moved++;
      expect(moved).toBeGreaterThan(D * 10);

      const c = freshTables(o);
      const js = createBatchedTrainer(o, samplingTables(o, counts, sub), createLogisticStep({ model: 'cbow', loss, cbowMean: true, sigmoid: 'exact' }, D), { vocabSize: V, dim: D, input: c.input, output: c.output }, new Rng(5));
      const rc = drive(js, data, 29, 0.2);
      expect(rc.examples).toBe(ra.examples);
      let err = 0;
      for (let i = 0; i < a.input.length; i++) err = Math.max(err, Math.abs(a.input[i]! - c.input[i]!));
      // float32 sums in another order over a few hundred updates at lr 0.2 (the rows are ~0.05)
      expect(err).toBeLessThan(5e-5);
    });
  }

  it("skip-gram hs on a two-word sentence follows fastText's update (float64 reference)", async () => {
    // window 1 and no subsampling leave nothing to chance: centre 0 is predicted from word 1's rows, then
    // centre 1 from word 0's rows, each along its Huffman path
    const o = resolveTrainOptions({ ...options('sg', 'hs', 0), window: 1 });
    const t = freshTables(o);
    const ref = { input: Float64Array.from(t.input), output: Float64Array.from(t.output) };
    const trainer = await createThreadTrainer(o, counts, t, shareSampling(o, counts, t, 'exact', sub), new Rng(1), sub);
    const lr = 0.3;
    const pair = [3, 17];
    drive(trainer, [Int32Array.from(pair)], 100, lr);
    const tree = buildHuffmanTree(counts);
    for (const [centre, context] of [[pair[0]!, pair[1]!], [pair[1]!, pair[0]!]]) {
      const rows = rowsOf(sub, context);
      const h = new Float64Array(D);
      for (const r of rows) for (let j = 0; j < D; j++) h[j] += ref.input[r * D + j]! / rows.length;
      const neu = new Float64Array(D);
      for (let c = tree.codeOffsets[centre]!; c < tree.codeOffsets[centre + 1]!; c++) {
        const node = tree.points[c]!;
        let x = 0;
        for (let j = 0; j < D; j++) x += h[j]! * ref.output[node * D + j]!;
        const g = (1 - tree.codes[c]! - 1 / (1 + Math.exp(-x))) * lr;
        for (let j = 0; j < D; j++) {
          neu[j] += g * ref.output[node * D + j]!;
          ref.output[node * D + j] += g * h[j]!;
        }
      }
      for (const r of rows) for (let j = 0; j < D; j++) ref.input[r * D + j] += neu[j]!;
    }
    let err = 0;
    for (let i = 0; i < ref.input.length; i++) err = Math.max(err, Math.abs(ref.input[i]! - t.input[i]!));
    for (let i = 0; i < ref.output.length; i++) err = Math.max(err, Math.abs(ref.output[i]! - t.output[i]!));
    expect(err).toBeLessThan(1e-6);
    expect(rowsOf(sub, pair[0]!).length).toBeGreaterThan(2);
  });

  it('the rows of a word are its n-grams as subwords/ngrams.ts lists them', () => {
    const { offsets, rows } = subwordRows(WORDS, options('sg', 'ns'));
    expect(Array.from(offsets)).toEqual(Array.from(sub.offsets));
    expect(Array.from(rows)).toEqual(Array.from(sub.rows));
  });
});

function rowsOf(sub: SubwordRows, w: number): number[] {
  return Array.from(sub.rows.subarray(sub.offsets[w]!, sub.offsets[w + 1]!));
}
