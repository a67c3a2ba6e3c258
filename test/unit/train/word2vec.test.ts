import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Word2VecError } from '../../../src/errors.ts';
import type { ModelFolder } from '../../../src/io/model-folder.ts';
import type { TrainState } from '../../../src/train/state.ts';
import { type TrainProgress, Word2Vec } from '../../../src/train/word2vec.ts';
import { KeyedVectors } from '../../../src/vectors/keyed-vectors.ts';
import { twoTopicCorpus, twoTopicSentences, worstTopicRank } from '../../helpers/two-topics.ts';

const corpus = twoTopicCorpus;

describe('Word2Vec', () => {
  it('builds, trains and reports progress and checkpoints through hooks', async () => {
    const w2v = await Word2Vec.build(corpus(), { model: 'sg', dim: 8, epochs: 3, workers: 1, minCount: 1, sample: 0, batchSize: 64 });
    try {
      expect(w2v.vocab.size).toBe(10);
      expect(w2v.encodeStats).toEqual({ tokens: 3200, vocabTokens: 3200, sentences: 400 });
      const progress: TrainProgress[] = [];
      const checkpoints: number[] = [];
      const summary = await w2v.train({
        onProgress: (p) => progress.push(p),
        onCheckpoint: async (model) => {
          checkpoints.push((model.state as { epoch: number }).epoch);
        },
      });
      expect(summary.interrupted).toBe(false);
      expect(summary.lossPerEpoch).toHaveLength(3);
      expect(checkpoints).toEqual([1, 2, 3]);
      // one report at the end of each epoch at least; the last one is complete at minAlpha
      expect(progress.length).toBeGreaterThanOrEqual(3);
      expect(progress.at(-1)!.progress).toBe(1);
      expect(progress.at(-1)!.alpha).toBeCloseTo(0.0001, 10);
      // every train report has a loss and its epoch: the end-of-epoch report carries that epoch's own mean loss
      for (const p of progress) {
        expect(Number.isFinite(p.loss), JSON.stringify(p)).toBe(true);
        expect(p.epoch).toBeGreaterThanOrEqual(1);
        expect(p.epoch).toBeLessThanOrEqual(3);
      }
      const ends = progress.filter((p, i) => i === progress.length - 1 || progress[i + 1]!.epoch > p.epoch);
      expect(ends.map((p) => p.epoch)).toEqual([1, 2, 3]);
      expect(ends.map((p) => p.loss)).toEqual(summary.lossPerEpoch);
      // each word's four topic-mates are its four nearest words; calibrated on seeds 1-10 with these settings: all
      // scored 4 with a cosine margin >= 0.85, random vectors score 8-9 (see worstTopicRank)
      const m = w2v.toModelFolder();
      expect(worstTopicRank(new KeyedVectors(m.words, m.vectors, m.meta.dim))).toBe(4);
      // the hand-off to the query side: the same vectors, copied (training further does not move them)
      const kv = w2v.toKeyedVectors();
      expect(kv.words).toEqual(w2v.vocab.words);
      const row = (word: string): number[] => Array.from(w2v.tables.input.subarray(w2v.vocab.indexOf(word) * 8, w2v.vocab.indexOf(word) * 8 + 8));
      expect(Array.from(kv.get('cat'))).toEqual(row('cat'));
      const before = kv.get('cat')[0]!;
      w2v.tables.input[w2v.vocab.indexOf('cat') * 8] = before + 1;
      expect(kv.get('cat')[0]).toBe(before);
    } finally {
      w2v.dispose();
    }
  });

  it('fails with the worker error instead of hanging when a worker crashes', async () => {
    const w2v = await Word2Vec.build(corpus(), { model: 'cbow', dim: 8, epochs: 1, workers: 2, minCount: 1 });
    // pull the ids file away: each worker's reader then throws ENOENT inside its thread
    rmSync((w2v as unknown as { ids: { path: string } }).ids.path);
    const error = await w2v.train().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Word2VecError);
    expect((error as Word2VecError).code).toBe('E_WORKER');
    expect((error as Error).message).toMatch(/training worker \d failed: .*ENOENT/);
    w2v.dispose();
  });

  it('with two workers, a run stopped part-way through an epoch resumes and trains every job of it exactly once', async () => {
    // 20 copies of the two-topic sentences: 8,000 sentences of 8 words, 72,000 ints with the separators: 8 jobs
    const sentences = Array.from({ length: 20 }, () => twoTopicSentences()).flat();
    const big = { ...corpus(), async *[Symbol.asyncIterator]() {
      yield* sentences;
    } };
    const options = { model: 'cbow' as const, dim: 8, epochs: 4, workers: 2, minCount: 1, sample: 0, batchSize: 64 };
    const w2v = await Word2Vec.build(big, options);
    let checkpoint: ModelFolder | undefined;
    // aborted before it starts: each thread takes a job, trains one batch of it and stops (no timing involved)
    const stop = new AbortController();
    stop.abort('test');
    try {
      const first = await w2v.train({
        signal: stop.signal,
        onCheckpoint: async (model) => {
          checkpoint = model;
        },
      });
      expect(first.interrupted).toBe(true);
    } finally {
      w2v.dispose();
    }
    const state = checkpoint!.state as TrainState;
    expect([state.epoch, state.midEpoch, state.nextJob]).toEqual([0, true, 2]);
    expect(state.workers.map((w) => w.share.end > w.share.start)).toEqual([true, true]);
    const again = await Word2Vec.resume(checkpoint!, big);
    let last: ModelFolder | undefined;
    try {
      const done = await again.train({
        onCheckpoint: async (model) => {
          last = model;
        },
      });
      expect(done.interrupted).toBe(false);
    } finally {
      again.dispose();
    }
    // the threads' word counts add up to four whole epochs: no job of the stopped epoch was lost or trained twice
    const words = (last!.state as TrainState).workers.reduce((sum, w) => sum + w.words, 0);
    expect(words).toBe(4 * 64_000);
  });

  it('writes a checkpoint at an epoch end that was not due when a hook asks to stop there', async () => {
    const w2v = await Word2Vec.build(corpus(), { model: 'sg', dim: 8, epochs: 3, workers: 1, minCount: 1, sample: 0, batchSize: 64 });
    const stop = new AbortController();
    const written: number[] = [];
    try {
      const summary = await w2v.train({
        signal: stop.signal,
        checkpointEverySeconds: 3600,
        onEpoch: (e) => {
          if (e.epoch === 1) stop.abort('enough');
        },
        onCheckpoint: async (model) => {
          written.push((model.state as TrainState).epoch);
        },
      });
      expect(summary.interrupted).toBe(true);
      expect(written).toEqual([1]);
    } finally {
      w2v.dispose();
    }
  });

  it('refuses an empty vocabulary with the fix in the message', async () => {
    await expect(Word2Vec.build(corpus(), { minCount: 100_000, workers: 1 })).rejects.toThrow(/lower --min-count/);
  });

  it('trains the same on the plain-JS apply loops (W2V_APPLY=js, the fallback) as on the SIMD ones', async () => {
    const train = async (): Promise<{ wasm: boolean; loss: number[]; vectors: Float32Array }> => {
      const w2v = await Word2Vec.build(corpus(), { model: 'cbow', dim: 12, epochs: 2, workers: 1, minCount: 1, sample: 0 });
      try {
        await w2v.train();
        const model = w2v.toModelFolder();
        return { wasm: w2v.tables.wasm !== undefined, loss: model.meta.lossPerEpoch, vectors: model.vectors.slice() };
      } finally {
        w2v.dispose();
      }
    };
    const simd = await train();
    process.env.W2V_APPLY = 'js';
    let js: Awaited<ReturnType<typeof train>>;
    try {
      js = await train();
    } finally {
      delete process.env.W2V_APPLY;
    }
    expect(simd.wasm).toBe(true);
    expect(js.wasm).toBe(false);
    // same draws and the same update order; only float32 vs float64 accumulation of neu1e differs
    for (const [i, l] of js.loss.entries()) expect(Math.abs(l - simd.loss[i]!) / l).toBeLessThan(1e-4);
    let maxDiff = 0;
    let maxAbs = 0;
    for (let i = 0; i < js.vectors.length; i++) {
      maxDiff = Math.max(maxDiff, Math.abs(js.vectors[i]! - simd.vectors[i]!));
      maxAbs = Math.max(maxAbs, Math.abs(js.vectors[i]!));
    }
    expect(maxDiff / maxAbs).toBeLessThan(1e-3);
  });
});
