import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/util/rng.ts';
import { createSimdMatrix } from '../../../src/vectors/simd-dot.ts';

describe('createSimdMatrix', () => {
  it('scores every row like a float64 dot product, including the padded last group', () => {
    const rows = 10;
    const dim = 12;
    const simd = createSimdMatrix(rows, dim);
    expect(simd).toBeDefined();
    const rng = new Rng(3);
    for (let i = 0; i < simd!.matrix.length; i++) simd!.matrix[i] = rng.nextFloat() - 0.5;
    const q = Float32Array.from({ length: dim }, () => rng.nextFloat() - 0.5);
    for (const n of [rows, 7, 1]) {
      const scores = simd!.score(q, n);
      expect(scores.length).toBe(n);
      for (let r = 0; r < n; r++) {
        let d = 0;
        for (let j = 0; j < dim; j++) d += simd!.matrix[r * dim + j]! * q[j]!;
        expect(scores[r]).toBeCloseTo(d, 5);
      }
    }
  });

  it('declines dims that are not a multiple of 4 (the JS loop handles them)', () => {
    expect(createSimdMatrix(5, 10)).toBeUndefined();
  });
});
