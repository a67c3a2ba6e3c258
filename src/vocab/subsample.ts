// Down-sampling of frequent words, exactly as gensim 4.2 (Word2Vec.prepare_vocab) and word2vec.c compute it.

/**
 * Keep-probability of each word: with t = sample * (sum of counts), p = (sqrt(c / t) + 1) * t / c capped at 1;
 * sample 0 keeps every word. `counts` are the counts of the retained vocabulary (after min-count).
 */
export function keepProbabilities(counts: ArrayLike<number>, sample: number): Float64Array {
  const n = counts.length;
  const out = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) total += counts[i]!;
  // gensim: sample >= 1 would be an absolute count; our options restrict sample to [0, 1).
  const threshold = sample > 0 ? sample * total : total;
  for (let i = 0; i < n; i++) {
    const c = counts[i]!;
    const p = c > 0 ? (Math.sqrt(c / threshold) + 1) * (threshold / c) : 1;
    out[i] = p < 1 ? p : 1;
  }
  return out;
}
