// Subsampling keep-probabilities and the Huffman tree are compared with gensim 4.2 itself; the noise table
// with the exact count^0.75 distribution it must draw from.
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/util/rng.ts';
import { buildHuffmanTree } from '../../../src/vocab/huffman.ts';
import { NoiseTable } from '../../../src/vocab/noise-table.ts';
import { keepProbabilities } from '../../../src/vocab/subsample.ts';
import { runPythonJson, skipWithoutGensim } from '../../helpers/gensim.ts';

// Counts with ties and a long tail, given as a word -> count dict to gensim.
const freq: Record<string, number> = {};
for (let i = 0; i < 300; i++) freq[`w${i}`] = 1 + Math.floor(200_000 / (i + 1) ** 1.1) + (i % 7 === 0 ? 0 : i % 3);

const GENSIM_VOCAB = `
import json, sys
from gensim.models import Word2Vec
freq = json.loads(sys.argv[1])
m = Word2Vec(vector_size=4, min_count=1, sample=float(sys.argv[2]), hs=1, negative=0)
m.build_vocab_from_freq(freq)
wv = m.wv
out = {'words': list(wv.index_to_key), 'counts': [int(wv.get_vecattr(w, 'count')) for w in wv.index_to_key],
       'sampleInt': [int(wv.get_vecattr(w, 'sample_int')) for w in wv.index_to_key],
       'codes': [[int(c) for c in wv.get_vecattr(w, 'code')] for w in wv.index_to_key],
       'points': [[int(p) for p in wv.get_vecattr(w, 'point')] for w in wv.index_to_key]}
print(json.dumps(out))
`;

interface GensimVocab {
  words: string[];
  counts: number[];
  sampleInt: number[];
  codes: number[][];
  points: number[][];
}

describe.skipIf(skipWithoutGensim())('against gensim 4.2', () => {
  for (const sample of [1e-3, 1e-4, 0]) {
    it(`keepProbabilities matches gensim's sample_int at sample=${sample}`, () => {
      const g = runPythonJson<GensimVocab>(GENSIM_VOCAB, [JSON.stringify(freq), String(sample)]);
      const p = keepProbabilities(g.counts, sample);
      let below = 0;
      for (let i = 0; i < g.counts.length; i++) {
        // gensim stores np.uint32(p * (2**32 - 1))
        expect(Math.abs(Math.floor(p[i]! * (2 ** 32 - 1)) - g.sampleInt[i]!), g.words[i]).toBeLessThanOrEqual(1);
        if (p[i]! < 1) below++;
      }
      // the comparison is not vacuous: at 1e-3 and 1e-4 frequent words really are down-sampled
      if (sample > 0) expect(below).toBeGreaterThan(3);
      else expect(below).toBe(0);
    });
  }

  it('buildHuffmanTree gives the same codes and points as gensim for every word', () => {
    const g = runPythonJson<GensimVocab>(GENSIM_VOCAB, [JSON.stringify(freq), '0.001']);
    const tree = buildHuffmanTree(g.counts);
    let maxLen = 0;
    for (let w = 0; w < g.words.length; w++) {
      const a = tree.codeOffsets[w]!;
      const b = tree.codeOffsets[w + 1]!;
      expect([...tree.codes.subarray(a, b)], g.words[w]).toEqual(g.codes[w]);
      expect([...tree.points.subarray(a, b)], g.words[w]).toEqual(g.points[w]);
      maxLen = Math.max(maxLen, b - a);
    }
    expect(tree.maxCodeLength).toBe(maxLen);
    expect(maxLen).toBeGreaterThan(5);
  });
});

describe('buildHuffmanTree', () => {
  it('builds a prefix code whose points are the V-1 inner rows with the root (V-2) first', () => {
    const counts = [50, 20, 20, 9, 5, 5, 1];
    const tree = buildHuffmanTree(counts);
    const seen = new Set<string>();
    for (let w = 0; w < counts.length; w++) {
      const a = tree.codeOffsets[w]!;
      const b = tree.codeOffsets[w + 1]!;
      expect(tree.points[a]).toBe(counts.length - 2);
      for (const p of tree.points.subarray(a, b)) expect(p).toBeLessThan(counts.length - 1);
      const code = [...tree.codes.subarray(a, b)].join('');
      for (const other of seen) expect(code.startsWith(other) || other.startsWith(code)).toBe(false);
      seen.add(code);
    }
    // the most frequent word gets the shortest code
    expect(tree.codeOffsets[1]! - tree.codeOffsets[0]!).toBe(1);
  });

  it('handles one word (no path) and two words (one bit each)', () => {
    expect(buildHuffmanTree([3]).maxCodeLength).toBe(0);
    const two = buildHuffmanTree([3, 1]);
    expect([...two.codes]).toEqual([1, 0]);
    expect([...two.points]).toEqual([0, 0]);
  });
});

describe('NoiseTable', () => {
  const counts = [1000, 400, 400, 50, 7, 1, 0, 3];

  it('holds exactly count^0.75 / sum', () => {
    const table = new NoiseTable(counts, 0.75);
    const total = counts.reduce((s, c) => s + c ** 0.75, 0);
    for (let i = 0; i < counts.length; i++) expect(table.probability(i)).toBeCloseTo(counts[i]! ** 0.75 / total, 12);
  });

  it('draws with those frequencies, deterministically for a seed', () => {
    const table = new NoiseTable(counts, 0.5);
    const total = counts.reduce((s, c) => s + c ** 0.5, 0);
    const n = 200_000;
    const hist = new Array<number>(counts.length).fill(0);
    const rng = new Rng(5);
    const first: number[] = [];
    for (let i = 0; i < n; i++) {
      const w = table.draw(rng);
      hist[w]!++;
      if (i < 20) first.push(w);
    }
    for (let i = 0; i < counts.length; i++) {
      const p = counts[i]! ** 0.5 / total;
      // 5 standard deviations of a binomial count: fails for a wrong distribution, not for noise
      expect(Math.abs(hist[i]! - n * p)).toBeLessThanOrEqual(5 * Math.sqrt(n * p * (1 - p)) + 1e-9);
    }
    expect(hist[6]).toBe(0);
    const again = new Rng(5);
    expect(first).toEqual(Array.from({ length: 20 }, () => table.draw(again)));
  });

  it('rejects empty or all-zero counts', () => {
    expect(() => new NoiseTable([], 0.75)).toThrow(RangeError);
    expect(() => new NoiseTable([0, 0], 0.75)).toThrow(RangeError);
  });
});
