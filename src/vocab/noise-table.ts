// The negative-sampling noise distribution, P(w) proportional to count(w)^exponent (0.75 in the paper).
// word2vec.c and gensim draw from a 100M-entry table or a cumulative table with binary search; Vose's alias
// method gives the same distribution exactly, in O(1) per draw and 12 bytes per word.
import type { Rng } from '../util/rng.ts';

/** Draws noise words from count^exponent in O(1) time, deterministically given the Rng. */
export class NoiseTable {
  /** Number of words the table draws from. */
  readonly size: number;
  /** Vose's tables: slot i keeps i with probability prob[i], else draws alias[i] (read by the WebAssembly trainer). */
  readonly prob: Float64Array;
  readonly alias: Int32Array;

  constructor(counts: ArrayLike<number>, exponent: number) {
    const n = counts.length;
    if (n === 0) throw new RangeError('a noise table needs at least one word');
    this.size = n;
    const weights = new Float64Array(n);
    let total = 0;
    for (let i = 0; i < n; i++) {
      const c = counts[i]!;
      if (!(c >= 0)) throw new RangeError(`count ${c} of word ${i} is not a non-negative number`);
      weights[i] = c ** exponent;
      total += weights[i]!;
    }
    if (!(total > 0 && Number.isFinite(total))) throw new RangeError(`noise weights sum to ${total}`);
    // Vose: scale to mean 1, pair each under-full slot with an over-full donor.
    this.prob = new Float64Array(n);
    this.alias = new Int32Array(n);
    const small = new Int32Array(n);
    const large = new Int32Array(n);
    let ns = 0;
    let nl = 0;
    for (let i = 0; i < n; i++) {
      weights[i] = (weights[i]! * n) / total;
      if (weights[i]! < 1) small[ns++] = i;
      else large[nl++] = i;
    }
    while (ns > 0 && nl > 0) {
      const s = small[--ns]!;
      const l = large[nl - 1]!;
      this.prob[s] = weights[s]!;
      this.alias[s] = l;
      weights[l] = weights[l]! + weights[s]! - 1;
      if (weights[l]! < 1) {
        nl--;
        small[ns++] = l;
      }
    }
    // Leftovers are 1 up to rounding error.
    while (nl > 0) {
      const l = large[--nl]!;
      this.prob[l] = 1;
      this.alias[l] = l;
    }
    while (ns > 0) {
      const s = small[--ns]!;
      this.prob[s] = 1;
      this.alias[s] = s;
    }
  }

  /** One word id drawn from the noise distribution. */
  draw(rng: Rng): number {
    const i = rng.nextInt(this.size);
    return rng.nextFloat() < this.prob[i]! ? i : this.alias[i]!;
  }

  /** The exact probability the table draws word `i` with (for tests and diagnostics). */
  probability(i: number): number {
    let p = this.prob[i]!;
    for (let j = 0; j < this.size; j++) if (this.alias[j] === i && j !== i) p += 1 - this.prob[j]!;
    return p / this.size;
  }
}
