// The learning-rate schedule: linear decay from alpha to minAlpha over ALL epochs, by the
// fraction of words processed, as gensim's _get_next_alpha does. The rate is constant within one batch.

/** The learning rate after `progress` (0..1) of the whole run: alpha - (alpha - minAlpha) * progress, floored at minAlpha. */
export function learningRate(alpha: number, minAlpha: number, progress: number): number {
  const p = progress <= 0 ? 0 : progress >= 1 ? 1 : progress;
  return Math.max(minAlpha, alpha - (alpha - minAlpha) * p);
}
