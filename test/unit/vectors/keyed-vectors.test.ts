import { describe, expect, it } from 'vitest';
import { UnknownWordError } from '../../../src/errors.ts';
import { KeyedVectors } from '../../../src/vectors/keyed-vectors.ts';
import { loadKeyedVectors } from '../../../src/vectors/load.ts';
import { topK } from '../../../src/vectors/top-k.ts';
import { SHARED } from '../../../scripts/shared-dir.ts';
import { runPythonJson, skipWithoutGensim } from '../../helpers/gensim.ts';

const LEE = `${SHARED}/data/interop/lee_fasttext.vec`;

function tiny(): KeyedVectors {
  // 2-d vectors at known angles so cosines are easy to reason about
  const words = ['east', 'north', 'northeast', 'west', 'zero'];
  const v = [1, 0, 0, 2, 3, 3, -1, 0, 0, 0];
  return new KeyedVectors(words, Float32Array.from(v), 2);
}

describe('KeyedVectors', () => {
  it('mostSimilar excludes the query words and ranks by cosine', () => {
    const kv = tiny();
    const result = kv.mostSimilar('east', { topN: 3 });
    expect(result.map((n) => n.word)).toEqual(['northeast', 'north', 'zero']);
    expect(result[0]!.similarity).toBeCloseTo(Math.SQRT1_2, 6);
  });

  it('get returns a view and has/indexOf agree', () => {
    const kv = tiny();
    expect(Array.from(kv.get('north'))).toEqual([0, 2]);
    expect(kv.has('west')).toBe(true);
    expect(kv.indexOf('nope')).toBe(-1);
  });

  it('an unknown word error lists every unknown word', () => {
    const kv = tiny();
    const error = (() => {
      try {
        kv.mostSimilar(['east', 'up', 'down'], { negative: ['left'] });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(UnknownWordError);
    expect((error as UnknownWordError).words).toEqual(['up', 'down', 'left']);
  });

  it('restrictVocab limits the candidates to the first N rows', () => {
    const kv = tiny();
    expect(kv.mostSimilar('east', { topN: 5, restrictVocab: 2 }).map((n) => n.word)).toEqual(['north']);
  });

  it('topK keeps the best k in order and lets lower indices win ties', () => {
    const scores = Float64Array.from([0.5, 0.9, 0.1, 0.9, 0.7, -1]);
    expect(topK(scores, scores.length, 3)).toEqual([1, 3, 4]);
    expect(topK(scores, scores.length, 10, (i) => i === 3)).toEqual([1, 4, 0, 2, 5]);
  });
});

describe.skipIf(skipWithoutGensim())('queries agree with gensim on lee_fasttext.vec', () => {
  it('most_similar, cosmul, doesnt_match, similarity, rank, n_similarity', async () => {
    const { kv } = await loadKeyedVectors(LEE);
    const ref = runPythonJson<{
      ms: [string, number][];
      neg: [string, number][];
      restricted: [string, number][];
      cosmul: [string, number][];
      odd: string;
      sim: number;
      rank: number;
      nsim: number;
    }>(
      `
import json, sys
from gensim.models import KeyedVectors
k = KeyedVectors.load_word2vec_format(sys.argv[1])
print(json.dumps({
  'ms': k.most_similar(['government', 'police'], topn=8),
  'neg': k.most_similar(positive=['Australia', 'government'], negative=['the'], topn=8),
  'restricted': k.most_similar('government', topn=5, restrict_vocab=300),
  'cosmul': k.most_similar_cosmul(positive=['of', 'and'], negative=['the'], topn=8),
  'odd': k.doesnt_match(['the', 'of', 'and', 'government']),
  'sim': float(k.similarity('the', 'of')),
  'rank': k.rank('the', 'of'),
  'nsim': float(k.n_similarity(['the', 'of'], ['and', 'police'])),
}))`,
      [LEE],
    );
    const same = (ours: { word: string; similarity: number }[], theirs: [string, number][]): void => {
      expect(ours.map((n) => n.word)).toEqual(theirs.map((t) => t[0]));
      for (const [i, n] of ours.entries()) expect(n.similarity).toBeCloseTo(theirs[i]![1], 5);
    };
    same(kv.mostSimilar(['government', 'police'], { topN: 8 }), ref.ms);
    same(kv.mostSimilar(['Australia', 'government'], { negative: ['the'], topN: 8 }), ref.neg);
    same(kv.mostSimilar('government', { topN: 5, restrictVocab: 300 }), ref.restricted);
    same(kv.analogy('the', 'of', 'and', { method: '3cosmul', topN: 8 }), ref.cosmul);
    expect(kv.doesntMatch(['the', 'of', 'and', 'government'])).toBe(ref.odd);
    expect(kv.similarity('the', 'of')).toBeCloseTo(ref.sim, 5);
    expect(kv.rank('the', 'of')).toBe(ref.rank);
    expect(kv.nSimilarity(['the', 'of'], ['and', 'police'])).toBeCloseTo(ref.nsim, 5);
  });
});
