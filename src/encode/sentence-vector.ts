// Sentence vectors from word vectors: `mean` (plain average of the known words), `tfidf` (idf-weighted
// average) and `sif` (Arora et al. 2017: weights a/(a+p(w)), then the first principal component removed).
// Text is tokenized the way the model was trained; unknown words are skipped and reported, and a text with
// no known word gives `vector: null` rather than a zero vector. Depends on vectors/ and tokenize/ only.
//
// A subword model gives a token outside the vocabulary the vector composed from its character n-grams, so it
// counts instead of being skipped (a token with no n-gram of minn..maxn code points has only zeros and is
// still skipped: averaging in zeros would shrink the vector and say nothing). Its weight is the one the method
// gives the rarest word it can describe, since its frequency is unknown and at most that of the rarest:
// tfidf with reference documents, its idf from its own document frequency (ln((1+N)/(1+df)) + 1, with df 0
// when no document holds it); from the model's counts, the idf of a count of 1 (the floor every vocabulary
// count gets, so the largest idf); from the Zipf estimate, rank V+1, after the last word; sif, a/(a + p) with
// that same p. So an unseen word weighs as much as a word seen once, not more.
import { Word2VecError } from '../errors.ts';
import type { Tokenizer } from '../tokenize/tokenizer.ts';
import type { KeyedVectors } from '../vectors/keyed-vectors.ts';
import { cosine, dot, norm, squaredDistance } from '../vectors/similarity.ts';
import { applyCustomization, type Customization } from './customize.ts';

/** How word vectors are combined. */
export type EncodeMethod = 'mean' | 'tfidf' | 'sif';

/** The encoding of one text. */
export interface SentenceVector {
  /** null when no token is in the vocabulary. */
  vector: Float32Array | null;
  /** Tokens that had a vector (repeats counted). */
  knownCount: number;
  tokens: string[];
  /** Distinct tokens without a vector, in order of appearance. */
  unknown: string[];
  /**
   * Subword models only: the distinct tokens outside the vocabulary whose vector was composed from `ngrams`
   * character n-grams, in order of appearance (they count in `knownCount`).
   */
  composed?: { word: string; ngrams: number }[];
  /** Subword models only: how many tokens (repeats counted) had a composed vector. */
  composedCount?: number;
}

/** Where word weights come from, so callers can say which was used. */
export type WeightSource = 'none' | 'reference documents' | 'model counts' | 'zipf estimate from word order';

/** SIF's smoothing constant a (Arora et al. recommend 1e-3 to 1e-4). */
export const SIF_A = 1e-3;

/** Options of `SentenceEncoder`. */
export interface EncoderOptions {
  method: EncodeMethod;
  /** tfidf: idf per row of kv; sif: weight per row. Built by `idfWeights` / `sifWeights`. */
  weights?: Float64Array | undefined;
  /**
   * Subword models, tfidf and sif: the weight of a token outside the vocabulary (`idfWeights` / `sifWeights`
   * `unseen`; default: the largest of `weights`), and per-token weights that override it (`idfWeights` `oov`).
   */
  unseenWeight?: number | undefined;
  oovWeights?: ReadonlyMap<string, number> | undefined;
  /** sif: unit principal component to remove (from `fitComponent` or sif.json). */
  component?: Float32Array | undefined;
  /** A learned customisation (`loadCustomization`): the vector becomes e . M. */
  custom?: Customization | undefined;
}

/** Turns texts (or token lists) into sentence vectors with one method and fixed weights. */
export class SentenceEncoder {
  readonly method: EncodeMethod;
  private readonly weights: Float64Array | undefined;
  private readonly unseenWeight: number;
  private readonly oovWeights: ReadonlyMap<string, number> | undefined;
  /** Composed vectors of the tokens seen so far (documents repeat their words); bounded, then started afresh. */
  private readonly composedCache = new Map<string, { vector: Float32Array; ngrams: number }>();
  component: Float32Array | undefined;
  /** Applied last, after the SIF component is removed (as when the matrix was trained). */
  custom: Customization | undefined;

  constructor(
    readonly kv: KeyedVectors,
    readonly tokenizer: Tokenizer,
    options: EncoderOptions,
  ) {
    this.method = options.method;
    this.weights = options.weights;
    this.unseenWeight = options.unseenWeight ?? (this.weights === undefined ? 1 : largest(this.weights));
    this.oovWeights = options.oovWeights;
    // a customisation trained on sif vectors carries the component it was trained with
    this.component = options.component ?? options.custom?.component;
    this.custom = options.custom;
    if (this.custom !== undefined && this.custom.method !== this.method) {
      throw new Word2VecError('E_INVALID_OPTION', `customisation ${this.custom.name} was trained on ${this.custom.method} vectors; use method ${this.custom.method}`);
    }
    if (this.method !== 'mean' && this.weights === undefined) throw new Word2VecError('E_INVALID_OPTION', `method ${this.method} needs word weights`);
  }

  /**
   * Encodes one text.
   * @example
   * // vectors 我 [0.2,0.3,0.5], 喜欢 [0.4,0.1,0.8], 苹果 [0.6,0.7,0.9], method mean:
   * encoder.encode('我喜欢苹果').vector // [0.4, 0.3667, 0.7333]
   */
  encode(text: string): SentenceVector {
    return this.encodeTokens(this.tokenizer.tokenize(text));
  }

  /** Encodes already tokenized text. */
  encodeTokens(tokens: string[]): SentenceVector {
    const { kv } = this;
    const dim = kv.dim;
    const sum = new Float64Array(dim);
    const unknown: string[] = [];
    const composed: { word: string; ngrams: number }[] = [];
    let knownCount = 0;
    let composedCount = 0;
    let totalWeight = 0;
    for (const token of tokens) {
      const row = kv.indexOf(token);
      let weight: number;
      let vector: Float32Array;
      let base = 0;
      if (row === -1) {
        const c = kv.subwords === undefined ? undefined : this.compose(token);
        if (c === undefined || c.ngrams === 0) {
          if (!unknown.includes(token)) unknown.push(token);
          continue;
        }
        composedCount++;
        if (!composed.some((x) => x.word === token)) composed.push({ word: token, ngrams: c.ngrams });
        weight = this.method === 'mean' ? 1 : (this.oovWeights?.get(token) ?? this.unseenWeight);
        vector = c.vector;
      } else {
        weight = this.method === 'mean' ? 1 : this.weights![row]!;
        vector = kv.vectors;
        base = row * dim;
      }
      knownCount++;
      totalWeight += this.method === 'tfidf' ? weight : 1;
      for (let j = 0; j < dim; j++) sum[j] += weight * vector[base + j]!;
    }
    // the composed tokens are reported only by subword models, so other results keep their shape
    const subwordReport = kv.subwords === undefined ? {} : { composed, composedCount };
    if (knownCount === 0) return { vector: null, knownCount, tokens, unknown, ...subwordReport };
    // mean and sif divide by the word count (Arora et al.); tfidf is a weighted average
    const divisor = this.method === 'tfidf' ? totalWeight || 1 : knownCount;
    const vector = new Float32Array(dim);
    for (let j = 0; j < dim; j++) vector[j] = sum[j]! / divisor;
    if (this.method === 'sif' && this.component !== undefined) removeComponent(vector, this.component);
    return { vector: this.custom === undefined ? vector : applyCustomization(vector, this.custom), knownCount, tokens, unknown, ...subwordReport };
  }

  /** A token's composed vector (subword models), from the cache when it was seen before. */
  private compose(token: string): { vector: Float32Array; ngrams: number } {
    let c = this.composedCache.get(token);
    if (c === undefined) {
      const { vector, ngrams } = this.kv.vectorOf(token)!;
      c = { vector, ngrams };
      if (this.composedCache.size >= COMPOSED_CACHE) this.composedCache.clear();
      this.composedCache.set(token, c);
    }
    return c;
  }
}

/** At most this many composed vectors are cached per encoder (100 dims: 40 MB). */
const COMPOSED_CACHE = 100_000;

/** Word weights per vocabulary row, and for tokens outside the vocabulary of a subword model. */
export interface WordWeights {
  weights: Float64Array;
  source: WeightSource;
  /** The weight of a token outside the vocabulary (see the top of this file). */
  unseen: number;
  /** tfidf from reference documents, subword models: the idf of each token outside the vocabulary they hold. */
  oov?: Map<string, number> | undefined;
}

/**
 * idf per vocabulary row. From reference documents: smoothed idf ln((1+N)/(1+df)) + 1 (scikit-learn's
 * default). Without documents but with corpus counts: ln(total/count), the word's self-information.
 */
export function idfWeights(kv: KeyedVectors, documents?: readonly (readonly string[])[]): WordWeights {
  const weights = new Float64Array(kv.size);
  if (documents !== undefined) {
    const df = new Float64Array(kv.size);
    // subword models: the terms outside the vocabulary have a document frequency too
    const oovDf = kv.subwords === undefined ? undefined : new Map<string, number>();
    for (const doc of documents) {
      const seen = new Set<number>();
      const seenOov = new Set<string>();
      for (const t of doc) {
        const row = kv.indexOf(t);
        if (row !== -1 && !seen.has(row)) {
          seen.add(row);
          df[row]!++;
        } else if (row === -1 && oovDf !== undefined && !seenOov.has(t)) {
          seenOov.add(t);
          oovDf.set(t, (oovDf.get(t) ?? 0) + 1);
        }
      }
    }
    const n = documents.length;
    const idf = (d: number): number => Math.log((1 + n) / (1 + d)) + 1;
    for (let i = 0; i < kv.size; i++) weights[i] = idf(df[i]!);
    const oov = oovDf === undefined ? undefined : new Map([...oovDf].map(([t, d]) => [t, idf(d)] as const));
    return { weights, source: 'reference documents', unseen: idf(0), oov };
  }
  const { probabilities, unseen, source } = wordProbabilities(kv);
  for (let i = 0; i < kv.size; i++) weights[i] = -Math.log(probabilities[i]!);
  return { weights, source, unseen: -Math.log(unseen) };
}

/** SIF weights a/(a + p(w)) per row, p(w) from the model's counts (or a Zipf estimate when there are none). */
export function sifWeights(kv: KeyedVectors, a = SIF_A): WordWeights {
  const { probabilities, unseen, source } = wordProbabilities(kv);
  const weights = new Float64Array(kv.size);
  for (let i = 0; i < kv.size; i++) weights[i] = a / (a + probabilities[i]!);
  return { weights, source, unseen: a / (a + unseen) };
}

/** The first principal component (uncentred, as Arora et al.'s TruncatedSVD) of sentence vectors, unit length. */
export function fitComponent(vectors: readonly Float32Array[], dim: number): Float32Array {
  if (vectors.length === 0) throw new Word2VecError('E_INVALID_OPTION', 'cannot fit the SIF component: no reference sentence has a known word');
  // power iteration on the dim x dim Gram matrix X^T X
  const gram = new Float64Array(dim * dim);
  for (const v of vectors) {
    for (let i = 0; i < dim; i++) {
      const vi = v[i]!;
      if (vi === 0) continue;
      for (let j = 0; j < dim; j++) gram[i * dim + j] += vi * v[j]!;
    }
  }
  let u = new Float64Array(dim).fill(1 / Math.sqrt(dim));
  for (let iteration = 0; iteration < 200; iteration++) {
    const next = new Float64Array(dim);
    for (let i = 0; i < dim; i++) {
      let s = 0;
      for (let j = 0; j < dim; j++) s += gram[i * dim + j]! * u[j]!;
      next[i] = s;
    }
    const length = norm(next);
    if (length === 0) break;
    let change = 0;
    for (let i = 0; i < dim; i++) {
      next[i]! /= length;
      change += Math.abs(next[i]! - u[i]!);
    }
    u = next;
    if (change < 1e-10) break;
  }
  return Float32Array.from(u);
}

/** Cosine similarity and Euclidean distance of two sentence vectors. */
export function compareVectors(a: Float32Array, b: Float32Array): { cosine: number; euclidean: number } {
  return { cosine: cosine(a, b), euclidean: Math.sqrt(squaredDistance(a, b)) };
}

// --- internal ---

function removeComponent(v: Float32Array, u: Float32Array): void {
  const p = dot(v, u);
  for (let j = 0; j < v.length; j++) v[j] = v[j]! - p * u[j]!;
}

/** p(w) per row, and `unseen`: the p of a word outside the vocabulary (a count of 1; Zipf rank V+1). */
function wordProbabilities(kv: KeyedVectors): { probabilities: Float64Array; unseen: number; source: WeightSource } {
  const probabilities = new Float64Array(kv.size);
  if (kv.counts !== undefined) {
    let total = 0;
    for (let i = 0; i < kv.size; i++) total += kv.counts[i]!;
    for (let i = 0; i < kv.size; i++) probabilities[i] = Math.max(kv.counts[i]!, 1) / Math.max(total, 1);
    return { probabilities, unseen: 1 / Math.max(total, 1), source: 'model counts' };
  }
  // word2vec files are sorted by frequency; Zipf's law p(rank r) = 1/(r * H_V) is the usual stand-in
  let harmonic = 0;
  for (let r = 1; r <= kv.size; r++) harmonic += 1 / r;
  for (let i = 0; i < kv.size; i++) probabilities[i] = 1 / ((i + 1) * harmonic);
  return { probabilities, unseen: 1 / ((kv.size + 1) * harmonic), source: 'zipf estimate from word order' };
}

function largest(values: Float64Array): number {
  let max = Number.NEGATIVE_INFINITY;
  for (const v of values) if (v > max) max = v;
  return Number.isFinite(max) ? max : 1;
}
