// The quality cases of quality.test.ts, shared with scripts/calibrate-quality.ts: the training
// options of each case and the rank bound of each word pair (the calibration is written beside each bound).
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { readModelFolder } from '../../src/io/model-folder.ts';
import { KeyedVectors } from '../../src/vectors/keyed-vectors.ts';
import { runCli } from '../../src/cli/main.ts';

/** The Lee background corpus (300 news texts), as in gensim's model_sanity tests. */
export const LEE = fileURLToPath(new URL('../../corpora/lee_background.cor', import.meta.url));

/** Options every case shares; the seed is added per run. */
export const BASE = ['--workers', '1', '--window', '4', '--min-count', '5', '--quiet'];

/** A word pair and the worst rank of the second word among the first one's neighbours that passes. */
export interface PairBound {
  a: string;
  b: string;
  max: number;
}

/** One training configuration and its bounds. */
export interface QualityCase {
  name: string;
  args: string[];
  bounds: PairBound[];
}

/** What a failed training run printed and returned. */
export interface FailedRun {
  code: number;
  stderr: string;
}

/** A trained model's vectors and per-epoch loss, or the failed run. */
export type Trained = { ok: true; kv: KeyedVectors; loss: number[] } | { ok: false; run: FailedRun };

/** Trains one case with `seed` into `dir` through the CLI, as a user would. */
export async function trainCase(c: QualityCase, seed: number, dir: string): Promise<Trained> {
  const out = join(dir, `m-${seed}`);
  // in-process, as test/helpers/cli.ts does (that helper registers vitest hooks, which a script cannot load)
  let stderr = '';
  const code = await runCli(['train', LEE, '-o', out, ...BASE, '--seed', String(seed), ...c.args], {
    stdout: { write: () => undefined },
    stderr: {
      write: (s: string) => {
        stderr += s;
      },
      isTTY: false,
      columns: 100,
    },
    stdin: Readable.from([]),
    env: { NO_COLOR: '1' },
  });
  if (code !== 0 || stderr !== '') return { ok: false, run: { code, stderr } };
  const model = await readModelFolder(out);
  return { ok: true, kv: new KeyedVectors(model.words, model.vectors, model.meta.dim), loss: model.meta.lossPerEpoch };
}

/** The cases, each with its bounds and how they were calibrated. */
export const QUALITY_CASES: QualityCase[] = [
  {
    name: 'sg ns',
    args: ['--model', 'sg', '--loss', 'ns', '--dim', '50', '--epochs', '10'],
    bounds: [
      { a: 'president', b: 'bush', max: 10 },
      { a: 'israeli', b: 'palestinian', max: 50 },
      { a: 'afghanistan', b: 'taliban', max: 120 },
    ],
  },
  {
    name: 'sg hs',
    args: ['--model', 'sg', '--loss', 'hs', '--dim', '50', '--epochs', '5'],
    bounds: [
      { a: 'president', b: 'bush', max: 10 },
      { a: 'israeli', b: 'palestinian', max: 50 },
      { a: 'afghanistan', b: 'taliban', max: 60 },
    ],
  },
  {
    name: 'cbow softmax',
    args: ['--model', 'cbow', '--loss', 'softmax', '--dim', '16', '--epochs', '8', '--alpha', '0.05'],
    bounds: [
      { a: 'president', b: 'bush', max: 15 },
      { a: 'israeli', b: 'palestinian', max: 30 },
      { a: 'afghanistan', b: 'taliban', max: 30 },
    ],
  },
  {
    name: 'cbow ns',
    args: ['--model', 'cbow', '--loss', 'ns', '--dim', '50', '--epochs', '10', '--alpha', '0.05'],
    bounds: [
      { a: 'president', b: 'bush', max: 330 },
      { a: 'israeli', b: 'palestinian', max: 260 },
      { a: 'afghanistan', b: 'taliban', max: 230 },
    ],
  },
];
