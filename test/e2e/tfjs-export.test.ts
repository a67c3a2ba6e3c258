// `w2v export --format tfjs|tfjs-encoder` read back by TF.js itself (tf.loadLayersModel on file:// URLs), and
// the tensor bridge toTensor/fromTensor. The reference for the encoder is `w2v encode` run on the same texts.
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromTensor, toTensor } from '../../src/index.ts';
import { toFloat16Bits } from '../../src/tf/float16.ts';
import { exportTfjs, SHARD_BYTES } from '../../src/tf/layers-export.ts';
import { tokenizerModuleSource } from '../../src/tf/tokenizer-module.ts';
import { KeyedVectors } from '../../src/vectors/keyed-vectors.ts';
import { cli, tmpDir } from '../helpers/cli.ts';
import { registerFileLoader } from '../helpers/tfjs-files.ts';
import { maxDifference, referenceVectors, SENTENCES, TINY_DIM, trainTinyModel } from '../helpers/tiny-model.ts';

interface TokenizerModule {
  createTokenizer(vocab: unknown): {
    tokenize(text: string): string[];
    encode(text: string, length?: number): { ids: Int32Array; knownCount: number };
    encodeBatch(texts: string[]): { ids: Int32Array; shape: [number, number]; knownCounts: number[] };
  };
}

const DIM = TINY_DIM;
let trained: string;
let model: string;
let vectors: Float32Array;
let words: number;

beforeAll(async () => {
  registerFileLoader();
  // one trained model for the whole file (tmpDir folders only live for one test)
  ({ dir: trained, model, vectors, words } = await trainTinyModel());
});

afterAll(async () => {
  if (trained !== undefined) await rm(trained, { recursive: true, force: true });
});

async function exportTo(format: string, ...extra: string[]): Promise<string> {
  const out = join(await tmpDir('w2v-tfjs-out-'), 'export');
  const run = await cli(['export', model, '--format', format, '-o', out, ...extra]);
  expect(run.stderr).toBe(extra.includes('tfidf') ? 'tfidf: weights from model counts\n' : '');
  expect(run.code).toBe(0);
  expect(run.stdout).toMatch(/^wrote a TF\.js .* weights [\d.]+ KiB in 1 shard, [\d.]+ KiB in all\n$/);
  return out;
}

async function load(dir: string): Promise<tf.LayersModel> {
  return tf.loadLayersModel(pathToFileURL(join(dir, 'model.json')).href);
}

async function encoderOutputs(dir: string): Promise<{ rows: number[][]; tokens: string[][]; knownCounts: number[] }> {
  const { createTokenizer } = (await import(pathToFileURL(join(dir, 'tokenizer.js')).href)) as TokenizerModule;
  const tokenizer = createTokenizer(JSON.parse(await readFile(join(dir, 'vocab.json'), 'utf8')));
  const batch = tokenizer.encodeBatch(SENTENCES);
  const encoder = await load(dir);
  const input = tf.tensor2d(batch.ids, batch.shape, 'int32');
  const output = encoder.predict(input) as tf.Tensor2D;
  const rows = (await output.array()) as number[][];
  tf.dispose([input, output]);
  encoder.dispose();
  return { rows, tokens: SENTENCES.map((t) => tokenizer.tokenize(t)), knownCounts: batch.knownCounts };
}

function expectClose(actual: readonly number[], expected: readonly number[], tolerance: number): void {
  expect(maxDifference(actual, expected)).toBeLessThanOrEqual(tolerance);
}

describe('w2v export --format tfjs', () => {
  it('loads with tf.loadLayersModel and its embedding rows are vectors.f32 bit for bit, after a zero padding row', async () => {
    const dir = await exportTo('tfjs');
    expect((await readdir(dir)).sort()).toEqual(['group1-shard1of1.bin', 'model.json', 'tokenizer.js', 'vocab.json']);
    const loaded = await load(dir);
    const table = loaded.getLayer('vectors').getWeights()[0]!;
    expect(table.shape).toEqual([words + 1, DIM]);
    const values = (await table.data()) as Float32Array;
    expect(Array.from(values.subarray(0, DIM))).toEqual(new Array(DIM).fill(0));
    expect(Buffer.from(values.buffer, values.byteOffset + DIM * 4, words * DIM * 4).equals(Buffer.from(vectors.buffer))).toBe(true);
    // predict on ids gives the rows: id i + 1 is vocabulary row i
    const ids = tf.tensor2d([[1, 2, 0]], [1, 3], 'int32');
    const out = (loaded.predict(ids) as tf.Tensor).arraySync() as number[][][];
    expect(out[0]![1]).toEqual(Array.from(vectors.subarray(DIM, 2 * DIM)));
    expect(out[0]![2]).toEqual(new Array(DIM).fill(0));
    tf.dispose(ids);
    loaded.dispose();
    const vocab = JSON.parse(await readFile(join(dir, 'vocab.json'), 'utf8'));
    const tsv = (await readFile(join(model, 'vocab.tsv'), 'utf8')).trim().split('\n').map((l) => l.split('\t')[0]);
    expect(vocab.padding).toBe(0);
    expect(vocab.vocab.the).toBe(tsv.indexOf('the') + 1);
    expect(vocab.tokenizer).toMatchObject({ lang: 'auto', keepCase: false, tokenized: false });
  });

  it('--dtype float16 halves the shard and TF.js expands it back to within half-precision rounding', async () => {
    const dir = await exportTo('tfjs', '--dtype', 'float16', '--limit', '20');
    const shard = await readFile(join(dir, 'group1-shard1of1.bin'));
    expect(shard.length).toBe((20 + 1) * DIM * 2);
    const loaded = await load(dir);
    const values = (await loaded.getLayer('vectors').getWeights()[0]!.data()) as Float32Array;
    expect(values.length).toBe(21 * DIM);
    for (let i = 0; i < 20 * DIM; i++) {
      const x = vectors[i]!;
      // float16 keeps 11 significant bits: relative error at most 2^-11 (normal range), 2^-25 absolute below it
      expect(Math.abs(values[DIM + i]! - x)).toBeLessThanOrEqual(Math.abs(x) * 2 ** -11 + 2 ** -25);
    }
    loaded.dispose();
  });

  it('the float16 encoder rounds to nearest even, saturates to infinity and keeps subnormals', () => {
    expect(toFloat16Bits(1)).toBe(0x3c00);
    expect(toFloat16Bits(-2)).toBe(0xc000);
    expect(toFloat16Bits(65504)).toBe(0x7bff);
    expect(toFloat16Bits(65520)).toBe(0x7c00); // halfway above the largest half rounds up to infinity
    expect(toFloat16Bits(1 + 2 ** -11)).toBe(0x3c00); // a tie goes to the even mantissa
    expect(toFloat16Bits(1 + 3 * 2 ** -11)).toBe(0x3c02);
    expect(toFloat16Bits(2 ** -24)).toBe(0x0001); // smallest subnormal
    expect(toFloat16Bits(2 ** -26)).toBe(0x0000);
    expect(toFloat16Bits(Number.NaN) & 0x7e00).toBe(0x7e00);
  });

  it('works as the first layer of a tf.sequential classifier (the README example)', async () => {
    const dir = await exportTo('tfjs');
    const base = await load(dir);
    const embedding = base.getLayer('vectors');
    embedding.trainable = false;
    const classifier = tf.sequential({
      layers: [embedding, tf.layers.globalAveragePooling1d(), tf.layers.dense({ units: 2, activation: 'softmax' })],
    });
    classifier.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy' });
    const x = tf.tensor2d([[1, 2, 3, 0], [4, 5, 0, 0]], [2, 4], 'int32');
    const y = tf.tensor1d([0, 1]);
    await classifier.fit(x, y, { epochs: 2, verbose: 0 });
    const before = Buffer.from(vectors.buffer, 0, DIM * 4);
    const after = (await embedding.getWeights()[0]!.data()) as Float32Array;
    expect(Buffer.from(after.buffer, after.byteOffset + DIM * 4, DIM * 4).equals(before)).toBe(true); // frozen
    const p = classifier.predict(x) as tf.Tensor;
    expect(p.shape).toEqual([2, 2]);
    tf.dispose([x, y, p]);
    classifier.dispose();
  });

  it('refuses a non-empty folder unless --overwrite, and leaves no temp folder behind', async () => {
    const parent = await tmpDir('w2v-tfjs-out-');
    const out = join(parent, 'taken');
    await cli(['export', model, '--format', 'tfjs', '-o', out]);
    await writeFile(join(out, 'mine.txt'), 'keep me');
    const refused = await cli(['export', model, '--format', 'tfjs', '-o', out]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(`error: ${out} is not empty (5 entries); pass --overwrite to replace it, or choose another -o\n`);
    expect(await readFile(join(out, 'mine.txt'), 'utf8')).toBe('keep me');
    const replaced = await cli(['export', model, '--format', 'tfjs', '-o', out, '--overwrite']);
    expect(replaced.code).toBe(0);
    expect((await readdir(out)).includes('mine.txt')).toBe(false);
    expect(await readdir(parent)).toEqual(['taken']);
    const wrongFlag = await cli(['export', model, '--format', 'tfjs', '-o', join(parent, 'x'), '--method', 'tfidf']);
    expect(wrongFlag.code).toBe(1);
    expect(wrongFlag.stderr).toBe('error: --method applies to --format tfjs-encoder only (tfjs writes the plain embedding layer)\n');
  });
});

describe('w2v export --format tfjs-encoder', () => {
  it('model.predict(ids from tokenizer.js) equals w2v encode --method mean to 1e-6, unknown words and empty text included', async () => {
    const dir = await exportTo('tfjs-encoder');
    const reference = await referenceVectors(model, 'mean');
    const { rows, tokens, knownCounts } = await encoderOutputs(dir);
    for (const [i, ref] of reference.entries()) {
      expect(tokens[i], SENTENCES[i]).toEqual(ref.tokens); // tokenizer.js splits as the trainer's tokenizer
      if (ref.vector === null) {
        // no known word: w2v encode says so (null); the model gives zeros and tokenizer.js a known count of 0
        expect(knownCounts[i]).toBe(0);
        expect(rows[i]).toEqual(new Array(DIM).fill(0));
      } else expectClose(rows[i]!, ref.vector, 1e-6);
    }
    expect(reference.filter((r) => r.vector === null).length).toBe(2);
    expect(reference[4]!.vector).not.toBeNull();
  });

  it('--method tfidf bakes the idf weights in and equals w2v encode --method tfidf to 1e-6', async () => {
    const dir = await exportTo('tfjs-encoder', '--method', 'tfidf');
    const reference = await referenceVectors(model, 'tfidf');
    const { rows } = await encoderOutputs(dir);
    for (const [i, ref] of reference.entries()) if (ref.vector !== null) expectClose(rows[i]!, ref.vector, 1e-6);
    const mean = await referenceVectors(model, 'mean');
    // the weighting matters on these texts, so equality above is not mean passing for tfidf
    expect(Math.max(...mean[0]!.vector!.map((v, j) => Math.abs(v - reference[0]!.vector![j]!)))).toBeGreaterThan(1e-3);
  });
});

describe('w2v export --format tfjs-encoder --custom NAME', () => {
  it('appends custom/NAME/matrix.f32 as a Dense layer: predict equals (w2v encode vector) . M', async () => {
    // the layout w2v customize writes: custom.json (format, dim, outDim, method) + matrix.f32 dim x outDim row-major
    const outDim = 3;
    const matrix = Float32Array.from({ length: DIM * outDim }, (_, i) => Math.sin(i + 1));
    const folder = join(model, 'custom', 'topics');
    await mkdir(folder, { recursive: true });
    await writeFile(join(folder, 'matrix.f32'), new Uint8Array(matrix.buffer));
    await writeFile(join(folder, 'custom.json'), JSON.stringify({ format: 'tfjs-word2vec-custom', formatVersion: 1, name: 'topics', dim: DIM, outDim, method: 'mean' }));
    const out = join(await tmpDir('w2v-tfjs-out-'), 'export');
    const run = await cli(['export', model, '--format', 'tfjs-encoder', '-o', out, '--custom', 'topics']);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/mean sentence encoder with custom topics \(8 x 3\)/);
    const reference = await referenceVectors(model, 'mean');
    const { rows } = await encoderOutputs(out);
    for (const [i, ref] of reference.entries()) {
      const expected = ref.vector === null ? new Array(outDim).fill(0) : Array.from({ length: outDim }, (_, k) => ref.vector!.reduce((sum, x, j) => sum + x * matrix[j * outDim + k]!, 0));
      expectClose(rows[i]!, expected, 1e-6);
    }
    const wrongMethod = await cli(['export', model, '--format', 'tfjs-encoder', '-o', join(out, 'x'), '--custom', 'topics', '--method', 'tfidf']);
    expect(wrongMethod.stderr).toBe('error: customisation topics was trained on mean sentence vectors; pass --method mean\n');
    const missing = await cli(['export', model, '--format', 'tfjs-encoder', '-o', join(out, 'x'), '--custom', 'nope']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^error: no customisation "nope" in .*custom\/nope\/custom\.json is missing/);
    await rm(join(model, 'custom'), { recursive: true });
  });
});

describe('exportTfjs (library)', () => {
  it('splits weights across 4 MiB shards that TF.js joins back, a row straddling two shards included', async () => {
    // 11,000 x 100 float32 = 4.4 MB: two shards, the cut falling inside a row
    const n = 11_000;
    const dim = 100;
    const values = Float32Array.from({ length: n * dim }, (_, i) => Math.sin(i) * 0.5);
    const kv = new KeyedVectors(Array.from({ length: n }, (_, i) => `w${i}`), values, dim);
    const dir = join(await tmpDir('w2v-tfjs-out-'), 'big');
    const result = await exportTfjs(dir, kv, 'tfjs');
    expect(result.shards).toBe(2);
    expect(result.weightBytes).toBe((n + 1) * dim * 4);
    expect((await readFile(join(dir, 'group1-shard1of2.bin'))).length).toBe(SHARD_BYTES);
    const loaded = await load(dir);
    const table = (await loaded.getLayer('vectors').getWeights()[0]!.data()) as Float32Array;
    expect(Buffer.from(table.buffer, table.byteOffset + dim * 4, n * dim * 4).equals(Buffer.from(values.buffer))).toBe(true);
    loaded.dispose();
  });

  it('tokenizer.js: longest vocabulary match for Han runs, single characters for --lang en, and safe word keys', async () => {
    const dir = await tmpDir('w2v-tfjs-tok-');
    await writeFile(join(dir, 'tokenizer.js'), tokenizerModuleSource());
    const { createTokenizer } = (await import(pathToFileURL(join(dir, 'tokenizer.js')).href)) as TokenizerModule;
    const vocab = { vocab: { 宝玉: 1, 笑: 2, 道: 3, 宝: 4, constructor: 5, iphone: 6 }, padding: 0 };
    const zh = createTokenizer({ ...vocab, tokenizer: { lang: 'zh', keepCase: false, tokenized: false } });
    expect(zh.tokenize('宝玉笑道：我喜欢iPhone')).toEqual(['宝玉', '笑', '道', '我', '喜', '欢', 'iphone']);
    // words that are Object.prototype keys must not resolve to its members ("_" is not a word character)
    expect(zh.tokenize('toString constructor __proto__')).toEqual(['tostring', 'constructor', 'proto']);
    const batch = zh.encodeBatch(['宝玉笑道', 'toString hasOwnProperty constructor __proto__', '']);
    expect(batch.shape).toEqual([3, 3]);
    expect(Array.from(batch.ids)).toEqual([1, 2, 3, 5, 0, 0, 0, 0, 0]); // unknown words dropped, 0 pads
    expect(batch.knownCounts).toEqual([3, 1, 0]);
    const en = createTokenizer({ ...vocab, tokenizer: { lang: 'en', keepCase: false, tokenized: false } });
    expect(en.tokenize('宝玉笑')).toEqual(['宝', '玉', '笑']);
    const pre = createTokenizer({ ...vocab, tokenizer: { lang: 'auto', keepCase: false, tokenized: true } });
    expect(pre.tokenize(' Hello,\tworld \u3000x ')).toEqual(['Hello,', 'world', 'x']);
  });
});

describe('toTensor / fromTensor', () => {
  it('round-trips KeyedVectors through a tf.Tensor2D and leaks no tensor', async () => {
    const kv = new KeyedVectors(['a', 'b', 'c'], Float32Array.from([1, 2, 3, 4, 5, 6]), 2, [3, 2, 1]);
    const before = tf.memory().numTensors;
    const tensor = toTensor(kv);
    expect(tensor.shape).toEqual([3, 2]);
    expect(tensor.dtype).toBe('float32');
    const back = await fromTensor(kv.words, tensor, kv.counts);
    tensor.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(Array.from(back.vectors)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(back.mostSimilar('a', { topN: 1 })[0]!.word).toBe('b');
    const wrong = tf.tensor2d([[1, 2]]);
    await expect(fromTensor(['a', 'b'], wrong)).rejects.toThrow('the tensor has 1 rows but 2 words were given');
    wrong.dispose();
  });
});
