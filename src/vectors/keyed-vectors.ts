// KeyedVectors: words and their vectors, and every query on them (gensim's KeyedVectors, word2vec.c's
// distance/word-analogy). No trainer state and no TensorFlow: queries are plain loops over one row-major
// Float32Array with a lazily built unit-normalised copy. vectors/ never imports train/.
//
// A subword model (fastText's) gives every word a vector: a query word outside the vocabulary is composed from
// its character n-grams (subwords.ts) and takes part in the query like a vocabulary word, except that it has no
// row, so there is nothing of it to exclude from the results. Without subwords such a word is an
// UnknownWordError, as it always was.
import { UnknownWordError, Word2VecError } from '../errors.ts';
import { type VectorFormat, writeVectors } from '../io/formats/index.ts';
import type { ReadVectorsOptions } from '../io/formats/word2vec-reader.ts';
import { readVectorSource } from './read-source.ts';
import { createSimdMatrix, type SimdMatrix } from './simd-dot.ts';
import { ngramBuckets } from '../subwords/ngrams.ts';
import type { SubwordVectors } from './subwords.ts';
import { cosine, dot, dotEachRow, dotRow, normalize, normalizeRows } from './similarity.ts';
import { topK } from './top-k.ts';

/** One query result. */
export interface Neighbor {
  readonly word: string;
  readonly similarity: number;
}

/** How a query word gets its vector (`KeyedVectors.describe`). */
export interface WordOrigin {
  readonly word: string;
  /** The word's vocabulary row, or -1 when its vector is composed from its character n-grams. */
  readonly row: number;
  /** Composed words: how many n-gram rows are averaged (0: it has no n-gram and its vector is zeros); 0 for vocabulary words. */
  readonly ngrams: number;
}

/** A query word's vector: its vocabulary row (-1 when composed) and its raw vector. */
interface QueryVector {
  row: number;
  vector: Float32Array;
}

/** Options of `mostSimilar`. */
export interface MostSimilarOptions {
  /** Words whose direction is subtracted (gensim `negative`). */
  negative?: readonly string[] | undefined;
  /** How many results (default 10). */
  topN?: number | undefined;
  /** Search only the first N words (the most frequent, when the file is frequency-sorted). */
  restrictVocab?: number | undefined;
}

/** Options of `analogy`. */
export interface AnalogyOptions {
  /** 3CosAdd (vector offset, gensim most_similar) or 3CosMul (Levy & Goldberg 2014, gensim most_similar_cosmul). */
  method?: '3cosadd' | '3cosmul' | undefined;
  topN?: number | undefined;
  restrictVocab?: number | undefined;
}

/** Word vectors with similarity queries. */
export class KeyedVectors {
  /** Words in row order (most frequent first when written by the trainer). */
  readonly words: readonly string[];
  /** words.length x dim, row-major. */
  readonly vectors: Float32Array;
  /** Dimensionality of each vector. */
  readonly dim: number;
  /** Corpus counts per word when known (model folders), in row order. */
  readonly counts: Float64Array | undefined;
  private readonly index: Map<string, number>;
  private normed: Float32Array | undefined;
  private lengths: Float64Array | undefined;
  private simd: SimdMatrix | undefined;
  /** Subword models: the n-grams that give any word a vector (fastText's model). */
  readonly subwords: SubwordVectors | undefined;

  /** Wraps `vectors` (not copied); duplicate words keep their first row. */
  constructor(words: readonly string[], vectors: Float32Array, dim: number, counts?: ArrayLike<number>, subwords?: SubwordVectors) {
    if (!Number.isInteger(dim) || dim < 1 || vectors.length !== words.length * dim) {
      throw new RangeError(`${words.length} words x ${dim} dims needs ${words.length * dim} floats, got ${vectors.length}`);
    }
    if (counts !== undefined && counts.length !== words.length) throw new RangeError(`${words.length} words but ${counts.length} counts`);
    this.words = words;
    this.vectors = vectors;
    this.dim = dim;
    this.counts = counts === undefined ? undefined : Float64Array.from(counts);
    this.index = new Map();
    for (let i = 0; i < words.length; i++) if (!this.index.has(words[i]!)) this.index.set(words[i]!, i);
    if (subwords !== undefined && subwords.dim !== dim) throw new RangeError(`the n-gram table has ${subwords.dim} dims, the vectors ${dim}`);
    this.subwords = subwords;
  }

  /**
   * Loads a model folder or a word2vec text/binary file (format sniffed from the content).
   * @example const kv = await KeyedVectors.load('vectors.bin', { limit: 100_000 });
   */
  static async load(path: string, options: ReadVectorsOptions = {}): Promise<KeyedVectors> {
    const source = await readVectorSource(path, options);
    return new KeyedVectors(source.words, source.vectors, source.dim, source.counts, source.subwords);
  }

  /** Number of words. */
  get size(): number {
    return this.words.length;
  }

  /** Whether `word` has a vector. */
  has(word: string): boolean {
    return this.index.has(word);
  }

  /** Row of `word`, or -1. */
  indexOf(word: string): number {
    return this.index.get(word) ?? -1;
  }

  /**
   * The vector of any word and where it came from: a vocabulary row (`row` >= 0, a view into the matrix), or,
   * in a subword model, composed from the word's n-grams (`row` -1, `ngrams` rows averaged; zeros when it has
   * none). Undefined for a word outside the vocabulary of a model without subwords.
   */
  vectorOf(word: string): { vector: Float32Array; row: number; ngrams: number } | undefined {
    const row = this.index.get(word);
    if (row !== undefined) return { vector: this.vectors.subarray(row * this.dim, (row + 1) * this.dim), row, ngrams: 0 };
    if (this.subwords === undefined) return undefined;
    return { ...this.subwords.compose(word), row: -1 };
  }

  /**
   * How `word` gets its vector without computing it: its vocabulary row, or (subword models) row -1 and the
   * number of n-grams its vector is composed from. Undefined when the word has no vector (no subwords).
   */
  describe(word: string): WordOrigin | undefined {
    const row = this.index.get(word);
    if (row !== undefined) return { word, row, ngrams: 0 };
    if (this.subwords === undefined) return undefined;
    return { word, row: -1, ngrams: ngramBuckets(word, this.subwords.settings).length };
  }

  /**
   * The vector of `word`: for a vocabulary word a view into the matrix, so copy before mutating; in a subword
   * model a word outside the vocabulary gets a new vector composed from its n-grams.
   */
  get(word: string): Float32Array {
    return this.lookup([word])[0]!.vector;
  }

  /** The unit-length vector of `word` (a view into the normalised copy; composed words: a new vector, zeros stay zeros). */
  getUnit(word: string): Float32Array {
    return this.unitOf(this.lookup([word])[0]!);
  }

  /** The unit-normalised matrix, built once on first use (gensim fill_norms; zero rows stay zero). */
  unitMatrix(): Float32Array {
    if (this.normed === undefined) {
      const { vectors, dim } = this;
      const n = this.words.length;
      // the normalised copy lives in WebAssembly memory when the SIMD kernel can score it in place
      this.simd = createSimdMatrix(n, dim);
      const normed = this.simd?.matrix ?? new Float32Array(vectors.length);
      this.lengths = normalizeRows(vectors, dim, normed);
      this.normed = normed;
    }
    return this.normed;
  }

  /** Euclidean length of each row. */
  norms(): Float64Array {
    this.unitMatrix();
    return this.lengths!;
  }

  /** Cosine similarity of two words. */
  similarity(a: string, b: string): number {
    const [qa, qb] = this.lookup([a, b]);
    return dot(this.unitOf(qa!), this.unitOf(qb!));
  }

  /** Cosine similarity of the (unnormalised) mean vectors of two word lists (gensim n_similarity). */
  nSimilarity(words1: readonly string[], words2: readonly string[]): number {
    if (words1.length === 0 || words2.length === 0) throw new Word2VecError('E_INVALID_OPTION', 'nSimilarity needs at least one word on each side');
    const vectors = this.lookup([...words1, ...words2]).map((q) => q.vector);
    const m1 = this.meanOf(vectors.slice(0, words1.length));
    const m2 = this.meanOf(vectors.slice(words1.length));
    return cosine(m1, m2);
  }

  /**
   * The `topN` words nearest to the mean of the unit vectors of `positive` minus `negative`, excluding the
   * query words (gensim most_similar). In a subword model any word may be given (see `describe`).
   * @example kv.mostSimilar(['king', 'woman'], { negative: ['man'], topN: 1 }) // [{ word: 'queen', ... }]
   */
  mostSimilar(positive: string | readonly string[], options: MostSimilarOptions = {}): Neighbor[] {
    checkOptions('mostSimilar', options, ['negative', 'topN', 'restrictVocab']);
    const pos = wordList('mostSimilar', 'positive', typeof positive === 'string' ? [positive] : positive);
    const neg = wordList('mostSimilar', 'negative', options.negative ?? []);
    if (pos.length + neg.length === 0) throw new Word2VecError('E_INVALID_OPTION', 'mostSimilar needs at least one word');
    const queries = this.lookup([...pos, ...neg]);
    const mean = new Float64Array(this.dim);
    queries.forEach((q, k) => {
      const weight = k < pos.length ? 1 : -1;
      const unit = this.unitOf(q);
      for (let j = 0; j < this.dim; j++) mean[j] += weight * unit[j]!;
    });
    return this.nearest(normalize(mean), options.topN ?? 10, options.restrictVocab, rowsOf(queries));
  }

  /** The `topN` words nearest (cosine) to an arbitrary vector; nothing is excluded (gensim similar_by_vector). */
  similarByVector(vector: ArrayLike<number>, options: { topN?: number | undefined; restrictVocab?: number | undefined } = {}): Neighbor[] {
    checkOptions('similarByVector', options, ['topN', 'restrictVocab']);
    if (vector.length !== this.dim) throw new Word2VecError('E_INVALID_OPTION', `the query vector has ${vector.length} dims, the model ${this.dim}`);
    return this.nearest(normalize(Float64Array.from(vector)), options.topN ?? 10, options.restrictVocab, new Set());
  }

  /**
   * A is to B as C is to ?: 3CosAdd ranks cos(x, B - A + C) (on unit vectors); 3CosMul ranks
   * cos'(x,B)·cos'(x,C)/(cos'(x,A)+1e-6) with cos' = (cos+1)/2. The query words are excluded.
   */
  analogy(a: string, b: string, c: string, options: AnalogyOptions = {}): Neighbor[] {
    checkOptions('analogy', options, ['method', 'topN', 'restrictVocab']);
    const method = options.method ?? '3cosadd';
    if (method !== '3cosadd' && method !== '3cosmul') throw new Word2VecError('E_INVALID_OPTION', `analogy: \`method\` ${JSON.stringify(method)} is invalid: '3cosadd' or '3cosmul'`);
    wordList('analogy', 'a, b, c', [a, b, c]);
    const topN = options.topN ?? 10;
    if (method === '3cosadd') return this.mostSimilar([b, c], { negative: [a], topN, restrictVocab: options.restrictVocab });
    const queries = this.lookup([a, b, c]);
    const n = this.limitOf(options.restrictVocab);
    // the three cosines of every row through the ranking kernel, one query vector at a time (copied: the
    // kernel's result view is overwritten by its next call)
    const [sa, sb, sc] = queries.map((q) => Float64Array.from(this.scoreRows(this.unitOf(q), n)));
    const scores = new Float64Array(n);
    for (let r = 0; r < n; r++) {
      // gensim most_similar_cosmul: shift cosines into [0, 1] so the product and ratio stay positive
      const cb = (1 + sb![r]!) / 2;
      const cc = (1 + sc![r]!) / 2;
      const ca = (1 + sa![r]!) / 2;
      scores[r] = (cb * cc) / (ca + 1e-6);
    }
    const exclude = rowsOf(queries);
    return topK(scores, n, topN, (i) => exclude.has(i)).map((i) => ({ word: this.words[i]!, similarity: scores[i]! }));
  }

  /** The word furthest from the mean of the unit vectors of `words` (gensim doesnt_match). */
  doesntMatch(words: readonly string[]): string {
    if (words.length === 0) throw new Word2VecError('E_INVALID_OPTION', 'doesntMatch needs at least one word');
    const units = this.lookup(words).map((q) => this.unitOf(q));
    const mean = normalize(this.meanOf(units));
    let worst = 0;
    let worstScore = Number.POSITIVE_INFINITY;
    units.forEach((unit, k) => {
      const s = dot(unit, mean);
      if (s < worstScore) {
        worstScore = s;
        worst = k;
      }
    });
    return words[worst]!;
  }

  /**
   * 1 + the number of vocabulary words closer to `w1` than `w2` is (gensim rank; `w1` itself not counted, and
   * a composed `w2` is not a vocabulary word, so nothing stands in for it either).
   */
  rank(w1: string, w2: string): number {
    const [q1, q2] = this.lookup([w1, w2]);
    const u1 = this.unitOf(q1!);
    const target = dot(u1, this.unitOf(q2!));
    const unit = this.unitMatrix();
    let closer = 0;
    // float64 sums row by row (not the float32 kernel), so a word tied with w2 is not counted by rounding
    for (let r = 0; r < this.size; r++) {
      if (r !== q1!.row && dotRow(unit, r, u1) > target) closer++;
    }
    return closer + 1;
  }

  /**
   * Mean of the given words' vectors (unit vectors when `unit`); unknown words throw unless `ignoreMissing`.
   * In a subword model no word is missing: one outside the vocabulary counts with its composed vector.
   */
  meanVector(words: readonly string[], options: { unit?: boolean; ignoreMissing?: boolean } = {}): Float32Array {
    checkOptions('meanVector', options, ['unit', 'ignoreMissing']);
    const known = options.ignoreMissing && this.subwords === undefined ? words.filter((w) => this.has(w)) : words;
    const queries = this.lookup(known);
    if (queries.length === 0) throw new Word2VecError('E_INVALID_OPTION', 'cannot average an empty word list');
    return Float32Array.from(this.meanOf(queries.map((q) => (options.unit ? this.unitOf(q) : q.vector))));
  }

  /** Writes the vectors as word2vec text or binary, atomically. */
  async save(path: string, format: VectorFormat = 'binary'): Promise<void> {
    await writeVectors(path, this.words, this.vectors, this.dim, format);
  }

  /** A copy holding only the first `n` words (a subword model keeps its n-grams, so the others are composed). */
  slice(n: number): KeyedVectors {
    const m = Math.min(n, this.size);
    return new KeyedVectors(this.words.slice(0, m), this.vectors.slice(0, m * this.dim), this.dim, this.counts?.subarray(0, m), this.subwords);
  }

  /** Row indices of `words`; throws one UnknownWordError naming every missing word. */
  indicesOf(words: readonly string[]): number[] {
    const ids: number[] = [];
    const missing: string[] = [];
    for (const w of words) {
      const i = this.index.get(w);
      if (i === undefined) {
        if (!missing.includes(w)) missing.push(w);
      } else ids.push(i);
    }
    if (missing.length > 0) throw new UnknownWordError(missing);
    return ids;
  }

  /** Row indices of the `topN` rows with the highest dot product with `query` (unit rows), and all the scores. */
  rankRows(query: ArrayLike<number>, topN: number, restrictVocab: number | undefined, exclude?: ReadonlySet<number>): { indices: number[]; scores: Float32Array | Float64Array } {
    const n = this.limitOf(restrictVocab);
    const scores = this.scoreRows(query, n);
    const indices = topK(scores, n, topN, exclude === undefined || exclude.size === 0 ? undefined : (i) => exclude.has(i));
    return { indices, scores };
  }

  // --- internal ---

  /** Dot product of `query` with each of the first `n` unit rows: the SIMD kernel's view (valid until its next call) or a new array. */
  private scoreRows(query: ArrayLike<number>, n: number): Float32Array | Float64Array {
    const unit = this.unitMatrix();
    return this.simd !== undefined ? this.simd.score(query, n) : dotEachRow(unit, Float32Array.from(query), n, this.dim);
  }

  /**
   * The vectors of query words. Without subwords every word must be in the vocabulary (one UnknownWordError
   * names all the missing ones); with subwords a word outside it is composed from its n-grams.
   */
  private lookup(words: readonly string[]): QueryVector[] {
    if (this.subwords === undefined) return this.indicesOf(words).map((row) => ({ row, vector: this.vectors.subarray(row * this.dim, (row + 1) * this.dim) }));
    return words.map((w) => {
      const { row, vector } = this.vectorOf(w)!;
      return { row, vector };
    });
  }

  /** The unit vector of a query word: its row of the normalised copy, or its composed vector normalised (zeros stay zeros, as in normalizeRows). */
  private unitOf(q: QueryVector): Float32Array {
    if (q.row >= 0) return this.unitMatrix().subarray(q.row * this.dim, (q.row + 1) * this.dim);
    return normalize(Float32Array.from(q.vector));
  }

  private limitOf(restrictVocab: number | undefined): number {
    return restrictVocab === undefined || restrictVocab <= 0 ? this.size : Math.min(restrictVocab, this.size);
  }

  /** Top-N by cosine against a unit query over the first `restrictVocab` rows. */
  private nearest(query: Float64Array, topN: number, restrictVocab: number | undefined, exclude: Set<number>): Neighbor[] {
    const { indices, scores } = this.rankRows(query, topN, restrictVocab, exclude);
    return indices.map((i) => ({ word: this.words[i]!, similarity: scores[i]! }));
  }

  private meanOf(vectors: readonly Float32Array[]): Float64Array {
    const mean = new Float64Array(this.dim);
    for (const v of vectors) for (let j = 0; j < this.dim; j++) mean[j] += v[j]!;
    for (let j = 0; j < this.dim; j++) mean[j] /= vectors.length;
    return mean;
  }
}

// --- internal ---

/**
 * Query options are checked, not trusted: an unknown key (a typo), a `topN` of '3' or -1, a `restrictVocab`
 * that is not a whole number would otherwise give a silently wrong answer.
 */
function checkOptions(method: string, options: object, allowed: readonly string[]): void {
  if (options === null || typeof options !== 'object') throw new Word2VecError('E_INVALID_OPTION', `${method}: options must be an object, got ${JSON.stringify(options)}`);
  for (const [key, value] of Object.entries(options)) {
    if (!allowed.includes(key)) throw new Word2VecError('E_INVALID_OPTION', `${method}: unknown option \`${key}\` (known: ${allowed.join(', ')})`);
    if (value === undefined) continue;
    if ((key === 'topN' || key === 'restrictVocab') && !(typeof value === 'number' && Number.isInteger(value) && value >= 1)) {
      throw new Word2VecError('E_INVALID_OPTION', `${method}: \`${key}\` ${JSON.stringify(value)} is invalid: a whole number >= 1`);
    }
    if ((key === 'unit' || key === 'ignoreMissing') && typeof value !== 'boolean') {
      throw new Word2VecError('E_INVALID_OPTION', `${method}: \`${key}\` ${JSON.stringify(value)} is invalid: true or false`);
    }
  }
}

/** The vocabulary rows of query words, to exclude from their results (a composed word has none). */
function rowsOf(queries: readonly QueryVector[]): Set<number> {
  return new Set(queries.filter((q) => q.row >= 0).map((q) => q.row));
}

/** A list of query words; anything but strings is refused with the argument's name. */
function wordList(method: string, name: string, words: unknown): string[] {
  if (!Array.isArray(words) || !words.every((w) => typeof w === 'string')) {
    throw new Word2VecError('E_INVALID_OPTION', `${method}: \`${name}\` must be a word or an array of words, got ${JSON.stringify(words)}`);
  }
  return [...words];
}
