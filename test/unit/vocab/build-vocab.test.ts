import { describe, expect, it } from 'vitest';
import { openCorpus } from '../../../src/corpus/open-corpus.ts';
import type { Corpus } from '../../../src/corpus/corpus.ts';
import { Word2VecError } from '../../../src/errors.ts';
import { resolveTokenizerOptions, resolveVocabOptions } from '../../../src/options.ts';
import { Rng } from '../../../src/util/rng.ts';
import { buildVocab, scanVocab } from '../../../src/vocab/build-vocab.ts';
import { SHARED } from '../../../scripts/shared-dir.ts';

/** A small in-memory corpus (tests only; real corpora stream from disk). */
function memoryCorpus(lines: string[]): Corpus {
  return {
    description: 'memory',
    bytesRead: 0,
    totalBytes: async () => undefined,
    fingerprint: async () => 'memory',
    async *[Symbol.asyncIterator]() {
      for (const line of lines) yield line.split(' ').filter((w) => w !== '');
    },
  };
}

describe('buildVocab', () => {
  it('drops words below minCount and sorts by count, ties in first-occurrence order', async () => {
    const corpus = memoryCorpus(['b a c', 'a d b', 'c a e e', 'd b']);
    const { vocab, stats } = await buildVocab(corpus, resolveVocabOptions({ minCount: 2 }));
    // a:3 b:3 c:2 d:2 e:2 ; b appeared before a, c before d before e
    expect(vocab.words).toEqual(['b', 'a', 'c', 'd', 'e']);
    expect(Array.from(vocab.counts)).toEqual([3, 3, 2, 2, 2]);
    expect(stats).toMatchObject({ totalTokens: 12, totalTypes: 5, keptTypes: 5, keptTokens: 12, coverage: 1, pruned: 0, sentences: 4 });
  });

  it('keeps only the maxVocab most frequent words', async () => {
    const { vocab, stats } = await buildVocab(memoryCorpus(['a a a b b c']), resolveVocabOptions({ minCount: 1, maxVocab: 2 }));
    expect(vocab.words).toEqual(['a', 'b']);
    expect(stats.coverage).toBeCloseTo(5 / 6, 12);
  });

  it('prunes the rarest types past maxTypes as word2vec.c does, and warns once', async () => {
    const warnings: string[] = [];
    const lines = ['common common common', 'r1 r2 r3 r4', 'common r5 r6', 'common'];
    const scan = await scanVocab(memoryCorpus(lines), { maxTypes: 3 }, { onWarning: (m) => warnings.push(m) });
    expect(scan.counts.get('common')).toBe(5);
    expect(scan.counts.size).toBeLessThanOrEqual(3);
    expect(scan.pruned).toBeGreaterThan(0);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/more than 3 distinct words.*--max-types/);
  });

  it("follows word2vec.c's ReduceVocab exactly: after each word, once, with a threshold that rises", async () => {
    // word2vec.c, maxTypes 3, worked by hand on one sentence:
    //   a a b c d  -> 4 types after d: prune counts <= 1 (b c d), threshold -> 2; left {a:2}
    //   e e e f g  -> 4 types after g: prune counts <= 2 (a f g), threshold -> 3; left {e:3}
    //   a          -> a starts again at 1: {e:3, a:1} (a's true count is 3)
    // A keep-the-top-N prune keeps a (2) with e; a threshold stuck at 1 keeps a:2 and ends with a:3; pruning once per
    // sentence sees all 7 types at the end and keeps a:3, e:3. Only the rising per-word rule gives {e:3, a:1}.
    const scan = await scanVocab(memoryCorpus(['a a b c d e e e f g a']), { maxTypes: 3 });
    expect([...scan.counts]).toEqual([
      ['e', 3],
      ['a', 1],
    ]);
    expect(scan.pruned).toBe(6);
    // the threshold persists across sentences: maxTypes 2, the second pruning drops counts <= 2
    const rising = await scanVocab(memoryCorpus(['x x y y z', 'w', 'v']), { maxTypes: 2 });
    // z crosses the limit: drop <= 1 (z) -> {x:2, y:2}; w crosses it: drop <= 2 (x y w) -> {}; v -> {v:1}
    expect([...rising.counts]).toEqual([['v', 1]]);
    expect(rising.pruned).toBe(4);
  });

  it('gives word2vec.c\'s counts and order through many prunings of words that come back', async () => {
    // the reference: word2vec.c's rule on a plain Map (what scanVocab did before it kept counts by type id)
    const reference = (sentences: string[][], maxTypes: number): [string, number][] => {
      const counts = new Map<string, number>();
      let minReduce = 1;
      for (const sentence of sentences) {
        for (const w of sentence) {
          counts.set(w, (counts.get(w) ?? 0) + 1);
          if (counts.size > maxTypes) {
            for (const [k, c] of counts) if (c <= minReduce) counts.delete(k);
            minReduce++;
          }
        }
      }
      return [...counts];
    };
    const rng = new Rng(4);
    const lines = Array.from({ length: 400 }, () =>
      Array.from({ length: 30 }, () => `w${Math.floor(3000 * rng.nextFloat() ** 2)}`).join(' '),
    );
    const scan = await scanVocab(memoryCorpus(lines), { maxTypes: 200 });
    expect(scan.pruned).toBeGreaterThan(1000);
    expect([...scan.counts]).toEqual(reference(lines.map((l) => l.split(' ')), 200));
  });

  it('reports progress with a final call', async () => {
    const seen: number[] = [];
    await scanVocab(memoryCorpus(['a b', 'c']), { maxTypes: 100 }, { onProgress: (p) => seen.push(p.tokens), progressIntervalMs: 0 });
    expect(seen.at(-1)).toBe(3);
  });

  it('explains an empty vocabulary and an empty corpus', async () => {
    const empty = buildVocab(memoryCorpus(['a b a']), resolveVocabOptions({ minCount: 50 }));
    await expect(empty).rejects.toThrow('--min-count 50 left an empty vocabulary (the most frequent word occurs 2 times); lower --min-count');
    await expect(buildVocab(memoryCorpus(['', ' ']), resolveVocabOptions())).rejects.toBeInstanceOf(Word2VecError);
  });

  it('has 宝玉, 黛玉, 贾母 and 王夫人 among the 100 most frequent words of 红楼梦 (default tokenizer)', async () => {
    const corpus = await openCorpus([`${SHARED}/corpora/zh/hongloumeng.txt`], resolveTokenizerOptions(), { maxSentenceLength: 10_000 });
    const { vocab } = await buildVocab(corpus, resolveVocabOptions());
    const top = vocab.words.slice(0, 100);
    // measured ranks: 宝玉 13, 贾母 38, 王夫人 47, 黛玉 67 (黛玉 is ~110 without the HMM name+verb split)
    for (const name of ['宝玉', '黛玉', '贾母', '王夫人']) expect(top).toContain(name);
  });
});
