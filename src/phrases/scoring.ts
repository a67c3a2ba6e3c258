// The two bigram scores of gensim 4.2 (original_scorer, npmi_scorer), with gensim's operation order so
// that the float64 results agree to the last bits.

/** Counts a score is computed from. */
export interface BigramCounts {
  countA: number;
  countB: number;
  countAB: number;
  /** Distinct unigram + bigram types counted (gensim len(vocab)). */
  types: number;
  /** Tokens counted, connector words included (gensim corpus_word_count). */
  corpusWords: number;
  minCount: number;
}

/**
 * Mikolov et al. 2013 (word2vec.c word2phrase): (count(ab) - minCount) / (count(a) count(b)) x types.
 * Negative below minCount, so such bigrams never pass a positive threshold.
 */
export function defaultScore(c: BigramCounts): number {
  const denom = c.countA * c.countB;
  if (denom === 0) return Number.NEGATIVE_INFINITY;
  return ((c.countAB - c.minCount) / denom) * c.types;
}

/** Bouma 2009 normalised PMI: ln(p(ab) / (p(a) p(b))) / -ln(p(ab)), in [-1, 1]; -inf below minCount. */
export function npmiScore(c: BigramCounts): number {
  if (c.countAB < c.minCount) return Number.NEGATIVE_INFINITY;
  const n = c.corpusWords;
  const pa = c.countA / n;
  const pb = c.countB / n;
  const pab = c.countAB / n;
  const score = Math.log(pab / (pa * pb)) / -Math.log(pab);
  // gensim turns a log of zero (a zero count) into -inf: never a phrase
  return Number.isNaN(score) ? Number.NEGATIVE_INFINITY : score;
}
