import { describe, expect, it } from 'vitest';
import { compareVectors, fitComponent, idfWeights, kMeans, SentenceEncoder, sifWeights } from '../../../src/encode/index.ts';
import { DEFAULT_TOKENIZER_OPTIONS } from '../../../src/options.ts';
import { createTokenizer, WhitespaceTokenizer } from '../../../src/tokenize/index.ts';
import { KeyedVectors } from '../../../src/vectors/keyed-vectors.ts';

const fruit = (): KeyedVectors => new KeyedVectors(['我', '喜欢', '苹果'], Float32Array.from([0.2, 0.3, 0.5, 0.4, 0.1, 0.8, 0.6, 0.7, 0.9]), 3, [50, 30, 20]);

describe('SentenceEncoder', () => {
  it('mean: "我喜欢苹果" (jieba: 我/喜欢/苹果) is the average of the three word vectors', async () => {
    const tokenizer = await createTokenizer({ ...DEFAULT_TOKENIZER_OPTIONS, lang: 'zh' });
    const encoder = new SentenceEncoder(fruit(), tokenizer, { method: 'mean' });
    const result = encoder.encode('我喜欢苹果');
    expect(result.tokens).toEqual(['我', '喜欢', '苹果']);
    expect(result.knownCount).toBe(3);
    expect(result.unknown).toEqual([]);
    const v = Array.from(result.vector!);
    expect(v[0]).toBeCloseTo(0.4, 6);
    expect(v[1]).toBeCloseTo(0.3667, 4);
    expect(v[2]).toBeCloseTo(0.7333, 4);
  });

  it('skips and reports unknown words; no known word is an explicit null, not zeros', () => {
    const encoder = new SentenceEncoder(fruit(), new WhitespaceTokenizer(), { method: 'mean' });
    const some = encoder.encode('我 香蕉 苹果 香蕉');
    expect(some.knownCount).toBe(2);
    expect(some.unknown).toEqual(['香蕉']);
    expect(Array.from(some.vector!)[0]).toBeCloseTo(0.4, 6);
    expect(encoder.encode('香蕉 梨')).toEqual({ vector: null, knownCount: 0, tokens: ['香蕉', '梨'], unknown: ['香蕉', '梨'] });
  });

  it('tfidf weights rare words up: idf from documents, else from counts', () => {
    const kv = fruit();
    const docs = [['我', '喜欢'], ['我'], ['我', '苹果']];
    const { weights, source } = idfWeights(kv, docs);
    expect(source).toBe('reference documents');
    // smoothed idf ln((1+N)/(1+df)) + 1 with N = 3
    expect(weights[0]).toBeCloseTo(Math.log(4 / 4) + 1, 10);
    expect(weights[1]).toBeCloseTo(Math.log(4 / 2) + 1, 10);
    const encoder = new SentenceEncoder(kv, new WhitespaceTokenizer(), { method: 'tfidf', weights });
    const v = encoder.encode('我 喜欢').vector!;
    const w0 = weights[0]!;
    const w1 = weights[1]!;
    expect(v[0]).toBeCloseTo((w0 * 0.2 + w1 * 0.4) / (w0 + w1), 6);
    expect(idfWeights(kv).source).toBe('model counts');
  });

  it('sif: weights a/(a+p) and the fitted component is removed', () => {
    const kv = fruit();
    const { weights, source } = sifWeights(kv, 1e-3);
    expect(source).toBe('model counts');
    expect(weights[2]).toBeCloseTo(1e-3 / (1e-3 + 0.2), 12);
    const encoder = new SentenceEncoder(kv, new WhitespaceTokenizer(), { method: 'sif', weights });
    const texts = ['我 喜欢', '苹果', '我 苹果 苹果', '喜欢 苹果'];
    const vectors = texts.map((t) => encoder.encode(t).vector!);
    const u = fitComponent(vectors, 3);
    expect(Math.hypot(...u)).toBeCloseTo(1, 6);
    encoder.component = u;
    for (const t of texts) {
      const v = encoder.encode(t).vector!;
      expect(v[0]! * u[0]! + v[1]! * u[1]! + v[2]! * u[2]!).toBeCloseTo(0, 6);
    }
  });

  it('compareVectors gives cosine and Euclidean distance', () => {
    const r = compareVectors(Float32Array.from([1, 0]), Float32Array.from([1, 1]));
    expect(r.cosine).toBeCloseTo(Math.SQRT1_2, 6);
    expect(r.euclidean).toBeCloseTo(1, 6);
  });
});

describe('kMeans', () => {
  it('separates well-separated groups and is repeatable with a seed', () => {
    const points = [
      [0, 0],
      [0.1, 0],
      [0, 0.1],
      [5, 5],
      [5.1, 5],
      [5, 5.1],
      [-5, 5],
      [-5.1, 5],
    ].map((p) => Float32Array.from(p));
    const a = kMeans(points, 3, { seed: 3 });
    const b = kMeans(points, 3, { seed: 3 });
    expect(a.assignments).toEqual(b.assignments);
    const groups = [a.assignments.slice(0, 3), a.assignments.slice(3, 6), a.assignments.slice(6)];
    for (const g of groups) expect(new Set(g).size).toBe(1);
    expect(new Set(groups.map((g) => g[0])).size).toBe(3);
    expect(() => kMeans(points.slice(0, 2), 3)).toThrow(/cannot make 3 clusters from 2 texts/);
  });
});
