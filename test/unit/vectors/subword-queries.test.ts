// Queries on a subword model: a word outside the vocabulary gets the mean of its n-gram rows and takes part in
// every query; the answers are held to a float64 reference computed from the definition (helpers/subword-model).
import { describe, expect, it } from 'vitest';
import { UnknownWordError } from '../../../src/errors.ts';
import { ngramBuckets } from '../../../src/subwords/ngrams.ts';
import { KeyedVectors } from '../../../src/vectors/keyed-vectors.ts';
import { SubwordVectors } from '../../../src/vectors/subwords.ts';
import { handBuiltSubwords, referenceCosine, referenceRanking, referenceUnit, referenceVector } from '../../helpers/subword-model.ts';

const SETTINGS = { minn: 3, maxn: 6, bucket: 97 };
const model = handBuiltSubwords(SETTINGS);
const { words, dim } = model;

function withSubwords(): KeyedVectors {
  return new KeyedVectors(words, model.vectors, dim, undefined, new SubwordVectors(SETTINGS, dim, model.ngrams));
}

function withoutSubwords(): KeyedVectors {
  return new KeyedVectors(words, model.vectors, dim);
}

/** Our neighbours equal the reference's, words in order and scores to float32 precision. */
function expectRanking(ours: readonly { word: string; similarity: number }[], reference: readonly { word: string; similarity: number }[]): void {
  expect(ours.map((n) => n.word)).toEqual(reference.slice(0, ours.length).map((n) => n.word));
  for (const [i, n] of ours.entries()) expect(n.similarity).toBeCloseTo(reference[i]!.similarity, 5);
}

const rowOf = (row: number): Float64Array => referenceVector(model, words[row]!);

// words outside the vocabulary, each sharing n-grams with a family of vocabulary words
const OOV = ['applies', 'bandanas', '北京人'];

describe('subword queries', () => {
  it('a word outside the vocabulary gets the float64 mean of its n-gram rows, and describe says so without composing', () => {
    const kv = withSubwords();
    for (const word of OOV) {
      expect(kv.has(word)).toBe(false);
      const reference = referenceVector(model, word);
      const vector = kv.get(word);
      for (let j = 0; j < dim; j++) expect(vector[j]).toBeCloseTo(reference[j]!, 6);
      const unit = kv.getUnit(word);
      const referenceU = referenceUnit(reference);
      for (let j = 0; j < dim; j++) expect(unit[j]).toBeCloseTo(referenceU[j]!, 6);
      expect(kv.describe(word)).toEqual({ word, row: -1, ngrams: ngramBuckets(word, SETTINGS).length });
      expect(kv.vectorOf(word)?.ngrams).toBe(ngramBuckets(word, SETTINGS).length);
    }
    expect(kv.describe('apple')).toEqual({ word: 'apple', row: 0, ngrams: 0 });
    // a vocabulary word keeps its stored (composed) row, a view into the matrix
    expect(kv.get('band')).toEqual(model.vectors.subarray(5 * dim, 6 * dim));
  });

  it('mostSimilar ranks the vocabulary by cosine to the composed vector; nothing of a composed word is excluded', () => {
    const kv = withSubwords();
    for (const word of OOV) {
      const q = referenceVector(model, word);
      const reference = referenceRanking(model, (r) => referenceCosine(q, rowOf(r)));
      expectRanking(kv.mostSimilar(word, { topN: words.length }), reference);
    }
    // a zero (dropped) query vector would score every word 0: the reference scores are not
    expect(Math.max(...kv.mostSimilar('applies').map((n) => Math.abs(n.similarity)))).toBeGreaterThan(0.1);
  });

  it('mostSimilar with vocabulary and composed words, positive and negative: the mean of unit vectors, vocabulary words excluded', () => {
    const kv = withSubwords();
    const positive = ['applies', 'cherry'];
    const negative = ['bandanas', 'the'];
    const mean = new Float64Array(dim);
    for (const [k, w] of [...positive, ...negative].entries()) {
      const u = referenceUnit(referenceVector(model, w));
      for (let j = 0; j < dim; j++) mean[j] += (k < positive.length ? 1 : -1) * u[j]!;
    }
    const reference = referenceRanking(model, (r) => referenceCosine(mean, rowOf(r)), ['cherry', 'the']);
    const ours = kv.mostSimilar(positive, { negative, topN: 20 });
    expect(ours).toHaveLength(words.length - 2);
    expectRanking(ours, reference);
    // restrictVocab still limits the candidates to the first rows
    const restricted = kv.mostSimilar('applies', { topN: 20, restrictVocab: 4 });
    expect(restricted.map((n) => n.word).sort()).toEqual(words.slice(0, 4).sort());
  });

  it('similarity, nSimilarity, rank and doesntMatch use the composed vectors', () => {
    const kv = withSubwords();
    const v = (w: string): Float64Array => referenceVector(model, w);
    expect(kv.similarity('applies', 'apply')).toBeCloseTo(referenceCosine(v('applies'), v('apply')), 6);
    expect(kv.similarity('applies', 'bandanas')).toBeCloseTo(referenceCosine(v('applies'), v('bandanas')), 6);
    const mean = (list: string[]): Float64Array => {
      const m = new Float64Array(dim);
      for (const w of list) for (let j = 0; j < dim; j++) m[j] += v(w)[j]! / list.length;
      return m;
    };
    expect(kv.nSimilarity(['applies', 'the'], ['bandanas', '北京'])).toBeCloseTo(referenceCosine(mean(['applies', 'the']), mean(['bandanas', '北京'])), 6);
    // rank: 1 + the vocabulary words closer to w1 than w2 is
    for (const [w1, w2] of [['applies', 'band'], ['cherry', 'bandanas'], ['applies', 'bandanas']] as const) {
      const target = referenceCosine(v(w1), v(w2));
      const closer = words.filter((w) => w !== w1 && referenceCosine(v(w1), v(w)) > target).length;
      expect(kv.rank(w1, w2)).toBe(closer + 1);
    }
    const list = ['applies', 'apply', 'apple', '北京人'];
    const centre = referenceUnit(list.map((w) => referenceUnit(v(w))).reduce((m, u) => m.map((x, j) => x + u[j]!), new Float64Array(dim)));
    const scores = list.map((w) => referenceCosine(referenceUnit(v(w)), centre));
    expect(kv.doesntMatch(list)).toBe(list[scores.indexOf(Math.min(...scores))]);
    const meanUnit = kv.meanVector(['applies', 'the'], { unit: true });
    const referenceMeanUnit = [referenceUnit(v('applies')), referenceUnit(v('the'))].reduce((m, u) => m.map((x, j) => x + u[j]! / 2), new Float64Array(dim));
    for (let j = 0; j < dim; j++) expect(meanUnit[j]).toBeCloseTo(referenceMeanUnit[j]!, 6);
    // ignoreMissing leaves nothing out: every word has a vector
    expect(Array.from(kv.meanVector(['applies', 'the'], { ignoreMissing: true }))).toEqual(Array.from(kv.meanVector(['applies', 'the'])));
  });

  it('analogy 3CosAdd and 3CosMul with a composed word, held to the float64 formulas', () => {
    const kv = withSubwords();
    const [a, b, c] = ['apple', 'applies', 'band'];
    const ua = referenceUnit(referenceVector(model, a));
    const ub = referenceUnit(referenceVector(model, b));
    const uc = referenceUnit(referenceVector(model, c));
    const add = ub.map((x, j) => x - ua[j]! + uc[j]!);
    expectRanking(kv.analogy(a, b, c, { topN: 20 }), referenceRanking(model, (r) => referenceCosine(add, rowOf(r)), [a, c]));
    const mul = referenceRanking(
      model,
      (r) => {
        const x = referenceUnit(rowOf(r));
        const cos = (u: Float64Array): number => (1 + referenceCosine(x, u)) / 2;
        return (cos(ub) * cos(uc)) / (cos(ua) + 1e-6);
      },
      [a, c],
    );
    expectRanking(kv.analogy(a, b, c, { method: '3cosmul', topN: 20 }), mul);
    expect(kv.analogy(a, b, c, { method: '3cosmul', topN: 20 })).toHaveLength(words.length - 2);
  });

  it('a word with no n-gram of minn..maxn code points has a zero vector: cosine 0 to everything', () => {
    const settings = { minn: 4, maxn: 6, bucket: 97 };
    const kv = new KeyedVectors(words, model.vectors, dim, undefined, new SubwordVectors(settings, dim, model.ngrams));
    // <a> is 3 code points, shorter than minn
    expect(ngramBuckets('a', settings)).toEqual([]);
    expect(kv.describe('a')).toEqual({ word: 'a', row: -1, ngrams: 0 });
    expect(Array.from(kv.get('a'))).toEqual(new Array(dim).fill(0));
    expect(Array.from(kv.getUnit('a'))).toEqual(new Array(dim).fill(0));
    expect(kv.similarity('a', 'apple')).toBe(0);
    expect(kv.mostSimilar('a', { topN: 3 }).map((n) => n.similarity)).toEqual([0, 0, 0]);
  });

  it('the n-gram table loads only when a word outside the vocabulary is asked for', () => {
    let loads = 0;
    const kv = new KeyedVectors(
      words,
      model.vectors,
      dim,
      undefined,
      new SubwordVectors(SETTINGS, dim, () => {
        loads++;
        return model.ngrams;
      }),
    );
    kv.mostSimilar(['apple', 'band'], { negative: ['the'] });
    kv.analogy('apple', 'apply', 'band', { method: '3cosmul' });
    kv.describe('applies');
    expect(loads).toBe(0);
    kv.mostSimilar('applies');
    expect(loads).toBe(1);
  });

  it('vocabulary-only queries answer the same with and without subwords', () => {
    const a = withSubwords();
    const b = withoutSubwords();
    expect(a.mostSimilar(['apple', 'band'], { negative: ['of'], topN: 5 })).toEqual(b.mostSimilar(['apple', 'band'], { negative: ['of'], topN: 5 }));
    expect(a.analogy('apple', 'apply', 'band', { method: '3cosmul' })).toEqual(b.analogy('apple', 'apply', 'band', { method: '3cosmul' }));
    expect(a.similarity('the', 'of')).toBe(b.similarity('the', 'of'));
    expect(a.rank('the', 'of')).toBe(b.rank('the', 'of'));
  });

  it('without subwords a word outside the vocabulary is an UnknownWordError naming every missing word, as before', () => {
    const kv = withoutSubwords();
    expect(kv.describe('applies')).toBeUndefined();
    expect(kv.vectorOf('applies')).toBeUndefined();
    const caught = (f: () => unknown): unknown => {
      try {
        f();
      } catch (error) {
        return error;
      }
      return undefined;
    };
    for (const f of [() => kv.get('applies'), () => kv.getUnit('applies'), () => kv.similarity('applies', 'apple'), () => kv.rank('apple', 'applies')]) {
      const error = caught(f);
      expect(error).toBeInstanceOf(UnknownWordError);
      expect((error as UnknownWordError).words).toEqual(['applies']);
    }
    const many = caught(() => kv.analogy('applies', 'apple', 'bandanas', { method: '3cosmul' }));
    expect((many as UnknownWordError).words).toEqual(['applies', 'bandanas']);
    const doesnt = caught(() => kv.doesntMatch(['apple', 'x1', 'band', 'x2']));
    expect((doesnt as UnknownWordError).words).toEqual(['x1', 'x2']);
    expect(Array.from(kv.meanVector(['apple', 'x1'], { ignoreMissing: true }))).toEqual(Array.from(kv.meanVector(['apple'])));
  });

  it('slice keeps the n-grams: a word cut off is composed', () => {
    const kv = withSubwords().slice(5);
    expect(kv.has('band')).toBe(false);
    const reference = new Float64Array(dim);
    const buckets = ngramBuckets('band', SETTINGS);
    for (const b of buckets) for (let j = 0; j < dim; j++) reference[j] += model.ngrams[b * dim + j]! / buckets.length;
    const vector = kv.get('band');
    for (let j = 0; j < dim; j++) expect(vector[j]).toBeCloseTo(reference[j]!, 6);
  });
});
