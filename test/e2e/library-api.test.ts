// The README's library example, run as written through the public entry point (src/index.ts): open a corpus,
// build, train, write the model folder, load it as KeyedVectors and query it.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { KeyedVectors, openCorpus, resolveTokenizerOptions, Word2Vec, writeModelFolder } from '../../src/index.ts';
import { tmpDir } from '../helpers/cli.ts';

const HLM = fileURLToPath(new URL('../../corpora/hongloumeng.txt', import.meta.url));

it('trains, saves and queries 红楼梦 through the public API as the README shows', async () => {
  const dir = await tmpDir();
  const tokenizer = resolveTokenizerOptions({ lang: 'zh' });
  const corpus = await openCorpus([HLM], tokenizer, { maxSentenceLength: 10_000 });
  const w2v = await Word2Vec.build(corpus, { model: 'sg', epochs: 1, workers: 1 }, { tokenizer });
  const progress: number[] = [];
  try {
    const summary = await w2v.train({ onProgress: (p) => progress.push(p.progress) });
    expect(summary.epochsDone).toBe(1);
    await writeModelFolder(join(dir, 'mine'), w2v.toModelFolder());
  } finally {
    w2v.dispose();
  }
  expect(progress.length).toBeGreaterThan(0);
  const kv = await KeyedVectors.load(join(dir, 'mine'));
  const near = kv.mostSimilar('宝玉', { topN: 5 });
  expect(near).toHaveLength(5);
  expect(near.map((n) => n.word)).not.toContain('宝玉');
  const answers = kv.analogy('宝玉', '黛玉', '贾母', { method: '3cosmul' });
  expect(answers[0]!.similarity).toBeGreaterThan(0);
  // Calibrated with seeds 1-3 (one epoch, one worker): 黛玉 is 宝玉's nearest word and 王夫人 贾母's (rank 1 of
  // 7,428 each time; chance is ~3,700).
  expect(kv.rank('宝玉', '黛玉')).toBeLessThanOrEqual(5);
  expect(kv.rank('贾母', '王夫人')).toBeLessThanOrEqual(5);
});
