// Word vectors from character n-grams (fastText's model): a vocabulary word's vector is the mean of its own input
// row and its n-gram rows; a word outside the vocabulary gets the mean of its n-gram rows (fastText's
// getWordVector), or zeros when it has none. The n-gram table (bucket x dim, 800 MB at fastText's default of
// 2,000,000 x 100) is loaded only when a word outside the vocabulary is first asked for, so queries on
// vocabulary words never pay for it.
import { ngramBuckets, type SubwordSettings, subwordRows } from '../subwords/ngrams.ts';

/** A word's vector and where it came from. */
export interface ComposedVector {
  vector: Float32Array;
  /** N-gram rows averaged (0: no n-gram, the vector is zeros). */
  ngrams: number;
}

/** The n-gram side of a subword model: its settings and its (lazily loaded) bucket x dim table. */
export class SubwordVectors {
  private table: Float32Array | undefined;

  /** `ngrams`: the table, or a function that loads it on first use. */
  constructor(
    readonly settings: Readonly<SubwordSettings>,
    readonly dim: number,
    private readonly source: Float32Array | (() => Float32Array),
  ) {
    if (typeof source !== 'function') this.table = checked(source, settings.bucket, dim);
  }

  /** The bucket x dim n-gram table (loaded now if it was not). */
  ngrams(): Float32Array {
    if (this.table === undefined) this.table = checked((this.source as () => Float32Array)(), this.settings.bucket, this.dim);
    return this.table;
  }

  /** The vector of a word outside the vocabulary: the mean of its n-gram rows, zeros when it has none. */
  compose(word: string): ComposedVector {
    const buckets = ngramBuckets(word, this.settings);
    const vector = new Float32Array(this.dim);
    if (buckets.length === 0) return { vector, ngrams: 0 };
    const table = this.ngrams();
    const sum = new Float64Array(this.dim);
    for (const b of buckets) addRow(sum, table, b * this.dim, this.dim);
    for (let j = 0; j < this.dim; j++) vector[j] = sum[j]! / buckets.length;
    return { vector, ngrams: buckets.length };
  }
}

/**
 * The vocabulary's word vectors of a subword model: row i = mean of `wordRows` row i and its n-gram rows of
 * `ngrams` (fastText's getWordVector for a word in the dictionary). Sums in float64.
 */
export function composeVocabulary(words: readonly string[], wordRows: Float32Array, ngrams: Float32Array, settings: SubwordSettings, dim: number): Float32Array {
  const nwords = words.length;
  const { offsets, rows } = subwordRows(words, settings);
  const out = new Float32Array(nwords * dim);
  const sum = new Float64Array(dim);
  for (let i = 0; i < nwords; i++) {
    sum.fill(0);
    const from = offsets[i]!;
    const to = offsets[i + 1]!;
    for (let k = from; k < to; k++) {
      const r = rows[k]!;
      if (r < nwords) addRow(sum, wordRows, r * dim, dim);
      else addRow(sum, ngrams, (r - nwords) * dim, dim);
    }
    const n = to - from;
    for (let j = 0; j < dim; j++) out[i * dim + j] = sum[j]! / n;
  }
  return out;
}

// --- internal ---

function addRow(sum: Float64Array, table: Float32Array, base: number, dim: number): void {
  for (let j = 0; j < dim; j++) sum[j] += table[base + j]!;
}

function checked(table: Float32Array, bucket: number, dim: number): Float32Array {
  if (table.length !== bucket * dim) throw new RangeError(`the n-gram table has ${table.length} floats, expected ${bucket} x ${dim}`);
  return table;
}
