// Sentence vectors on a subword model: a token outside the vocabulary counts with its composed vector and the
// weight of an unseen word, held to float64 references written from the definitions.
import { describe, expect, it } from 'vitest';
import { idfWeights, SentenceEncoder, SIF_A, sifWeights } from '../../../src/encode/index.ts';
import { WhitespaceTokenizer } from '../../../src/tokenize/index.ts';
import { KeyedVectors } from '../../../src/vectors/keyed-vectors.ts';
import { SubwordVectors } from '../../../src/vectors/subwords.ts';
import { handBuiltSubwords, referenceVector } from '../../helpers/subword-model.ts';

const SETTINGS = { minn: 3, maxn: 6, bucket: 97 };
const model = handBuiltSubwords(SETTINGS);
const { words, dim } = model;
const counts = words.map((_, i) => 100 - 7 * i);
const total = counts.reduce((a, b) => a + b, 0);
const tokenizer = new WhitespaceTokenizer();

const kvWith = (): KeyedVectors => new KeyedVectors(words, model.vectors, dim, counts, new SubwordVectors(SETTINGS, dim, model.ngrams));
const kvWithout = (): KeyedVectors => new KeyedVectors(words, model.vectors, dim, counts);

/** Σ w_t v_t / divisor in float64. */
function weighted(tokens: readonly string[], weight: (t: string) => number, divisor: number): Float64Array {
  const out = new Float64Array(dim);
  for (const t of tokens) {
    const v = referenceVector(model, t);
    for (let j = 0; j < dim; j++) out[j] += (weight(t) * v[j]!) / divisor;
  }
  return out;
}

function expectVector(actual: Float32Array | null, expected: Float64Array): void {
  expect(actual).not.toBeNull();
  for (let j = 0; j < dim; j++) expect(actual![j]).toBeCloseTo(expected[j]!, 6);
}

describe('sentence vectors with subwords', () => {
  it('mean: a token outside the vocabulary counts with its composed vector, and is reported as composed', () => {
    const encoder = new SentenceEncoder(kvWith(), tokenizer, { method: 'mean' });
    const tokens = ['apple', 'applies', 'band', 'applies'];
    const result = encoder.encode(tokens.join(' '));
    expect(result.knownCount).toBe(4);
    expect(result.unknown).toEqual([]);
    expect(result.composed).toEqual([{ word: 'applies', ngrams: kvWith().describe('applies')!.ngrams }]);
    expect(result.composedCount).toBe(2);
    expectVector(result.vector, weighted(tokens, () => 1, tokens.length));
    // a text of words outside the vocabulary only still has a vector
    expectVector(encoder.encode('applies bandanas').vector, weighted(['applies', 'bandanas'], () => 1, 2));
  });

  it('a token with no n-gram (zeros) is skipped and reported unknown, as without subwords', () => {
    const kv = new KeyedVectors(words, model.vectors, dim, counts, new SubwordVectors({ minn: 4, maxn: 6, bucket: 97 }, dim, model.ngrams));
    const encoder = new SentenceEncoder(kv, tokenizer, { method: 'mean' });
    // <a> is 3 code points: no n-gram of 4..6
    const result = encoder.encode('apple a');
    expect(result).toMatchObject({ knownCount: 1, unknown: ['a'], composed: [], composedCount: 0 });
    expectVector(result.vector, referenceVector(model, 'apple'));
  });

  it('tfidf from counts: an unseen token weighs as a word of count 1; from reference documents, by its own df', () => {
    const kv = kvWith();
    const fromCounts = idfWeights(kv);
    expect(fromCounts.unseen).toBeCloseTo(Math.log(total), 10);
    const encoder = new SentenceEncoder(kv, tokenizer, { method: 'tfidf', weights: fromCounts.weights, unseenWeight: fromCounts.unseen });
    const tokens = ['the', 'applies', 'cherry'];
    const idf = (t: string): number => (words.includes(t) ? Math.log(total / counts[words.indexOf(t)]!) : Math.log(total));
    const sum = tokens.reduce((s, t) => s + idf(t), 0);
    expectVector(encoder.encode(tokens.join(' ')).vector, weighted(tokens, idf, sum));

    const docs = [['applies', 'the'], ['the'], ['applies', 'bandanas', 'applies']];
    const fromDocs = idfWeights(kv, docs);
    const n = docs.length;
    const df = (t: string): number => docs.filter((d) => d.includes(t)).length;
    const smooth = (t: string): number => Math.log((1 + n) / (1 + df(t))) + 1;
    expect(fromDocs.oov?.get('applies')).toBeCloseTo(smooth('applies'), 10);
    expect(fromDocs.unseen).toBeCloseTo(Math.log(1 + n) + 1, 10);
    const docEncoder = new SentenceEncoder(kv, tokenizer, { method: 'tfidf', weights: fromDocs.weights, unseenWeight: fromDocs.unseen, oovWeights: fromDocs.oov });
    const query = ['the', 'applies', 'charities'];
    const sumDocs = query.reduce((s, t) => s + smooth(t), 0);
    expectVector(docEncoder.encode(query.join(' ')).vector, weighted(query, smooth, sumDocs));
  });

  it('sif: an unseen token gets a/(a + 1/total), the weight of a count of 1', () => {
    const kv = kvWith();
    const { weights, unseen } = sifWeights(kv, SIF_A);
    const p = (t: string): number => (words.includes(t) ? counts[words.indexOf(t)]! / total : 1 / total);
    expect(unseen).toBeCloseTo(SIF_A / (SIF_A + 1 / total), 12);
    const encoder = new SentenceEncoder(kv, tokenizer, { method: 'sif', weights, unseenWeight: unseen });
    const tokens = ['of', 'bandanas', '北京人'];
    expectVector(encoder.encode(tokens.join(' ')).vector, weighted(tokens, (t) => SIF_A / (SIF_A + p(t)), tokens.length));
  });

  it('without subwords the token is skipped and the result has no composed report', () => {
    const encoder = new SentenceEncoder(kvWithout(), tokenizer, { method: 'mean' });
    const result = encoder.encode('apple applies');
    expect(result).toEqual({ vector: result.vector, knownCount: 1, tokens: ['apple', 'applies'], unknown: ['applies'] });
    expectVector(result.vector, referenceVector(model, 'apple'));
  });
});
