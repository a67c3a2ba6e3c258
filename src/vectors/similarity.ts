// The vector formulas every query, encoder and evaluator shares: dot product, length, cosine, distance and
// normalisation, on plain arrays or on rows of a row-major matrix. Sums run in float64 (JS numbers) whatever
// the element type. Imports nothing, so any folder may use it.

/** Σ a[j]·b[j] over the length of `a`. */
export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += a[j]! * b[j]!;
  return s;
}

/** Euclidean length of `a`. */
export function norm(a: ArrayLike<number>): number {
  return Math.sqrt(dot(a, a));
}

/** Cosine similarity of two vectors; 0 when either is all zeros (gensim returns nan there, a ranking cannot use it). */
export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let j = 0; j < a.length; j++) {
    ab += a[j]! * b[j]!;
    aa += a[j]! * a[j]!;
    bb += b[j]! * b[j]!;
  }
  return aa === 0 || bb === 0 ? 0 : ab / Math.sqrt(aa * bb);
}

/** Squared Euclidean distance of two vectors. */
export function squaredDistance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) {
    const d = a[j]! - b[j]!;
    s += d * d;
  }
  return s;
}

/** Scales `v` to unit length in place and returns it; a zero vector stays zero. */
export function normalize<T extends Float32Array | Float64Array>(v: T): T {
  const length = norm(v);
  if (length > 0) for (let j = 0; j < v.length; j++) v[j]! /= length;
  return v;
}

/** Dot product of rows `a` and `b` of a row-major matrix with `dim` columns. */
export function dotRows(matrix: Float32Array, a: number, b: number, dim: number): number {
  const ba = a * dim;
  const bb = b * dim;
  let s = 0;
  for (let j = 0; j < dim; j++) s += matrix[ba + j]! * matrix[bb + j]!;
  return s;
}

/** Dot product of row `r` of a row-major matrix with `v` (dim = v.length). */
export function dotRow(matrix: Float32Array, r: number, v: ArrayLike<number>): number {
  const base = r * v.length;
  let s = 0;
  for (let j = 0; j < v.length; j++) s += matrix[base + j]! * v[j]!;
  return s;
}

/**
 * Writes each row of `vectors` scaled to unit length into `out` (zero rows stay zero, gensim fill_norms) and
 * returns the rows' lengths.
 */
export function normalizeRows(vectors: Float32Array, dim: number, out: Float32Array): Float64Array {
  const n = vectors.length / dim;
  const lengths = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    const base = r * dim;
    let sum = 0;
    for (let j = 0; j < dim; j++) sum += vectors[base + j]! * vectors[base + j]!;
    const length = Math.sqrt(sum);
    lengths[r] = length;
    if (length > 0) for (let j = 0; j < dim; j++) out[base + j] = vectors[base + j]! / length;
  }
  return lengths;
}

/** Dot product of `q` with each of the first `n` rows of a row-major matrix (the plain-JS twin of simd-dot.ts). */
export function dotEachRow(matrix: Float32Array, q: Float32Array, n: number, dim: number): Float64Array {
  const scores = new Float64Array(n);
  // unrolled by 8 into 4 independent sums: the adds pipeline (see BENCHMARKS.md, query scoring)
  const tail = dim - (dim % 8);
  for (let r = 0; r < n; r++) {
    const base = r * dim;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let j = 0;
    for (; j < tail; j += 8) {
      const b = base + j;
      s0 += matrix[b]! * q[j]! + matrix[b + 4]! * q[j + 4]!;
      s1 += matrix[b + 1]! * q[j + 1]! + matrix[b + 5]! * q[j + 5]!;
      s2 += matrix[b + 2]! * q[j + 2]! + matrix[b + 6]! * q[j + 6]!;
      s3 += matrix[b + 3]! * q[j + 3]! + matrix[b + 7]! * q[j + 7]!;
    }
    for (; j < dim; j++) s0 += matrix[base + j]! * q[j]!;
    scores[r] = s0 + s1 + s2 + s3;
  }
  return scores;
}
