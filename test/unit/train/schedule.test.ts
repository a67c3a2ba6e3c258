import { expect, it } from 'vitest';
import { learningRate } from '../../../src/train/schedule.ts';

it('decays linearly from alpha to minAlpha over the whole run and clamps outside it', () => {
  expect(learningRate(0.025, 0.0001, 0)).toBe(0.025);
  expect(learningRate(0.025, 0.0001, 0.5)).toBeCloseTo(0.01255, 10);
  expect(learningRate(0.025, 0.0001, 1)).toBeCloseTo(0.0001, 12);
  expect(learningRate(0.025, 0.0001, 1.5)).toBeCloseTo(0.0001, 12);
  expect(learningRate(0.025, 0.0001, -1)).toBe(0.025);
});
