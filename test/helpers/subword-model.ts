// A hand-built subword model (fastText's layout: word rows, an n-gram bucket table, each vocabulary word's
// vector the mean of its own row and its n-gram rows) and a float64 reference of the vector of any word, written
// from the definition rather than through SubwordVectors, so the query side is held to it.
import { writeModelFolder } from '../../src/io/model-folder.ts';
import { handMadeMeta } from './model-meta.ts';
import { Rng } from '../../src/util/rng.ts';
import { ngramBuckets, type SubwordSettings } from '../../src/subwords/ngrams.ts';
import { composeVocabulary } from '../../src/vectors/subwords.ts';

export interface HandBuiltSubwords {
  words: string[];
  dim: number;
  settings: SubwordSettings;
  /** nwords x dim: the words' own input rows. */
  inputWords: Float32Array;
  /** bucket x dim: the n-gram rows. */
  ngrams: Float32Array;
  /** nwords x dim: the composed vocabulary vectors (what vectors.f32 holds). */
  vectors: Float32Array;
}

/**
 * Words that share n-grams in families (appl-, band-, 北京-, ...), random rows from a seeded generator, so a
 * word outside the vocabulary that shares n-grams with a family lands near it.
 */
export function handBuiltSubwords(settings: SubwordSettings, dim = 8, seed = 7): HandBuiltSubwords {
  const words = ['apple', 'applied', 'apply', 'banana', 'bandana', 'band', 'cherry', 'charity', '北京大学', '北京', '上海', 'the', 'of'];
  const rng = new Rng(seed);
  const random = (n: number): Float32Array => Float32Array.from({ length: n }, () => rng.nextFloat() * 2 - 1);
  const inputWords = random(words.length * dim);
  const ngrams = random(settings.bucket * dim);
  const vectors = composeVocabulary(words, inputWords, ngrams, settings, dim);
  return { words, dim, settings, inputWords, ngrams, vectors };
}

/** The float64 vector of `word`: its vocabulary row, or the mean of its n-gram rows (zeros when it has none). */
export function referenceVector(model: HandBuiltSubwords, word: string): Float64Array {
  const { dim } = model;
  const row = model.words.indexOf(word);
  const out = new Float64Array(dim);
  if (row >= 0) {
    for (let j = 0; j < dim; j++) out[j] = model.vectors[row * dim + j]!;
    return out;
  }
  const buckets = ngramBuckets(word, model.settings);
  for (const b of buckets) for (let j = 0; j < dim; j++) out[j] += model.ngrams[b * dim + j]!;
  if (buckets.length > 0) for (let j = 0; j < dim; j++) out[j] /= buckets.length;
  return out;
}

/** Cosine in float64 as the dot product of the two unit vectors (0 for a zero vector). */
export function referenceCosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const ua = referenceUnit(a);
  const ub = referenceUnit(b);
  return ua.reduce((sum, x, j) => sum + x * ub[j]!, 0);
}

/** Unit vector in float64 (zeros stay zeros). */
export function referenceUnit(v: ArrayLike<number>): Float64Array {
  let s = 0;
  for (let j = 0; j < v.length; j++) s += v[j]! * v[j]!;
  const length = Math.sqrt(s);
  return Float64Array.from(v, (x) => (length === 0 ? 0 : x / length));
}

/** Vocabulary words ranked by a float64 score, best first (ties: lower row first), skipping `exclude`. */
export function referenceRanking(model: HandBuiltSubwords, score: (row: number) => number, exclude: readonly string[] = []): { word: string; similarity: number }[] {
  return model.words
    .map((word, row) => ({ word, similarity: score(row), row }))
    .filter((r) => !exclude.includes(r.word))
    .sort((a, b) => b.similarity - a.similarity || a.row - b.row)
    .map(({ word, similarity }) => ({ word, similarity }));
}

/**
 * Writes `built` as a model folder at `path` (counts 100, 93, ...); `subwords: false` writes the same vectors as
 * a plain model, `tokenized: true` records a pre-tokenized corpus (queries are taken verbatim).
 */
export async function writeSubwordFolder(path: string, built: HandBuiltSubwords, options: { subwords?: boolean; tokenized?: boolean } = {}): Promise<void> {
  const subwords = options.subwords ?? true;
  const meta = handMadeMeta(built.words.length, built.dim, { options: { minCount: 1, ...(subwords ? { subwords: true, ...built.settings } : {}) }, tokenizer: { tokenized: options.tokenized ?? false }, tokens: 1000 });
  const counts = Float64Array.from(built.words, (_, i) => 100 - 7 * i);
  await writeModelFolder(path, { meta, words: built.words, counts, vectors: built.vectors, ...(subwords ? { ngrams: built.ngrams, inputWords: built.inputWords } : {}) });
}
