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

/** Every (input, positive target) row of a ns/softmax batch. */
function pairs(b: BatchBuilder): [number, number][] {
  const out: [number, number][] = [];
  for (let r = 0; r < b.batch.size; r++) out.push([b.batch.inputs[r * b.batch.inputWidth]!, b.batch.targets[r * b.batch.targetWidth]!]);
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
    const { size, targetWidth, targets, labels } = b.batch;
    expect(size).toBeGreaterThan(0);
    let skipped = 0;
    for (let r = 0; r < size; r++) {
      const positive = targets[r * targetWidth]!;
      expect(labels[r * targetWidth]).toBe(1);
      for (let k = 1; k < targetWidth; k++) {
        expect(labels[r * targetWidth + k]).toBe(0);
        const t = targets[r * targetWidth + k]!;
        expect(t).not.toBe(positive);
        if (t === -1) skipped++;
        else expect(t).toBeLessThan(counts.length);
      }
    }
    // word 0 is the most frequent noise word, so some negatives collide with it and are skipped (-1)
    expect(skipped).toBeGreaterThan(0);
  });

  it('builds CBOW rows of context ids padded with -1 and skips one-word sentences', () => {
    const b = builder({ model: 'cbow', window: 2 });
    b.setSentence([7]);
    expect(b.fill()).toBe(false);
    expect(b.batch.size).toBe(0);
    b.setSentence([0, 1, 2, 3, 4]);
    b.fill();
    expect(b.batch.size).toBe(5);
    expect(b.batch.inputWidth).toBe(4);
    for (let r = 0; r < 5; r++) {
      const row = Array.from(b.batch.inputs.subarray(r * 4, r * 4 + 4));
      const ids = row.filter((x) => x >= 0);
      // padding only at the end, context never includes the centre, all within distance 2
      expect(row.slice(ids.length).every((x) => x === -1)).toBe(true);
      expect(ids).not.toContain(r);
      for (const id of ids) expect(Math.abs(id - r)).toBeLessThanOrEqual(2);
      expect(b.batch.targets[r * b.batch.targetWidth]).toBe(r);
    }
  });

  it('uses the Huffman path of the centre word with labels 1 - code for hs', () => {
    const huffman = buildHuffmanTree(counts);
    const b = builder({ loss: 'hs' }, 64, { huffman, noise: undefined });
    b.setSentence([6, 0]);
    b.fill();
    const { targetWidth, targets, labels } = b.batch;
    expect(targetWidth).toBe(huffman.maxCodeLength);
    // row 0: input 0 predicting centre 6
    const start = huffman.codeOffsets[6]!;
    const length = huffman.codeOffsets[7]! - start;
    for (let k = 0; k < targetWidth; k++) {
      if (k < length) {
        expect(targets[k]).toBe(huffman.points[start + k]);
        expect(labels[k]).toBe(1 - huffman.codes[start + k]!);
      } else {
        expect(targets[k]).toBe(-1);
      }
    }
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
        out.push(...b.batch.inputs.subarray(0, b.batch.size), ...b.batch.targets.subarray(0, b.batch.size * b.batch.targetWidth));
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
