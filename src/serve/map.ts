// The explorer's 2-D maps: which words (the N most frequent, or a word and its neighbours), where they go
// (PCA, UMAP through umap-js, or axes from word pairs such as man -> woman) and their k-means cluster (the
// sentence clusterer of encode/, run on unit word vectors). Geometry is cosine: every projection works on
// unit vectors. Pure computation; caching and HTTP live in map-cache.ts and server.ts.
import { UMAP } from 'umap-js';
import { kMeans } from '../encode/cluster.ts';
import { Word2VecError } from '../errors.ts';
import { Rng } from '../util/rng.ts';
import type { KeyedVectors } from '../vectors/keyed-vectors.ts';
import type { WordMap as SharedWordMap } from './page/map-data.ts';

/** How points are placed. */
export type MapMethod = 'pca' | 'umap' | 'axes';

/** What to draw (already validated against the limits). */
export interface MapRequest {
  method: MapMethod;
  /** How many points. */
  n: number;
  /** Centre word: the map is this word and its n - 1 nearest neighbours (else the n most frequent words). */
  around?: string | undefined;
  /** k-means clusters for the colours. */
  clusters: number;
  /** axes: x goes from the first word to the second. */
  x?: readonly [string, string] | undefined;
  /** axes: y from the first word to the second (default: the main direction of what x leaves). */
  y?: readonly [string, string] | undefined;
  seed: number;
}

/** A computed map (the type the page shares). */
export type WordMap = SharedWordMap<MapMethod>;

/** k-means is fitted on at most this many points (the most frequent first), then every point is assigned. */
const KMEANS_SAMPLE = 2000;

/** Rows between yields to the event loop in the long loops (~10-50 ms of work at 100 dims). */
const YIELD_ROWS = 4096;

/** Computes `request` on `kv` (UMAP yields to the event loop between epochs). */
export async function computeMap(kv: KeyedVectors, request: MapRequest): Promise<WordMap> {
  const started = performance.now();
  const rows = pickRows(kv, request);
  const dim = kv.dim;
  const unit = kv.unitMatrix();
  const points = new Float32Array(rows.length * dim);
  rows.forEach((r, i) => {
    points.set(unit.subarray(r * dim, (r + 1) * dim), i * dim);
  });
  let xs: Float64Array;
  let ys: Float64Array;
  let axes: [string, string];
  if (request.method === 'pca') {
    const [c1, c2] = await principalComponents(points, rows.length, dim, 2);
    xs = project(points, rows.length, dim, c1!);
    ys = project(points, rows.length, dim, c2!);
    axes = ['principal component 1', 'principal component 2'];
  } else if (request.method === 'axes') {
    ({ xs, ys, axes } = await pairAxes(kv, points, rows.length, request));
  } else {
    ({ xs, ys } = await umap(points, rows.length, dim, request.seed));
    axes = ['UMAP 1', 'UMAP 2'];
  }
  const cluster = await clusterPoints(points, rows.length, dim, request.clusters, request.seed);
  return {
    method: request.method,
    words: rows.map((r) => kv.words[r]!),
    x: Array.from(xs, round),
    y: Array.from(ys, round),
    cluster: Array.from(cluster),
    axes,
    seconds: (performance.now() - started) / 1000,
  };
}

/**
 * The first `count` principal components (unit, by decreasing variance) of n rows of `matrix`, centred. Yields to
 * the event loop every few thousand rows, so a 100k-word map does not stall the server's other answers.
 */
export async function principalComponents(matrix: Float32Array, n: number, dim: number, count: number): Promise<Float64Array[]> {
  const mean = new Float64Array(dim);
  for (let i = 0; i < n; i++) for (let j = 0; j < dim; j++) mean[j] += matrix[i * dim + j]!;
  for (let j = 0; j < dim; j++) mean[j]! /= Math.max(n, 1);
  // the dim x dim covariance, upper triangle then mirrored: n*dim^2/2 multiply-adds (~0.5 s for 100k x 100)
  const cov = new Float64Array(dim * dim);
  const row = new Float64Array(dim);
  for (let i = 0; i < n; i++) {
    if (i % YIELD_ROWS === YIELD_ROWS - 1) await yieldToEventLoop();
    for (let j = 0; j < dim; j++) row[j] = matrix[i * dim + j]! - mean[j]!;
    for (let a = 0; a < dim; a++) {
      const ra = row[a]!;
      if (ra === 0) continue;
      const base = a * dim;
      for (let b = a; b < dim; b++) cov[base + b] += ra * row[b]!;
    }
  }
  for (let a = 0; a < dim; a++) for (let b = 0; b < a; b++) cov[a * dim + b] = cov[b * dim + a]!;
  const components: Float64Array[] = [];
  const rng = new Rng(7);
  for (let c = 0; c < count; c++) {
    // power iteration, deflating the components already found
    let v = Float64Array.from({ length: dim }, () => rng.nextFloat() - 0.5);
    for (let iteration = 0; iteration < 300; iteration++) {
      const next = new Float64Array(dim);
      for (let a = 0; a < dim; a++) {
        let s = 0;
        for (let b = 0; b < dim; b++) s += cov[a * dim + b]! * v[b]!;
        next[a] = s;
      }
      for (const done of components) subtractProjection(next, done);
      const length = normalize(next);
      if (length === 0) break;
      let change = 0;
      for (let j = 0; j < dim; j++) change += Math.abs(next[j]! - v[j]!);
      v = next;
      if (change < 1e-9) break;
    }
    for (const done of components) subtractProjection(v, done);
    normalize(v);
    components.push(v);
  }
  return components;
}

// --- internal ---

function pickRows(kv: KeyedVectors, request: MapRequest): number[] {
  if (request.around === undefined) return Array.from({ length: Math.min(request.n, kv.size) }, (_, i) => i);
  const centre = kv.indicesOf([request.around])[0]!;
  const neighbours = kv.mostSimilar([request.around], { topN: request.n - 1 });
  return [centre, ...neighbours.map((nb) => kv.indexOf(nb.word))];
}

async function pairAxes(kv: KeyedVectors, points: Float32Array, n: number, request: MapRequest): Promise<{ xs: Float64Array; ys: Float64Array; axes: [string, string] }> {
  if (request.x === undefined) throw new Word2VecError('E_INVALID_OPTION', 'the axes map needs x=WORD1,WORD2');
  const dim = kv.dim;
  const dx = direction(kv, request.x);
  const xs = project(points, n, dim, dx);
  let dy: Float64Array;
  let yLabel: string;
  if (request.y !== undefined) {
    dy = direction(kv, request.y);
    subtractProjection(dy, dx);
    normalize(dy);
    yLabel = `${request.y[0]} → ${request.y[1]}`;
  } else {
    // y: the main direction of what the x axis does not explain
    const rest = new Float32Array(points.length);
    for (let i = 0; i < n; i++) {
      let p = 0;
      for (let j = 0; j < dim; j++) p += points[i * dim + j]! * dx[j]!;
      for (let j = 0; j < dim; j++) rest[i * dim + j] = points[i * dim + j]! - p * dx[j]!;
    }
    dy = (await principalComponents(rest, n, dim, 1))[0]!;
    yLabel = 'principal component of the rest';
  }
  return { xs, ys: project(points, n, dim, dy), axes: [`${request.x[0]} → ${request.x[1]}`, yLabel] };
}

/** unit(to) - unit(from), normalised. */
function direction(kv: KeyedVectors, [from, to]: readonly [string, string]): Float64Array {
  const a = kv.getUnit(from);
  const b = kv.getUnit(to);
  const d = Float64Array.from(b, (v, j) => v - a[j]!);
  if (normalize(d) === 0) throw new Word2VecError('E_INVALID_OPTION', `"${from}" and "${to}" have the same direction; pick two different words`);
  return d;
}

async function umap(points: Float32Array, n: number, dim: number, seed: number): Promise<{ xs: Float64Array; ys: Float64Array }> {
  const rng = new Rng(seed);
  const data = Array.from({ length: n }, (_, i) => Array.from(points.subarray(i * dim, (i + 1) * dim)));
  // umap-js needs more points than neighbours; its defaults (15 neighbours, min_dist 0.1) otherwise
  const model = new UMAP({ nComponents: 2, nNeighbors: Math.max(2, Math.min(15, n - 1)), random: () => rng.nextFloat() });
  const embedding = await model.fitAsync(data);
  return { xs: Float64Array.from(embedding, (p) => p[0]!), ys: Float64Array.from(embedding, (p) => p[1]!) };
}

async function clusterPoints(points: Float32Array, n: number, dim: number, clusters: number, seed: number): Promise<Int32Array> {
  const k = Math.min(clusters, n);
  const sample = Array.from({ length: Math.min(n, KMEANS_SAMPLE) }, (_, i) => points.subarray(i * dim, (i + 1) * dim));
  if (k <= 1) return new Int32Array(n);
  const { centroids } = kMeans(sample, k, { seed, maxIterations: 50 });
  const assignments = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    if (i % YIELD_ROWS === YIELD_ROWS - 1) await yieldToEventLoop();
    let best = 0;
    let bestD = Number.POSITIVE_INFINITY;
    for (let c = 0; c < centroids.length; c++) {
      const centroid = centroids[c]!;
      let d = 0;
      for (let j = 0; j < dim; j++) d += (points[i * dim + j]! - centroid[j]!) ** 2;
      if (d < bestD) {
        bestD = d;
        best = c;
      }
    }
    assignments[i] = best;
  }
  return assignments;
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function project(points: Float32Array, n: number, dim: number, axis: Float64Array): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < dim; j++) s += points[i * dim + j]! * axis[j]!;
    out[i] = s;
  }
  return out;
}

function subtractProjection(v: Float64Array, unitAxis: Float64Array): void {
  let p = 0;
  for (let j = 0; j < v.length; j++) p += v[j]! * unitAxis[j]!;
  for (let j = 0; j < v.length; j++) v[j]! -= p * unitAxis[j]!;
}

function normalize(v: Float64Array): number {
  let s = 0;
  for (let j = 0; j < v.length; j++) s += v[j]! * v[j]!;
  const length = Math.sqrt(s);
  if (length > 0) for (let j = 0; j < v.length; j++) v[j]! /= length;
  return length;
}

/** Five significant decimals keep a 100k-point map near 3 MB of JSON. */
function round(v: number): number {
  return Math.round(v * 1e5) / 1e5;
}
