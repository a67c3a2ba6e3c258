// Sentence vectors from word vectors: `mean` (plain average of the known words), `tfidf` (idf-weighted
// average) and `sif` (Arora et al. 2017: weights a/(a+p(w)), then the first principal component removed).
// Text is tokenized the way the model was trained; unknown words are skipped and reported, and a text with
// no known word gives `vector: null` rather than a zero vector. Depends on vectors/ and tokenize/ only.
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
  /** sif: unit principal component to remove (from `fitComponent` or sif.json). */
  component?: Float32Array | undefined;
  /** A learned customisation (`loadCustomization`): the vector becomes e . M. */
  custom?: Customization | undefined;
}

/** Turns texts (or token lists) into sentence vectors with one method and fixed weights. */
export class SentenceEncoder {
  readonly method: EncodeMethod;
  private readonly weights: Float64Array | undefined;
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
    let knownCount = 0;
    let totalWeight = 0;
    for (const token of tokens) {
      const row = kv.indexOf(token);
      if (row === -1) {
        if (!unknown.includes(token)) unknown.push(token);
        continue;
      }
      knownCount++;
      const weight = this.method === 'mean' ? 1 : this.weights![row]!;
      totalWeight += this.method === 'tfidf' ? weight : 1;
      const base = row * dim;
      for (let j = 0; j < dim; j++) sum[j] += weight * kv.vectors[base + j]!;
    }
    if (knownCount === 0) return { vector: null, knownCount, tokens, unknown };
    // mean and sif divide by the word count (Arora et al.); tfidf is a weighted average
    const divisor = this.method === 'tfidf' ? totalWeight || 1 : knownCount;
    const vector = new Float32Array(dim);
    for (let j = 0; j < dim; j++) vector[j] = sum[j]! / divisor;
    if (this.method === 'sif' && this.component !== undefined) removeComponent(vector, this.component);
    return { vector: this.custom === undefined ? vector : applyCustomization(vector, this.custom), knownCount, tokens, unknown };
  }
}

/**
 * idf per vocabulary row. From reference documents: smoothed idf ln((1+N)/(1+df)) + 1 (scikit-learn's
 * default). Without documents but with corpus counts: ln(total/count), the word's self-information.
 */
export function idfWeights(kv: KeyedVectors, documents?: readonly (readonly string[])[]): { weights: Float64Array; source: WeightSource } {
  const weights = new Float64Array(kv.size);
  if (documents !== undefined) {
    const df = new Float64Array(kv.size);
    for (const doc of documents) {
      const seen = new Set<number>();
      for (const t of doc) {
        const row = kv.indexOf(t);
        if (row !== -1 && !seen.has(row)) {
          seen.add(row);
          df[row]!++;
        }
      }
    }
    const n = documents.length;
    for (let i = 0; i < kv.size; i++) weights[i] = Math.log((1 + n) / (1 + df[i]!)) + 1;
    return { weights, source: 'reference documents' };
  }
  const { probabilities, source } = wordProbabilities(kv);
  for (let i = 0; i < kv.size; i++) weights[i] = -Math.log(probabilities[i]!);
  return { weights, source };
}

/** SIF weights a/(a + p(w)) per row, p(w) from the model's counts (or a Zipf estimate when there are none). */
export function sifWeights(kv: KeyedVectors, a = SIF_A): { weights: Float64Array; source: WeightSource } {
  const { probabilities, source } = wordProbabilities(kv);
  const weights = new Float64Array(kv.size);
  for (let i = 0; i < kv.size; i++) weights[i] = a / (a + probabilities[i]!);
  return { weights, source };
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

function wordProbabilities(kv: KeyedVectors): { probabilities: Float64Array; source: WeightSource } {
  const probabilities = new Float64Array(kv.size);
  if (kv.counts !== undefined) {
    let total = 0;
    for (let i = 0; i < kv.size; i++) total += kv.counts[i]!;
    for (let i = 0; i < kv.size; i++) probabilities[i] = Math.max(kv.counts[i]!, 1) / Math.max(total, 1);
    return { probabilities, source: 'model counts' };
  }
  // word2vec files are sorted by frequency; Zipf's law p(rank r) = 1/(r * H_V) is the usual stand-in
  let harmonic = 0;
  for (let r = 1; r <= kv.size; r++) harmonic += 1 / r;
  for (let i = 0; i < kv.size; i++) probabilities[i] = 1 / ((i + 1) * harmonic);
  return { probabilities, source: 'zipf estimate from word order' };
}
