import { describe, expect, it } from 'vitest';
import { computeMap, principalComponents } from '../../../src/serve/map.ts';
import { Rng } from '../../../src/util/rng.ts';
import { KeyedVectors } from '../../../src/vectors/keyed-vectors.ts';

describe('principalComponents', () => {
  it('finds the directions of most variance, in order, orthogonal', async () => {
    const rng = new Rng(2);
    const dim = 6;
    const n = 2000;
    // spread 5 along u = (1,1,0,0,0,0)/√2, 2 along w = (0,0,1,0,0,0), 0.1 elsewhere, centred at an offset
    const matrix = new Float32Array(n * dim);
    for (let i = 0; i < n; i++) {
      const a = (rng.nextFloat() - 0.5) * 5;
      const b = (rng.nextFloat() - 0.5) * 2;
      for (let j = 0; j < dim; j++) matrix[i * dim + j] = 3 + (rng.nextFloat() - 0.5) * 0.1;
      matrix[i * dim] += a / Math.SQRT2;
      matrix[i * dim + 1] += a / Math.SQRT2;
      matrix[i * dim + 2] += b;
    }
    const [c1, c2] = await principalComponents(matrix, n, dim, 2);
    expect(Math.abs((c1![0]! + c1![1]!) / Math.SQRT2)).toBeGreaterThan(0.999);
    expect(Math.abs(c2![2]!)).toBeGreaterThan(0.999);
    let dot = 0;
    for (let j = 0; j < dim; j++) dot += c1![j]! * c2![j]!;
    expect(Math.abs(dot)).toBeLessThan(1e-9);
  });
});

describe('computeMap', () => {
  // two groups of words in opposite directions, plus a man/woman pair along axis 2
  const words = ['man', 'woman', 'a1', 'a2', 'a3', 'b1', 'b2', 'b3'];
  const vectors = Float32Array.from([0.1, 0.1, -1, 0.1, 0.1, 1, 1, 0.1, 0, 1, 0.2, 0.1, 0.9, 0.1, 0.1, -1, -0.1, 0, -1, -0.2, 0.1, -0.9, -0.1, -0.1]);
  const kv = new KeyedVectors(words, vectors, 3);

  it('colours the two groups as two k-means clusters and places them apart on PCA axis 1', async () => {
    const map = await computeMap(kv, { method: 'pca', n: 8, clusters: 2, seed: 1 });
    expect(map.words).toEqual(words);
    const [a1, a2, a3, b1, b2, b3] = map.cluster.slice(2);
    expect(new Set([a1, a2, a3]).size).toBe(1);
    expect(new Set([b1, b2, b3]).size).toBe(1);
    expect(a1).not.toBe(b1);
  });

  it('axes from man -> woman put woman to the right of man', async () => {
    const map = await computeMap(kv, { method: 'axes', n: 8, clusters: 1, x: ['man', 'woman'], seed: 1 });
    expect(map.x[1]!).toBeGreaterThan(map.x[0]!);
    expect(map.axes[0]).toBe('man → woman');
    expect(map.cluster.every((c) => c === 0)).toBe(true);
  });

  it('a neighbourhood map starts at the centre word, followed by its nearest neighbours', async () => {
    const map = await computeMap(kv, { method: 'pca', n: 3, around: 'a1', clusters: 1, seed: 1 });
    expect(map.words[0]).toBe('a1');
    expect(new Set(map.words.slice(1))).toEqual(new Set(['a2', 'a3']));
  });
});
