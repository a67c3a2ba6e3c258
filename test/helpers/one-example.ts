// A batch of one skip-gram ns example: input row `input`, a positive target and one negative (labels 1, 0).
import { allocateBatch } from '../../src/train/batches.ts';
import type { ExampleBatch } from '../../src/train/types.ts';

export function oneExample(input: number, positive: number, negative: number): ExampleBatch {
  const batch = allocateBatch(1, 1, 2);
  batch.inputs[0] = input;
  batch.inputEnds[1] = 1;
  batch.targets.set([positive, negative]);
  batch.labels.set([1, 0]);
  batch.targetEnds[1] = 2;
  batch.size = 1;
  return batch;
}
