// Our evaluators against gensim 4.2's evaluate_word_analogies / evaluate_word_pairs on the same vector file.
// The file is crafted: every word of the eval sets (plus lowercase/uppercase variants, to exercise the
// first-casing-wins rule) with seeded random vectors, and some planted exact analogies so accuracy is not 0.
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateAnalogies, evaluatePairs } from '../../../src/eval/index.ts';
import { writeVectors } from '../../../src/io/formats/index.ts';
import { Rng } from '../../../src/util/rng.ts';
import { loadKeyedVectors } from '../../../src/vectors/load.ts';
import { runPythonJson, skipWithoutGensim } from '../../helpers/gensim.ts';
import { SHARED } from '../../../scripts/shared-dir.ts';

const EVAL = `${SHARED}/data/eval`;
const ANALOGIES = [join(EVAL, 'en/questions-words.txt'), join(EVAL, 'zh/ca_translated.txt')];
const PAIRS = [join(EVAL, 'en/wordsim353.tsv'), join(EVAL, 'en/simlex999.txt'), join(EVAL, 'en/EN-MEN-TR-3k.txt'), join(EVAL, 'zh/wordsim-240.txt')];
const DIM = 16;

const GENSIM_EVAL = `
import json, sys
from gensim.models import KeyedVectors
path = sys.argv[1]
analogies = sys.argv[3].split('|')
pairs = sys.argv[4].split('|')
kv = KeyedVectors.load_word2vec_format(path)
result = {}
for restrict in [int(r) for r in sys.argv[2].split('|')]:
  out = result[restrict] = {'analogies': [], 'pairs': []}
  for f in analogies:
    score, sections = kv.evaluate_word_analogies(f, restrict_vocab=restrict, case_insensitive=True)
    out['analogies'].append({'accuracy': score, 'sections': [{'name': s['section'], 'correct': len(s['correct']), 'total': len(s['correct']) + len(s['incorrect'])} for s in sections]})
  for f in pairs:
    p, s, oov = kv.evaluate_word_pairs(f, restrict_vocab=restrict, case_insensitive=True)
    out['pairs'].append({'pearson': float(p[0]), 'spearman': float(s[0]), 'oov': oov})
print(json.dumps(result))
`;

interface GensimEval {
  analogies: { accuracy: number; sections: { name: string; correct: number; total: number }[] }[];
  pairs: { pearson: number; spearman: number; oov: number }[];
}

const RESTRICTS = [300_000, 1500];
let vectorPath = '';
let reference: Record<string, GensimEval> = {};

beforeAll(async () => {
  const rng = new Rng(7);
  const words: string[] = [];
  const seen = new Set<string>();
  const add = (w: string): void => {
    if (w !== '' && !seen.has(w)) {
      seen.add(w);
      words.push(w);
    }
  };
  const questions: string[][] = [];
  for (const file of ANALOGIES) {
    for (const line of readFileSync(file, 'utf8').split(/\r?\n/)) {
      if (line.startsWith(':') || line.trim() === '') continue;
      const q = line.trim().split(/\s+/);
      questions.push(q);
      // skip some words entirely so there are OOV questions
      for (const w of q) if (rng.nextFloat() < 0.97) add(rng.nextFloat() < 0.3 ? w.toLowerCase() : w);
    }
  }
  for (const file of PAIRS) {
    for (const line of readFileSync(file, 'utf8').split(/\r?\n/)) {
      if (line.startsWith('#') || line.trim() === '') continue;
      for (const w of line.split('\t').slice(0, 2)) if (rng.nextFloat() < 0.95) add(w);
    }
  }
  // case variants after their originals: case-insensitive lookups must keep the first
  for (const w of words.slice(0, 300)) add(w.toUpperCase());
  // shuffle so restrict_vocab cuts across the sets
  for (let i = words.length - 1; i > 0; i--) {
    const j = rng.nextInt(i + 1);
    [words[i], words[j]] = [words[j]!, words[i]!];
  }
  const index = new Map(words.map((w, i) => [w, i]));
  const vectors = new Float32Array(words.length * DIM);
  for (let i = 0; i < vectors.length; i++) vectors[i] = rng.nextFloat() - 0.5;
  // plant exact offsets d = b - a + c for one question in five
  for (let k = 0; k < questions.length; k += 5) {
    const ids = questions[k]!.map((w) => index.get(w));
    if (ids.some((i) => i === undefined)) continue;
    const [a, b, c, d] = ids as number[];
    for (let j = 0; j < DIM; j++) vectors[d! * DIM + j] = vectors[b! * DIM + j]! - vectors[a! * DIM + j]! + vectors[c! * DIM + j]!;
  }
  const dir = await mkdtemp(join(tmpdir(), 'w2v-eval-'));
  vectorPath = join(dir, 'eval-words.txt');
  await writeVectors(vectorPath, words, vectors, DIM, 'text');
  if (!skipWithoutGensim()) reference = runPythonJson(GENSIM_EVAL, [vectorPath, RESTRICTS.join('|'), ANALOGIES.join('|'), PAIRS.join('|')]);
});

afterAll(async () => {
  if (vectorPath !== '') await rm(dirname(vectorPath), { recursive: true, force: true });
});

describe.skipIf(skipWithoutGensim())('evaluation matches gensim 4.2 to 4 decimals', () => {
  for (const restrict of RESTRICTS) {
    it(`analogies and word pairs with restrict_vocab=${restrict}`, async () => {
      const { kv } = await loadKeyedVectors(vectorPath);
      const ref = reference[restrict]!;
      for (let f = 0; f < ANALOGIES.length; f++) {
        const ours = await evaluateAnalogies(kv, ANALOGIES[f]!, { restrictVocab: restrict });
        const theirs = ref.analogies[f]!;
        expect(ours.correct).toBeGreaterThan(0);
        expect(ours.accuracy).toBeCloseTo(theirs.accuracy, 4);
        // gensim appends 'Total accuracy' as a last pseudo-section
        const sections = theirs.sections.slice(0, -1);
        expect(ours.sections.map((s) => [s.name, s.correct, s.total])).toEqual(sections.map((s) => [s.name, s.correct, s.total]));
        expect(ours.total).toBe(theirs.sections.at(-1)!.total);
      }
      for (let f = 0; f < PAIRS.length; f++) {
        const ours = await evaluatePairs(kv, PAIRS[f]!, { restrictVocab: restrict });
        const theirs = ref.pairs[f]!;
        expect(ours.pearson).toBeCloseTo(theirs.pearson, 4);
        expect(ours.spearman).toBeCloseTo(theirs.spearman, 4);
        expect(ours.oovRatio * 100).toBeCloseTo(theirs.oov, 4);
      }
    });
  }
});
