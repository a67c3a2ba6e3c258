// The Chinese subword case of subwords.test.ts, shared with scripts/calibrate-subwords-zh.ts: train skip-gram
// with character n-grams of 1-3 on nine tenths of 红楼梦 (every tenth line held back); the words of the held-back
// lines the model never saw (黛玉方, 贾蓉送, ...) get vectors from their n-grams, and those vectors must predict
// the words around them. Nearest-neighbour checks ("黛玉方 ranks 黛玉 among its 10 nearest") cannot tell a trained
// model from an untrained one: n-gram rows shared by surface forms make them close even when the rows are
// random (measured: untrained, the name ranks first for 127 of 140 such words; trained, in the top 10 for 10).
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCliCaptured } from '../helpers/run-cli-captured.ts';
import { resolveTokenizerOptions } from '../../src/options.ts';
import { createTokenizer } from '../../src/tokenize/index.ts';
import { Rng } from '../../src/util/rng.ts';
import type { ModelFolder } from '../../src/io/model-folder.ts';
import { KeyedVectors } from '../../src/vectors/keyed-vectors.ts';
import { composeVocabulary, SubwordVectors } from '../../src/vectors/subwords.ts';

export const HONGLOUMENG = fileURLToPath(new URL('../../corpora/hongloumeng.txt', import.meta.url));

/** The training options of the case (the seed is added per run). */
export const ZH_ARGS = ['--subwords', '--minn', '1', '--maxn', '3', '--bucket', '100000', '--model', 'sg', '--epochs', '3', '--dim', '64', '--window', '5', '--min-count', '3', '--workers', '1', '--quiet', '--overwrite'];

/** The nine tenths to train on and the held-back lines (every tenth). */
export async function splitNovel(dir: string): Promise<{ train: string; heldBack: string[] }> {
  const lines = (await readFile(HONGLOUMENG, 'utf8')).split('\n');
  const train = join(dir, 'hlm-train.txt');
  await writeFile(train, lines.filter((_, i) => i % 10 !== 9).join('\n'));
  return { train, heldBack: lines.filter((_, i) => i % 10 === 9) };
}

/**
 * How well the vectors of words the model never saw predict their context, as skip-gram does: for each unseen
 * token of the held-back lines, the dot product of its vector (composed from n-grams) with the output row of
 * each vocabulary word within 5 tokens, against the output rows of as many words drawn at random from the
 * vocabulary. Returns the AUC, P(true context > random word): 0.5 is chance (what vectors that carry no
 * meaning, such as the untrained ones, score), 1 perfect; and how many unseen tokens took part.
 */
export async function unseenContextAuc(kv: KeyedVectors, output: Float32Array, heldBack: readonly string[], seed = 1, maxTokens = 3000): Promise<{ auc: number; tokens: number }> {
  const tokenizer = await createTokenizer(resolveTokenizerOptions({ lang: 'zh' }));
  const rng = new Rng(seed);
  const dim = kv.dim;
  const dot = (v: Float32Array, row: number): number => {
    let x = 0;
    for (let j = 0; j < dim; j++) x += v[j]! * output[row * dim + j]!;
    return x;
  };
  let wins = 0;
  let pairs = 0;
  let tokens = 0;
  for (const line of heldBack) {
    const words = tokenizer.tokenize(line);
    for (let i = 0; i < words.length && tokens < maxTokens; i++) {
      if (kv.has(words[i]!)) continue;
      const vector = kv.vectorOf(words[i]!)?.vector;
      if (vector === undefined) throw new Error(`${words[i]} has no vector: the model has no subwords`);
      let used = false;
      for (let j = Math.max(0, i - 5); j <= Math.min(words.length - 1, i + 5); j++) {
        const c = kv.indexOf(words[j]!);
        if (j === i || c < 0) continue;
        const pos = dot(vector, c);
        const neg = dot(vector, rng.nextInt(kv.size));
        wins += pos > neg ? 1 : pos === neg ? 0.5 : 0;
        pairs++;
        used = true;
      }
      if (used) tokens++;
    }
  }
  return { auc: pairs === 0 ? Number.NaN : wins / pairs, tokens };
}

/** Trains the case with `seed` into `dir` through the CLI (in-process); returns the model folder. */
export async function trainZh(train: string, seed: number, dir: string, extra: readonly string[] = []): Promise<string> {
  const out = join(dir, `zh-${seed}`);
  const { code, stderr } = await runCliCaptured(['train', train, '-o', out, ...ZH_ARGS, ...extra, '--seed', String(seed)]);
  if (code !== 0) throw new Error(`w2v train failed (${code}): ${stderr}`);
  return out;
}

/** The model with its input rows (words' and n-grams') back at random: what vectors that learned nothing score. */
export function untrainedTwin(m: ModelFolder): KeyedVectors {
  const rng = new Rng(9);
  const d = m.meta.dim;
  const words = Float32Array.from(m.inputWords!, () => (rng.nextFloat() * 2 - 1) / d);
  const ngrams = Float32Array.from(m.ngrams!, () => (rng.nextFloat() * 2 - 1) / d);
  return new KeyedVectors(m.words, composeVocabulary(m.words, words, ngrams, m.meta.options, d), d, m.counts, new SubwordVectors(m.meta.options, d, ngrams));
}
