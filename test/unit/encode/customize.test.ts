import { describe, expect, it } from 'vitest';
import {
  accuracyAt,
  applyCustomization,
  bestThreshold,
  type LabelledText,
  pairedImprovement,
  pairsFromLabels,
  parseLabelsFile,
  parsePairsFile,
  splitPairs,
  splitTexts,
  textsOf,
} from '../../../src/encode/customize.ts';
import { customizeEmbeddings } from '../../../src/encode/customize-embeddings.ts';
import { Rng } from '../../../src/util/rng.ts';
import { KeyedVectors } from '../../../src/vectors/keyed-vectors.ts';

describe('parsePairsFile', () => {
  it('reads TSV with +1/-1 and CSV with a header, quotes and 1/0 labels', () => {
    expect(parsePairsFile('p.tsv', ['a b\tc d\t+1', '', 'e\tf\t-1'])).toEqual([
      { text1: 'a b', text2: 'c d', label: 1, line: 1 },
      { text1: 'e', text2: 'f', label: -1, line: 3 },
    ]);
    expect(parsePairsFile('p.csv', ['text_1,text_2,label', '"x, y",z,1', 'say ""hi""?,w,0'])).toEqual([
      { text1: 'x, y', text2: 'z', label: 1, line: 2 },
      { text1: 'say ""hi""?', text2: 'w', label: -1, line: 3 },
    ]);
  });

  it('names the file and line of a bad label, a missing column and an unclosed quote', () => {
    expect(() => parsePairsFile('p.tsv', ['a\tb\t1', 'c\td\tyes'])).toThrow('p.tsv, line 2: label "yes" is not one of +1, -1, 1, 0');
    expect(() => parsePairsFile('p.tsv', ['a\tb\t1', 'c\t1'])).toThrow('p.tsv, line 2: expected 3 tab-separated columns (text_1, text_2, label), found 2');
    expect(() => parsePairsFile('p.csv', ['a,b,1', 'a,b,c,1'])).toThrow(/p\.csv, line 2: expected 3 comma-separated columns .* found 4 \(quote texts that contain commas\)/);
    expect(() => parsePairsFile('p.csv', ['"a,b,1'])).toThrow('p.csv, line 1: a quoted field is not closed');
    expect(parsePairsFile('p.tsv', ['first\tsecond\tScore', 'c\td\t1'])).toHaveLength(1); // a header
    expect(() => parsePairsFile('p.tsv', ['a\tb\tyes', 'c\td\t1'])).toThrow('p.tsv, line 1: label "yes" is not one of +1, -1, 1, 0');
    expect(() => parsePairsFile('p.tsv', ['a\tb\t-1'])).toThrow('p.tsv: has no similar pair');
    expect(() => parsePairsFile('p.tsv', [])).toThrow('p.tsv: has no pairs');
  });
});

describe('parseLabelsFile', () => {
  it('reads text<TAB>label rows, drops repeats and refuses one text with two labels', () => {
    expect(parseLabelsFile('l.tsv', ['text\tlabel', 'a\tx', 'b\ty', 'a\tx']).map((r) => r.text)).toEqual(['a', 'b']);
    expect(() => parseLabelsFile('l.tsv', ['a\tx', 'b'])).toThrow('l.tsv, line 2: expected text<TAB>label (no tab found)');
    expect(() => parseLabelsFile('l.tsv', ['a\tx', 'a\ty'])).toThrow('l.tsv, line 2: the same text has label "y" here and "x" on line 1');
    expect(() => parseLabelsFile('l.tsv', ['a\tx', 'b\tx'])).toThrow('needs at least two labels');
  });
});

function labelled(perLabel: number, labels: string[]): LabelledText[] {
  return labels.flatMap((label, k) => Array.from({ length: perLabel }, (_, i) => ({ text: `${label} text ${i}`, label, line: k * perLabel + i + 1 })));
}

describe('the split', () => {
  it('puts no text in both train and test pairs (labels), stratified, balanced, seeded', () => {
    const rows = labelled(30, ['a', 'b', 'c']);
    const sides = splitTexts(rows, 0.5, new Rng(3));
    for (const label of ['a', 'b', 'c']) expect(sides.test.filter((r) => r.label === label)).toHaveLength(15);
    const train = pairsFromLabels(sides.train, 400, new Rng(4));
    const test = pairsFromLabels(sides.test, 400, new Rng(5));
    const trainTexts = textsOf(train);
    expect([...textsOf(test)].filter((t) => trainTexts.has(t))).toEqual([]);
    expect(train.filter((p) => p.label === 1)).toHaveLength(200);
    expect(train.filter((p) => p.label === -1)).toHaveLength(200);
    for (const p of train) expect(p.label === 1).toBe(p.text1.split(' ')[0] === p.text2.split(' ')[0]);
    expect(new Set(train.map((p) => `${p.text1}|${p.text2}`)).size).toBe(400); // no repeats
    expect(splitTexts(rows, 0.5, new Rng(3))).toEqual(sides);
  });

  it('keeps pairs that share a text on one side (pairs file), and synthesises negatives per side', () => {
    const pairs = Array.from({ length: 60 }, (_, i) => ({ text1: `q${i % 20}`, text2: `a${i}`, label: 1 as const }));
    const split = splitPairs(pairs, 0.5, new Rng(1));
    expect(split.negatives).toBe('synthesised');
    const trainTexts = textsOf(split.train);
    expect([...textsOf(split.test)].filter((t) => trainTexts.has(t))).toEqual([]);
    const testPositives = split.test.filter((p) => p.label === 1).length;
    expect(testPositives).toBeGreaterThanOrEqual(24);
    expect(testPositives).toBeLessThanOrEqual(36);
    expect(split.test.filter((p) => p.label === -1)).toHaveLength(testPositives);
    const given = splitPairs([...pairs, ...pairs.map((p, i) => ({ text1: p.text1, text2: `n${i}`, label: -1 as const }))], 0.5, new Rng(1));
    expect(given.negatives).toBe('given');
    const givenTrain = textsOf(given.train);
    expect([...textsOf(given.test)].filter((t) => givenTrain.has(t))).toEqual([]);
  });
});

describe('thresholds and accuracies', () => {
  it('chooses the threshold that separates best and reports the standard error', () => {
    const scores = [0.1, 0.2, 0.35, 0.4, 0.8, 0.9];
    const labels = [-1, -1, 1, -1, 1, 1];
    const { threshold, accuracy } = bestThreshold(scores, labels);
    expect(accuracy).toBeCloseTo(5 / 6, 12);
    expect(threshold).toBeGreaterThan(0.2);
    expect(threshold).toBeLessThan(0.35);
    const a = accuracyAt(scores, labels, threshold);
    expect(a).toMatchObject({ correct: 5, total: 6 });
    expect(a.se).toBeCloseTo(Math.sqrt((5 / 6) * (1 / 6) / 6), 12);
    // after is right on one more pair than before: change 1/6
    const change = pairedImprovement([0, 0, 0, 0, 1, 1], [0, 0, 1, 0, 1, 1], labels, 0.5, 0.5);
    expect(change.change).toBeCloseTo(1 / 6, 12);
    expect(change.se).toBeCloseTo(Math.sqrt(1 / 6 / 6), 12);
  });

  it('applies e . M row-major', () => {
    const custom = { name: 'x', dim: 2, outDim: 3, matrix: Float32Array.from([1, 2, 3, 4, 5, 6]), method: 'mean' as const };
    expect(Array.from(applyCustomization(Float32Array.from([1, -1]), custom))).toEqual([-3, -3, -3]);
    expect(() => applyCustomization(Float32Array.from([1]), custom)).toThrow('expects 2-dimensional vectors, got 1');
  });
});

describe('customizeEmbeddings', () => {
  it('trains and tests on pairs that share no text, for every sentence-vector method', async () => {
    // 3 topics of 4 words each in their own coordinates, plus a shared "common" direction in every word
    const topics = [['cat', 'dog', 'pet', 'fur'], ['car', 'road', 'wheel', 'tyre'], ['rain', 'snow', 'wind', 'cloud']];
    const words = topics.flat();
    const dim = 6;
    const rng = new Rng(9);
    const vectors = new Float32Array(words.length * dim);
    words.forEach((_, i) => {
      for (let j = 0; j < dim; j++) vectors[i * dim + j] = 0.3 * rng.nextFloat() + (j === 5 ? 2 : 0) + (j === Math.floor(i / 4) ? 0.5 : 0);
    });
    const kv = new KeyedVectors(words, vectors, dim, Float64Array.from(words, (_, i) => 100 - i));
    const model = { kv, format: 'model' as const, duplicates: 0, header: true };
    const rows = topics.flatMap((t, k) => Array.from({ length: 16 }, (_, i) => ({ text: `${t[i % 4]} ${t[(i + 1 + Math.floor(i / 4)) % 4]} ${t[(i + 3) % 4]} x${i}`, label: `topic${k}`, line: k * 16 + i + 1 })));
    for (const method of ['mean', 'tfidf', 'sif'] as const) {
      const result = await customizeEmbeddings(model, { kind: 'labels', rows, source: 'rows' }, { method, epochs: 3, backend: 'cpu' });
      const trainTexts = textsOf(result.pairs.train);
      expect([...textsOf(result.pairs.test)].filter((t) => trainTexts.has(t))).toEqual([]);
      expect(result.report.split.train.texts + result.report.split.test.texts).toBe(48);
      expect(result.customization.matrix).toHaveLength(dim * dim);
      expect(result.customization.component === undefined).toBe(method !== 'sif');
    }
    // unless given, the batch is at most 100 and small enough for 10 steps per epoch, but not below 10
    for (const trainPairs of [40, 100, undefined]) {
      const { report } = await customizeEmbeddings(model, { kind: 'labels', rows, source: 'rows' }, { method: 'mean', epochs: 1, backend: 'cpu', trainPairs });
      const { batchSize } = report.training;
      expect(batchSize).toBeGreaterThanOrEqual(10);
      expect(batchSize).toBeLessThanOrEqual(100);
      expect(batchSize === 10 || Math.ceil(report.split.train.pairs / batchSize) >= 10).toBe(true);
      if (report.split.train.pairs <= 100) expect(batchSize).toBe(10);
    }
    const given = await customizeEmbeddings(model, { kind: 'labels', rows, source: 'rows' }, { method: 'mean', epochs: 1, backend: 'cpu', batchSize: 7 });
    expect(given.report.training.batchSize).toBe(7);
    // unless given, the dropout is 0.3 below 250 train pairs and the default 0.1 from there on
    const more = topics.flatMap((t, k) => Array.from({ length: 64 }, (_, i) => ({ text: `${t[i % 4]} ${t[(i + 1) % 4]} y${i}`, label: `topic${k}`, line: k * 64 + i + 1 })));
    for (const [trainPairs, dropout] of [[100, 0.3], [249, 0.3], [250, 0.1], [undefined, 0.1]] as const) {
      const { report } = await customizeEmbeddings(model, { kind: 'labels', rows: more, source: 'rows' }, { method: 'mean', epochs: 1, backend: 'cpu', trainPairs });
      expect(report.training.dropout, `${report.split.train.pairs} train pairs`).toBe(dropout);
    }
    const kept = await customizeEmbeddings(model, { kind: 'labels', rows: more, source: 'rows' }, { method: 'mean', epochs: 1, backend: 'cpu', trainPairs: 100, dropout: 0.1 });
    expect(kept.report.training.dropout).toBe(0.1);
  });
});
