// Subword models end to end (fastText's model, `w2v train --subwords`): what the model folder holds, the
// vectors of words inside and outside the vocabulary against a float64 reference built from the n-gram list,
// resume and --from, the refusals, and on Chinese text that the vectors of words never seen in training
// predict the words around them (test/e2e/subwords-zh-case.ts, calibrated by scripts/calibrate-subwords-zh.ts).
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readModelFolder } from '../../src/io/model-folder.ts';
import { ngramBuckets, type SubwordSettings } from '../../src/subwords/ngrams.ts';
import { Rng } from '../../src/util/rng.ts';
import { KeyedVectors } from '../../src/vectors/keyed-vectors.ts';
import { composeVocabulary, SubwordVectors } from '../../src/vectors/subwords.ts';
import { cli, tmpDir } from '../helpers/cli.ts';
import { splitNovel, trainZh, unseenContextAuc } from './subwords-zh-case.ts';

const LEE = fileURLToPath(new URL('../../corpora/lee_background.cor', import.meta.url));
const ARGS = ['--subwords', '--bucket', '20000', '--model', 'sg', '--dim', '24', '--epochs', '2', '--workers', '1', '--seed', '5', '--quiet'];

/** fastText's getWordVector in float64: the mean of the given rows (word rows first, then n-gram buckets). */
function reference(wordRow: Float32Array | undefined, ngrams: Float32Array, buckets: number[], dim: number): Float64Array {
  const sum = new Float64Array(dim);
  let n = 0;
  if (wordRow !== undefined) {
    for (let j = 0; j < dim; j++) sum[j] += wordRow[j]!;
    n++;
  }
  for (const b of buckets) {
    for (let j = 0; j < dim; j++) sum[j] += ngrams[b * dim + j]!;
    n++;
  }
  return sum.map((x) => (n === 0 ? 0 : x / n));
}

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i]! - b[i]!));
  return d;
}

describe('w2v train --subwords', () => {
  let dir: string;
  let model: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'w2v-subwords-'));
    model = join(dir, 'm');
    const run = await cli(['train', LEE, '-o', model, ...ARGS]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  }, 120_000);
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps the n-gram rows and the words own rows; vectors.f32 holds the composed vectors', async () => {
    const m = await readModelFolder(model, true, 'continue');
    expect(m.meta.options).toMatchObject({ subwords: true, minn: 3, maxn: 6, bucket: 20000 });
    const dim = m.meta.dim;
    expect(m.ngrams).toHaveLength(20000 * dim);
    expect(m.inputWords).toHaveLength(m.words.length * dim);
    const settings: SubwordSettings = { minn: 3, maxn: 6, bucket: 20000 };
    let worst = 0;
    for (const i of [0, 1, 7, 100, m.words.length - 1]) {
      const ref = reference(m.inputWords!.subarray(i * dim, (i + 1) * dim), m.ngrams!, ngramBuckets(m.words[i]!, settings), dim);
      worst = Math.max(worst, maxDiff(ref, m.vectors.subarray(i * dim, (i + 1) * dim)));
    }
    expect(worst).toBeLessThan(1e-6);
    // training moved the n-gram rows away from their initial range of +-1/dim
    let outside = 0;
    for (const x of m.ngrams!) if (Math.abs(x) > 1 / dim) outside++;
    expect(outside).toBeGreaterThan(1000);
  });

  it('gives a word outside the vocabulary the mean of its n-gram rows, and zeros when it has none', async () => {
    const kv = await KeyedVectors.load(model);
    const m = await readModelFolder(model, true, 'continue');
    expect(kv.has('governmentally')).toBe(false);
    const found = kv.vectorOf('governmentally')!;
    const buckets = ngramBuckets('governmentally', m.meta.options);
    expect(found.row).toBe(-1);
    expect(found.ngrams).toBe(buckets.length);
    expect(maxDiff(found.vector, reference(undefined, m.ngrams!, buckets, m.meta.dim))).toBeLessThan(1e-6);
    // the composed vector finds the word's relatives through the query kernel (surface overlap: the test of
    // meaning is the Chinese one below)
    const unit = Float64Array.from(found.vector);
    const norm = Math.hypot(...unit);
    const nearest = kv.rankRows(unit.map((x) => x / norm), 3, undefined).indices.map((i) => kv.words[i]);
    expect(nearest).toContain('government');
    // with minn 7 > any n-gram of a 3-letter word (5 code points wrapped): no n-gram, a zero vector
    const none = new SubwordVectors({ minn: 7, maxn: 8, bucket: 20000 }, m.meta.dim, m.ngrams!).compose('cat');
    expect(none.ngrams).toBe(0);
    expect(Array.from(none.vector).every((x) => x === 0)).toBe(true);
  });

  it('continues with --from, keeping the n-gram settings, and refuses to change them', async () => {
    const refused = await cli(['train', LEE, '--from', model, '-o', join(dir, 'c1'), '--bucket', '1000', '--quiet']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/bucket.*cannot change/);
    const run = await cli(['train', LEE, '--from', model, '-o', join(dir, 'c2'), '--epochs', '1', '--quiet']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const before = await readModelFolder(model, true, 'continue');
    const after = await readModelFolder(join(dir, 'c2'), true, 'continue');
    expect(after.meta.options.subwords).toBe(true);
    expect(maxDiff(before.ngrams!, after.ngrams!)).toBeGreaterThan(1e-4);
  });

  it('refuses n-gram tables that cannot fit, before training, and the full softmax', async () => {
    const out = join(await tmpDir(), 'big');
    const big = await cli(['train', LEE, '-o', out, ...ARGS, '--bucket', '2000000000', '--dim', '300']);
    expect(big.code).toBe(1);
    expect(big.stderr).toMatch(/error: the weight tables need [\d.]+ GB .*2000000000 n-gram buckets.*lower --bucket/);
    expect(existsSync(out)).toBe(false);
    const softmax = await cli(['train', LEE, '-o', out, ...ARGS, '--loss', 'softmax']);
    expect(softmax.code).toBe(1);
    expect(softmax.stderr).toMatch(/subword vectors train with 'ns' or 'hs'/);
  });

  it('one worker and a seed repeat bit for bit, in cbow hs too', async () => {
    const a = join(dir, 'r1');
    const b = join(dir, 'r2');
    for (const out of [a, b]) expect((await cli(['train', LEE, '-o', out, ...ARGS, '--model', 'cbow', '--loss', 'hs', '--epochs', '1'])).code).toBe(0);
    const ma = await readModelFolder(a, true, 'continue');
    const mb = await readModelFolder(b, true, 'continue');
    expect(mb.ngrams).toEqual(ma.ngrams);
    expect(mb.vectors).toEqual(ma.vectors);
    expect(mb.output).toEqual(ma.output);
  });
});

describe('subwords on Chinese', () => {
  it('the vectors of words absent from training predict the words around them (红楼梦, a held-back tenth)', async () => {
    const dir = await tmpDir();
    const { train, heldBack } = await splitNovel(dir);
    const model = await trainZh(train, 1, dir);
    const m = await readModelFolder(model, true, 'continue');
    const kv = await KeyedVectors.load(model);
    const trained = await unseenContextAuc(kv, m.output!, heldBack);
    expect(trained.tokens).toBe(3000);
    // the same model with its input rows (words and n-grams) back at random: the output rows alone carry nothing
    const rng = new Rng(9);
    const d = m.meta.dim;
    const words = Float32Array.from(m.inputWords!, () => (rng.nextFloat() * 2 - 1) / d);
    const ngrams = Float32Array.from(m.ngrams!, () => (rng.nextFloat() * 2 - 1) / d);
    const untrained = new KeyedVectors(m.words, composeVocabulary(m.words, words, ngrams, m.meta.options, d), d, m.counts, new SubwordVectors(m.meta.options, d, ngrams));
    const chance = await unseenContextAuc(untrained, m.output!, heldBack);
    // calibrated on seeds 1-3 (scripts/calibrate-subwords-zh.ts): trained 0.759, 0.755, 0.752; untrained 0.504,
    // 0.502, 0.498
    expect(trained.auc).toBeGreaterThan(0.7);
    expect(chance.auc).toBeLessThan(0.55);
  }, 240_000);
});
