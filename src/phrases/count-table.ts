// What the two unigram + bigram count tables of phrase learning share (see PhraseCounter for when each is used).

/** Options a count table reads. */
export interface CountOptions {
  connectorWords: ReadonlySet<string>;
  delimiter: string;
}

/** Unigram + bigram counts of one pass, with gensim's keys. */
export interface CountTable {
  /** Types held: words plus bigram keys (gensim len(vocab)). */
  readonly size: number;
  /** Count of a word or a joined bigram key (0 when absent). */
  count(key: string): number;
  /** Counts the words (connector words excepted) and the bigram candidates of one sentence. */
  add(sentence: readonly string[]): void;
  /** Drops every type counted fewer than `minReduce` times (gensim utils.prune_vocab). */
  prune(minReduce: number): void;
  /** Visits every bigram key with the counts of its first and last word; `phrase()` builds the joined key. */
  forEachBigram(visit: (phrase: () => string, countA: number, countB: number, countAB: number) => void): void;
}

/**
 * A copy of `text` that does not keep a larger string alive: tokens are slices of a read chunk (a megabyte for
 * text8), and V8 keeps the parent of a slice, or the parts of a concatenation, as long as the piece lives.
 * Slicing a fresh concatenation flattens it into new memory.
 */
export function ownCopy(text: string): string {
  return `${text} `.slice(0, -1);
}
