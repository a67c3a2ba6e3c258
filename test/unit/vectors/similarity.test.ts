import { describe, expect, it } from 'vitest';
import { KeyedVectors } from '../../../src/vectors/keyed-vectors.ts';
import { cosine, dot, dotEachRow, dotRow, dotRows, norm, normalize, normalizeRows, squaredDistance } from '../../../src/vectors/similarity.ts';

describe('similarity formulas', () => {
  it('dot, norm, cosine and squaredDistance on hand-computed vectors', () => {
    expect(dot([1, 2, 3], [4, -5, 6])).toBe(12);
    expect(norm([3, 4])).toBe(5);
    expect(cosine([1, 0], [1, 1])).toBeCloseTo(Math.SQRT1_2, 12);
    expect(cosine([2, 0], [-3, 0])).toBe(-1);
    expect(squaredDistance([1, 2], [4, 6])).toBe(25);
  });

  it('a zero vector has cosine 0 with anything and stays zero when normalised', () => {
    expect(cosine([0, 0], [1, 2])).toBe(0);
    expect(Array.from(normalize(new Float64Array([0, 0])))).toEqual([0, 0]);
  });

  it('normalize scales in place to unit length', () => {
    const v = new Float32Array([3, 4]);
    expect(normalize(v)).toBe(v);
    expect(Array.from(v)).toEqual([Math.fround(0.6), Math.fround(0.8)]);
  });

  it('row helpers agree with the plain formulas', () => {
    const m = Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, 1, -1, 1, -1, 1, -1, 1, -1, 0.5]);
    const dim = 10;
    const row = (r: number) => m.subarray(r * dim, (r + 1) * dim);
    expect(dotRows(m, 0, 2, dim)).toBe(dot(row(0), row(2)));
    expect(dotRow(m, 2, row(0))).toBe(dot(row(2), row(0)));
    // dim 10 takes both the unrolled body and the tail of dotEachRow
    const scores = dotEachRow(m, row(0), 3, dim);
    for (let r = 0; r < 3; r++) expect(scores[r]).toBeCloseTo(dot(row(r), row(0)), 10);
    const out = new Float32Array(m.length);
    const lengths = normalizeRows(m, dim, out);
    expect(lengths[0]).toBeCloseTo(Math.sqrt(385), 10);
    expect(lengths[1]).toBe(0);
    expect(norm(out.subarray(0, dim))).toBeCloseTo(1, 6);
    expect(Array.from(out.subarray(dim, 2 * dim))).toEqual(new Array(dim).fill(0));
  });
});

describe('KeyedVectors unit vectors, norms and similarByVector', () => {
  const kv = new KeyedVectors(['east', 'north', 'northeast', 'zero'], Float32Array.from([2, 0, 0, 3, 1, 1, 0, 0]), 2);

  it('getUnit is the unit-length vector and norms the rows lengths', () => {
    expect(Array.from(kv.getUnit('north'))).toEqual([0, 1]);
    expect(kv.getUnit('northeast')[0]).toBeCloseTo(Math.SQRT1_2, 6);
    expect(Array.from(kv.norms())).toEqual([2, 3, Math.SQRT2, 0]);
  });

  it('similarByVector ranks every word by cosine to the vector, excluding none', () => {
    const near = kv.similarByVector([1, 0.1], { topN: 3 });
    expect(near.map((n) => n.word)).toEqual(['east', 'northeast', 'north']);
    expect(near[0]!.similarity).toBeCloseTo(cosine([1, 0.1], [1, 0]), 6);
    expect(() => kv.similarByVector([1, 0, 0])).toThrow(/3 dims, the model 2/);
  });
});
