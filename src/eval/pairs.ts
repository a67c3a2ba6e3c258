// Word-pair similarity (WordSim-353, SimLex-999, MEN, wordsim-240, COS960): Pearson and Spearman between
// human scores and model cosines, with the share of pairs skipped as out-of-vocabulary. Follows gensim 4.2
// evaluate_word_pairs (restricted, case-folded vocabulary; OOV pairs excluded; Spearman with average ranks).
import { BadFileError } from '../errors.ts';
import type { KeyedVectors } from '../vectors/keyed-vectors.ts';
import { readTextFile } from '../io/text-file.ts';
import { dotRows } from '../vectors/similarity.ts';
import { evalVocab } from './analogies.ts';

/** Options of `evaluatePairs`. */
export interface PairEvalOptions {
  restrictVocab?: number | undefined;
  caseInsensitive?: boolean | undefined;
}

/** The result of one word-pair file. */
export interface PairResult {
  file: string;
  pearson: number;
  spearman: number;
  /** Pairs skipped as OOV / all valid pairs, a fraction 0-1 (gensim prints it as a percentage). */
  oovRatio: number;
  /** Pairs that were scored. */
  pairs: number;
  oov: number;
}

/**
 * Correlation of model cosines with the human scores in `path`. Lines are `w1 w2 score ...`, separated by
 * tabs (when the line has one) or spaces; `#` lines are comments; the score is the first number after the
 * two words, on any scale (COS960: `w1 w2 mean s1 ... s15`).
 */
export async function evaluatePairs(kv: KeyedVectors, path: string, options: PairEvalOptions = {}): Promise<PairResult> {
  const text = await readTextFile(path);
  const { n, ok, key } = evalVocab(kv, options);
  const unit = kv.unitMatrix();
  const gold: number[] = [];
  const model: number[] = [];
  let oov = 0;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '' || line.startsWith('#')) continue;
    const fields = (line.includes('\t') ? line.split('\t') : line.split(/ +/)).map((f) => f.trim()).filter((f) => f !== '');
    if (fields.length < 3) continue;
    const score = fields.slice(2).map(Number).find((x) => Number.isFinite(x));
    if (score === undefined) continue; // a header row such as "word1 word2 score"
    const ia = ok.get(key(fields[0]!));
    const ib = ok.get(key(fields[1]!));
    if (ia === undefined || ib === undefined) {
      oov++;
      continue;
    }
    gold.push(score);
    model.push(dotRows(unit, ia, ib, kv.dim));
  }
  if (gold.length === 0) {
    throw new BadFileError('E_INPUT', path, undefined, oov > 0 ? `all ${oov} pairs are out of the vocabulary (first ${n} words)` : 'no word pairs found; expected "word1<TAB>word2<TAB>score" lines');
  }
  return { file: path, pearson: pearson(gold, model), spearman: spearman(gold, model), oovRatio: oov / (gold.length + oov), pairs: gold.length, oov };
}

/** Pearson correlation (NaN when either side is constant). */
export function pearson(x: readonly number[], y: readonly number[]): number {
  const n = x.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i]!;
    my += y[i]!;
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i]! - mx;
    const dy = y[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxy / Math.sqrt(sxx * syy);
}

/** Spearman rank correlation: Pearson of the ranks, ties sharing their average rank (scipy spearmanr). */
export function spearman(x: readonly number[], y: readonly number[]): number {
  return pearson(averageRanks(x), averageRanks(y));
}

// --- internal ---

function averageRanks(values: readonly number[]): number[] {
  const order = values.map((_, i) => i).sort((a, b) => values[a]! - values[b]!);
  const ranks = new Array<number>(values.length);
  let i = 0;
  while (i < order.length) {
    let j = i;
    while (j + 1 < order.length && values[order[j + 1]!] === values[order[i]!]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[order[k]!] = rank;
    i = j + 1;
  }
  return ranks;
}
