// k-means++ (Arthur & Vassilvitskii 2007) on sentence vectors, seeded with our Rng so a run is repeatable.
import { Word2VecError } from '../errors.ts';
import { Rng } from '../util/rng.ts';
import { squaredDistance } from '../vectors/similarity.ts';

/** Cluster assignment of each input vector and the centroids. */
export interface Clustering {
  assignments: Int32Array;
  centroids: Float32Array[];
  iterations: number;
  /** Sum of squared distances to the assigned centroid. */
  inertia: number;
}

/** Clusters `vectors` into `k` groups by squared Euclidean distance (Lloyd iterations after k-means++ seeding). */
export function kMeans(vectors: readonly Float32Array[], k: number, options: { seed?: number; maxIterations?: number } = {}): Clustering {
  const n = vectors.length;
  if (!Number.isInteger(k) || k < 1) throw new Word2VecError('E_INVALID_OPTION', `-k ${k} is invalid: a whole number >= 1`);
  if (n < k) throw new Word2VecError('E_INVALID_OPTION', `cannot make ${k} clusters from ${n} texts with known words; lower -k`);
  const dim = vectors[0]!.length;
  const rng = new Rng(options.seed ?? 1);
  const centroids: Float32Array[] = [Float32Array.from(vectors[rng.nextInt(n)]!)];
  const nearest = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
  while (centroids.length < k) {
    const last = centroids[centroids.length - 1]!;
    let total = 0;
    for (let i = 0; i < n; i++) {
      nearest[i] = Math.min(nearest[i]!, squaredDistance(vectors[i]!, last));
      total += nearest[i]!;
    }
    // next centre drawn with probability proportional to D(x)^2; all-duplicate input falls back to uniform
    let pick = rng.nextInt(n);
    if (total > 0) {
      let target = rng.nextFloat() * total;
      for (let i = 0; i < n; i++) {
        target -= nearest[i]!;
        if (target < 0) {
          pick = i;
          break;
        }
      }
    }
    centroids.push(Float32Array.from(vectors[pick]!));
  }
  const assignments = new Int32Array(n).fill(-1);
  const maxIterations = options.maxIterations ?? 100;
  let iterations = 0;
  let inertia = 0;
  for (; iterations < maxIterations; iterations++) {
    let changed = false;
    inertia = 0;
    for (let i = 0; i < n; i++) {
      let best = 0;
      let bestD = Number.POSITIVE_INFINITY;
      for (let c = 0; c < k; c++) {
        const d = squaredDistance(vectors[i]!, centroids[c]!);
        if (d < bestD) {
          bestD = d;
          best = c;
        }
      }
      inertia += bestD;
      if (assignments[i] !== best) {
        assignments[i] = best;
        changed = true;
      }
    }
    if (!changed) break;
    const sums = Array.from({ length: k }, () => new Float64Array(dim));
    const sizes = new Int32Array(k);
    for (let i = 0; i < n; i++) {
      const c = assignments[i]!;
      sizes[c]!++;
      for (let j = 0; j < dim; j++) sums[c]![j] += vectors[i]![j]!;
    }
    for (let c = 0; c < k; c++) {
      // an emptied cluster keeps its old centre
      if (sizes[c]! > 0) for (let j = 0; j < dim; j++) centroids[c]![j] = sums[c]![j]! / sizes[c]!;
    }
  }
  return { assignments, centroids, iterations, inertia };
}
