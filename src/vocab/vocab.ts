// The vocabulary: words in frequency order with their counts; frozen once built. Everything downstream
// (training ids, vectors rows, vocab.tsv) uses this order, so index 0 is the most frequent word.

/** Words (most frequent first) with their counts and a word -> index lookup. */
export class Vocab {
  readonly words: readonly string[];
  /** Counts in the same order as `words` (float64: corpora of billions of tokens overflow int32). */
  readonly counts: Float64Array;
  /** Sum of `counts`: the number of corpus tokens that are in the vocabulary. */
  readonly totalCount: number;
  private readonly index: Map<string, number>;

  constructor(words: readonly string[], counts: ArrayLike<number>) {
    if (words.length !== counts.length) throw new RangeError(`${words.length} words but ${counts.length} counts`);
    this.words = Object.freeze([...words]);
    this.counts = Float64Array.from(counts);
    this.index = new Map();
    let total = 0;
    for (let i = 0; i < this.words.length; i++) {
      const word = this.words[i]!;
      if (this.index.has(word)) throw new RangeError(`duplicate word "${word}" at rows ${this.index.get(word)} and ${i}`);
      this.index.set(word, i);
      total += this.counts[i]!;
    }
    this.totalCount = total;
  }

  /** Number of words. */
  get size(): number {
    return this.words.length;
  }

  /** The index of `word`, or -1 when it is not in the vocabulary. */
  indexOf(word: string): number {
    return this.index.get(word) ?? -1;
  }

  has(word: string): boolean {
    return this.index.has(word);
  }
}
