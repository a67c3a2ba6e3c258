import { describe, expect, it } from 'vitest';
import { BatchBuilder, type BatchConfig, type SamplingTables } from '../../../src/train/batches.ts';
import { Rng } from '../../../src/util/rng.ts';
import { buildHuffmanTree } from '../../../src/vocab/huffman.ts';
import { NoiseTable } from '../../../src/vocab/noise-table.ts';

const counts = [50, 40, 30, 20, 10, 5, 5, 3];
const noise = new NoiseTable(counts, 0.75);

function builder(config: Partial<BatchConfig>, batchSize = 64, tables: Partial<SamplingTables> = {}, seed = 1): BatchBuilder {
  const full: BatchConfig = { model: 'sg', loss: 'ns', window: 2, negative: 3, ...config };
  return new BatchBuilder(full, batchSize, 100, { keep: undefined, noise, huffman: undefined, ...tables }, new Rng(seed));
}

/** Every (input, positive target) example of a skip-gram ns/softmax batch. */
function pairs(b: BatchBuilder): [number, number][] {
  const out: [number, number][] = [];
  const { inputEnds, inputs, targetEnds, targets } = b.batch;
  for (let r = 0; r < b.batch.size; r++) {
    expect(inputEnds[r + 1]! - inputEnds[r]!).toBe(1);
    out.push([inputs[inputEnds[r]!]!, targets[targetEnds[r]!]!]);
  }
  return out;
}

describe('BatchBuilder', () => {
  it('emits skip-gram pairs only within the window and within the sentence', () => {
    const b = builder({ window: 2 });
    b.setSentence([0, 1, 2, 3]);
    expect(b.fill()).toBe(false);
    b.setSentence([4, 5]);
    expect(b.fill()).toBe(false);
    const positions = new Map([0, 1, 2, 3].map((w, i) => [w, i]));
    for (const [input, target] of pairs(b)) {
      if (input >= 4 || target >= 4) {
        // the second sentence pairs only with itself
        expect(input >= 4 && target >= 4 && input !== target).toBe(true);
        continue;
      }
      const distance = Math.abs(positions.get(input)! - positions.get(target)!);
      expect(distance).toBeGreaterThanOrEqual(1);
      expect(distance).toBeLessThanOrEqual(2);
    }
    // with window 2 the nearest neighbours are always inside the drawn window (reach >= 1)
    const set = new Set(pairs(b).map(([i, t]) => `${i}-${t}`));
    for (const [i, t] of [[1, 0], [0, 1], [2, 1], [1, 2], [3, 2], [2, 3], [5, 4], [4, 5]]) expect(set.has(`${i}-${t}`)).toBe(true);
  });

  it('writes labels 1 then 0 and never uses the positive word as its own negative', () => {
    const b = builder({ negative: 5 });
    for (let s = 0; s < 20; s++) {
      b.setSentence([0, 1, 0, 2, 0, 1]);
      while (b.fill()) b.clear();
    }
    b.setSentence([0, 1, 0, 2, 0, 1]);
    b.fill();
    const { size, targetEnds, targets, labels } = b.batch;
    expect(size).toBeGreaterThan(0);
    let skipped = 0;
    for (let r = 0; r < size; r++) {
      const t0 = targetEnds[r]!;
      const t1 = targetEnds[r + 1]!;
      const positive = targets[t0]!;
      expect(labels[t0]).toBe(1);
      expect(t1 - t0).toBeLessThanOrEqual(6);
      skipped += 6 - (t1 - t0);
      for (let k = t0 + 1; k < t1; k++) {
        expect(labels[k]).toBe(0);
        expect(targets[k]).not.toBe(positive);
        expect(targets[k]).toBeGreaterThanOrEqual(0);
        expect(targets[k]).toBeLessThan(counts.length);
      }
    }
    // word 0 is the most frequent noise word, so some negatives collide with it and are skipped (not stored)
    expect(skipped).toBeGreaterThan(0);
  });

  it('builds CBOW examples of their context ids (no padding) and skips one-word sentences', () => {
    const b = builder({ model: 'cbow', window: 2 });
    b.setSentence([7]);
    expect(b.fill()).toBe(false);
    expect(b.batch.size).toBe(0);
    b.setSentence([0, 1, 2, 3, 4]);
    b.fill();
    expect(b.batch.size).toBe(5);
    const { inputEnds, inputs, targetEnds, targets } = b.batch;
    for (let r = 0; r < 5; r++) {
      const ids = Array.from(inputs.subarray(inputEnds[r]!, inputEnds[r + 1]!));
      // 1..4 context words, never the centre, all within distance 2
      expect(ids.length).toBeGreaterThanOrEqual(1);
      expect(ids.length).toBeLessThanOrEqual(4);
      expect(ids).not.toContain(r);
      for (const id of ids) expect(Math.abs(id - r)).toBeLessThanOrEqual(2);
      // the positive word and up to 3 negatives (one equal to the positive is skipped)
      expect(targetEnds[r + 1]! - targetEnds[r]!).toBeGreaterThanOrEqual(1);
      expect(targetEnds[r + 1]! - targetEnds[r]!).toBeLessThanOrEqual(4);
      expect(targets[targetEnds[r]!]).toBe(r);
    }
  });

  it('uses the Huffman path of the centre word with labels 1 - code for hs', () => {
    const huffman = buildHuffmanTree(counts);
    const b = builder({ loss: 'hs' }, 64, { huffman, noise: undefined });
    b.setSentence([6, 0]);
    b.fill();
    const { targetEnds, targets, labels } = b.batch;
    // example 0: input 0 predicting centre 6, then input 6 predicting centre 0, each its whole path, no padding
    for (const [r, word] of [[0, 6], [1, 0]] as const) {
      const start = huffman.codeOffsets[word]!;
      const length = huffman.codeOffsets[word + 1]! - start;
      expect(targetEnds[r + 1]! - targetEnds[r]!).toBe(length);
      for (let k = 0; k < length; k++) {
        expect(targets[targetEnds[r]! + k]).toBe(huffman.points[start + k]);
        expect(labels[targetEnds[r]! + k]).toBe(1 - huffman.codes[start + k]!);
      }
    }
    expect(huffman.codeOffsets[7]! - huffman.codeOffsets[6]!).toBeGreaterThan(huffman.codeOffsets[1]! - huffman.codeOffsets[0]!);
  });

  it('drops words by their keep-probability', () => {
    const keep = Float64Array.from([0, 1, 1, 1, 1, 1, 1, 1]);
    const b = builder({}, 64, { keep });
    b.setSentence([0, 1, 0, 2, 0]);
    b.fill();
    for (const [input, target] of pairs(b)) {
      expect(input).not.toBe(0);
      expect(target).not.toBe(0);
    }
    expect(b.batch.size).toBe(2);
  });

  it('stops at a full batch between centre words and resumes from a saved state identically', () => {
    const sentence = Array.from({ length: 60 }, (_, i) => i % counts.length);
    const run = (interruptAfter: number | undefined): number[] => {
      let b = builder({ window: 3 }, 16, {}, 9);
      const out: number[] = [];
      b.setSentence(sentence);
      let batches = 0;
      while (b.fill()) {
        expect(b.batch.size).toBeLessThanOrEqual(b.capacity);
        out.push(...b.batch.inputs.subarray(0, b.batch.size), ...b.batch.targets.subarray(0, b.batch.targetEnds[b.batch.size]!));
        b.clear();
        if (++batches === interruptAfter) {
          const state = JSON.parse(JSON.stringify(b.getState()));
          b = builder({ window: 3 }, 16, {}, 12345);
          b.setState(state);
        }
      }
      out.push(...b.batch.inputs.subarray(0, b.batch.size));
      return out;
    };
    const straight = run(undefined);
    expect(straight.length).toBeGreaterThan(100);
    expect(run(3)).toEqual(straight);
  });
});
